package xlsx

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the hand-built fixture and the fixtures' .cells files")

// dumpBook writes every non-empty cell of every sheet, one a line: sheet,
// cell, kind and text; and the sheets, with hidden ones marked, and the
// date system.
func dumpBook(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	book, err := Open(&zr.Reader, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "date1904 %v\n", book.Date1904())
	for _, s := range book.Sheets() {
		fmt.Fprintf(&b, "sheet %q hidden %v\n", s.Name, s.Hidden)
		rows, err := book.OpenSheet(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			n, cells, kinds := rows.Row()
			for col, text := range cells {
				k := Text
				if kinds != nil {
					k = kinds[col]
				}
				if text == "" && k == Text {
					continue
				}
				fmt.Fprintf(&b, "%s!%s%d\t%v\t%q\n", s.Name, colName(col), n, k, text)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows.Close()
	}
	return b.String()
}

// TestFixtures reads workbooks written by producers other than excelize
// (testdata/fixtures/README.md says how each was made) and checks every
// cell's kind and text against the .cells file beside it, which was read
// through by hand. A few cells that matter are checked here as well.
func TestFixtures(t *testing.T) {
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "fixtures", "handmade-1904.xlsx"), handmadeWorkbook(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.xlsx"))
	if err != nil || len(paths) < 4 {
		t.Fatalf("fixtures %v, %v", paths, err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got := dumpBook(t, path)
			golden := strings.TrimSuffix(path, ".xlsx") + ".cells"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("cells differ from %s (go test -update rewrites it; read the diff first):\n%s", golden, lineDiff(string(want), got))
			}
		})
	}
	// What matters most, stated here too.
	for _, tc := range []struct{ file, line string }{
		{"libreoffice-cells", "Members!A2\tnumber\t\"0000045\""},
		{"libreoffice-cells", "Members!C2\tdate\t\"2015-04-03\""},
		{"libreoffice-cells", "Members!D2\ttrue/false\t\"TRUE\""},
		{"libreoffice-cells", "Members!E2\terror value\t\"#DIV/0!\""},
		{"libreoffice-cells", "Members!F2\ttime\t\"09:30:00\""},
		{"libreoffice-cells", "Members!G2\tnumber\t\"M00045\""},
		{"libreoffice-cells", "Members!H2\tnumber\t\"12.5\""},
		{"libreoffice-cells", "sheet \"Notes\" hidden false"},
		{"libreoffice-roll", "roll!A2\tnumber\t\"45\""},       // the CSV's leading zeros, lost on import
		{"libreoffice-roll", "roll!G2\tdate\t\"2015-03-04\""}, // 03/04/2015, read month first
		{"openpyxl-roll", "Members!A3\tnumber\t\"00045\""},
		{"openpyxl-roll", "Members!K6\tuncalculated formula\t\"\""},
		{"openpyxl-roll", "sheet \"Notes\" hidden true"},
		{"openpyxl-roll", "Members!G3\tdate\t\"2015-04-03\""},
		{"handmade-1904", "date1904 true"},
		{"handmade-1904", "Roll!C2\tdate\t\"2015-04-03\""},
		{"handmade-1904", "Roll!E3\tnumber\t\"4\""},
		{"handmade-1904", "Roll!E4\tuncalculated formula\t\"\""},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "fixtures", tc.file+".cells"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.line+"\n") {
			t.Errorf("%s: no line %q", tc.file, tc.line)
		}
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// handmadeWorkbook writes, part by part, the kind of workbook a hand-rolled
// exporter makes: inline strings only (no shared string table), shared
// formulas with their cached values, a formula with none, the 1904 date
// system, a strict-OOXML namespace on the worksheet with prefixes, cells
// without r attributes, a hidden second sheet and a merged cell.
func handmadeWorkbook(t *testing.T) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/roll.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/old.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Roll" sheetId="1" r:id="rId1"/><sheet name="Old roll" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/roll.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/old.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="000000"/><numFmt numFmtId="165" formatCode="d\ mmmm\ yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
		// The roll: strict OOXML's namespace, with a prefix.
		{"xl/worksheets/roll.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:dimension ref="A1:F4"/><x:sheetData>
<x:row r="1"><x:c t="inlineStr"><x:is><x:t>Membership Number</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Surname</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Join Date</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Town</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Ballots</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Label</x:t></x:is></x:c></x:row>
<x:row r="2"><x:c s="1"><x:v>45</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Ó </x:t></x:r><x:r><x:t>Súilleabháin</x:t></x:r></x:is></x:c><x:c s="2"><x:v>40635</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Belfast</x:t></x:is></x:c><x:c><x:f t="shared" ref="E2:E4" si="0">ROW()*2-2</x:f><x:v>2</x:v></x:c><x:c t="str"><x:f t="shared" ref="F2:F3" si="1">A2&amp;"-"&amp;D2</x:f><x:v>45-Belfast</x:v></x:c></x:row>
<x:row r="3"><x:c s="1"><x:v>1046</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Wójcik_x000D_</x:t></x:is></x:c><x:c s="3"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Leeds</x:t></x:is></x:c><x:c><x:f t="shared" si="0"/><x:v>4</x:v></x:c><x:c t="str"><x:f t="shared" si="1"/><x:v>1046-Leeds</x:v></x:c></x:row>
<x:row r="4"><x:c r="A4" s="1"><x:v>7</x:v></x:c><x:c r="B4" t="inlineStr"><x:is><x:t>Merged</x:t></x:is></x:c><x:c r="E4"><x:f t="shared" si="0"/></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B4:D4"/></x:mergeCells></x:worksheet>`},
		{"xl/worksheets/old.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>kept for the record</t></is></c></row></sheetData></worksheet>`},
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range parts {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(p.body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHandmadeFixtureCurrent checks that the committed hand-built workbook
// is the one handmadeWorkbook writes.
func TestHandmadeFixtureCurrent(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "fixtures", "handmade-1904.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, handmadeWorkbook(t)) {
		t.Error("testdata/fixtures/handmade-1904.xlsx is not what handmadeWorkbook writes: go test -run TestFixtures -update")
	}
}
