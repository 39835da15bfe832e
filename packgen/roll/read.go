package roll

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ballotpack/ballotpack/packgen/layout"
)

// ReadFile reads and checks the roll at path: an xlsx workbook or a CSV
// file, told apart by their contents. It returns a *ReadError when the file
// cannot be read as a roll at all; problems with single rows are in the
// Result, never errors.
func ReadFile(path string, opts Options) (*Result, error) {
	res := &Result{Path: path}
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
	c := &checker{opts: &opts, res: res, ids: newGroups()}

	replay, err := c.findHeader(src)
	if err != nil {
		return nil, err
	}
	for _, r := range replay {
		c.row(r.n, r.cells, r.kinds, r.err)
	}
	for src.Next() {
		n, cells, kinds, rowErr := src.Row()
		c.row(n, cells, kinds, rowErr)
	}
	if err := src.Err(); err != nil {
		return nil, &ReadError{Path: path, Row: c.lastRow + 1, Err: ErrMalformed,
			Msg: fmt.Sprintf("the file cannot be read past this point (%v): it may be damaged; open and save it again", err)}
	}
	if res.RowsRead == 0 {
		return nil, &ReadError{Path: path, Row: c.headerRow, Err: ErrHeaderOnly,
			Msg: "the file has a header row but no members below it"}
	}
	c.finish()
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
	// need the whole roll; rejected marks rows (by file row) already rejected.
	pending  [][]Member // in chunks, so a long roll is not copied as it grows
	rejected map[int]bool
	ids      *groups // membership number → every row giving it
	excluded map[int]bool
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
func (c *checker) finish() {
	res := c.res
	// Every row sharing a membership number is rejected.
	for id, rows := range c.ids.dups {
		for _, r := range rows {
			c.problem(r, c.cols.fieldHeading(FieldMemberID), id, Reject, "duplicate membership number",
				fmt.Sprintf("membership number %s is also on %s: no one can tell which is right; correct the roll", id, otherRows(rows, r)))
		}
	}
	n := 0
	for _, chunk := range c.pending {
		n += len(chunk)
	}
	kept := make([]Member, 0, n)
	for i, chunk := range c.pending {
		for _, m := range chunk {
			if !c.rejected[m.Row] {
				kept = append(kept, m)
			}
		}
		c.pending[i] = nil // let the chunk go while the rest is copied
	}
	c.probableDuplicates(kept)
	res.Members = slices.DeleteFunc(kept, func(m Member) bool { return c.rejected[m.Row] || c.excluded[m.Row] })
	c.pending = nil
	res.Rejected = len(c.rejected)
	for r := range c.excluded {
		if !c.rejected[r] {
			res.Excluded++
		}
	}
	slices.SortStableFunc(res.Problems, func(a, b Problem) int { return cmp.Compare(a.Row, b.Row) })
}

// probableDuplicates warns about (or, strict, rejects) members who look like
// the same person under two membership numbers.
func (c *checker) probableDuplicates(ms []Member) {
	sev := Warning
	if c.opts.Strict {
		sev = Reject
	}
	byName, byEmail := newGroups(), newGroups()
	for i := range ms {
		m := &ms[i]
		if m.Postcode != "" {
			byName.add(foldName(m.Forename+" "+m.Surname)+"|"+strings.ToUpper(strings.ReplaceAll(m.Postcode, " ", "")), i)
		}
		if m.Email != "" {
			byEmail.add(strings.ToLower(m.Email), i)
		}
	}
	report := func(g *groups, col Field, what string) {
		for _, idx := range g.dups {
			rows := make([]int, len(idx))
			for j, i := range idx {
				rows[j] = ms[i].Row
			}
			for j, i := range idx {
				m := &ms[i]
				val := m.Email
				if col != FieldEmail {
					val = m.Name() + ", " + m.Postcode
				}
				c.problem(rows[j], c.cols.fieldHeading(col), val, sev, "probable duplicate person",
					fmt.Sprintf("%s as %s (membership %s): probably one person under two membership numbers, who would get two packs; check with the membership team",
						what, otherRows(rows, rows[j]), membershipList(ms, idx, i)))
			}
		}
	}
	report(byName, FieldSurname, "same name and postcode")
	report(byEmail, FieldEmail, "same email")
}

func membershipList(ms []Member, idx []int, self int) string {
	var ids []string
	for _, i := range idx {
		if i != self {
			ids = append(ids, ms[i].ID)
		}
	}
	return strings.Join(ids, ", ")
}

// groups finds keys given more than once, keeping little for the rest: a
// roll has 160,000 keys and a handful of duplicates.
type groups struct {
	first map[string]int   // key → the first value given it
	dups  map[string][]int // key → every value, for keys given more than once
}

func newGroups() *groups { return &groups{first: map[string]int{}, dups: map[string][]int{}} }

func (g *groups) add(key string, v int) {
	if d, ok := g.dups[key]; ok {
		g.dups[key] = append(d, v)
		return
	}
	if f, ok := g.first[key]; ok {
		g.dups[key] = []int{f, v}
		return
	}
	g.first[key] = v
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
	c.res.Problems = append(c.res.Problems, Problem{Row: row, Column: column, Value: visible(value), Kind: kind, Reason: reason, Severity: sev})
	switch sev {
	case Reject:
		if c.rejected == nil {
			c.rejected = map[int]bool{}
		}
		c.rejected[row] = true
	case Ineligible:
		if c.excluded == nil {
			c.excluded = map[int]bool{}
		}
		c.excluded[row] = true
	}
}
