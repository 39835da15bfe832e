// Package election reads the election file: the election's ID and title,
// how to read its roll, and who may vote.
package election

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/ballotpack/ballotpack/internal/suggest"
	"io"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

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

	// Mail is how packs are split into mail streams, with each stream's
	// postage, reply envelope and wording (mail.go).
	Mail Mail
	// Mailmark is the Royal Mail Mailmark barcode's settings, or nil for
	// none (mailmark.go).
	Mailmark *Mailmark
	// Contact is how members reach the returning officer (contact.go).
	Contact Contact
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
	Contact                     string // the returning officer's contact details in words (Contact.Text)
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
	Mail     fileMail      `yaml:"mail"`     // mail.go
	Mailmark *fileMailmark `yaml:"mailmark"` // mailmark.go
	Contact  fileContact   `yaml:"contact"`
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

// Errors are every mistake found in an election file, in file order: those
// with a line by line, then those of settings that are missing. Parse
// returns one mistake as an *Error and several as Errors.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d mistakes in %s:", len(es), es[0].Source)
	for _, e := range es {
		b.WriteString("\n    " + e.Error())
	}
	return b.String()
}

// Unwrap returns each mistake, for errors.As.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// A checker collects the mistakes in one election file.
type checker struct {
	source string
	stored bool // the register's copy (ParseStored)
	pos    *positions
	failed []string // settings the decoder could not read: nothing more is said of them
	errs   []*Error
}

// bad records a mistake in setting, at the setting's line when it is in
// the file.
func (c *checker) bad(setting, msg string) {
	c.badAt(c.pos.line[setting], setting, msg)
}

func (c *checker) badAt(line int, setting, msg string) {
	for _, f := range c.failed {
		if within(setting, f) {
			return // already reported as unreadable
		}
	}
	c.errs = append(c.errs, &Error{Source: c.source, Line: line, Setting: setting, Msg: msg})
}

// err is every mistake recorded, in file order: nil, an *Error or Errors.
func (c *checker) err() error {
	slices.SortStableFunc(c.errs, func(a, b *Error) int {
		if (a.Line == 0) != (b.Line == 0) {
			return cmp.Compare(b.Line, a.Line) // those without a line last
		}
		return cmp.Compare(a.Line, b.Line)
	})
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0]
	}
	return Errors(c.errs)
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

