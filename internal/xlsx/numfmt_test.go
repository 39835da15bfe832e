package xlsx

import (
	"math"
	"strconv"
	"testing"
	"unicode/utf8"
)

func TestSerialDate(t *testing.T) {
	for _, tc := range []struct {
		x        float64
		date1904 bool
		want     string // "" for none
	}{
		{1, false, "1900-01-01"}, {59, false, "1900-02-28"}, {60, false, "1900-02-29"}, {61, false, "1900-03-01"},
		{42097, false, "2015-04-03"}, {42097.5, false, "2015-04-03"}, {42097.999999, false, "2015-04-04"},
		{2958465, false, "9999-12-31"}, {2958466, false, ""}, {0, false, ""}, {0.5, false, ""}, {-1, false, ""},
		{math.NaN(), false, ""}, {math.Inf(1), false, ""},
		{0, true, "1904-01-01"}, {60, true, "1904-03-01"}, {40635, true, "2015-04-03"}, {2957003, true, "9999-12-31"}, {2957004, true, ""},
	} {
		f := numFormat{kind: fmtDate}
		got, kind := f.appendValue(nil, []byte(strconv.FormatFloat(tc.x, 'g', -1, 64)), tc.date1904)
		if kind != Date {
			got = nil
		}
		if string(got) != tc.want {
			t.Errorf("serial %v (1904 %v): %q, want %q", tc.x, tc.date1904, got, tc.want)
		}
	}
}

// TestNumFormat shows numbers under format codes as the reader shows them.
func TestNumFormat(t *testing.T) {
	type shown struct {
		v    string
		want string
	}
	for _, tc := range []struct {
		code  string
		kind  fmtKind
		cases []shown // value, and what is shown
	}{
		// Zero padding, alone and with other sections.
		{"0000000", fmtInteger, []shown{{"12345", "0012345"}, {"123456789", "123456789"}, {"12.5", "0000013"}, {"-5", "-0000005"}, {"-0.2", "0000000"}, {"0", "0000000"}, {"1E+20", "1E+20"}}},
		{"0", fmtInteger, []shown{{"7", "7"}, {"7.5", "8"}, {"-7.5", "-8"}, {"0", "0"}, {"1234567890123456", "1234567890123456"}}},
		{"00000;@", fmtInteger, []shown{{"45", "00045"}, {"-45", "-00045"}}},
		{"000000;-000000", fmtInteger, []shown{{"45", "000045"}, {"-45", "-000045"}}},
		{"000000;(000000);\"none\"", fmtInteger, []shown{{"45", "000045"}, {"-45", "(000045)"}, {"0", "none"}}},
		{"0000;0.00", fmtInteger, []shown{{"45", "0045"}, {"-4.5", "-4.5"}}}, // a negative section that is not an integer: as written
		{"[Red]0000;[Blue]-0000", fmtInteger, []shown{{"45", "0045"}, {"-45", "-0045"}}},
		// Literals around the digits: what Excel shows.
		{`"M"00000`, fmtInteger, []shown{{"45", "M00045"}, {"-45", "-M00045"}}},
		{`\M00000`, fmtInteger, []shown{{"45", "M00045"}}},
		{`0000" members"`, fmtInteger, []shown{{"45", "0045 members"}}},
		{"000-000", fmtInteger, []shown{{"1234", "001-234"}, {"1234567", "1234-567"}}},
		{"#0000", fmtInteger, []shown{{"45", "0045"}, {"123456", "123456"}}},
		{"???00", fmtInteger, []shown{{"45", "   45"}}},
		{`[$€-809]0000`, fmtInteger, []shown{{"45", "€0045"}}},
		{`[$-409]0000_)`, fmtInteger, []shown{{"45", "0045 "}}},
		{`*-0000`, fmtInteger, []shown{{"45", "0045"}}},
		{`"Day "0`, fmtInteger, []shown{{"5", "Day 5"}}},
		// Numbers shown otherwise than as integers: as written.
		{"General", fmtGeneral, []shown{{"1.5", "1.5"}, {"1.23456789012346E+15", "1.23456789012346E+15"}}},
		{"0.00", fmtGeneral, []shown{{"1.5", "1.5"}}},
		{"#,##0", fmtGeneral, []shown{{"1234", "1234"}}},
		{"0%", fmtGeneral, []shown{{"0.5", "0.5"}}},
		{"0.00E+00", fmtGeneral, []shown{{"12345", "12345"}}},
		{"# ?/?", fmtGeneral, []shown{{"1.5", "1.5"}}},
		{"0/0", fmtGeneral, nil},
		{"_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", fmtGeneral, nil},
		{"[>100]0000;0", fmtGeneral, []shown{{"45", "45"}}},
		{"#", fmtGeneral, []shown{{"45", "45"}}}, // no zero: no padding
		{"@", fmtGeneral, []shown{{"45", "45"}}},
		{"", fmtGeneral, nil},
		{`"unterminated`, fmtGeneral, nil},
		{`[Red`, fmtGeneral, nil},
		{"[DBNum1]0000", fmtGeneral, nil},
		// Dates: d, y, or an m that is not minutes.
		{"dd/mm/yyyy", fmtDate, []shown{{"42097", "2015-04-03"}, {"42097.75", "2015-04-03"}, {"-1", "-1"}}},
		{"d mmm yyyy", fmtDate, nil},
		{"DD/MM/YYYY", fmtDate, nil},
		{"[$-F800]dddd, mmmm dd, yyyy", fmtDate, nil},
		{"[$-809]d mmm yyyy;@", fmtDate, nil},
		{"yyyy-mm-dd hh:mm", fmtDate, []shown{{"42097.5", "2015-04-03"}}},
		{"mmm-yy", fmtDate, nil},
		{"mm", fmtDate, nil},
		{"mmmm", fmtDate, nil},
		{"e", fmtDate, nil},
		{"e-mm", fmtDate, nil},    // no digits before it: e is the year, not an exponent
		{`"d"0`, fmtInteger, nil}, // a quoted d is not a date
		{`\d0`, fmtInteger, []shown{{"5", "d5"}}},
		// Times: never dates.
		{"h:mm", fmtTime, []shown{{"0.5", "12:00:00"}, {"42097.75", "18:00:00"}, {"0.999999", "00:00:00"}, {"-0.5", "-0.5"}}},
		{"h:mm AM/PM", fmtTime, []shown{{"0.25", "06:00:00"}}},
		{"hh:mm:ss", fmtTime, nil},
		{"mm:ss", fmtTime, []shown{{"0.000694444444444444", "00:01:00"}}},
		{"mm:ss.0", fmtTime, nil},
		{"[h]:mm", fmtTime, []shown{{"1.5", "36:00:00"}, {"0.5", "12:00:00"}}},
		{"[mm]:ss", fmtTime, []shown{{"1.5", "36:00:00"}}},
		{"[ss]", fmtTime, nil},
		{"h", fmtTime, nil},
		{"A/P", fmtTime, nil},
		{"m:ss", fmtTime, nil},
		{"h \"h\" m", fmtTime, nil}, // m after h, a literal between
	} {
		f := parseNumFormat(tc.code)
		if f.kind != tc.kind {
			t.Errorf("%q: kind %d, want %d", tc.code, f.kind, tc.kind)
			continue
		}
		for _, c := range tc.cases {
			got, _ := f.appendValue(nil, []byte(c.v), false)
			if string(got) != c.want {
				t.Errorf("%q: %s shown as %q, want %q", tc.code, c.v, got, c.want)
			}
		}
	}
}

