package xlsx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// numFormat is what a cell style's number format does to a number, parsed
// once for each style.
type numFormat struct {
	kind     fmtKind
	elapsed  bool         // fmtTime: a duration ([h], [mm], [ss]), not a time of day
	sections []intSection // fmtInteger: the sections for numbers (positive; negative; zero)
}

type fmtKind uint8

const (
	fmtGeneral fmtKind = iota // numbers as written
	fmtInteger                // an integer, zero-padded, perhaps among literal text
	fmtDate                   // a date, perhaps with a time
	fmtTime                   // a time of day or a duration, with no date
)

var generalFormat = numFormat{}

// An intSection shows a number as an integer: literal text and digit
// placeholders in order. A section that shows numbers any other way
// (decimals, thousands separators, a percentage, …) is not ok.
type intSection struct {
	parts  []fmtPart
	places int // the digit placeholders
	ok     bool
}

// A fmtPart is literal text, or a digit placeholder: '0' (a digit, or 0),
// '#' (a digit, or nothing) or '?' (a digit, or a space).
type fmtPart struct {
	lit string
	ph  byte
}

// builtinNumFormat is a built-in number format: 1 is "0"; 14–17, 22,
// 27–36 and 50–58 are dates (some depending on the locale; 22 is a date
// and time); 18–21 and 45–47 are times (46 is [h]:mm:ss); every other id,
// among them 0 (General), 2 (0.00) and 49 (@), shows numbers as written.
func builtinNumFormat(id int) numFormat {
	switch {
	case id == 1:
		return parseNumFormat("0")
	case id == 46:
		return numFormat{kind: fmtTime, elapsed: true}
	case 18 <= id && id <= 21, 45 <= id && id <= 47:
		return numFormat{kind: fmtTime}
	case 14 <= id && id <= 17, id == 22, 27 <= id && id <= 36, 50 <= id && id <= 58:
		return numFormat{kind: fmtDate}
	}
	return generalFormat
}

// A fmtToken is one element of a number format code.
type fmtToken struct {
	typ  fmtTokenType
	text string // ftLiteral: the text shown; ftDigit: the placeholder; ftMonthMinute: the m's
}

type fmtTokenType uint8

const (
	ftLiteral     fmtTokenType = iota // "text", \c, _c (a space), $ - + ( ) : and the like
	ftHidden                          // *c (a fill), [Red], [Color 10], [$-409]: nothing shown
	ftDigit                           // 0 # ?
	ftNumberOther                     // . , % E+ E- / between digits: a number shown otherwise than as an integer
	ftText                            // @
	ftGeneral                         // General
	ftCondition                       // [>100] and the like
	ftUnknown                         // a bracket this reader does not know, such as [DBNum1]
	ftDate                            // y, d, e, g, b, and m or mm as a month, mmm…
	ftHour                            // h
	ftMonthMinute                     // m or mm: a month, or minutes after h or before s
	ftSecond                          // s
	ftAMPM                            // AM/PM, A/P
	ftElapsed                         // [h], [mm], [ss]
	ftSlash                           // /: a literal, or a fraction between digits
)

