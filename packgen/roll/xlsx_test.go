package roll

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// makeXLSX writes a workbook: sheets in order, each a list of rows.
func makeXLSX(t *testing.T, build func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	path := filepath.Join(t.TempDir(), "roll.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func setRow(t *testing.T, f *excelize.File, sheet string, row int, cells ...any) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
		t.Fatal(err)
	}
}

var xlsxHeader = []any{"Membership Number", "Forename", "Surname", "Address 1", "Town", "Postcode", "Join Date"}

func TestXLSXCells(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		padded, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0000000")})
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		ukDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
		setRow(t, f, "Sheet1", 1, xlsxHeader...)
		setRow(t, f, "Sheet1", 2, 12345, "Órla", "Ó Súilleabháin", "1 Main St", "Belfast", "BT7 1NN", 42097)
		setRow(t, f, "Sheet1", 3, "0000042", "Łukasz", "Wójcik", "2 Main St", "Belfast", "BT7 1NN", "03/04/2015")
		setRow(t, f, "Sheet1", 4, 1234567890123456, "A", "Big", "3 Main St", "Belfast", "BT7 1NN", 42097)
		setRow(t, f, "Sheet1", 6, 77, "B", "After Blank", "4 Main St", "Belfast", "BT7 1NN", 42097)
		for _, c := range []string{"A2", "A6"} {
			f.SetCellStyle("Sheet1", c, c, padded)
		}
		f.SetCellStyle("Sheet1", "G2", "G2", date)
		f.SetCellStyle("Sheet1", "G4", "G6", ukDate)
	})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	if res.Format != "xlsx" || res.Sheet != "Sheet1" || res.RowsRead != 4 || res.Blank != 1 {
		t.Errorf("format %s sheet %s rows %d blank %d", res.Format, res.Sheet, res.RowsRead, res.Blank)
	}
	if len(res.Members) != 3 {
		t.Fatalf("members %+v problems %v", res.Members, res.Problems)
	}
	want := time.Date(2015, 4, 3, 0, 0, 0, 0, time.UTC)
	for i, id := range []string{"0012345", "0000042", "0000077"} {
		m := res.Members[i]
		if m.ID != id || !m.Joined.Equal(want) {
			t.Errorf("member %d: ID %q joined %v, want %q %v", i, m.ID, m.Joined, id, want)
		}
	}
	if res.Members[2].Row != 6 {
		t.Errorf("row after a blank row is %d, want 6", res.Members[2].Row)
	}
	if len(res.Problems) != 1 || res.Problems[0].Row != 4 || res.Problems[0].Kind != "mangled membership number" {
		t.Errorf("problems %v, want the 16-digit number on row 4", res.Problems)
	}
}

func ptr[T any](v T) *T { return &v }

func TestXLSX1904(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)})
		setRow(t, f, "Sheet1", 1, xlsxHeader...)
		setRow(t, f, "Sheet1", 2, "1", "A", "Smith", "1 Road", "Leeds", "LS1 1AA", 40635) // 3 April 2015 counted from 1904
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "G2", "G2", date)
	})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Members) != 1 || !res.Members[0].Joined.Equal(time.Date(2015, 4, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("members %+v problems %v", res.Members, res.Problems)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "1904") {
		t.Errorf("notes %q do not mention 1904", res.Notes)
	}
}

