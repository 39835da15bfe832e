package packgen

import (
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// qrModules encodes payload as a QR symbol and returns its dark modules,
// without the quiet zone (the page layout keeps that clear). go-qrcode
// panics through log.Panic on some internal failures; that becomes an error.
func qrModules(payload string, level qrcode.RecoveryLevel) (bits [][]bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			bits, err = nil, fmt.Errorf("QR encoder failed: %v", r)
		}
	}()
	q, err := qrcode.New(payload, level)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	q.DisableBorder = true // set before the first Bitmap call
	return q.Bitmap(), nil
}

// drawQR draws a QR code as black rectangles, one per run of dark modules
// in a row, with its top left corner at x, y and side size (mm).
func drawQR(pdf *fpdf.Fpdf, payload string, x, y, size float64, level qrcode.RecoveryLevel) error {
	bits, err := qrModules(payload, level)
	if err != nil {
		return err
	}
	m := size / float64(len(bits))
	pdf.SetFillColor(0, 0, 0)
	for row, line := range bits {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			pdf.Rect(x+float64(start)*m, y+float64(row)*m, float64(col-start)*m, m, "F")
		}
	}
	return nil
}

// qrAlphanumeric is the character set of QR's alphanumeric mode, which
// makes smaller symbols than byte mode.
const qrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

func isQRAlphanumeric(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(qrAlphanumeric, r) {
			return false
		}
	}
	return true
}

// LetterQRPayload is what the letter's QR code holds: the voting page with
// both codes, VOTING_URL/CODE1/CODE2 without hyphens. When the upper-cased
// address stays a valid URL in QR alphanumeric mode (only scheme, host and
// a path of letters, digits and - . / characters), it is upper-cased so the
// symbol is smaller; the voting platform must then accept its path in upper
// case. Otherwise it is used as written.
func LetterQRPayload(votingURL, code1, code2 string) string {
	u := strings.TrimRight(votingURL, "/") + "/" + code1 + "/" + code2
	if up := strings.ToUpper(u); isQRAlphanumeric(up) {
		return up
	}
	return u
}

// BallotQRPayload is what the ballot paper's QR code holds:
// "BALLOTPACK:" and code 1 without hyphens.
func BallotQRPayload(code1 string) string { return "BALLOTPACK:" + code1 }

// MarkPayload is what the integrity mark's QR code on every page holds:
// BPK:JOB:Bbatch:Ssequence:Ppage/pages, e.g. BPK:J1A2B3C4D:B0001:S000042:P1/2.
func MarkPayload(job string, batch, seq, page, pages int) string {
	return fmt.Sprintf("BPK:%s:B%04d:S%06d:P%d/%d", job, batch, seq, page, pages)
}