// tokenizeFormat splits a number format code into its sections (at ';')
// and their tokens; false if the code is malformed (an unterminated quote
// or bracket).
func tokenizeFormat(code string) ([][]fmtToken, bool) {
	sections := [][]fmtToken{nil}
	add := func(typ fmtTokenType, text string) {
		i := len(sections) - 1
		sections[i] = append(sections[i], fmtToken{typ, text})
	}
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == ';':
			sections = append(sections, nil)
			i++
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			add(ftLiteral, code[i+1:i+1+j])
			i += j + 2
		case c == '\\' || c == '_' || c == '*':
			if i+1 >= len(code) {
				i++
				continue
			}
			_, size := utf8.DecodeRuneInString(code[i+1:])
			switch c {
			case '\\':
				add(ftLiteral, code[i+1:i+1+size])
			case '_':
				add(ftLiteral, " ")
			default:
				add(ftHidden, "")
			}
			i += 1 + size
		case c == '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return nil, false
			}
			add(bracketToken(code[i+1 : i+1+j]))
			i += j + 2
		case c == '0' || c == '#' || c == '?':
			add(ftDigit, code[i:i+1])
			i++
		case c == '.' || c == ',' || c == '%':
			add(ftNumberOther, code[i:i+1])
			i++
		case (c == 'E' || c == 'e') && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-'):
			add(ftNumberOther, code[i:i+2])
			i += 2
		case c == '/':
			add(ftSlash, "/")
			i++
		case c == '@':
			add(ftText, "@")
			i++
		case hasPrefixFold(code[i:], "general"):
			add(ftGeneral, "")
			i += len("general")
		case hasPrefixFold(code[i:], "am/pm"):
			add(ftAMPM, "")
			i += len("am/pm")
		case hasPrefixFold(code[i:], "a/p"):
			add(ftAMPM, "")
			i += len("a/p")
		default:
			switch lower(c) {
			case 'y', 'd', 'e', 'g', 'b':
				add(ftDate, "")
			case 'h':
				add(ftHour, "")
			case 's':
				add(ftSecond, "")
			case 'm':
				j := i
				for j < len(code) && lower(code[j]) == 'm' {
					j++
				}
				add(ftMonthMinute, code[i:j])
				i = j
				continue
			default:
				_, size := utf8.DecodeRuneInString(code[i:])
				add(ftLiteral, code[i:i+size])
				i += size
				continue
			}
			i++
		}
	}
	return sections, true
}

