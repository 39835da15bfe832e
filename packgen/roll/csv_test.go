package roll

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// A csvRow is a row as a csvSource yields it.
type csvRow struct {
	n     int
	cells []string
	err   error
}

// openCSVBytes writes b to a file and opens a source on it with lim.
func openCSVBytes(t testing.TB, b []byte, lim csvLimits) (*csvSource, *Result) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roll.csv")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{Path: path}
	s, err := newCSVSource(f, res, lim)
	if err != nil {
		f.Close()
		t.Fatalf("newCSVSource: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, res
}

// drain reads every row of s, and the error that stopped it, if any.
func drain(s *csvSource) ([]csvRow, error) {
	var rows []csvRow
	for s.Next() {
		n, cells, kinds, err := s.Row()
		if kinds != nil {
			panic("a CSV source gave cell kinds")
		}
		rows = append(rows, csvRow{n, cells, err})
	}
	return rows, s.Err()
}

func readCSVRows(t *testing.T, content string) ([]csvRow, *Result) {
	t.Helper()
	s, res := openCSVBytes(t, []byte(content), defaultCSVLimits)
	rows, err := drain(s)
	if err != nil {
		t.Fatalf("Err() = %v", err)
	}
	return rows, res
}

// show writes rows as text to compare: n:cell|cell, n:! for an error, n:_
// for a blank line.
func show(rows []csvRow) string {
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case r.err != nil:
			fmt.Fprintf(&b, "%d:!", r.n)
		case r.cells == nil:
			fmt.Fprintf(&b, "%d:_", r.n)
		default:
			fmt.Fprintf(&b, "%d:%s", r.n, strings.Join(r.cells, "|"))
		}
	}
	return b.String()
}

// TestCSVLineEnds: CR, LF and CRLF in any mix end lines; inside quotes each
// is a line break, kept as \n. encoding/csv took a lone CR for text, so a
// roll saved with mixed line ends lost every other member into its
// neighbour's last cell.
func TestCSVLineEnds(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"LF", "a,b\nc,d\n", "1:a|b 2:c|d"},
		{"CRLF", "a,b\r\nc,d\r\n", "1:a|b 2:c|d"},
		{"CR", "a,b\rc,d\r", "1:a|b 2:c|d"},
		{"mixed", "a,b\rc,d\r\ne,f\ng,h", "1:a|b 2:c|d 3:e|f 4:g|h"},
		{"no last line end", "a,b\r\nc,d", "1:a|b 2:c|d"},
		{"blank lines", "a\r\n\r\n\rb\n\nc\r", "1:a 2:_ 3:_ 4:b 5:_ 6:c"},
		{"LF CR is two line ends", "a\n\rb", "1:a 2:_ 3:b"},
		{"blank line last", "a\n\n", "1:a 2:_"},
		{"only line ends", "\r\n\n\r", "1:_ 2:_ 3:_"},
		{"quoted CR", "\"x\ry\",z\rw", "1:x\ny|z 2:w"},
		{"quoted CRLF", "\"x\r\ny\",z\r\nw", "1:x\ny|z 2:w"},
		{"quoted LF CR", "\"x\n\ry\",z\nw", "1:x\n\ny|z 2:w"},
		{"quoted line end only", "\"\r\n\"\r\nw", "1:\n 2:w"},
		{"quoted quote", "\"a \"\"b\"\"\",c\r", "1:a \"b\"|c"},
		{"empty cells", ",,\r\n,", "1:|| 2:|"},
		{"spaces are a cell", "  \r\n", "1:  "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, _ := readCSVRows(t, tc.in)
			if got := show(rows); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCSVMixedLineEndsRoll is the reported roll: 200 members, lines ended
// by CR and CRLF in turn. Every member must be read, on the right row.
func TestCSVMixedLineEndsRoll(t *testing.T) {
	res, err := ReadFile("testdata/csv/mixed-line-ends.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	if res.RowsRead != 200 || len(res.Members) != 200 || len(res.Problems) != 0 {
		t.Fatalf("rows %d members %d problems %v, want 200 rows, 200 members and no problems", res.RowsRead, len(res.Members), res.Problems)
	}
	for i, m := range res.Members {
		if m.Row != i+2 || m.ID != fmt.Sprint(1000+i) || m.Surname != fmt.Sprintf("Smith%d", i) || m.Status != "Active" {
			t.Fatalf("member %d: %+v", i, m)
		}
	}
}

// TestCSVRowNumbersLineEnds: a record is a row, a blank line is a row, and a
// record holding line breaks is one row, whatever ends the lines.
func TestCSVRowNumbersLineEnds(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		t.Run(fmt.Sprintf("%q", eol), func(t *testing.T) {
			rows := "1,,A,Smith,\"1 Road" + eol + "Leeds\",,Leeds,,LS1 1AA,,,,," + eol + // row 2, rejected (line break)
				"2,,B,Jones,2 Road,,Leeds,,LS1 1AA,,,,," + eol + // row 3
				eol + // row 4, blank
				"3,,C,Brown,3 Road,,Leeds,,bad,,,,," + eol + // row 5
				",,,,,,,,,,,,," + eol + // row 6, blank
				"4,,D,White,\"4 Road\"\"s" + eol + eol + "end\",,Leeds,,LS1 1AA,,,,," + eol // row 7
			res := readCSV(t, strings.ReplaceAll(header, "\n", eol)+rows, Options{})
			if len(res.Members) != 1 || res.Members[0].Row != 3 {
				t.Fatalf("members %+v", res.Members)
			}
			var got []int
			for _, p := range res.Problems {
				got = append(got, p.Row)
			}
			if fmt.Sprint(got) != "[2 5 7]" || res.Blank != 2 || res.RowsRead != 4 {
				t.Errorf("problems on rows %v, %d blank, %d read; want rows [2 5 7], 2 blank, 4 read", got, res.Blank, res.RowsRead)
			}
		})
	}
}

