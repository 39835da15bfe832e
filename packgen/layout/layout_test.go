package layout

import (
	"strings"
	"testing"
)

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

func TestWidth(t *testing.T) {
	m := DefaultMeasurer
	w1 := m.WidthMM("W", 10)
	if w1 < 2 || w1 > 5 {
		t.Errorf("W at 10 pt is %.2f mm", w1)
	}
	if w := m.WidthMM("WW", 10); w < 2*w1-0.01 || w > 2*w1+0.01 {
		t.Errorf("WW %.2f, W %.2f", w, w1)
	}
	if w := m.WidthMM("12 Station Road", 10); w > WindowTextWidthMM {
		t.Errorf("an ordinary line is %.1f mm", w)
	}
	if w := m.WidthMM(strings.Repeat("W", 45), MinAddressPt); w <= WindowTextWidthMM {
		t.Errorf("45 W at 8 pt fit (%.1f mm)", w)
	}
}
