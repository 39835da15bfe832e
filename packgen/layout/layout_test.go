package layout

import (
	"math"
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
	if w := m.WidthMM("12 Station Road", 10); w > WindowFor("C5").Text().W {
		t.Errorf("an ordinary line is %.1f mm", w)
	}
	if w := m.WidthMM(strings.Repeat("W", 28), MinUKPt); w <= WindowFor("DL").Text().W {
		t.Errorf("45 W at 8 pt fit (%.1f mm)", w)
	}
}

func TestWindowModel(t *testing.T) {
	for _, tc := range []struct {
		env          string
		always, ever Rect
		text         Rect
		lines        int
	}{
		{"DL", Rect{25, 50.5, 80, 34}, Rect{15, 39.5, 100, 56}, Rect{28, 53.5, 74, 28}, 6},
		{"C5", Rect{29.5, 51.75, 71, 31.5}, Rect{10.5, 38.25, 109, 58.5}, Rect{32.5, 54.75, 65, 25.5}, 6},
	} {
		w := WindowFor(tc.env)
		near := func(a, b Rect) bool {
			return math.Abs(a.X-b.X)+math.Abs(a.Y-b.Y)+math.Abs(a.W-b.W)+math.Abs(a.H-b.H) < 1e-9
		}
		if !near(w.Always(), tc.always) || !near(w.Ever(), tc.ever) || !near(w.Text(), tc.text) {
			t.Errorf("%s: always %v ever %v text %v", tc.env, w.Always(), w.Ever(), w.Text())
		}
		if n := w.LinesAt(10); n != tc.lines {
			t.Errorf("%s: %d lines at 10 pt, want %d", tc.env, n, tc.lines)
		}
		// The window never shows the fold, in any position.
		if w.Ever().Bottom() >= w.FoldY {
			t.Errorf("%s: the window may show the fold at %v mm", tc.env, w.FoldY)
		}
	}
	m := DefaultMeasurer
	w := WindowFor("DL")
	if pt, mis := w.Fit([]string{"Mr A Smith", "1 Road", "LEEDS", "LS1 1AA"}, m, MinUKPt); mis != nil || pt != 10 {
		t.Errorf("a short address: %v %v", pt, mis)
	}
	wide := strings.Repeat("W", 24)
	if _, mis := w.Fit([]string{"Mr A Smith", wide, "LEEDS", "LS1 1AA"}, m, MinUKPt); mis == nil || mis.Line != 1 {
		t.Errorf("24 W's at 10 pt: %v", mis)
	}
	if pt, mis := w.Fit([]string{"M A Smith", wide, "PARIS", "75001", "FRANCE"}, m, MinAbroadPt); mis != nil || pt >= 10 {
		t.Errorf("abroad, 24 W's shrink: %v %v", pt, mis)
	}
	seven := []string{"1", "2", "3", "4", "5", "6", "7"}
	if _, mis := w.Fit(seven, m, MinUKPt); mis == nil || mis.Line != -1 || mis.Lines != 6 {
		t.Errorf("seven lines: %v", mis)
	}
}
