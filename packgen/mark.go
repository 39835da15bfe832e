package packgen

import (
	"fmt"

	"github.com/ballotpack/ballotpack/internal/fpdf"
	"rsc.io/qr"
	"rsc.io/qr/coding"

	"github.com/ballotpack/ballotpack/packgen/election"
)

// The integrity mark is printed on every page, for the inserter's camera
// (which proves that no pack was split or mixed) and for the operator: job,
// batch, pack and page i of n, as a QR code and as text.
//
// The symbol is QR at level M, in a square of fixed side, so that its
// modules are as large as the payload's version allows: a mark's payload
// (about 32 characters) is version 2, 25 modules of 0.8 mm, 3.2 pixels at
// 100 dpi; a version that would make modules under markMinModule is
// refused. It sits at the foot of the page, right, 12 mm above the bottom
// edge (10 mm, which many printers need clear, and 2 mm for the sheet's
// movement) and 20 mm from the right edge; the folds (folds) and the
// address window are far above, and the body text stops above its quiet
// zone (bottomLimit). The text form is at the left of the same band, with
// its foot level with the symbol's.
const (
	markLevel     = qr.M
	markSymbol    = 20.0 // side of the symbol, quiet zone not included
	markMinModule = 0.5
	markQuiet     = 4.0 // clear space kept round it: 4 modules of the largest (version 1: 20/21 mm)
	markRight     = pageW - marginR
	markBottom    = pageH - 12.0
	markTop       = markBottom - markSymbol
)

// folds are where the sheet is folded, in millimetres from its top, for
// each envelope: a DL envelope takes A4 Z-folded in three, a C5 A4 folded
// once.
var folds = map[election.Envelope][]float64{
	election.DL: {99, 198},
	election.C5: {148.5},
}

// markModules is how many modules a side the integrity mark's symbol for
// payload has: the version qrSymbol chooses, worked out without encoding
// it (a test checks the two agree).
func markModules(payload string) (int, error) {
	// The concrete encodings, not a coding.Encoding: no allocation a page.
	numeric, alpha := isNumeric(payload), isQRAlphanumeric(payload)
	l := coding.Level(markLevel)
	for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
		var bits int
		switch {
		case numeric:
			bits = coding.Num(payload).Bits(v)
		case alpha:
			bits = coding.Alpha(payload).Bits(v)
		default:
			bits = coding.String(payload).Bits(v)
		}
		if bits <= v.DataBytes(l)*8 {
			return 17 + 4*int(v), nil
		}
	}
	return 0, fmt.Errorf("integrity mark: %d characters is too long to encode", len(payload))
}

// mark draws the integrity mark at the foot of the page: job, batch,
// sequence and page as text, and the same as a QR code.
func (r *Renderer) mark(pdf *fpdf.Fpdf, c *Content, page, pages int) {
	payload := MarkPayload(r.job, c.Batch, c.Seq, page, pages)
	n, err := markModules(payload)
	if err == nil && markSymbol/float64(n) < markMinModule {
		err = fmt.Errorf("integrity mark %q would need %d modules a side, %.2f mm each, under the %.1f mm an inserter camera needs",
			payload, n, markSymbol/float64(n), markMinModule)
	}
	if err == nil {
		err = drawQR(pdf, payload, markRight-markSymbol, markTop, markSymbol, markLevel)
	}
	if err != nil {
		pdf.SetError(err)
		return
	}
	// Standard packs: one line of 8 pt; large print: two of 16 pt.
	lines := []string{fmt.Sprintf("Job %s · batch %d · pack %d · page %d of %d", r.job, c.Batch, c.Seq, page, pages)}
	size := 8.0
	if c.Member.LargePrint {
		size = largeSizes.small
		lines = []string{fmt.Sprintf("Job %s · batch %d", r.job, c.Batch), fmt.Sprintf("pack %d · page %d of %d", c.Seq, page, pages)}
	}
	pdf.SetFont("sans", "", size)
	h := size * 25.4 / 72 // the type size in millimetres: the foot of a g is the last cell's
	for i, l := range lines {
		pdf.SetXY(marginL, markBottom-float64(len(lines)-i)*h*1.15+0.15*h)
		pdf.CellFormat(markRight-markSymbol-markQuiet-marginL, h, l, "", 0, "L", false, 0, "")
	}
}
