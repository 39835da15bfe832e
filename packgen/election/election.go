// Package election reads the election file: the election's ID and title,
// how to read its roll, and who may vote.
package election

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/image/font/sfnt"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/infile"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
	"github.com/ballotpack/ballotpack/templates"
)

// An Election is a checked election file.
type Election struct {
	Source        string // the file it came from, or "default election" for the embedded one
	SHA256        string // of the file's bytes, hex: identifies the exact wording in manifests
	raw           []byte
	ID            string
	Title         string
	Organisation  string
	ReturnAddress []string
	LetterDate    time.Time // printed on letters; also the PDFs' date
	VotingURL     string    // https
	Deadline      time.Time // UK time
	Policy        Policy
	Candidates    []Candidate
	Envelope      Envelope
	BatchSize     int
	Fonts         Fonts          // the file names, as written
	FontSet       layout.FontSet // the faces: the named files, or the embedded Go fonts
	Coverage      *layout.Coverage
	Measurer      *layout.Measurer
	Wording       Wording

	// Columns maps fields to roll column headings the reader would not
	// recognise by itself.
	Columns          map[roll.Field]string
	AddressColumns   []string  // address, address1 … address5, in that order
	JoinedBefore     time.Time // zero: no join-date rule
	ExcludedStatuses []string
}

// A Candidate is one line of the ballot paper.
type Candidate struct {
	Name        string
	Description string // optional, one line
}

// Policy is what happens to a member who votes more than once.
type Policy string

const (
	Disqualify Policy = "disqualify" // none of their votes count
	FirstWins  Policy = "first-wins" // only the first vote received counts
	LastWins   Policy = "last-wins"  // a later vote replaces an earlier one
)

// Envelope is the window envelope the letter goes in.
type Envelope string

const (
	DL Envelope = "DL"
	C5 Envelope = "C5"
)

// Fonts name TrueType files to use instead of the embedded Go fonts; an
// empty name keeps the embedded face.
type Fonts struct {
	Regular, Bold, Mono string
}

// Wording holds the election's texts, parsed. Each executes with Fields.
type Wording struct {
	Greeting, Introduction, Online, Postal, Deadline, Rule, Closing *template.Template
	BallotInstruction, BallotReturn                                 *template.Template
}

// Fields are what the wording's templates may use.
type Fields struct {
	Title, Organisation         string
	Name, Forename, Surname     string
	MembershipNumber            string
	VotingURL, Deadline, Policy string
	Candidates                  int
	Replacement                 bool
}

// file is the YAML layout of an election file.
type file struct {
	ID            string            `yaml:"id"`
	Title         string            `yaml:"title"`
	Organisation  string            `yaml:"organisation"`
	ReturnAddress []string          `yaml:"return_address"`
	LetterDate    string            `yaml:"letter_date"`
	VotingURL     string            `yaml:"voting_url"`
	Deadline      string            `yaml:"deadline"`
	Policy        string            `yaml:"policy"`
	Candidates    []fileCandidate   `yaml:"candidates"`
	Envelope      string            `yaml:"envelope"`
	BatchSize     int               `yaml:"batch_size"`
	Fonts         fileFonts         `yaml:"fonts"`
	Wording       map[string]string `yaml:"wording"`
	Columns       map[string]string `yaml:"columns"`
	Eligibility   struct {
		JoinedBefore     string   `yaml:"joined_before"`
		ExcludedStatuses []string `yaml:"excluded_statuses"`
	} `yaml:"eligibility"`
}

type fileCandidate struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

type fileFonts struct {
	Regular string `yaml:"regular"`
	Bold    string `yaml:"bold"`
	Mono    string `yaml:"mono"`
}

// wordingKeys are the texts of the wording section, in order.
var wordingKeys = []string{"greeting", "introduction", "online", "postal", "deadline", "rule", "closing", "ballot_instruction", "ballot_return"}

func (w *Wording) slot(key string) **template.Template {
	return map[string]**template.Template{
		"greeting": &w.Greeting, "introduction": &w.Introduction, "online": &w.Online, "postal": &w.Postal,
		"deadline": &w.Deadline, "rule": &w.Rule, "closing": &w.Closing,
		"ballot_instruction": &w.BallotInstruction, "ballot_return": &w.BallotReturn,
	}[key]
}

