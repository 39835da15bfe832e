package roll

import (
	"slices"
	"strings"
	"testing"
)

func TestLookupCountry(t *testing.T) {
	for written, want := range map[string]string{
		"USA": "United States", "U.S.A.": "United States", "US": "United States", "united states": "United States",
		"United States of America": "United States", "The USA": "United States", " usa ": "United States",
		"Eire": "Ireland", "Éire": "Ireland", "Republic of Ireland": "Ireland", "IRL": "Ireland",
		"Deutschland": "Germany", "DE": "Germany", "España": "Spain", "espana": "Spain",
		"The Netherlands": "Netherlands", "Holland": "Netherlands", "Österreich": "Austria",
		"Czechia": "Czech Republic", "Türkiye": "Turkey", "UAE": "United Arab Emirates", "Aotearoa": "New Zealand",
	} {
		c, ok := LookupCountry(written)
		if !ok || c.Name != want {
			t.Errorf("LookupCountry(%q) = %q, %v; want %q", written, c.Name, ok, want)
		}
	}
	for _, unknown := range []string{"Atlantis", "Northern Ireland", "Ireland North", ""} {
		if c, ok := LookupCountry(unknown); ok {
			t.Errorf("LookupCountry(%q) = %q, want none", unknown, c.Name)
		}
	}
	// Every spelling in the table names one country only.
	seen := map[string]string{}
	for _, c := range countries {
		for _, s := range append([]string{c.Name, c.Code}, c.aliases...) {
			k := countryKey(s)
			if other, ok := seen[k]; ok && other != c.Name {
				t.Errorf("%q is a spelling of %s and of %s", s, other, c.Name)
			}
			seen[k] = c.Name
			if isUK(s) {
				t.Errorf("%q (%s) is a UK name too", s, c.Name)
			}
		}
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code {
			t.Errorf("%s: code %q", c.Name, c.Code)
		}
	}
}

