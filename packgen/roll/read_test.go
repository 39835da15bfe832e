package roll

import (
	"errors"
	"fmt"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const header = "Membership Number,Title,Forename,Surname,Address 1,Address 2,Town,County,Postcode,Country,Email,Join Date,Status,Large Print\n"

// writeFile writes content to a file named name in a new temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCSV(t *testing.T, content string, opts Options) *Result {
	t.Helper()
	res, err := ReadFile(writeFile(t, "roll.csv", content), opts)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res)
	return res
}

// checkCounts asserts that every data row is a member, rejected or excluded.
func checkCounts(t *testing.T, res *Result) {
	t.Helper()
	if got := res.Accepted + res.Rejected + res.Excluded; got != res.RowsRead {
		t.Errorf("%d accepted + %d rejected + %d excluded = %d, but %d rows were read", res.Accepted, res.Rejected, res.Excluded, got, res.RowsRead)
	}
	if res.Accepted != len(res.Members) {
		t.Errorf("%d accepted, but %d members", res.Accepted, len(res.Members))
	}
}

const good = "0012345,Ms,Siân,Gwŷn,1 Heol y Coed,,Cardiff,,cf10 1ep,,sian@example.org,03/04/2015,Active,\n"

func TestReadCleanRow(t *testing.T) {
	res := readCSV(t, header+good, Options{})
	if len(res.Members) != 1 || len(res.Problems) != 0 {
		t.Fatalf("members %d, problems %v", len(res.Members), res.Problems)
	}
	m := res.Members[0]
	want := Member{Row: 2, ID: "0012345", Title: "Ms", Forename: "Siân", Surname: "Gwŷn", Address: []string{"1 Heol y Coed"},
		Town: "Cardiff", Postcode: "CF10 1EP", Email: "sian@example.org", Joined: time.Date(2015, 4, 3, 0, 0, 0, 0, time.UTC), Status: "Active"}
	if fmt.Sprint(m) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", m, want)
	}
	if m.Name() != "Ms Siân Gwŷn" {
		t.Errorf("Name() = %q", m.Name())
	}
}

