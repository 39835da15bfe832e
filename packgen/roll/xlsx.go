package roll

import (
	"archive/zip"
	"fmt"

	"github.com/xuri/excelize/v2"
)

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

func (s *xlsxSource) Row() (int, []string, []cellKind, error) {
	n, cells := s.rows.Row()
	return n, cells, s.rows.Kinds(), nil
}

func (s *xlsxSource) Err() error { return s.rows.Err() }

func (s *xlsxSource) Close() error {
	err := s.rows.Close()
	if cerr := s.zr.Close(); err == nil {
		err = cerr
	}
	return err
}
