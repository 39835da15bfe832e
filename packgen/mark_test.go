package packgen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/internal/fpdf"
	"github.com/ballotpack/ballotpack/packgen/layout"
)

// TestMarkModules checks markModules against the symbols qrSymbol makes.
func TestMarkModules(t *testing.T) {
	payloads := []string{"0", "12345678901234567890", "BPK:PROOF:B0000:S000001:P1/2", "lower case", strings.Repeat("A", 300), "https://vote.example.org/v?x=é"}
	for i := range 200 {
		payloads = append(payloads, MarkPayload(fmt.Sprintf("J%08X", i*2654435761), i*613%100000+1, i*48271%10000000+1, i%3+1, 3))
	}
	for _, p := range payloads {
		code, err := qrSymbol(p, markLevel)
		if err != nil {
			t.Fatal(err)
		}
		n, err := markModules(p)
		if err != nil || n != code.Size {
			t.Errorf("markModules(%q) = %d, %v; the symbol has %d", p, n, err, code.Size)
		}
	}
}

// TestMarkPlace checks where the integrity mark goes: modules of at least
// 0.5 mm for any job's payload, at least 10 mm from every edge of the
// sheet, clear of the folds of both envelopes and of the address window,
// with the body text stopping above its quiet zone, and its text, in the
// largest size it is set in, beside it.
func TestMarkPlace(t *testing.T) {
	// The longest payload a run makes: 99,999 batches, 9,999,999 packs.
	n, err := markModules(MarkPayload("JFFFFFFFF", 99999, 9999999, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	if m := markSymbol / float64(n); m < markMinModule || m < 0.5 {
		t.Errorf("modules of %.2f mm", m)
	}
	if q := 4 * markSymbol / 21; markQuiet < q {
		t.Errorf("quiet zone %.1f mm, under 4 modules of a version 1 symbol (%.1f mm)", markQuiet, q)
	}
	x0, y0, x1, y1 := markRight-markSymbol, markTop, markRight, markBottom
	if x0 < 10 || y0 < 10 || pageW-x1 < 10 || pageH-y1 < 10 {
		t.Errorf("symbol at (%.1f, %.1f)–(%.1f, %.1f): nearer than 10 mm to an edge", x0, y0, x1, y1)
	}
	for env, fs := range folds {
		for _, f := range fs {
			if f > y0-markQuiet-5 && f < y1+markQuiet+5 {
				t.Errorf("%s fold at %.1f mm is within 5 mm of the mark's quiet zone", env, f)
			}
		}
		w := layout.WindowFor(string(env)).Ever()
		if x0-markQuiet < w.Right() && w.X < x1+markQuiet && y0-markQuiet < w.Bottom() && w.Y < y1+markQuiet {
			t.Errorf("the mark overlaps the %s window", env)
		}
	}
	if bottomLimit > y0-markQuiet {
		t.Errorf("body text runs to %.1f mm, into the mark's quiet zone from %.1f mm", bottomLimit, y0-markQuiet)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", layout.Regular)
	pdf.SetFont("sans", "", largeSizes.small)
	for _, text := range []string{"Job JFFFFFFFF · batch 99999", "pack 9999999 · page 3 of 3"} {
		if w := pdf.GetStringWidth(text) + 2*pdf.GetCellMargin(); marginL+w > x0-markQuiet {
			t.Errorf("the mark's text %q at %.0f pt is %.1f mm wide, into the symbol's quiet zone", text, largeSizes.small, w)
		}
	}
	pdf.SetFont("sans", "", 8)
	if text := "Job JFFFFFFFF · batch 99999 · pack 9999999 · page 3 of 3"; marginL+pdf.GetStringWidth(text)+2*pdf.GetCellMargin() > x0-markQuiet {
		t.Errorf("the mark's text %q at 8 pt is too wide", text)
	}
}
