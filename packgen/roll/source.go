package roll

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// A source yields a roll's rows one at a time. Row numbers are as a
// spreadsheet shows them (CSV: the line the record starts on).
type source interface {
	Next() bool
	Row() (n int, cells []string, err error) // err: this row could not be read
	Err() error                              // the file could not be read further
	Close() error
}

const defaultMaxUnzip = 1 << 30

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// The stream an encrypted Office file holds, in UTF-16.
	oleEncryption = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// open sniffs the file and returns a source for it, filling in res.Format,
// res.Sheet and res.Notes.
func open(path string, opts *Options, res *Result) (source, error) {
	fail := func(err error, msg string) error { return &ReadError{Path: path, Msg: msg, Err: err} }
	f, err := os.Open(path)
	if err != nil {
		return nil, &ReadError{Path: path, Msg: errors.Unwrap(err).Error(), Err: err}
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fail(err, err.Error())
	}
	if st.IsDir() {
		return nil, fail(ErrNotSpreadsheet, "is a folder, not a spreadsheet")
	}
	if st.Size() == 0 {
		return nil, fail(ErrEmpty, "the file is empty")
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, zipMagic):
		res.Format = "xlsx"
		return openXLSX(path, opts, res)
	case bytes.Equal(head, oleMagic):
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, oleEncryption) {
			return nil, fail(ErrPassword, "the workbook is protected with a password: open it in Excel, remove the password (File > Info > Protect Workbook) or save an unprotected copy, and try again")
		}
		return nil, fail(ErrNotSpreadsheet, "this is an old-style Excel 97-2003 (.xls) or other Office file, which ballotpack does not read: open it in Excel and save it as .xlsx or CSV")
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, fail(ErrNotSpreadsheet, "the name says xlsx, but the file is not an xlsx workbook (it is not a zip archive): it may be damaged, or another kind of file renamed")
	case ext == ".xls":
		return nil, fail(ErrNotSpreadsheet, "ballotpack does not read old-style .xls files: open it in Excel and save it as .xlsx or CSV")
	}
	res.Format = "csv"
	return openCSV(path, res)
}

// xlsxSource reads one sheet with sheetReader, a streaming reader of the
// worksheet XML; excelize only checks that the workbook opens and lists
// its sheets.
type xlsxSource struct {
	zr   *zip.ReadCloser
	rows *sheetReader
}

func openXLSX(path string, opts *Options, res *Result) (source, error) {
	fail := func(err error, msg string) error { return &ReadError{Path: path, Msg: msg, Err: err} }
	limit := opts.MaxUnzipBytes
	if limit <= 0 {
		limit = defaultMaxUnzip
	}
	// Refuse a zip bomb before excelize unpacks anything: archive/zip will not
	// read an entry past the size it declares, so the declared sizes bound it.
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fail(ErrNotSpreadsheet, "the xlsx file is damaged: it is not a readable zip archive ("+err.Error()+")")
	}
	closeOnErr := func(err error) (source, error) { zr.Close(); return nil, err }
	var total uint64
	for _, e := range zr.File {
		total += e.UncompressedSize64
	}
	if total > uint64(limit) {
		return closeOnErr(fail(ErrTooLarge, fmt.Sprintf("the workbook unpacks to %s, more than the %s limit: no membership roll needs that much, so it is damaged or not what it seems", megabytes(int64(total)), megabytes(limit))))
	}
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: min(16<<20, limit),
	})
	if err != nil {
		return closeOnErr(fail(ErrNotSpreadsheet, "the xlsx file is damaged and cannot be read ("+err.Error()+"): open it in Excel and save it again"))
	}
	sheets := f.GetSheetList()
	props, perr := f.GetWorkbookProps()
	date1904 := perr == nil && props.Date1904 != nil && *props.Date1904
	f.Close() // the rows are read by sheetReader, from zr

	book, err := openBook(&zr.Reader, date1904)
	if err != nil {
		return closeOnErr(fail(ErrNotSpreadsheet, "the xlsx file is damaged and cannot be read ("+err.Error()+"): open it in Excel and save it again"))
	}
	var sheet string
	if opts.Sheet != "" {
		for _, s := range sheets {
			if s == opts.Sheet {
				sheet = s
			}
		}
		if sheet == "" {
			return closeOnErr(fail(ErrNoSheet, fmt.Sprintf("there is no sheet %q; the sheets are %s", opts.Sheet, quoteList(sheets))))
		}
	} else {
		for _, s := range sheets {
			empty, err := sheetEmpty(book, s)
			if err != nil {
				return closeOnErr(fail(ErrMalformed, fmt.Sprintf("sheet %q cannot be read (%v)", s, err)))
			}
			if !empty {
				sheet = s
				break
			}
		}
		if sheet == "" {
			return closeOnErr(fail(ErrEmpty, "every sheet of the workbook is empty"))
		}
		if len(sheets) > 1 {
			res.Notes = append(res.Notes, fmt.Sprintf("read sheet %q, the first with data, of %d (choose another with -sheet)", sheet, len(sheets)))
		}
	}
	res.Sheet = sheet
	if date1904 {
		res.date1904 = true
		res.Notes = append(res.Notes, "the workbook counts dates from 1904 (a Mac Excel setting); dates were read accordingly")
	}
	rows, err := book.openSheet(sheet)
	if err != nil {
		return closeOnErr(fail(ErrMalformed, fmt.Sprintf("sheet %q cannot be read (%v)", sheet, err)))
	}
	return &xlsxSource{zr: zr, rows: rows}, nil
}

