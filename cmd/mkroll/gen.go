package main

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Streams of the PCG generator, one per purpose, so that turning on
// -defects leaves the clean rows as they were.
const (
	streamRows    = 0x6d6b726f6c6c0001 // "mkroll" 1
	streamDefects = 0x6d6b726f6c6c0002
)

// A numKind says how a membership number is stored in an xlsx cell.
type numKind uint8

const (
	numText    numKind = iota // a string cell
	numPadded                 // a number cell formatted "0000000", as CRMs write them
	numMangled                // a number cell: what Excel made of a long number
)

// An addrKind says where a member lives.
type addrKind uint8

const (
	addrUK addrKind = iota
	addrOverseas
	addrBFPO
)

// address is everything about where a member lives.
type address struct {
	kind     addrKind
	lines    [3]string
	town     string
	county   string
	postcode string
	country  string
}

// A row is one member of the roll.
type row struct {
	number   string
	numKind  numKind
	title    string
	forename string
	surname  string
	address
	email      string
	joined     time.Time
	status     string
	largePrint string
}

var (
	earliestJoin = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	latestJoin   = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
)

// A generator makes clean rows, all different where a roll needs them to
// be: membership numbers, emails, and name with postcode.
type generator struct {
	r         *rand.Rand
	districts [][]string // of postAreas, by index
	cumWeight []int      // running total of postAreas' weights
	numbers   map[int32]struct{}
	emails    map[string]struct{}
	people    map[string]struct{} // forename, surname and postcode
	recent    []household         // to share an address with a new member
}

// A household is an address and the surname of who lives there.
type household struct {
	address
	surname string
}

func newGenerator(seed uint64) *generator {
	g := &generator{
		r:       rand.New(rand.NewPCG(seed, streamRows)),
		numbers: make(map[int32]struct{}),
		emails:  make(map[string]struct{}),
		people:  make(map[string]struct{}),
	}
	total := 0
	for _, a := range postAreas {
		g.districts = append(g.districts, expandDistricts(a.districts))
		total += a.weight
		g.cumWeight = append(g.cumWeight, total)
	}
	return g
}