// TestCSVQuoteErrors: a misplaced quote is an error for its row, which
// ends at the end of its line; the rows after it are read.
func TestCSVQuoteErrors(t *testing.T) {
	cases := []struct{ name, in, want, says string }{
		{"bare quote", "Membership Number,Surname,Address 1\r1,Jo\"nes,x\r2,B,y\r", "1:Membership Number|Surname|Address 1 2:! 3:2|B|y",
			`column "Surname" has a quote mark at character 3, but the cell does not start with one`},
		{"text after quote", "Membership Number,Surname,Address 1\n1,\"Jo\"nes,\"x\ny\"\n2,B,y\n", "1:Membership Number|Surname|Address 1 2:! 3:! 4:2|B|y",
			`column "Surname" starts with a quote mark, but more text follows the quote that closes it after character 2`},
		{"never closed, last line", "a,b\n1,\"x", "1:a|b 2:!", "column 2 opens a quote mark that is never closed"},
		{"never closed, last line end", "a,b\n1,\"x\r\n", "1:a|b 2:!", "column 2 opens a quote mark that is never closed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, _ := readCSVRows(t, tc.in)
			if got := show(rows); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			var re *csvRowError
			if len(rows) < 2 || !errors.As(rows[1].err, &re) || !errors.Is(re, errCSVQuote) || re.Error() != tc.says && !strings.HasPrefix(re.Error(), tc.says) {
				t.Errorf("row 2's error %v, want a *csvRowError wrapping errCSVQuote saying %q", rows[1].err, tc.says)
			}
		})
	}
}

