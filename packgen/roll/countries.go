package roll

import (
	"strings"
	"sync"
)

// Countries: one name for each, however the roll spells it, and the order
// in which its post writes the lines below the street.
//
// The window prints an address abroad as the UPU and Royal Mail ask: the
// lines in the destination country's own order, the town in capitals, and
// the country's name last, alone, in capitals and in English. A country
// not in the table is printed as the roll writes it: town, county and
// postcode each on a line of its own, the name as written, in capitals.

// A Zone is a Royal Mail international postage zone.
type Zone uint8

const (
	// ZoneWorld is the rest of the world, and every country not in the
	// table: posting a European pack at the world rate costs a little more,
	// the other way round it arrives late or surcharged.
	ZoneWorld Zone = iota
	// ZoneEurope is Royal Mail's Europe zone: the EU and the rest of
	// Europe, Turkey and the Caucasus included.
	ZoneEurope
)

func (z Zone) String() string {
	if z == ZoneEurope {
		return "Europe"
	}
	return "rest of world"
}

// A Country is a country a roll may name, with its one name.
type Country struct {
	Name string // in English: "United States"; in capitals on the envelope
	Code string // ISO 3166-1 alpha-2
	Zone Zone
	form addressForm
}

// An addressForm is how a country's post writes the lines below the
// street: each line a run of parts, a part left out when the roll leaves
// its field empty.
type addressForm struct {
	lines [][]part
	// countyUnlessTown leaves the county out when it is the town's name
	// (Spain: "MADRID", province Madrid).
	countyUnlessTown bool
}

// A part is one field of a line, written after sep when something comes
// before it on the line.
type part struct {
	field Field // FieldTown, FieldCounty (state, province) or FieldPostcode
	sep   string
}

var (
	town     = part{FieldTown, " "}
	county   = part{FieldCounty, " "}
	postcode = part{FieldPostcode, " "}
)

// The forms of the table.
var (
	// Each on a line of its own, in the roll's order: countries not in the
	// table, and those that write the postcode alone after the town.
	formAsWritten = addressForm{lines: [][]part{{town}, {county}, {postcode}}}
	// United States ("SPRINGFIELD IL 62704"), Australia ("FITZROY VIC
	// 3065"): town, state and postcode on one line.
	formTownStatePostcode = addressForm{lines: [][]part{{town, county, postcode}}}
	// Canada: the same, with two spaces before the postal code ("TORONTO ON
	// M5H 2N2").
	formCanada = addressForm{lines: [][]part{{town, county, part{FieldPostcode, "  "}}}}
	// Ireland: town, county, and the Eircode alone on the last line.
	formIreland = addressForm{lines: [][]part{{town}, {county}, {postcode}}}
	// New Zealand, Malta, Singapore: town then postcode; a region above.
	formTownPostcode = addressForm{lines: [][]part{{county}, {town, postcode}}}
	// France, Germany and most of Europe: postcode then town ("75011
	// PARIS", "10115 BERLIN"); a region, rarely needed, above.
	formPostcodeTown = addressForm{lines: [][]part{{county}, {postcode, town}}}
	// The Netherlands: two spaces between postcode and town ("1016 GV
	// AMSTERDAM").
	formNetherlands = addressForm{lines: [][]part{{county}, {postcode, part{FieldTown, "  "}}}}
	// Spain: postcode and town, then the province when it is not the
	// town's name ("41001 SEVILLA").
	formSpain = addressForm{lines: [][]part{{postcode, town}, {county}}, countyUnlessTown: true}
	// Italy: postcode, town and the province's letters on one line ("00144
	// ROMA RM").
	formItaly = addressForm{lines: [][]part{{postcode, town, county}}}
)

