package roll

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Join dates written as text (every date in a CSV file, and dates typed as
// text in a workbook) are read as follows. A date with the month in words
// ("4 January 2019", "Jan 4, 2019") or in ISO order (2019-01-04) means what
// it says. A date of three numbers (04/01/2019, 4.1.19, 04-01-2019) may be
// day first, as in the UK, or month first, as a spreadsheet in a US locale
// saves it. The order is decided for the whole column: a date that can only
// be month first (01/15/2018) makes the column month first, and one that can
// only be day first (15/01/2018) day first; when neither kind is present
// the column is day first, the UK order. When both kinds are present the
// column means nothing reliable and is refused, with examples of each.
// Dates that can be read either way are held back until the whole column
// has been read.

// A textDate is a join date written as text, read both ways.
type textDate struct {
	dayFirst, monthFirst time.Time // zero when the text cannot be read that way
}

// onlyOneWay reports whether the date reads the same whichever order is
// used, or can only be read one way.
func (d textDate) oneReading() (time.Time, bool) {
	switch {
	case d.dayFirst.IsZero():
		return d.monthFirst, !d.monthFirst.IsZero()
	case d.monthFirst.IsZero(), d.dayFirst.Equal(d.monthFirst):
		return d.dayFirst, true
	}
	return time.Time{}, false
}

// wordDateLayouts are the layouts with the month in words or in ISO order,
// which mean one date whatever the column's order.
var wordDateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006-01-02T15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04", "2006-01-02 15:04:05",
	"2 January 2006", "2 Jan 2006", "02-Jan-06", "2-Jan-06", "02-Jan-2006", "2-Jan-2006", "2 Jan 06",
	"January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006", "Monday, 2 January 2006", "Monday, January 2, 2006",
}

// parseTextDate reads a date written as text. ok is false when it is not a
// date either way.
func parseTextDate(s string) (d textDate, ok bool) {
	if len(s) >= 10 && s[4] == '-' || strings.IndexFunc(s, unicode.IsLetter) >= 0 {
		for _, l := range wordDateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
				return textDate{t, t}, true
			}
		}
	}
	if strings.HasPrefix(s, "20") || strings.HasPrefix(s, "19") {
		if t, err := time.Parse("2006/01/02", s); err == nil {
			return textDate{t, t}, true
		}
	}
	// Three numbers: a, b and the year, separated by / - or ., with an
	// optional time of day after them (a spreadsheet's "1/15/2018 0:00").
	date, clock, _ := strings.Cut(strings.TrimSpace(s), " ")
	if clock != "" && !plausibleClock(clock) {
		return d, false
	}
	sep := strings.IndexAny(date, "/-.")
	if sep < 0 {
		return d, false
	}
	parts := strings.Split(date, date[sep:sep+1])
	if len(parts) != 3 {
		return d, false
	}
	var n [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return d, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	year := n[2]
	switch len(parts[2]) {
	case 2: // as Excel reads two-digit years: 00–29 are 2000–2029
		if year < 30 {
			year += 2000
		} else {
			year += 1900
		}
	case 4:
	default:
		return d, false
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return d, false
	}
	d.dayFirst = calendarDate(year, n[1], n[0])
	d.monthFirst = calendarDate(year, n[0], n[1])
	return d, !d.dayFirst.IsZero() || !d.monthFirst.IsZero()
}

// calendarDate is the date, or the zero time if there is no such day.
func calendarDate(year, month, day int) time.Time {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{} // 31 April, 29 February in a common year
	}
	return t
}

func plausibleClock(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "AM"), "PM")
	s = strings.TrimSpace(s)
	for _, l := range []string{"15:04", "15:04:05", "3:04", "3:04:05"} {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

// dateColumn gathers the evidence about a column's day/month order.
type dateColumn struct {
	dayFirst, monthFirst int       // dates that can only be read that way
	dayEx, monthEx       []example // the first few of each
	held                 []heldDate
	words                map[int32]heldWords
	cells                int       // workbook cells that are dates
	cellEx               []example // the first few
}

type example struct {
	row   int
	value string
}

// A heldDate is a row whose join date reads two ways, waiting for the
// column's order: 12 bytes, as a roll may hold millions.
type heldDate struct {
	row                  int32
	dayFirst, monthFirst int32 // days since 1 January 1970
}

// heldWords are what a held row's problem says, kept only for rows that
// one reading or the other would leave out.
type heldWords struct{ value, id, name string }

func epochDay(t time.Time) int32 { return int32(t.Unix() / 86400) }

func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (c *dateColumn) note(row int, value string, d textDate) {
	switch {
	case d.monthFirst.IsZero():
		c.dayFirst++
		if len(c.dayEx) < 3 {
			c.dayEx = append(c.dayEx, example{row, value})
		}
	case d.dayFirst.IsZero():
		c.monthFirst++
		if len(c.monthEx) < 3 {
			c.monthEx = append(c.monthEx, example{row, value})
		}
	}
}

// order decides the column's order: true for month first. mixed is true
// when the column holds dates that can only be read one way and others
// that can only be read the other.
func (c *dateColumn) order() (monthFirst, mixed bool) {
	return c.monthFirst > 0 && c.dayFirst == 0, c.monthFirst > 0 && c.dayFirst > 0
}

func examples(ex []example) string {
	s := make([]string, len(ex))
	for i, e := range ex {
		s[i] = fmt.Sprintf("row %d %q", e.row, e.value)
	}
	return strings.Join(s, ", ")
}

// describe says, for the summary, which order was used and why.
func (c *dateColumn) describe(heading string) string {
	monthFirst, _ := c.order()
	switch {
	case monthFirst:
		return fmt.Sprintf("join dates (column %q) were read month first (mm/dd/yyyy, as a spreadsheet in a US locale saves them), because %d can only be read that way (%s)",
			heading, c.monthFirst, examples(c.monthEx))
	case c.dayFirst > 0:
		return fmt.Sprintf("join dates (column %q) were read day first (dd/mm/yyyy), because %d can only be read that way (%s) and none only month first",
			heading, c.dayFirst, examples(c.dayEx))
	case len(c.held) > 0:
		return fmt.Sprintf("join dates (column %q) were read day first (dd/mm/yyyy), the UK order: none of them shows the order (every day is 12 or less), so check that the roll was not saved month first",
			heading)
	}
	return ""
}
