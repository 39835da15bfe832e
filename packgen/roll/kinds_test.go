package roll

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWorkbookCellKinds: a workbook's cells are judged by what they hold,
// not by their text: a true/false value is not a surname, an error value
// is not a town, a formula never calculated is not an empty cell, a number
// is not a join date unless the cell is formatted as a date.
func TestWorkbookCellKinds(t *testing.T) {
	cut := Options{JoinedBefore: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
	path := makeXLSX(t, func(f *excelize.File) {
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		clock, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("h:mm")})
		setRow(t, f, "Sheet1", 1, append(xlsxHeader, "Large Print")...)
		setRow(t, f, "Sheet1", 2, "1", "A", true, "1 Road", "Leeds", "LS1 1AA", 42097)          // TRUE as surname
		setRow(t, f, "Sheet1", 3, "2", "B", "Smith", "2 Road", "Leeds", "LS1 1AA", 2027)        // a year as join date
		setRow(t, f, "Sheet1", 4, "3", "C", "Smith", "3 Road", 1234, "LS1 1AA", 42097)          // a number as town
		setRow(t, f, "Sheet1", 5, "4", "D", "Smith", "4 Road", "Leeds", "LS1 1AA", 0.5)         // a time as join date
		setRow(t, f, "Sheet1", 6, "5", "E", "Jones", "5 Road", "Leeds", "LS1 1AA", 42097, true) // a tick box: large print
		setRow(t, f, "Sheet1", 7, "6", "F", nil, "6 Road", "Leeds", "LS1 1AA", 42097)
		setRow(t, f, "Sheet1", 8, "7", "G", "Smith", "7 Road", "Leeds", "LS1 1AA", 42097)
		for _, c := range []string{"G2", "G4", "G6", "G7", "G8"} {
			f.SetCellStyle("Sheet1", c, c, date)
		}
		f.SetCellStyle("Sheet1", "G5", "G5", clock)
		f.SetCellFormula("Sheet1", "C7", "B7&\"x\"") // never calculated: no cached value
		f.SetCellValue("Sheet1", "E8", "x")
	})
	// An error value: excelize cannot write one, so set the cell's type by hand.
	res, err := ReadFile(path, cut)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	got := map[int]string{}
	for _, p := range res.Problems {
		got[p.Row] += fmt.Sprintf("%s/%s/%s;", p.Column, p.Kind, p.Severity)
	}
	want := map[int]string{
		2: "Surname/true/false value/rejected;",
		3: "Join Date/invalid date/rejected;",
		4: "Town/number in a text column/rejected;",
		5: "Join Date/invalid date/rejected;",
		7: "Surname/formula without a value/rejected;",
	}
	for row, w := range want {
		if got[row] != w {
			t.Errorf("row %d: %q, want %q", row, got[row], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", res.Problems)
	}
	if len(res.Members) != 2 || !res.Members[0].LargePrint || res.Members[0].ID != "5" {
		t.Errorf("members %+v", res.Members)
	}
	for _, p := range res.Problems {
		if p.Row == 3 && !strings.Contains(p.Reason, `"2027" is a number, not a date`) {
			t.Errorf("row 3: %s", p.Reason)
		}
	}
}

// TestShortMembershipNumbers: a roll of zero-padded numbers with a few
// that lost their zeros gets a warning on each of those.
func TestShortMembershipNumbers(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := range 40 {
		id := fmt.Sprintf("%08d", 45000+i)
		if i == 7 || i == 30 {
			id = fmt.Sprint(45000 + i) // re-saved by a spreadsheet: zeros gone
		}
		fmt.Fprintf(&b, "%s,Mr,A,Smith%d,%d Road,,Leeds,,LS1 1AA,,,,,\n", id, i, i+1)
	}
	res := readCSV(t, b.String(), Options{})
	var rows []int
	for _, p := range res.Problems {
		if p.Kind == "short membership number" {
			rows = append(rows, p.Row)
			if p.Severity != Warning || !strings.Contains(p.Reason, "has 5 digits, but 38 of the roll's 40 numbers have 8 (such as 00045000)") {
				t.Errorf("%+v", p)
			}
		}
	}
	if fmt.Sprint(rows) != "[9 32]" || len(res.Members) != 40 {
		t.Errorf("warned rows %v, members %d", rows, len(res.Members))
	}
	// Numbers that were never padded, with lengths all over: no warning.
	b.Reset()
	b.WriteString(header)
	for i := range 40 {
		fmt.Fprintf(&b, "%d,Mr,A,Smith%d,%d Road,,Leeds,,LS1 1AA,,,,,\n", 1+i*37, i, i+1)
	}
	if res := readCSV(t, b.String(), Options{}); len(res.Problems) != 0 {
		t.Errorf("unpadded numbers: %v", res.Problems)
	}
}

// TestCountOnlyFindsTheSame: a check that keeps no members finds exactly
// the problems a full read finds, with the same names on them.
func TestCountOnlyFindsTheSame(t *testing.T) {
	rows := "" +
		"1,,Zoë,Müller,1 Road,,Leeds,,LS1 1AA,,zoe@example.org,,,\n" +
		"2,,zoe,MULLER,1 Road,,Leeds,,ls11aa,,,,,\n" +
		"3,,Ann,Other,9 Lane,,York,,YO1 7HH,,ZOE@example.org,04/01/2019,,\n" +
		"3,,Bob,Clean,3 Way,,York,,bad,,,,,\n" +
		"4,,Cat,Two,3 Way,,York,,YO1 7HH,,,01/15/2018,,\n"
	opts := Options{JoinedBefore: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)}
	full := readCSV(t, header+rows, opts)
	opts.CountOnly = true
	res, err := ReadFile(writeFile(t, "roll.csv", header+rows), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Members) != 0 || res.Accepted != len(full.Members) || res.Rejected != full.Rejected || res.Excluded != full.Excluded {
		t.Errorf("count only: %d members, %d accepted, %d rejected, %d excluded; full: %d, %d, %d", len(res.Members), res.Accepted, res.Rejected, res.Excluded, len(full.Members), full.Rejected, full.Excluded)
	}
	if fmt.Sprintf("%+v", res.Problems) != fmt.Sprintf("%+v", full.Problems) {
		t.Errorf("count only:\n%+v\nfull:\n%+v", res.Problems, full.Problems)
	}
	if len(full.Problems) < 6 {
		t.Errorf("expected problems on every row: %+v", full.Problems)
	}
}

