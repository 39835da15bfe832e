package roll

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Reading a CSV file
//
// The file is read as a stream: a first pass only counts bytes (constant
// memory; skipped for UTF-16), a second parses it. Neither holds more than
// a row and a few fixed buffers; memory does not grow with the file.
//
// Line ends are CR, LF or CRLF, in any mix. Inside a quoted cell each of
// them is a line break, kept as "\n". Rows are numbered as a spreadsheet
// shows the file: every record is a row, a blank line is a row (yielded
// with no cells), and a record whose quoted cell holds line breaks is one
// row. Errors about quotes name lines as a text editor counts them.
//
// The encoding is decided once per file, with evidence from all of it:
//
//   - a UTF-16 byte order mark (FF FE or FE FF, as Excel's "Unicode Text"
//     writes) means UTF-16;
//   - a UTF-8 byte order mark means UTF-8;
//   - otherwise the first pass counts UTF-8 letters (valid sequences of two
//     to four bytes) and bytes that are not UTF-8. The file is UTF-8 when
//     it has no bytes that are not UTF-8, or at least as many UTF-8 letters
//     as such bytes; else it is Windows-1252 (Excel's plain "CSV").
//
// Then every row is checked against the choice, so nothing is misread
// without a word: read as UTF-8, a row with a byte that is not UTF-8 is an
// error naming the byte, the column and the character; read as
// Windows-1252, a row with one of the five bytes it leaves undefined (0x81,
// 0x8D, 0x8F, 0x90, 0x9D), or with bytes that read as a UTF-8 letter (the
// file mixes the two), is an error; read as UTF-16, half a surrogate pair
// or an odd last byte is an error. A file is never re-decoded wholesale.
//
// A quote that is never closed, or whose closing quote is followed by more
// text, is an error for its row; when it has swallowed the lines after it
// (the quoted cell runs over several lines), reading stops with an error
// naming them, since going on would lose those lines. A quoted cell that
// runs over several lines and is longer than a spreadsheet cell can be (or
// makes its row longer than a row may be) is taken for such a quote too.
//
// Limits (see defaultCSVLimits): a cell holds at most 32,767 characters
// and 253 line breaks (Excel's limits), a row at most 16,384 cells (Excel's
// columns) and 1 MiB; beyond them the row is an error and what does not fit
// is not kept. A file holds at most 10,000,000 rows.

// csvLimits bound what a row and a file may hold.
type csvLimits struct {
	cellChars  int // characters in a cell
	cellBreaks int // line breaks in a quoted cell
	rowBytes   int // bytes of text in a row, delimiters included
	cells      int // cells in a row
	rows       int // rows in the file

	bufSize int // bytes read at a time; 0 for 64 KiB (tests make it small)
}

var defaultCSVLimits = csvLimits{
	cellChars:  32767,
	cellBreaks: 253,
	rowBytes:   1 << 20,
	cells:      16384,
	rows:       10_000_000,
}

// A textEncoding is how a CSV file's bytes are read.
type textEncoding uint8

const (
	encUTF8 textEncoding = iota
	encWindows1252
	encUTF16LE
	encUTF16BE
)

func (e textEncoding) String() string {
	return [...]string{"UTF-8", "Windows-1252", "UTF-16 (little-endian)", "UTF-16 (big-endian)"}[e]
}

// Sentinels carried by a *csvRowError.
var (
	errCSVQuote    = errors.New("misplaced quote mark")
	errCSVLimit    = errors.New("too large")
	errCSVEncoding = errors.New("not in the file's encoding")
)

// A csvRowError is why a row of a CSV file could not be read: its text says
// where, as a spreadsheet shows the row.
type csvRowError struct {
	Col int    // the column at fault, from 0; -1 for the whole row
	Err error  // errCSVQuote, errCSVLimit or errCSVEncoding
	Msg string // the whole explanation
}

func (e *csvRowError) Error() string { return e.Msg }
func (e *csvRowError) Unwrap() error { return e.Err }

// csvSource reads CSV as Excel and other programs save it. See the comment
// at the top of this file for what it accepts.
type csvSource struct {
	f   *os.File
	p   *csvParser
	enc textEncoding
	res *Result

	bom  bool // the file starts with a UTF-8 byte order mark
	n    int
	row  []string
	rerr error
	err  error
	done bool

	slab []string // cells are cut from it

	headerRow int      // the row sniffDelimiter took for the header, or 0
	headings  []string // its cells, once read: to name columns in errors

	// Rows with bytes the encoding does not allow, for the encoding note.
	note    int // index of the encoding note in res.Notes, or -1
	counts  byteCounts
	bad     int
	badRows []int
}

