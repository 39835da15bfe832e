package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Defect kinds, as written in the defects log.
const (
	kindDuplicateNumber   = "duplicate-number"     // another row's membership number
	kindDuplicatePerson   = "duplicate-person"     // another row's name and postcode, a new number
	kindDuplicateEmail    = "duplicate-email"      // another row's email
	kindBadPostcode       = "bad-postcode"         // not a UK postcode
	kindMissingSurname    = "missing-surname"      // Surname empty
	kindMissingAddress    = "missing-address"      // Address 1, 2 and 3 empty
	kindMissingTown       = "missing-town"         // Town empty
	kindLongAddressLine   = "long-address-line"    // an address line over 60 characters
	kindControlChar       = "control-char"         // a control character inside a name
	kindUnprintableChar   = "unprintable-char"     // an emoji or CJK ideograph in a surname
	kindExcelMangled      = "excel-mangled-number" // membership number as Excel shows a long number
	kindLapsed            = "lapsed"               // Status Lapsed
	kindSuspended         = "suspended"            // Status Suspended (logged, never injected)
	kindJoinedAfterCutoff = "joined-after-cutoff"  // Join Date after 2026-09-01
	kindOverseasNoCountry = "overseas-no-country"  // a foreign address, Country empty
)

// injectedKinds are the defects -defects mixes in, in a fixed order.
var injectedKinds = []string{
	kindDuplicateNumber, kindDuplicatePerson, kindDuplicateEmail,
	kindBadPostcode, kindMissingSurname, kindMissingAddress, kindMissingTown,
	kindLongAddressLine, kindControlChar, kindUnprintableChar, kindExcelMangled,
	kindLapsed, kindJoinedAfterCutoff, kindOverseasNoCountry,
}

// cutoffDate is the membership cut-off the joined-after-cutoff defect
// breaks: rows joined after it.
var cutoffDate = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

// defectShare is the share of rows -defects replaces.
const defectShare = 0.03

// detailNotInjected marks log entries for rows of the clean roll that a
// reader checking eligibility flags all the same: Lapsed and Suspended.
const detailNotInjected = "as in the clean roll"

// A logEntry is one line of the defects log.
type logEntry struct {
	row    int    // as a spreadsheet user sees it: the header is row 1 + title rows
	kind   string // one of the kinds above
	column string // the column at fault, or "" for the whole row
	detail string // words for a person, never a raw control character
}

// A planned defect is a kind for a row, with rows it may copy from.
type planned struct {
	kind    string
	sources []int // earlier rows without defects, by index in the data
}

func needsSource(kind string) bool {
	switch kind {
	case kindDuplicateNumber, kindDuplicatePerson, kindDuplicateEmail:
		return true
	}
	return false
}

// planDefects picks about 3% of n rows, at least one per kind if n allows
// (n ≥ 3 × len(kinds)), one in each of equal slices of the file, and
// deals the kinds out in shuffled rounds.
func planDefects(r *rand.Rand, n int, kinds []string) map[int]*planned {
	k := max(len(kinds), int(math.Round(defectShare*float64(n))))
	k = min(k, n/3)
	plan := make(map[int]*planned, k)
	var order []int
	for j := range k {
		if j%len(kinds) == 0 {
			order = r.Perm(len(kinds))
		}
		kind := kinds[order[j%len(kinds)]]
		lo, hi := j*n/k, (j+1)*n/k
		i := lo + r.IntN(hi-lo)
		if i == 0 && needsSource(kind) {
			i = 1 // something must come before it to copy
		}
		plan[i] = &planned{kind: kind}
	}
	// Sources are chosen once every defect row is known, in row order so
	// that the plan does not depend on map order.
	for i := range n {
		p := plan[i]
		if p == nil || !needsSource(p.kind) {
			continue
		}
		for range 8 {
			s := r.IntN(i)
			if plan[s] == nil {
				p.sources = append(p.sources, s)
			}
		}
	}
	return plan
}

// A defecter turns planned rows into defects as the rows go by.
type defecter struct {
	r          *rand.Rand
	g          *generator
	plan       map[int]*planned
	saved      map[int]row // clean rows a defect will copy from
	used       map[int]bool
	fallback   *row // the latest clean row usableSource accepts
	fallbackAt int
	firstRow   int  // the spreadsheet row of data row 0
	xlsx       bool // control characters must survive XML
	count      int  // rows given a defect
}

