package roll

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// FuzzReadRoll feeds arbitrary bytes to the reader as a CSV file: it must
// never panic, every error must be a *ReadError, and the counts must add up.
func FuzzReadRoll(f *testing.F) {
	f.Add([]byte(header + good))
	f.Add([]byte("Title\n\n" + header + good + ",,,\n" + good))
	f.Add([]byte("\xef\xbb\xbfMember No;Name;Address;Town;Postcode\n1;A;B;C;LS1 1AA\n"))
	f.Add([]byte("Membership Number\tSurname\tAddress 1\tTown\tPostcode\n1\tZo\xeb\t\"x\ny\"\tT\tBFPO 1\n"))
	f.Add([]byte(header + "\"unterminated,1,2\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "roll.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := ReadFile(path, Options{ExcludedStatuses: []string{"lapsed"}})
		if err != nil {
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkCounts(t, res)
		for _, p := range res.Problems {
			if p.Row <= 0 || p.Reason == "" || p.Kind == "" || p.Severity == 0 {
				t.Fatalf("incomplete problem %+v", p)
			}
		}
		for _, m := range res.Members {
			if m.ID == "" || m.Surname == "" || len(m.Address) == 0 {
				t.Fatalf("incomplete member %+v", m)
			}
		}
	})
}

// FuzzCSVSource reads arbitrary bytes with the CSV source, a few bytes at a
// time and with small limits, and checks it against refParse, a slow
// line-by-line reading of the same rules: it must never panic, rows must
// be numbered 1, 2, 3…, and it must yield exactly the records and blank
// lines refParse finds, so that no row is ever lost or run into another.
func FuzzCSVSource(f *testing.F) {
	seeds := []string{
		header + good,
		"a,b\rc,d\r\ne,f\ng,h",
		"a\n\n\r\r\n\"x\ry\",z\rw",
		"\"a\"\"b\",\"c\r\nd\"\r\n\"e\"x\n\"f",
		"a,\"b\nc\nd\ne\nf\ng\",h\n",
		"Membership Number;Surname;Town\r1;Zo\xeb;M\xfcller\r2;\x81;\xc3\xa9\r",
		"\xef\xbb\xbfMembership Number\tSurname\tTown\n1\tMari\xc4\x87\tx\xe9\n",
		"\xff\xfeM\x00,\x00\"\x00\n\x00x\x00\"\x00\r\x00\n\x00=\xd8a\x00",
		"\xfe\xff\x00a\x00\r\x00b\x00\n",
		"a" + strings.Repeat(",b", 10) + "\n" + strings.Repeat("c", 70) + "\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(3))
	}
	for _, name := range []string{"mixed-line-ends.csv", "old-mac.csv", "stray-byte.csv", "windows-1252-undefined.csv", "unicode-text.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata/csv", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 600)], uint8(7))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte, bufSize uint8) {
		lim := csvLimits{cellChars: 20, cellBreaks: 3, rowBytes: 64, cells: 6, rows: 40, bufSize: int(bufSize%16) + 1}
		utf16BOM := bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
		if utf16BOM {
			// The reference decodes UTF-16 with x/text, which counts what
			// it cannot decode differently: leave out the size limits.
			lim.cellChars, lim.rowBytes = 1<<20, 1<<20
		}
		path := filepath.Join(dir, "roll.csv")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := newCSVSource(file, &Result{}, lim)
		if err != nil {
			file.Close()
			var re *ReadError
			if !errors.As(err, &re) || !errors.Is(err, ErrNotSpreadsheet) {
				t.Fatalf("newCSVSource: %v", err)
			}
			return
		}
		defer s.Close()
		rows, fatal := drain(s)

		text := string(b)
		switch s.enc {
		case encUTF16LE, encUTF16BE:
			order := unicode.LittleEndian
			if s.enc == encUTF16BE {
				order = unicode.BigEndian
			}
			text, _ = unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().String(text)
		default:
			text = strings.TrimPrefix(text, "\xef\xbb\xbf")
		}
		want, wantFatal := refParse(text, s.p.delim, s.enc == encWindows1252, lim)
		if len(rows) != len(want) || (fatal != nil) != wantFatal {
			t.Fatalf("%d rows (stopped: %v), reference %d rows (stops: %v)\nsource    %q\nreference %q", len(rows), fatal, len(want), wantFatal, show(rows), refShow(want))
		}
		for i, r := range rows {
			w := want[i]
			if r.n != i+1 {
				t.Fatalf("row %d numbered %d", i+1, r.n)
			}
			var re *csvRowError
			switch {
			case r.err != nil && !errors.As(r.err, &re):
				t.Fatalf("row %d: error of type %T", r.n, r.err)
			case w.blank != (r.cells == nil && r.err == nil):
				t.Fatalf("row %d: blank %v, reference %v", r.n, !w.blank, w.blank)
			case w.bad && r.err == nil:
				t.Fatalf("row %d: no error, reference has one: %q", r.n, r.cells)
			}
			for _, c := range r.cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not UTF-8", r.n, c)
				}
			}
			if w.blank || w.bad || r.err != nil && !errors.Is(r.err, errCSVEncoding) {
				continue
			}
			cells := w.cells
			switch {
			case s.enc == encUTF8 && utf8.ValidString(text):
			case s.enc == encWindows1252 && r.err == nil:
				cells = slices.Clone(cells)
				for j, c := range cells {
					cells[j], _ = charmap.Windows1252.NewDecoder().String(c)
				}
			default:
				continue
			}
			if r.err != nil || !slices.Equal(r.cells, cells) {
				t.Fatalf("row %d: %q (%v), reference %q", r.n, r.cells, r.err, cells)
			}
		}
	})
}