var delimiters = []byte{',', ';', '\t', '|'}

// sniffBytes is how much of the top of the file decides the delimiter.
const sniffBytes = 256 << 10

func openCSV(path string, res *Result) (source, error) {
	fail := func(err error, msg string) error { return &ReadError{Path: path, Msg: msg, Err: err} }
	f, err := os.Open(path)
	if err != nil {
		return nil, &ReadError{Path: path, Msg: err.Error(), Err: err}
	}
	s, err := newCSVSource(f, res, defaultCSVLimits)
	if err != nil {
		f.Close()
		var re *ReadError
		if errors.As(err, &re) {
			re.Path = path
			return nil, re
		}
		return nil, fail(err, fmt.Sprintf("the file cannot be read (%v)", err))
	}
	return s, nil
}

// newCSVSource decides f's encoding and delimiter and returns a source
// reading it from the start. A *ReadError it returns has no Path yet.
func newCSVSource(f *os.File, res *Result, lim csvLimits) (*csvSource, error) {
	fail := func(err error, msg string) error { return &ReadError{Msg: msg, Err: err} }
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	head = head[:n]
	s := &csvSource{f: f, res: res, note: -1}
	skip := 0
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return nil, fail(ErrNotSpreadsheet, "this is UTF-32 text, which ballotpack does not read: open it in a spreadsheet and save it as CSV UTF-8")
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		s.enc, skip = encUTF16LE, 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		s.enc, skip = encUTF16BE, 2
	default:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		s.counts, err = countBytes(f)
		if err != nil {
			return nil, err
		}
		if s.counts.nul {
			if looksUTF16(head) {
				return nil, fail(ErrNotSpreadsheet, "this looks like UTF-16 text without a byte order mark, which cannot be read safely: open it in a spreadsheet and save it as CSV UTF-8 (or as Unicode Text)")
			}
			return nil, fail(ErrNotSpreadsheet, "this is not a spreadsheet: it is neither an xlsx workbook nor a CSV text file (it holds binary data)")
		}
		if s.bom = bytes.HasPrefix(head, []byte("\xef\xbb\xbf")); s.bom {
			skip = 3
		}
		s.enc = s.counts.decide(s.bom)
	}
	if _, err := f.Seek(int64(skip), io.SeekStart); err != nil {
		return nil, err
	}
	var r io.Reader = f
	if s.enc == encUTF16LE || s.enc == encUTF16BE {
		r = newUTF16Reader(f, s.enc == encUTF16BE, lim.bufSize)
	}
	top := make([]byte, sniffBytes)
	n, err = io.ReadFull(r, top)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	top = top[:n]
	delim, headerRow := sniffDelimiter(top, lim)
	s.headerRow = headerRow
	s.p = newCSVParser(io.MultiReader(bytes.NewReader(top), r), delim, s.enc == encWindows1252, lim)

	if note := s.encodingNote(); note != "" {
		s.note = len(res.Notes)
		res.Notes = append(res.Notes, note)
	}
	if delim != ',' {
		res.Notes = append(res.Notes, fmt.Sprintf("columns are separated by %s", map[byte]string{';': "semicolons", '\t': "tabs", '|': "vertical bars (|)"}[delim]))
	}
	return s, nil
}

// looksUTF16 reports whether text starts like UTF-16 without a byte order
// mark: every other byte zero, as Latin letters are.
func looksUTF16(head []byte) bool {
	head = head[:min(len(head), 512)&^1]
	var zero [2]int
	for i, b := range head {
		if b == 0 {
			zero[i%2]++
		}
	}
	half := len(head) / 2
	return half >= 4 && (zero[0] >= half*4/10 && zero[1] == 0 || zero[1] >= half*4/10 && zero[0] == 0)
}