// countries is the table: name, code, zone, form, then other ways rolls
// write the name (ISO codes, the country's own name, older names).
// Matching ignores case, accents, spaces, punctuation and a leading
// "the", so "U.S.A.", "usa" and "The USA" are one spelling.
var countries = []struct {
	Country
	aliases []string
}{
	{Country{"United States", "US", ZoneWorld, formTownStatePostcode}, []string{"USA", "United States of America", "America", "USA United States", "U.S.", "USofA"}},
	{Country{"Canada", "CA", ZoneWorld, formCanada}, []string{"CAN"}},
	{Country{"Australia", "AU", ZoneWorld, formTownStatePostcode}, []string{"AUS", "Commonwealth of Australia"}},
	{Country{"New Zealand", "NZ", ZoneWorld, formTownPostcode}, []string{"NZL", "Aotearoa", "Aotearoa New Zealand"}},
	{Country{"Singapore", "SG", ZoneWorld, formTownPostcode}, []string{"SGP", "Republic of Singapore"}},
	{Country{"Ireland", "IE", ZoneEurope, formIreland}, []string{"IRL", "Republic of Ireland", "Eire", "Éire", "Poblacht na hÉireann", "ROI", "Irish Republic", "Southern Ireland"}},
	{Country{"France", "FR", ZoneEurope, formPostcodeTown}, []string{"FRA", "République française", "French Republic"}},
	{Country{"Germany", "DE", ZoneEurope, formPostcodeTown}, []string{"DEU", "Deutschland", "Bundesrepublik Deutschland", "Federal Republic of Germany", "BRD"}},
	{Country{"Spain", "ES", ZoneEurope, formSpain}, []string{"ESP", "España", "Espana", "Kingdom of Spain", "Reino de España"}},
	{Country{"Italy", "IT", ZoneEurope, formItaly}, []string{"ITA", "Italia", "Repubblica Italiana"}},
	{Country{"Portugal", "PT", ZoneEurope, formPostcodeTown}, []string{"PRT", "República Portuguesa"}},
	{Country{"Netherlands", "NL", ZoneEurope, formNetherlands}, []string{"NLD", "Holland", "Nederland", "Kingdom of the Netherlands"}},
	{Country{"Belgium", "BE", ZoneEurope, formPostcodeTown}, []string{"BEL", "Belgique", "België", "Belgien"}},
	{Country{"Luxembourg", "LU", ZoneEurope, formPostcodeTown}, []string{"LUX", "Lëtzebuerg", "Luxemburg"}},
	{Country{"Austria", "AT", ZoneEurope, formPostcodeTown}, []string{"AUT", "Österreich"}},
	{Country{"Switzerland", "CH", ZoneEurope, formPostcodeTown}, []string{"CHE", "Schweiz", "Suisse", "Svizzera", "Svizra", "Helvetia", "Swiss Confederation"}},
	{Country{"Liechtenstein", "LI", ZoneEurope, formPostcodeTown}, []string{"LIE"}},
	{Country{"Denmark", "DK", ZoneEurope, formPostcodeTown}, []string{"DNK", "Danmark"}},
	{Country{"Sweden", "SE", ZoneEurope, formPostcodeTown}, []string{"SWE", "Sverige"}},
	{Country{"Norway", "NO", ZoneEurope, formPostcodeTown}, []string{"NOR", "Norge", "Noreg"}},
	{Country{"Finland", "FI", ZoneEurope, formPostcodeTown}, []string{"FIN", "Suomi"}},
	{Country{"Iceland", "IS", ZoneEurope, formPostcodeTown}, []string{"ISL", "Ísland"}},
	{Country{"Poland", "PL", ZoneEurope, formPostcodeTown}, []string{"POL", "Polska"}},
	{Country{"Czech Republic", "CZ", ZoneEurope, formPostcodeTown}, []string{"CZE", "Czechia", "Česko", "Česká republika"}},
	{Country{"Slovakia", "SK", ZoneEurope, formPostcodeTown}, []string{"SVK", "Slovensko", "Slovak Republic"}},
	{Country{"Hungary", "HU", ZoneEurope, formPostcodeTown}, []string{"HUN", "Magyarország"}},
	{Country{"Slovenia", "SI", ZoneEurope, formPostcodeTown}, []string{"SVN", "Slovenija"}},
	{Country{"Croatia", "HR", ZoneEurope, formPostcodeTown}, []string{"HRV", "Hrvatska"}},
	{Country{"Romania", "RO", ZoneEurope, formPostcodeTown}, []string{"ROU", "România"}},
	{Country{"Bulgaria", "BG", ZoneEurope, formPostcodeTown}, []string{"BGR", "Bulgariya"}},
	{Country{"Greece", "GR", ZoneEurope, formPostcodeTown}, []string{"GRC", "Hellas", "Ellada", "Hellenic Republic"}},
	{Country{"Cyprus", "CY", ZoneEurope, formPostcodeTown}, []string{"CYP", "Kypros", "Kıbrıs"}},
	{Country{"Malta", "MT", ZoneEurope, formTownPostcode}, []string{"MLT"}},
	{Country{"Estonia", "EE", ZoneEurope, formPostcodeTown}, []string{"EST", "Eesti"}},
	// Latvia writes the postcode on a line of its own, after the town.
	{Country{"Latvia", "LV", ZoneEurope, formAsWritten}, []string{"LVA", "Latvija"}},
	{Country{"Lithuania", "LT", ZoneEurope, formPostcodeTown}, []string{"LTU", "Lietuva"}},
	{Country{"Monaco", "MC", ZoneEurope, formPostcodeTown}, []string{"MCO"}},
	{Country{"Andorra", "AD", ZoneEurope, formPostcodeTown}, []string{"AND"}},
	{Country{"San Marino", "SM", ZoneEurope, formPostcodeTown}, []string{"SMR"}},
	{Country{"Gibraltar", "GI", ZoneEurope, formAsWritten}, []string{"GIB"}},
	// The Crown dependencies have their own posts: in the table so that they
	// are named one way, abroad as far as a UK reply envelope is concerned.
	{Country{"Jersey", "JE", ZoneEurope, formAsWritten}, []string{"JEY", "Bailiwick of Jersey"}},
	{Country{"Guernsey", "GG", ZoneEurope, formAsWritten}, []string{"GGY", "Bailiwick of Guernsey"}},
	{Country{"Isle of Man", "IM", ZoneEurope, formAsWritten}, []string{"IMN", "Ellan Vannin"}},
	{Country{"Turkey", "TR", ZoneEurope, formPostcodeTown}, []string{"TUR", "Türkiye", "Turkiye"}},
	{Country{"Ukraine", "UA", ZoneEurope, formPostcodeTown}, []string{"UKR", "Ukraina"}},
	{Country{"Serbia", "RS", ZoneEurope, formPostcodeTown}, []string{"SRB", "Srbija"}},
	{Country{"Albania", "AL", ZoneEurope, formPostcodeTown}, []string{"ALB", "Shqipëria"}},
	{Country{"North Macedonia", "MK", ZoneEurope, formPostcodeTown}, []string{"MKD", "Macedonia"}},
	{Country{"Bosnia and Herzegovina", "BA", ZoneEurope, formPostcodeTown}, []string{"BIH", "Bosnia"}},
	{Country{"Montenegro", "ME", ZoneEurope, formPostcodeTown}, []string{"MNE", "Crna Gora"}},
	{Country{"Moldova", "MD", ZoneEurope, formPostcodeTown}, []string{"MDA"}},
	{Country{"India", "IN", ZoneWorld, formAsWritten}, []string{"IND", "Bharat"}},
	{Country{"Pakistan", "PK", ZoneWorld, formAsWritten}, []string{"PAK"}},
	{Country{"Bangladesh", "BD", ZoneWorld, formAsWritten}, []string{"BGD"}},
	{Country{"Sri Lanka", "LK", ZoneWorld, formAsWritten}, []string{"LKA"}},
	{Country{"South Africa", "ZA", ZoneWorld, formAsWritten}, []string{"ZAF", "RSA", "Republic of South Africa"}},
	{Country{"Nigeria", "NG", ZoneWorld, formAsWritten}, []string{"NGA"}},
	{Country{"Kenya", "KE", ZoneWorld, formAsWritten}, []string{"KEN"}},
	{Country{"Ghana", "GH", ZoneWorld, formAsWritten}, []string{"GHA"}},
	{Country{"Hong Kong", "HK", ZoneWorld, formAsWritten}, []string{"HKG", "Hong Kong SAR"}},
	{Country{"China", "CN", ZoneWorld, formAsWritten}, []string{"CHN", "People's Republic of China", "PRC"}},
	{Country{"Japan", "JP", ZoneWorld, formAsWritten}, []string{"JPN", "Nippon"}},
	{Country{"South Korea", "KR", ZoneWorld, formAsWritten}, []string{"KOR", "Korea", "Republic of Korea"}},
	{Country{"Malaysia", "MY", ZoneWorld, formAsWritten}, []string{"MYS"}},
	{Country{"United Arab Emirates", "AE", ZoneWorld, formAsWritten}, []string{"ARE", "UAE", "Emirates"}},
	{Country{"Israel", "IL", ZoneWorld, formAsWritten}, []string{"ISR"}},
	{Country{"Brazil", "BR", ZoneWorld, formAsWritten}, []string{"BRA", "Brasil"}},
	{Country{"Mexico", "MX", ZoneWorld, formAsWritten}, []string{"MEX", "México"}},
}

