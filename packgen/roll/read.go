package roll

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"slices"
	"strings"

	"github.com/ballotpack/ballotpack/internal/infile"
	"github.com/ballotpack/ballotpack/packgen/layout"
)

// ReadFile reads and checks the roll at path: an xlsx workbook or a CSV
// file, told apart by their contents. It returns a *ReadError when the file
// cannot be read as a roll at all; problems with single rows are in the
// Result, never errors.
func ReadFile(path string, opts Options) (*Result, error) {
	return ReadFileContext(context.Background(), path, opts)
}

// ReadFileContext is ReadFile that stops, with ctx's error, when ctx is
// done (Ctrl-C on a roll of millions).
func ReadFileContext(ctx context.Context, path string, opts Options) (*Result, error) {
	res := &Result{Path: path}
	if err := regularFile(path); err != nil {
		return nil, err
	}
	src, err := open(path, &opts, res)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if opts.Coverage == nil {
		opts.Coverage = layout.DefaultCoverage
	}
	if opts.Measure == nil {
		opts.Measure = layout.DefaultMeasurer
	}
	c := &checker{opts: &opts, res: res, ids: newKeyList(), names: newKeyList(), emails: newKeyList()}
	c.reread = func() (source, error) { return open(path, &opts, &Result{Path: path}) }

	replay, err := c.findHeader(src)
	if err != nil {
		return nil, err
	}
	for _, r := range replay {
		c.row(r.n, r.cells, r.kinds, r.err)
	}
	for i := 0; src.Next(); i++ {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n, cells, kinds, rowErr := src.Row()
		c.row(n, cells, kinds, rowErr)
	}
	if err := src.Err(); err != nil {
		if errors.Is(err, errCSVQuote) {
			// Saving again from a spreadsheet would keep the runaway cell.
			return nil, &ReadError{Path: path, Row: c.lastRow + 1, Err: ErrMalformed,
				Msg: fmt.Sprintf("the file cannot be read past this point: %v in a text editor (a spreadsheet would keep the runaway cell), or export the roll again", strings.TrimSuffix(err.Error(), " and try again"))}
		}
		return nil, &ReadError{Path: path, Row: c.lastRow + 1, Err: ErrMalformed,
			Msg: fmt.Sprintf("the file cannot be read past this point (%v): it may be damaged; open and save it again", err)}
	}
	if res.RowsRead == 0 {
		return nil, &ReadError{Path: path, Row: c.headerRow, Err: ErrHeaderOnly,
			Msg: "the file has a header row but no members below it"}
	}
	res.HeaderRow, res.LastRow = c.headerRow, max(c.lastRow, c.headerRow)
	if err := c.finish(); err != nil {
		return nil, err
	}
	return res, nil
}

// checker holds the state of one read.
type checker struct {
	opts      *Options
	res       *Result
	cols      *columnMap
	headerRow int
	lastRow   int

	// pending are rows that passed the row checks, before the checks that
	// need the whole roll (none with Options.CountOnly).
	pending   [][]Member    // in chunks, so a long roll is not copied as it grows
	pendingTo [][]Recipient // the same, with Options.Recipients
	arena     textArena     // their text
	accepted  int           // rows that passed the row checks
	rejected  rowSet
	excluded  rowSet

	ids, names, emails keyList                // hashed keys, for duplicates
	rejectedIDs        map[int]string         // membership numbers of rejected rows, for duplicates
	dates              dateColumn             // the join dates' day/month order
	idLengths          idLengths              // for membership numbers that lost their zeros
	curID, curName     string                 // the row being checked, for its problems
	reread             func() (source, error) // opens the file again (CountOnly)
}

// A sourceRow is a row as a source yields it.
type sourceRow struct {
	n     int
	cells []string
	kinds []cellKind
	err   error
}