func TestMembershipHeadings(t *testing.T) {
	for _, h := range []string{"member_id", "Membership ID", "Member No", "Membership No.", "MEMBER NUMBER", "Mem No"} {
		res := readCSV(t, h+",Surname,Address 1,Town,Postcode\n7,Smith,1 Road,Leeds,LS1 1AA\n", Options{})
		if len(res.Members) != 1 || res.Members[0].ID != "7" {
			t.Errorf("%q: %+v %v", h, res.Members, res.Problems)
		}
	}
}

// TestWorkbookErrorValues reads a hand-built workbook, as Excel writes
// error values and as openpyxl writes formulas (an empty cached value):
// both are rejected as what they are, not read as text or as empty.
func TestWorkbookErrorValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roll.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	is := func(s string) string { return `<c t="inlineStr"><is><t>` + s + `</t></is></c>` }
	row := func(n int, cells ...string) string {
		return fmt.Sprintf(`<row r="%d">%s</row>`, n, strings.Join(cells, ""))
	}
	sheet := `<worksheet><sheetData>` +
		row(1, is("Membership Number"), is("Surname"), is("Address 1"), is("Town"), is("Postcode")) +
		row(2, is("1"), `<c t="e"><v>#VALUE!</v></c>`, is("1 Road"), is("Leeds"), is("LS1 1AA")) +
		row(3, is("2"), is("Smith"), is("2 Road"), `<c t="e"><v>#N/A</v></c>`, is("LS1 1AA")) +
		row(4, is("3"), `<c><f>B3&amp;"x"</f><v></v></c>`, is("3 Road"), is("Leeds"), is("LS1 1AA")) +
		row(5, is("4"), is("Jones"), is("4 Road"), is("Leeds"), is("LS1 1AA")) +
		`</sheetData></worksheet>`
	for name, content := range map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="Members" r:id="r1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="r1" Type="…/worksheet" Target="s.xml"/></Relationships>`,
		"xl/s.xml":                   sheet,
	} {
		fw, _ := w.Create(name)
		fw.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	var got []string
	for _, p := range res.Problems {
		got = append(got, fmt.Sprintf("%d %s %s", p.Row, p.Column, p.Kind))
	}
	want := []string{"2 Surname error value", "3 Town error value", "4 Surname formula without a value"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") || len(res.Members) != 1 {
		t.Errorf("problems %q, want %q; members %d", got, want, len(res.Members))
	}
	if !strings.Contains(res.Problems[0].Reason, "#VALUE!") {
		t.Errorf("reason %q does not name the error", res.Problems[0].Reason)
	}
}