// TestCSVRunOnQuote: a quote that swallows the lines after it stops the
// read with an error naming the lines, whatever ends them.
func TestCSVRunOnQuote(t *testing.T) {
	lots := strings.Repeat("x", 40000)
	cases := []struct {
		name, in string
		before   int // rows before the quote
		says     string
	}{
		{"never closed, CR", "a,b\r1,\"x\r2,y\r3,z\r", 1, "an unbalanced quote mark on line 2 makes lines 2 to 4 read as one cell (the quote is never closed)"},
		{"never closed, mixed", "a,b\r\n1,x\n2,\"y\r3,z\r\n4,w", 2, "an unbalanced quote mark on line 3 makes lines 3 to 5 read as one cell (the quote is never closed)"},
		{"closing quote then text", "a,b\n1,\"x\n2,y\"z,3\n", 1, "an unbalanced quote mark on line 2 makes lines 2 to 3 read as one cell (its closing quote mark is followed by more text)"},
		{"too many line breaks", "a,b\n1,\"x" + strings.Repeat("\n2,y", 300) + "\",z\n", 1, "an unbalanced quote mark on line 2 makes lines 2 to 256 read as one cell (longer than a spreadsheet cell can be: more than 32,767 characters or 253 line breaks)"},
		{"too long", "a,b\n1,\"x\n" + lots + "\",z\n", 1, "an unbalanced quote mark on line 2 makes lines 2 to 3 read as one cell (longer than a spreadsheet cell can be"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openCSVBytes(t, []byte(tc.in), defaultCSVLimits)
			rows, err := drain(s)
			if err == nil || !strings.HasPrefix(err.Error(), tc.says) {
				t.Fatalf("error %v, want %q", err, tc.says)
			}
			if len(rows) != tc.before {
				t.Errorf("rows %s, want the %d before the quote", show(rows), tc.before)
			}
		})
	}
	// Through ReadFile, with the row.
	rows := good + "8,,B,\"Jo \"\"x\"\" y,1 Road,,Leeds,,LS1 1AA,,,,,\r"
	for i := range 5 {
		rows += fmt.Sprintf("%d,,C,Brown,1 Road,,Leeds,,LS1 1AA,,,,,\r", 20+i)
	}
	_, err := ReadFile(writeFile(t, "roll.csv", header+rows), Options{})
	if err == nil || !strings.Contains(err.Error(), "row 3: ") || !strings.Contains(err.Error(), "unbalanced quote mark on line 3 makes line 4, which holds a whole row") {
		t.Fatalf("error %v, want row 3 and line 4 named", err)
	}
}

