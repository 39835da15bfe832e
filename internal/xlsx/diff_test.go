package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"github.com/xuri/nfp"
)

// formatAtoms are the pieces fuzzed number formats are made of: every kind
// of token, each well formed, so that the formats mean something. (Codes
// with stray quotes, brackets or unquoted letters are not what producers
// write, and there excelize's tokenizer and this package's differ without
// either being Excel; FuzzNumFormat feeds them to the parser.)
var formatAtoms = []string{
	"0", "00", "0000", "#", "?", ".", ",", "%", "E+", "e-", `"M"`, `"No. "`, `\-`, `\d`, "_)", "*-", "*0",
	"[Red]", "[Color10]", "[$-409]", "[$€-809]", "[$USD-409]", ";", ";", "@", "y", "yy", "yyyy", "m", "mm", "mmm", "mmmm",
	"d", "dd", "ddd", "h", "hh", "s", "ss", "[h]", "[mm]", "[ss]", ":", "/", "-", " ", "AM/PM", "A/P", "General",
	"[>100]", "[DBNum1]", "e", "b", "g",
}

var builtinIDs = []int{0, 1, 2, 3, 4, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 37, 45, 46, 47, 48, 49}

// formatOf makes a number format code of up to n atoms from b.
func formatOf(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		s.WriteString(formatAtoms[int(c)%len(formatAtoms)])
	}
	return s.String()
}

// nfpKind classifies a format code with excelize's own tokenizer (nfp), by
// the rules the package documents: an independent reading of the code.
func nfpKind(code string) fmtKind {
	p := nfp.NumberFormatParser()
	secs := p.Parse(code)
	if len(secs) == 0 {
		return fmtGeneral
	}
	items := secs[0].Items
	// An exponent with no digits (E+ alone) is a code Excel refuses; the
	// package reads the e as a year, nfp as an exponent: not compared.
	digits, exponent := false, false
	for _, tok := range items {
		switch tok.TType {
		case nfp.TokenTypeZeroPlaceHolder, nfp.TokenTypeHashPlaceHolder, nfp.TokenTypeDigitalPlaceHolder:
			digits = true
		case nfp.TokenTypeExponential:
			exponent = true
		}
	}
	if exponent && !digits {
		return fmtUnknown
	}
	var date, clock bool
	for i, tok := range items {
		switch tok.TType {
		case nfp.TokenTypeElapsedDateTimes:
			clock = true
		case nfp.TokenTypeDateTimes:
			v := strings.ToLower(tok.TValue)
			switch {
			case strings.ContainsAny(v, "ydegb"):
				date = true
			case strings.HasPrefix(v, "m") && len(v) >= 3:
				date = true
			case strings.HasPrefix(v, "m"):
				minutes := false
				for j := i - 1; j >= 0; j-- {
					if t := items[j]; t.TType == nfp.TokenTypeDateTimes || t.TType == nfp.TokenTypeElapsedDateTimes {
						minutes = t.TType == nfp.TokenTypeElapsedDateTimes || strings.ContainsAny(strings.ToLower(t.TValue), "h")
						break
					}
				}
				for j := i + 1; j < len(items) && !minutes; j++ {
					if t := items[j]; t.TType == nfp.TokenTypeDateTimes || t.TType == nfp.TokenTypeElapsedDateTimes {
						minutes = t.TType == nfp.TokenTypeDateTimes && strings.ContainsAny(strings.ToLower(t.TValue), "s")
						break
					}
				}
				if minutes {
					clock = true
				} else {
					date = true
				}
			default:
				clock = true
			}
		}
	}
	switch {
	case date:
		return fmtDate
	case clock:
		return fmtTime
	}
	zero := false
	for n, sec := range secs {
		if sec.Type == nfp.TokenSectionText || n == 3 {
			break
		}
		for _, tok := range sec.Items {
			switch tok.TType {
			case nfp.TokenTypeCondition:
				return fmtGeneral
			case nfp.TokenTypeZeroPlaceHolder:
				zero = zero || n == 0
			case nfp.TokenTypeLiteral:
				// Deliberate: a comma anywhere, not only between digits,
				// is taken for a thousands separator or a scaling.
				if strings.Contains(tok.TValue, ",") && n == 0 {
					return fmtGeneral
				}
			case nfp.TokenTypeHashPlaceHolder, nfp.TokenTypeDigitalPlaceHolder,
				nfp.TokenTypeRepeatsChar, nfp.TokenTypeAlignment, nfp.TokenTypeColor, nfp.TokenTypeCurrencyLanguage:
			default:
				if n == 0 {
					return fmtGeneral
				}
			}
		}
	}
	if zero {
		return fmtInteger
	}
	return fmtGeneral
}