// sheetEmpty reports whether a sheet has no cell with anything but spaces
// in it; it stops at the first cell that has.
func sheetEmpty(book *xlsxBook, sheet string) (bool, error) {
	rows, err := book.openSheet(sheet)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		if _, cells := rows.Row(); !blank(cells) {
			return false, nil
		}
	}
	return true, rows.Err()
}

func (s *xlsxSource) Next() bool { return s.rows.Next() }

func (s *xlsxSource) Row() (int, []string, error) {
	n, cells := s.rows.Row()
	return n, cells, nil
}

func (s *xlsxSource) Err() error { return s.rows.Err() }

func (s *xlsxSource) Close() error {
	err := s.rows.Close()
	if cerr := s.zr.Close(); err == nil {
		err = cerr
	}
	return err
}

// csvSource reads CSV as Excel saves it: UTF-8 with or without a byte order
// mark, or Windows-1252; comma, semicolon or tab separated. Rows are
// numbered as a spreadsheet shows the file: a blank line is a row, and a
// record whose cell holds a line break is still one row.
type csvSource struct {
	r    *csv.Reader
	data []byte
	n    int
	row  []string
	rerr error
	err  error

	end   int64 // offset just past the last record read
	lines int   // newlines in data[:end]
}

var delimiters = []rune{',', ';', '\t'}

func openCSV(path string, res *Result) (source, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &ReadError{Path: path, Msg: err.Error(), Err: err}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, &ReadError{Path: path, Err: ErrNotSpreadsheet,
			Msg: "this is not a spreadsheet: it is neither an xlsx workbook nor a CSV text file (it holds binary data)"}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, &ReadError{Path: path, Msg: "the text is neither UTF-8 nor Windows-1252", Err: ErrNotSpreadsheet}
		}
		b = dec
		res.Notes = append(res.Notes, "the CSV file is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\" on Windows); save as \"CSV UTF-8\" to be sure every letter is right")
	}
	delim := sniffDelimiter(b)
	if delim != ',' {
		res.Notes = append(res.Notes, fmt.Sprintf("columns are separated by %s", map[rune]string{';': "semicolons", '\t': "tabs"}[delim]))
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = delim
	r.FieldsPerRecord = -1
	return &csvSource{r: r, data: b}, nil
}

// sniffDelimiter picks the delimiter under which the top of the file has a
// recognisable header row, else the one that splits the first lines most
// consistently into several fields.
func sniffDelimiter(b []byte) rune {
	top := b
	for i, lines := 0, 0; i < len(b); i++ {
		if b[i] == '\n' {
			if lines++; lines == headerSearchRows {
				top = b[:i+1]
				break
			}
		}
	}
	best, bestScore := ',', -1
	for _, d := range delimiters {
		r := csv.NewReader(bytes.NewReader(top))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = d, -1, true
		score := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil && rec == nil {
				break
			}
			if m, n := matchHeader(rec, nil, nil); isHeader(m, n) {
				return d
			}
			if len(rec) > 1 {
				score += len(rec)
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func (s *csvSource) Next() bool {
	if s.err != nil {
		return false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		return false
	}
	var pe *csv.ParseError
	var start int
	switch {
	case errors.As(err, &pe) && pe.Line > pe.StartLine:
		// An unbalanced quote swallowed the lines after it: reading on would
		// lose them without a word, so stop here and say where.
		s.err = fmt.Errorf("an unbalanced quote mark on line %d makes lines %d to %d read as one cell (%v): fix the quotes and try again", pe.StartLine, pe.StartLine, pe.Line, pe.Err)
		return false
	case errors.As(err, &pe):
		start, s.row, s.rerr = pe.StartLine, rec, pe.Err
	case err != nil:
		s.err = err
		return false
	default:
		start, _ = s.r.FieldPos(0)
		s.row, s.rerr = rec, nil
	}
	// Lines between the last record's end and this one's start were blank.
	s.n += 1 + max(0, start-(s.lines+1))
	off := s.r.InputOffset()
	s.lines += bytes.Count(s.data[s.end:off], []byte("\n"))
	s.end = off
	return true
}

func (s *csvSource) Row() (int, []string, error) { return s.n, s.row, s.rerr }
func (s *csvSource) Err() error                  { return s.err }
func (s *csvSource) Close() error                { return nil }

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