// encodingNote says which encoding the file is read as and why, or ""
// for plain UTF-8 (or ASCII). finishNote adds the rows rejected for it.
func (s *csvSource) encodingNote() string {
	c := s.counts
	switch {
	case s.enc == encUTF16LE || s.enc == encUTF16BE:
		return fmt.Sprintf("read as %s, as its byte order mark says (Excel's \"Unicode Text\")", s.enc)
	case s.enc == encUTF8 && c.invalid > 0 && s.bom:
		return fmt.Sprintf("read as UTF-8, as its byte order mark says: %s not UTF-8", count(c.invalid, "byte is", "bytes are"))
	case s.enc == encUTF8 && c.invalid > 0:
		return fmt.Sprintf("read as UTF-8: %s written in UTF-8, and %s not UTF-8", count(c.multi, "letter is", "letters are"), count(c.invalid, "byte is", "bytes are"))
	case s.enc == encWindows1252 && c.multi > 0:
		return fmt.Sprintf("read as Windows-1252 (Excel's \"CSV\" on Windows): %s not UTF-8, and only %s written in UTF-8, so the file mixes the two; save it as \"CSV UTF-8\"", count(c.invalid, "byte is", "bytes are"), count(c.multi, "letter is", "letters are"))
	case s.enc == encWindows1252:
		return "read as Windows-1252 (Excel's \"CSV\" on Windows): the file has no UTF-8 letters; save as \"CSV UTF-8\" to be sure every letter is right"
	}
	return ""
}

// finishNote adds to the encoding note the rows rejected for their bytes.
func (s *csvSource) finishNote() {
	if s.bad == 0 {
		return
	}
	what := "bytes that are not UTF-8"
	switch {
	case s.enc == encUTF16LE || s.enc == encUTF16BE:
		what = "damaged UTF-16"
	case s.enc == encWindows1252 && s.counts.multi > 0:
		what = "letters in UTF-8 or bytes Windows-1252 does not define"
	case s.enc == encWindows1252:
		what = "bytes Windows-1252 does not define"
	}
	rows := make([]string, len(s.badRows))
	for i, r := range s.badRows {
		rows[i] = fmt.Sprint(r)
	}
	list := strings.Join(rows, ", ")
	if s.bad > len(s.badRows) {
		list += ", …"
	}
	tail := fmt.Sprintf(" (%s rows have %s and are rejected: rows %s)", thousands(int64(s.bad)), what, list)
	if s.bad == 1 {
		tail = fmt.Sprintf(" (1 row has %s and is rejected: row %s)", what, list)
	}
	if s.note < 0 {
		s.note = len(s.res.Notes)
		s.res.Notes = append(s.res.Notes, fmt.Sprintf("read as %s", s.enc))
	}
	s.res.Notes[s.note] += tail
}