// MaxCandidates is how many candidates fit on the ballot paper.
const MaxCandidates = 12

// An Error says what is wrong with an election file, naming the setting
// and, where known, the line.
type Error struct {
	Source  string
	Line    int
	Setting string
	Msg     string
}

func (e *Error) Error() string {
	s := e.Source
	if e.Line > 0 {
		s += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Setting != "" {
		s += fmt.Sprintf(", %s", e.Setting)
	}
	return s + ": " + e.Msg
}

// Default returns the embedded default election.
func Default() *Election {
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		panic(err)
	}
	e, err := Parse("default election", b)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return e
}

// Limits on the files an election reads. An election file is a few KB (the
// default one 5 KB). Fonts: DejaVu Sans and Noto Sans are under 1 MB, and
// the largest TrueType fonts with Chinese, Japanese and Korean (Arial
// Unicode MS, 23 MB) fit under MaxFontBytes; each document being rendered
// holds its own copy of each font, so a larger one would cost memory per
// batch worker for no font anyone uses.
const (
	MaxFileBytes = 1 << 20
	MaxFontBytes = 32 << 20
)

// Load reads and checks the election file at path: a regular file of at
// most MaxFileBytes.
func Load(path string) (*Election, error) {
	b, err := infile.ReadFile(path, MaxFileBytes)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}

