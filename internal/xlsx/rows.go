package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// A Kind says what a cell holds.
type Kind uint8

const (
	Text         Kind = iota // text: a shared or inline string, or a formula's text result
	Number                   // a number not shown as a date or time
	Date                     // a date, or a date and time, written 2006-01-02
	Time                     // a number shown as a time of day or a duration
	Bool                     // TRUE or FALSE
	ErrorValue               // an error value such as #N/A or #VALUE!
	Uncalculated             // a formula whose value was never calculated and saved
)

var kindNames = [...]string{"text", "number", "date", "time", "true/false", "error value", "uncalculated formula"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "xlsx.Kind(" + strconv.Itoa(int(k)) + ")"
}

const sheetBufSize = 64 << 10

// Rows reads a worksheet's rows in order. Rows the XML leaves out are
// yielded as empty rows, so the numbers go 1, 2, 3, ….
type Rows struct {
	rc    io.Closer
	sc    *xmlScanner
	book  *Book
	part  string
	sheet string

	n         int // the row last yielded
	row       []string
	kinds     []Kind // nil if all text
	next      int    // the number of the row read ahead, 0 if none
	pend      []string
	pendKinds []Kind
	at        int  // the number of the row being read
	data      bool // inside <sheetData>
	done      bool // past it
	err       error

	// The row being read: its values are appended to buf and become one
	// string, which the cells slice; shared strings are used as they are.
	buf      []byte
	spans    []cellSpan
	rowBytes int
	v, is    []byte // the cell being read: <v> and <is> text
}

type cellSpan struct {
	col        int
	start, end int    // in buf
	shared     string // or this string
	isShared   bool
	kind       Kind
}

func newRows(r io.ReadCloser, book *Book, part, sheet string) *Rows {
	return &Rows{rc: r, sc: newXMLScanner(r, sheetBufSize, book.maxToken()), book: book, part: part, sheet: sheet}
}

// Next advances to the next row: false at the end of the sheet or when it
// cannot be read further (Err says why).
func (r *Rows) Next() bool {
	if r.err != nil {
		return false
	}
	if r.next == 0 && !r.done {
		r.at = r.n + 1
		var err error
		if r.next, r.pend, r.pendKinds, err = r.readRow(); err != nil {
			r.err = r.errorAt(err)
			return false
		}
	}
	if r.next == 0 {
		return false
	}
	r.n++
	if r.n < r.next {
		r.row, r.kinds = nil, nil // a row the XML leaves out is blank
		return true
	}
	r.row, r.kinds, r.next, r.pend, r.pendKinds = r.pend, r.pendKinds, 0, nil, nil
	return true
}

// cellError is an error in one cell.
type cellError struct {
	cell string
	err  error
}

func (e *cellError) Error() string { return e.err.Error() }
func (e *cellError) Unwrap() error { return e.err }

func (r *Rows) errorAt(err error) error {
	e := &Error{Part: r.part, Sheet: r.sheet, Row: r.at, Err: err}
	var ce *cellError
	if errors.As(err, &ce) {
		e.Cell, e.Err = ce.cell, ce.err
	}
	return e
}

// Row returns the current row: its number (1 for the first), its cells'
// text (index 0 is column A; empty cells at the end are left off) and what
// each cell is (nil when every cell is text, else as long as cells). The
// slices are new for every row.
func (r *Rows) Row() (n int, cells []string, kinds []Kind) { return r.n, r.row, r.kinds }

// Err returns the error that stopped Next, if any: an *Error naming the
// sheet and row.
func (r *Rows) Err() error { return r.err }

// Close releases the sheet's zip entry.
func (r *Rows) Close() error { return r.rc.Close() }