// TestCSVEncodings: the encoding is decided per file with evidence, and a
// byte that does not fit it is an error for its row, never a reason to
// read the whole file another way.
func TestCSVEncodings(t *testing.T) {
	utf16le := func(s string) string {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(s)
		return "\xff\xfe" + b
	}
	utf16be := func(s string) string {
		b, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(s)
		return "\xfe\xff" + b
	}
	w1252 := func(s string) string {
		b, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			panic(err)
		}
		return b
	}
	const head = "Membership Number,Forename,Surname\r\n"
	cases := []struct {
		name   string
		in     string
		enc    textEncoding
		want   string // rows, as show writes them
		errs   string // the rows' errors, one a line
		note   string // in the notes ("" for none)
		delims string
	}{
		{"ASCII", head + "1,Ann,Smith\r\n", encUTF8, "1:Membership Number|Forename|Surname 2:1|Ann|Smith", "", "", ""},
		{"UTF-8", head + "1,Zoë,Müller\r\n", encUTF8, "1:Membership Number|Forename|Surname 2:1|Zoë|Müller", "", "", ""},
		{"UTF-8 with BOM", "\xef\xbb\xbf" + head + "1,Zoë,Müller\r\n", encUTF8, "1:Membership Number|Forename|Surname 2:1|Zoë|Müller", "", "", ""},
		{"UTF-8, one stray byte", head + "1,Ana,Marić\r\n2,Zoë,Müller\r\n3,José,Mari\xe9\r\n4,Siân,Gwŷn\r\n", encUTF8,
			"1:Membership Number|Forename|Surname 2:1|Ana|Marić 3:2|Zoë|Müller 4:! 5:4|Siân|Gwŷn",
			`byte 0xE9 at character 5 of column "Surname" is not UTF-8`,
			"read as UTF-8: 6 letters are written in UTF-8, and 1 byte is not UTF-8 (1 row has bytes that are not UTF-8 and is rejected: row 4)", ""},
		{"UTF-8, stray bytes on many rows", head + strings.Repeat("1,Ana,Marić\r\n2,Zo\xeb,X\r\n", 4), encUTF8,
			"1:Membership Number|Forename|Surname 2:1|Ana|Marić 3:! 4:1|Ana|Marić 5:! 6:1|Ana|Marić 7:! 8:1|Ana|Marić 9:!",
			strings.TrimSuffix(strings.Repeat(`byte 0xEB at character 3 of column "Forename" is not UTF-8`+"\n", 4), "\n"),
			"(4 rows have bytes that are not UTF-8 and are rejected: rows 3, 5, 7, 9)", ""},
		{"UTF-8 above the header row", "Title\xff\n" + head + "1,Ana,Marić\n2,B\xff,C\n3,Zoë,Müller\n", encUTF8,
			"1:! 2:Membership Number|Forename|Surname 3:1|Ana|Marić 4:! 5:3|Zoë|Müller",
			"byte 0xFF at character 6 of column 1 is not UTF-8\nbyte 0xFF at character 2 of column \"Forename\" is not UTF-8", "(1 row has bytes that are not UTF-8 and is rejected: row 4)", ""},
		{"UTF-8 with BOM, stray byte", "\xef\xbb\xbf" + head + "1,Ann,Sm\xefth\r\n", encUTF8,
			"1:Membership Number|Forename|Surname 2:!", `byte 0xEF at character 3 of column "Surname" is not UTF-8`,
			"read as UTF-8, as its byte order mark says: 1 byte is not UTF-8 (1 row has bytes that are not UTF-8 and is rejected: row 2)", ""},
		{"Windows-1252", w1252(head + "1,Zoë,Müller\r\n2,François,Œuvray\r\n3,Ann,O’Neill\r\n"), encWindows1252,
			"1:Membership Number|Forename|Surname 2:1|Zoë|Müller 3:2|François|Œuvray 4:3|Ann|O’Neill", "",
			"read as Windows-1252 (Excel's \"CSV\" on Windows): the file has no UTF-8 letters; save as \"CSV UTF-8\" to be sure every letter is right", ""},
		{"Windows-1252, undefined bytes", w1252(head+"1,Zoë,Müller\r\n") + "2,Ann,Sm\x81th\r\n3,B\x8d\x8f,\x90\x9d\r\n", encWindows1252,
			"1:Membership Number|Forename|Surname 2:1|Zoë|Müller 3:! 4:!",
			"byte 0x81 at character 3 of column \"Surname\" is not a character in Windows-1252, the encoding the file is read as\n" +
				"byte 0x8D at character 2 of column \"Forename\" is not a character in Windows-1252, the encoding the file is read as",
			"(2 rows have bytes Windows-1252 does not define and are rejected: rows 3, 4)", ""},
		{"mostly Windows-1252, one UTF-8 letter", w1252(head+"1,Zoë,Müller\r\n2,José,Núñez\r\n") + "3,Ana,Mari\xc4\x87\r\n", encWindows1252,
			"1:Membership Number|Forename|Surname 2:1|Zoë|Müller 3:2|José|Núñez 4:!",
			`bytes 0xC4 0x87 at character 5 of column "Surname" are "ć" in UTF-8 but "Ä‡" in Windows-1252, the encoding the file is read as: the file mixes the two; correct it, or save it as CSV UTF-8`,
			"5 bytes are not UTF-8, and only 1 letter is written in UTF-8, so the file mixes the two", ""},
		{"Unicode Text (UTF-16LE)", utf16le("Membership Number\tForename\tSurname\r\n1\tZoë\tMüller\r\n2\tAnn\t\"Flat 2\r\nSmith 𝔎\"\r\n"), encUTF16LE,
			"1:Membership Number|Forename|Surname 2:1|Zoë|Müller 3:2|Ann|Flat 2\nSmith 𝔎", "",
			"read as UTF-16 (little-endian), as its byte order mark says (Excel's \"Unicode Text\")", "tabs"},
		{"UTF-16BE", utf16be(head + "1,Zoë,Müller\r\n"), encUTF16BE, "1:Membership Number|Forename|Surname 2:1|Zoë|Müller", "", "UTF-16 (big-endian)", ""},
		{"UTF-16, lone surrogate", utf16le(head+"1,Ann,Sm") + "\x3d\xd8" + utf16le("ith\r\n2,B,C\r\n")[2:], encUTF16LE,
			"1:Membership Number|Forename|Surname 2:! 3:2|B|C",
			`character 3 of column "Surname" is half of a UTF-16 surrogate pair (0xD83D) without the other half: the file is damaged`,
			"(1 row has damaged UTF-16 and is rejected: row 2)", ""},
		{"UTF-16, odd last byte", utf16le(head+"1,Ann,Smith") + "x", encUTF16LE,
			"1:Membership Number|Forename|Surname 2:!",
			`the file ends in half a character (UTF-16 has two bytes to a character), in column "Surname": the file is cut short or damaged`,
			"(1 row has damaged UTF-16 and is rejected: row 2)", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, res := openCSVBytes(t, []byte(tc.in), defaultCSVLimits)
			rows, err := drain(s)
			if err != nil {
				t.Fatal(err)
			}
			if s.enc != tc.enc {
				t.Errorf("read as %v, want %v", s.enc, tc.enc)
			}
			if got := show(rows); got != tc.want {
				t.Errorf("rows\ngot  %q\nwant %q", got, tc.want)
			}
			var errs []string
			for _, r := range rows {
				if r.err != nil {
					errs = append(errs, r.err.Error())
					if !errors.Is(r.err, errCSVEncoding) {
						t.Errorf("row %d: %v does not wrap errCSVEncoding", r.n, r.err)
					}
				}
			}
			if got := strings.Join(errs, "\n"); got != tc.errs {
				t.Errorf("errors\ngot  %q\nwant %q", got, tc.errs)
			}
			notes := strings.Join(res.Notes, "\n")
			if tc.note == "" && tc.delims == "" && len(res.Notes) > 0 || !strings.Contains(notes, tc.note) || !strings.Contains(notes, tc.delims) {
				t.Errorf("notes %q, want %q and %q", notes, tc.note, tc.delims)
			}
			for _, r := range rows {
				for _, c := range r.cells {
					if !utf8.ValidString(c) {
						t.Errorf("row %d: cell %q is not valid UTF-8", r.n, c)
					}
				}
			}
		})
	}
}