// bracketToken reads what is between [ and ].
func bracketToken(b string) (fmtTokenType, string) {
	low := strings.ToLower(b)
	switch {
	case low != "" && (strings.Trim(low, "h") == "" || strings.Trim(low, "m") == "" || strings.Trim(low, "s") == ""):
		return ftElapsed, ""
	case strings.HasPrefix(b, "$"):
		// [$€-809]: a currency symbol, then the locale; [$-409]: a locale.
		sym, _, _ := strings.Cut(b[1:], "-")
		if sym == "" {
			return ftHidden, ""
		}
		return ftLiteral, sym
	case strings.HasPrefix(b, "<") || strings.HasPrefix(b, ">") || strings.HasPrefix(b, "="):
		return ftCondition, ""
	case strings.HasPrefix(low, "color"):
		return ftHidden, ""
	}
	switch low {
	case "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow":
		return ftHidden, ""
	}
	return ftUnknown, ""
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// parseNumFormat reads a custom number format code. The first section, the
// one positive numbers use, decides what the format is:
//   - a date if it has a d, y, e, g or b code, or an m that is a month: not
//     just after an h or [h], nor just before an s (then it is minutes);
//   - else a time if it has an h, s, [h], [mm], [ss] or AM/PM;
//   - else a zero-padded integer if it shows an integer (digit placeholders
//     0, # and ?, no decimal point, thousands separator, percentage,
//     exponent or fraction), with at least one 0, among any literal text;
//   - else General: numbers as written.
//
// Colours, locales and fills show nothing; a currency bracket [$€-809]
// shows its symbol; a format with conditions ([>100]) is General.
func parseNumFormat(code string) numFormat {
	sections, ok := tokenizeFormat(code)
	if !ok || len(code) > 255 { // Excel's longest
		return generalFormat
	}
	for i, sec := range sections {
		sections[i] = yearsNotExponents(sec)
		resolveMinutes(sections[i])
	}
	var hasDate, hasTime, elapsed bool
	for _, t := range sections[0] {
		switch t.typ {
		case ftDate:
			hasDate = true
		case ftHour, ftSecond, ftAMPM:
			hasTime = true
		case ftElapsed:
			hasTime, elapsed = true, true
		case ftMonthMinute:
			if t.text == "" { // minutes
				hasTime = true
			} else {
				hasDate = true
			}
		}
	}
	switch {
	case hasDate:
		return numFormat{kind: fmtDate}
	case hasTime:
		return numFormat{kind: fmtTime, elapsed: elapsed}
	}
	// The sections for numbers are those before the text section (the
	// one with @), three at most.
	var secs []intSection
	for _, sec := range sections {
		if len(secs) == 3 || hasToken(sec, ftText) {
			break
		}
		if hasToken(sec, ftCondition) {
			return generalFormat
		}
		secs = append(secs, intSectionOf(sec))
	}
	if len(secs) == 0 || !secs[0].ok || !hasZero(sections[0]) {
		return generalFormat
	}
	return numFormat{kind: fmtInteger, sections: secs}
}

// yearsNotExponents reads E+ and E- as a year and a literal sign in a
// section without digit placeholders, where they cannot be an exponent.
func yearsNotExponents(sec []fmtToken) []fmtToken {
	if hasToken(sec, ftDigit) {
		return sec
	}
	var out []fmtToken
	for _, t := range sec {
		if t.typ == ftNumberOther && len(t.text) == 2 {
			out = append(out, fmtToken{ftDate, ""}, fmtToken{ftLiteral, t.text[1:]})
			continue
		}
		out = append(out, t)
	}
	return out
}

// resolveMinutes marks the m codes of a section that are minutes (text
// ""): m or mm just after an h (or [h], [m], [s]) code, or just before an
// s code, literals between them aside. mmm, mmmm and mmmmm are months.
func resolveMinutes(sec []fmtToken) {
	for i, t := range sec {
		if t.typ != ftMonthMinute || len(t.text) > 2 {
			continue
		}
		minutes := false
		for j := i - 1; j >= 0; j-- {
			if isDateTimeCode(sec[j].typ) {
				minutes = sec[j].typ == ftHour || sec[j].typ == ftElapsed
				break
			}
		}
		for j := i + 1; j < len(sec) && !minutes; j++ {
			if isDateTimeCode(sec[j].typ) {
				minutes = sec[j].typ == ftSecond
				break
			}
		}
		if minutes {
			sec[i].text = ""
		}
	}
}

func isDateTimeCode(t fmtTokenType) bool {
	switch t {
	case ftDate, ftHour, ftMonthMinute, ftSecond, ftElapsed, ftAMPM:
		return true
	}
	return false
}

func hasToken(sec []fmtToken, typ fmtTokenType) bool {
	for _, t := range sec {
		if t.typ == typ {
			return true
		}
	}
	return false
}

func hasZero(sec []fmtToken) bool {
	for _, t := range sec {
		if t.typ == ftDigit && t.text == "0" {
			return true
		}
	}
	return false
}

// intSectionOf makes a section into literal text and digit placeholders, if
// it shows an integer.
func intSectionOf(sec []fmtToken) intSection {
	var s intSection
	for _, t := range sec {
		switch t.typ {
		case ftLiteral:
			if n := len(s.parts); n > 0 && s.parts[n-1].ph == 0 {
				s.parts[n-1].lit += t.text
			} else {
				s.parts = append(s.parts, fmtPart{lit: t.text})
			}
		case ftSlash:
			s.parts = append(s.parts, fmtPart{lit: "/"})
		case ftHidden:
		case ftDigit:
			s.parts = append(s.parts, fmtPart{ph: t.text[0]})
			s.places++
		default:
			return intSection{}
		}
	}
	if s.places > 0 && hasToken(sec, ftSlash) { // a fraction
		return intSection{}
	}
	s.ok = true
	return s
}

// appendValue appends the text of a number cell whose value is v, as this
// format shows it, and says what the cell is:
//   - a date: 2006-01-02 (a time of day is dropped, after rounding to the
//     second), for a serial that is a day Excel shows;
//   - a time: 15:04:05, or for a duration ([h]) the hours, minutes and
//     seconds, 36:00:00;
//   - a zero-padded integer: as Excel shows it, literal text and all;
//   - any other number, and a number the format cannot show: as written;
//   - a value that is not a number at all: text, as written.
func (f *numFormat) appendValue(dst, v []byte, date1904 bool) ([]byte, Kind) {
	v = bytes.TrimSpace(v)
	x, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return append(dst, v...), Text
	}
	switch f.kind {
	case fmtInteger:
		if out, ok := f.appendInteger(dst, x); ok {
			return out, Number
		}
	case fmtDate:
		t, ok := serialDate(x, date1904)
		if !ok {
			break
		}
		if t.IsZero() { // Excel's 29 February 1900
			return append(dst, "1900-02-29"...), Date
		}
		return t.AppendFormat(dst, "2006-01-02"), Date
	case fmtTime:
		if x < 0 || x >= 1e9 {
			return append(dst, v...), Time
		}
		secs := int64(math.Round(x * 86400))
		if !f.elapsed {
			secs %= 86400
		}
		h, m, s := secs/3600, secs/60%60, secs%60
		if h < 10 {
			dst = append(dst, '0')
		}
		dst = strconv.AppendInt(dst, h, 10)
		dst = append(dst, ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
		return dst, Time
	}
	return append(dst, v...), Number
}

// appendInteger shows x rounded to an integer under the section that its
// sign picks: with one section, every number, negatives after a minus
// sign; with two, the second is for negative numbers; with three, the
// third is for zero. False if the section does not show an integer, or x
// is too large to be shown exactly.
func (f *numFormat) appendInteger(dst []byte, x float64) ([]byte, bool) {
	sec, minus := &f.sections[0], false
	switch {
	case x < 0 && len(f.sections) >= 2:
		sec = &f.sections[1]
	case x < 0:
		minus = true
	case x == 0 && len(f.sections) >= 3:
		sec = &f.sections[2]
	}
	r := math.Round(math.Abs(x)) // half away from zero, as Excel rounds
	if !sec.ok || r >= 1e15 {
		return dst, false
	}
	var digits []byte
	if r > 0 {
		digits = strconv.AppendInt(make([]byte, 0, 16), int64(r), 10)
	}
	if minus && r > 0 { // Excel shows -0.2 as 0 under "0", not -0
		dst = append(dst, '-')
	}
	k := 0 // placeholders done
	for _, p := range sec.parts {
		if p.ph == 0 {
			dst = append(dst, p.lit...)
			continue
		}
		// Digits fill the placeholders from the right; the first one
		// takes any digits beyond them.
		j := len(digits) - sec.places + k
		switch {
		case k == 0 && j > 0:
			dst = append(dst, digits[:j+1]...)
		case j >= 0:
			dst = append(dst, digits[j])
		case p.ph == '0':
			dst = append(dst, '0')
		case p.ph == '?':
			dst = append(dst, ' ')
		}
		k++
	}
	return dst, true
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC) // so that serial 61 is 1 March 1900
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialDate returns the day of a spreadsheet serial number, its time of
// day rounded to the second and then dropped. In the 1900 system serial 60
// is Excel's 29 February 1900, a day that never was: it returns the zero
// time for it. Serials before 1 (1900 system) or 0 (1904), and after 31
// December 9999, are not dates Excel shows.
func serialDate(x float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(x) || x < 0 || x >= 2958466 {
		return time.Time{}, false
	}
	days := int(math.Floor(math.Round(x*86400) / 86400))
	var t time.Time
	switch {
	case date1904:
		t = epoch1904.AddDate(0, 0, days)
	case days < 1:
		return time.Time{}, false
	case days < 60: // before Excel's 29 February 1900
		t = epoch1900.AddDate(0, 0, days+1)
	case days == 60:
		return time.Time{}, true
	default:
		t = epoch1900.AddDate(0, 0, days)
	}
	if t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// parseISODate reads the value of a t="d" cell: an ISO 8601 date, perhaps
// with a time.
func parseISODate(v []byte) (time.Time, bool) {
	s := string(bytes.TrimSpace(v))
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseCellColumn reads the column (0 = A) of a cell reference such as
// "B7".
func parseCellColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3; i++ { // XFD is the last column
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	digits := ref[i:]
	if i == 0 || len(digits) == 0 || len(digits) > 7 || digits[0] == '0' {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col - 1, true
}

// colName is the name of column col (0 = A).
func colName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// appendBSTR appends b with the _xHHHH_ escapes that Excel writes for
// characters XML cannot hold undone (_x005F_ is a literal underscore), as
// excelize undoes them.
func appendBSTR(dst, b []byte) []byte {
	if bytes.Index(b, []byte("_x")) < 0 {
		return append(dst, b...)
	}
	for {
		i := bytes.Index(b, []byte("_x"))
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		if len(b) >= 7 && b[6] == '_' {
			if r, ok := hex4(b[2:6]); ok {
				if utf8.ValidRune(r) {
					dst = utf8.AppendRune(dst, r)
				}
				b = b[7:]
				continue
			}
		}
		dst = append(dst, '_')
		b = b[1:]
	}
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
