package packgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ballotpack/ballotpack/internal/fpdf"
	"rsc.io/qr"
)

// qrModules encodes payload as a QR symbol (the smallest version that holds
// it, in numeric, alphanumeric or byte mode as the payload allows) and
// returns its dark modules, without the quiet zone: the page layout keeps
// that clear.
//
// rsc.io/qr, not github.com/skip2/go-qrcode: go-qrcode scores all eight
// mask patterns for every symbol, 270 µs a symbol here against 25 µs, which
// alone would take over a minute of CPU for two codes on each of 160,000
// packs. rsc.io/qr uses one fixed mask, which every reader decodes (the
// end-to-end tests read every symbol back with zbarimg).
func qrModules(payload string, level qr.Level) (bits [][]bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			bits, err = nil, fmt.Errorf("QR encoder failed: %v", r)
		}
	}()
	c, err := qr.Encode(payload, level)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	bits = make([][]bool, c.Size)
	for y := range bits {
		bits[y] = make([]bool, c.Size)
		for x := range bits[y] {
			bits[y][x] = c.Black(x, y)
		}
	}
	return bits, nil
}

// drawQR draws a QR code in pure black with its top left corner at x, y
// and side size (mm): one path, in module units, of a rectangle for each
// run of dark modules in a row.
func drawQR(pdf *fpdf.Fpdf, payload string, x, y, size float64, level qr.Level) error {
	bits, err := qrModules(payload, level)
	if err != nil {
		return err
	}
	k := pdf.GetConversionRatio() // points per mm
	_, pageHeight := pdf.GetPageSize()
	m := size / float64(len(bits)) * k
	// Save the state, fill black, and map module (col, row) to the page.
	b := make([]byte, 0, 64+len(bits)*len(bits)*3)
	b = fmt.Appendf(b, "q 0 g %.4f 0 0 %.4f %.2f %.2f cm\n", m, -m, x*k, (pageHeight-y)*k)
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
			b = strconv.AppendInt(b, int64(start), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(row), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(col-start), 10)
			b = append(b, " 1 re\n"...)
		}
	}
	b = append(b, "f Q"...)
	pdf.RawWriteStr(string(b))
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