// findHeader reads rows until the header row, which must be within the first
// headerSearchRows rows; rows above it are titles. When no row is a clear
// header and the best guess is taken, the rows read past it are returned,
// to be checked as data.
func (c *checker) findHeader(src source) ([]sourceRow, error) {
	path := c.res.Path
	var best *columnMap
	bestN, bestRow, firstRow := 0, 0, []string(nil)
	var read []sourceRow
	for src.Next() {
		n, cells, kinds, rowErr := src.Row()
		c.lastRow = n
		read = append(read, sourceRow{n, cells, kinds, rowErr})
		if n > headerSearchRows {
			break
		}
		if blank(cells) {
			continue
		}
		if firstRow == nil {
			firstRow = cells
		}
		m, k := matchHeader(cells, c.opts.Columns, c.opts.AddressColumns)
		if isHeader(m, k) {
			c.cols, c.headerRow = m, n
			switch {
			case n == 2:
				c.res.Notes = append(c.res.Notes, "the header is row 2; the row above it was read as a title")
			case n > 2:
				c.res.Notes = append(c.res.Notes, fmt.Sprintf("the header is row %d; the %d rows above it were read as titles", n, n-1))
			}
			return nil, c.checkColumns()
		}
		if k > bestN {
			best, bestN, bestRow = m, k, n
		}
	}
	if err := src.Err(); err != nil {
		return nil, &ReadError{Path: path, Err: ErrMalformed, Msg: fmt.Sprintf("the file cannot be read (%v)", err)}
	}
	if firstRow == nil {
		return nil, &ReadError{Path: path, Err: ErrEmpty, Msg: "the sheet is empty"}
	}
	if best != nil && bestN >= 2 {
		c.cols, c.headerRow = best, bestRow
		i := 0
		for i < len(read) && read[i].n <= bestRow {
			i++
		}
		return read[i:], c.checkColumns()
	}
	return nil, &ReadError{Path: path, Err: ErrNoHeader, Msg: fmt.Sprintf(
		"no header row in the first %d rows: expected column names such as \"Membership Number\", \"Surname\", \"Address 1\", \"Town\", \"Postcode\"; the first row with data has %s. Name the columns in the election file's columns section if they are called something else",
		headerSearchRows, foundList(firstRow))}
}

// checkColumns makes sure the header has every required field and every
// column the election file named.
func (c *checker) checkColumns() error {
	named := map[string]Field{}
	for f, h := range c.opts.Columns {
		named[h] = f
	}
	for _, h := range c.opts.AddressColumns {
		named[h] = FieldAddress
	}
	for h, f := range named {
		found := false
		for _, cell := range c.cols.headings {
			if normHeading(cell) == normHeading(h) {
				found = true
			}
		}
		if !found {
			return &ReadError{Path: c.res.Path, Row: c.headerRow, Err: ErrMissingColumns, Msg: fmt.Sprintf(
				"the election file maps %s to a column %q, but the header row has no such column; it has %s",
				f, h, foundList(c.cols.headings))}
		}
	}
	// Two columns for one field: no one can tell which is meant.
	var both []string
	for _, t := range c.cols.twice {
		f := Field(t[0])
		say := fmt.Sprintf("%q and %q are both the %s", c.cols.heading(t[1]), c.cols.heading(t[2]), fieldWords[f])
		// What goes on the pack, or decides who gets one, must be certain;
		// the rest is only noted.
		if f == FieldEmail || f == FieldJoined && c.opts.JoinedBefore.IsZero() || f == FieldStatus && len(c.opts.ExcludedStatuses) == 0 {
			c.res.Notes = append(c.res.Notes, fmt.Sprintf("%s: the first was read", say))
			continue
		}
		both = append(both, say)
	}
	if len(both) > 0 {
		return &ReadError{Path: c.res.Path, Row: c.headerRow, Err: ErrMissingColumns, Msg: fmt.Sprintf(
			"the header row has two columns for one thing (%s): rename or delete the one that is not meant, or name the right one in the election file's columns section",
			strings.Join(both, "; "))}
	}
	// Every column missing, said at once.
	miss := c.cols.missingColumns()
	var rules []string
	if !c.opts.JoinedBefore.IsZero() && c.cols.col[FieldJoined] < 0 {
		miss = append(miss, "join date")
		rules = append(rules, "joined_before")
	}
	if len(c.opts.ExcludedStatuses) > 0 && c.cols.col[FieldStatus] < 0 {
		miss = append(miss, "status")
		rules = append(rules, "excluded_statuses")
	}
	if len(miss) > 0 {
		msg := fmt.Sprintf("no column for %s; the header row has %s. If the roll calls them something else, name them in the election file's columns section",
			strings.Join(miss, ", "), foundList(c.cols.headings))
		if len(rules) > 0 {
			msg += fmt.Sprintf("; if the roll has no such column, the election's eligibility rule (%s) cannot be applied: remove it from the election file", strings.Join(rules, ", "))
		}
		return &ReadError{Path: c.res.Path, Row: c.headerRow, Err: ErrMissingColumns, Msg: msg}
	}
	c.res.Columns = map[Field]string{}
	for f := FieldMemberID; f < fieldCount; f++ {
		if c.cols.col[f] >= 0 {
			c.res.Columns[f] = c.cols.fieldHeading(f)
		}
	}
	return nil
}

