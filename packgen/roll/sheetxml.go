package roll

// A streaming reader for xlsx worksheets. excelize's row iterator decodes
// every cell with encoding/xml and formats every number through its full
// number-format engine, which takes about 20 s for a 160,000-row roll. This
// reader scans the worksheet XML by hand as it is inflated from the zip
// entry, through a bufio.Reader (never all of it in memory), and formats
// only what a roll needs: text as is, booleans, zero-padded membership
// numbers, and dates (as 2006-01-02).

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxSheetRows = 1 << 20 // Excel's limits: 1,048,576 rows…
	maxSheetCols = 1 << 14 // …and 16,384 columns (A to XFD)
	maxXMLToken  = 4 << 20 // the longest tag or text the scanner accepts
	maxCellText  = 4 << 20 // the longest cell value (Excel's is 32,767 characters)
	sheetBufSize = 64 << 10
)

// xlsxBook is what a worksheet reader needs from an xlsx package: where
// each sheet's XML is, the shared strings, and each cell style's number
// format.
type xlsxBook struct {
	files    map[string]*zip.File // by part name, lower case, without a leading /
	sheets   []bookSheet          // in workbook order
	sst      []string
	xfs      []cellFormat // indexed by a cell's s attribute
	date1904 bool
}

type bookSheet struct{ name, part string }

