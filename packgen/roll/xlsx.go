package roll

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ballotpack/ballotpack/internal/xlsx"
)

// xlsxSource reads one sheet of a workbook with internal/xlsx.
type xlsxSource struct {
	zr   *zip.ReadCloser
	rows *xlsx.Rows
	slab []cellKind // for the next rows' kinds
}

// ErrSheetChoice is wrapped by a *ReadError when several sheets of a
// workbook hold a roll's header and none was chosen.
var ErrSheetChoice = errors.New("several sheets could be the roll")

func openXLSX(path string, opts *Options, res *Result) (source, error) {
	fail := func(err error, msg string) error { return &ReadError{Path: path, Msg: msg, Err: err} }
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fail(ErrNotSpreadsheet, "the xlsx file is damaged: it is not a readable zip archive ("+err.Error()+")")
	}
	closeOnErr := func(err error) (source, error) { zr.Close(); return nil, err }
	if msg := sniffZip(&zr.Reader); msg != "" {
		return closeOnErr(fail(ErrNotSpreadsheet, msg))
	}
	book, err := xlsx.Open(&zr.Reader, xlsx.Limits{MaxUnzipBytes: opts.MaxUnzipBytes})
	if err != nil {
		return closeOnErr(bookError(path, err))
	}
	sheets := book.Sheets()
	var sheet string
	if opts.Sheet != "" {
		for _, s := range sheets {
			if s.Name == opts.Sheet {
				sheet = s.Name
			}
		}
		if sheet == "" {
			return closeOnErr(fail(ErrNoSheet, fmt.Sprintf("there is no sheet %q; the sheets are %s", opts.Sheet, quoteList(sheetNames(sheets)))))
		}
		if len(sheets) > 1 {
			res.Notes = append(res.Notes, fmt.Sprintf("read sheet %q (chosen with -sheet) of %d", sheet, len(sheets)))
		}
	} else {
		if sheet, err = chooseSheet(book, opts, res); err != nil {
			return closeOnErr(err)
		}
	}
	res.Sheet = sheet
	if book.Date1904() {
		res.Notes = append(res.Notes, "the workbook counts dates from 1904 (a Mac Excel setting); dates were read accordingly")
	}
	rows, err := book.OpenSheet(sheet)
	if err != nil {
		return closeOnErr(bookError(path, err))
	}
	return &xlsxSource{zr: zr, rows: rows}, nil
}

// sniffZip says what a zip archive is when it is not an xlsx workbook,
// and how to save it as one; "" if it may be one.
func sniffZip(zr *zip.Reader) string {
	if len(zr.File) > 0 && zr.File[0].Name == "mimetype" {
		var mime []byte
		if rc, err := zr.File[0].Open(); err == nil {
			mime, _ = io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
		}
		switch m := string(mime); {
		case m == "application/vnd.oasis.opendocument.spreadsheet":
			return msgODS
		case strings.HasPrefix(m, "application/vnd.oasis.opendocument."):
			return "this is an OpenDocument file (" + strings.TrimPrefix(m, "application/vnd.oasis.opendocument.") + "), not a spreadsheet: give ballotpack the membership roll as an xlsx workbook or CSV file"
		}
	}
	var workbook, rels bool
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		switch {
		case name == "xl/workbook.bin":
			return msgXLSB
		case strings.HasPrefix(name, "index/") && strings.HasSuffix(name, ".iwa"), name == "index.zip":
			return msgNumbers
		case name == "word/document.xml":
			return "this is a Word document (.docx), not a spreadsheet: give ballotpack the membership roll as an xlsx workbook or CSV file"
		case name == "ppt/presentation.xml":
			return "this is a PowerPoint presentation (.pptx), not a spreadsheet: give ballotpack the membership roll as an xlsx workbook or CSV file"
		case name == "_rels/.rels":
			rels = true
		case strings.HasPrefix(name, "xl/"):
			workbook = true
		}
	}
	if !workbook && !rels {
		return "this is a zip archive, not an xlsx workbook: if the roll is inside it, unzip it and give ballotpack the spreadsheet it holds"
	}
	return ""
}

// A sheetSurvey is what the first rows of a sheet hold.
type sheetSurvey struct {
	xlsx.Sheet
	header bool     // a row in the first headerSearchRows is a roll's header
	first  []string // the first row with anything in it; nil if none there
}

