package packgen

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"github.com/ballotpack/ballotpack/internal/fpdf"
	"rsc.io/qr"
	"rsc.io/qr/coding"
	"rsc.io/qr/gf256"
)

// qrSymbol encodes payload as a QR symbol at level, in the smallest
// version that holds it, in numeric, alphanumeric or byte mode as the
// payload allows, with mask qrMask. The result has no quiet zone: the page
// layout keeps that clear.
//
// rsc.io/qr, not github.com/skip2/go-qrcode: go-qrcode scores all eight
// mask patterns for every symbol, 270 µs a symbol here against 25 µs, which
// alone would take over a minute of CPU for two codes on each of 160,000
// packs. This is rsc.io/qr's own Encode, with its plans (the placement of
// every module for a version, level and mask: most of its time) made once
// for each mask used and shared (they are only read), and the codewords
// placed by a table made from the plan.
func qrSymbol(payload string, level qr.Level) (*coding.Code, error) {
	return qrSymbolMask(payload, level, qrMask)
}

// qrMask is the mask every symbol is drawn with: mask 0, as rsc.io/qr
// uses. The QR standard has the encoder choose among eight by a penalty
// score (qrmask.go; autoMask); the mask study (qr_maskstudy_test.go,
// figures in README) found zbarimg decodes mask 0 as reliably: every one
// of 10,000 letter and ballot symbols at 100 dpi with 0.2 mm of blur under
// either, and where decoding starts to fail neither ahead (the chosen mask
// in 3 runs of 13, mask 0 in 4), while choosing costs 5–8 µs a symbol
// (BenchmarkQR) and 28% of BenchmarkWriteBatch's packs a second. The
// end-to-end tests read every kind of symbol back with zbarimg.
const qrMask coding.Mask = 0

// autoMask asks qrSymbolMask for the mask of lowest penalty (qrmask.go).
const autoMask coding.Mask = -1

// qrSymbolMask is qrSymbol with mask m (0 to 7), or with the mask the QR
// standard's penalty score chooses when m is autoMask.
func qrSymbolMask(payload string, level qr.Level, m coding.Mask) (code *coding.Code, err error) {
	defer func() {
		if r := recover(); r != nil {
			code, err = nil, fmt.Errorf("QR encoder failed: %v", r)
		}
	}()
	var enc coding.Encoding
	switch {
	case isNumeric(payload):
		enc = coding.Num(payload)
	case isQRAlphanumeric(payload):
		enc = coding.Alpha(payload)
	default:
		enc = coding.String(payload)
	}
	l := coding.Level(level)
	v := coding.Version(coding.MinVersion)
	for enc.Bits(v) > v.DataBytes(l)*8 {
		if v++; v > coding.MaxVersion {
			return nil, fmt.Errorf("QR code: %d characters is too long to encode", len(payload))
		}
	}
	var plans [8]*fastPlan
	for i := range plans {
		if m != autoMask && coding.Mask(i) != m {
			continue
		}
		if plans[i], err = qrPlan(v, l, coding.Mask(i)); err != nil {
			return nil, fmt.Errorf("QR code: %w", err)
		}
	}
	if m != autoMask {
		return plans[m].encode(enc), nil
	}
	// The codewords are the same under every mask.
	var b coding.Bits
	enc.Encode(&b, v)
	plans[0].addCheckBytes(&b)
	return bestMask(&plans, b.Bytes()), nil
}