var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type`)

// Parse checks an election file's contents; source names it in errors.
func Parse(source string, b []byte) (*Election, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Source: source, Msg: "the file is empty"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg := te.Errors[0]
			if m := unknownField.FindStringSubmatch(msg); m != nil {
				var line int
				fmt.Sscan(m[1], &line)
				return nil, &Error{Source: source, Line: line, Setting: m[2], Msg: "unknown setting (check its spelling and indentation against 'ballotpack init')"}
			}
			return nil, &Error{Source: source, Msg: msg}
		}
		return nil, &Error{Source: source, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	bad := func(setting, msg string) error { return &Error{Source: source, Setting: setting, Msg: msg} }
	sum := sha256.Sum256(b)
	e := &Election{Source: source, SHA256: hex.EncodeToString(sum[:]), raw: bytes.Clone(b), ID: f.ID, Title: f.Title, Organisation: f.Organisation,
		ReturnAddress: f.ReturnAddress, VotingURL: f.VotingURL, Policy: Policy(f.Policy),
		Envelope: Envelope(strings.ToUpper(f.Envelope)), BatchSize: f.BatchSize,
		Fonts: Fonts{f.Fonts.Regular, f.Fonts.Bold, f.Fonts.Mono}, ExcludedStatuses: f.Eligibility.ExcludedStatuses}
	if f.ID == "" {
		return nil, bad("id", "missing: every election needs an ID, bound into its codes")
	}
	if err := codes.CheckElectionID(f.ID); err != nil {
		return nil, bad("id", err.Error())
	}
	if f.Title == "" {
		return nil, bad("title", "missing: the title goes on every letter and ballot paper")
	}
	if f.Organisation == "" {
		return nil, bad("organisation", "missing: the letter is from the organisation")
	}
	if len(f.ReturnAddress) == 0 {
		return nil, bad("return_address", "missing: the letter needs a return address")
	}
	var err error
	if e.LetterDate, err = parseTime(f.LetterDate, "2006-01-02"); err != nil {
		return nil, bad("letter_date", err.Error())
	}
	if e.Deadline, err = parseTime(f.Deadline, "2006-01-02 15:04"); err != nil {
		return nil, bad("deadline", err.Error())
	}
	if !e.Deadline.After(e.LetterDate) {
		return nil, bad("deadline", "is not after letter_date")
	}
	u, err := url.Parse(f.VotingURL)
	switch {
	case f.VotingURL == "":
		return nil, bad("voting_url", "missing: the letter tells members where to vote online")
	case err != nil || u.Host == "":
		return nil, bad("voting_url", fmt.Sprintf("%q is not a web address", f.VotingURL))
	case u.Scheme != "https":
		return nil, bad("voting_url", fmt.Sprintf("%q must start with https://, so that codes travel encrypted", f.VotingURL))
	case u.RawQuery != "" || u.Fragment != "":
		return nil, bad("voting_url", "must not have a query (?…) or fragment (#…): ballotpack adds the codes after it")
	}
	switch e.Policy {
	case Disqualify, FirstWins, LastWins:
	case "":
		return nil, bad("policy", "missing: say what happens to a member who votes twice: disqualify, first-wins or last-wins")
	default:
		return nil, bad("policy", fmt.Sprintf("%q is not one of disqualify, first-wins, last-wins", f.Policy))
	}
	if len(f.Candidates) == 0 {
		return nil, bad("candidates", "missing: the ballot paper needs at least one candidate")
	}
	if len(f.Candidates) > MaxCandidates {
		return nil, bad("candidates", fmt.Sprintf("there are %d, but the ballot paper holds %d", len(f.Candidates), MaxCandidates))
	}
	for i, c := range f.Candidates {
		if strings.TrimSpace(c.Name) == "" {
			return nil, bad(fmt.Sprintf("candidates[%d].name", i+1), "missing")
		}
		e.Candidates = append(e.Candidates, Candidate{Name: c.Name, Description: c.Description})
	}
	switch e.Envelope {
	case "":
		e.Envelope = DL
	case DL, C5:
	default:
		return nil, bad("envelope", fmt.Sprintf("%q is not DL or C5", f.Envelope))
	}
	switch {
	case e.BatchSize == 0:
		e.BatchSize = 1000
	case e.BatchSize < 1 || e.BatchSize > 100_000:
		return nil, bad("batch_size", "must be between 1 and 100000")
	}
	if err := e.parseWording(source, f.Wording); err != nil {
		return nil, err
	}
	if err := e.loadFonts(source); err != nil {
		return nil, err
	}
	if len(f.Columns) > 0 {
		e.Columns = map[roll.Field]string{}
		keys := make([]string, 0, len(f.Columns))
		for k := range f.Columns {
			keys = append(keys, k)
		}
		slices.Sort(keys) // address, address1, address2 … in order
		for _, k := range keys {
			v := f.Columns[k]
			field, err := roll.ParseField(k)
			if err != nil {
				return nil, bad("columns."+k, err.Error())
			}
			if strings.TrimSpace(v) == "" {
				return nil, bad("columns."+k, "the column heading is empty")
			}
			if field == roll.FieldAddress {
				e.AddressColumns = append(e.AddressColumns, v)
				continue
			}
			e.Columns[field] = v
		}
	}
	if s := f.Eligibility.JoinedBefore; s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, bad("eligibility.joined_before", fmt.Sprintf("%q is not a date written YYYY-MM-DD", s))
		}
		e.JoinedBefore = t
	}
	for _, s := range e.ExcludedStatuses {
		if strings.TrimSpace(s) == "" {
			return nil, bad("eligibility.excluded_statuses", "a status is empty")
		}
	}
	return e, nil
}

// loadFonts reads the TrueType files the election names, relative to the
// election file's folder, and checks they can print what a pack needs.
func (e *Election) loadFonts(source string) error {
	e.FontSet, e.Coverage, e.Measurer = layout.GoFonts, layout.DefaultCoverage, layout.DefaultMeasurer
	if e.Fonts == (Fonts{}) {
		return nil
	}
	load := func(setting, name string, dflt []byte) ([]byte, error) {
		if name == "" {
			return dflt, nil
		}
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(source), name)
		}
		// A FIFO or a device (/dev/zero) is refused before it is read.
		b, err := infile.ReadFile(name, MaxFontBytes)
		if err != nil {
			return nil, &Error{Source: source, Setting: setting, Msg: err.Error()}
		}
		if _, err := sfnt.Parse(b); err != nil {
			return nil, &Error{Source: source, Setting: setting, Msg: fmt.Sprintf("%s is not a TrueType font (%v)", name, err)}
		}
		return b, nil
	}
	var err error
	fs := layout.FontSet{}
	if fs.Regular, err = load("fonts.regular", e.Fonts.Regular, layout.Regular); err != nil {
		return err
	}
	if fs.Bold, err = load("fonts.bold", e.Fonts.Bold, layout.Bold); err != nil {
		return err
	}
	if fs.Mono, err = load("fonts.mono", e.Fonts.Mono, layout.Mono); err != nil {
		return err
	}
	for _, r := range codes.Alphabet + "-" {
		if !layout.NewCoverage(fs.Mono).Covers(r) {
			return &Error{Source: source, Setting: "fonts.mono", Msg: fmt.Sprintf("the font has no %q, which codes use", r)}
		}
	}
	m, err := layout.NewMeasurer(fs.Regular)
	if err != nil {
		return &Error{Source: source, Setting: "fonts.regular", Msg: err.Error()}
	}
	e.FontSet, e.Coverage, e.Measurer = fs, layout.NewCoverage(fs.Regular, fs.Bold), m
	return nil
}

// ukTime is the time zone of deadlines.
var ukTime = func() *time.Location {
	if l, err := time.LoadLocation("Europe/London"); err == nil {
		return l
	}
	return time.UTC
}()

func parseTime(s, layout string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("missing (write it %s)", strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD", "15", "HH", "04", "MM").Replace(layout))
	}
	t, err := time.ParseInLocation(layout, s, ukTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not written %s", s, strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD", "15", "HH", "04", "MM").Replace(layout))
	}
	return t, nil
}

// parseWording parses each text, falling back to the default election's
// wording for texts the file leaves out, and tries each on sample fields so
// that a misspelt field is caught now, not in the middle of a run.
func (e *Election) parseWording(source string, texts map[string]string) error {
	for k := range texts {
		if !slices.Contains(wordingKeys, k) {
			return &Error{Source: source, Setting: "wording." + k, Msg: "unknown text (known: " + strings.Join(wordingKeys, ", ") + ")"}
		}
	}
	sample := e.SampleFields()
	for _, k := range wordingKeys {
		text, ok := texts[k]
		if !ok {
			text = defaultWording()[k]
		}
		t, err := template.New(k).Option("missingkey=error").Parse(text)
		if err == nil {
			err = t.Execute(io.Discard, sample)
		}
		if err != nil {
			return &Error{Source: source, Setting: "wording." + k, Msg: strings.TrimPrefix(err.Error(), "template: ")}
		}
		*e.Wording.slot(k) = t
	}
	return nil
}

// Bytes returns the election file's exact bytes.
func (e *Election) Bytes() []byte { return bytes.Clone(e.raw) }

// SampleFields are fields for a made-up member, for proofs and checks.
func (e *Election) SampleFields() Fields {
	return Fields{Title: e.Title, Organisation: e.Organisation, Name: "Ms Sample Member", Forename: "Sample", Surname: "Member",
		MembershipNumber: "0000000", VotingURL: e.VotingURL, Deadline: e.DeadlineText(), Policy: string(e.Policy), Candidates: len(e.Candidates)}
}

// DeadlineText is the deadline in words: "5pm on Friday 30 October 2026".
func (e *Election) DeadlineText() string {
	d := e.Deadline
	hour := d.Format("3:04pm")
	hour = strings.Replace(hour, ":00", "", 1)
	if d.Hour() == 12 && d.Minute() == 0 {
		hour = "noon"
	}
	return hour + " on " + d.Format("Monday 2 January 2006")
}

var defaultWording = sync.OnceValue(func() map[string]string {
	var f file
	b, _ := templates.FS.ReadFile(templates.DefaultElection)
	if err := yaml.Unmarshal(b, &f); err != nil {
		panic(err)
	}
	return f.Wording
})

// RollOptions are the roll reader's options this election asks for.
func (e *Election) RollOptions() roll.Options {
	return roll.Options{Columns: e.Columns, AddressColumns: e.AddressColumns, JoinedBefore: e.JoinedBefore, ExcludedStatuses: e.ExcludedStatuses, Coverage: e.Coverage, Measure: e.Measurer}
}