// openBook reads the workbook, its relationships, the shared strings and
// the styles from zr. date1904 says whether serial dates count from 1904.
func openBook(zr *zip.Reader, date1904 bool) (*xlsxBook, error) {
	b := &xlsxBook{files: make(map[string]*zip.File, len(zr.File)), date1904: date1904}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := b.files[name]; !dup {
			b.files[name] = f
		}
	}
	// The package relationships name the workbook part, almost always
	// xl/workbook.xml.
	wbPart := "xl/workbook.xml"
	rels, err := b.readRels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	if t, ok := rels.byType["officeDocument"]; ok && b.files[strings.ToLower(t)] != nil {
		wbPart = t
	}
	var sheets []bookSheet // name, r:id
	err = b.scanPart(wbPart, true, func(sc *xmlScanner) error {
		if sc.kind != tokStart || string(sc.local) != "sheet" {
			return nil
		}
		var s bookSheet
		err := sc.eachAttr(func(name, val []byte) {
			switch string(name) {
			case "name":
				s.name = string(val)
			case "id":
				s.part = string(val)
			}
		})
		sheets = append(sheets, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	dir := path.Dir(wbPart)
	if rels, err = b.readRels(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir); err != nil {
		return nil, err
	}
	for _, s := range sheets {
		if t, ok := rels.byID[s.part]; ok {
			b.sheets = append(b.sheets, bookSheet{name: s.name, part: t})
		}
	}
	sstPart, ok := rels.byType["sharedStrings"]
	if !ok {
		sstPart = path.Join(dir, "sharedStrings.xml")
	}
	if err := b.readSharedStrings(sstPart); err != nil {
		return nil, err
	}
	stylesPart, ok := rels.byType["styles"]
	if !ok {
		stylesPart = path.Join(dir, "styles.xml")
	}
	if err := b.readStyles(stylesPart); err != nil {
		return nil, err
	}
	return b, nil
}

type relationships struct {
	byID   map[string]string // Id → part
	byType map[string]string // the end of Type ("worksheet", "styles", …) → the first such part
}

// readRels reads a relationships part; relative targets are resolved
// against dir, the folder of the part the relationships belong to. A
// missing part has no relationships.
func (b *xlsxBook) readRels(part, dir string) (relationships, error) {
	rels := relationships{byID: map[string]string{}, byType: map[string]string{}}
	err := b.scanPart(part, false, func(sc *xmlScanner) error {
		if sc.kind != tokStart || string(sc.local) != "Relationship" {
			return nil
		}
		var id, target, typ string
		external := false
		err := sc.eachAttr(func(name, val []byte) {
			switch string(name) {
			case "Id":
				id = string(val)
			case "Target":
				target = string(val)
			case "Type":
				typ = string(val)
			case "TargetMode":
				external = string(val) == "External"
			}
		})
		if err != nil || external || target == "" {
			return err
		}
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		if id != "" {
			rels.byID[id] = target
		}
		if i := strings.LastIndexByte(typ, '/'); i >= 0 {
			if k := typ[i+1:]; rels.byType[k] == "" {
				rels.byType[k] = target
			}
		}
		return nil
	})
	return rels, err
}

// scanPart calls fn at every tag of a part. A missing part is an error only
// if it is required.
func (b *xlsxBook) scanPart(part string, required bool, fn func(*xmlScanner) error) error {
	f := b.files[strings.ToLower(part)]
	if f == nil {
		if required {
			return fmt.Errorf("the workbook has no %s", part)
		}
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", part, err)
	}
	defer rc.Close()
	size := 4096
	if f.UncompressedSize64 > 1<<20 { // a big shared string table
		size = sheetBufSize
	}
	sc := newXMLScanner(rc, size)
	for {
		if sc.next(); sc.kind == tokEOF {
			break
		}
		if err := fn(sc); err != nil {
			return fmt.Errorf("%s: %w", part, err)
		}
	}
	if sc.err != nil {
		return fmt.Errorf("%s: %w", part, sc.err)
	}
	return nil
}

// readSharedStrings reads the shared string table: each <si> holds one <t>
// or rich-text runs <r><t>…</t></r>, which are concatenated; phonetic runs
// (<rPh>) are not part of the text.
func (b *xlsxBook) readSharedStrings(part string) error {
	var (
		text        []byte
		inSI, inRPh bool
	)
	return b.scanPart(part, false, func(sc *xmlScanner) error {
		switch sc.kind {
		case tokStart:
			switch string(sc.local) {
			case "sst":
				// Size the table, but believe uniqueCount only as far as
				// the part could hold that many strings.
				err := sc.eachAttr(func(name, val []byte) {
					n := atoiOr(val, 0)
					if f := b.files[strings.ToLower(part)]; string(name) == "uniqueCount" && n > 0 && uint64(n) <= f.UncompressedSize64/8 {
						b.sst = make([]string, 0, n)
					}
				})
				return err
			case "si":
				inSI, inRPh, text = !sc.selfClosing, false, text[:0]
				if sc.selfClosing {
					b.sst = append(b.sst, "")
				}
			case "rPh":
				inRPh = !sc.selfClosing
			case "t":
				if inSI && !inRPh && !sc.selfClosing {
					var err error
					text, err = sc.readText(text)
					return err
				}
			}
		case tokEnd:
			switch string(sc.local) {
			case "si":
				if !inSI {
					return nil
				}
				inSI = false
				if !utf8.Valid(text) {
					return fmt.Errorf("shared string %d is not valid UTF-8", len(b.sst))
				}
				if bytes.Contains(text, []byte("_x")) {
					text = appendBSTR(nil, text)
				}
				b.sst = append(b.sst, string(text))
			case "rPh":
				inRPh = false
			}
		}
		return nil
	})
}

// cellFormat is what a cell style's number format does to a number.
type cellFormat struct {
	kind  uint8 // fmtGeneral, fmtPadded or fmtDate
	width int   // fmtPadded: the digits to pad the integer to
}

const (
	fmtGeneral = iota // the number as written
	fmtPadded         // an integer, zero-padded to width ("0000000")
	fmtDate           // a date, as 2006-01-02
	fmtTime           // a time of day or a duration, with no date
)

// readStyles reads the custom number formats and the number format of each
// cell style (<cellXfs><xf numFmtId=…>, in order).
func (b *xlsxBook) readStyles(part string) error {
	custom := map[int]string{}
	var ids []int
	inCellXfs := false
	err := b.scanPart(part, false, func(sc *xmlScanner) error {
		switch sc.kind {
		case tokStart:
			switch string(sc.local) {
			case "numFmt":
				id, code := -1, ""
				err := sc.eachAttr(func(name, val []byte) {
					switch string(name) {
					case "numFmtId":
						id = atoiOr(val, -1)
					case "formatCode":
						code = string(val)
					}
				})
				if id >= 0 {
					custom[id] = code
				}
				return err
			case "cellXfs":
				inCellXfs = !sc.selfClosing
			case "xf":
				if !inCellXfs {
					return nil
				}
				id := 0
				err := sc.eachAttr(func(name, val []byte) {
					if string(name) == "numFmtId" {
						id = atoiOr(val, 0)
					}
				})
				ids = append(ids, id)
				return err
			}
		case tokEnd:
			if string(sc.local) == "cellXfs" {
				inCellXfs = false
			}
		}
		return nil
	})
	b.xfs = make([]cellFormat, len(ids))
	for i, id := range ids {
		if code, ok := custom[id]; ok {
			b.xfs[i] = classifyFormatCode(code)
		} else {
			b.xfs[i] = builtinFormat(id)
		}
	}
	return err
}

func atoiOr(b []byte, def int) int {
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		return def
	}
	return n
}

// builtinFormat classifies Excel's built-in number formats: 1 is "0";
// 14–22, 27–36, 45–47 and 50–58 are dates and times (some of them
// depending on the locale).
func builtinFormat(id int) cellFormat {
	switch {
	case id == 1:
		return cellFormat{kind: fmtPadded, width: 1}
	case 18 <= id && id <= 21, 45 <= id && id <= 47:
		return cellFormat{kind: fmtTime} // h:mm AM/PM, h:mm:ss, mm:ss, [h]:mm:ss, mm:ss.0
	case 14 <= id && id <= 22, 27 <= id && id <= 36, 50 <= id && id <= 58:
		return cellFormat{kind: fmtDate}
	}
	return cellFormat{}
}

// classifyFormatCode classifies a custom number format code by its first
// section (the one positive numbers use): zeros alone ("0000000", or
// "00000;@") pad an integer; a d or y outside quotes, escapes and brackets
// makes a date, as does an m with no h or s beside it; h or s alone (or
// [h], [mm], [ss]) make a time, which is not a date.
func classifyFormatCode(code string) cellFormat {
	if len(code) > 255 {
		return cellFormat{}
	}
	first := code
	var date, month, clock bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			first = code[:i]
			i = len(code)
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return cellFormat{}
			}
			i += j + 1
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return cellFormat{}
			}
			switch strings.ToLower(strings.Trim(code[i+1:i+1+j], "hms")) {
			case "": // [h], [mm], [ss]: elapsed time
				clock = true
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is literal, a space as wide, or a fill
		case 'd', 'D', 'y', 'Y':
			date = true
		case 'm', 'M':
			month = true
		case 'h', 'H', 's', 'S':
			clock = true
		}
	}
	switch {
	case first != "" && strings.Trim(first, "0") == "":
		return cellFormat{kind: fmtPadded, width: len(first)}
	case date, month && !clock:
		return cellFormat{kind: fmtDate}
	case clock:
		return cellFormat{kind: fmtTime}
	}
	return cellFormat{}
}

