package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// header is the roll's header row, in order.
var header = []string{
	"Membership Number", "Title", "Forename", "Surname",
	"Address 1", "Address 2", "Address 3", "Town", "County", "Postcode",
	"Country", "Email", "Join Date", "Status", "Large Print",
}

// exportDate is the date in the title row, fixed so output is reproducible.
var exportDate = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// titleRows returns the rows a CRM puts above the header: a title, a
// description, then blank rows, the last always blank.
func titleRows(n int) [][]string {
	texts := []string{
		"Membership export " + exportDate.Format("02/01/2006"),
		"Report: all members, in membership number order",
	}
	rows := make([][]string, n)
	for i := range rows {
		if i < len(texts) && (i < n-1 || n == 1) {
			rows[i] = []string{texts[i]}
		}
	}
	return rows
}

// A rollWriter writes a roll's rows after its title rows and header.
type rollWriter interface {
	write(m *row) error
	close() error // flushes; does not close the underlying file
}

// fields returns m as the text a CSV holds.
func fields(m *row) []string {
	return []string{
		m.number, m.title, m.forename, m.surname,
		m.lines[0], m.lines[1], m.lines[2], m.town, m.county, m.postcode,
		m.country, m.email, m.joined.Format("02/01/2006"), m.status, m.largePrint,
	}
}

// csvWriter writes a CSV like Excel's "CSV UTF-8": a byte order mark and
// CRLF line ends; or, with windows1252, Excel's plain "CSV" on Windows.
type csvWriter struct {
	bw          *bufio.Writer
	tw          *transform.Writer // nil for UTF-8
	cw          *csv.Writer
	windows1252 bool
}

func newCSVWriter(w io.Writer, delim rune, windows1252 bool, titles [][]string) (*csvWriter, error) {
	c := &csvWriter{bw: bufio.NewWriterSize(w, 1<<16), windows1252: windows1252}
	var out io.Writer = c.bw
	if windows1252 {
		c.tw = transform.NewWriter(c.bw, charmap.Windows1252.NewEncoder())
		out = c.tw
	} else if _, err := c.bw.WriteString("\uFEFF"); err != nil {
		return nil, err
	}
	c.cw = csv.NewWriter(out)
	c.cw.Comma = delim
	c.cw.UseCRLF = true
	for _, t := range titles {
		// Excel pads every row to the width of the sheet.
		rec := make([]string, len(header))
		copy(rec, t)
		if err := c.writeRecord(rec); err != nil {
			return nil, err
		}
	}
	if err := c.writeRecord(header); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *csvWriter) writeRecord(rec []string) error {
	if c.windows1252 {
		enc := make([]string, len(rec))
		for i, s := range rec {
			enc[i] = to1252(s)
		}
		rec = enc
	}
	return c.cw.Write(rec)
}

func (c *csvWriter) write(m *row) error { return c.writeRecord(fields(m)) }

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	if c.tw != nil {
		if err := c.tw.Close(); err != nil {
			return err
		}
	}
	return c.bw.Flush()
}

// fold1252 maps letters with no Windows-1252 code, and no decomposition
// into one, to their base letter.
var fold1252 = map[rune]string{
	'Ł': "L", 'ł': "l", 'Đ': "D", 'đ': "d", 'ı': "i", 'Ħ': "H", 'ħ': "h",
}

// to1252 replaces each character Windows-1252 cannot hold with its base
// letter (ŵ → w, Ł → L, ọ̀ → o), or with "?" as Excel does when there is none.
func to1252(s string) string {
	ok := true
	for _, c := range s {
		if _, enc := charmap.Windows1252.EncodeRune(c); !enc {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if _, enc := charmap.Windows1252.EncodeRune(c); enc {
			b.WriteRune(c)
			continue
		}
		if f, found := fold1252[c]; found {
			b.WriteString(f)
			continue
		}
		d := norm.NFD.String(string(c))
		if d == string(c) {
			if !isMark(c) {
				b.WriteByte('?')
			}
			continue // a lone combining mark: drop it
		}
		for _, dc := range d {
			if _, enc := charmap.Windows1252.EncodeRune(dc); enc {
				b.WriteRune(dc)
			}
		}
	}
	return b.String()
}

// isMark reports whether c is a combining diacritical mark.
func isMark(c rune) bool { return c >= 0x0300 && c <= 0x036F }

// xlsxWriter writes a workbook with one sheet, Members, through excelize's
// stream writer, which keeps little in memory.
type xlsxWriter struct {
	f         *excelize.File
	sw        *excelize.StreamWriter
	w         io.Writer
	next      int // the next row number
	padStyle  int
	dateStyle int
	vals      []any
}

const sheetName = "Members"

func newXLSXWriter(w io.Writer, titles [][]string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	x := &xlsxWriter{f: f, w: w, next: 1, vals: make([]any, len(header))}
	err := x.start(titles)
	if err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) start(titles [][]string) error {
	f := x.f
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	var err error
	pad, date := "0000000", "dd/mm/yyyy"
	if x.padStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &pad}); err != nil {
		return err
	}
	if x.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &date}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if x.sw, err = f.NewStreamWriter(sheetName); err != nil {
		return err
	}
	widths := []float64{18, 6, 14, 16, 32, 24, 18, 18, 18, 10, 14, 32, 11, 10, 11}
	for i, wd := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	for _, t := range titles {
		if len(t) > 0 {
			if err := x.sw.SetRow(x.cell(), []any{excelize.Cell{StyleID: bold, Value: t[0]}}); err != nil {
				return err
			}
		}
		x.next++
	}
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := x.sw.SetRow(x.cell(), hdr); err != nil {
		return err
	}
	x.next++
	return nil
}

// cell returns the reference of column A in the next row.
func (x *xlsxWriter) cell() string { return "A" + strconv.Itoa(x.next) }

// excelEpoch is day 0 of Excel's 1900 date system, for dates after
// February 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func (x *xlsxWriter) write(m *row) error {
	v := x.vals
	switch m.numKind {
	case numPadded:
		n, err := strconv.Atoi(m.number)
		if err != nil {
			return fmt.Errorf("membership number %q: %w", m.number, err)
		}
		v[0] = excelize.Cell{StyleID: x.padStyle, Value: n}
	case numMangled:
		n, err := strconv.ParseInt(m.number, 10, 64)
		if err != nil {
			return fmt.Errorf("membership number %q: %w", m.number, err)
		}
		v[0] = float64(n)
	default:
		v[0] = str(m.number)
	}
	v[1], v[2], v[3] = str(m.title), str(m.forename), str(m.surname)
	v[4], v[5], v[6] = str(m.lines[0]), str(m.lines[1]), str(m.lines[2])
	v[7], v[8], v[9], v[10] = str(m.town), str(m.county), str(m.postcode), str(m.country)
	v[11] = str(m.email)
	v[12] = excelize.Cell{StyleID: x.dateStyle, Value: int(m.joined.Sub(excelEpoch).Hours() / 24)}
	v[13], v[14] = str(m.status), str(m.largePrint)
	err := x.sw.SetRow(x.cell(), v)
	x.next++
	return err
}

// str returns s, or nil for an empty cell: CRMs leave empty cells out.
func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (x *xlsxWriter) close() error {
	err := x.sw.Flush()
	if err == nil {
		_, err = x.f.WriteTo(x.w)
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr // Close removes the stream writer's temporary file
	}
	return err
}