// pick returns a uniformly chosen element of list.
func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// pickSkewed favours the front of list: the first of 200 names comes up
// about 1.7% of the time, the last about 0.4%.
func pickSkewed(r *rand.Rand, list []string) string {
	i := int(float64(len(list)) * math.Pow(r.Float64(), 1.3))
	return list[min(i, len(list)-1)]
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func (g *generator) next() row {
	r := g.r
	var m row

	// Membership number: 7 digits, unique, about 10% below 1,000,000.
	for {
		var n int32
		if chance(r, 0.10) {
			n = 1 + r.Int32N(999_999)
		} else {
			n = 1_000_000 + r.Int32N(9_000_000)
		}
		if _, dup := g.numbers[n]; !dup {
			g.numbers[n] = struct{}{}
			m.number = fmt.Sprintf("%07d", n)
			if n < 1_000_000 && chance(r, 0.5) {
				m.numKind = numPadded
			}
			break
		}
	}

	var female, male bool
	switch u := r.Float64(); {
	case u < 0.51:
		female = true
	case u < 0.995:
		male = true
	}
	m.title = pickTitle(r, female, male)
	m.forename, m.surname = pickName(r, female, male)

	switch u := r.Float64(); {
	case u < 0.001:
		m.address = bfpoAddress(r)
	case u < 0.011:
		m.address, _ = overseasAddress(r, true)
	case u < 0.04 && len(g.recent) >= 32:
		// Another member of a household already on the roll. Taking the
		// address out of the pool keeps most households to two members.
		j := r.IntN(len(g.recent))
		h := g.recent[j]
		g.recent[j] = g.recent[len(g.recent)-1]
		g.recent = g.recent[:len(g.recent)-1]
		m.address = h.address
		if chance(r, 0.7) {
			m.surname = h.surname
		}
	default:
		m.address = g.ukAddress(r)
		g.remember(household{m.address, m.surname})
	}

	// The same name at the same postcode is a defect; a clean roll has none.
	for i := 0; m.kind == addrUK; i++ {
		key := m.forename + "\x00" + m.surname + "\x00" + normalPostcode(m.postcode)
		if _, dup := g.people[key]; !dup {
			g.people[key] = struct{}{}
			break
		}
		if i >= 20 {
			m.address = g.ukAddress(r)
			continue
		}
		m.forename, _ = pickName(r, female, male)
	}

	if chance(r, 0.88) {
		m.email = g.email(r, m.forename, m.surname)
	}
	m.joined = joinDate(r)
	switch u := r.Float64(); {
	case u < 0.03:
		m.status = "Lapsed"
	case u < 0.033:
		m.status = "Suspended"
	default:
		m.status = "Active"
	}
	if chance(r, 0.01) {
		m.largePrint = "Yes"
	}
	return m
}

// remember keeps h for a later member of the same household.
func (g *generator) remember(h household) {
	const keep = 512
	if len(g.recent) < keep {
		g.recent = append(g.recent, h)
		return
	}
	g.recent[g.r.IntN(keep)] = h
}

func pickTitle(r *rand.Rand, female, male bool) string {
	u := r.Float64()
	switch {
	case male:
		switch {
		case u < 0.78:
			return "Mr"
		case u < 0.82:
			return "Dr"
		case u < 0.825:
			return "Mx"
		}
	case female:
		switch {
		case u < 0.35:
			return "Mrs"
		case u < 0.60:
			return "Ms"
		case u < 0.78:
			return "Miss"
		case u < 0.82:
			return "Dr"
		case u < 0.825:
			return "Mx"
		}
	default:
		switch {
		case u < 0.6:
			return "Mx"
		case u < 0.7:
			return "Dr"
		}
	}
	return ""
}

// pickName returns a forename and surname. About 5% have a letter beyond
// ASCII, in the forename, the surname or both.
func pickName(r *rand.Rand, female, male bool) (forename, surname string) {
	forenames := func() []string {
		switch {
		case female:
			return femaleForenames
		case male:
			return maleForenames
		case chance(r, 0.5):
			return femaleForenames
		}
		return maleForenames
	}
	if !chance(r, 0.05) {
		return pickSkewed(r, forenames()), pickSkewed(r, surnames)
	}
	g := accentedNames[r.IntN(len(accentedNames))]
	groupForenames := g.male
	if female || (!male && chance(r, 0.5)) {
		groupForenames = g.female
	}
	for {
		switch u := r.Float64(); {
		case u < 0.5:
			forename, surname = pick(r, groupForenames), pick(r, g.surnames)
		case u < 0.8:
			forename, surname = pick(r, groupForenames), pickSkewed(r, surnames)
		default:
			forename, surname = pickSkewed(r, forenames()), pick(r, g.surnames)
		}
		if !isASCII(forename) || !isASCII(surname) {
			return forename, surname
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// pickArea chooses a postcode area, weighted by population.
func (g *generator) pickArea(r *rand.Rand) int {
	x := r.IntN(g.cumWeight[len(g.cumWeight)-1])
	return sort.SearchInts(g.cumWeight, x+1)
}

// ukAddress makes an address in a random postcode area.
func (g *generator) ukAddress(r *rand.Rand) address {
	i := g.pickArea(r)
	a := &postAreas[i]
	pc := a.code + pick(r, g.districts[i]) + " " + strconv.Itoa(r.IntN(10)) +
		string(inwardLetters[r.IntN(len(inwardLetters))]) + string(inwardLetters[r.IntN(len(inwardLetters))])
	switch u := r.Float64(); {
	case u < 0.1:
		pc = strings.ToLower(pc)
	case u < 0.2:
		pc = strings.ReplaceAll(pc, " ", "")
	}
	ad := address{kind: addrUK, postcode: pc, town: a.town, country: pick(r, ukCountry)}
	if chance(r, 0.55) {
		ad.county = a.county
	}
	ad.lines = streetLines(r, a)
	return ad
}

// streetLines makes the address lines above the town.
func streetLines(r *rand.Rand, a *postArea) [3]string {
	streets := streetsEngland
	switch {
	case a.region == wales && chance(r, 0.4):
		streets = streetsWales
	case a.region == scotland && chance(r, 0.5):
		streets = streetsScotland
	case a.region == northernIreland && chance(r, 0.5):
		streets = streetsNI
	}
	street := pick(r, streets)
	num := strconv.Itoa(1 + int(180*math.Pow(r.Float64(), 2)))
	locality := func(p float64) string {
		if len(a.localities) == 0 || !chance(r, p) {
			return ""
		}
		return pick(r, a.localities)
	}
	flat := func() string {
		if a.region == scotland && chance(r, 0.5) {
			// Glasgow and Edinburgh tenements: floor/flat.
			return fmt.Sprintf("Flat %d/%d", r.IntN(4), 1+r.IntN(3))
		}
		if chance(r, 0.15) {
			return "Flat " + string(rune('A'+r.IntN(6)))
		}
		return "Flat " + strconv.Itoa(1+r.IntN(24))
	}
	switch u := r.Float64(); {
	case u < 0.60:
		return [3]string{num + " " + street, locality(0.25)}
	case u < 0.70:
		return [3]string{flat() + ", " + num + " " + street, locality(0.2)}
	case u < 0.76:
		return [3]string{flat() + ", " + pick(r, buildingNames), num + " " + street, locality(0.35)}
	case u < 0.84:
		return [3]string{pick(r, houseNames), street, locality(0.2)}
	case u < 0.90:
		return [3]string{num + string(rune('A'+r.IntN(3))) + " " + street, locality(0.2)}
	case u < 0.94:
		return [3]string{fmt.Sprintf("Apartment %d, %s", 1+r.IntN(120), pick(r, buildingNames)), num + " " + street}
	}
	return [3]string{num + " " + street}
}

// overseasAddress makes an address abroad, written either with the town
// and postcode in their columns or as one line, as the member typed it.
func overseasAddress(r *rand.Rand, withCountry bool) (ad address, countryName string) {
	c := &overseas[r.IntN(len(overseas))]
	p := c.places[r.IntN(len(c.places))]
	ad.kind = addrOverseas
	ad.lines[0] = pick(r, c.streets)
	if withCountry {
		ad.country = c.names[0]
		if len(c.names) > 1 && chance(r, 0.3) {
			ad.country = c.names[1+r.IntN(len(c.names)-1)]
		}
	}
	if chance(r, 0.5) {
		ad.town, ad.county, ad.postcode = p.town, p.state, p.postcode
		return ad, c.names[0]
	}
	ad.lines[1] = strings.TrimSpace(strings.NewReplacer("{p}", p.postcode, "{t}", p.town, "{s}", p.state).Replace(c.line))
	return ad, c.names[0]
}

func bfpoAddress(r *rand.Rand) address {
	n := strconv.Itoa(1 + r.IntN(2000))
	return address{
		kind:     addrBFPO,
		lines:    [3]string{fmt.Sprintf("Unit %d", 1000+r.IntN(9000))},
		town:     "BFPO",
		postcode: "BFPO " + n,
	}
}

// joinDate favours recent years: membership grows.
func joinDate(r *rand.Rand) time.Time {
	days := int(latestJoin.Sub(earliestJoin).Hours() / 24)
	return earliestJoin.AddDate(0, 0, int(float64(days+1)*math.Sqrt(r.Float64())))
}

var emailDomains = []string{"example.org", "example.org", "example.com", "example.com", "example.net"}

// email makes an address not yet used, from the member's name folded to
// ASCII.
func (g *generator) email(r *rand.Rand, forename, surname string) string {
	f, s := cmp.Or(asciiFold(forename), "member"), cmp.Or(asciiFold(surname), "member")
	for try := 0; ; try++ {
		n := strconv.Itoa(1 + r.IntN(999))
		if try > 5 {
			n = strconv.Itoa(1000 + r.IntN(900000))
		}
		var local string
		switch u := r.Float64(); {
		case u < 0.40:
			local = f + "." + s + n
		case u < 0.50:
			local = f + "." + s
		case u < 0.65:
			local = f[:1] + "." + s + n
		case u < 0.75:
			local = f + "_" + s + n
		case u < 0.85:
			local = f + s + strconv.Itoa(1940+r.IntN(70))
		case u < 0.90:
			local = s + "." + f
		default:
			local = f + n
		}
		addr := local + "@" + pick(r, emailDomains)
		if _, dup := g.emails[addr]; dup {
			continue
		}
		g.emails[addr] = struct{}{}
		return addr
	}
}

// defectEmail makes an address for a row given a defect. Its 7-digit
// number is one clean rows never use, so it cannot take an address a later
// clean row would have had, and the rows after it stay as in the clean roll.
func (g *generator) defectEmail(r *rand.Rand, forename, surname string) string {
	f, s := cmp.Or(asciiFold(forename), "member"), cmp.Or(asciiFold(surname), "member")
	for {
		addr := fmt.Sprintf("%s.%s%d@%s", f, s, 1_000_000+r.IntN(9_000_000), pick(r, emailDomains))
		if _, dup := g.emails[addr]; !dup {
			g.emails[addr] = struct{}{}
			return addr
		}
	}
}

// asciiFoldSpecial maps letters that do not decompose into a base letter
// and a mark.
var asciiFoldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l",
	'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'œ': "oe", 'Œ': "oe",
}

// asciiFold lower-cases s and keeps only ASCII letters, digits and
// hyphens, dropping accents: "Ó Súilleabháin" → "osuilleabhain".
func asciiFold(s string) string {
	var b strings.Builder
	for _, c := range norm.NFD.String(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteString(asciiFoldSpecial[c])
		}
	}
	return strings.Trim(b.String(), "-")
}

// normalPostcode upper-cases a UK postcode and puts one space before the
// inward code, as a reader would.
func normalPostcode(pc string) string {
	s := strings.ToUpper(strings.ReplaceAll(pc, " ", ""))
	if len(s) < 5 {
		return s
	}
	return s[:len(s)-3] + " " + s[len(s)-3:]
}