var (
	typeError    = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)`)
	cannot       = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	syntaxLine   = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// settingNames are the settings of each mapping of an election file, by the
// Go type it is read into, as the YAML decoder's errors name it.
var settingNames = sync.OnceValue(func() map[string][]string {
	names := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || names[t.String()] != nil {
			return
		}
		names[t.String()] = []string{}
		for f := range t.Fields() {
			if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
				names[t.String()] = append(names[t.String()], name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[file]())
	return names
})

// Parse checks an election file's contents; source names it in errors.
// Every mistake found is reported, each with its setting and line.
func Parse(source string, b []byte) (*Election, error) { return parseFile(source, b, false) }

func parseFile(source string, b []byte, stored bool) (*Election, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := syntaxLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, &Error{Source: source, Line: line, Msg: msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{Source: source, Msg: "the file is empty"}
	}
	c := &checker{source: source, stored: stored, pos: findPositions(&doc)}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, &Error{Source: source, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
		}
		// The decoder goes on past these, filling in what it can.
		for _, msg := range te.Errors {
			m := typeError.FindStringSubmatch(msg)
			if m == nil {
				c.errs = append(c.errs, &Error{Source: source, Msg: msg})
				continue
			}
			line, _ := strconv.Atoi(m[1])
			setting := c.pos.at[line]
			msg = m[2]
			failed := setting
			switch {
			case unknownField.MatchString(msg):
				u := unknownField.FindStringSubmatch(msg)
				msg = "unknown setting (check its spelling and indentation against 'ballotpack init')"
				if s, ok := suggest.Closest(u[1], settingNames()[u[2]]); ok {
					msg = "unknown setting: did you mean " + s + "? (check its spelling and indentation against 'ballotpack init')"
				}
			case cannot.MatchString(msg):
				u := cannot.FindStringSubmatch(msg)
				msg = cannotMsg(u[1], u[2], u[3])
			case strings.Contains(msg, "already defined at line"):
				// The decoder reads nothing of a mapping with a key twice.
				failed = setting[:max(strings.LastIndexAny(setting, ".["), 0)]
			}
			c.badAt(line, setting, msg)
			c.failed = append(c.failed, failed)
		}
	}
	sum := sha256.Sum256(b)
	e := &Election{Source: source, SHA256: hex.EncodeToString(sum[:]), raw: bytes.Clone(b), ID: f.ID, Title: f.Title, Organisation: f.Organisation,
		ReturnAddress: f.ReturnAddress, VotingURL: f.VotingURL, Policy: Policy(f.Policy),
		Envelope: Envelope(strings.ToUpper(f.Envelope)), BatchSize: f.BatchSize,
		Fonts: Fonts{f.Fonts.Regular, f.Fonts.Bold, f.Fonts.Mono}, ExcludedStatuses: f.Eligibility.ExcludedStatuses}
	if f.ID == "" {
		c.bad("id", "missing: every election needs an ID, bound into its codes")
	} else if err := codes.CheckElectionID(f.ID); err != nil {
		c.bad("id", err.Error())
	}
	if f.Title == "" {
		c.bad("title", "missing: the title goes on every letter and ballot paper")
	}
	if f.Organisation == "" {
		c.bad("organisation", "missing: the letter is from the organisation")
	}
	if len(f.ReturnAddress) == 0 {
		c.bad("return_address", "missing: the letter needs a return address")
	}
	var errLetter, errDeadline error
	if e.LetterDate, errLetter = parseTime(f.LetterDate, "2006-01-02"); errLetter != nil {
		c.bad("letter_date", errLetter.Error())
	}
	if e.Deadline, errDeadline = parseTime(f.Deadline, "2006-01-02 15:04"); errDeadline != nil {
		c.bad("deadline", errDeadline.Error())
	}
	// The deadline is checked against the letters' date, not the clock:
	// the file is read again at the count, after the deadline.
	if errLetter == nil && errDeadline == nil && !e.Deadline.After(e.LetterDate) {
		c.bad("deadline", fmt.Sprintf("%s is not after letter_date (%s): the letters would tell members to vote by a time already past on the day they are dated",
			f.Deadline, f.LetterDate))
	}
	u, err := url.Parse(f.VotingURL)
	switch {
	case f.VotingURL == "":
		c.bad("voting_url", "missing: the letter tells members where to vote online")
	case err != nil || u.Host == "":
		c.bad("voting_url", fmt.Sprintf("%q is not a web address", f.VotingURL))
	case u.Scheme != "https":
		c.bad("voting_url", fmt.Sprintf("%q must start with https://, so that codes travel encrypted", f.VotingURL))
	case u.RawQuery != "" || u.Fragment != "":
		c.bad("voting_url", "must not have a query (?…) or fragment (#…): ballotpack adds the codes after it")
	}
	switch e.Policy {
	case Disqualify, FirstWins, LastWins:
	case "":
		c.bad("policy", "missing: say what happens to a member who votes twice: disqualify, first-wins or last-wins")
	default:
		c.bad("policy", fmt.Sprintf("%q is not one of disqualify, first-wins, last-wins", f.Policy))
	}
	if len(f.Candidates) == 0 {
		c.bad("candidates", "missing: the ballot paper needs at least one candidate")
	}
	if len(f.Candidates) > MaxCandidates {
		c.bad("candidates", fmt.Sprintf("there are %d, but the ballot paper holds %d", len(f.Candidates), MaxCandidates))
	}
	seen := map[string]int{} // a candidate's name, folded → its number
	for i, cand := range f.Candidates {
		setting := fmt.Sprintf("candidates[%d]", i+1)
		line := c.pos.line[setting]
		name := sameName(cand.Name)
		switch first, again := seen[name]; {
		case name == "":
			c.badAt(line, setting+".name", "missing")
		case again:
			was := fmt.Sprintf("candidates[%d]", first)
			c.badAt(line, setting+".name", fmt.Sprintf("%q is the name of %s too (line %d): a candidate stands once on the ballot paper",
				strings.TrimSpace(cand.Name), was, c.pos.line[was]))
		default:
			seen[name] = i + 1
		}
		e.Candidates = append(e.Candidates, Candidate{Name: cand.Name, Description: cand.Description})
	}
	switch e.Envelope {
	case "":
		e.Envelope = DL
	case DL, C5:
	default:
		c.bad("envelope", fmt.Sprintf("%q is not DL or C5", f.Envelope))
	}
	switch {
	case e.BatchSize == 0:
		e.BatchSize = 1000
	case e.BatchSize < 1 || e.BatchSize > 100_000:
		c.bad("batch_size", "must be between 1 and 100000")
	}
	e.parseWording(c, f.Wording)
	e.parseMail(c, f.Mail)
	e.parseMailmark(c, f.Mailmark)
	e.loadFonts(c)
	e.parseContact(c, f.Contact)
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
				c.bad("columns."+k, err.Error())
				continue
			}
			if strings.TrimSpace(v) == "" {
				c.bad("columns."+k, "the column heading is empty")
				continue
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
			c.bad("eligibility.joined_before", fmt.Sprintf("%q is not a date written YYYY-MM-DD", s))
		}
		e.JoinedBefore = t
	}
	for i, s := range e.ExcludedStatuses {
		if strings.TrimSpace(s) == "" {
			setting := fmt.Sprintf("eligibility.excluded_statuses[%d]", i+1)
			c.badAt(c.pos.line[setting], "eligibility.excluded_statuses", "a status is empty")
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return e, nil
}

// sameName is what two names that read the same have in common: spaces
// trimmed and run together, Unicode compatibility forms and case folded
// ("Siân  Gwŷn" with a combining circumflex, "SIÂN GWŶN").
func sameName(s string) string {
	return cases.Fold().String(norm.NFKC.String(strings.Join(strings.Fields(s), " ")))
}

// cannotMsg says in words what the decoder's "cannot unmarshal !!tag
// `value` into type" means.
func cannotMsg(tag, value, into string) string {
	want := "text"
	switch {
	case strings.HasPrefix(into, "[]"):
		want = "a list (lines starting with -, or [a, b])"
	case strings.HasPrefix(into, "map[") || strings.HasPrefix(into, "election."):
		want = "settings (name: value lines)"
	case into == "int":
		want = "a whole number"
	case into == "bool":
		want = "true or false"
	}
	got := map[string]string{"seq": "a list", "map": "settings (name: value lines)", "str": "text", "int": "a number",
		"float": "a number", "bool": "true or false", "null": "empty", "timestamp": "a date"}[tag]
	if got == "" {
		got = "!!" + tag
	}
	if value != "" {
		got = fmt.Sprintf("%q", value)
	}
	return fmt.Sprintf("should be %s, not %s", want, got)
}

// loadFonts reads the TrueType files the election names, relative to the
// election file's folder, and checks they can print what a pack needs.
func (e *Election) loadFonts(c *checker) {
	e.FontSet, e.Coverage, e.Measurer = layout.GoFonts, layout.DefaultCoverage, layout.DefaultMeasurer
	if e.Fonts == (Fonts{}) {
		return
	}
	ok := true
	load := func(setting, name string, dflt []byte) []byte {
		if name == "" {
			return dflt
		}
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(c.source), name)
		}
		// A FIFO or a device (/dev/zero) is refused before it is read.
		b, err := infile.ReadFile(name, MaxFontBytes)
		if err == nil {
			_, err = sfnt.Parse(b)
			if err != nil {
				err = fmt.Errorf("%s is not a TrueType font (%v)", name, err)
			}
		}
		if err != nil {
			c.bad(setting, err.Error())
			ok = false
			return nil
		}
		return b
	}
	fs := layout.FontSet{
		Regular: load("fonts.regular", e.Fonts.Regular, layout.Regular),
		Bold:    load("fonts.bold", e.Fonts.Bold, layout.Bold),
		Mono:    load("fonts.mono", e.Fonts.Mono, layout.Mono),
	}
	if fs.Mono != nil {
		cov := layout.NewCoverage(fs.Mono)
		for _, r := range codes.Alphabet + "-" {
			if !cov.Covers(r) {
				c.bad("fonts.mono", fmt.Sprintf("the font has no %q, which codes use", r))
				ok = false
				break
			}
		}
	}
	if fs.Regular == nil {
		return
	}
	m, err := layout.NewMeasurer(fs.Regular)
	if err != nil {
		c.bad("fonts.regular", err.Error())
		return
	}
	if ok {
		e.FontSet, e.Coverage, e.Measurer = fs, layout.NewCoverage(fs.Regular, fs.Bold), m
	}
}

// ukTime is the time zone of deadlines (the zone database is built in).
var ukTime = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// parseTime reads s, written as layout, as a UK date and time, refusing
// one that the clocks skip or repeat.
func parseTime(s, layout string) (time.Time, error) {
	written := strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD", "15", "HH", "04", "MM").Replace(layout)
	if s == "" {
		return time.Time{}, fmt.Errorf("missing (write it %s)", written)
	}
	wall, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not written %s", s, written)
	}
	t, err := inLocation(wall, ukTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %w", s, err)
	}
	return t, nil
}

// parseWording parses each text, falling back to the default election's
// wording for texts the file leaves out, checks that running it is bounded
// (see MaxSteps), and tries each on sample fields so that a misspelt field
// is caught now, not in the middle of a run.
func (e *Election) parseWording(c *checker, texts map[string]string) {
	for k := range texts {
		if !slices.Contains(wordingKeys, k) {
			c.bad("wording."+k, "unknown text (known: "+strings.Join(wordingKeys, ", ")+")")
		}
	}
	sample := e.SampleFields()
	for _, k := range wordingKeys {
		text, ok := texts[k]
		if !ok {
			text = defaultWording()[k]
		}
		t, err := parseText(k, text)
		if err == nil {
			err = Execute(io.Discard, t, sample)
		}
		if err != nil {
			c.bad("wording."+k, strings.TrimPrefix(err.Error(), "template: "))
			continue
		}
		*e.Wording.slot(k) = t
	}
}

// Bytes returns the election file's exact bytes.
func (e *Election) Bytes() []byte { return bytes.Clone(e.raw) }

// SampleFields are fields for a made-up member, for proofs and checks.
func (e *Election) SampleFields() Fields {
	return Fields{Title: e.Title, Organisation: e.Organisation, Name: "Ms Sample Member", Forename: "Sample", Surname: "Member",
		MembershipNumber: "0000000", VotingURL: e.VotingURL, Deadline: e.DeadlineText(), Policy: string(e.Policy), Candidates: len(e.Candidates),
		Contact: e.Contact.Text()}
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
	return roll.Options{Columns: e.Columns, AddressColumns: e.AddressColumns, JoinedBefore: e.JoinedBefore, ExcludedStatuses: e.ExcludedStatuses, Coverage: e.Coverage, Measure: e.Measurer,
		Window: e.Window()}
}