// countryIndex maps each spelling, folded, to its country.
var countryIndex = sync.OnceValue(func() map[string]*Country {
	m := map[string]*Country{}
	for i := range countries {
		c := &countries[i].Country
		for _, s := range append([]string{c.Name, c.Code}, countries[i].aliases...) {
			m[countryKey(s)] = c
		}
	}
	return m
})

// countryKey folds a country's name for matching: case, accents, spaces,
// punctuation and a leading "the" ignored.
func countryKey(s string) string {
	f := foldName(s)
	f = strings.TrimPrefix(f, "the ")
	return strings.ReplaceAll(f, " ", "")
}

// LookupCountry finds the country a roll names, however it spells it.
func LookupCountry(written string) (Country, bool) {
	if c := countryIndex()[countryKey(written)]; c != nil {
		return *c, true
	}
	return Country{}, false
}

// country is the member's country: the table's, or one named as written,
// for the rest of the world.
func (m *Member) country() Country {
	if c, ok := LookupCountry(m.Country); ok {
		return c
	}
	return Country{Name: strings.TrimSpace(m.Country), Zone: ZoneWorld, form: formAsWritten}
}

// CountryName is the member's country in English, one name however the
// roll spells it ("USA", "U.S.A." and "United States" are "United
// States"); as written for a country not in the table; "" in the UK.
func (m *Member) CountryName() string {
	if !m.Overseas() {
		return ""
	}
	return m.country().Name
}