// openSheet starts reading the named sheet.
func (b *xlsxBook) openSheet(name string) (*sheetReader, error) {
	part, ok := "", false
	for _, s := range b.sheets {
		if s.name == name {
			part, ok = s.part, true
			break
		}
	}
	if !ok {
		return nil, fmt.Errorf("the workbook does not say where sheet %q is", name)
	}
	f := b.files[strings.ToLower(part)]
	if f == nil {
		return nil, fmt.Errorf("sheet %q should be in %s, which is not in the workbook", name, part)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", part, err)
	}
	return newSheetReader(rc, b), nil
}

// sheetReader yields a worksheet's rows in order, one []string per row
// (index 0 is column A, empty cells at the end left off), numbered as a
// spreadsheet shows them: a row missing from the XML is yielded as an
// empty row.
type sheetReader struct {
	rc   io.Closer
	sc   *xmlScanner
	book *xlsxBook

	n         int        // the row last yielded
	row       []string   // its cells
	kinds     []cellKind // what they are, nil if all text
	next      int        // the number of the row read ahead, 0 if none
	pend      []string   // its cells
	pendKinds []cellKind
	at        int  // the number of the row being read
	data      bool // inside <sheetData>
	done      bool // past it
	err       error

	// The row being read: its values are appended to buf and become one
	// string, which the cells slice; shared strings are used as they are.
	buf   []byte
	spans []cellSpan
	v, is []byte // the cell being read: <v> and <is> text
}