// TestCSVNotReadable: text ballotpack cannot read safely is refused with
// what it is.
func TestCSVNotReadable(t *testing.T) {
	noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(header + good)
	cases := []struct{ name, in, says string }{
		{"binary", "Membership\x00Number\n", "it holds binary data"},
		{"UTF-16 without a byte order mark", noBOM, "UTF-16 text without a byte order mark"},
		{"UTF-32", "\xff\xfe\x00\x00M\x00\x00\x00", "UTF-32 text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "roll.csv", tc.in)
			_, err := ReadFile(path, Options{})
			if !errors.Is(err, ErrNotSpreadsheet) || !strings.Contains(err.Error(), tc.says) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("error %v, want ErrNotSpreadsheet saying %q", err, tc.says)
			}
		})
	}
}

// TestCSVStrayByteRoll: one stray byte in a UTF-8 roll rejects its row,
// naming the byte; every other accented name is read right.
func TestCSVStrayByteRoll(t *testing.T) {
	res, err := ReadFile("testdata/csv/stray-byte.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	if len(res.Members) != 19 || res.Rejected != 1 || len(res.Problems) != 1 {
		t.Fatalf("members %d rejected %d problems %v", len(res.Members), res.Rejected, res.Problems)
	}
	if p := res.Problems[0]; p.Row != 7 || !strings.Contains(p.Reason, `byte 0xE9 at character 5 of column "Forename" is not UTF-8`) {
		t.Errorf("problem %v", p)
	}
	names := map[string]bool{}
	for _, m := range res.Members {
		names[m.Forename+" "+m.Surname] = true
	}
	for _, want := range []string{"Ana Marić", "Zoë Müller", "Siân Gwŷn", "Łukasz Wąsik", "Eilís Ó Briain"} {
		if !names[want] {
			t.Errorf("no member %q among %v", want, names)
		}
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "read as UTF-8") || !strings.Contains(notes, "1 row has bytes that are not UTF-8 and is rejected: row 7") {
		t.Errorf("notes %q", notes)
	}
}

