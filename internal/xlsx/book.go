package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what a workbook can make the reader hold. A field left zero
// takes its default; the defaults are well above what a workbook of a
// million rows needs, and memory stays bounded by them whatever the file
// claims.
type Limits struct {
	// MaxUnzipBytes bounds the sum of the zip entries' declared sizes
	// (default 1 GiB); archive/zip reads no entry past its declared size.
	MaxUnzipBytes int64
	// MaxSharedStrings bounds the entries of the shared string table
	// (default 16,777,216), which take 4 bytes each in memory.
	MaxSharedStrings int
	// MaxSharedStringBytes bounds the shared strings' text, all together
	// (default 256 MiB).
	MaxSharedStringBytes int64
	// MaxRows is the last row a worksheet may have (default 1,048,576,
	// Excel's last row).
	MaxRows int
	// MaxColumns is the last column a cell may be in, and the most cells a
	// row may have (default 16,384, Excel's: A to XFD).
	MaxColumns int
	// MaxCellChars bounds the characters (Unicode code points) of one cell's
	// text, or one shared string (default 32,767, Excel's limit).
	MaxCellChars int
	// MaxRowBytes bounds the text of one row's cells together, in bytes
	// (default 16 MiB).
	MaxRowBytes int
}

// The defaults of Limits.
const (
	DefaultMaxUnzipBytes        = 1 << 30
	DefaultMaxSharedStrings     = 1 << 24
	DefaultMaxSharedStringBytes = 256 << 20
	DefaultMaxRows              = 1 << 20
	DefaultMaxColumns           = 1 << 14
	DefaultMaxCellChars         = 32767
	DefaultMaxRowBytes          = 16 << 20
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if l.MaxUnzipBytes <= 0 {
		l.MaxUnzipBytes = DefaultMaxUnzipBytes
	}
	if l.MaxSharedStringBytes <= 0 {
		l.MaxSharedStringBytes = DefaultMaxSharedStringBytes
	}
	def(&l.MaxSharedStrings, DefaultMaxSharedStrings)
	def(&l.MaxRows, DefaultMaxRows)
	def(&l.MaxColumns, DefaultMaxColumns)
	def(&l.MaxCellChars, DefaultMaxCellChars)
	def(&l.MaxRowBytes, DefaultMaxRowBytes)
	return l
}

// ErrLimit is in the chain of every error that a workbook going past one of
// the Limits causes.
var ErrLimit = errors.New("over a limit")

type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

func limitErrorf(format string, args ...any) error {
	return &limitError{fmt.Sprintf(format, args...)}
}