// chooseSheet picks the sheet whose first headerSearchRows rows hold a
// roll's header. When several do, or none does and several have data, it
// refuses, naming them, so that nobody's roll is read from the wrong sheet.
func chooseSheet(book *xlsx.Book, opts *Options, res *Result) (string, error) {
	path := res.Path
	sheets := book.Sheets()
	var surveys []sheetSurvey
	var withHeader, withData []int
	for _, s := range sheets {
		sv, err := surveySheet(book, s, opts)
		if err != nil {
			return "", bookError(path, err)
		}
		if sv.header {
			withHeader = append(withHeader, len(surveys))
		}
		if sv.first != nil {
			withData = append(withData, len(surveys))
		}
		surveys = append(surveys, sv)
	}
	switch {
	case len(withHeader) == 1:
		sv := surveys[withHeader[0]]
		if len(sheets) > 1 {
			res.Notes = append(res.Notes, fmt.Sprintf("read sheet %q%s, the only one of %d with a roll's header row (choose another with -sheet)", sv.Name, hiddenNote(sv.Sheet), len(sheets)))
		}
		return sv.Name, nil
	case len(withHeader) > 1:
		var names []string
		for _, i := range withHeader {
			names = append(names, fmt.Sprintf("%q%s", surveys[i].Name, hiddenNote(surveys[i].Sheet)))
		}
		return "", &ReadError{Path: path, Err: ErrSheetChoice, Msg: fmt.Sprintf(
			"%d sheets have a roll's header row: %s; choose the one to read with -sheet NAME (for example -sheet %q)",
			len(names), strings.Join(names, ", "), surveys[withHeader[0]].Name)}
	case len(withData) == 0:
		return "", &ReadError{Path: path, Err: ErrEmpty, Msg: "every sheet of the workbook is empty"}
	case len(withData) == 1:
		// The header may be past the first rows or named otherwise:
		// reading the sheet says which.
		sv := surveys[withData[0]]
		if len(sheets) > 1 {
			res.Notes = append(res.Notes, fmt.Sprintf("read sheet %q%s, the only one of %d with data", sv.Name, hiddenNote(sv.Sheet), len(sheets)))
		}
		return sv.Name, nil
	}
	var desc []string
	for _, sv := range surveys {
		what := "first row: " + briefRow(sv.first)
		if sv.first == nil {
			what = "empty"
		}
		if sv.Hidden {
			what = "hidden, " + what
		}
		desc = append(desc, fmt.Sprintf("%q (%s)", sv.Name, what))
	}
	return "", &ReadError{Path: path, Err: ErrNoHeader, Msg: fmt.Sprintf(
		"no sheet has a header row in its first %d rows (one naming the membership number and at least two other columns, such as \"Membership Number\", \"Surname\", \"Town\"); the sheets are %s. Choose the sheet with -sheet NAME, and name the columns in the election file's columns section if they are called something else",
		headerSearchRows, strings.Join(desc, ", "))}
}

func hiddenNote(s xlsx.Sheet) string {
	if s.Hidden {
		return " (hidden)"
	}
	return ""
}

// briefRow describes a row's first few cells with something in them.
func briefRow(row []string) string {
	var cells []string
	more := false
	for _, c := range row {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if len(cells) == 5 {
			more = true
			break
		}
		if r := []rune(c); len(r) > 40 {
			c = string(r[:40]) + "…"
		}
		cells = append(cells, c)
	}
	s := foundList(cells)
	if more {
		s += ", …"
	}
	return s
}

// surveySheet reads the first headerSearchRows rows of a sheet, looking for
// a roll's header row as the reader will (matchHeader and isHeader).
func surveySheet(book *xlsx.Book, s xlsx.Sheet, opts *Options) (sheetSurvey, error) {
	sv := sheetSurvey{Sheet: s}
	rows, err := book.OpenSheet(s.Name)
	if err != nil {
		return sv, err
	}
	defer rows.Close()
	for rows.Next() {
		n, cells, _ := rows.Row()
		if n > headerSearchRows {
			break
		}
		if blank(cells) {
			continue
		}
		if sv.first == nil {
			sv.first = cells
		}
		if m, k := matchHeader(cells, opts.Columns, opts.AddressColumns); isHeader(m, k) {
			sv.header = true
			break
		}
	}
	return sv, rows.Err()
}

// bookError explains why a workbook, or one of its sheets, cannot be read.
func bookError(path string, err error) error {
	if errors.Is(err, xlsx.ErrLimit) {
		return &ReadError{Path: path, Err: ErrTooLarge, Msg: err.Error() + ": no membership roll needs that much, so it is damaged or not what it seems"}
	}
	var xe *xlsx.Error
	if errors.As(err, &xe) && xe.Sheet != "" {
		return &ReadError{Path: path, Row: xe.Row, Err: ErrMalformed, Msg: fmt.Sprintf("sheet %q cannot be read (%v): open it in Excel and save it again", xe.Sheet, xe.Err)}
	}
	return &ReadError{Path: path, Err: ErrNotSpreadsheet, Msg: "the xlsx file is damaged and cannot be read (" + err.Error() + "): open it in Excel and save it again"}
}

func sheetNames(sheets []xlsx.Sheet) []string {
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = s.Name
	}
	return names
}

// cellKinds maps internal/xlsx's kinds onto the roll's.
var cellKinds = [...]cellKind{
	xlsx.Text:         kindText,
	xlsx.Number:       kindNumber,
	xlsx.Date:         kindDate,
	xlsx.Time:         kindTime,
	xlsx.Bool:         kindBool,
	xlsx.ErrorValue:   kindError,
	xlsx.Uncalculated: kindNoValue,
}

func (s *xlsxSource) Next() bool { return s.rows.Next() }

func (s *xlsxSource) Row() (int, []string, []cellKind, error) {
	n, cells, kinds := s.rows.Row()
	if kinds == nil {
		return n, cells, nil, nil
	}
	// The rows' kinds are cut from one slab: one allocation for many rows,
	// and no row's kinds are overwritten by another's.
	if len(s.slab) < len(kinds) {
		s.slab = make([]cellKind, max(4096, len(kinds)))
	}
	ck := s.slab[:len(kinds):len(kinds)]
	s.slab = s.slab[len(kinds):]
	for i, k := range kinds {
		ck[i] = cellKinds[k]
	}
	return n, cells, ck, nil
}

func (s *xlsxSource) Err() error { return s.rows.Err() }

func (s *xlsxSource) Close() error {
	err := s.rows.Close()
	if cerr := s.zr.Close(); err == nil {
		err = cerr
	}
	return err
}