// sniffDelimiter picks the delimiter under which the top of the file has a
// recognisable header row (and returns that row), else the one that splits
// the first rows most consistently into several fields.
func sniffDelimiter(top []byte, lim csvLimits) (delim byte, headerRow int) {
	best, bestScore := byte(','), -1
	for _, d := range delimiters {
		p := newCSVParser(bytes.NewReader(top), d, false, lim)
		score := 0
		for n := 1; n <= headerSearchRows && p.read(); n++ {
			if p.blank {
				continue
			}
			rec := make([]string, 0, len(p.ends))
			start := 0
			for _, e := range p.ends {
				rec = append(rec, string(p.rec[start:e]))
				start = min(e+1, len(p.rec))
			}
			if m, k := matchHeader(rec, nil, nil); isHeader(m, k) {
				return d, n
			}
			if len(rec) > 1 {
				score += len(rec)
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, 0
}

func (s *csvSource) Next() bool {
	if s.err != nil || s.done {
		return false
	}
	if !s.p.read() {
		s.done, s.err = true, s.p.fatal
		s.row, s.rerr = nil, nil
		if s.err == nil {
			s.finishNote()
		}
		return false
	}
	s.n++
	if s.n > s.p.lim.rows {
		s.err = fmt.Errorf("the file has more than %s rows, the most ballotpack reads from a CSV file: split the roll", thousands(int64(s.p.lim.rows)))
		return false
	}
	if s.p.blank {
		s.row, s.rerr = nil, nil
		return true
	}
	s.row, s.rerr = s.cells()
	if s.n == s.headerRow {
		s.headings = s.row
		s.p.recordDelims = max(2, len(s.row)-1)
	}
	return true
}

func (s *csvSource) Row() (int, []string, []cellKind, error) { return s.n, s.row, nil, s.rerr }
func (s *csvSource) Err() error                              { return s.err }
func (s *csvSource) Close() error                            { return s.f.Close() }

// column names column col for an error: by its heading once the header
// row is known, else by its number.
func (s *csvSource) column(col int) string {
	if col < len(s.headings) {
		if h := strings.TrimSpace(s.headings[col]); h != "" {
			return fmt.Sprintf("column %q", h)
		}
	}
	return fmt.Sprintf("column %d", col+1)
}

// cells turns the record the parser read into text, and says what is wrong
// with it, if anything: the first of a misplaced quote, a limit exceeded,
// and a byte the encoding does not allow.
func (s *csvSource) cells() ([]string, error) {
	p := s.p
	var err error
	rowErr := func(col int, sentinel error, format string, args ...any) {
		if err == nil {
			err = &csvRowError{Col: col, Err: sentinel, Msg: fmt.Sprintf(format, args...)}
		}
	}
	if f := p.fault; f != nil {
		switch f.kind {
		case faultBareQuote:
			rowErr(f.col, errCSVQuote, "%s has a quote mark at character %d, but the cell does not start with one (inside quotes, write a quote mark as two)", s.column(f.col), f.at+1)
		case faultAfterQuote:
			rowErr(f.col, errCSVQuote, "%s starts with a quote mark, but more text follows the quote that closes it after character %d (inside quotes, write a quote mark as two)", s.column(f.col), f.at)
		case faultOpenQuote:
			rowErr(f.col, errCSVQuote, "%s opens a quote mark that is never closed", s.column(f.col))
		}
	}
	if p.cells > p.lim.cells {
		rowErr(-1, errCSVLimit, "the row has %s cells, more than the %s columns a spreadsheet has", thousands(int64(p.cells)), thousands(int64(p.lim.cells)))
	}
	if p.long {
		rowErr(-1, errCSVLimit, "the row is longer than %s bytes, more than any roll needs; only its start was read", thousands(int64(p.lim.rowBytes)))
	}
	if len(p.rec) > p.lim.cellChars {
		start := 0
		for col, end := range p.ends {
			if end-start > p.lim.cellChars {
				if k := s.chars(p.rec[start:end]); k > p.lim.cellChars {
					rowErr(col, errCSVLimit, "%s has %s characters, more than the %s a spreadsheet cell holds", s.column(col), thousands(int64(k)), thousands(int64(p.lim.cellChars)))
				}
			}
			start = min(end+1, len(p.rec)) // past the delimiter, if the row was not cut short
		}
	}

	cells := s.newCells(len(p.ends))
	if s.enc != encWindows1252 && utf8.Valid(p.rec) || s.enc == encWindows1252 && isASCII(p.rec) {
		text := string(p.rec)
		start := 0
		for i, end := range p.ends {
			cells[i] = text[start:end]
			start = min(end+1, len(p.rec)) // past the delimiter, if the row was not cut short
		}
		return cells, err
	}
	// Some cell holds a byte the encoding does not allow, or (Windows-1252)
	// one to decode.
	bad := false
	start := 0
	for col, end := range p.ends {
		c := p.rec[start:end]
		start = min(end+1, len(p.rec)) // past the delimiter, if the row was not cut short
		var msg string
		if s.enc == encWindows1252 {
			cells[col], msg = s.decode1252(c, col)
		} else {
			cells[col], msg = s.checkUTF8(c, col)
		}
		if msg != "" {
			bad = true
			rowErr(col, errCSVEncoding, "%s", msg)
		}
	}
	if bad && s.n > s.headerRow { // rows above the header are titles, not rejected
		s.bad++
		if len(s.badRows) < 5 {
			s.badRows = append(s.badRows, s.n)
		}
	}
	return cells, err
}

// newCells returns room for a row's cells, cut from a larger block: one
// allocation for many rows.
func (s *csvSource) newCells(n int) []string {
	if n > cap(s.slab)-len(s.slab) {
		s.slab = make([]string, 0, max(n, 4096))
	}
	cells := s.slab[len(s.slab) : len(s.slab)+n : len(s.slab)+n]
	s.slab = s.slab[:len(s.slab)+n]
	return cells
}

// chars counts the characters of some of a record's text.
func (s *csvSource) chars(b []byte) int {
	if s.enc == encWindows1252 {
		return len(b)
	}
	return utf8.RuneCount(b)
}

// checkUTF8 returns a cell of a UTF-8 (or UTF-16) file as text, with what
// is wrong with it if it is not valid: the text then has U+FFFD for the
// bytes at fault.
func (s *csvSource) checkUTF8(c []byte, col int) (string, string) {
	chars := 0
	for i := 0; i < len(c); {
		r, size := utf8.DecodeRune(c[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			chars++
			continue
		}
		text := strings.ToValidUTF8(string(c), "\uFFFD")
		if s.enc == encUTF8 {
			return text, fmt.Sprintf("byte 0x%02X at character %d of %s is not UTF-8", c[i], chars+1, s.column(col))
		}
		// The UTF-16 reader marks what it cannot decode so: a lone
		// surrogate as its three-byte form, an odd last byte as 0xFF.
		if c[i] == 0xED && i+2 < len(c) {
			u := uint16(c[i]&0x0F)<<12 | uint16(c[i+1]&0x3F)<<6 | uint16(c[i+2]&0x3F)
			return text, fmt.Sprintf("character %d of %s is half of a UTF-16 surrogate pair (0x%04X) without the other half: the file is damaged", chars+1, s.column(col), u)
		}
		return text, fmt.Sprintf("the file ends in half a character (UTF-16 has two bytes to a character), in %s: the file is cut short or damaged", s.column(col))
	}
	return string(c), ""
}

// cp1252 maps the bytes 0x80 to 0x9F of Windows-1252; 0 marks the five it
// leaves undefined. 0xA0 to 0xFF are the same as in Unicode.
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// decode1252 decodes a cell of a Windows-1252 file, with what is wrong
// with it: a byte Windows-1252 does not define (decoded as U+FFFD), or
// bytes that are a UTF-8 letter, which say the file mixes encodings.
func (s *csvSource) decode1252(c []byte, col int) (string, string) {
	var b strings.Builder
	b.Grow(len(c) + len(c)/2)
	msg := ""
	for i := 0; i < len(c); i++ {
		x := c[i]
		switch {
		case x < 0x80:
			b.WriteByte(x)
			continue
		case x >= 0xA0:
			b.WriteRune(rune(x))
		case cp1252[x-0x80] != 0:
			b.WriteRune(cp1252[x-0x80])
		default:
			b.WriteRune(utf8.RuneError)
			if msg == "" {
				msg = fmt.Sprintf("byte 0x%02X at character %d of %s is not a character in Windows-1252, the encoding the file is read as", x, i+1, s.column(col))
			}
			continue
		}
		if r, size := utf8.DecodeRune(c[i:]); size > 1 && msg == "" {
			seq := c[i : i+size]
			hex := make([]string, size)
			for j, y := range seq {
				hex[j] = fmt.Sprintf("0x%02X", y)
			}
			as1252 := decode1252Plain(seq)
			msg = fmt.Sprintf("bytes %s at character %d of %s are %q in UTF-8 but %q in Windows-1252, the encoding the file is read as: the file mixes the two; correct it, or save it as CSV UTF-8", strings.Join(hex, " "), i+1, s.column(col), string(r), as1252)
		}
	}
	return b.String(), msg
}

// decode1252Plain decodes Windows-1252 without checks.
func decode1252Plain(c []byte) string {
	rs := make([]rune, len(c))
	for i, x := range c {
		switch {
		case x < 0x80 || x >= 0xA0:
			rs[i] = rune(x)
		case cp1252[x-0x80] != 0:
			rs[i] = cp1252[x-0x80]
		default:
			rs[i] = utf8.RuneError
		}
	}
	return string(rs)
}

func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, x := range b {
		if x >= 0x80 {
			return false
		}
	}
	return true
}

// thousands writes n with commas: 10,000,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// count writes n and what is counted, in the singular or the plural.
func count(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// byteCounts are what the first pass finds in a file.
type byteCounts struct {
	nul     bool  // a zero byte: not text (or UTF-16 without a byte order mark)
	multi   int64 // valid UTF-8 sequences of two to four bytes: UTF-8 letters
	invalid int64 // bytes that are not part of a valid UTF-8 sequence
}

// decide picks the encoding the counts speak for.
func (c byteCounts) decide(bom bool) textEncoding {
	if bom || c.invalid == 0 || c.multi >= c.invalid {
		return encUTF8
	}
	return encWindows1252
}

// countBytes reads r to the end, counting UTF-8 letters and bytes that are
// not UTF-8, in constant memory.
func countBytes(r io.Reader) (byteCounts, error) {
	var c byteCounts
	buf := make([]byte, 256<<10)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return c, err
		}
		b := buf[:carry+n]
		i := c.scan(b, eof)
		carry = copy(buf, b[i:])
		if eof || c.nul { // a zero byte settles it: not text
			return c, nil
		}
	}
}

// scan counts b and returns how much of it it used: all of it at the end
// of the file, else all but a UTF-8 sequence cut off by the end of b.
func (c *byteCounts) scan(b []byte, final bool) int {
	const high, ones = 0x8080808080808080, 0x0101010101010101
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			if x&high == 0 && (x-ones)&^x&high == 0 { // eight ASCII bytes, none zero
				i += 8
				continue
			}
		}
		x := b[i]
		if x < 0x80 {
			if x == 0 {
				c.nul = true
			}
			i++
			continue
		}
		if !final && !utf8.FullRune(b[i:]) {
			return i
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			c.invalid++
		} else {
			c.multi++
		}
		i += size
	}
	return i
}