// fmtUnknown is a format code the fuzzer does not compare.
const fmtUnknown fmtKind = 255

// A fuzzCell is a cell the fuzzer wrote: its value and style.
type fuzzCell struct {
	ref   string
	value any // string, int, float64 or bool
	code  string
	kind  fmtKind // of its number format, as nfpKind or the built-in table says
}

// FuzzXLSXvsExcelize writes a workbook of cells of every type under fuzzed
// number formats with excelize, reads it back with both this package and
// excelize, and compares every cell. The differences the package documents
// are normalised: dates are 2006-01-02 here, times 15:04:05, numbers that
// are not zero-padded integers as written (excelize's raw value), and text
// is never formatted.
func FuzzXLSXvsExcelize(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte{0, 3}, "Smith & Sons <Ltd>|Ó Súilleabháin|_x0041_", false)
	f.Add([]byte{10, 200, 33, 7, 99, 1, 2, 3, 250, 128, 64, 5}, []byte{6, 2}, "a\nb|  spaces  |'quote'", true)
	f.Add([]byte{3, 3, 3, 9, 9, 9, 27, 27}, []byte{26, 39, 39, 41, 22, 41}, "x", false)
	f.Add([]byte{5, 80, 90, 100, 110}, []byte{36, 46, 37}, "", false)
	f.Add([]byte{2, 255, 254, 253, 1, 0}, []byte{8, 2}, "tab\there", true)
	f.Fuzz(func(t *testing.T, data, format []byte, text string, date1904 bool) {
		if len(data) > 200 || len(format) > 40 || len(text) > 1000 {
			t.Skip()
		}
		cells, book := writeFuzzBook(t, data, format, text, date1904)
		if cells == nil {
			t.Skip()
		}
		compareWithExcelize(t, cells, book, date1904)
	})
}

// writeFuzzBook writes the cells that data describes: each three bytes
// give a type, a style and a value. nil if excelize refuses the format.
func writeFuzzBook(t *testing.T, data, format []byte, text string, date1904 bool) ([]fuzzCell, []byte) {
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)}); err != nil {
			t.Fatal(err)
		}
	}
	custom := formatOf(format)
	texts := strings.Split(text, "|")
	var cells []fuzzCell
	for i := 0; i+2 < len(data); i += 3 {
		typ, style, v := data[i], data[i+1], data[i+2]
		ref, _ := excelize.CoordinatesToCellName(1+len(cells)%5, 1+len(cells)/5)
		c := fuzzCell{ref: ref}
		switch typ % 6 {
		case 0:
			c.value = texts[int(v)%len(texts)]
		case 1:
			c.value = int(v)*int(v)*37 - 500
		case 2:
			c.value = float64(int(v)-128) / 7
		case 3:
			c.value = v%2 == 1
		case 4:
			c.value = 30000 + float64(v)*97.37 // a date serial, with a time of day
		case 5:
			c.value = float64(v) / 64 // a time of day, or a duration
		}
		var sid int
		var err error
		if style%3 == 0 {
			c.code = custom
			c.kind = nfpKind(custom)
			sid, err = f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		} else {
			id := builtinIDs[int(style)%len(builtinIDs)]
			c.code = strconv.Itoa(id)
			c.kind = builtinNumFormat(id).kind
			sid, err = f.NewStyle(&excelize.Style{NumFmt: id})
		}
		if err != nil {
			return nil, nil
		}
		if err := f.SetCellValue("Sheet1", ref, c.value); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", ref, ref, sid); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, c)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return cells, buf.Bytes()
}