// TestCSVCorpus reads every file of testdata/csv through ReadFile: what each
// must give, and that every row the source yields is accounted for.
func TestCSVCorpus(t *testing.T) {
	cases := map[string]struct {
		members, rejected, blank int
		notes                    []string
	}{
		"mixed-line-ends.csv":        {200, 0, 0, nil},
		"old-mac.csv":                {5, 0, 0, nil},
		"stray-byte.csv":             {19, 1, 0, []string{"read as UTF-8", "row 7"}},
		"windows-1252.csv":           {8, 0, 0, []string{"read as Windows-1252", "semicolons"}},
		"windows-1252-undefined.csv": {7, 1, 0, []string{"read as Windows-1252", "bytes Windows-1252 does not define and is rejected: row 4"}},
		"unicode-text.txt":           {6, 2, 0, []string{"read as UTF-16 (little-endian)", "tabs"}},
	}
	files, err := filepath.Glob("testdata/csv/*")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, path := range files {
		name := filepath.Base(path)
		if name == "make.py" {
			continue
		}
		seen++
		t.Run(name, func(t *testing.T) {
			want, ok := cases[name]
			if !ok {
				t.Fatalf("no case for %s", name)
			}
			res, err := ReadFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, res)
			if len(res.Members) != want.members || res.Rejected != want.rejected || res.Blank != want.blank {
				t.Errorf("members %d rejected %d blank %d, want %d %d %d: %v", len(res.Members), res.Rejected, res.Blank, want.members, want.rejected, want.blank, res.Problems)
			}
			notes := strings.Join(res.Notes, "\n")
			for _, n := range want.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("notes %q do not say %q", notes, n)
				}
			}
			// The rows the source yields are the header, the rows read and
			// the blank ones (these rolls have no title rows).
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := newCSVSource(f, &Result{}, defaultCSVLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rows, err := drain(s)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1+res.RowsRead+res.Blank {
				t.Errorf("the source yields %d rows, the check counts 1 + %d + %d", len(rows), res.RowsRead, res.Blank)
			}
		})
	}
	if seen != len(cases) {
		t.Errorf("%d corpus files, %d cases", seen, len(cases))
	}
}