// utf16Reader decodes UTF-16 into UTF-8. What it cannot decode it marks
// with bytes that are not UTF-8, for the row check to report: a lone
// surrogate as its three-byte form, an odd last byte as 0xFF.
type utf16Reader struct {
	r    io.Reader
	be   bool
	in   []byte // in[:n] is read and not yet decoded
	n    int
	out  []byte // decoded and not yet returned
	obuf []byte
	err  error
}

func newUTF16Reader(r io.Reader, bigEndian bool, size int) *utf16Reader {
	if size <= 0 {
		size = 64 << 10
	}
	return &utf16Reader{r: r, be: bigEndian, in: make([]byte, max(size, 4))} // room for a surrogate pair
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		m, err := u.r.Read(u.in[u.n:])
		u.n += m
		if err != nil {
			u.err = err
		}
		u.decode(u.err != nil)
	}
	k := copy(p, u.out)
	u.out = u.out[k:]
	return k, nil
}

func (u *utf16Reader) unit(i int) uint16 {
	if u.be {
		return binary.BigEndian.Uint16(u.in[i:])
	}
	return binary.LittleEndian.Uint16(u.in[i:])
}

func (u *utf16Reader) decode(final bool) {
	o := u.obuf[:0]
	i := 0
decode:
	for ; i+1 < u.n; i += 2 {
		c := u.unit(i)
		switch {
		case c < 0x80:
			o = append(o, byte(c))
		case c >= 0xD800 && c < 0xDC00:
			if i+3 >= u.n {
				if !final {
					break decode // the other half may come with the next read
				}
				o = appendSurrogate(o, c)
				continue
			}
			if d := u.unit(i + 2); d >= 0xDC00 && d < 0xE000 {
				o = utf8.AppendRune(o, 0x10000+(rune(c)-0xD800)<<10+rune(d)-0xDC00)
				i += 2
			} else {
				o = appendSurrogate(o, c)
			}
		case c >= 0xDC00 && c < 0xE000:
			o = appendSurrogate(o, c)
		default:
			o = utf8.AppendRune(o, rune(c))
		}
	}
	u.n = copy(u.in, u.in[i:u.n])
	if final && u.n == 1 {
		o = append(o, 0xFF)
		u.n = 0
	}
	u.obuf, u.out = o, o
}