// Zone is the Royal Mail postage zone of a member abroad.
func (m *Member) Zone() Zone { return m.country().Zone }

// BFPO reports whether the member's address is forces mail (a BFPO
// number for postcode), which goes by the UK post.
func (m *Member) BFPO() bool { return !m.Overseas() && strings.HasPrefix(m.Postcode, "BFPO ") }

// A windowLine is a line of the window below the street address abroad.
type windowLine struct {
	text  string
	field Field // the field it comes from: the first, when it joins several
	made  bool  // not a field as the check measures it alone: several joined, or the country's name
	what  string
}

// abroadLines are the lines of an address abroad below its street address:
// town, state or county and postcode in the country's order, the town and
// postcode in capitals (and a state on the town's line), then the
// country's name in capitals.
func (m *Member) abroadLines() []windowLine {
	c := m.country()
	raw := func(f Field) string {
		switch f {
		case FieldTown:
			return m.Town
		case FieldCounty:
			if c.form.countyUnlessTown && strings.EqualFold(m.County, m.Town) {
				return ""
			}
			return m.County
		case FieldPostcode:
			return m.Postcode
		}
		return ""
	}
	var lines []windowLine
	for _, parts := range c.form.lines {
		var b strings.Builder
		var first Field
		var what []string
		n := 0
		for _, p := range parts {
			v := raw(p.field)
			if v == "" {
				continue
			}
			if p.field != FieldCounty || len(parts) > 1 {
				v = strings.ToUpper(v)
			}
			if n > 0 {
				b.WriteString(p.sep)
			} else {
				first = p.field
			}
			b.WriteString(v)
			what = append(what, fieldWords[p.field])
			n++
		}
		if n == 0 {
			continue
		}
		text := b.String()
		lines = append(lines, windowLine{text: text, field: first, made: n > 1 || text != checked(first, raw(first)),
			what: andList(what) + " line as printed"})
	}
	name := strings.ToUpper(c.Name)
	return append(lines, windowLine{text: name, field: FieldCountry, made: name != checked(FieldCountry, m.Country), what: "country's name as printed"})
}

// checked is a field as the roll check measures it on its own: the town
// and the country in capitals, the rest as written.
func checked(f Field, v string) string {
	if f == FieldTown || f == FieldCountry {
		return strings.ToUpper(v)
	}
	return v
}

// andList joins words: "town", "town and postcode", "town, county and
// postcode".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
