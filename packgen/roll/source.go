package roll

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A source yields a roll's rows one at a time. Row numbers are as a
// spreadsheet shows them (CSV: the line the record starts on).
type source interface {
	Next() bool
	// Row is the current row: its cells' text, what each cell is (nil when
	// every cell is text, as in a CSV file; else as long as cells), and err
	// when the row could not be read.
	Row() (n int, cells []string, kinds []cellKind, err error)
	Err() error // the file could not be read further
	Close() error
}

// A cellKind says what a cell held, beyond its text: a workbook knows
// numbers, dates, true/false values and errors apart from text.
type cellKind uint8

const (
	kindText    cellKind = iota // text, or anything in a CSV file
	kindNumber                  // a number not shown as a date or time; text as written, or zero-padded by its format
	kindDate                    // a date (or date and time); text as 2006-01-02
	kindTime                    // a number shown as a time of day or a duration (h:mm); text as 15:04:05, durations 36:00:00
	kindBool                    // TRUE or FALSE
	kindError                   // an error value such as #VALUE! or #N/A
	kindNoValue                 // a formula whose value was never calculated and saved
)

// kindAt is the kind of cell col of a row.
func kindAt(kinds []cellKind, col int) cellKind {
	if col < 0 || col >= len(kinds) {
		return kindText
	}
	return kinds[col]
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// The stream an encrypted Office file holds, in UTF-16.
	oleEncryption = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
	// The main streams of Word and PowerPoint 97-2003 files, in UTF-16.
	oleWordDocument = []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")
	olePowerPoint   = []byte("P\x00o\x00w\x00e\x00r\x00P\x00o\x00i\x00n\x00t\x00 \x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")
)

// What the files ballotpack does not read are, and how to save them as one
// it does.
const (
	msgXLS     = `this is an old-style Excel 97-2003 workbook (.xls), which ballotpack does not read: open it in Excel and choose File > Save As, "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited) (*.csv)" (in LibreOffice Calc: File > Save As, "Excel 2007-365 (.xlsx)")`
	msgODS     = `this is an OpenDocument spreadsheet (.ods, as LibreOffice and OpenOffice save by default), which ballotpack does not read: open it in LibreOffice Calc and choose File > Save As, file type "Excel 2007-365 (.xlsx)" or "Text CSV (.csv)"`
	msgNumbers = `this is an Apple Numbers spreadsheet, which ballotpack does not read: open it in Numbers and choose File > Export To > Excel… (or CSV…)`
	msgXLSB    = `this is an Excel binary workbook (.xlsb), which ballotpack does not read: open it in Excel and choose File > Save As, "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited) (*.csv)"`
)

// isNumbersBundle reports whether a folder is an Apple Numbers document
// saved as a bundle (older Numbers, or a package a copy turned into a
// folder): a .numbers folder, or one holding Index.zip or Index/*.iwa.
func isNumbersBundle(dir string) bool {
	if strings.EqualFold(filepath.Ext(dir), ".numbers") {
		return true
	}
	if _, err := os.Stat(filepath.Join(dir, "Index.zip")); err == nil {
		return true
	}
	iwa, _ := filepath.Glob(filepath.Join(dir, "Index", "*.iwa"))
	return len(iwa) > 0
}

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
		if isNumbersBundle(path) {
			return nil, fail(ErrNotSpreadsheet, msgNumbers)
		}
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
		if err == nil && (bytes.Contains(b, oleWordDocument) || bytes.Contains(b, olePowerPoint)) {
			return nil, fail(ErrNotSpreadsheet, "this is an old-style Word or PowerPoint 97-2003 file, not a spreadsheet: give ballotpack the membership roll as an xlsx workbook or CSV file")
		}
		return nil, fail(ErrNotSpreadsheet, msgXLS)
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, fail(ErrNotSpreadsheet, "the name says xlsx, but the file is not an xlsx workbook (it is not a zip archive): it may be damaged, or another kind of file renamed")
	case ext == ".xls":
		return nil, fail(ErrNotSpreadsheet, msgXLS)
	}
	res.Format = "csv"
	return openCSV(path, res)
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
