package roll

import (
	"errors"
	"fmt"
	"math"

	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/layout"
)

// row checks one data row and records a member or its problems.
func (c *checker) row(n int, cells []string, kinds []cellKind, rowErr error) {
	c.lastRow = n
	if rowErr == nil && blank(cells) {
		c.res.Blank++
		return
	}
	c.res.RowsRead++
	if rowErr != nil {
		c.unreadable(n, cells, rowErr)
		return
	}
	cols := c.cols
	first := len(c.res.Problems)
	defer c.identify(n, first)
	reject := func(f Field, value, kind, reason string) {
		c.problem(n, cols.fieldHeading(f), value, Reject, kind, reason)
	}
	// Trim every cell once; a cell that cannot be used (a control character,
	// an error value, a number where a name belongs) rejects the row and is
	// blanked, so it is reported once.
	clean := make([]string, len(cells))
	var reported []bool // by column: the cell was rejected for what it holds
	bad := func(col int, v, kind, reason string) {
		c.problem(n, cols.heading(col), v, Reject, kind, reason)
		if reported == nil {
			reported = make([]bool, len(cells))
		}
		reported[col] = true
	}
	for col, v := range cells {
		if !cols.used(col) {
			continue // a column ballotpack does not read may hold anything
		}
		v = strings.TrimSpace(v)
		if i := strings.IndexFunc(v, unicode.IsControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(v[i:])
			bad(col, v, "control character",
				fmt.Sprintf("contains an invisible control character (U+%04X) at character %d: delete it (a line break inside a cell counts)", r, utf8.RuneCountInString(v[:i])+1))
			v = ""
		}
		if i := garbled(v); i >= 0 {
			bad(col, v, "garbled letters",
				fmt.Sprintf("has %q at character %d, which is how UTF-8 letters look when a program reads them as another encoding (Siân becomes SiÃ¢n): the roll was opened or saved with the wrong character set; export it again, or in LibreOffice choose \"Unicode (UTF-8)\" when opening the CSV", []rune(v[i:])[:2], utf8.RuneCountInString(v[:i])+1))
			v = ""
		}
		if kind, reason := c.unusableCell(col, kindAt(kinds, col), v); kind != "" {
			bad(col, v, kind, reason)
			v = ""
		}
		clean[col] = v
	}
	wasReported := func(col int) bool { return col >= 0 && col < len(reported) && reported[col] }
	rawEmpty := func(_ []string, col int) bool { return rawEmpty(cells, col) && !wasReported(col) }
	allEmpty := func(_ []string, cols []int) bool {
		for _, col := range cols {
			if !rawEmpty(nil, col) {
				return false
			}
		}
		return true
	}
	get := func(_ Field, col int) string {
		if col < 0 || col >= len(clean) {
			return ""
		}
		return clean[col]
	}
	field := func(f Field) string { return get(f, cols.col[f]) }

	m := Member{Row: n}
	m.ID = c.memberID(n, field(FieldMemberID))
	m.Title = field(FieldTitle)
	m.Forename = field(FieldForename)
	m.Surname = field(FieldSurname)
	if cols.col[FieldSurname] < 0 {
		m.Surname = field(FieldName)
	}
	for _, col := range cols.address {
		if v := get(FieldAddress, col); v != "" {
			m.Address = append(m.Address, v)
		}
	}
	m.Town = field(FieldTown)
	m.County = field(FieldCounty)
	postcode := field(FieldPostcode)
	m.Country = field(FieldCountry)
	if isUK(m.Country) {
		m.Country = ""
	}
	m.Email = field(FieldEmail)
	m.Status = field(FieldStatus)

	nameField := FieldSurname
	if cols.col[FieldSurname] < 0 {
		nameField = FieldName
	}
	if m.Surname == "" && rawEmpty(cells, cols.col[nameField]) {
		reject(nameField, "", "missing field", "the surname is empty: every pack needs a name")
	}
	if len(m.Address) == 0 && allEmpty(cells, cols.address) {
		c.problem(n, cols.heading(cols.col[FieldAddress]), "", Reject, "missing field", "the address is empty: fill in the first address line")
	}

	// Where the pack goes.
	bfpoAddr := false
	if m.Country == "" {
		pc, ok := normalisePostcode(postcode)
		switch {
		case postcode == "" && wasReported(cols.col[FieldPostcode]):
		case postcode == "":
			reject(FieldPostcode, "", "missing field", "the postcode is empty: a UK address needs one (if the member lives abroad, fill in the country)")
		case !ok:
			reject(FieldPostcode, postcode, "invalid postcode", fmt.Sprintf("\"%s\" is not a UK postcode: correct it (if the member lives abroad, fill in the country)", postcode))
		default:
			m.Postcode = pc
			bfpoAddr = strings.HasPrefix(pc, "BFPO")
		}
		if bfpoAddr && strings.EqualFold(m.Town, "BFPO") {
			m.Town = "" // forces mail has no post town: the BFPO number is the last line
		}
		if m.Town == "" && !bfpoAddr && !wasReported(cols.col[FieldTown]) {
			reject(FieldTown, "", "missing field", "the post town is empty: a UK address needs one")
		}
	} else {
		m.Postcode = postcode
		if kindAt(kinds, cols.col[FieldPostcode]) == kindNumber && postcode != "" {
			c.problem(n, cols.fieldHeading(FieldPostcode), postcode, Warning, "postcode as a number",
				fmt.Sprintf("the postcode %s is a number cell, and a spreadsheet drops a number's leading zeros (01067 becomes 1067): check it against the member's record, and format the column as text", postcode))
		}
	}

	// What goes in the envelope window must fit it, measured in the font at
	// the size it will print (never below 10 pt for post in the UK), inside
	// what the window shows in every position of the letter.
	win := c.opts.Window
	if win.Window.W == 0 {
		win = layout.WindowFor("DL")
	}
	minPt := layout.MinUKPt
	if m.Overseas() {
		minPt = layout.MinAbroadPt
	}
	room := win.Text().W
	tooWide := false
	fits := func(f Field, col int, v, what string) {
		printed := v
		if f == FieldTown || f == FieldCountry {
			printed = strings.ToUpper(v) // as the window shows them
		}
		if printed == "" {
			return
		}
		if w := c.opts.Measure.WidthMM(printed, minPt); w > room {
			tooWide = true
			c.problem(n, cols.heading(col), v, Reject, "address too long",
				fmt.Sprintf("the %s is %.0f mm wide at %g pt, but the envelope window shows %.0f mm in every position of the letter: shorten it by about %d characters (wide letters such as W and M take the most room)",
					what, w, minPt, room, charsOver(printed, w, room)))
		}
	}
	if m.Surname != "" {
		fits(nameField, cols.col[nameField], m.Name(), "name with title")
	}
	for i, col := range cols.address {
		fits(FieldAddress, col, get(FieldAddress, col), fmt.Sprintf("address line %d", i+1))
	}
	fits(FieldTown, cols.col[FieldTown], m.Town, "town")
	fits(FieldCounty, cols.col[FieldCounty], m.County, "county")
	fits(FieldPostcode, cols.col[FieldPostcode], m.Postcode, "postcode")
	fits(FieldCountry, cols.col[FieldCountry], m.Country, "country")
	// Abroad, the window joins town, state and postcode into the lines the
	// country's post expects and names the country in full (countries.go):
	// those lines are measured as printed too.
	if m.Overseas() {
		for _, l := range m.abroadLines() {
			if l.made {
				fits(l.field, cols.col[l.field], l.text, l.what)
			}
		}
	}
	if !tooWide && (m.Surname != "" || len(m.Address) > 0) {
		lines := m.WindowLines()
		if _, mis := win.Fit(lines, c.opts.Measure, minPt); mis != nil {
			if mis.Line < 0 {
				c.problem(n, cols.heading(cols.col[FieldAddress]), strings.Join(lines[1:], ", "), Reject, "address too long",
					fmt.Sprintf("the address takes %d lines with the name, but a %s envelope's window shows %d at %g pt in every position of the letter: merge or drop lines (Royal Mail needs only the street, the post town and the postcode)",
						len(lines), win.Envelope, mis.Lines, mis.Pt))
			} else {
				c.problem(n, cols.heading(cols.col[FieldAddress]), lines[mis.Line], Reject, "address too long",
					fmt.Sprintf("the address line %q is %.0f mm wide at %g pt, but the envelope window shows %.0f mm in every position of the letter: shorten it", lines[mis.Line], mis.Width, mis.Pt, mis.Room))
			}
		}
	}

	// Every character that goes on paper must be printable.
	printable := func(f Field, col int, v string) {
		for i, r := range v {
			if !c.opts.Coverage.Covers(r) {
				c.problem(n, cols.heading(col), v, Reject, "unprintable character",
					fmt.Sprintf("the character %q (U+%04X) at character %d cannot be printed with the pack's font, so it would come out as an empty box: spell it with letters the font has, or set a font that has it in the election file", r, r, utf8.RuneCountInString(v[:i])+1))
				return
			}
		}
	}
	printable(FieldTitle, cols.col[FieldTitle], m.Title)
	printable(FieldForename, cols.col[FieldForename], m.Forename)
	printable(nameField, cols.col[nameField], m.Surname)
	for _, col := range cols.address {
		printable(FieldAddress, col, get(FieldAddress, col))
	}
	printable(FieldTown, cols.col[FieldTown], m.Town)
	printable(FieldCounty, cols.col[FieldCounty], m.County)
	printable(FieldPostcode, cols.col[FieldPostcode], m.Postcode)
	printable(FieldCountry, cols.col[FieldCountry], m.Country)

	if m.Email != "" && !plausibleEmail(m.Email) {
		c.problem(n, cols.fieldHeading(FieldEmail), m.Email, Warning, "invalid email", fmt.Sprintf("\"%s\" does not look like an email address (it is not used on the pack)", m.Email))
	}

	lp := field(FieldLargePrint)
	switch strings.ToLower(lp) {
	case "", "no", "n", "false", "0", "-":
	case "yes", "y", "true", "1", "x", "✓", "✔":
		m.LargePrint = true
	default:
		reject(FieldLargePrint, lp, "invalid value", fmt.Sprintf("\"%s\" is not yes or no: write Yes for a large-print pack, or leave it empty", lp))
	}

	// Eligibility.
	joined := field(FieldJoined)
	held := false // the date reads two ways: decided when the column is read
	if joined != "" {
		notDate := func(reason string) {
			if !c.opts.JoinedBefore.IsZero() {
				reject(FieldJoined, joined, "invalid date", reason+", so the join-date rule cannot be applied: write it as a date, e.g. 15/01/2018")
				return
			}
			c.problem(n, cols.fieldHeading(FieldJoined), joined, Warning, "invalid date", reason+"; it is not needed for this election")
		}
		switch kindAt(kinds, cols.col[FieldJoined]) {
		case kindDate:
			if c.dates.cells++; len(c.dates.cellEx) < 3 {
				c.dates.cellEx = append(c.dates.cellEx, example{n, joined})
			}
			if t, err := time.Parse("2006-01-02", joined); err == nil {
				m.Joined = t
			} else {
				notDate(fmt.Sprintf("%q is not a date the calendar has", joined))
			}
		case kindNumber:
			notDate(fmt.Sprintf("%q is a number, not a date (the cell is not formatted as a date; a year alone or a number typed in the date column is not a join date)", joined))
		case kindTime:
			notDate(fmt.Sprintf("%q is a time of day, not a date (the cell is formatted as a time)", joined))
		default:
			d, ok := parseTextDate(joined)
			if !ok {
				notDate(fmt.Sprintf("%q is not a date", joined))
				break
			}
			c.dates.note(n, joined, d)
			if t, one := d.oneReading(); one {
				m.Joined = t
			} else {
				held = true
				c.dates.held = append(c.dates.held, heldDate{row: int32(n), dayFirst: epochDay(d.dayFirst), monthFirst: epochDay(d.monthFirst)})
			}
		}
	}
	if !c.opts.JoinedBefore.IsZero() {
		cut := c.opts.JoinedBefore.Format("2 January 2006")
		switch {
		case joined == "" && rawEmpty(cells, cols.col[FieldJoined]):
			reject(FieldJoined, "", "missing field", "the join date is empty, so the rule that members must have joined before "+cut+" cannot be applied")
		case !held && !m.Joined.IsZero():
			c.applyJoined(n, joined, m.Joined)
		}
	}
	for _, s := range c.opts.ExcludedStatuses {
		if m.Status != "" && strings.EqualFold(m.Status, s) {
			c.problem(n, cols.fieldHeading(FieldStatus), m.Status, Ineligible, "status "+strings.ToLower(s),
				fmt.Sprintf("status is %s, which this election excludes", m.Status))
		}
	}

	c.curID, c.curName = field(FieldMemberID), m.Name()
	if cut := c.opts.JoinedBefore; held && !cut.IsZero() {
		// The problem a reading that leaves the row out would need; the
		// rest (most rows) keep 12 bytes.
		if h := c.dates.held[len(c.dates.held)-1]; !dayTime(h.dayFirst).Before(cut) || !dayTime(h.monthFirst).Before(cut) {
			if c.dates.words == nil {
				c.dates.words = map[int32]heldWords{}
			}
			c.dates.words[h.row] = heldWords{strings.Clone(joined), strings.Clone(c.curID), strings.Clone(c.curName)}
		}
	}
	if m.ID != "" {
		c.ids.add(m.ID, n)
		c.idLengths.add(n, m.ID)
	}
	if c.rejected.has(n) {
		if m.ID != "" && !c.opts.CountOnly {
			if c.rejectedIDs == nil {
				c.rejectedIDs = map[int]string{}
			}
			c.rejectedIDs[n] = m.ID
		}
		return
	}
	c.accepted++
	if k := nameKey(&m); k != "" {
		c.names.add(k, n)
	}
	if m.Email != "" {
		c.emails.add(emailKey(&m), n)
	}
	if c.opts.CountOnly {
		return
	}
	if c.opts.Recipients {
		c.pendingTo = appendChunked(c.pendingTo, newRecipient(&m, true, &c.arena))
		return
	}
	c.pending = appendChunked(c.pending, compact(m))
}