// appendSurrogate writes a lone surrogate as UTF-8 would if it could: three
// bytes that are not valid UTF-8.
func appendSurrogate(o []byte, c uint16) []byte {
	return append(o, 0xE0|byte(c>>12), 0x80|byte(c>>6)&0x3F, 0x80|byte(c)&0x3F)
}

// csvParser splits CSV text into records. The text is UTF-8 or a
// single-byte encoding: either way a delimiter, quote mark, CR and LF are
// the bytes they are in ASCII and nothing else.
type csvParser struct {
	r        io.Reader
	buf      []byte
	pos, end int
	rerr     error // from r, io.EOF at the end
	delim    byte
	single   bool // a byte is a character (Windows-1252)
	lim      csvLimits
	plainEnd [256]bool // bytes that end a run of text outside quotes
	quoteEnd [256]bool // and inside

	line int // the line the next byte is on, from 1

	// The record read last.
	rec   []byte // its cells' text, each but the last followed by one byte (the delimiter)
	ends  []int  // where each cell ends in rec (no more than lim.cells)
	cells int    // how many cells it has
	start int    // where the cell being read starts in rec
	long  bool   // it has more than lim.rowBytes of text; the rest was dropped
	blank bool   // it is a blank line
	fault *csvFault

	fatal error // reading cannot go on

	// recordDelims, once the header is known, is how many delimiters a
	// whole row holds (the header's cells less one): a line inside a quoted
	// cell that holds as many is a row the cell has swallowed.
	recordDelims int
}

type faultKind uint8

const (
	faultBareQuote  faultKind = iota + 1 // a quote mark in a cell that does not start with one
	faultAfterQuote                      // text after a closing quote mark
	faultOpenQuote                       // a quote mark never closed
)

// A csvFault is the first misplaced quote in a record: the rest of the
// line is skipped.
type csvFault struct {
	kind faultKind
	col  int
	at   int // characters of the cell read before it
}

// term is what ended a cell.
type term uint8

const (
	termDelim term = iota
	termLine
	termEOF
	termFatal
)