// readRow reads through the end of the next <row> and returns its number
// and cells; number 0 at the end of the sheet.
func (r *Rows) readRow() (int, []string, []Kind, error) {
	sc := r.sc
	for found := false; !found; {
		sc.next()
		switch {
		case sc.kind == tokEOF:
			r.done = true
			if sc.err == nil && r.data {
				return 0, nil, nil, errors.New("the worksheet ends before the end of its data")
			}
			return 0, nil, nil, sc.err
		case sc.kind == tokStart && string(sc.local) == "row":
			found = true
		case string(sc.local) == "sheetData" && (sc.kind == tokEnd || sc.selfClosing):
			r.done = true
			return 0, nil, nil, nil
		case sc.kind == tokStart && string(sc.local) == "sheetData":
			r.data = true
		}
	}
	n := r.n + 1 // a row without a number follows the one before
	for a := sc.attrs; ; {
		name, val, rest, err := sc.nextAttr(a)
		if err != nil {
			return 0, nil, nil, err
		}
		if name == nil {
			break
		}
		if string(name) == "r" {
			if n, err = strconv.Atoi(string(val)); err != nil || n < 1 {
				return 0, nil, nil, fmt.Errorf("the row number %q is not a number", val)
			}
			r.at = n
		}
		a = rest
	}
	switch {
	case n > r.book.lim.MaxRows:
		return 0, nil, nil, limitErrorf("the row is past the last row, %s", count(r.book.lim.MaxRows))
	case n <= r.n:
		return 0, nil, nil, fmt.Errorf("row %d comes after row %d: the rows are out of order", n, r.n)
	case sc.selfClosing:
		return n, nil, nil, nil
	}

	r.buf, r.spans, r.rowBytes = r.buf[:0], r.spans[:0], 0
	col := -1 // the column of the cell before, 0 = A
	for {
		sc.next()
		switch sc.kind {
		case tokEOF:
			if sc.err != nil {
				return 0, nil, nil, sc.err
			}
			return 0, nil, nil, fmt.Errorf("the worksheet ends inside row %d", n)
		case tokEnd:
			switch string(sc.local) {
			case "row":
				cells, kinds := r.finishRow()
				return n, cells, kinds, nil
			case "sheetData":
				return 0, nil, nil, fmt.Errorf("row %d is not closed", n)
			}
		case tokStart:
			if string(sc.local) != "c" {
				continue
			}
			var err error
			if col, err = r.readCell(n, col); err != nil {
				return 0, nil, nil, err
			}
		}
	}
}

// finishRow makes the cells of the row read, and their kinds unless every
// cell is text.
func (r *Rows) finishRow() ([]string, []Kind) {
	if len(r.spans) == 0 {
		return nil, nil
	}
	width, allText := 0, true
	for _, c := range r.spans {
		width = max(width, c.col+1)
		allText = allText && c.kind == Text
	}
	cells := make([]string, width)
	var kinds []Kind
	if !allText {
		kinds = make([]Kind, width)
	}
	s := string(r.buf)
	for _, c := range r.spans {
		if c.isShared {
			cells[c.col] = c.shared
		} else {
			cells[c.col] = s[c.start:c.end]
		}
		if kinds != nil {
			kinds[c.col] = c.kind
		}
	}
	return cells, kinds
}

// readCell reads a cell whose start tag the scanner is at; prev is the
// column of the cell before it. The cell's value, if it has one or a
// formula, is added to the row. It returns the cell's column.
func (r *Rows) readCell(row, prev int) (int, error) {
	sc := r.sc
	col, style, typ := prev+1, 0, ""
	for a := sc.attrs; ; {
		name, v, rest, err := sc.nextAttr(a)
		if err != nil {
			return 0, err
		}
		if name == nil {
			break
		}
		a = rest
		switch string(name) {
		case "r":
			// The row is the row element's, as Excel and excelize take it.
			c, ok := parseCellColumn(v)
			if !ok {
				return 0, fmt.Errorf("the cell reference %q is not valid", v)
			}
			col = c
		case "s":
			style = atoiOr(v, 0)
		case "t":
			if typ = cellTypes[string(v)]; typ == "" {
				typ = string(v)
			}
		}
	}
	if col >= r.book.lim.MaxColumns {
		return 0, &cellError{colName(col) + strconv.Itoa(row), limitErrorf("the cell is past the last column, %s", colName(r.book.lim.MaxColumns-1))}
	}
	if sc.selfClosing {
		return col, nil
	}
	r.v, r.is = r.v[:0], r.is[:0]
	var (
		hasV, hasIS, hasF bool
		inIS, inRPh       bool
		err               error
	)
	// The usual cells first: <is><t>text</t></is></c> and <v>text</v></c>.
	switch {
	case sc.consume("<is><t>"):
		hasIS, inIS = true, true
		if r.is, err = sc.text(r.is); err != nil {
			return 0, err
		}
		if sc.consume("/t></is></c>") {
			return col, r.addCell(row, col, typ, style, hasV, hasIS, hasF)
		}
		sc.tag()
		sc.held = sc.err == nil
	case sc.consume("<v>"):
		hasV = true
		if r.v, err = sc.text(r.v); err != nil {
			return 0, err
		}
		if sc.consume("/v></c>") {
			return col, r.addCell(row, col, typ, style, hasV, hasIS, hasF)
		}
		sc.tag()
		sc.held = sc.err == nil
	}
	for {
		sc.next()
		switch sc.kind {
		case tokEOF:
			if sc.err != nil {
				return 0, sc.err
			}
			return 0, fmt.Errorf("the worksheet ends inside a cell in row %d", row)
		case tokStart:
			switch string(sc.local) {
			case "v":
				hasV = true
				if !sc.selfClosing {
					if r.v, err = sc.readText(r.v); err != nil {
						return 0, err
					}
				}
			case "f":
				hasF = true
			case "is":
				hasIS, inIS = true, !sc.selfClosing
			case "rPh":
				inRPh = !sc.selfClosing
			case "t":
				if inIS && !inRPh && !sc.selfClosing {
					if r.is, err = sc.readText(r.is); err != nil {
						return 0, err
					}
				}
			}
			if len(r.v) > r.book.maxToken() || len(r.is) > r.book.maxToken() {
				return 0, &cellError{colName(col) + strconv.Itoa(row), limitErrorf("the cell holds more than %s bytes", count(r.book.maxToken()))}
			}
		case tokEnd:
			switch string(sc.local) {
			case "c":
				return col, r.addCell(row, col, typ, style, hasV, hasIS, hasF)
			case "is":
				inIS = false
			case "rPh":
				inRPh = false
			case "row", "sheetData":
				return 0, fmt.Errorf("a cell in row %d is not closed", row)
			}
		}
	}
}