func blank(cells []string) bool {
	for _, s := range cells {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// finish runs the checks that need the whole roll, then sorts the problems.
func (c *checker) finish() error {
	res := c.res
	if err := c.resolveDates(); err != nil {
		return err
	}
	// Rows whose keys collide are candidates; their real values decide.
	idCand := c.ids.candidates(nil)
	nameCand := c.names.candidates(c.rejected.has)
	emailCand := c.emails.candidates(c.rejected.has)
	shortRows := c.idLengths.shortRows()
	ident, err := c.identities(idCand, nameCand, emailCand, [][]int{shortRows})
	if err != nil {
		return err
	}
	// Every row sharing a membership number is rejected.
	for _, rows := range exactGroups(idCand, func(r int) string { return ident[r].ID }) {
		for _, r := range rows {
			m := ident[r]
			c.problemFor(r, m, c.cols.fieldHeading(FieldMemberID), m.ID, Reject, "duplicate membership number",
				fmt.Sprintf("membership number %s is also on %s: no one can tell which is right; correct the roll", m.ID, otherRows(rows, r)))
		}
	}
	c.shortMemberIDs(ident, shortRows)
	c.probableDuplicates(ident, nameCand, emailCand)

	if !c.opts.CountOnly && !c.opts.Recipients {
		kept := make([]Member, 0, c.accepted)
		for i, chunk := range c.pending {
			for _, m := range chunk {
				if !c.rejected.has(m.Row) && !c.excluded.has(m.Row) {
					kept = append(kept, m)
				}
			}
			c.pending[i] = nil // let the chunk go while the rest is copied
		}
		res.Members = kept
	}
	if !c.opts.CountOnly && c.opts.Recipients {
		kept := make([]Recipient, 0, c.accepted)
		var arena textArena // a new one: the old blocks go with the e-mails
		for i, chunk := range c.pendingTo {
			for j := range chunk {
				if r := chunk[j].Row(); !c.rejected.has(r) && !c.excluded.has(r) {
					kept = append(kept, chunk[j].withoutEmail(&arena))
				}
			}
			c.pendingTo[i] = nil
		}
		res.Recipients = kept
	}
	c.pending, c.pendingTo = nil, nil
	res.Rejected = c.rejected.len()
	res.Excluded = 0
	for r := range c.excluded.bits {
		res.Excluded += bits.OnesCount64(c.excluded.bits[r] &^ c.rejectedWord(r))
	}
	res.Accepted = res.RowsRead - res.Rejected - res.Excluded
	slices.SortStableFunc(res.Problems, func(a, b Problem) int { return cmp.Compare(a.Row, b.Row) })
	return nil
}

func (c *checker) rejectedWord(w int) uint64 {
	if w < len(c.rejected.bits) {
		return c.rejected.bits[w]
	}
	return 0
}

// identities returns what the duplicate checks need of every candidate
// row: from the members kept, or, with Options.CountOnly, read again.
func (c *checker) identities(groups ...[][]int) (map[int]*Member, error) {
	want := map[int]*Member{}
	for _, gs := range groups {
		for _, g := range gs {
			for _, r := range g {
				want[r] = nil
			}
		}
	}
	if len(want) == 0 {
		return want, nil
	}
	if !c.opts.CountOnly {
		for r := range want {
			if m := c.pendingMember(r); m != nil {
				want[r] = m
			} else {
				want[r] = &Member{Row: r, ID: c.rejectedIDs[r]}
			}
		}
		return want, nil
	}
	src, err := c.reread()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	for src.Next() {
		n, cells, _, _ := src.Row()
		if _, ok := want[n]; ok && n > c.headerRow {
			m := c.identity(n, cells)
			want[n] = &m
		}
	}
	if err := src.Err(); err != nil {
		return nil, &ReadError{Path: c.res.Path, Err: ErrMalformed, Msg: fmt.Sprintf("the file changed while it was read (%v)", err)}
	}
	for r, m := range want {
		if m == nil {
			return nil, &ReadError{Path: c.res.Path, Row: r, Err: ErrMalformed, Msg: "the file changed while it was read: this row is gone"}
		}
	}
	return want, nil
}

// identity reads what names a member from a row's cells: membership
// number, name, postcode (normalised in the UK) and email, as row does.
func (c *checker) identity(n int, cells []string) Member {
	get := func(f Field) string {
		col := c.cols.col[f]
		if col < 0 || col >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[col])
	}
	m := Member{Row: n, ID: get(FieldMemberID), Title: get(FieldTitle), Forename: get(FieldForename), Surname: get(FieldSurname), Email: get(FieldEmail)}
	if c.cols.col[FieldSurname] < 0 {
		m.Surname = get(FieldName)
	}
	m.Postcode = get(FieldPostcode)
	if isUK(get(FieldCountry)) {
		if pc, ok := normalisePostcode(m.Postcode); ok {
			m.Postcode = pc
		}
	}
	return m
}

// pendingMember finds the member of row r among the rows kept so far.
// With Options.Recipients it is a copy: setting its fields changes nothing.
func (c *checker) pendingMember(r int) *Member {
	if c.opts.Recipients {
		i, _ := slices.BinarySearchFunc(c.pendingTo, r, func(chunk []Recipient, r int) int {
			if len(chunk) > 0 && chunk[len(chunk)-1].Row() < r {
				return -1
			}
			return 1
		})
		if i == len(c.pendingTo) {
			return nil
		}
		chunk := c.pendingTo[i]
		j, ok := slices.BinarySearchFunc(chunk, r, func(m Recipient, r int) int { return cmp.Compare(m.Row(), r) })
		if !ok {
			return nil
		}
		return chunk[j].Member()
	}
	i, _ := slices.BinarySearchFunc(c.pending, r, func(chunk []Member, r int) int {
		if len(chunk) > 0 && chunk[len(chunk)-1].Row < r {
			return -1
		}
		return 1
	})
	if i == len(c.pending) {
		return nil
	}
	chunk := c.pending[i]
	j, ok := slices.BinarySearchFunc(chunk, r, func(m Member, r int) int { return cmp.Compare(m.Row, r) })
	if !ok {
		return nil
	}
	return &chunk[j]
}

// resolveDates decides the join dates' day/month order and applies the
// join-date rule to the dates held back until it was known.
func (c *checker) resolveDates() error {
	d := &c.dates
	heading := c.cols.fieldHeading(FieldJoined)
	monthFirst, mixed := d.order()
	if d.cells > 0 && d.dayFirst+d.monthFirst > 0 {
		// A spreadsheet that opened a CSV file in the other country's
		// order made dates of the days it could read that way and left
		// the others as text: its date cells cannot be trusted.
		ex := d.dayEx
		if len(ex) == 0 {
			ex = d.monthEx
		}
		msg := fmt.Sprintf("the join dates in column %q are partly date cells (%s) and partly text dates the spreadsheet did not recognise (%s): that is what a spreadsheet does when it opens a CSV file written in the other day/month order, so the date cells may have day and month swapped. Export the roll again from the membership system, or format the whole column as text (or yyyy-mm-dd)",
			heading, examples(d.cellEx), examples(ex))
		if !c.opts.JoinedBefore.IsZero() {
			return &ReadError{Path: c.res.Path, Column: heading, Err: ErrDateOrder, Msg: msg}
		}
		c.res.Notes = append(c.res.Notes, msg+"; the join dates are not needed for this election")
	}
	if mixed {
		msg := fmt.Sprintf("the join dates in column %q are written both day first (%s) and month first (%s), so a date such as 04/01/2019 cannot be read safely: export the column again in one format, ideally yyyy-mm-dd (2019-01-04)",
			heading, examples(d.dayEx), examples(d.monthEx))
		if !c.opts.JoinedBefore.IsZero() {
			return &ReadError{Path: c.res.Path, Column: heading, Err: ErrDateOrder, Msg: msg}
		}
		c.res.Notes = append(c.res.Notes, msg+"; the join dates are not needed for this election, so they were ignored")
		return nil
	}
	if s := d.describe(heading); s != "" {
		c.res.Notes = append(c.res.Notes, s)
		c.res.DateOrder = "day first"
		if monthFirst {
			c.res.DateOrder = "month first"
		}
	}
	for _, h := range d.held {
		t := dayTime(h.dayFirst)
		if monthFirst {
			t = dayTime(h.monthFirst)
		}
		if !c.opts.Recipients { // a Recipient holds no join date
			if m := c.pendingMember(int(h.row)); m != nil {
				m.Joined = t
			}
		}
		if w, ok := d.words[h.row]; ok {
			first := len(c.res.Problems)
			c.applyJoined(int(h.row), w.value, t)
			for i := first; i < len(c.res.Problems); i++ {
				c.res.Problems[i].MemberID, c.res.Problems[i].Name = visible(w.id), visible(w.name)
			}
		}
	}
	d.held, d.words = nil, nil
	return nil
}

// probableDuplicates warns about (or, strict, rejects) members who look like
// the same person under two membership numbers.
func (c *checker) probableDuplicates(ident map[int]*Member, nameCand, emailCand [][]int) {
	sev := Warning
	if c.opts.Strict {
		sev = Reject
	}
	// Rows rejected as duplicate membership numbers are out; rows a strict
	// check rejects here still count for the other key.
	live := func(cand [][]int) [][]int {
		var out [][]int
		for _, g := range cand {
			if g = slices.DeleteFunc(slices.Clone(g), c.rejected.has); len(g) > 1 {
				out = append(out, g)
			}
		}
		return out
	}
	nameCand, emailCand = live(nameCand), live(emailCand)
	report := func(cand [][]int, key func(*Member) string, col Field, what string) {
		for _, rows := range exactGroups(cand, func(r int) string { return key(ident[r]) }) {
			for _, r := range rows {
				m := ident[r]
				val := m.Email
				if col != FieldEmail {
					val = m.Name() + ", " + m.Postcode
				}
				c.problemFor(r, m, c.cols.fieldHeading(col), val, sev, "probable duplicate person",
					fmt.Sprintf("%s as %s (membership %s): probably one person under two membership numbers, who would get two packs; check with the membership team",
						what, otherRows(rows, r), membershipList(ident, rows, r)))
			}
		}
	}
	report(nameCand, nameKey, FieldSurname, "same name and postcode")
	report(emailCand, emailKey, FieldEmail, "same email")
}

// problemFor records a problem found once the whole roll was read.
func (c *checker) problemFor(row int, m *Member, column, value string, sev Severity, kind, reason string) {
	c.problem(row, column, value, sev, kind, reason)
	p := &c.res.Problems[len(c.res.Problems)-1]
	p.MemberID, p.Name = strings.Clone(visible(m.ID)), visible(m.Name())
}

func membershipList(ident map[int]*Member, rows []int, self int) string {
	var ids []string
	for _, r := range rows {
		if r != self {
			ids = append(ids, ident[r].ID)
		}
	}
	return strings.Join(ids, ", ")
}

// otherRows names the rows of rows other than self.
func otherRows(rows []int, self int) string {
	var others []string
	for _, r := range rows {
		if r != self {
			others = append(others, fmt.Sprint(r))
		}
	}
	if len(others) == 1 {
		return "row " + others[0]
	}
	return "rows " + strings.Join(others, ", ")
}

// problem records a problem with a row.
func (c *checker) problem(row int, column, value string, sev Severity, kind, reason string) {
	// The value is copied: it may be a slice of the block of rows it was
	// read from, which would otherwise stay in memory with it.
	c.res.Problems = append(c.res.Problems, Problem{Row: row, Column: column, Value: strings.Clone(visible(value)), Kind: kind, Reason: reason, Severity: sev})
	switch sev {
	case Reject:
		c.rejected.add(row)
	case Ineligible:
		c.excluded.add(row)
	}
}

// shortMemberIDs warns about numeric membership numbers shorter than the
// usual length, when the roll suggests they lost leading zeros.
func (c *checker) shortMemberIDs(ident map[int]*Member, rows []int) {
	l := &c.idLengths
	length, total, short, _ := l.usual()
	if len(rows) == 0 {
		return
	}
	heading := c.cols.fieldHeading(FieldMemberID)
	c.res.Notes = append(c.res.Notes, fmt.Sprintf("%d of %d membership numbers are shorter than the usual %d digits (such as %s): a spreadsheet may have dropped their leading zeros; each is listed as a warning", short, total, length, l.example))
	for _, r := range rows {
		if c.rejected.has(r) {
			continue
		}
		m := ident[r]
		c.problemFor(r, m, heading, m.ID, Warning, "short membership number",
			fmt.Sprintf("membership number %s has %d digits, but %d of the roll's %d numbers have %d (such as %s): a spreadsheet may have dropped its leading zeros when the roll was re-saved; check it against the membership system (export the column as Text if zeros were lost)",
				m.ID, len(m.ID), l.count[length], total, length, l.example))
	}
}

// regularFile refuses, before anything opens it, a path that is not a
// file a spreadsheet program saved: a named pipe would block the reader
// for ever, and a device such as /dev/zero never ends.
func regularFile(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Mode().IsRegular() || st.IsDir() {
		return nil // open says what is wrong with a missing file or a folder
	}
	return &ReadError{Path: path, Err: ErrNotSpreadsheet, Msg: "is " + infile.Kind(st.Mode()) + ", not a spreadsheet file: give the roll saved as a file (.xlsx or .csv)"}
}