func compareWithExcelize(t *testing.T, cells []fuzzCell, book []byte, date1904 bool) {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(zr, Limits{})
	if err != nil {
		t.Fatalf("excelize's workbook: %v", err)
	}
	if b.Date1904() != date1904 {
		t.Errorf("date1904 %v, want %v", b.Date1904(), date1904)
	}
	got := map[string]struct {
		text string
		kind Kind
	}{}
	rows, err := b.OpenSheet("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		n, cs, ks := rows.Row()
		for col, text := range cs {
			k := Text
			if ks != nil {
				k = ks[col]
			}
			got[colName(col)+strconv.Itoa(n)] = struct {
				text string
				kind Kind
			}{text, k}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()

	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, c := range cells {
		shown, err := x.GetCellValue("Sheet1", c.ref)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := x.GetCellValue("Sheet1", c.ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if c.kind == fmtUnknown {
			continue
		}
		g := got[c.ref]
		fail := func(want string, kind Kind) {
			t.Errorf("%s = %#v under %q (%d): %q (%v), want %q (%v); excelize shows %q, raw %q",
				c.ref, c.value, c.code, c.kind, g.text, g.kind, want, kind, shown, raw)
		}
		switch v := c.value.(type) {
		case string:
			// Text is never formatted: excelize's raw value.
			if raw != "" && (g.text != raw || g.kind != Text) {
				fail(raw, Text)
			}
		case bool:
			if g.text != shown || g.kind != Bool {
				fail(shown, Bool)
			}
		default:
			x, _ := strconv.ParseFloat(raw, 64)
			switch c.kind {
			case fmtGeneral:
				if g.text != raw || g.kind != Number {
					fail(raw, Number)
				}
			case fmtInteger:
				if g.kind != Number || (g.text != shown && !integerDifference(c.code, x)) {
					fail(shown, Number)
				}
			case fmtDate:
				want, kind := raw, Number
				if d, ok := excelizeDate(x, date1904); ok {
					want, kind = d, Date
				} else if (!date1904 && x < 61 && x >= 1) || (date1904 && x < 61 && x >= 0) {
					// Excel's 29 February 1900, and excelize's early 1904
					// serials (see TestSheetXMLMatchesExcelize): not compared.
					continue
				}
				if g.text != want || g.kind != kind {
					fail(want, kind)
				}
			case fmtTime:
				if x < 0 {
					if g.kind != Time || g.text != raw {
						fail(raw, Time)
					}
					break
				}
				if g.kind != Time || !sameTime(g.text, x, isElapsed(c.code)) {
					fail(fmt.Sprintf("the time of %v days", x), Time)
				}
			}
			_ = v
		}
	}
}

// integerDifference reports the deliberate differences from excelize in
// showing integers.
func integerDifference(code string, x float64) bool {
	return false
}

func isElapsed(code string) bool {
	if id, err := strconv.Atoi(code); err == nil {
		return builtinNumFormat(id).elapsed
	}
	return parseNumFormat(code).elapsed
}

// excelizeDate is the day excelize gives a serial, rounded to the second
// as Excel shows it; false for serials that are no date Excel shows, or
// that excelize gets wrong.
func excelizeDate(x float64, date1904 bool) (string, bool) {
	if x < 61 || x >= 2958466-1462 {
		return "", false
	}
	d, err := excelize.ExcelDateToTime(x, date1904)
	if err != nil {
		return "", false
	}
	return d.Round(time.Second).Format("2006-01-02"), true
}

// sameTime checks a time written hh:mm:ss against days, to the second.
func sameTime(text string, days float64, elapsed bool) bool {
	parts := strings.Split(text, ":")
	if len(parts) != 3 {
		return false
	}
	h, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	s, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || m > 59 || s > 59 || (!elapsed && h > 23) {
		return false
	}
	secs := float64(h*3600 + m*60 + s)
	want := math.Round(days * 86400)
	if !elapsed {
		want = math.Mod(want, 86400)
	}
	return secs == want
}