// A refRecord is a row as refParse reads it.
type refRecord struct {
	blank bool
	cells []string
	bad   bool // a misplaced quote, or a limit passed (the row's bytes count its delimiters)
}

func refShow(rows []refRecord) string {
	c := make([]csvRow, len(rows))
	for i, r := range rows {
		c[i] = csvRow{n: i + 1, cells: r.cells}
		if r.bad {
			c[i].err = errCSVQuote
		}
	}
	return show(c)
}

var refLineEnd = regexp.MustCompile("\r\n|\r|\n")

// refParse reads CSV text by the rules at the top of csv.go, slowly and a
// physical line at a time, as an independent check on csvParser. fatal
// says reading stops after the rows returned.
func refParse(text string, delim byte, singleByte bool, lim csvLimits) (rows []refRecord, fatal bool) {
	chars := utf8.RuneCountInString
	if singleByte {
		chars = func(s string) int { return len(s) }
	}
	lines := refLineEnd.Split(text, -1)
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the last line end ends the last line
	}
	for i := 0; i < len(lines); {
		if len(rows) == lim.rows {
			return rows, true
		}
		line := lines[i]
		i++
		if line == "" {
			rows = append(rows, refRecord{blank: true})
			continue
		}
		var rec refRecord
		total := 0
		for done := false; !done; {
			var cell strings.Builder
			if strings.HasPrefix(line, `"`) {
				line = line[1:]
				breaks := 0
				runsOn := func() bool {
					return breaks > 0 && (breaks > lim.cellBreaks || total+cell.Len() > lim.rowBytes || chars(cell.String()) > lim.cellChars)
				}
			quoted:
				for {
					q := strings.IndexByte(line, '"')
					switch {
					case q < 0 && i == len(lines): // the file ends inside the quotes
						if breaks > 0 {
							return rows, true
						}
						cell.WriteString(line)
						rec.bad, done = true, true
						break quoted
					case q < 0:
						cell.WriteString(line)
						cell.WriteByte('\n')
						breaks++
						line = lines[i]
						i++
						if runsOn() {
							return rows, true
						}
						continue
					}
					cell.WriteString(line[:q])
					line = line[q+1:]
					switch {
					case strings.HasPrefix(line, `"`):
						cell.WriteByte('"')
						line = line[1:]
					case line == "" || line[0] == delim:
						if runsOn() {
							return rows, true
						}
						break quoted
					case breaks > 0:
						return rows, true
					default: // text after the closing quote: the rest of the line is skipped
						rec.bad, done, line = true, true, ""
						break quoted
					}
				}
			} else {
				end := strings.IndexByte(line, delim)
				if end < 0 {
					end = len(line)
				}
				if q := strings.IndexByte(line[:end], '"'); q >= 0 {
					rec.bad, done, end = true, true, len(line) // the rest of the line is skipped
				}
				cell.WriteString(line[:end])
				line = line[end:]
			}
			rec.cells = append(rec.cells, cell.String())
			total += cell.Len()
			if chars(cell.String()) > lim.cellChars {
				rec.bad = true
			}
			if line == "" {
				done = true
			} else {
				line = line[1:] // the delimiter, which counts in the row's bytes
				total++
			}
		}
		if len(rec.cells) > lim.cells || total > lim.rowBytes {
			rec.bad = true
		}
		rows = append(rows, rec)
	}
	return rows, false
}