// TestLostZerosAnyShare: when the numbers are zero-padded, every shorter
// one is suspect, however many there are; when a spreadsheet stripped the
// zeros of every number, the lengths fall away by tenths, and the shorter
// ones are suspect too. Numbers that were never padded are left alone.
func TestLostZerosAnyShare(t *testing.T) {
	roll := func(ids []string) string {
		var b strings.Builder
		b.WriteString(header)
		for i, id := range ids {
			fmt.Fprintf(&b, "%s,Mr,A,Smith%d,%d Road,,Leeds,,LS1 1AA,,,,,\n", id, i, i+1)
		}
		return b.String()
	}
	warned := func(res *Result) int {
		n := 0
		for _, p := range res.Problems {
			if p.Kind == "short membership number" {
				n++
			}
		}
		return n
	}
	// 40 padded, 3 shorter (7%): all three warned.
	var ids []string
	for i := range 40 {
		ids = append(ids, fmt.Sprintf("%08d", 45678+i))
	}
	ids = append(ids, "123", "4567", "045678")
	if n := warned(readCSV(t, roll(ids), Options{})); n != 3 {
		t.Errorf("padded: %d warned, want 3", n)
	}
	// 1,000 random 7-digit numbers with their zeros stripped.
	ids = nil
	x := uint32(12345)
	for range 1000 {
		x = x*1664525 + 1013904223
		ids = append(ids, fmt.Sprint(x%10_000_000))
	}
	res := readCSV(t, roll(ids), Options{})
	short := 0
	for _, id := range ids {
		if len(id) < 7 {
			short++
		}
	}
	if n := warned(res); n != short || short == 0 {
		t.Errorf("stripped: %d warned, want %d", n, short)
	}
	// Numbers 1 to 500, never padded.
	ids = nil
	for i := range 500 {
		ids = append(ids, fmt.Sprint(i+1))
	}
	if n := warned(readCSV(t, roll(ids), Options{})); n != 0 {
		t.Errorf("sequential: %d warned", n)
	}
}

// TestDateCellsWithTextDates: a workbook whose join-date column holds date
// cells and text dates of three numbers is what a spreadsheet makes of a
// CSV in the other day/month order: refused when the dates matter.
func TestDateCellsWithTextDates(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		setRow(t, f, "Sheet1", 1, xlsxHeader...)
		setRow(t, f, "Sheet1", 2, "1", "A", "Smith", "1 Road", "Leeds", "LS1 1AA", 40940) // 2012-01-30? read as a cell
		setRow(t, f, "Sheet1", 3, "2", "B", "Jones", "2 Road", "Leeds", "LS1 1AA", "15/06/2010")
		f.SetCellStyle("Sheet1", "G2", "G2", date)
	})
	_, err := ReadFile(path, Options{JoinedBefore: time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC)})
	if !errors.Is(err, ErrDateOrder) || !strings.Contains(err.Error(), `partly date cells (row 2`) || !strings.Contains(err.Error(), `row 3 "15/06/2010"`) {
		t.Errorf("error %v", err)
	}
	res, err := ReadFile(path, Options{})
	if err != nil || len(res.Members) != 2 {
		t.Fatalf("without a rule: %v", err)
	}
}