// count writes n with thousands separators, as limits are shown.
func count[T int | int64 | uint64](n T) string {
	s := strconv.FormatUint(uint64(n), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// An Error says where reading a workbook failed.
type Error struct {
	Part  string // the zip entry read, such as "xl/sharedStrings.xml"
	Sheet string // the sheet, when the part is a worksheet
	Row   int    // the row, 1 for the first, when one is to blame
	Cell  string // the cell, such as "B7", when one is to blame
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "sheet %q", e.Sheet)
	} else {
		b.WriteString(e.Part)
	}
	switch {
	case e.Cell != "":
		b.WriteString(", cell " + e.Cell)
	case e.Row > 0:
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// A Book is an xlsx workbook opened for reading: its sheets, shared
// strings and cell styles' number formats.
type Book struct {
	files    map[string]*zip.File // by part name, lower case, without a leading /
	sheets   []Sheet
	parts    []string // each sheet's part
	sst      sharedStrings
	styles   []numFormat // by a cell's s attribute
	date1904 bool
	lim      Limits
}

// A Sheet is one sheet of a workbook, as the workbook lists it.
type Sheet struct {
	Name   string
	Hidden bool // hidden or "very hidden": a person using Excel does not see it
}

// Open reads the workbook part, its relationships, the shared strings and
// the styles of the xlsx package in zr. The caller keeps zr open while it
// reads sheets.
func Open(zr *zip.Reader, lim Limits) (*Book, error) {
	b := &Book{files: make(map[string]*zip.File, len(zr.File)), lim: lim.withDefaults()}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := b.files[name]; !dup {
			b.files[name] = f
		}
	}
	if total > uint64(b.lim.MaxUnzipBytes) {
		return nil, limitErrorf("the workbook unpacks to %s, more than the %s limit", size(total), size(uint64(b.lim.MaxUnzipBytes)))
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
	type listed struct {
		Sheet
		id string
	}
	var sheets []listed
	err = b.scanPart(wbPart, true, func(sc *xmlScanner) error {
		if sc.kind != tokStart {
			return nil
		}
		switch string(sc.local) {
		case "sheet":
			var s listed
			err := sc.eachAttr(func(name, val []byte) {
				switch string(name) {
				case "name":
					s.Name = string(val)
				case "id":
					s.id = string(val)
				case "state":
					s.Hidden = string(val) == "hidden" || string(val) == "veryHidden"
				}
			})
			sheets = append(sheets, s)
			return err
		case "workbookPr":
			return sc.eachAttr(func(name, val []byte) {
				if string(name) == "date1904" {
					b.date1904 = string(val) == "1" || string(val) == "true"
				}
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dir := path.Dir(wbPart)
	if rels, err = b.readRels(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir); err != nil {
		return nil, err
	}
	for _, s := range sheets {
		if t, ok := rels.byID[s.id]; ok {
			b.sheets = append(b.sheets, s.Sheet)
			b.parts = append(b.parts, t)
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

// size writes a number of bytes for a person.
func size(n uint64) string {
	if n < 1e6 {
		return count(n) + " bytes"
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// Sheets lists the workbook's sheets in the workbook's order (the order of
// the tabs).
func (b *Book) Sheets() []Sheet { return append([]Sheet(nil), b.sheets...) }

// Date1904 reports whether the workbook counts dates from 1904 (an old Mac
// Excel setting) rather than 1900. Date cells are read accordingly.
func (b *Book) Date1904() bool { return b.date1904 }

type relationships struct {
	byID   map[string]string // Id → part
	byType map[string]string // the end of Type ("worksheet", "styles", …) → the first such part
}

// readRels reads a relationships part; relative targets are resolved
// against dir, the folder of the part the relationships belong to. A
// missing part has no relationships.
func (b *Book) readRels(part, dir string) (relationships, error) {
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
func (b *Book) scanPart(part string, required bool, fn func(*xmlScanner) error) error {
	f := b.files[strings.ToLower(part)]
	if f == nil {
		if required {
			return &Error{Part: part, Err: errors.New("the workbook has no such part")}
		}
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Part: part, Err: err}
	}
	defer rc.Close()
	size := 4096
	if f.UncompressedSize64 > 1<<20 { // a big shared string table
		size = sheetBufSize
	}
	sc := newXMLScanner(rc, size, b.maxToken())
	for {
		if sc.next(); sc.kind == tokEOF {
			break
		}
		if err := fn(sc); err != nil {
			return &Error{Part: part, Err: err}
		}
	}
	if sc.err != nil {
		return &Error{Part: part, Err: sc.err}
	}
	return nil
}

// maxToken is the longest tag or text the scanner takes: room for a cell
// of MaxCellChars characters, each written as a character reference.
func (b *Book) maxToken() int { return max(4<<20, 10*b.lim.MaxCellChars) }

// sharedStrings is the shared string table, stored compactly: the text in
// chunks of one string each, and where each entry ends, 4 bytes an entry.
// An entry lies in one chunk: one that would not fit in the rest of a chunk
// starts the next, and its end says which.
type sharedStrings struct {
	chunks []string   // each 1<<bits bytes at most
	ends   [][]uint32 // ends[i>>endsBits][i&endsMask]: where entry i ends, counting every chunk as 1<<bits long
	n      int
	bits   uint

	buf   []byte // the chunk being filled
	total int64  // text bytes so far
}

const (
	endsBits = 16 // entries per block of ends: no block is copied as the table grows
	endsMask = 1<<endsBits - 1
)

func (t *sharedStrings) len() int { return t.n }

func (t *sharedStrings) end(i int) uint32 { return t.ends[i>>endsBits][i&endsMask] }

// get returns entry i, which must be in the table.
func (t *sharedStrings) get(i int) string {
	end := t.end(i)
	var start uint32
	if i > 0 {
		start = t.end(i - 1)
	}
	if start == end {
		return ""
	}
	c := (end - 1) >> t.bits
	base := c << t.bits
	if start < base {
		start = base
	}
	return t.chunks[c][start-base : end-base]
}

// add appends an entry.
func (t *sharedStrings) add(s []byte) error {
	size := uint64(1) << t.bits
	var at uint64 // where the entry starts
	if t.n > 0 {
		at = uint64(t.end(t.n - 1))
	}
	if len(s) > 0 && uint64(len(t.buf)+len(s)) > size { // start the next chunk
		t.flush()
		at = (at + size - 1) / size * size
	}
	end := at + uint64(len(s))
	if end > 1<<32-1 {
		return limitErrorf("the shared strings take more than 4 GB")
	}
	t.buf = append(t.buf, s...)
	if t.n>>endsBits == len(t.ends) {
		t.ends = append(t.ends, make([]uint32, 0, 1<<endsBits))
	}
	t.ends[len(t.ends)-1] = append(t.ends[len(t.ends)-1], uint32(end))
	t.n++
	t.total += int64(len(s))
	return nil
}

// flush makes the chunk being filled a string.
func (t *sharedStrings) flush() {
	t.chunks = append(t.chunks, string(t.buf))
	t.buf = t.buf[:0]
}

// readSharedStrings reads the shared string table: each <si> holds one <t>
// or rich-text runs <r><t>…</t></r>, which are concatenated; phonetic runs
// (<rPh>) are not part of the text.
func (b *Book) readSharedStrings(part string) error {
	// Every entry fits in one chunk.
	b.sst.bits = 20
	for 1<<b.sst.bits < 4*b.lim.MaxCellChars {
		b.sst.bits++
	}
	var (
		text        []byte
		inSI, inRPh bool
	)
	err := b.scanPart(part, false, func(sc *xmlScanner) error {
		switch sc.kind {
		case tokStart:
			switch string(sc.local) {
			case "si":
				inSI, inRPh, text = !sc.selfClosing, false, text[:0]
				if sc.selfClosing {
					return b.addSharedString(nil)
				}
			case "rPh":
				inRPh = !sc.selfClosing
			case "t":
				if inSI && !inRPh && !sc.selfClosing {
					var err error
					text, err = sc.readText(text)
					if err == nil && len(text) > b.lim.MaxCellChars && utf8.RuneCount(text) > b.lim.MaxCellChars {
						err = limitErrorf("shared string %s is longer than %s characters", count(b.sst.len()), count(b.lim.MaxCellChars))
					}
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
					return fmt.Errorf("shared string %d is not valid UTF-8", b.sst.len())
				}
				if bytes.Contains(text, []byte("_x")) {
					text = appendBSTR(nil, text)
				}
				return b.addSharedString(text)
			case "rPh":
				inRPh = false
			}
		}
		return nil
	})
	b.sst.flush()
	b.sst.buf = nil
	return err
}

func (b *Book) addSharedString(s []byte) error {
	if b.sst.len() >= b.lim.MaxSharedStrings {
		return limitErrorf("more than %s shared strings, the limit", count(b.lim.MaxSharedStrings))
	}
	if b.sst.total+int64(len(s)) > b.lim.MaxSharedStringBytes {
		return limitErrorf("the shared strings take more than %s, the limit", size(uint64(b.lim.MaxSharedStringBytes)))
	}
	return b.sst.add(s)
}

// readStyles reads the custom number formats and the number format of each
// cell style (<cellXfs><xf numFmtId=…>, in order).
func (b *Book) readStyles(part string) error {
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
				if len(ids) >= maxStyles {
					return limitErrorf("more than %s cell styles", count(maxStyles))
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
	parsed := map[int]numFormat{}
	b.styles = make([]numFormat, len(ids))
	for i, id := range ids {
		f, ok := parsed[id]
		if !ok {
			if code, isCustom := custom[id]; isCustom {
				f = parseNumFormat(code)
			} else {
				f = builtinNumFormat(id)
			}
			parsed[id] = f
		}
		b.styles[i] = f
	}
	return err
}

// maxStyles is Excel's limit on cell styles (64,000), rounded up.
const maxStyles = 1 << 16

func atoiOr(b []byte, def int) int {
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		return def
	}
	return n
}

// OpenSheet starts reading the named sheet.
func (b *Book) OpenSheet(name string) (*Rows, error) {
	for i, s := range b.sheets {
		if s.Name != name {
			continue
		}
		part := b.parts[i]
		f := b.files[strings.ToLower(part)]
		if f == nil {
			return nil, &Error{Part: part, Sheet: name, Err: fmt.Errorf("the sheet should be in %s, which is not in the workbook", part)}
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &Error{Part: part, Sheet: name, Err: err}
		}
		return newRows(rc, b, part, name), nil
	}
	return nil, fmt.Errorf("the workbook has no sheet %q", name)
}