// appendChunked appends v to the last chunk of chunks, or to a new one when
// that is full, so that a long roll is never copied as it grows.
func appendChunked[T any](chunks [][]T, v T) [][]T {
	if len(chunks) == 0 || len(chunks[len(chunks)-1]) == cap(chunks[len(chunks)-1]) {
		chunks = append(chunks, make([]T, 0, 4096))
	}
	last := &chunks[len(chunks)-1]
	*last = append(*last, v)
	return chunks
}

// compact copies a member's text into one string of its own, so that the
// member no longer holds on to the whole row it was read from (a CRM export
// has dozens of columns ballotpack never reads).
func compact(m Member) Member {
	n := len(m.ID) + len(m.Title) + len(m.Forename) + len(m.Surname) + len(m.Town) + len(m.County) +
		len(m.Postcode) + len(m.Country) + len(m.Email) + len(m.Status)
	for _, a := range m.Address {
		n += len(a)
	}
	var b strings.Builder
	b.Grow(n)
	offs := make([]int, 0, 10+len(m.Address))
	for _, s := range append([]string{m.ID, m.Title, m.Forename, m.Surname, m.Town, m.County, m.Postcode, m.Country, m.Email, m.Status}, m.Address...) {
		b.WriteString(s)
		offs = append(offs, b.Len())
	}
	all := b.String()
	next := func(i int) string {
		start := 0
		if i > 0 {
			start = offs[i-1]
		}
		return all[start:offs[i]]
	}
	m.ID, m.Title, m.Forename, m.Surname, m.Town, m.County = next(0), next(1), next(2), next(3), next(4), next(5)
	m.Postcode, m.Country, m.Email, m.Status = next(6), next(7), next(8), next(9)
	if len(m.Address) > 0 {
		addr := make([]string, len(m.Address))
		for i := range addr {
			addr[i] = next(10 + i)
		}
		m.Address = addr
	}
	return m
}

