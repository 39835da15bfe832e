package roll

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseTextDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		s                    string
		dayFirst, monthFirst time.Time
	}{
		{"2015-04-03", day(2015, 4, 3), day(2015, 4, 3)},
		{"3 April 2015", day(2015, 4, 3), day(2015, 4, 3)},
		{"Apr 3, 2015", day(2015, 4, 3), day(2015, 4, 3)},
		{"03-Apr-15", day(2015, 4, 3), day(2015, 4, 3)},
		{"03/04/2015", day(2015, 4, 3), day(2015, 3, 4)},
		{"3.4.15", day(2015, 4, 3), day(2015, 3, 4)},
		{"15/01/2018", day(2018, 1, 15), time.Time{}},
		{"01/15/2018", time.Time{}, day(2018, 1, 15)},
		{"1/15/2018 0:00", time.Time{}, day(2018, 1, 15)},
		{"4/4/2019", day(2019, 4, 4), day(2019, 4, 4)},
		{"29/02/2019", time.Time{}, time.Time{}},
		{"02/29/2020", time.Time{}, day(2020, 2, 29)},
		{"01/01/29", day(2029, 1, 1), day(2029, 1, 1)},
		{"01/01/30", day(1930, 1, 1), day(1930, 1, 1)},
	} {
		d, ok := parseTextDate(tc.s)
		if want := !tc.dayFirst.IsZero() || !tc.monthFirst.IsZero(); ok != want || !d.dayFirst.Equal(tc.dayFirst) || !d.monthFirst.Equal(tc.monthFirst) {
			t.Errorf("%q: %v %v %v, want %v %v", tc.s, d.dayFirst, d.monthFirst, ok, tc.dayFirst, tc.monthFirst)
		}
	}
	for _, s := range []string{"", "yesterday", "2027", "42097", "13/13/2013", "-5", "1/2", "1/2/3/4", "1/2/123", "01/02/2019 lunch", "123/1/2019"} {
		if d, ok := parseTextDate(s); ok {
			t.Errorf("%q read as %v", s, d)
		}
	}
}

// joinedRoll is a CSV roll whose members joined on the dates given, one
// member a date, numbered 1001, 1002, ….
func joinedRoll(dates ...string) string {
	var b strings.Builder
	b.WriteString(header)
	for i, d := range dates {
		fmt.Fprintf(&b, "%d,Mr,A,Smith%d,%d Road,,Leeds,,LS1 1AA,,,%s,,\n", 1001+i, i, i+1, d)
	}
	return b.String()
}

func TestDateOrderPerColumn(t *testing.T) {
	cut := Options{JoinedBefore: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)}
	// A US-locale save: 01/15/2018 can only be month first, so 04/01/2019
	// is 1 April, after the cut.
	res := readCSV(t, joinedRoll("01/15/2018", "04/01/2019", "02/01/2019"), cut)
	if res.DateOrder != "month first" || res.Excluded != 1 || len(res.Members) != 2 {
		t.Fatalf("order %q, excluded %d, members %d: %v", res.DateOrder, res.Excluded, len(res.Members), res.Problems)
	}
	if p := res.Problems[0]; p.Row != 3 || p.Kind != "joined too late" || p.MemberID != "1002" || p.Name != "Mr A Smith1" {
		t.Errorf("%+v", p)
	}
	if m := res.Members[1]; !m.Joined.Equal(time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("02/01/2019 month first: %v", m.Joined)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), `month first (mm/dd/yyyy, as a spreadsheet in a US locale saves them), because 1 can only be read that way (row 2 "01/15/2018")`) {
		t.Errorf("notes %q", res.Notes)
	}
	// A UK roll: 15/01/2018 decides day first; 04/01/2019 is 4 January.
	res = readCSV(t, joinedRoll("15/01/2018", "04/01/2019"), cut)
	if res.DateOrder != "day first" || res.Excluded != 0 || !res.Members[1].Joined.Equal(time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("order %q, excluded %d: %v %v", res.DateOrder, res.Excluded, res.Members, res.Problems)
	}
	// Nothing decides: day first, and the note says to check.
	res = readCSV(t, joinedRoll("04/01/2019", "2018-05-06"), cut)
	if res.DateOrder != "day first" || !strings.Contains(strings.Join(res.Notes, "\n"), "none of them shows the order") {
		t.Errorf("order %q, notes %q", res.DateOrder, res.Notes)
	}
	// Both orders in one column: refused, with an example of each.
	_, err := ReadFile(writeFile(t, "roll.csv", joinedRoll("15/01/2018", "01/15/2018", "04/01/2019")), cut)
	if !errors.Is(err, ErrDateOrder) || !strings.Contains(err.Error(), `day first (row 2 "15/01/2018") and month first (row 3 "01/15/2018")`) {
		t.Errorf("mixed orders: %v", err)
	}
	// Without a join-date rule, the same column is a note, not an error.
	res = readCSV(t, joinedRoll("15/01/2018", "01/15/2018"), Options{})
	if len(res.Members) != 2 || !strings.Contains(strings.Join(res.Notes, "\n"), "they were ignored") {
		t.Errorf("members %d, notes %q", len(res.Members), res.Notes)
	}
	// A number is not a date, even a year.
	res = readCSV(t, joinedRoll("2027"), cut)
	if res.Rejected != 1 || res.Problems[0].Kind != "invalid date" {
		t.Errorf("2027: %v", res.Problems)
	}
}
