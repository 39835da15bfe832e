package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// repeatedPart is a zip entry whose text is head, then body repeated n
// times, then tail, deflated by repeating one compressed block of body: so
// a gigabyte of XML takes a megabyte, as in a zip bomb.
type repeatedPart struct {
	name             string
	head, body, tail string
	n                int
}

func deflated(t testing.TB, s string, final bool) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(s))
	if final {
		err = w.Close()
	} else {
		err = w.Flush() // byte-aligned, and not the last block
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombBook makes an xlsx package from parts and one repeated part.
func bombBook(t testing.TB, parts map[string]string, big repeatedPart) *zip.Reader {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, content := range parts {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	// Each piece is compressed on its own, so its back-references stay
	// inside it and the pieces can follow each other in one stream.
	head, body, tail := deflated(t, big.head, false), deflated(t, big.body, false), deflated(t, big.tail, true)
	crc := crc32.Update(0, crc32.IEEETable, []byte(big.head))
	for range big.n {
		crc = crc32.Update(crc, crc32.IEEETable, []byte(big.body))
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(big.tail))
	fw, err := w.CreateRaw(&zip.FileHeader{
		Name: big.name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(len(head) + big.n*len(body) + len(tail)),
		UncompressedSize64: uint64(len(big.head) + big.n*len(big.body) + len(big.tail)),
	})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(head)
	for range big.n {
		fw.Write(body)
	}
	fw.Write(tail)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

var bombParts = map[string]string{
	"xl/workbook.xml":            testWorkbook,
	"xl/_rels/workbook.xml.rels": testWorkbookRels,
	"xl/worksheets/sheet1.xml":   `<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>`,
}

// emptyStringsBomb is a shared string table of 200 million empty strings
// (1 GB of XML) in a zip of about 1.5 MB, like one that took 8.6 GB and 94 s
// to read before the table had limits.
func emptyStringsBomb(t testing.TB) *zip.Reader {
	const perBody = 1 << 16
	return bombBook(t, bombParts, repeatedPart{
		name: "xl/sharedStrings.xml",
		head: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="200000000" uniqueCount="200000000">`,
		body: strings.Repeat("<si/>", perBody),
		tail: `</sst>`,
		n:    200_000_000 / perBody,
	})
}

// TestSharedStringBomb checks that a table of millions of empty shared
// strings is refused at the limit, with memory bounded by it: 4 bytes an
// entry, not a string header each.
func TestSharedStringBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 80 MB of XML")
	}
	zr := emptyStringsBomb(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Open(zr, Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "xl/sharedStrings.xml: more than 16,777,216 shared strings") {
		t.Fatalf("error %v, want the shared string limit", err)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	const bound = 4*DefaultMaxSharedStrings + 16<<20
	var packed uint64
	for _, f := range zr.File {
		packed += f.CompressedSize64
	}
	t.Logf("allocated %.1f MB refusing %d shared strings packed in %.1f MB", float64(allocated)/1e6, 200_000_000, float64(packed)/1e6)
	if allocated > bound {
		t.Errorf("allocated %.1f MB refusing the table, more than %.1f MB", float64(allocated)/1e6, float64(bound)/1e6)
	}
}

// BenchmarkSharedStringBomb refuses the 200-million-string table.
func BenchmarkSharedStringBomb(b *testing.B) {
	zr := emptyStringsBomb(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(zr, Limits{}); !errors.Is(err, ErrLimit) {
			b.Fatal(err)
		}
	}
}

// BenchmarkSharedStrings reads a table of a million strings of 20 bytes.
func BenchmarkSharedStrings(b *testing.B) {
	zr := bombBook(b, bombParts, repeatedPart{
		name: "xl/sharedStrings.xml",
		head: `<sst>`, body: strings.Repeat("<si><t>Ó Súilleabháin Ltd</t></si>", 1000), tail: `</sst>`, n: 1000,
	})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(zr, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLimits(t *testing.T) {
	sheet := func(rows string) string { return `<worksheet><sheetData>` + rows + `</sheetData></worksheet>` }
	long := strings.Repeat("é", 40)
	for _, tc := range []struct {
		name  string
		lim   Limits
		sst   string // shared strings part, if any
		sheet string
		err   string // "" for none
	}{
		{"shared strings at the limit", Limits{MaxSharedStrings: 2}, `<sst><si><t>a</t></si><si/></sst>`, sheet(""), ""},
		{"shared strings past the limit", Limits{MaxSharedStrings: 2}, `<sst><si><t>a</t></si><si/><si/></sst>`, sheet(""), "xl/sharedStrings.xml: more than 2 shared strings, the limit"},
		{"shared string bytes", Limits{MaxSharedStringBytes: 5}, `<sst><si><t>abc</t></si><si><t>def</t></si></sst>`, sheet(""), "the shared strings take more than 5 bytes, the limit"},
		{"a long shared string", Limits{MaxCellChars: 39}, `<sst><si><t>` + long + `</t></si></sst>`, sheet(""), "shared string 0 is longer than 39 characters"},
		{"a shared string at the length", Limits{MaxCellChars: 40}, `<sst><si><t>` + long + `</t></si></sst>`, sheet(""), ""},
		{"a long inline string", Limits{MaxCellChars: 39}, "", sheet(`<row r="3"><c r="B3" t="inlineStr"><is><t>` + long + `</t></is></c></row>`), `sheet "S", cell B3: the cell holds 40 characters, more than 39`},
		{"a long number", Limits{MaxCellChars: 3}, "", sheet(`<row r="3"><c r="B3"><v>1234</v></c></row>`), `cell B3: the cell holds 4 characters, more than 3`},
		{"Excel's longest cell", Limits{}, "", sheet(`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 32767) + `</t></is></c></row>`), ""},
		{"longer than Excel's", Limits{}, "", sheet(`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 32768) + `</t></is></c></row>`), "cell A1: the cell holds 32,768 characters, more than 32,767"},
		{"rows", Limits{MaxRows: 5}, "", sheet(`<row r="5"/><row r="6"/>`), `sheet "S", row 6: the row is past the last row, 5`},
		{"Excel's last row", Limits{}, "", sheet(`<row r="1048576"/>`), ""},
		{"columns", Limits{MaxColumns: 3}, "", sheet(`<row><c r="C1"><v>1</v></c><c r="D1"><v>1</v></c></row>`), "cell D1: the cell is past the last column, C"},
		{"cells in a row", Limits{MaxColumns: 3}, "", sheet(`<row><c r="A1"><v>1</v></c><c r="A1"><v>1</v></c><c r="A1"><v>1</v></c><c r="A1"><v>1</v></c></row>`), "row 1 has more than 3 cells"},
		{"empty cells do not count", Limits{MaxColumns: 3}, "", sheet(`<row>` + strings.Repeat(`<c r="A1"/>`, 10) + `</row>`), ""},
		{"row text", Limits{MaxRowBytes: 10}, "", sheet(`<row><c t="inlineStr"><is><t>123456</t></is></c><c t="inlineStr"><is><t>123456</t></is></c></row>`), "row 1 holds more than 10 bytes of text"},
		{"unzipped size", Limits{MaxUnzipBytes: 100}, "", sheet(strings.Repeat(`<row/>`, 100)), "the workbook unpacks to 801 bytes, more than the 100 bytes limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := map[string]string{
				"xl/workbook.xml":            `<workbook><sheets><sheet name="S" r:id="r1"/></sheets></workbook>`,
				"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="r1" Type="…/worksheet" Target="s.xml"/></Relationships>`,
				"xl/s.xml":                   tc.sheet,
			}
			if tc.sst != "" {
				parts["xl/sharedStrings.xml"] = tc.sst
			}
			err := readBook(t, zipBook(t, parts), tc.lim)
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.err != "" && (!errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want a limit error saying %q", err, tc.err)
			}
		})
	}
}