func TestXLSXSheets(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		f.NewSheet("Members")
		f.NewSheet("Lapsed")
		setRow(t, f, "Sheet1", 1, "Election notes")
		setRow(t, f, "Members", 1, xlsxHeader...)
		setRow(t, f, "Members", 2, "1", "A", "Smith", "1 Road", "Leeds", "LS1 1AA")
		setRow(t, f, "Lapsed", 1, "Lapsed members, kept for the record")
		setRow(t, f, "Lapsed", 3, xlsxHeader...)
		setRow(t, f, "Lapsed", 4, "2", "B", "Jones", "1 Road", "Leeds", "LS1 1AA")
		setRow(t, f, "Lapsed", 5, "3", "C", "Brown", "1 Road", "Leeds", "LS1 1AA")
	})
	_, err := ReadFile(path, Options{})
	if !errors.Is(err, ErrSheetChoice) || !strings.Contains(err.Error(), `2 sheets have a roll's header row: "Members", "Lapsed"; choose the one to read with -sheet NAME (for example -sheet "Members")`) {
		t.Errorf("two sheets with a header: %v", err)
	}
	res, err := ReadFile(path, Options{Sheet: "Lapsed"})
	if err != nil || len(res.Members) != 2 || res.Sheet != "Lapsed" || !slices.Contains(res.Notes, `read sheet "Lapsed" (chosen with -sheet) of 3`) {
		t.Fatalf("-sheet Lapsed: %v %+v", err, res)
	}
	_, err = ReadFile(path, Options{Sheet: "Nope"})
	if !errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), `the sheets are "Sheet1", "Members", "Lapsed"`) {
		t.Errorf("missing sheet: %v", err)
	}

	// Notes first, the roll on the second sheet: found, and said so.
	path = makeXLSX(t, func(f *excelize.File) {
		f.NewSheet("Members")
		f.NewSheet("Empty")
		setRow(t, f, "Sheet1", 1, "How to use this workbook")
		setRow(t, f, "Sheet1", 2, "Membership Number", "is in column A of the Members sheet")
		setRow(t, f, "Members", 1, xlsxHeader...)
		setRow(t, f, "Members", 2, "1", "A", "Smith", "1 Road", "Leeds", "LS1 1AA")
	})
	res, err = ReadFile(path, Options{})
	if err != nil || res.Sheet != "Members" || len(res.Members) != 1 || !slices.Contains(res.Notes, `read sheet "Members", the only one of 3 with a roll's header row (choose another with -sheet)`) {
		t.Fatalf("roll on the second sheet: %v %+v", err, res)
	}

	// No sheet has a header: each is named, with its first row.
	path = makeXLSX(t, func(f *excelize.File) {
		f.NewSheet("Data")
		f.NewSheet("Blank")
		f.SetSheetVisible("Blank", false)
		setRow(t, f, "Sheet1", 3, "Election notes")
		setRow(t, f, "Data", 1, "id", "nm", "addr", "a", "b", "c", "d")
		setRow(t, f, "Data", 2, "1", "Smith", "1 Road")
	})
	_, err = ReadFile(path, Options{})
	if !errors.Is(err, ErrNoHeader) || !strings.Contains(err.Error(), `the sheets are "Sheet1" (first row: "Election notes"), "Data" (first row: "id", "nm", "addr", "a", "b", …), "Blank" (hidden, empty). Choose the sheet with -sheet NAME`) {
		t.Errorf("no header: %v", err)
	}

	empty := makeXLSX(t, func(f *excelize.File) { f.NewSheet("Other") })
	if _, err := ReadFile(empty, Options{}); !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "every sheet of the workbook is empty") {
		t.Errorf("empty workbook: %v", err)
	}
	// One sheet with data, but no header: read, and the reader says why it
	// cannot be a roll.
	path = makeXLSX(t, func(f *excelize.File) {
		f.NewSheet("Data")
		f.SetCellValue("Sheet1", "C3", "   ")
		f.SetCellValue("Data", "B2", "x")
	})
	if _, err := ReadFile(path, Options{}); !errors.Is(err, ErrNoHeader) || !strings.Contains(err.Error(), `the first row with data has "x"`) {
		t.Errorf("one sheet with data: %v", err)
	}
}

func TestXLSXZipBomb(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		setRow(t, f, "Sheet1", 1, xlsxHeader...)
		for i := range 20 {
			setRow(t, f, "Sheet1", i+2, "1", "A", strings.Repeat(string(rune('a'+i)), 30000), "1 Road", "Leeds", "LS1 1AA")
		}
	})
	_, err := ReadFile(path, Options{MaxUnzipBytes: 100 << 10})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than the 102,400 bytes limit") {
		t.Errorf("zip bomb: %v", err)
	}
}

// Membership numbers under zero-padding formats read as Excel shows them.
func TestXLSXPaddedNumbers(t *testing.T) {
	formats := []string{`"M"00000`, "00000;@", "000000;-000000", "0000000"}
	path := makeXLSX(t, func(f *excelize.File) {
		setRow(t, f, "Sheet1", 1, xlsxHeader...)
		for i, code := range formats {
			row := i + 2
			setRow(t, f, "Sheet1", row, 45+i, "A", "Smith", "1 Road", "Leeds", "LS1 1AA")
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(code)})
			if err != nil {
				t.Fatal(err)
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			f.SetCellStyle("Sheet1", cell, cell, style)
		}
	})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"M00045", "00046", "000047", "0000048"}
	if len(res.Members) != len(want) {
		t.Fatalf("members %+v problems %v", res.Members, res.Problems)
	}
	for i, m := range res.Members {
		if m.ID != want[i] {
			t.Errorf("format %s: membership number %q, want %q", formats[i], m.ID, want[i])
		}
	}
}

// TestXLSXSharedStringBomb writes a 1.5 MB workbook whose shared string
// table holds 200 million empty strings (1 GB of XML): it is refused, with
// the file and the limit named.
func TestXLSXSharedStringBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 80 MB of XML")
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	for name, content := range map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="Members" r:id="r1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="r1" Type="…/worksheet" Target="s.xml"/><Relationship Id="r2" Type="…/sharedStrings" Target="sst.xml"/></Relationships>`,
		"xl/s.xml":                   `<worksheet><sheetData/></worksheet>`,
	} {
		fw, _ := w.Create(name)
		fw.Write([]byte(content))
	}
	// One deflated block of 65,536 empty strings, repeated: each block's
	// back-references stay inside it.
	block := func(s string, final bool) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write([]byte(s))
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		return b.Bytes()
	}
	const reps = 200_000_000 / (1 << 16)
	head, body, tail := "<sst>", strings.Repeat("<si/>", 1<<16), "</sst>"
	hb, bb, tb := block(head, false), block(body, false), block(tail, true)
	fw, err := w.CreateRaw(&zip.FileHeader{Name: "xl/sst.xml", Method: zip.Deflate,
		CompressedSize64:   uint64(len(hb) + reps*len(bb) + len(tb)),
		UncompressedSize64: uint64(len(head) + reps*len(body) + len(tail))})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(hb)
	for range reps {
		fw.Write(bb)
	}
	fw.Write(tb)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(path, Options{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "bomb.xlsx: xl/sst.xml: more than 16,777,216 shared strings") {
		t.Errorf("error %v, want the shared string limit", err)
	}
}