// TestCSVLimits: a cell, a row and a file are bounded, with an error that
// says which bound, and the rows after a row too large are still read.
func TestCSVLimits(t *testing.T) {
	const head = "Membership Number,Surname,Town,Notes\n"
	big := strings.Repeat("é", 32768)
	cases := []struct{ name, in, want, says string }{
		{"cell", head + "1,A,T," + big + "\n2,B,C\n", "1:Membership Number|Surname|Town|Notes 2:! 3:2|B|C",
			`column "Notes" has 32,768 characters, more than the 32,767 a spreadsheet cell holds`},
		{"cell at the limit", head + "1,A,T," + big[2:] + "\n2,B,C\n", "1:Membership Number|Surname|Town|Notes 2:1|A|T|" + big[2:] + " 3:2|B|C", ""},
		{"quoted cell", head + "1,A,T,\"" + big + "\"\n2,B,C\n", "1:Membership Number|Surname|Town|Notes 2:! 3:2|B|C",
			`column "Notes" has 32,768 characters`},
		{"row", head + "1,A" + strings.Repeat(","+strings.Repeat("abcdefgh", 1000), 140) + "\r2,B,C\n", "1:Membership Number|Surname|Town|Notes 2:! 3:2|B|C",
			"the row is longer than 1,048,576 bytes, more than any roll needs; only its start was read"},
		{"cells", head + "1,A" + strings.Repeat(",", 16383) + "\n2,B,C\n", "1:Membership Number|Surname|Town|Notes 2:! 3:2|B|C",
			"the row has 16,385 cells, more than the 16,384 columns a spreadsheet has"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, _ := readCSVRows(t, tc.in)
			got := show(rows)
			if got != tc.want {
				if len(got) > 200 {
					got = got[:200] + "…"
				}
				t.Errorf("got  %q\nwant %.200q", got, tc.want)
			}
			if tc.says == "" {
				return
			}
			if len(rows) < 2 || rows[1].err == nil || !strings.HasPrefix(rows[1].err.Error(), tc.says) || !errors.Is(rows[1].err, errCSVLimit) {
				t.Errorf("row 2's error %v, want errCSVLimit saying %q", rows[1].err, tc.says)
			}
			if len(rows) > 1 && len(rows[1].cells) > defaultCSVLimits.cells {
				t.Errorf("row 2 keeps %d cells", len(rows[1].cells))
			}
		})
	}
	t.Run("rows", func(t *testing.T) {
		lim := defaultCSVLimits
		lim.rows = 5
		s, _ := openCSVBytes(t, []byte("a\nb\n\nc\nd\ne\nf\n"), lim)
		rows, err := drain(s)
		if len(rows) != 5 || err == nil || err.Error() != "the file has more than 5 rows, the most ballotpack reads from a CSV file: split the roll" {
			t.Errorf("%d rows, error %v", len(rows), err)
		}
		s, _ = openCSVBytes(t, []byte("a\nb\n\nc\nd\n"), lim)
		if rows, err := drain(s); len(rows) != 5 || err != nil {
			t.Errorf("at the limit: %d rows, error %v", len(rows), err)
		}
	})
}

// TestCSVDelimiter: the delimiter is the one under which the top of the
// file has a header, whatever ends its lines.
func TestCSVDelimiter(t *testing.T) {
	cases := []struct {
		in   string
		want byte
		row  int
	}{
		{"Membership Number;Surname;Address 1;Town;Postcode\r1;A;B;C;D\r", ';', 1},
		{"Export, 2026\r\n\r\nMembership Number\tSurname\tTown\tPostcode\n1\tA\tB\tC\n", '\t', 3},
		{"a;b;c\rd;e;f\r", ';', 0},
		{"a,b\rc,d\r", ',', 0},
		{"x\n", ',', 0},
		{"Membership Number|Surname|Address 1|Town|Postcode\n1|A|B|C|D\n", '|', 1}, // mkroll -csv-delimiter '|' (found in review)
		{"Membership Number,Surname,Address 1,Town,Postcode,Notes\n1,A,B,C,D,a|b|c|d|e|f|g\n", ',', 1},
	}
	for _, tc := range cases {
		d, row := sniffDelimiter([]byte(tc.in), defaultCSVLimits)
		if d != tc.want || row != tc.row {
			t.Errorf("sniffDelimiter(%q) = %q, %d; want %q, %d", tc.in, d, row, tc.want, tc.row)
		}
	}
}

// TestCountBytes: the first pass counts the same wherever a read ends.
func TestCountBytes(t *testing.T) {
	text := []byte("Zoë 😀 Müller \xe9\xff a\xc3 \xf0\x9f\x98 end\xc3")
	var whole byteCounts
	whole.scan(text, true)
	if whole.multi != 3 || whole.invalid != 7 || whole.nul {
		t.Fatalf("counts %+v, want 3 letters and 7 bad bytes", whole)
	}
	for cut := range len(text) {
		var c byteCounts
		i := c.scan(text[:cut], false)
		rest := append(append([]byte{}, text[i:cut]...), text[cut:]...)
		c.scan(rest, true)
		if c != whole {
			t.Errorf("cut at %d: %+v, want %+v", cut, c, whole)
		}
	}
	var c byteCounts
	c.scan([]byte("abcdefgh\x00ijklmnop"), true)
	if !c.nul {
		t.Error("zero byte not seen")
	}
}