// TestRowProblems is one case per rule: a row that breaks it, and what the
// reader must say.
func TestRowProblems(t *testing.T) {
	cases := []struct {
		name   string
		row    string
		opts   Options
		sev    Severity
		kind   string
		column string
		says   string
	}{
		{"missing number", ",Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "missing field", "Membership Number", "membership number is empty"},
		{"scientific number", "1.23457E+15,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "mangled membership number", "Membership Number", "scientific notation"},
		{"16 digits", "1234567890123456,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "mangled membership number", "Membership Number", "only 15"},
		{"decimal number", "12345.0,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "mangled membership number", "Membership Number", "decimal point"},
		{"space in number", "123 45,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "invalid membership number", "Membership Number", "may hold only"},
		{"missing surname", "7,Mr,A,,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "missing field", "Surname", "surname is empty"},
		{"missing address", "7,Mr,A,Smith,,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "missing field", "Address 1", "address is empty"},
		{"missing town", "7,Mr,A,Smith,1 Road,,,,LS1 1AA,,,,,", Options{}, Reject, "missing field", "Town", "post town is empty"},
		{"missing postcode", "7,Mr,A,Smith,1 Road,,Leeds,,,,,,,", Options{}, Reject, "missing field", "Postcode", "postcode is empty"},
		{"bad postcode", "7,Mr,A,Smith,1 Road,,Leeds,,SW1A1A,,,,,", Options{}, Reject, "invalid postcode", "Postcode", `"SW1A1A" is not a UK postcode`},
		{"abroad without country", "7,Mr,A,Smith,12 rue de la Paix,,Paris,,75002,,,,,", Options{}, Reject, "invalid postcode", "Postcode", "fill in the country"},
		{"control character", "7,Mr,A,Sm\x07ith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "control character", "Surname", "U+0007) at character 3"},
		{"line break in cell", "7,Mr,A,Smith,\"1 Road\nLeeds\",,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "control character", "Address 1", "line break"},
		{"unprintable", "7,Mr,A,王,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "unprintable character", "Surname", `'王' (U+738B)`},
		{"emoji", "7,Mr,A😀,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "unprintable character", "Forename", "U+1F600"},
		{"long line", "7,Mr,A,Smith," + strings.Repeat("x", 50) + ",,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "address too long", "Address 1", "address line 1 is 88 mm wide at 10 pt, but the envelope window shows 74 mm in every position of the letter: shorten it by about 9 characters"},
		{"wide line", "7,Mr,A,Smith," + strings.Repeat("W", 28) + ",,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "address too long", "Address 1", "is 93 mm wide at 10 pt"},
		{"wide line, C5", "7,Mr,A,Smith,Flat 18 Riverside House 169 Willow Walk,,Leeds,,LS1 1AA,,,,,", Options{Window: layout.WindowFor("C5")}, Reject, "address too long", "Address 1", "the envelope window shows 65 mm in every position"},
		{"too many lines", "7,Mr,A,Smith,1 Road,2 Road,Leeds,,LS1 1AA,,,,,", Options{Window: layout.Window{Envelope: "DL", Window: layout.Rect{X: 20, Y: 45, W: 90, H: 35}, PlayX: 10, PlayY: 11}}, Reject, "address too long", "Address 1", "the address takes 5 lines with the name, but a DL envelope's window shows 4 at 10 pt"},
		{"long name", "7,Dr," + strings.Repeat("A", 30) + "," + strings.Repeat("B", 20) + ",1 Road,,Leeds,,LS1 1AA,,,,,", Options{}, Reject, "address too long", "Surname", "name with title is 123 mm wide at 10 pt"},
		{"large print unclear", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,maybe", Options{}, Reject, "invalid value", "Large Print", `"maybe" is not yes or no`},
		{"bad email", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,a.smith,,,", Options{}, Warning, "invalid email", "Email", "does not look like an email"},
		{"lapsed", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,Lapsed,", Options{ExcludedStatuses: []string{"lapsed"}}, Ineligible, "status lapsed", "Status", "status is Lapsed"},
		{"joined late", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,02/09/2026,,", Options{JoinedBefore: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}, Ineligible, "joined too late", "Join Date", "joined on 2 September 2026, but only members who joined before 1 September 2026"},
		{"no join date", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,", Options{JoinedBefore: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}, Reject, "missing field", "Join Date", "join date is empty"},
		{"bad join date", "7,Mr,A,Smith,1 Road,,Leeds,,LS1 1AA,,,31/02/2020,,", Options{JoinedBefore: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}, Reject, "invalid date", "Join Date", `"31/02/2020" is not a date`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := readCSV(t, header+tc.row+"\n", tc.opts)
			var found *Problem
			for i, p := range res.Problems {
				if p.Kind == tc.kind {
					found = &res.Problems[i]
				}
			}
			if found == nil {
				t.Fatalf("no %q problem; got %v", tc.kind, res.Problems)
			}
			if found.Severity != tc.sev || found.Column != tc.column || found.Row != 2 {
				t.Errorf("got %v row %d column %q, want %v row 2 column %q", found.Severity, found.Row, found.Column, tc.sev, tc.column)
			}
			if !strings.Contains(found.Reason, tc.says) {
				t.Errorf("reason %q does not say %q", found.Reason, tc.says)
			}
			wantMembers := 0
			if tc.sev == Warning {
				wantMembers = 1
			}
			if len(res.Members) != wantMembers {
				t.Errorf("%d members, want %d", len(res.Members), wantMembers)
			}
		})
	}
}

func TestAddressForms(t *testing.T) {
	rows := "" +
		"1,,A,Smith,Unit 1234,,BFPO,,bfpo 1234,,,,,\n" + // forces mail: no town
		"2,,B,Jones,12 rue de la Paix,,Paris,,75002,France,,,,\n" + // abroad
		"3,,C,Brown,1 Road,,Leeds,,ls1 1aa,United Kingdom,,,,\n" + // UK spelt out
		"4,,D,White,1 Road,,Leeds,,LS11AA,England,,,,yes\n"
	res := readCSV(t, header+rows, Options{})
	if len(res.Members) != 4 {
		t.Fatalf("%d members; problems %v", len(res.Members), res.Problems)
	}
	m := res.Members
	if m[0].Town != "" || m[0].Postcode != "BFPO 1234" || m[0].Overseas() {
		t.Errorf("BFPO: %+v", m[0])
	}
	if !m[1].Overseas() || m[1].Country != "France" || m[1].Postcode != "75002" {
		t.Errorf("abroad: %+v", m[1])
	}
	if m[2].Overseas() || m[2].Postcode != "LS1 1AA" || m[3].Overseas() || !m[3].LargePrint {
		t.Errorf("UK: %+v %+v", m[2], m[3])
	}
}

func TestDuplicateNumbers(t *testing.T) {
	rows := "" +
		"0012345,,A,Smith,1 Road,,Leeds,,LS1 1AA,,,,,\n" +
		"0012346,,B,Jones,2 Road,,Leeds,,LS1 1AA,,,,,\n" +
		"0012345,,C,Brown,3 Road,,Leeds,,LS1 1AA,,,,,\n" +
		"0012345,,D,Green,4 Road,,Leeds,,bad,,,,,\n" + // rejected anyway; still shares the number
		"12345,,E,White,5 Road,,Leeds,,LS1 1AA,,,,,\n" // leading zeros matter: a different number
	res := readCSV(t, header+rows, Options{})
	if len(res.Members) != 2 || res.Rejected != 3 {
		t.Fatalf("members %d rejected %d, want 2 and 3", len(res.Members), res.Rejected)
	}
	var reasons []string
	for _, p := range res.Problems {
		if p.Kind == "duplicate membership number" {
			reasons = append(reasons, fmt.Sprintf("%d: %s", p.Row, p.Reason))
		}
	}
	want := []string{
		"2: membership number 0012345 is also on rows 4, 5: no one can tell which is right; correct the roll",
		"4: membership number 0012345 is also on rows 2, 5: no one can tell which is right; correct the roll",
		"5: membership number 0012345 is also on rows 2, 4: no one can tell which is right; correct the roll",
	}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
}

func TestProbableDuplicatePeople(t *testing.T) {
	rows := "" +
		"1,,Zoë,Müller,1 Road,,Leeds,,LS1 1AA,,zoe@example.org,,,\n" +
		"2,,zoe,MULLER,1 Road,,Leeds,,ls11aa,,,,,\n" + // same person, other number
		"3,,Ann,Other,9 Lane,,York,,YO1 7HH,,ZOE@example.org,,,\n" + // same email
		"4,,Bob,Clean,3 Way,,York,,YO1 7HH,,,,,\n"
	res := readCSV(t, header+rows, Options{})
	if len(res.Members) != 4 || res.Warnings() != 4 {
		t.Fatalf("members %d warnings %d, want 4 and 4: %v", len(res.Members), res.Warnings(), res.Problems)
	}
	if p := res.Problems[0]; p.Row != 1+1 || !strings.Contains(p.Reason, "row 3") {
		t.Errorf("first warning: %v", p)
	}
	strict := readCSV(t, header+rows, Options{Strict: true})
	if len(strict.Members) != 1 || strict.Rejected != 3 {
		t.Errorf("strict: members %d rejected %d, want 1 and 3", len(strict.Members), strict.Rejected)
	}
}

func TestHeaders(t *testing.T) {
	cases := map[string]string{
		"title rows":    "Membership export,,,\nPrinted 25/11/2026,,,\n,,,\nMember No,First name,Last name,Street,Locality,City,Post code\n7,A,Smith,1 Road,Headingley,Leeds,LS6 1AA\n",
		"odd spelling":  "MEMBER-ID;Forename;SURNAME;Address Line 1;Post Town;Postcode\n7;A;Smith;1 Road;Leeds;LS6 1AA\n",
		"tabs and name": "Membership Number\tName\tAddress\tTown\tPostcode\n7\tA Smith\t1 Road\tLeeds\tLS6 1AA\n",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			res := readCSV(t, content, Options{})
			if len(res.Members) != 1 {
				t.Fatalf("members %d: %v", len(res.Members), res.Problems)
			}
			if m := res.Members[0]; m.ID != "7" || !strings.HasSuffix(m.Name(), "Smith") || m.Address[0] != "1 Road" || m.Town != "Leeds" {
				t.Errorf("%+v", m)
			}
		})
	}
	res := readCSV(t, cases["title rows"], Options{})
	if got := res.Members[0].Address; len(got) != 2 || got[1] != "Headingley" {
		t.Errorf("street and locality: %q", got)
	}

	mapped := "Ref,Family,Given,Line A,Line B,Place,Code\n7,Smith,A,1 Road,,Leeds,LS6 1AA\n"
	res = readCSV(t, mapped, Options{Columns: map[Field]string{
		FieldMemberID: "Ref", FieldSurname: "Family", FieldForename: "Given", FieldAddress: "Line A",
		FieldTown: "Place", FieldPostcode: "Code"}})
	if len(res.Members) != 1 || res.Members[0].Forename != "A" {
		t.Errorf("explicit mapping: %+v %v", res.Members, res.Problems)
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		name, file, content string
		opts                Options
		err                 error
		says                string
	}{
		{"empty file", "r.csv", "", Options{}, ErrEmpty, "the file is empty"},
		{"blank lines", "r.csv", "\n\n,,\n", Options{}, ErrEmpty, "the sheet is empty"},
		{"header only", "r.csv", header, Options{}, ErrHeaderOnly, "no members below it"},
		{"no header", "r.csv", "a,b,c\n1,2,3\n", Options{}, ErrNoHeader, `the first row with data has "a", "b", "c"`},
		{"missing columns", "r.csv", "Membership Number,Surname,Address 1\n1,Smith,1 Road\n", Options{}, ErrMissingColumns, `no column for town, postcode; the header row has "Membership Number", "Surname", "Address 1"`},
		{"mapped column absent", "r.csv", header + good, Options{Columns: map[Field]string{FieldPostcode: "Zip Code"}}, ErrMissingColumns, `maps postcode to a column "Zip Code"`},
		{"join rule, no column", "r.csv", "Membership Number,Surname,Address 1,Town,Postcode\n1,S,1 Road,Leeds,LS1 1AA\n", Options{JoinedBefore: time.Now()}, ErrMissingColumns, "no column for join date; the header row has"},
		{"binary", "r.csv", "\x00\x01\x02PDF", Options{}, ErrNotSpreadsheet, "not a spreadsheet"},
		{"renamed text", "r.xlsx", "hello", Options{}, ErrNotSpreadsheet, "not a zip archive"},
		{"old xls", "r.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", Options{}, ErrNotSpreadsheet, "Excel 97-2003"},
		{"encrypted", "r.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1..E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00", Options{}, ErrPassword, "protected with a password"},
		{"corrupt zip", "r.xlsx", "PK\x03\x04garbage", Options{}, ErrNotSpreadsheet, "damaged"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.file, tc.content)
			_, err := ReadFile(path, tc.opts)
			var re *ReadError
			if !errors.As(err, &re) || !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want a *ReadError wrapping %v", err, tc.err)
			}
			if !strings.Contains(err.Error(), tc.says) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("message %q does not start with the path and say %q", err, tc.says)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "nope.csv"), Options{}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestEncodings(t *testing.T) {
	bom := readCSV(t, "\xef\xbb\xbf"+header+good, Options{})
	if len(bom.Members) != 1 || bom.Members[0].ID != "0012345" || len(slices.DeleteFunc(bom.Notes, func(n string) bool { return strings.HasPrefix(n, "join dates") })) != 0 {
		t.Errorf("BOM: %+v notes %v", bom.Members, bom.Notes)
	}
	// Windows-1252: "Zoë Müller" with ë = 0xEB and ü = 0xFC.
	w1252 := strings.ReplaceAll(header, ",", ";") + "7;;Zo\xeb;M\xfcller;1 Road;;Leeds;;LS1 1AA;;;;;\r\n"
	res := readCSV(t, w1252, Options{})
	if len(res.Members) != 1 || res.Members[0].Name() != "Zoë Müller" {
		t.Fatalf("1252: %+v %v", res.Members, res.Problems)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "Windows-1252") || !strings.Contains(notes, "semicolons") {
		t.Errorf("notes %q", notes)
	}
}

func TestMalformedCSVLine(t *testing.T) {
	rows := good + "8,,B,Jo\"nes,1 Road,,Leeds,,LS1 1AA,,,,,\n" + "9,,C,Brown,1 Road,,Leeds,,LS1 1AA,,,,,\n"
	res := readCSV(t, header+rows, Options{})
	if res.RowsRead != 3 || len(res.Members) != 2 || res.Rejected != 1 {
		t.Fatalf("rows %d members %d rejected %d: %v", res.RowsRead, len(res.Members), res.Rejected, res.Problems)
	}
	if p := res.Problems[0]; p.Row != 3 || p.Kind != "misplaced quote mark" || p.Column != "Surname" || p.MemberID != "8" || p.Name != "B Jo" {
		t.Errorf("%#v", p)
	}
}

// TestCSVRowNumbers numbers rows as a spreadsheet shows the file: a cell
// with a line break does not shift the rows after it, a blank line does.
func TestCSVRowNumbers(t *testing.T) {
	rows := "1,,A,Smith,\"1 Road\nLeeds\",,Leeds,,LS1 1AA,,,,,\n" + // row 2, rejected
		"2,,B,Jones,2 Road,,Leeds,,LS1 1AA,,,,,\n" + // row 3
		"\n" + // row 4, blank
		"3,,C,Brown,3 Road,,Leeds,,bad,,,,,\n" // row 5
	res := readCSV(t, header+rows, Options{})
	if len(res.Members) != 1 || res.Members[0].Row != 3 {
		t.Fatalf("members %+v", res.Members)
	}
	if len(res.Problems) != 2 || res.Problems[0].Row != 2 || res.Problems[1].Row != 5 {
		t.Errorf("problems %v, want rows 2 and 5", res.Problems)
	}
}

func TestUnusedColumnsIgnored(t *testing.T) {
	res := readCSV(t, "Membership Number,Surname,Address 1,Town,Postcode,Notes\n1,Smith,1 Road,Leeds,LS1 1AA,\"two\nlines \x07\"\n", Options{})
	if len(res.Members) != 1 || len(res.Problems) != 0 {
		t.Errorf("members %d problems %v", len(res.Members), res.Problems)
	}
}

// TestUnbalancedQuoteStops: a quote that swallows the lines after it must
// not lose them silently.
func TestUnbalancedQuoteStops(t *testing.T) {
	rows := good + "8,,B,\"Jo \"\"x\"\" y,1 Road,,Leeds,,LS1 1AA,,,,,\n"
	for i := range 5 {
		rows += fmt.Sprintf("%d,,C,Brown,1 Road,,Leeds,,LS1 1AA,,,,,\n", 20+i)
	}
	_, err := ReadFile(writeFile(t, "roll.csv", header+rows), Options{})
	var re *ReadError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "unbalanced quote mark on line 3") {
		t.Fatalf("error %v, want the unbalanced quote named", err)
	}
}

func TestSeveralMappedAddressColumns(t *testing.T) {
	content := "Ref,Surname,Premises,Thoroughfare,Place,Code\n7,Smith,Flat 3,1 Road,Leeds,LS6 1AA\n"
	res := readCSV(t, content, Options{
		Columns:        map[Field]string{FieldMemberID: "Ref", FieldTown: "Place", FieldPostcode: "Code"},
		AddressColumns: []string{"Premises", "Thoroughfare"},
	})
	if len(res.Members) != 1 || strings.Join(res.Members[0].Address, "|") != "Flat 3|1 Road" {
		t.Errorf("members %+v problems %v", res.Members, res.Problems)
	}
}