func newDefecter(seed uint64, g *generator, n, firstRow int, kinds []string, xlsx bool) *defecter {
	d := &defecter{
		r:        rand.New(rand.NewPCG(seed, streamDefects)),
		g:        g,
		saved:    make(map[int]row),
		used:     make(map[int]bool),
		firstRow: firstRow,
		xlsx:     xlsx,
	}
	d.plan = planDefects(d.r, n, kinds)
	for _, p := range d.plan {
		for _, s := range p.sources {
			d.saved[s] = row{}
		}
	}
	return d
}

// process gives row i its planned defect, if any, and returns the log
// entries for it: the defect, and for a duplicate the earlier row of the
// pair too; or, for a clean row, a status other than Active, which a
// reader checking eligibility flags just the same.
func (d *defecter) process(i int, m *row) []logEntry {
	p := d.plan[i]
	if p == nil {
		if _, ok := d.saved[i]; ok {
			d.saved[i] = *m
		}
		if usableSource(m) {
			c := *m
			d.fallback, d.fallbackAt = &c, i
		}
		switch m.status {
		case "Lapsed":
			return []logEntry{{d.firstRow + i, kindLapsed, "Status", detailNotInjected}}
		case "Suspended":
			return []logEntry{{d.firstRow + i, kindSuspended, "Status", detailNotInjected}}
		}
		return nil
	}
	d.count++
	e, srcAt := d.apply(p, m)
	e.row = d.firstRow + i
	if m.kind == addrUK {
		// Keep later clean rows from matching this one by chance.
		d.g.people[m.forename+"\x00"+m.surname+"\x00"+normalPostcode(m.postcode)] = struct{}{}
	}
	if srcAt < 0 {
		return []logEntry{e}
	}
	// The row copied from is half of the pair, and a reader flags it too.
	src := e
	src.row = d.firstRow + srcAt
	src.detail = pairDetail(e.kind, e.row)
	return []logEntry{e, src}
}

// pairDetail says which row the other of a duplicate pair is.
func pairDetail(kind string, other int) string {
	if kind == kindDuplicatePerson {
		return fmt.Sprintf("same name and postcode as row %d", other)
	}
	return fmt.Sprintf("same as row %d", other)
}

// usableSource reports whether every kind of duplicate can copy from m:
// a UK address and an email, and Active, since a reader may look for
// duplicates only among members who may vote.
func usableSource(m *row) bool {
	return m.kind == addrUK && m.email != "" && m.status == "Active"
}

// source returns a clean earlier row to copy from, and its index. Each
// row is copied at most once: a row in two pairs, say a number twice and
// an email twice, might hide one pair from a reader that drops rows with
// a duplicate number before it compares emails.
func (d *defecter) source(p *planned) (row, int, bool) {
	for _, s := range p.sources {
		if src := d.saved[s]; usableSource(&src) && !d.used[s] {
			d.used[s] = true
			return src, s, true
		}
	}
	if d.fallback != nil && !d.used[d.fallbackAt] {
		d.used[d.fallbackAt] = true
		return *d.fallback, d.fallbackAt, true
	}
	return row{}, 0, false
}