// TestWindowLinesAbroad: the lines below the street in each country's
// own order, the country's one name last in capitals.
func TestWindowLinesAbroad(t *testing.T) {
	for _, tc := range []struct {
		name                            string
		town, county, postcode, country string
		want                            []string
	}{
		{"US", "Springfield", "IL", "62704", "USA", []string{"SPRINGFIELD IL 62704", "UNITED STATES"}},
		{"US, state in full", "Portland", "Oregon", "97205-1234", "United States of America", []string{"PORTLAND OREGON 97205-1234", "UNITED STATES"}},
		{"US, no state", "Austin", "", "78701", "U.S.A.", []string{"AUSTIN 78701", "UNITED STATES"}},
		{"Canada", "Montréal", "QC", "h2y 1z8", "Canada", []string{"MONTRÉAL QC  H2Y 1Z8", "CANADA"}},
		{"Australia", "Sydney", "NSW", "2000", "Australia", []string{"SYDNEY NSW 2000", "AUSTRALIA"}},
		{"New Zealand", "Wellington", "", "6011", "NZ", []string{"WELLINGTON 6011", "NEW ZEALAND"}},
		{"Ireland", "Cork", "Co. Cork", "t12 k8af", "Eire", []string{"CORK", "Co. Cork", "T12 K8AF", "IRELAND"}},
		{"Ireland, Dublin district", "Dublin 8", "", "D08 T6X4", "Republic of Ireland", []string{"DUBLIN 8", "D08 T6X4", "IRELAND"}},
		{"France", "Paris", "", "75011", "France", []string{"75011 PARIS", "FRANCE"}},
		{"Germany", "München", "Bayern", "80331", "Deutschland", []string{"Bayern", "80331 MÜNCHEN", "GERMANY"}},
		{"Spain, province the town's", "Madrid", "Madrid", "28013", "España", []string{"28013 MADRID", "SPAIN"}},
		{"Spain, province", "Dos Hermanas", "Sevilla", "41700", "Spain", []string{"41700 DOS HERMANAS", "Sevilla", "SPAIN"}},
		{"Italy", "Roma", "RM", "00144", "Italia", []string{"00144 ROMA RM", "ITALY"}},
		{"Netherlands", "Amsterdam", "", "1016 GV", "The Netherlands", []string{"1016 GV  AMSTERDAM", "NETHERLANDS"}},
		{"Belgium (EU generally)", "Bruxelles", "", "1000", "Belgique", []string{"1000 BRUXELLES", "BELGIUM"}},
		{"Poland (EU generally)", "Warszawa", "", "00-950", "Polska", []string{"00-950 WARSZAWA", "POLAND"}},
		{"not in the table", "Atlantis City", "Deep", "12345", "Atlantis", []string{"ATLANTIS CITY", "Deep", "12345", "ATLANTIS"}},
		{"town line in the address", "", "", "", "USA", []string{"UNITED STATES"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Member{Surname: "Smith", Address: []string{"1 Main Street"}, Town: tc.town, County: tc.county, Postcode: tc.postcode, Country: tc.country}
			got := m.WindowLines()
			want := append([]string{"Smith", "1 Main Street"}, tc.want...)
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
	// The UK is as it was: post town in capitals, postcode alone.
	uk := Member{Surname: "Jones", Address: []string{"1 Road"}, Town: "Leeds", Postcode: "LS1 1AA"}
	if got := uk.WindowLines(); !slices.Equal(got, []string{"Jones", "1 Road", "LEEDS", "LS1 1AA"}) {
		t.Errorf("UK: %q", got)
	}
}

func TestMemberStreamFacts(t *testing.T) {
	for _, tc := range []struct {
		m       Member
		bfpo    bool
		zone    Zone
		country string
	}{
		{Member{Postcode: "BFPO 1234"}, true, ZoneWorld, ""},
		{Member{Postcode: "SW1A 1AA"}, false, ZoneWorld, ""},
		{Member{Postcode: "BFPO 12", Country: "Germany"}, false, ZoneEurope, "Germany"}, // a German postcode written so: abroad
		{Member{Country: "Eire"}, false, ZoneEurope, "Ireland"},
		{Member{Country: "USA"}, false, ZoneWorld, "United States"},
		{Member{Country: " Atlantis "}, false, ZoneWorld, "Atlantis"},
	} {
		if got := tc.m.BFPO(); got != tc.bfpo {
			t.Errorf("%+v: BFPO %v", tc.m, got)
		}
		if tc.m.Overseas() {
			if got := tc.m.Zone(); got != tc.zone {
				t.Errorf("%+v: zone %v, want %v", tc.m, got, tc.zone)
			}
		}
		if got := tc.m.CountryName(); got != tc.country {
			t.Errorf("%+v: country %q, want %q", tc.m, got, tc.country)
		}
	}
}

// TestWindowFitAbroad: the check measures an address abroad as the window
// prints it. A town that fits alone but not on one line with its state and
// ZIP code is rejected, naming the line; the same town in France, where
// the postcode goes first but on the same line, too; in a country that
// prints each on its own line, it fits.
func TestWindowFitAbroad(t *testing.T) {
	wide := strings.Repeat("W", 26) // 69 mm at 8 pt: fits the window alone at the smallest size abroad
	for _, tc := range []struct {
		country, column, line string
		rejects               bool
	}{
		{"USA", "Town", "the town, county and postcode line as printed is", true},
		{"France", "Postcode", "the postcode and town line as printed is", true},
		{"Atlantis", "", "", false},
	} {
		res := readCSV(t, header+"7,Mr,A,Smith,1 Main Street,,"+wide+",IL,62704,"+tc.country+",,,,\n", Options{})
		var found *Problem
		for i, p := range res.Problems {
			if p.Kind == "address too long" {
				found = &res.Problems[i]
			}
		}
		if !tc.rejects {
			if found != nil || len(res.Members) != 1 {
				t.Errorf("%s: %v", tc.country, res.Problems)
			}
			continue
		}
		if found == nil {
			t.Fatalf("%s: no address too long; problems %v", tc.country, res.Problems)
		}
		if found.Column != tc.column || !strings.Contains(found.Reason, tc.line) ||
			!strings.Contains(found.Value, wide) {
			t.Errorf("%s: %+v", tc.country, *found)
		}
	}
	// Each part fits, and so does the line.
	res := readCSV(t, header+"7,Mr,A,Smith,1 Main Street,,Springfield,IL,62704,U.S.A.,,,,\n", Options{})
	if len(res.Members) != 1 || len(res.Problems) != 0 {
		t.Errorf("Springfield IL: %v", res.Problems)
	}
}
