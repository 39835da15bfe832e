// Package roll reads a membership roll (xlsx or CSV, as CRMs export them),
// finds its columns, and checks every row: each row ends as a Member, as a
// rejected row with the reasons, or as an ineligible one; warnings flag what
// a person should look at. Nothing is dropped silently: the counts in a
// Result always add up.
package roll

import (
	"errors"
	"fmt"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"strings"
	"time"
)

// A Member is one accepted row of the roll, trimmed and normalised.
type Member struct {
	Row        int    // the row in the file, as a spreadsheet shows it
	ID         string // the membership number, as text: leading zeros kept
	Title      string
	Forename   string
	Surname    string // or the whole name, when the roll has one name column
	Address    []string
	Town       string // as written; printed in capitals
	County     string
	Postcode   string // UK: normalised ("SW1A 1AA", "BFPO 1234"); abroad: as written
	Country    string // empty for the UK; otherwise as written
	Email      string
	Joined     time.Time // zero when the roll gives none
	Status     string
	LargePrint bool
}

// Overseas reports whether the member lives outside the UK.
func (m *Member) Overseas() bool { return m.Country != "" }

// Name is the member's name as it goes on an envelope: title, forename and
// surname, with empty parts left out.
func (m *Member) Name() string {
	s := ""
	for _, part := range []string{m.Title, m.Forename, m.Surname} {
		if part == "" {
			continue
		}
		if s != "" {
			s += " "
		}
		s += part
	}
	return s
}

// WindowLines are the lines of the member's address as printed in the
// envelope window, Royal Mail style: name, address lines, post town in
// capitals, postcode alone on the last line. Abroad, after the address
// lines, town, state or county and postcode in the order of the country's
// post (United States "SPRINGFIELD IL 62704", France "75011 PARIS",
// Ireland the Eircode alone), and last the country's one English name in
// capitals ("USA" and "U.S.A." are "UNITED STATES"): see countries.go.
func (m *Member) WindowLines() []string {
	lines := []string{m.Name()}
	lines = append(lines, m.Address...)
	if m.Overseas() {
		for _, l := range m.abroadLines() {
			lines = append(lines, l.text)
		}
		return lines
	}
	if m.Town != "" {
		lines = append(lines, strings.ToUpper(m.Town))
	}
	return append(lines, m.Postcode)
}

// Severity says what a Problem does to its row.
type Severity uint8

const (
	// Reject: the row gets no pack until it is fixed.
	Reject Severity = iota + 1
	// Ineligible: the row is a member the election's rules leave out.
	Ineligible
	// Warning: the row gets a pack, but a person should look at it.
	Warning
)

func (s Severity) String() string {
	switch s {
	case Reject:
		return "rejected"
	case Ineligible:
		return "ineligible"
	case Warning:
		return "warning"
	}
	return fmt.Sprintf("roll.Severity(%d)", uint8(s))
}

// A Problem is one thing wrong with one row (or, with Row 0, with the file).
type Problem struct {
	Row      int
	MemberID string // the row's membership number as written, if it has one
	Name     string // the row's name as it would be printed, if it has one
	Column   string // the column's heading in the file, or "" for the whole row
	Value    string // the value at fault, as read (control characters escaped)
	Kind     string // short and fixed, for counting: "invalid postcode", …
	Reason   string // what is wrong and what to do, in words
	Severity Severity
}

func (p Problem) String() string {
	s := fmt.Sprintf("row %d", p.Row)
	if p.Column != "" {
		s += fmt.Sprintf(", column %q", p.Column)
	}
	return s + ": " + p.Reason
}

// A Result is what reading a roll found.
type Result struct {
	Path   string
	Format string // "xlsx" or "csv"
	Sheet  string // xlsx: the sheet read
	Notes  []string
	// DateOrder is how join dates of three numbers were read: "day first",
	// "month first", or "" when there were none.
	DateOrder string
	Columns   map[Field]string // the heading found for each field
	HeaderRow int              // the header's row
	LastRow   int              // the last row read: LastRow - HeaderRow = RowsRead + Blank
	RowsRead  int              // data rows below the header, blank rows excluded
	Blank     int              // blank rows below the header, ignored
	Accepted  int              // rows accepted: RowsRead = Accepted + Rejected + Excluded
	Members   []Member         // accepted rows, in file order (empty with Options.CountOnly or Options.Recipients)
	// Recipients are the accepted rows as packs need them, in file order,
	// with Options.Recipients.
	Recipients []Recipient
	Rejected   int       // rows with at least one Reject problem
	Excluded   int       // rows with an Ineligible problem and no Reject
	Problems   []Problem // every problem, in row order

}

// Warnings counts the warning problems.
func (r *Result) Warnings() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == Warning {
			n++
		}
	}
	return n
}

// Options steer reading and checking. The zero value reads the first
// non-empty sheet, recognises the usual column headings and applies no
// eligibility rule.
type Options struct {
	// Sheet names the xlsx sheet to read.
	Sheet string
	// Columns maps a field to the heading of its column in the file, for
	// headings the usual names do not cover. Address lines go in
	// AddressColumns instead: there may be several.
	Columns map[Field]string
	// AddressColumns are headings of address-line columns, in order.
	AddressColumns []string
	// JoinedBefore, when not zero, makes members who joined on or after it
	// ineligible.
	JoinedBefore time.Time
	// ExcludedStatuses makes members with one of these statuses ineligible
	// (compared without regard to case).
	ExcludedStatuses []string
	// Strict turns warnings about probable duplicate people into rejects.
	Strict bool
	// Coverage is the fonts' coverage; nil means layout.DefaultCoverage.
	Coverage interface{ Covers(rune) bool }
	// Measure gives printed widths in the face the address is set in; nil
	// means layout.DefaultMeasurer.
	Measure interface {
		WidthMM(s string, pt float64) float64
	}
	// Window is the envelope window the address must fit; the zero value
	// means a DL envelope's.
	Window layout.Window
	// MaxUnzipBytes bounds what an xlsx may unpack to (default 1 GiB).
	MaxUnzipBytes int64
	// CountOnly leaves Result.Members empty: for a check, which needs only
	// the counts and the problems, so a roll of millions fits in memory.
	CountOnly bool
	// Recipients fills Result.Recipients instead of Result.Members: each
	// accepted member as a pack needs them, in a quarter of the memory (no
	// e-mail, status or join date). For generating the packs of a roll.
	Recipients bool
}

// Errors wrapped by a *ReadError.
var (
	ErrNotSpreadsheet = errors.New("not a spreadsheet")
	ErrPassword       = errors.New("password-protected")
	ErrTooLarge       = errors.New("unpacks too large")
	ErrNoSheet        = errors.New("no such sheet")
	ErrEmpty          = errors.New("no data")
	ErrNoHeader       = errors.New("no header row")
	ErrMissingColumns = errors.New("required columns missing")
	ErrHeaderOnly     = errors.New("no rows below the header")
	ErrMalformed      = errors.New("malformed file")
	ErrDateOrder      = errors.New("join dates in two orders")
)

// A ReadError is why a roll could not be read at all. Row and Column say
// where, when a place is to blame.
type ReadError struct {
	Path   string
	Row    int
	Column string
	Msg    string // the full explanation, in words
	Err    error  // one of the Err… values, or an underlying I/O error
}

func (e *ReadError) Error() string {
	s := e.Path
	if e.Row > 0 {
		s += fmt.Sprintf(" row %d", e.Row)
	}
	if e.Column != "" {
		s += fmt.Sprintf(", column %q", e.Column)
	}
	return s + ": " + e.Msg
}

func (e *ReadError) Unwrap() error { return e.Err }