func newCSVParser(r io.Reader, delim byte, singleByte bool, lim csvLimits) *csvParser {
	size := lim.bufSize
	if size <= 0 {
		size = 64 << 10
	}
	p := &csvParser{r: r, buf: make([]byte, size), delim: delim, single: singleByte, lim: lim, line: 1}
	for _, b := range []byte{delim, '"', '\r', '\n'} {
		p.plainEnd[b] = true
	}
	for _, b := range []byte{'"', '\r', '\n'} {
		p.quoteEnd[b] = true
	}
	return p
}

// fill reads more text into the buffer; false at the end or on an error.
func (p *csvParser) fill() bool {
	for tries := 0; p.rerr == nil && tries < 100; tries++ {
		n, err := p.r.Read(p.buf)
		p.pos, p.end = 0, n
		if err != nil {
			p.rerr = err
			if err != io.EOF {
				p.fatal = err
			}
		}
		if n > 0 {
			return true
		}
	}
	if p.rerr == nil {
		p.rerr, p.fatal = io.ErrNoProgress, io.ErrNoProgress
	}
	return false
}

func (p *csvParser) peek() (byte, bool) {
	if p.pos == p.end && !p.fill() {
		return 0, false
	}
	return p.buf[p.pos], true
}

// lineEnd finishes a line end that started with c (already read).
func (p *csvParser) lineEnd(c byte) {
	if c == '\r' {
		if n, ok := p.peek(); ok && n == '\n' {
			p.pos++
		}
	}
	p.line++
}

func (p *csvParser) add(b []byte) {
	if p.long {
		return
	}
	if len(p.rec)+len(b) > p.lim.rowBytes {
		p.long = true
		return
	}
	p.rec = append(p.rec, b...)
}

func (p *csvParser) addByte(b byte) {
	if p.long {
		return
	}
	if len(p.rec)+1 > p.lim.rowBytes {
		p.long = true
		return
	}
	p.rec = append(p.rec, b)
}

func (p *csvParser) setFault(kind faultKind) {
	if p.fault == nil {
		at := len(p.rec) - p.start
		if !p.single {
			at = utf8.RuneCount(p.rec[p.start:])
		}
		p.fault = &csvFault{kind: kind, col: p.cells, at: at}
	}
}

// read reads the next record: false at the end of the text, or when
// reading cannot go on (p.fatal says why).
func (p *csvParser) read() bool {
	p.rec, p.ends, p.cells, p.long, p.fault = p.rec[:0], p.ends[:0], 0, false, nil
	c, ok := p.peek()
	if !ok {
		return false
	}
	if p.blank = c == '\r' || c == '\n'; p.blank {
		p.pos++
		p.lineEnd(c)
		return p.fatal == nil
	}
	if p.fastLine() {
		return true
	}
	for {
		p.start = len(p.rec)
		var t term
		if c, ok := p.peek(); ok && c == '"' {
			p.pos++
			t = p.quoted()
		} else {
			t = p.plain()
		}
		if t == termFatal || p.fatal != nil {
			return false
		}
		if p.cells++; p.cells <= p.lim.cells {
			p.ends = append(p.ends, len(p.rec))
		}
		if t != termDelim {
			return true
		}
		p.addByte(p.delim)
	}
}

// fastLine reads the record in one pass when it is a line wholly in the
// buffer, without quote marks, as most are; else it reads nothing and
// returns false.
func (p *csvParser) fastLine() bool {
	b := p.buf[p.pos:p.end]
	start, ends := len(p.rec), p.ends
	for i, c := range b {
		if !p.plainEnd[c] {
			continue
		}
		switch c {
		case p.delim:
			ends = append(ends, start+i)
			continue
		case '"':
			return false
		}
		next := i + 1
		if c == '\r' {
			if next == len(b) {
				return false // a LF may follow, after the buffer
			}
			if b[next] == '\n' {
				next++
			}
		}
		if len(ends)+1 > p.lim.cells || start+i > p.lim.rowBytes {
			return false // the slow way says why
		}
		p.rec = append(p.rec, b[:i]...)
		p.ends = append(ends, start+i)
		p.cells = len(p.ends)
		p.pos += next
		p.line++
		return true
	}
	return false
}

// plain reads a cell that does not start with a quote mark.
func (p *csvParser) plain() term {
	for {
		if p.pos == p.end && !p.fill() {
			return termEOF
		}
		b := p.buf[p.pos:p.end]
		i := 0
		for i < len(b) && !p.plainEnd[b[i]] {
			i++
		}
		p.add(b[:i])
		p.pos += i
		if i == len(b) {
			continue
		}
		c := b[i]
		p.pos++
		switch c {
		case '"':
			p.setFault(faultBareQuote)
			return p.skipLine()
		case '\r', '\n':
			p.lineEnd(c)
			return termLine
		default:
			return termDelim
		}
	}
}