func isNumeric(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// A fastPlan is a coding.Plan laid out for encoding: the symbol with every
// data and check module at its masked value for a 0 bit, and where each
// bit of the codewords goes. Its encode makes the same symbol as
// Plan.Encode (a test compares them), in a fraction of the time.
//
// For mask selection (bestMask), symbols of up to maxWordSize modules also
// have the base as words, each row and each column, module i in bit i, and
// where each codeword bit goes as row and column.
type fastPlan struct {
	*coding.Plan
	size, stride int
	base         []byte
	place        []int32   // place[o]: the module of codeword bit o, as y*stride*8 + x
	rs           sync.Pool // *gf256.RSEncoder: not safe to share, it keeps a scratch buffer

	baseRows, baseCols []uint64
	placeYX            [][2]uint8 // placeYX[o]: row and column of codeword bit o, or noModule
}

const noModule = 0xff

func newFastPlan(p *coding.Plan) *fastPlan {
	fp := &fastPlan{Plan: p, size: len(p.Pixel), stride: (len(p.Pixel) + 7) &^ 7}
	fp.rs.New = func() any { return gf256.NewRSEncoder(coding.Field, p.CheckBytes/p.Blocks) }
	fp.base = make([]byte, fp.stride*fp.size)
	for y, row := range p.Pixel {
		for x, pix := range row {
			if pix&coding.Black != 0 {
				fp.base[y*fp.stride+x/8] |= 0x80 >> (x & 7)
			}
			if r := pix.Role(); r == coding.Data || r == coding.Check {
				o := int(pix.Offset())
				for len(fp.place) <= o {
					fp.place = append(fp.place, -1)
				}
				fp.place[o] = int32(y*fp.stride*8 + x)
			}
		}
	}
	if fp.size <= maxWordSize {
		fp.baseRows, fp.baseCols = make([]uint64, fp.size), make([]uint64, fp.size)
		for y, row := range p.Pixel {
			for x, pix := range row {
				if pix&coding.Black != 0 {
					fp.baseRows[y] |= 1 << x
					fp.baseCols[x] |= 1 << y
				}
			}
		}
		fp.placeYX = make([][2]uint8, len(fp.place))
		for o, at := range fp.place {
			fp.placeYX[o] = [2]uint8{noModule, noModule}
			if at >= 0 {
				fp.placeYX[o] = [2]uint8{uint8(int(at) / (fp.stride * 8)), uint8(int(at) % (fp.stride * 8))}
			}
		}
	}
	return fp
}

// addCheckBytes is coding.Bits.AddCheckBytes with the plan's Reed-Solomon
// encoder made once: pad the data to the plan's data bytes, then append
// each block's check bytes.
func (fp *fastPlan) addCheckBytes(b *coding.Bits) {
	nd := fp.DataBytes
	if b.Bits() < nd*8 {
		b.Pad(nd*8 - b.Bits())
	}
	if b.Bits() != nd*8 {
		panic("qr: too much data") // recovered by qrSymbol
	}
	dat := b.Bytes()
	db, extra := nd/fp.Blocks, nd%fp.Blocks
	var chkBuf [64]byte
	chk := chkBuf[:fp.CheckBytes/fp.Blocks]
	rs := fp.rs.Get().(*gf256.RSEncoder)
	defer fp.rs.Put(rs)
	for i := range fp.Blocks {
		if i == fp.Blocks-extra {
			db++
		}
		rs.ECC(dat[:db], chk)
		b.Append(chk)
		dat = dat[db:]
	}
}

func (fp *fastPlan) encode(enc coding.Encoding) *coding.Code {
	var b coding.Bits
	enc.Encode(&b, fp.Version)
	fp.addCheckBytes(&b)
	return fp.encodeBytes(b.Bytes())
}

// encodeBytes is the symbol holding data, the codewords with their check
// bytes.
func (fp *fastPlan) encodeBytes(data []byte) *coding.Code {
	bm := make([]byte, len(fp.base))
	copy(bm, fp.base)
	for o, at := range fp.place {
		if at >= 0 && o>>3 < len(data) && data[o>>3]&(0x80>>(o&7)) != 0 {
			bm[at>>3] ^= 0x80 >> (at & 7)
		}
	}
	return &coding.Code{Bitmap: bm, Size: fp.size, Stride: fp.stride}
}

type planKey struct {
	v coding.Version
	l coding.Level
	m coding.Mask
}

var qrPlans sync.Map // planKey → *fastPlan

func qrPlan(v coding.Version, l coding.Level, m coding.Mask) (*fastPlan, error) {
	k := planKey{v, l, m}
	if p, ok := qrPlans.Load(k); ok {
		return p.(*fastPlan), nil
	}
	p, err := coding.NewPlan(v, l, m)
	if err != nil {
		return nil, err
	}
	p2, _ := qrPlans.LoadOrStore(k, newFastPlan(p))
	return p2.(*fastPlan), nil
}

// qrBuffers holds the byte buffers drawQR builds its paths in.
var qrBuffers = sync.Pool{New: func() any { return new([]byte) }}

// drawQR draws a QR code in pure black with its top left corner at x, y
// and side size (mm): one path, in module units, of rectangles that cover
// the dark modules exactly: each run of dark modules in a row, extended
// down over the rows below that have the very same run.
func drawQR(pdf *fpdf.Fpdf, payload string, x, y, size float64, level qr.Level) error {
	code, err := qrSymbol(payload, level)
	if err != nil {
		return err
	}
	bp := qrBuffers.Get().(*[]byte)
	defer qrBuffers.Put(bp)
	b := appendModuleSpace((*bp)[:0], pdf, x, y, size/float64(code.Size))
	b = appendModuleRects(b, code)
	b = append(b, "f Q"...)
	pdf.RawWriteBytes(b)
	*bp = b
	return nil
}

// A moduleRect is dark modules [x0, x1) of the rows from y0 down.
type moduleRect struct{ x0, x1, y0 int16 }

// appendModuleRects appends "x y w h re" for rectangles that together
// cover exactly the dark modules of code, in a fixed order.
func appendModuleRects(b []byte, code *coding.Code) []byte {
	var openBuf, nextBuf [64]moduleRect // room for the runs of a row of any symbol the packs carry
	var runBuf [64][2]int16
	runs := runBuf[:0]
	open, next := openBuf[:0], nextBuf[:0] // runs of the row above (x0, x1, first row), and of this row
	for row := 0; row <= code.Size; row++ {
		next = next[:0]
		i := 0 // next run of the row above to match
		if row < code.Size {
			runs = darkRuns(runs[:0], code.Bitmap[row*code.Stride:(row+1)*code.Stride], code.Size)
			for _, run := range runs {
				start, end := run[0], run[1]
				// Close the runs above that start before this one.
				for i < len(open) && open[i].x0 < start {
					b = appendRect(b, open[i], row)
					i++
				}
				top := int16(row)
				if i < len(open) && open[i].x0 == start && open[i].x1 == end {
					top = open[i].y0
					i++
				}
				next = append(next, moduleRect{x0: start, x1: end, y0: top})
			}
		}
		for ; i < len(open); i++ {
			b = appendRect(b, open[i], row)
		}
		open, next = next, open
	}
	return b
}

// darkRuns appends to dst the runs [start, end) of dark modules in a row
// of size modules (bitmap, most significant bit first), in order.
func darkRuns(dst [][2]int16, row []byte, size int) [][2]int16 {
	if size > 64 {
		for col := 0; col < size; {
			if row[col>>3]&(0x80>>(col&7)) == 0 {
				col++
				continue
			}
			start := col
			for col < size && row[col>>3]&(0x80>>(col&7)) != 0 {
				col++
			}
			dst = append(dst, [2]int16{int16(start), int16(col)})
		}
		return dst
	}
	var w uint64 // the row, column 0 in the top bit
	for i := 0; i < 8 && i < len(row); i++ {
		w |= uint64(row[i]) << (56 - 8*i)
	}
	w &^= ^uint64(0) >> size // nothing past the symbol's edge
	for w != 0 {
		start := bits.LeadingZeros64(w)
		n := bits.LeadingZeros64(^(w << start))
		dst = append(dst, [2]int16{int16(start), int16(start + n)})
		if start+n == 64 {
			break
		}
		w &= ^uint64(0) >> (start + n)
	}
	return dst
}

// appendRect appends r, ending above row end, as "x y w h re".
func appendRect(b []byte, r moduleRect, end int) []byte {
	b = appendSmall(b, int(r.x0))
	b = append(b, ' ')
	b = appendSmall(b, int(r.y0))
	b = append(b, ' ')
	b = appendSmall(b, int(r.x1-r.x0))
	b = append(b, ' ')
	b = appendSmall(b, end-int(r.y0))
	return append(b, " re\n"...)
}

// appendSmall appends n ≥ 0 in decimal.
func appendSmall(b []byte, n int) []byte {
	switch {
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	return strconv.AppendInt(b, int64(n), 10)
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
