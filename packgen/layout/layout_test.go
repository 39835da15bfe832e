package layout

import "testing"

func TestDefaultCoverage(t *testing.T) {
	if err := DefaultCoverage.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Siân Gwŷn ŵ", "Órla Ó Súilleabháin Seán", "Łukasz Wójcik źż", "Zoë Müller Straße", "François Chloé Øyvind Björn", "£€"} {
		for _, r := range s {
			if !DefaultCoverage.Covers(r) {
				t.Errorf("%q (U+%04X) of %q not covered", r, r, s)
			}
		}
	}
	for _, r := range []rune{'王', '😀', 0x10FFFF, -1, '\u0007'} {
		if DefaultCoverage.Covers(r) {
			t.Errorf("U+%04X covered", r)
		}
	}
}

func TestBadFont(t *testing.T) {
	c := NewCoverage([]byte("not a font"))
	if c.Err() == nil || c.Covers('a') {
		t.Error("a bad font covers 'a'")
	}
}

func BenchmarkCoverageLoad(b *testing.B) {
	for b.Loop() {
		NewCoverage(Regular, Bold).Covers('a')
	}
}