// TestNotXLSX gives the reader files that other programs save, each made
// here as those programs make them, and checks it says what each is and how
// to save it as xlsx or CSV.
func TestNotXLSX(t *testing.T) {
	dir := t.TempDir()
	zipFile := func(name string, entries ...string) string { // name, content, name, content…
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := zip.NewWriter(f)
		for i := 0; i < len(entries); i += 2 {
			method := zip.Deflate
			if entries[i] == "mimetype" {
				method = zip.Store // OpenDocument: first, and stored
			}
			fw, err := w.CreateHeader(&zip.FileHeader{Name: entries[i], Method: method})
			if err != nil {
				t.Fatal(err)
			}
			fw.Write([]byte(entries[i+1]))
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return path
	}
	file := func(name string, content []byte) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ole := func(streams ...string) []byte {
		b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
		for _, s := range streams {
			for _, r := range s {
				b = append(b, byte(r), 0)
			}
		}
		return b
	}
	numbersBundle := filepath.Dir(file("Roll.numbers/Index.zip", []byte("PK\x03\x04")))
	copiedBundle := filepath.Dir(filepath.Dir(file("Roll copy/Index/Document.iwa", []byte{0})))
	for _, tc := range []struct {
		name, path string
		err        error
		want       string
	}{
		{"ods", zipFile("roll.ods", "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<office:document-content/>", "META-INF/manifest.xml", "<manifest/>"),
			ErrNotSpreadsheet, `this is an OpenDocument spreadsheet (.ods, as LibreOffice and OpenOffice save by default), which ballotpack does not read: open it in LibreOffice Calc and choose File > Save As, file type "Excel 2007-365 (.xlsx)" or "Text CSV (.csv)"`},
		{"ods named xlsx", zipFile("ods.xlsx", "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", ""), ErrNotSpreadsheet, "OpenDocument spreadsheet"},
		{"odt", zipFile("letter.odt", "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", ""), ErrNotSpreadsheet, "this is an OpenDocument file (text), not a spreadsheet"},
		{"numbers", zipFile("roll.numbers", "Index/Document.iwa", "\x00", "Index/Tables/DataList.iwa", "\x00", "Metadata/Properties.plist", "bplist00"),
			ErrNotSpreadsheet, "this is an Apple Numbers spreadsheet, which ballotpack does not read: open it in Numbers and choose File > Export To > Excel… (or CSV…)"},
		{"numbers bundle", numbersBundle, ErrNotSpreadsheet, "Apple Numbers spreadsheet"},
		{"numbers bundle copied", copiedBundle, ErrNotSpreadsheet, "Apple Numbers spreadsheet"},
		{"xlsb", zipFile("roll.xlsb", "[Content_Types].xml", "<Types/>", "_rels/.rels", "<Relationships/>", "xl/workbook.bin", "\x83\x01"),
			ErrNotSpreadsheet, `this is an Excel binary workbook (.xlsb), which ballotpack does not read: open it in Excel and choose File > Save As, "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited) (*.csv)"`},
		{"xls", file("roll.xls", ole("Workbook", "SummaryInformation")), ErrNotSpreadsheet, `this is an old-style Excel 97-2003 workbook (.xls), which ballotpack does not read: open it in Excel and choose File > Save As, "Excel Workbook (*.xlsx)"`},
		{"xls named csv", file("roll.csv", ole("Workbook")), ErrNotSpreadsheet, "old-style Excel 97-2003 workbook (.xls)"},
		{"encrypted xlsx", file("secret.xlsx", ole("EncryptionInfo", "EncryptedPackage")), ErrPassword, "protected with a password"},
		{"doc", file("letter.doc", ole("WordDocument")), ErrNotSpreadsheet, "Word or PowerPoint 97-2003 file, not a spreadsheet"},
		{"docx", zipFile("letter.docx", "[Content_Types].xml", "<Types/>", "_rels/.rels", "<Relationships/>", "word/document.xml", "<w:document/>"), ErrNotSpreadsheet, "this is a Word document (.docx)"},
		{"zip", zipFile("roll.zip", "roll.csv", "Membership Number,Surname"), ErrNotSpreadsheet, "this is a zip archive, not an xlsx workbook: if the roll is inside it, unzip it"},
		{"folder", t.TempDir(), ErrNotSpreadsheet, "is a folder, not a spreadsheet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadFile(tc.path, Options{})
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), tc.path+": ") {
				t.Errorf("error %v, want %v saying %q", err, tc.err, tc.want)
			}
		})
	}
}