// readBook opens a workbook and reads every sheet to the end.
func readBook(t *testing.T, zr *zip.Reader, lim Limits) error {
	book, err := Open(zr, lim)
	if err != nil {
		return err
	}
	for _, s := range book.Sheets() {
		r, err := book.OpenSheet(s.Name)
		if err != nil {
			return err
		}
		for r.Next() {
		}
		r.Close()
		if err := r.Err(); err != nil {
			return err
		}
	}
	return nil
}

// TestSharedStringChunks stores strings in small chunks, so that many
// start a new one, and reads them back.
func TestSharedStringChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, bits := range []uint{3, 4, 6} {
		tab := sharedStrings{bits: bits}
		var want []string
		for i := range 200_000 {
			s := strings.Repeat(string(rune('a'+i%26)), rng.IntN(1<<bits+1))
			if rng.IntN(4) == 0 {
				s = ""
			}
			want = append(want, s)
			if err := tab.add([]byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		tab.flush()
		for i, w := range want {
			if got := tab.get(i); got != w {
				t.Fatalf("bits %d: entry %d is %q, want %q", bits, i, got, w)
			}
		}
		if tab.len() != len(want) {
			t.Errorf("bits %d: %d entries, want %d", bits, tab.len(), len(want))
		}
	}
}
