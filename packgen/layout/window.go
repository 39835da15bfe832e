package layout

import (
	"fmt"
	"math"
)

// The address window, with the insert's real movement.
//
// A folded letter is smaller than its envelope, so it moves inside it: an
// A4 sheet Z-folded to 210 × 99 mm in a DL envelope (220 × 110 mm) has
// 10 mm of play across and 11 mm up and down; folded once to 210 × 148.5 mm
// in a C5 (229 × 162 mm), 19 mm and 13.5 mm. The window is placed on the
// sheet for the letter in the middle of its play; as the letter moves, the
// window moves over the sheet by up to half the play each way. So what the
// window shows in every position (Always) is the window less half the play
// on each side, and what it may show in some position (Ever) is the window
// plus half the play. The address is set inside Always with Clearance on
// every side, at AddressPt and never below MinUKPt for post in the UK;
// nothing else on the sheet may enter Ever.

// A Rect is an area of the sheet, in millimetres from its top left corner.
type Rect struct{ X, Y, W, H float64 }

// Right and Bottom are the far edges.
func (r Rect) Right() float64  { return r.X + r.W }
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Inset is r shrunk by d on every side (grown for a negative d).
func (r Rect) Inset(dx, dy float64) Rect { return Rect{r.X + dx, r.Y + dy, r.W - 2*dx, r.H - 2*dy} }

// Overlaps reports whether r and o share any area.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.Right() && o.X < r.Right() && r.Y < o.Bottom() && o.Y < r.Bottom()
}

// Contains reports whether o lies wholly inside r.
func (r Rect) Contains(o Rect) bool {
	return o.X >= r.X && o.Y >= r.Y && o.Right() <= r.Right() && o.Bottom() <= r.Bottom()
}

// A Window is an envelope's address window as the letter inside sees it.
type Window struct {
	Envelope string
	Window   Rect    // on the sheet, with the letter in the middle of its play
	PlayX    float64 // how far the folded letter can move across, in all
	PlayY    float64 // and up and down
	FoldY    float64 // the first fold below the window, from the sheet's top
	// Barcode is the width kept at the left of the address for a Mailmark
	// barcode and its quiet zone, or 0 for none (WithMailmark).
	Barcode float64
}

// The Mailmark barcode in the window: a 24 × 24 module Data Matrix with
// 0.5 mm modules, at the top left of what the window always shows, inside
// the clearance (3 mm, more than its 4-module quiet zone), the address to
// its right beyond another quiet zone.
const (
	MailmarkModuleMM = 0.5
	MailmarkMM       = 24 * MailmarkModuleMM
	mailmarkQuietMM  = 4 * MailmarkModuleMM
)

// WithMailmark is w with room kept for a Mailmark barcode.
func (w Window) WithMailmark() Window {
	w.Barcode = MailmarkMM + mailmarkQuietMM
	return w
}

// MailmarkAt is where the Mailmark barcode goes (when w keeps room for it).
func (w Window) MailmarkAt() Rect {
	a := w.Always().Inset(ClearanceMM, ClearanceMM)
	return Rect{a.X, a.Y, MailmarkMM, MailmarkMM}
}

// The address block's type and the clear space around it.
const (
	AddressPt   = 10.0 // the size the address is set in
	MinUKPt     = 10.0 // never smaller for post in the UK
	MinAbroadPt = 8.0  // the smallest an address abroad is shrunk to
	ClearanceMM = 3.0  // clear space between the address and the window's edge, in every position
	LineFactor  = 0.42 // line height in mm per point of type
)

// WindowFor returns the window model of a DL or C5 envelope (DL for any
// other name). Both are a 90 × 45 mm window 20 mm from the sheet's left
// edge and 45 mm from its top: a DL's is then clear of the first fold at
// 99 mm in every position, and the return address above it clear of both.
func WindowFor(envelope string) Window {
	if envelope == "C5" {
		return Window{Envelope: "C5", Window: Rect{20, 45, 90, 45}, PlayX: 229 - 210, PlayY: 162 - 148.5, FoldY: 148.5}
	}
	return Window{Envelope: "DL", Window: Rect{20, 45, 90, 45}, PlayX: 220 - 210, PlayY: 110 - 99, FoldY: 99}
}

// Always is what the window shows in every position of the letter.
func (w Window) Always() Rect { return w.Window.Inset(w.PlayX/2, w.PlayY/2) }

// Ever is what the window shows in some position of the letter: nothing
// but the address may be printed there.
func (w Window) Ever() Rect { return w.Window.Inset(-w.PlayX/2, -w.PlayY/2) }

// Text is where the address may be set: Always, less the clearance and
// any room kept for a barcode.
func (w Window) Text() Rect {
	t := w.Always().Inset(ClearanceMM, ClearanceMM)
	t.X, t.W = t.X+w.Barcode, t.W-w.Barcode
	return t
}

// LinesAt is how many address lines the window holds at pt points.
func (w Window) LinesAt(pt float64) int {
	return int(math.Floor(w.Text().H/(pt*LineFactor) + 1e-9))
}

// A Widther measures text as it will print.
type Widther interface {
	WidthMM(s string, pt float64) float64
}

// A Misfit says why an address does not fit the window.
type Misfit struct {
	Line  int     // the line at fault (0 = the first), or -1 when there are too many lines
	Width float64 // its width at the smallest size allowed, mm
	Lines int     // the lines the window holds at that size
	Pt    float64 // that size
	Room  float64 // the width the window shows in every position, mm
}

func (m *Misfit) Error() string {
	if m.Line < 0 {
		return fmt.Sprintf("the window holds %d lines at %g pt", m.Lines, m.Pt)
	}
	return fmt.Sprintf("line %d is %.0f mm wide at %g pt, but the window shows %.0f mm in every position of the letter", m.Line+1, m.Width, m.Pt, m.Room)
}

// Fit finds the size the address lines are set at: AddressPt, or smaller
// down to minPt when a line is too wide or there are too many lines. A nil
// Misfit means they fit.
func (w Window) Fit(lines []string, m Widther, minPt float64) (float64, *Misfit) {
	return w.FitFrom(lines, m, AddressPt, minPt)
}

// FitFrom is Fit starting at startPt (large print starts at 16 pt).
func (w Window) FitFrom(lines []string, m Widther, startPt, minPt float64) (float64, *Misfit) {
	room := w.Text().W
	for pt := startPt; pt >= minPt-1e-9; pt -= 0.5 {
		fits := len(lines) <= w.LinesAt(pt)
		for _, l := range lines {
			if fits && m.WidthMM(l, pt) > room {
				fits = false
			}
		}
		if fits {
			return pt, nil
		}
	}
	if len(lines) > w.LinesAt(minPt) {
		return minPt, &Misfit{Line: -1, Lines: w.LinesAt(minPt), Pt: minPt, Room: room}
	}
	for i, l := range lines {
		if wd := m.WidthMM(l, minPt); wd > room {
			return minPt, &Misfit{Line: i, Width: wd, Pt: minPt, Room: room, Lines: w.LinesAt(minPt)}
		}
	}
	return minPt, nil
}
