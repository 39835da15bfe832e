package roll

import (
	"regexp"
	"strings"
)

// UK postcodes: outward code (area and district) and inward code (sector and
// unit), the letters restricted as Royal Mail allocates them; GIR 0AA; and
// British Forces Post Office numbers, BFPO 1 to BFPO 9999.
var (
	ukPostcode = regexp.MustCompile(`^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$`)
	bfpo       = regexp.MustCompile(`^BFPO[0-9]{1,4}$`)
)

// normalisePostcode returns a UK postcode in its printed form (upper case,
// one space before the inward code; "BFPO 1234" for forces mail) and
// whether it is a valid one.
func normalisePostcode(s string) (string, bool) {
	compact := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\t' {
			return -1
		}
		return r
	}, s))
	switch {
	case bfpo.MatchString(compact):
		return "BFPO " + compact[4:], true
	case ukPostcode.MatchString(compact):
		return compact[:len(compact)-3] + " " + compact[len(compact)-3:], true
	}
	return s, false
}