func TestNumFormatKinds(t *testing.T) {
	for _, tc := range []struct {
		code string
		v    string
		want Kind
	}{
		{"General", "1.5", Number},
		{"General", "abc", Text}, // not a number at all
		{"General", "NaN", Text},
		{"0000", "45", Number},
		{"dd/mm/yyyy", "42097", Date},
		{"dd/mm/yyyy", "-1", Number}, // no day Excel shows
		{"h:mm", "0.5", Time},
		{"[h]:mm", "-1", Time},
	} {
		f := parseNumFormat(tc.code)
		if _, got := f.appendValue(nil, []byte(tc.v), false); got != tc.want {
			t.Errorf("%q %s: %v, want %v", tc.code, tc.v, got, tc.want)
		}
	}
}

func TestBuiltinNumFormat(t *testing.T) {
	want := map[int]fmtKind{1: fmtInteger, 22: fmtDate, 46: fmtTime}
	for id := 14; id <= 17; id++ {
		want[id] = fmtDate
	}
	for id := 27; id <= 36; id++ {
		want[id] = fmtDate
	}
	for id := 50; id <= 58; id++ {
		want[id] = fmtDate
	}
	for _, id := range []int{18, 19, 20, 21, 45, 47} {
		want[id] = fmtTime
	}
	for id := range 200 {
		if got := builtinNumFormat(id).kind; got != want[id] {
			t.Errorf("built-in format %d: kind %d, want %d", id, got, want[id])
		}
	}
	if f := builtinNumFormat(46); !f.elapsed {
		t.Error("format 46 ([h]:mm:ss) is not a duration")
	}
	if f := builtinNumFormat(1); string(first(f.appendValue(nil, []byte("12.5"), false))) != "13" {
		t.Error("format 1: 12.5 not shown as 13")
	}
}

func first[A, B any](a A, _ B) A { return a }

// FuzzNumFormat feeds any format code and value to the parser: it must not
// panic, and a format's kind must agree with what it makes of a value.
func FuzzNumFormat(f *testing.F) {
	for _, code := range []string{"0000000", `"M"00000;-0;"zero";@`, `\[Color10]0`, "[h]:mm", "dd/mm/yyyy", `[$€-809]#,##0.00`, `"unterminated`, "[", "0;0;0;0;0"} {
		f.Add(code, "45")
	}
	f.Fuzz(func(t *testing.T, code, v string) {
		nf := parseNumFormat(code)
		text, kind := nf.appendValue(nil, []byte(v), false)
		switch {
		case kind == Date && nf.kind != fmtDate, kind == Time && nf.kind != fmtTime:
			t.Fatalf("%q: %v under a format of kind %d", code, kind, nf.kind)
		case kind == Date && len(text) != len("2006-01-02"):
			t.Fatalf("%q %q: date %q", code, v, text)
		case !utf8.Valid(text) && utf8.ValidString(code) && utf8.ValidString(v):
			t.Fatalf("%q %q: %q is not UTF-8", code, v, text)
		}
	})
}