// digitsOnly reports whether s is one or more ASCII digits.
func digitsOnly(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// isDecimal reports whether s is digits, a point and digits (12.5).
func isDecimal(s string) bool {
	i, f, ok := strings.Cut(s, ".")
	return ok && digitsOnly(i) && digitsOnly(f)
}

// isScientific reports whether s is a number in scientific notation, as a
// spreadsheet shows a long number (1.23457E+15).
func isScientific(s string) bool {
	m, e, ok := strings.Cut(strings.ToUpper(s), "E")
	if e != "" && (e[0] == '+' || e[0] == '-') {
		e = e[1:]
	}
	return ok && (digitsOnly(m) || isDecimal(m)) && digitsOnly(e) && len(e) <= 3
}

// memberID checks a membership number and returns it, or "" when rejected.
func (c *checker) memberID(n int, id string) string {
	col := c.cols.fieldHeading(FieldMemberID)
	bad := func(kind, reason string) string {
		c.problem(n, col, id, Reject, kind, reason)
		return ""
	}
	digits := strings.TrimLeft(id, "0123456789") == ""
	switch {
	case id == "":
		return bad("missing field", "the membership number is empty")
	case isScientific(id):
		return bad("mangled membership number", fmt.Sprintf("%s is a number Excel has rounded and shown in scientific notation: the real digits are lost. Export the roll again with this column formatted as Text", id))
	case digits && len(id) > 15:
		return bad("mangled membership number", fmt.Sprintf("has %d digits, but Excel keeps only 15, so the last ones may have been turned into zeros: check it against the membership system and export the column as Text", len(id)))
	case isDecimal(id):
		return bad("mangled membership number", fmt.Sprintf("%s has a decimal point: it was probably converted to a number on the way; export the column as Text", id))
	case len(id) > codes.MaxMemberID:
		return bad("invalid membership number", fmt.Sprintf("is %d bytes long; membership numbers may be at most %d", len(id), codes.MaxMemberID))
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '/' || r == '.') {
			return bad("invalid membership number", fmt.Sprintf("\"%s\" may hold only letters, digits, '-', '/' and '.' (found %q)", id, r))
		}
	}
	return id
}