// quoted reads a cell that starts with a quote mark, after it.
func (p *csvParser) quoted() term {
	first, breaks := p.line, 0
	afterBreak := false // the last thing read was a line break
	lineDelims := -1    // delimiters on the cell's current line after a break; -1 on its first line
	// runOn stops reading when the cell has swallowed the lines after it,
	// as far as can be told: it runs over several lines and has a misplaced
	// quote (why), or is longer than a cell can be (why == "").
	runOn := func(why string, last int) bool {
		if breaks == 0 || why == "" && breaks <= p.lim.cellBreaks && !p.long && !p.cellTooLong() {
			return false
		}
		if why == "" {
			why = fmt.Sprintf("longer than a spreadsheet cell can be: more than %s characters or %d line breaks", thousands(int64(p.lim.cellChars)), p.lim.cellBreaks)
		}
		p.fatal = &csvRowError{Col: -1, Err: errCSVQuote, Msg: fmt.Sprintf("an unbalanced quote mark on line %d makes lines %d to %d read as one cell (%s): fix the quotes and try again", first, first, last, why)}
		return true
	}
	for {
		if p.pos == p.end && !p.fill() {
			last := p.line
			if afterBreak {
				// The file's last line end is not a line swallowed.
				last, breaks = last-1, breaks-1
			}
			if p.fatal != nil || runOn("the quote is never closed", last) {
				return termFatal
			}
			p.setFault(faultOpenQuote)
			return termEOF
		}
		b := p.buf[p.pos:p.end]
		i := 0
		for i < len(b) && !p.quoteEnd[b[i]] {
			i++
		}
		if lineDelims >= 0 && p.recordDelims > 0 {
			lineDelims += bytes.Count(b[:i], []byte{p.delim})
			if lineDelims >= p.recordDelims {
				// A whole row's worth of cells on one line of a quoted
				// cell: a quote left open has swallowed the rows after it,
				// and would drop them without a word if it closes later.
				p.fatal = &csvRowError{Col: -1, Err: errCSVQuote, Msg: fmt.Sprintf("an unbalanced quote mark on line %d makes line %d, which holds a whole row of %d cells, part of one cell of the row above: fix the quotes and try again", first, p.line, p.recordDelims+1)}
				return termFatal
			}
		}
		p.add(b[:i])
		p.pos += i
		if i > 0 {
			afterBreak = false
		}
		if i == len(b) {
			continue
		}
		c := b[i]
		p.pos++
		if c != '"' {
			p.lineEnd(c)
			p.addByte('\n')
			breaks, afterBreak, lineDelims = breaks+1, true, 0
			// At the end of the file this is its last line end (see above).
			if _, more := p.peek(); more && runOn("", p.line) {
				return termFatal
			}
			continue
		}
		n, ok := p.peek()
		if n == '"' {
			p.pos++
			p.addByte('"')
			afterBreak = false
			continue
		}
		if p.fatal != nil {
			return termFatal
		}
		switch {
		case (!ok || n == p.delim || n == '\r' || n == '\n') && runOn("", p.line):
			return termFatal
		case !ok:
			return termEOF
		case n == p.delim:
			p.pos++
			return termDelim
		case n == '\r' || n == '\n':
			p.pos++
			p.lineEnd(n)
			return termLine
		default:
			if runOn("its closing quote mark is followed by more text", p.line) {
				return termFatal
			}
			p.setFault(faultAfterQuote)
			return p.skipLine()
		}
	}
}

// cellTooLong reports whether the cell being read has more characters than
// a cell may.
func (p *csvParser) cellTooLong() bool {
	n := len(p.rec) - p.start
	switch {
	case n <= p.lim.cellChars:
		return false
	case p.single || n > 4*p.lim.cellChars:
		return true
	}
	return utf8.RuneCount(p.rec[p.start:]) > p.lim.cellChars
}

// skipLine skips the rest of the line, quote marks and all, after a
// misplaced quote.
func (p *csvParser) skipLine() term {
	for {
		if p.pos == p.end && !p.fill() {
			return termEOF
		}
		b := p.buf[p.pos:p.end]
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			p.pos = p.end
			continue
		}
		p.pos += i + 1
		p.lineEnd(b[i])
		return termLine
	}
}