type cellSpan struct {
	col        int
	start, end int    // in buf
	shared     string // or this string
	isShared   bool
	kind       cellKind
}

func newSheetReader(r io.ReadCloser, book *xlsxBook) *sheetReader {
	return &sheetReader{rc: r, sc: newXMLScanner(r, sheetBufSize), book: book}
}

// Next advances to the next row, false at the end of the sheet or on error.
func (r *sheetReader) Next() bool {
	if r.err != nil {
		return false
	}
	if r.next == 0 && !r.done {
		r.at = r.n + 1
		if r.next, r.pend, r.pendKinds, r.err = r.readRow(); r.err != nil {
			r.err = fmt.Errorf("near row %d: %w", r.at, r.err)
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

// Row returns the current row's number and cells.
func (r *sheetReader) Row() (int, []string) { return r.n, r.row }

// Kinds says what each of the current row's cells is: nil when every cell
// is text, else as long as the row.
func (r *sheetReader) Kinds() []cellKind { return r.kinds }

// Err returns the error that stopped the reader, if any.
func (r *sheetReader) Err() error { return r.err }

func (r *sheetReader) Close() error { return r.rc.Close() }

// readRow reads through the end of the next <row> and returns its number
// and cells; number 0 at the end of the sheet.
func (r *sheetReader) readRow() (int, []string, []cellKind, error) {
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
	case n > maxSheetRows:
		return 0, nil, nil, fmt.Errorf("row %d is past Excel's last row, %d", n, maxSheetRows)
	case n <= r.n:
		return 0, nil, nil, fmt.Errorf("row %d comes after row %d: the rows are out of order", n, r.n)
	case sc.selfClosing:
		return n, nil, nil, nil
	}

	r.buf, r.spans = r.buf[:0], r.spans[:0]
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
func (r *sheetReader) finishRow() ([]string, []cellKind) {
	if len(r.spans) == 0 {
		return nil, nil
	}
	width, allText := 0, true
	for _, c := range r.spans {
		width = max(width, c.col+1)
		allText = allText && c.kind == kindText
	}
	cells := make([]string, width)
	var kinds []cellKind
	if !allText {
		kinds = make([]cellKind, width)
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
func (r *sheetReader) readCell(row, prev int) (int, error) {
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
	if col >= maxSheetCols {
		return 0, fmt.Errorf("a cell in row %d is past Excel's last column, XFD", row)
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
			if len(r.v) > maxCellText || len(r.is) > maxCellText {
				return 0, fmt.Errorf("a cell in row %d holds more than %d bytes", row, maxCellText)
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
func (r *sheetReader) addCell(row, col int, typ string, style int, hasV, hasIS, hasF bool) error {
	start := len(r.buf)
	if typ == "s" {
		s, err := r.book.sharedString(r.v, hasV)
		if err != nil {
			return fmt.Errorf("cell %s%d: %w", colName(col), row, err)
		}
		if s != "" || hasF {
			r.spans = append(r.spans, cellSpan{col: col, shared: s, isShared: true})
		}
		return nil
	}
	var kind cellKind
	r.buf, kind = r.book.appendCellValue(r.buf, typ, style, r.v, hasIS, r.is)
	if !utf8.Valid(r.buf[start:]) {
		return fmt.Errorf("cell %s%d is not valid UTF-8 text", colName(col), row)
	}
	if hasF && !hasV && !hasIS {
		kind = kindNoValue // a formula never calculated: its value is unknown, not empty
	}
	if len(r.buf) > start || hasF {
		r.spans = append(r.spans, cellSpan{col: col, start: start, end: len(r.buf), kind: kind})
	}
	return nil
}

// sharedString returns the shared string a t="s" cell's value points to.
func (b *xlsxBook) sharedString(v []byte, hasV bool) (string, error) {
	if !hasV {
		return "", nil
	}
	i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	if err != nil || i < 0 || i >= len(b.sst) {
		return "", fmt.Errorf("shared string %q is not in the workbook's table of %d", v, len(b.sst))
	}
	return b.sst[i], nil
}

// appendCellValue appends a cell's value, formatted as the roll reader
// reads it, for any type but a shared string: inline strings as they are;
// booleans TRUE and FALSE; numbers as written, except that a zero-padded
// number format pads them and a date format makes them dates (2006-01-02);
// errors (#N/A) and formula strings as they are.
func (b *xlsxBook) appendCellValue(dst []byte, typ string, style int, v []byte, hasIS bool, is []byte) ([]byte, cellKind) {
	switch typ {
	case "inlineStr":
		if hasIS {
			return appendBSTR(dst, is), kindText
		}
	case "b":
		switch string(v) {
		case "1":
			return append(dst, "TRUE"...), kindBool
		case "0":
			return append(dst, "FALSE"...), kindBool
		}
	case "e":
		return append(dst, v...), kindError
	case "d":
		if t, ok := parseISODate(v); ok {
			return t.AppendFormat(dst, "2006-01-02"), kindDate
		}
	case "", "n":
		kind := kindNumber
		if style >= 0 && style < len(b.xfs) {
			f := b.xfs[style]
			if f.kind == fmtTime {
				kind = kindTime
			}
			if out, ok := appendNumber(dst, v, f, b.date1904); ok {
				if f.kind == fmtDate {
					kind = kindDate
				}
				return out, kind
			}
		}
		if len(v) == 0 {
			kind = kindText
		}
		return append(dst, v...), kind
	}
	return append(dst, v...), kindText
}

// appendNumber formats a number under a zero-padded or date number format;
// false leaves the number as written.
func appendNumber(dst, v []byte, f cellFormat, date1904 bool) ([]byte, bool) {
	switch f.kind {
	case fmtPadded:
		return appendPadded(dst, v, f.width)
	case fmtDate:
		x, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return dst, false
		}
		t, ok := serialDate(x, date1904)
		if !ok {
			return dst, false
		}
		if t.IsZero() { // Excel's 29 February 1900
			return append(dst, "1900-02-29"...), true
		}
		return t.AppendFormat(dst, "2006-01-02"), true
	}
	return dst, false
}

// appendPadded appends v rounded to an integer and zero-padded to width
// digits, as Excel shows it under a number format such as "0000000".
func appendPadded(dst, v []byte, width int) ([]byte, bool) {
	neg, digits := false, v
	if len(digits) > 0 && digits[0] == '-' {
		neg, digits = true, digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return dst, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			x, err := strconv.ParseFloat(string(v), 64)
			if err != nil || math.IsNaN(x) || math.Abs(x) >= 1e15 {
				return dst, false
			}
			x = math.Round(x) // half away from zero, as Excel rounds
			neg, digits = x < 0, strconv.AppendInt(nil, int64(math.Abs(x)), 10)
			break
		}
	}
	digits = bytes.TrimLeft(digits, "0")
	if len(digits) == 0 {
		neg = false // Excel shows -0.2 as 0 under "0", not -0
	}
	if neg {
		dst = append(dst, '-')
	}
	for i := len(digits); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...), true
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC) // so that serial 61 is 1 March 1900
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialDate returns the day of a spreadsheet serial number, its time of
// day rounded to the second and then dropped. In the 1900 system serial 60
// is Excel's 29 February 1900, a day that never was: it returns the zero
// time for it. Serials before 1 (1900 system) or 0 (1904), and after 31
// December 9999, are not dates Excel shows.
func serialDate(x float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(x) || x < 0 || x >= 2958466 {
		return time.Time{}, false
	}
	days := int(math.Floor(math.Round(x*86400) / 86400))
	var t time.Time
	switch {
	case date1904:
		t = epoch1904.AddDate(0, 0, days)
	case days < 1:
		return time.Time{}, false
	case days < 60: // before Excel's 29 February 1900
		t = epoch1900.AddDate(0, 0, days+1)
	case days == 60:
		return time.Time{}, true
	default:
		t = epoch1900.AddDate(0, 0, days)
	}
	if t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// parseISODate reads the value of a t="d" cell: an ISO 8601 date, perhaps
// with a time.
func parseISODate(v []byte) (time.Time, bool) {
	s := string(v)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseCellColumn reads the column (0 = A) of a cell reference such as
// "B7".
func parseCellColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3; i++ { // XFD is the last column
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	digits := ref[i:]
	if i == 0 || len(digits) == 0 || len(digits) > 7 || digits[0] == '0' {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col - 1, true
}

// colName is the name of column col (0 = A).
func colName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// appendBSTR appends b with the _xHHHH_ escapes that Excel writes for
// characters XML cannot hold undone (_x005F_ is a literal underscore), as
// excelize undoes them.
func appendBSTR(dst, b []byte) []byte {
	for {
		i := bytes.Index(b, []byte("_x"))
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		if len(b) >= 7 && b[6] == '_' {
			if r, ok := hex4(b[2:6]); ok {
				if utf8.ValidRune(r) {
					dst = utf8.AppendRune(dst, r)
				}
				b = b[7:]
				continue
			}
		}
		dst = append(dst, '_')
		b = b[1:]
	}
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// xmlScanner is a small XML tokenizer, enough for the parts of an xlsx
// package: start and end tags with their local names (namespace prefixes
// dropped), attributes, and text with the predefined entities and
// character references decoded. Comments, processing instructions and a
// document type are skipped; CDATA sections are text. It does not check
// that tags nest properly, nor that names are valid.
type xmlScanner struct {
	r   *bufio.Reader
	err error

	kind        tokKind
	local       []byte // the tag's local name; valid until the next read
	attrs       []byte // a start tag's attributes, raw; valid until the next read
	selfClosing bool
	held        bool // next is to return the current tag again

	scratch []byte // a token longer than the reader's buffer
	long    []byte // a tag read on past a '>' (in an attribute value, a comment, …)
	attrVal []byte // an attribute value with entities decoded
}

type tokKind uint8

const (
	tokEOF   tokKind = iota // the end of the input, or an error
	tokStart                // <name …> or <name …/>
	tokEnd                  // </name>
	tokOther                // a comment, processing instruction, document type or CDATA
)

func newXMLScanner(r io.Reader, size int) *xmlScanner {
	if size <= 0 {
		size = 4096
	}
	return &xmlScanner{r: bufio.NewReaderSize(r, size)}
}

func (s *xmlScanner) fail(err error) {
	if s.err == nil {
		s.err = err
	}
	s.kind, s.held = tokEOF, false
}

// readUntil reads through the next delim and returns what it read, which
// may be the reader's own buffer.
func (s *xmlScanner) readUntil(delim byte) ([]byte, error) {
	b, err := s.r.ReadSlice(delim)
	if err != bufio.ErrBufferFull {
		return b, err
	}
	s.scratch = append(s.scratch[:0], b...)
	for {
		b, err = s.r.ReadSlice(delim)
		s.scratch = append(s.scratch, b...)
		if len(s.scratch) > maxXMLToken {
			return nil, fmt.Errorf("an XML tag or text is longer than %d bytes", maxXMLToken)
		}
		if err != bufio.ErrBufferFull {
			return s.scratch, err
		}
	}
}

// consume reads lit if the input goes on with it.
func (s *xmlScanner) consume(lit string) bool {
	b, _ := s.r.Peek(len(lit))
	if string(b) != lit {
		return false
	}
	s.r.Discard(len(lit))
	return true
}

// next advances to the next tag, skipping any text before it (readText
// collects text), or to tokEOF at the end of the input or on an error.
func (s *xmlScanner) next() {
	if s.held {
		s.held = false
		return
	}
	if s.err != nil {
		s.kind = tokEOF
		return
	}
	for {
		_, err := s.r.ReadSlice('<')
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			if err != io.EOF {
				s.fail(err)
			}
			s.kind = tokEOF
			return
		}
	}
	s.tag()
}

// tag reads the tag after a '<'.
func (s *xmlScanner) tag() {
	t, err := s.readUntil('>')
	if err != nil {
		s.fail(s.eofErr(err, "inside a tag"))
		return
	}
	t = t[:len(t)-1]
	s.selfClosing, s.attrs, s.local = false, nil, nil
	if len(t) == 0 {
		s.fail(errors.New("an empty tag <>"))
		return
	}
	switch t[0] {
	case '/':
		s.kind = tokEnd
		end := len(t)
		for end > 1 && isSpace(t[end-1]) {
			end--
		}
		s.local = localName(t[1:end])
		return
	case '?':
		s.kind = tokOther
		for t[len(t)-1] != '?' {
			if t, err = s.extend(t); err != nil {
				s.fail(s.eofErr(err, "inside a processing instruction"))
				return
			}
		}
		return
	case '!':
		s.kind = tokOther
		s.other(t)
		return
	}
	for quoteOpen(t) {
		if t, err = s.extend(t); err != nil {
			s.fail(s.eofErr(err, "inside a tag"))
			return
		}
	}
	s.kind = tokStart
	if t[len(t)-1] == '/' {
		s.selfClosing, t = true, t[:len(t)-1]
	}
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	s.local, s.attrs = localName(t[:i]), t[i:]
	if len(s.local) == 0 {
		s.fail(errors.New("a tag without a name"))
	}
}

// other reads on to the end of a comment, CDATA section or document type
// declaration whose first '>' ended t, and returns it whole (from the '!'
// to before the last '>').
func (s *xmlScanner) other(t []byte) []byte {
	var (
		done  func([]byte) bool
		where string
	)
	switch {
	case bytes.HasPrefix(t, []byte("!--")):
		done = func(t []byte) bool { return len(t) >= 5 && bytes.HasSuffix(t, []byte("--")) }
		where = "inside a comment"
	case bytes.HasPrefix(t, []byte("![CDATA[")):
		done = func(t []byte) bool { return len(t) >= 10 && bytes.HasSuffix(t, []byte("]]")) }
		where = "inside a CDATA section"
	default: // <!DOCTYPE …>, perhaps with an internal subset in brackets
		done = func(t []byte) bool { return bytes.Count(t, []byte("[")) <= bytes.Count(t, []byte("]")) }
		where = "inside a document type"
	}
	for !done(t) {
		var err error
		if t, err = s.extend(t); err != nil {
			s.fail(s.eofErr(err, where))
			return nil
		}
	}
	return t
}

// extend appends to t the '>' that ended it and the input up to the next
// '>', which it reads.
func (s *xmlScanner) extend(t []byte) ([]byte, error) {
	s.long = append(s.long[:0], t...) // t may be s.long itself
	s.long = append(s.long, '>')
	more, err := s.readUntil('>')
	if err != nil {
		return nil, err
	}
	s.long = append(s.long, more[:len(more)-1]...)
	if len(s.long) > maxXMLToken {
		return nil, fmt.Errorf("an XML tag is longer than %d bytes", maxXMLToken)
	}
	return s.long, nil
}

func (s *xmlScanner) eofErr(err error, where string) error {
	if err == io.EOF {
		return fmt.Errorf("the XML ends %s", where)
	}
	return err
}

// text appends to dst the decoded text up to the next tag, reading the
// '<' that starts the tag. CDATA sections are part of the text; comments
// are not.
func (s *xmlScanner) text(dst []byte) ([]byte, error) {
	for {
		raw, err := s.readUntil('<')
		if err != nil {
			s.fail(s.eofErr(err, "inside an element's text"))
			return dst, s.err
		}
		if dst, err = appendUnescaped(dst, raw[:len(raw)-1]); err != nil {
			s.fail(err)
			return dst, err
		}
		if p, _ := s.r.Peek(1); len(p) == 0 || p[0] != '!' {
			break
		}
		t, err := s.readUntil('>')
		if err != nil {
			s.fail(s.eofErr(err, "inside a tag"))
			return dst, s.err
		}
		sec := s.other(t[:len(t)-1])
		if s.err != nil {
			return dst, s.err
		}
		if bytes.HasPrefix(sec, []byte("![CDATA[")) {
			dst = append(dst, sec[8:len(sec)-2]...)
		}
	}
	if len(dst) > maxCellText {
		err := fmt.Errorf("a text is longer than %d bytes", maxCellText)
		s.fail(err)
		return dst, err
	}
	return dst, nil
}

// readText appends to dst the decoded text of the element whose start tag
// was just read, up to the next tag (its end tag, unless the element holds
// others), which next returns.
func (s *xmlScanner) readText(dst []byte) ([]byte, error) {
	dst, err := s.text(dst)
	if err != nil {
		return dst, err
	}
	s.tag()
	s.held = s.err == nil
	return dst, s.err
}

// nextAttr parses the first attribute in a (the rest of a start tag): its
// local name and value, entities decoded, and what follows it. The name is
// nil when there are no more.
func (s *xmlScanner) nextAttr(a []byte) (name, val, rest []byte, err error) {
	for len(a) > 0 && isSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 {
		return nil, nil, nil, nil
	}
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, fmt.Errorf("a malformed attribute in <%s>", s.local)
	}
	name = a[:eq]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	a = a[eq+1:]
	for len(a) > 0 && isSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
		return nil, nil, nil, fmt.Errorf("an unquoted attribute value in <%s>", s.local)
	}
	end := bytes.IndexByte(a[1:], a[0])
	if end < 0 {
		return nil, nil, nil, fmt.Errorf("an unterminated attribute value in <%s>", s.local)
	}
	val, rest = a[1:1+end], a[end+2:]
	if bytes.IndexByte(val, '&') >= 0 || bytes.IndexByte(val, '\r') >= 0 {
		if s.attrVal, err = appendUnescaped(s.attrVal[:0], val); err != nil {
			return nil, nil, nil, err
		}
		val = s.attrVal
	}
	return localName(name), val, rest, nil
}

// eachAttr calls fn with the local name and decoded value of each of the
// current start tag's attributes.
func (s *xmlScanner) eachAttr(fn func(name, val []byte)) error {
	for a := s.attrs; ; {
		name, val, rest, err := s.nextAttr(a)
		if err != nil || name == nil {
			return err
		}
		fn(name, val)
		a = rest
	}
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quoteOpen reports whether t ends inside a quoted attribute value, so
// that the '>' after it is part of the value.
func quoteOpen(t []byte) bool {
	if bytes.IndexByte(t, '\'') < 0 {
		return bytes.Count(t, []byte{'"'})%2 == 1
	}
	var q byte
	for _, c := range t {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// appendUnescaped appends s to dst with XML's predefined entities and
// character references decoded, and line ends made "\n".
func appendUnescaped(dst, s []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(s, '&')
		if cr := bytes.IndexByte(s, '\r'); cr >= 0 && (i < 0 || cr < i) {
			i = cr
		}
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		if s[i] == '\r' {
			dst = append(dst, '\n')
			s = s[i+1:]
			if len(s) > 0 && s[0] == '\n' {
				s = s[1:]
			}
			continue
		}
		s = s[i:]
		semi := bytes.IndexByte(s, ';')
		if semi < 0 || semi > 10 {
			return dst, fmt.Errorf("a stray & in the XML text %q", s[:min(len(s), 12)])
		}
		ent := s[1:semi]
		switch string(ent) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var (
				n   uint64
				err error
			)
			switch {
			case len(ent) > 2 && ent[0] == '#' && ent[1] == 'x':
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			default:
				return dst, fmt.Errorf("an unknown XML entity &%s;", ent)
			}
			if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
				return dst, fmt.Errorf("an invalid XML character reference &%s;", ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
		s = s[semi+1:]
	}
}