// TestTwoColumnsForOneField: a roll with "Member ID" and "Membership
// Number", or two Surname columns, is refused, naming both; two email
// columns are only noted; the election file's own mapping decides.
func TestTwoColumnsForOneField(t *testing.T) {
	_, err := ReadFile(writeFile(t, "r.csv", "Member ID,Membership Number,Surname,Address 1,Town,Postcode\n1,1000001,Smith,1 Road,Leeds,LS1 1AA\n"), Options{})
	if !errors.Is(err, ErrMissingColumns) || !strings.Contains(err.Error(), `"Member ID" and "Membership Number" are both the membership number`) {
		t.Errorf("two ID columns: %v", err)
	}
	_, err = ReadFile(writeFile(t, "r.csv", "Membership Number,Surname,Surname,Address 1,Town,Postcode\n1,Smith,Jones,1 Road,Leeds,LS1 1AA\n"), Options{})
	if !errors.Is(err, ErrMissingColumns) || !strings.Contains(err.Error(), "both the surname") {
		t.Errorf("two surnames: %v", err)
	}
	res := readCSV(t, "Member ID,Membership Number,Surname,Address 1,Town,Postcode,Email,Email Address\n1,1000001,Smith,1 Road,Leeds,LS1 1AA,a@b.org,c@d.org\n",
		Options{Columns: map[Field]string{FieldMemberID: "Membership Number"}})
	if len(res.Members) != 1 || res.Members[0].ID != "1000001" || !strings.Contains(strings.Join(res.Notes, "\n"), `"Email" and "Email Address" are both the email address: the first was read`) {
		t.Errorf("mapped: %+v notes %q", res.Members, res.Notes)
	}
}

func TestGarbled(t *testing.T) {
	for s, want := range map[string]int{"SiÃ´n": 2, "ChloÃ©": 4, "JoÃ£o": 2, "JoÃ£o Ã": 2, "João": -1, "Siân": -1, "Ã": -1, "MÃ¼ller": 1, "Ângela": -1, "Â£5": 0} {
		if got := garbled(s); got != want {
			t.Errorf("garbled(%q) = %d, want %d", s, got, want)
		}
	}
	res := readCSV(t, header+"7,Mr,SiÃ´n,Jones,1 Road,,Leeds,,LS1 1AA,,,,,\n", Options{})
	if res.Rejected != 1 || res.Problems[0].Kind != "garbled letters" || res.Problems[0].Column != "Forename" {
		t.Errorf("%v", res.Problems)
	}
}

// TestPostcodeNumberAbroad: a postcode abroad held as a number may have
// lost its leading zero (Dresden's 01067 as 1067): a warning says so.
func TestPostcodeNumberAbroad(t *testing.T) {
	path := makeXLSX(t, func(f *excelize.File) {
		setRow(t, f, "Sheet1", 1, "Membership Number", "Surname", "Address 1", "Town", "Postcode", "Country")
		setRow(t, f, "Sheet1", 2, "1", "Müller", "Hauptstraße 1", "Dresden", 1067, "Germany")
		setRow(t, f, "Sheet1", 3, "2", "Schmidt", "Hauptstraße 2", "Berlin", "10115", "Germany")
	})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Members) != 2 || len(res.Problems) != 1 || res.Problems[0].Row != 2 || res.Problems[0].Kind != "postcode as a number" {
		t.Errorf("%v", res.Problems)
	}
}
