package roll

import "testing"

func TestNormalisePostcode(t *testing.T) {
	valid := map[string]string{
		"SW1A 1AA":  "SW1A 1AA",
		"sw1a1aa":   "SW1A 1AA",
		" m1  1ae ": "M1 1AE",
		"EC1V 9HX":  "EC1V 9HX",
		"W1D 3QU":   "W1D 3QU",
		"CF10 1EP":  "CF10 1EP",
		"BT7 1NN":   "BT7 1NN",
		"LL30 2UD":  "LL30 2UD",
		"EH1 1YZ":   "EH1 1YZ",
		"B33 8TH":   "B33 8TH",
		"gir 0aa":   "GIR 0AA",
		"BFPO 1234": "BFPO 1234",
		"bfpo57":    "BFPO 57",
		"BFPO 1":    "BFPO 1",
	}
	for in, want := range valid {
		got, ok := normalisePostcode(in)
		if !ok || got != want {
			t.Errorf("normalisePostcode(%q) = %q, %v; want %q, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "SW1A1A", "SW1A 1A", "ZZ99 9ZZZ", "12345", "QA1 1AA", "SW1A 1AC", "BFPO", "BFPO 12345", "75011", "SW1A 1AA X", "M1 1ÄE"} {
		if got, ok := normalisePostcode(in); ok {
			t.Errorf("normalisePostcode(%q) = %q, valid; want invalid", in, got)
		}
	}
}
