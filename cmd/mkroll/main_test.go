package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

var update = flag.Bool("update", false, "remake the fixtures in ../../testdata")

// mkroll runs the command in-process and fails the test unless it exits 0.
func mkroll(t *testing.T, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	if status := mainStatus(args, &stderr); status != exitOK {
		t.Fatalf("mkroll %s: exit %d, stderr:\n%s", strings.Join(args, " "), status, stderr.String())
	}
	return stderr.String()
}

// readCSV reads a UTF-8 roll with a byte order mark.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatalf("%s: no byte order mark", name)
	}
	return parseCSV(t, b[3:], ',')
}

func parseCSV(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = comma
	r.FieldsPerRecord = len(header)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func readXLSX(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// readLog returns the defects log without its header.
func readLog(t *testing.T, name string) []logEntry {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"row", "kind", "column", "detail"}; !slices.Equal(recs[0], want) {
		t.Fatalf("log header %q, want %q", recs[0], want)
	}
	var log []logEntry
	for _, rec := range recs[1:] {
		n, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatalf("log row %q: %v", rec[0], err)
		}
		log = append(log, logEntry{n, rec[1], rec[2], rec[3]})
	}
	return log
}

// column indexes
const (
	colNumber = iota
	colTitle
	colForename
	colSurname
	colAddr1
	colAddr2
	colAddr3
	colTown
	colCounty
	colPostcode
	colCountry
	colEmail
	colJoined
	colStatus
	colLargePrint
)

var ukPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}$`)

func TestDeterministicCSV(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
	mkroll(t, "-n", "500", "-seed", "7", "-defects", "-title-rows", "2", "-o", a)
	mkroll(t, "-n", "500", "-seed", "7", "-defects", "-title-rows", "2", "-o", b)
	mkroll(t, "-n", "500", "-seed", "8", "-defects", "-title-rows", "2", "-o", c)
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	cb, _ := os.ReadFile(c)
	if !bytes.Equal(ab, bb) {
		t.Error("two runs with the same seed differ")
	}
	if bytes.Equal(ab, cb) {
		t.Error("runs with seeds 7 and 8 are the same")
	}
	if !bytes.Contains(ab, []byte("\r\n")) || bytes.Count(ab, []byte("\r\n")) < 500 {
		t.Error("lines do not end in CRLF")
	}
}

func TestDeterministicXLSX(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	mkroll(t, "-n", "300", "-seed", "3", "-defects", "-o", a)
	mkroll(t, "-n", "300", "-seed", "3", "-defects", "-o", b)
	ra, rb := readXLSX(t, a), readXLSX(t, b)
	if !slices.EqualFunc(ra, rb, slices.Equal) {
		t.Error("two runs with the same seed have different cells")
	}
}

func TestXLSXShape(t *testing.T) {
	name := filepath.Join(t.TempDir(), "r.xlsx")
	mkroll(t, "-n", "250", "-title-rows", "2", "-o", name)
	rows := readXLSX(t, name)
	if got, want := len(rows), 2+1+250; got != want {
		t.Fatalf("got %d rows, want %d (2 title rows, header, 250 members)", got, want)
	}
	if !strings.HasPrefix(rows[0][0], "Membership export ") || len(rows[1]) != 0 {
		t.Errorf("title rows %q, %q", rows[0], rows[1])
	}
	if !slices.Equal(rows[2], header) {
		t.Errorf("header %q, want %q", rows[2], header)
	}
}

// TestXLSXNumbersAndDates checks the cells a reader has to interpret:
// membership numbers as zero-padded number cells, and date cells.
func TestXLSXNumbersAndDates(t *testing.T) {
	name := filepath.Join(t.TempDir(), "r.xlsx")
	mkroll(t, "-n", "1000", "-o", name)
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	var padded, zeroText int
	for i, r := range rows[1:] {
		cell := "A" + strconv.Itoa(i+2)
		typ, err := f.GetCellType(sheetName, cell)
		if err != nil {
			t.Fatal(err)
		}
		if len(r[colNumber]) != 7 {
			t.Errorf("%s: membership number %q is not 7 digits", cell, r[colNumber])
		}
		switch {
		case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
			padded++
			raw, _ := f.GetCellValue(sheetName, cell, excelize.Options{RawCellValue: true})
			if raw[0] == '0' || r[colNumber][0] != '0' {
				t.Errorf("%s: number cell %q shows as %q", cell, raw, r[colNumber])
			}
		case r[colNumber][0] == '0':
			zeroText++
		}
		if _, err := time.Parse("02/01/2006", r[colJoined]); err != nil {
			t.Errorf("%s: Join Date %q: %v", cell, r[colJoined], err)
		}
		raw, _ := f.GetCellValue(sheetName, "M"+strconv.Itoa(i+2), excelize.Options{RawCellValue: true})
		if _, err := strconv.Atoi(raw); err != nil {
			t.Errorf("Join Date cell holds %q, want a date serial number", raw)
		}
	}
	// About 10% have leading zeros, half of them stored as numbers.
	if padded < 20 || zeroText < 20 {
		t.Errorf("%d number cells and %d text cells with leading zeros in 1000 rows, want about 50 each", padded, zeroText)
	}
}

func TestCSVMatchesXLSX(t *testing.T) {
	dir := t.TempDir()
	x, c := filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "r.csv")
	mkroll(t, "-n", "400", "-seed", "5", "-title-rows", "2", "-o", x)
	mkroll(t, "-n", "400", "-seed", "5", "-title-rows", "2", "-o", c)
	xr, cr := readXLSX(t, x), readCSV(t, c)
	if len(xr) != len(cr) {
		t.Fatalf("xlsx has %d rows, csv %d", len(xr), len(cr))
	}
	for i := range xr {
		got := make([]string, len(header))
		copy(got, xr[i]) // GetRows drops empty cells at the end
		if !slices.Equal(got, cr[i]) {
			t.Errorf("row %d: xlsx %q, csv %q", i+1, got, cr[i])
		}
	}
}

// TestCleanRoll checks what a clean roll promises.
func TestCleanRoll(t *testing.T) {
	name := filepath.Join(t.TempDir(), "r.csv")
	const n = 3000
	mkroll(t, "-n", strconv.Itoa(n), "-seed", "11", "-o", name)
	recs := readCSV(t, name)[1:]
	if len(recs) != n {
		t.Fatalf("got %d rows, want %d", len(recs), n)
	}
	townOf := map[string]string{}
	for _, a := range postAreas {
		townOf[a.code] = a.town
	}
	area := regexp.MustCompile(`^[A-Z]+`)
	numbers, emails, people := map[string]int{}, map[string]int{}, map[string]int{}
	var nonASCII, overseasRows, bfpo, zeros, lapsed int
	for i, r := range recs {
		row := i + 2
		if ok, _ := regexp.MatchString(`^[0-9]{7}$`, r[colNumber]); !ok {
			t.Errorf("row %d: membership number %q", row, r[colNumber])
		}
		if r[colNumber][0] == '0' {
			zeros++
		}
		if prev, dup := numbers[r[colNumber]]; dup {
			t.Errorf("row %d: membership number %s also in row %d", row, r[colNumber], prev)
		}
		numbers[r[colNumber]] = row
		if e := r[colEmail]; e != "" {
			if prev, dup := emails[strings.ToLower(e)]; dup {
				t.Errorf("row %d: email %s also in row %d", row, e, prev)
			}
			emails[strings.ToLower(e)] = row
			if ok, _ := regexp.MatchString(`^[a-z0-9._-]+@example\.(org|com|net)$`, e); !ok {
				t.Errorf("row %d: email %q", row, e)
			}
		}
		if !isASCII(r[colForename] + r[colSurname]) {
			nonASCII++
		}
		if r[colForename] == "" || r[colSurname] == "" || r[colAddr1] == "" {
			t.Errorf("row %d: name or Address 1 empty: %q", row, r)
		}
		for _, c := range r {
			if utf8.RuneCountInString(c) > 60 {
				t.Errorf("row %d: %q is over 60 characters", row, c)
			}
			for _, ch := range c {
				if unicode.IsControl(ch) || ch > 0x2FFF {
					t.Errorf("row %d: %q holds %U", row, c, ch)
				}
			}
		}
		if r[colStatus] == "Lapsed" {
			lapsed++
		}
		switch {
		case r[colTown] == "BFPO":
			bfpo++
			if ok, _ := regexp.MatchString(`^BFPO [0-9]{1,4}$`, r[colPostcode]); !ok {
				t.Errorf("row %d: BFPO postcode %q", row, r[colPostcode])
			}
		case r[colCountry] != "" && r[colCountry] != "United Kingdom":
			overseasRows++
		default:
			pc := normalPostcode(r[colPostcode])
			if !ukPostcode.MatchString(pc) {
				t.Errorf("row %d: %q is not a UK postcode", row, r[colPostcode])
				continue
			}
			if want := townOf[area.FindString(pc)]; r[colTown] != want {
				t.Errorf("row %d: postcode %s in %q, want %q", row, pc, r[colTown], want)
			}
			key := r[colForename] + "|" + r[colSurname] + "|" + pc
			if prev, dup := people[key]; dup {
				t.Errorf("row %d: same name and postcode as row %d", row, prev)
			}
			people[key] = row
		}
		if d, err := time.Parse("02/01/2006", r[colJoined]); err != nil || d.Before(earliestJoin) || d.After(latestJoin) {
			t.Errorf("row %d: Join Date %q", row, r[colJoined])
		}
	}
	share := func(k int) float64 { return float64(k) / n }
	for _, c := range []struct {
		what     string
		got      float64
		min, max float64
	}{
		{"non-ASCII names", share(nonASCII), 0.035, 0.07},
		{"overseas rows", share(overseasRows), 0.004, 0.02},
		{"leading zeros", share(zeros), 0.07, 0.13},
		{"Lapsed", share(lapsed), 0.015, 0.045},
	} {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s: %.1f%% of rows, want %.1f%% to %.1f%%", c.what, 100*c.got, 100*c.min, 100*c.max)
		}
	}
	t.Logf("%d rows: %d non-ASCII names, %d overseas, %d BFPO, %d leading zeros", n, nonASCII, overseasRows, bfpo, zeros)
}

// TestDefects checks that the log lists every kind and that each logged
// row really has its defect.
func TestDefects(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		kinds []string
	}{
		{"csv", []string{"-o", "r.csv"}, injectedKinds},
		{"xlsx", []string{"-o", "r.xlsx", "-title-rows", "2"}, injectedKinds},
		{"windows-1252", []string{"-o", "r.csv", "-csv-encoding", "windows-1252", "-csv-delimiter", ";"},
			without(injectedKinds, kindUnprintableChar)},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := slices.Clone(c.args)
			args[1] = filepath.Join(dir, args[1])
			logName := filepath.Join(dir, "log.csv")
			mkroll(t, append(args, "-n", "1000", "-seed", "4", "-defects", "-defects-log", logName)...)

			var recs [][]string
			switch c.name {
			case "csv":
				recs = readCSV(t, args[1])
			case "xlsx":
				recs = readXLSX(t, args[1])
				for i := range recs {
					recs[i] = append(recs[i], make([]string, len(header)-len(recs[i]))...)
				}
			default:
				b, err := os.ReadFile(args[1])
				if err != nil {
					t.Fatal(err)
				}
				if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
					t.Error("windows-1252 file starts with a UTF-8 byte order mark")
				}
				u, err := charmap.Windows1252.NewDecoder().Bytes(b)
				if err != nil {
					t.Fatal(err)
				}
				recs = parseCSV(t, u, ';')
			}
			log := readLog(t, logName)
			if n := checkDefects(t, recs, log, c.kinds); n < 25 || n > 35 {
				t.Errorf("%d rows of 1000 with defects, want about 30", n)
			}
		})
	}
}

// checkDefects checks each logged row against its kind, and returns how
// many rows got an injected defect: the log also lists the first row of
// each duplicate pair, and Lapsed and Suspended rows of the clean roll.
func checkDefects(t *testing.T, recs [][]string, log []logEntry, kinds []string) (injected int) {
	t.Helper()
	first := slices.IndexFunc(recs, func(r []string) bool { return slices.Equal(r, header) }) + 2
	at := func(row int) []string { return recs[row-1] }
	seen := map[string]int{}
	logged := map[int]bool{}
	entries := map[logEntry]bool{}
	pairs := map[int]int{} // row → how many duplicate pairs it is in
	prev := 0
	for _, e := range log {
		if entries[e] {
			t.Errorf("%v logged twice", e)
		}
		entries[e] = true
		if e.row < prev {
			t.Errorf("row %d logged after row %d", e.row, prev)
		}
		prev = e.row
		logged[e.row] = true
		seen[e.kind]++
		if e.row < first || e.row > len(recs) {
			t.Fatalf("log names row %d, outside the data rows %d to %d", e.row, first, len(recs))
		}
		r := at(e.row)
		other := func() []string {
			n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(e.detail, "same as row "), "same name and postcode as row "))
			if err != nil || n < first || n == e.row || n > len(recs) {
				t.Fatalf("row %d: %s detail %q names no other row", e.row, e.kind, e.detail)
			}
			if back := pairDetail(e.kind, e.row); !entries[logEntry{n, e.kind, e.column, back}] && n < e.row {
				t.Errorf("row %d: %s pair with row %d, but row %d is not logged with %q", e.row, e.kind, n, n, back)
			}
			if n < e.row && e.detail != detailNotInjected {
				injected++ // the later row of the pair got the defect
			}
			if pairs[e.row]++; pairs[e.row] > 1 {
				t.Errorf("row %d is in more than one duplicate pair", e.row)
			}
			if at(n)[colStatus] != "Active" || r[colStatus] != "Active" {
				t.Errorf("row %d: %s pair with row %d, statuses %q and %q: a reader may look for duplicates among Active members only",
					e.row, e.kind, n, r[colStatus], at(n)[colStatus])
			}
			return at(n)
		}
		if !needsSource(e.kind) && e.detail != detailNotInjected {
			injected++
		}
		bad := func(format string, args ...any) {
			t.Errorf("row %d, logged as %s: "+format, append([]any{e.row, e.kind}, args...)...)
		}
		switch e.kind {
		case kindDuplicateNumber:
			if o := other(); o[colNumber] != r[colNumber] {
				bad("number %q, other row %q", r[colNumber], o[colNumber])
			}
		case kindDuplicatePerson:
			o := other()
			if o[colForename] != r[colForename] || o[colSurname] != r[colSurname] ||
				normalPostcode(o[colPostcode]) != normalPostcode(r[colPostcode]) || o[colNumber] == r[colNumber] {
				bad("%q vs %q", r, o)
			}
		case kindDuplicateEmail:
			if o := other(); o[colEmail] != r[colEmail] || r[colEmail] == "" {
				bad("email %q, other row %q", r[colEmail], o[colEmail])
			}
		case kindBadPostcode:
			if ukPostcode.MatchString(normalPostcode(r[colPostcode])) {
				bad("postcode %q is valid", r[colPostcode])
			}
		case kindMissingSurname:
			if r[colSurname] != "" {
				bad("surname %q", r[colSurname])
			}
		case kindMissingAddress:
			if r[colAddr1] != "" {
				bad("Address 1 %q", r[colAddr1])
			}
		case kindMissingTown:
			if r[colTown] != "" {
				bad("Town %q", r[colTown])
			}
		case kindLongAddressLine:
			if max(utf8.RuneCountInString(r[colAddr1]), utf8.RuneCountInString(r[colAddr2])) <= 60 {
				bad("no line over 60 characters")
			}
		case kindControlChar:
			if !strings.ContainsFunc(r[colForename]+r[colSurname], unicode.IsControl) {
				bad("no control character in %q %q", r[colForename], r[colSurname])
			}
		case kindUnprintableChar:
			if !strings.ContainsFunc(r[colSurname], func(c rune) bool { return c > 0x2FFF }) {
				bad("surname %q", r[colSurname])
			}
		case kindExcelMangled:
			if ok, _ := regexp.MatchString(`^[0-9]{7}$`, r[colNumber]); ok {
				bad("number %q looks fine", r[colNumber])
			}
		case kindLapsed, kindSuspended:
			if strings.ToLower(r[colStatus]) != e.kind {
				bad("Status %q", r[colStatus])
			}
		case kindJoinedAfterCutoff:
			if d, err := time.Parse("02/01/2006", r[colJoined]); err != nil || !d.After(cutoffDate) {
				bad("Join Date %q", r[colJoined])
			}
		case kindOverseasNoCountry:
			if r[colCountry] != "" || ukPostcode.MatchString(normalPostcode(r[colPostcode])) {
				bad("Country %q, Postcode %q", r[colCountry], r[colPostcode])
			}
		default:
			t.Errorf("row %d: unknown kind %q", e.row, e.kind)
		}
	}
	for _, k := range kinds {
		if seen[k] == 0 {
			t.Errorf("no %s in the log", k)
		}
	}
	// Rows not logged are clean in what the log covers.
	for row := first; row <= len(recs); row++ {
		if r := at(row); !logged[row] && r[colStatus] != "Active" {
			t.Errorf("row %d: Status %q but not logged", row, r[colStatus])
		}
	}
	return injected
}

// TestDefectsKeepCleanRows checks that -defects changes only the rows it
// logs as injected.
func TestDefectsKeepCleanRows(t *testing.T) {
	dir := t.TempDir()
	for _, seed := range []string{"1", "2", "3"} {
		clean, dirty, log := filepath.Join(dir, seed+"c.csv"), filepath.Join(dir, seed+"d.csv"), filepath.Join(dir, seed+"l.csv")
		mkroll(t, "-n", "1000", "-seed", seed, "-o", clean)
		mkroll(t, "-n", "1000", "-seed", seed, "-o", dirty, "-defects", "-defects-log", log)
		injected := map[int]bool{}
		for _, e := range readLog(t, log) {
			injected[e.row] = e.detail != detailNotInjected
		}
		c, d := readCSV(t, clean), readCSV(t, dirty)
		changed := 0
		for i := range c {
			switch same := slices.Equal(c[i], d[i]); {
			case !same && !injected[i+1]:
				t.Errorf("seed %s, row %d: changed but not logged:\n%q\n%q", seed, i+1, c[i], d[i])
			case !same:
				changed++
			}
		}
		if changed < 25 {
			t.Errorf("seed %s: only %d rows changed", seed, changed)
		}
	}
}

func TestTo1252(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Siân Müller", "Siân Müller"},
		{"Łukasz Wiśniewski", "Lukasz Wisniewski"},
		{"Gwŷn", "Gwyn"},
		{"Adébáyọ̀", "Adébáyo"},
		{"Đặng", "Dang"},
		{"Smith😀", "Smith?"},
		{"王", "?"},
		{"Bj\aörn", "Bj\aörn"},
	} {
		got := to1252(c.in)
		if got != c.want {
			t.Errorf("to1252(%q) = %q, want %q", c.in, got, c.want)
		}
		if _, err := charmap.Windows1252.NewEncoder().String(got); err != nil {
			t.Errorf("to1252(%q) = %q: %v", c.in, got, err)
		}
	}
}

func TestAsciiFold(t *testing.T) {
	for in, want := range map[string]string{
		"Ó Súilleabháin": "osuilleabhain",
		"O'Brien":        "obrien",
		"Groß":           "gross",
		"Łukasz":         "lukasz",
		"Smith-Jones":    "smith-jones",
		"Adébáyọ̀":       "adebayo",
	} {
		if got := asciiFold(in); got != want {
			t.Errorf("asciiFold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.csv")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"no -o", []string{"-n", "5"}, exitUsage, "-o FILE is required"},
		{"bad extension", []string{"-o", filepath.Join(dir, "r.txt")}, exitUsage, "must end in .xlsx or .csv"},
		{"unknown flag", []string{"-x", "-o", filepath.Join(dir, "r.csv")}, exitUsage, "not defined"},
		{"stray argument", []string{"-o", filepath.Join(dir, "r.csv"), "more"}, exitUsage, "unexpected argument"},
		{"log without defects", []string{"-o", filepath.Join(dir, "r.csv"), "-defects-log", filepath.Join(dir, "l.csv")}, exitUsage, "needs -defects"},
		{"csv flag on xlsx", []string{"-o", filepath.Join(dir, "r.xlsx"), "-csv-delimiter", ";"}, exitUsage, "for .csv output"},
		{"bad encoding", []string{"-o", filepath.Join(dir, "r.csv"), "-csv-encoding", "latin-9"}, exitUsage, "windows-1252"},
		{"negative n", []string{"-o", filepath.Join(dir, "r.csv"), "-n", "-1"}, exitUsage, "-n -1"},
		{"existing file", []string{"-o", existing}, exitError, "already exists"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			status := mainStatus(c.args, &stderr)
			if status != c.status || !strings.Contains(stderr.String(), c.stderr) || !strings.HasPrefix(stderr.String(), "mkroll: error: ") {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", status, stderr.String(), c.status, c.stderr)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("existing file overwritten: %q", b)
	}
	mkroll(t, "-n", "3", "-force", "-o", existing)
	if b, _ := os.ReadFile(existing); string(b) == "keep me" {
		t.Error("-force did not overwrite")
	}
	if out := mkroll(t, "-n", "3", "-force", "-o", existing); out != "mkroll: wrote "+existing+": 3 rows\n" {
		t.Errorf("stderr %q", out)
	}

	// -force replaces only what outfile replaces: never through a link
	// out of the folder; a device is written through.
	other := filepath.Join(t.TempDir(), "theirs.csv")
	os.WriteFile(other, []byte("theirs"), 0o644)
	planted := filepath.Join(dir, "planted.csv")
	os.Symlink(other, planted)
	var stderr bytes.Buffer
	if status := mainStatus([]string{"-n", "3", "-force", "-o", planted}, &stderr); status != exitError || !strings.Contains(stderr.String(), "outside its folder") {
		t.Errorf("-force through a link out of the folder: exit %d, stderr %q", status, stderr.String())
	}
	if b, _ := os.ReadFile(other); string(b) != "theirs" {
		t.Errorf("the link's target was written: %q", b)
	}
	null := filepath.Join(dir, "null.csv")
	if os.Symlink("/dev/null", null) == nil {
		mkroll(t, "-n", "3", "-force", "-o", null)
		if st, err := os.Lstat(null); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link to /dev/null was replaced")
		}
	}
}

// TestSmallRolls checks that tiny rolls work, with and without defects.
func TestSmallRolls(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 2, 5, 41, 42, 100} {
		for _, ext := range []string{"csv", "xlsx"} {
			name := filepath.Join(dir, strconv.Itoa(n)+"."+ext)
			mkroll(t, "-n", strconv.Itoa(n), "-defects", "-o", name, "-title-rows", "1")
		}
		if n >= 42 {
			log := filepath.Join(dir, strconv.Itoa(n)+".log.csv")
			mkroll(t, "-n", strconv.Itoa(n), "-defects", "-force", "-o", filepath.Join(dir, "x.csv"), "-defects-log", log)
			recs := readCSV(t, filepath.Join(dir, "x.csv"))
			if got := checkDefects(t, recs, readLog(t, log), injectedKinds); got != len(injectedKinds) {
				t.Errorf("-n %d: %d rows with defects, want %d", n, got, len(injectedKinds))
			}
		}
	}
}

// fixtures are the sample rolls in the module's testdata, for the reader's
// tests; TestFixtures checks they are what mkroll makes today.
var fixtures = []struct {
	name, log string
	args      []string
}{
	{"roll-small.xlsx", "", []string{"-n", "40", "-seed", "1"}},
	{"roll-small.csv", "", []string{"-n", "40", "-seed", "1"}},
	{"roll-defects.xlsx", "roll-defects.log.csv", []string{"-n", "300", "-seed", "2", "-defects", "-title-rows", "2"}},
	{"roll-defects-1252.csv", "", []string{"-n", "120", "-seed", "3", "-defects", "-csv-encoding", "windows-1252", "-csv-delimiter", ";"}},
}

func TestFixtures(t *testing.T) {
	const testdata = "../../testdata"
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			dir := testdata
			if !*update {
				dir = t.TempDir()
			}
			args := append(slices.Clone(f.args), "-force", "-o", filepath.Join(dir, f.name))
			if f.log != "" {
				args = append(args, "-defects-log", filepath.Join(dir, f.log))
			}
			mkroll(t, args...)
			if *update {
				return
			}
			if strings.HasSuffix(f.name, ".xlsx") {
				// Compare cells: another excelize may zip them differently.
				if got, want := readXLSX(t, filepath.Join(dir, f.name)), readXLSX(t, filepath.Join(testdata, f.name)); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("%s is out of date: run go test ./cmd/mkroll -update", f.name)
				}
			} else {
				sameFile(t, filepath.Join(dir, f.name), filepath.Join(testdata, f.name))
			}
			if f.log != "" {
				sameFile(t, filepath.Join(dir, f.log), filepath.Join(testdata, f.log))
			}
		})
	}
}

func sameFile(t *testing.T, got, want string) {
	t.Helper()
	g, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("%s is out of date: run go test ./cmd/mkroll -update", filepath.Base(want))
	}
}
