package roll

import (
	"archive/zip"
	"errors"
	"fmt"

	"github.com/ballotpack/ballotpack/internal/xlsx"
)

// xlsxSource reads one sheet of a workbook with internal/xlsx.
type xlsxSource struct {
	zr   *zip.ReadCloser
	rows *xlsx.Rows
}

func openXLSX(path string, opts *Options, res *Result) (source, error) {
	fail := func(err error, msg string) error { return &ReadError{Path: path, Msg: msg, Err: err} }
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fail(ErrNotSpreadsheet, "the xlsx file is damaged: it is not a readable zip archive ("+err.Error()+")")
	}
	closeOnErr := func(err error) (source, error) { zr.Close(); return nil, err }
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
	} else {
		for _, s := range sheets {
			empty, err := sheetEmpty(book, s.Name)
			if err != nil {
				return closeOnErr(bookError(path, err))
			}
			if !empty {
				sheet = s.Name
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
	if book.Date1904() {
		res.date1904 = true
		res.Notes = append(res.Notes, "the workbook counts dates from 1904 (a Mac Excel setting); dates were read accordingly")
	}
	rows, err := book.OpenSheet(sheet)
	if err != nil {
		return closeOnErr(bookError(path, err))
	}
	return &xlsxSource{zr: zr, rows: rows}, nil
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

// sheetEmpty reports whether a sheet has no cell with anything but spaces
// in it; it stops at the first cell that has.
func sheetEmpty(book *xlsx.Book, sheet string) (bool, error) {
	rows, err := book.OpenSheet(sheet)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		if _, cells, _ := rows.Row(); !blank(cells) {
			return false, nil
		}
	}
	return true, rows.Err()
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
	var ck []cellKind
	if kinds != nil {
		ck = make([]cellKind, len(kinds))
		for i, k := range kinds {
			ck[i] = cellKinds[k]
		}
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