// TestCP1252Table checks the Windows-1252 table against x/text.
func TestCP1252Table(t *testing.T) {
	for b := 0x80; b < 0x100; b++ {
		want := charmap.Windows1252.DecodeByte(byte(b))
		got := rune(b)
		if b < 0xA0 {
			got = cp1252[b-0x80]
		}
		undefined := b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
		if undefined != (got == 0) || !undefined && got != want {
			t.Errorf("byte 0x%02X: %U, x/text %U", b, got, want)
		}
	}
}

// TestUTF16Reader decodes through reads of every size.
func TestUTF16Reader(t *testing.T) {
	want := "Zoë 😀 Müller, 𝔎\r\n"
	units := utf16.Encode([]rune(want))
	le := make([]byte, 2*len(units))
	for i, u := range units {
		le[2*i], le[2*i+1] = byte(u), byte(u>>8)
	}
	for size := 1; size < 12; size++ {
		r := newUTF16Reader(bytes.NewReader(le), false, size)
		var got bytes.Buffer
		if _, err := got.ReadFrom(r); err != nil {
			t.Fatal(err)
		}
		if got.String() != want {
			t.Errorf("size %d: %q", size, got.String())
		}
	}
}

// TestCSVSourceStreams: the source holds a row at a time, not the file.
func TestCSVSourceStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 60 MB file")
	}
	var b bytes.Buffer
	b.WriteString(header)
	for i := 0; b.Len() < 60<<20; i++ {
		fmt.Fprintf(&b, "%d,Ms,Zoë,Müller,%d Heol y Coed,,Cardiff,,CF10 1EP,,zoe@example.org,03/04/2015,Active,\r\n", i, i)
	}
	s, _ := openCSVBytes(t, b.Bytes(), defaultCSVLimits)
	size := b.Len()
	b = bytes.Buffer{}
	rows, peak := drainPeak(t, s)
	if want := 1 + 600000; rows < want {
		t.Errorf("%d rows, want at least %d", rows, want)
	}
	if peak > 16<<20 {
		t.Errorf("peak heap %.1f MB reading a %.0f MB file", float64(peak)/(1<<20), float64(size)/(1<<20))
	}
}

// drainPeak reads every row of s, keeping none, and samples the heap in
// use as it goes: the source's own memory.
func drainPeak(tb testing.TB, s *csvSource) (rows int, peak uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	for s.Next() {
		if _, _, _, err := s.Row(); err != nil {
			tb.Fatalf("row %d: %v", rows+1, err)
		}
		if rows++; rows%20000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows, peak
}

// BenchmarkCSVSource reads a roll's rows with the CSV source alone: the
// 160,000-row roll of benchRolls, or the file in $BALLOTPACK_BENCH_CSV
// (e.g. 2,000,000 rows from mkroll). peak-heap-MB is the most heap in use
// sampled while reading, above what was in use before.
func BenchmarkCSVSource(b *testing.B) {
	path := os.Getenv("BALLOTPACK_BENCH_CSV")
	if path == "" {
		dir, err := benchRolls()
		if err != nil {
			b.Fatal(err)
		}
		path = filepath.Join(dir, "roll.csv")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	rows, peak := 0, uint64(0)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s, err := newCSVSource(f, &Result{}, defaultCSVLimits)
		if err != nil {
			b.Fatal(err)
		}
		var p uint64
		rows, p = drainPeak(b, s)
		peak = max(peak, p)
		s.Close()
	}
	b.SetBytes(st.Size())
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