func rawEmpty(cells []string, col int) bool {
	return col < 0 || col >= len(cells) || strings.TrimSpace(cells[col]) == ""
}

func allEmpty(cells []string, cols []int) bool {
	for _, col := range cols {
		if !rawEmpty(cells, col) {
			return false
		}
	}
	return true
}

// ukNames are the ways a roll says a member lives in the UK.
var ukNames = map[string]bool{
	"uk": true, "unitedkingdom": true, "gb": true, "gbr": true, "greatbritain": true, "britain": true,
	"england": true, "scotland": true, "wales": true, "cymru": true, "northernireland": true,
	"unitedkingdomofgreatbritainandnorthernireland": true,
}

func isUK(country string) bool { return country == "" || ukNames[normHeading(country)] }

func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(domain, "@ ") && !strings.HasSuffix(domain, ".")
}

// foldName folds a name for comparison: lower case, accents and punctuation
// removed, spaces collapsed.
func foldName(s string) string {
	folded := s
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			folded = strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Mn, r) {
					return -1
				}
				return r
			}, norm.NFD.String(s))
			break
		}
	}
	var b strings.Builder
	for _, f := range strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// visible escapes control characters so a value can be shown and written.
func visible(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// applyJoined applies the join-date rule to a member who joined on t.
func (c *checker) applyJoined(n int, value string, t time.Time) {
	if !t.Before(c.opts.JoinedBefore) {
		c.problem(n, c.cols.fieldHeading(FieldJoined), value, Ineligible, "joined too late",
			fmt.Sprintf("joined on %s, but only members who joined before %s may vote", t.Format("2 January 2006"), c.opts.JoinedBefore.Format("2 January 2006")))
	}
}

// textOnly are the fields whose cells must be text: a number or a date in
// them means the columns are shifted or the cell was typed wrongly.
var textOnly = [fieldCount]bool{FieldTitle: true, FieldForename: true, FieldSurname: true, FieldName: true, FieldTown: true, FieldCounty: true, FieldCountry: true}

// unusableCell says why a cell of a workbook cannot be used in its column,
// from what it holds: "" when it can.
func (c *checker) unusableCell(col int, kind cellKind, v string) (problemKind, reason string) {
	cols := c.cols
	is := func(f Field) bool { return cols.col[f] == col }
	switch kind {
	case kindBool:
		if is(FieldLargePrint) {
			return "", "" // a tick box: TRUE is yes
		}
		return "true/false value", fmt.Sprintf("holds the true/false value %s, not text: the cell was probably filled by a formula or a tick box; type what belongs in it", v)
	case kindError:
		return "error value", fmt.Sprintf("holds the spreadsheet error %s: a formula failed to calculate; fix the formula in the workbook, or replace it with the value", v)
	case kindNoValue:
		return "formula without a value", "holds a formula whose value was never calculated (the program that saved the file does not calculate): open the workbook in Excel or LibreOffice, let it recalculate, and save it again"
	case kindNumber, kindDate, kindTime:
		what := map[cellKind]string{kindNumber: "a number", kindDate: "a date", kindTime: "a time"}[kind]
		for f := FieldMemberID; f < fieldCount; f++ {
			if !is(f) {
				continue
			}
			switch {
			case textOnly[f]:
				return "number in a text column", fmt.Sprintf("holds %s (%s), which cannot be a %s: the columns may be shifted in this row; correct the cell", what, v, fieldWords[f])
			case f == FieldMemberID && kind != kindNumber, f == FieldAddress && kind != kindNumber:
				return "number in a text column", fmt.Sprintf("holds %s (%s), which cannot be a %s: the cell was probably reformatted by the spreadsheet; type it again as text", what, v, fieldWords[f])
			}
		}
	}
	return "", ""
}

// fieldWords name the fields in messages.
var fieldWords = [fieldCount]string{
	FieldMemberID: "membership number", FieldTitle: "title", FieldForename: "forename", FieldSurname: "surname",
	FieldName: "name", FieldAddress: "address line", FieldTown: "town", FieldCounty: "county",
	FieldPostcode: "postcode", FieldCountry: "country", FieldEmail: "email address", FieldJoined: "join date",
	FieldStatus: "status", FieldLargePrint: "large-print choice",
}

// identify fills in the membership number and name of the problems of row
// n recorded since first, so a report can be read without the roll beside it.
func (c *checker) identify(n, first int) {
	for i := first; i < len(c.res.Problems); i++ {
		if p := &c.res.Problems[i]; p.Row == n && p.MemberID == "" && p.Name == "" {
			p.MemberID, p.Name = strings.Clone(visible(c.curID)), strings.Clone(visible(c.curName))
		}
	}
}

// charsOver estimates how many characters of s, printed w mm wide, must go
// for it to fit room mm.
func charsOver(s string, w, room float64) int {
	n := utf8.RuneCountInString(s)
	return max(1, int(math.Ceil(float64(n)*(w-room)/w)))
}

// unreadable rejects a row the file does not let be read, saying why and
// what to do, with the membership number and name if they could be read.
func (c *checker) unreadable(n int, cells []string, rowErr error) {
	kind, hint, column := "unreadable line", "fix it in a text editor or re-export the file", ""
	var re *csvRowError
	if errors.As(rowErr, &re) {
		switch {
		case errors.Is(re.Err, errCSVQuote):
			kind = "misplaced quote mark"
		case errors.Is(re.Err, errCSVLimit):
			kind, hint = "row too large", "no roll needs a cell or row that large: the file is probably damaged or not what it seems; re-export it"
		case errors.Is(re.Err, errCSVEncoding):
			kind, hint = "not in the file's encoding", "the letter was probably pasted from another program; correct it in the spreadsheet and save as \"CSV UTF-8\""
		}
		if re.Col >= 0 {
			column = c.cols.heading(re.Col)
		}
	}
	first := len(c.res.Problems)
	c.problem(n, column, "", Reject, kind, fmt.Sprintf("%v: %s", rowErr, hint))
	if id := c.cols.col[FieldMemberID]; id >= 0 && id < len(cells) && utf8.ValidString(cells[id]) {
		c.curID = strings.TrimSpace(cells[id])
		m := c.identity(n, cells)
		c.curName = m.Name()
		if !utf8.ValidString(c.curName) {
			c.curName = ""
		}
		c.identify(n, first)
	}
}

// garbled finds where s holds UTF-8 read as Windows-1252 or Latin-1: Â or
// Ã, the lead bytes of most accented letters, followed by a character
// from U+0080–U+00BF or the Windows-1252 punctuation those bytes become
// (no language writes Ã´ or Ã©). It returns -1 when there is none.
func garbled(s string) int {
	for i, r := range s {
		if r != 'Ã' && r != 'Â' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		if next >= 0x80 && next <= 0xBF || strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", next) {
			return i
		}
	}
	return -1
}