var cellTypes = map[string]string{"s": "s", "inlineStr": "inlineStr", "str": "str", "n": "n", "b": "b", "e": "e", "d": "d"}

// addCell formats the cell just read, from r.v and r.is, and adds it to the
// row if it has a value or a formula.
func (r *Rows) addCell(row, col int, typ string, style int, hasV, hasIS, hasF bool) error {
	lim := &r.book.lim
	cellErr := func(err error) error { return &cellError{colName(col) + strconv.Itoa(row), err} }
	if len(r.spans) >= lim.MaxColumns {
		return limitErrorf("row %d has more than %s cells", row, count(lim.MaxColumns))
	}
	var span cellSpan
	if typ == "s" {
		s, err := r.book.sharedString(r.v, hasV)
		if err != nil {
			return cellErr(err)
		}
		if s == "" && !hasF {
			return nil
		}
		span = cellSpan{col: col, shared: s, isShared: true}
		r.rowBytes += len(s)
	} else {
		start := len(r.buf)
		var kind Kind
		r.buf, kind = r.book.appendCellValue(r.buf, typ, style, r.v, hasIS, r.is)
		text := r.buf[start:]
		if !utf8.Valid(text) {
			return cellErr(errors.New("the cell is not valid UTF-8 text"))
		}
		if len(text) > lim.MaxCellChars && utf8.RuneCount(text) > lim.MaxCellChars {
			return cellErr(limitErrorf("the cell holds %s characters, more than %s", count(utf8.RuneCount(text)), count(lim.MaxCellChars)))
		}
		// A formula never calculated: its value is unknown, not empty.
		// openpyxl writes an empty <v></v> for one.
		if hasF && !hasIS && (!hasV || len(r.v) == 0 && typ != "str") {
			kind = Uncalculated
		}
		if len(text) == 0 && !hasF {
			return nil
		}
		span = cellSpan{col: col, start: start, end: len(r.buf), kind: kind}
		r.rowBytes += len(text)
	}
	if r.rowBytes > lim.MaxRowBytes {
		return limitErrorf("row %d holds more than %s of text", row, size(uint64(lim.MaxRowBytes)))
	}
	r.spans = append(r.spans, span)
	return nil
}

// sharedString returns the shared string a t="s" cell's value points to.
func (b *Book) sharedString(v []byte, hasV bool) (string, error) {
	if !hasV {
		return "", nil
	}
	i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	if err != nil || i < 0 || i >= b.sst.len() {
		return "", fmt.Errorf("shared string %q is not in the workbook's table of %d", v, b.sst.len())
	}
	return b.sst.get(i), nil
}

// appendCellValue appends a cell's value for any type but a shared string,
// and says what it is: inline strings as they are; booleans TRUE and FALSE;
// numbers as their number format says (see numFormat.appendValue); errors
// (#N/A) and formula strings as they are.
func (b *Book) appendCellValue(dst []byte, typ string, style int, v []byte, hasIS bool, is []byte) ([]byte, Kind) {
	switch typ {
	case "inlineStr":
		if hasIS {
			return appendBSTR(dst, is), Text
		}
	case "str":
		return appendBSTR(dst, v), Text
	case "b":
		switch string(bytes.TrimSpace(v)) {
		case "1":
			return append(dst, "TRUE"...), Bool
		case "0":
			return append(dst, "FALSE"...), Bool
		}
	case "e":
		return append(dst, v...), ErrorValue
	case "d":
		if t, ok := parseISODate(v); ok {
			return t.AppendFormat(dst, "2006-01-02"), Date
		}
	case "", "n":
		if len(v) == 0 {
			return dst, Text
		}
		f := &generalFormat
		if style >= 0 && style < len(b.styles) {
			f = &b.styles[style]
		}
		return f.appendValue(dst, v, b.date1904)
	}
	return append(dst, v...), Text
}