// apply gives m the defect p plans, and returns its log entry and the
// index of the row it copied from, or -1.
func (d *defecter) apply(p *planned, m *row) (logEntry, int) {
	r := d.r
	kind := p.kind
	var src row
	srcAt := -1
	if needsSource(kind) {
		var ok bool
		if src, srcAt, ok = d.source(p); !ok {
			kind, srcAt = kindLapsed, -1 // nothing to copy yet: only possible at the very top of a tiny roll
		}
	}
	if kind != kindLapsed {
		m.status = "Active" // one defect per row
	}
	if m.kind != addrUK && kind != kindOverseasNoCountry && kind != kindDuplicatePerson {
		m.address = d.g.ukAddress(r)
	}
	same := pairDetail(kind, d.firstRow+srcAt)

	switch kind {
	case kindDuplicateNumber:
		m.number, m.numKind = src.number, numText
		if src.number[0] == '0' && chance(r, 0.5) {
			m.numKind = numPadded
		}
		return logEntry{kind: kind, column: "Membership Number", detail: same}, srcAt

	case kindDuplicatePerson:
		m.title, m.forename, m.surname, m.address = src.title, src.forename, src.surname, src.address
		m.email = ""
		if chance(r, 0.5) {
			m.email = d.g.defectEmail(r, m.forename, m.surname)
		}
		return logEntry{kind: kind, detail: same}, srcAt

	case kindDuplicateEmail:
		m.email = src.email
		if chance(r, 0.5) {
			// A household sharing one address: common, and still a defect.
			m.surname, m.address = src.surname, src.address
			for m.forename == src.forename {
				female := chance(r, 0.5)
				m.forename, _ = pickName(r, female, !female)
			}
		}
		return logEntry{kind: kind, column: "Email", detail: same}, srcAt

	case kindBadPostcode:
		switch r.IntN(5) {
		case 0:
			m.postcode = "SW1A1A"
		case 1:
			m.postcode = "ZZ99 9ZZZ"
		case 2:
			m.postcode = "12345"
		case 3:
			m.postcode = "SW1A 1A"
		default:
			m.postcode, _, _ = strings.Cut(normalPostcode(m.postcode), " ") // outward code only
		}
		return logEntry{kind: kind, column: "Postcode", detail: m.postcode}, -1

	case kindMissingSurname:
		m.surname = ""
		return logEntry{kind: kind, column: "Surname"}, -1

	case kindMissingAddress:
		// All lines: with only Address 1 empty, a reader may fairly move
		// Address 2 up.
		m.lines = [3]string{}
		return logEntry{kind: kind, column: "Address 1"}, -1

	case kindMissingTown:
		m.town = ""
		return logEntry{kind: kind, column: "Town"}, -1

	case kindLongAddressLine:
		line := fmt.Sprintf("Flat %d, %s, %d %s, %s", 1+r.IntN(40), pick(r, buildingNames),
			1+r.IntN(200), pick(r, streetsEngland), m.town)
		for utf8.RuneCountInString(line) <= 60 {
			line += ", rear entrance via " + pick(r, streetsEngland)
		}
		col := "Address 1"
		if chance(r, 0.4) {
			m.lines[1], col = line, "Address 2"
		} else {
			m.lines[0] = line
		}
		return logEntry{kind: kind, column: col, detail: fmt.Sprintf("%d characters", utf8.RuneCountInString(line))}, -1

	case kindControlChar:
		// XML cannot hold most control characters, so an xlsx gets a tab
		// or a line feed: what a paste or Alt+Enter leaves in a cell.
		chars := []rune{'\a', '\t', '\v', '\x1b', '\n'}
		if d.xlsx {
			chars = []rune{'\t', '\n'}
		}
		c := chars[r.IntN(len(chars))]
		col, name := "Forename", &m.forename
		if chance(r, 0.5) {
			col, name = "Surname", &m.surname
		}
		runes := []rune(*name)
		at := 1 + r.IntN(max(1, len(runes)-1))
		at = min(at, len(runes))
		*name = string(runes[:at]) + string(c) + string(runes[at:])
		return logEntry{kind: kind, column: col, detail: fmt.Sprintf("U+%04X in %s", c, col)}, -1

	case kindUnprintableChar:
		var c rune
		switch r.IntN(4) {
		case 0:
			c = '😀'
			m.surname += string(c)
		case 1:
			c = '🦄'
			m.surname += " " + string(c)
		case 2:
			c = '王'
			m.surname = string(c)
		default:
			c = '李'
			m.surname = "Li " + string(c)
		}
		return logEntry{kind: kind, column: "Surname", detail: fmt.Sprintf("U+%04X in Surname", c)}, -1

	case kindExcelMangled:
		v := 1_000_000_000_000_000 + r.Int64N(9_000_000_000_000_000)
		v -= v % 10 // Excel keeps 15 significant digits
		if chance(r, 0.5) {
			m.number, m.numKind = strconv.FormatFloat(float64(v), 'E', 5, 64), numText
		} else {
			m.number, m.numKind = strconv.FormatInt(v, 10), numMangled
		}
		return logEntry{kind: kind, column: "Membership Number", detail: m.number}, -1

	case kindLapsed:
		m.status = "Lapsed"
		return logEntry{kind: kind, column: "Status", detail: "injected"}, -1

	case kindJoinedAfterCutoff:
		m.joined = cutoffDate.AddDate(0, 0, 1+r.IntN(84))
		return logEntry{kind: kind, column: "Join Date", detail: m.joined.Format("2006-01-02")}, -1

	case kindOverseasNoCountry:
		var where string
		m.address, where = overseasAddress(r, false)
		return logEntry{kind: kind, column: "Country", detail: "address in " + where}, -1
	}
	panic("mkroll: unknown defect kind " + kind)
}

// writeLog writes the defects log as CSV: UTF-8 without a byte order mark,
// a header, then one line per entry in row order.
func writeLog(w io.Writer, log []logEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"row", "kind", "column", "detail"}); err != nil {
		return err
	}
	for _, e := range log {
		if err := cw.Write([]string{strconv.Itoa(e.row), e.kind, e.column, e.detail}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
