package packgen

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"
	"rsc.io/qr/coding"

	"github.com/ballotpack/ballotpack/codes"
)

// TestModuleRects checks that the rectangles drawQR paints cover exactly
// the dark modules of a symbol, each once, for symbols of every kind the
// packs carry, and that the symbol is the one rsc.io/qr's Encode makes.
func TestModuleRects(t *testing.T) {
	payloads := []string{strings.Repeat("https://vote.example.org/long/", 25), "0", "BALLOTPACK:ABCDE1234F", "HTTPS://VOTE.EXAMPLE.ORG/V/ABCDE1234F/ABCD1234EFGH567J", "https://vote.example.org/v?x=é"}
	for i := range 300 {
		payloads = append(payloads, MarkPayload(fmt.Sprintf("J%08X", i*2654435761), i%200+1, i*37+1, i%3+1, 3))
	}
	for _, p := range payloads {
		for _, level := range []qr.Level{qr.L, qr.M} {
			code, err := qrSymbol(p, level)
			if err != nil {
				t.Fatal(err)
			}
			want, err := qr.Encode(p, level)
			if err != nil {
				t.Fatal(err)
			}
			if string(want.Bitmap) != string(code.Bitmap) || want.Size != code.Size {
				t.Fatalf("%q: symbol differs from rsc.io/qr's Encode", p)
			}
			painted := make([]int, code.Size*code.Size)
			for line := range strings.Lines(string(appendModuleRects(nil, code))) {
				f := strings.Fields(line)
				if len(f) != 5 || f[4] != "re" {
					t.Fatalf("%q: unexpected path line %q", p, line)
				}
				var n [4]int
				for j := range n {
					n[j], err = strconv.Atoi(f[j])
					if err != nil || n[j] < 0 {
						t.Fatalf("%q: bad number in %q", p, line)
					}
				}
				x, y, w, h := n[0], n[1], n[2], n[3]
				if w == 0 || h == 0 || x+w > code.Size || y+h > code.Size {
					t.Fatalf("%q: rectangle %q out of the symbol", p, line)
				}
				for r := y; r < y+h; r++ {
					for c := x; c < x+w; c++ {
						painted[r*code.Size+c]++
					}
				}
			}
			for r := range code.Size {
				for c := range code.Size {
					want := 0
					if code.Black(c, r) {
						want = 1
					}
					if got := painted[r*code.Size+c]; got != want {
						t.Fatalf("%q level %v: module (%d, %d) painted %d times, want %d", p, level, c, r, got, want)
					}
				}
			}
		}
	}
}

// TestQRSymbolConcurrent encodes on several goroutines at once, as the
// batch workers do, with the shared plans (run it with -race).
func TestQRSymbolConcurrent(t *testing.T) {
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range 200 {
				p := BallotQRPayload(fmt.Sprintf("%010d", g*1000+i))
				code, err := qrSymbol(p, qr.M)
				want, _ := qr.Encode(p, qr.M)
				if err == nil && string(code.Bitmap) != string(want.Bitmap) {
					err = fmt.Errorf("%q: symbol differs from rsc.io/qr's Encode", p)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// refEncode is rsc.io/qr's Encode with mask m: its choice of mode and
// version, then coding.Plan.Encode, which places every module itself.
func refEncode(t testing.TB, text string, level qr.Level, m coding.Mask) *coding.Code {
	t.Helper()
	var enc coding.Encoding
	switch {
	case coding.Num(text).Check() == nil:
		enc = coding.Num(text)
	case coding.Alpha(text).Check() == nil:
		enc = coding.Alpha(text)
	default:
		enc = coding.String(text)
	}
	l := coding.Level(level)
	v := coding.Version(coding.MinVersion)
	for enc.Bits(v) > v.DataBytes(l)*8 {
		v++
	}
	p, err := coding.NewPlan(v, l, m)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Encode(enc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// refPenalty scores a symbol as ISO/IEC 18004 §7.8.3 says, written
// plainly and apart from qrmask.go: each row and column as a string of
// 0 (light) and 1 (dark), with four light modules of quiet zone each side.
func refPenalty(c *coding.Code) int {
	n1, n2, n3, n4 := refPenaltyRules(c)
	return n1 + n2 + n3 + n4
}

// refPenaltyRules is refPenalty rule by rule.
func refPenaltyRules(c *coding.Code) (n1, n2, n3, n4 int) {
	n := c.Size
	var lines []string
	for i := range n {
		var row, col strings.Builder
		for j := range n {
			row.WriteByte("01"[b2i(c.Black(j, i))])
			col.WriteByte("01"[b2i(c.Black(i, j))])
		}
		lines = append(lines, row.String(), col.String())
	}
	for _, line := range lines {
		// N1: runs of five or more of one colour.
		for i := 0; i < len(line); {
			j := i
			for j < len(line) && line[j] == line[i] {
				j++
			}
			if k := j - i; k >= 5 {
				n1 += 3 + k - 5
			}
			i = j
		}
		// N3: 1011101 with 0000 before or after, once each.
		padded := "0000" + line + "0000"
		for i := 4; i+7 <= len(padded)-4; i++ {
			if padded[i:i+7] == "1011101" && (padded[i-4:i] == "0000" || padded[i+7:i+11] == "0000") {
				n3 += 40
			}
		}
	}
	// N2: 2×2 blocks of one colour.
	dark := 0
	for y := range n {
		for x := range n {
			if c.Black(x, y) {
				dark++
			}
			if x+1 < n && y+1 < n {
				b := c.Black(x, y)
				if c.Black(x+1, y) == b && c.Black(x, y+1) == b && c.Black(x+1, y+1) == b {
					n2 += 3
				}
			}
		}
	}
	// N4: 10 for each whole 5% step of dark modules away from 50%.
	pct := 100 * float64(dark) / float64(n*n)
	n4 = 10 * int(math.Abs(pct-50)/5)
	return n1, n2, n3, n4
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maskPayloads are symbols of every kind the packs carry, and larger
// ones (scored module by module, past maxWordSize) and byte mode.
func maskPayloads() []string {
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer("leadership-2026")
	ps := []string{"0", "https://vote.example.org/v?x=é", strings.Repeat("HTTPS://VOTE.EXAMPLE.ORG/LONG/", 6), strings.Repeat("https://vote.example.org/long/", 25)}
	for i := range 150 {
		pair, _ := is.Derive(codes.Ref{Member: fmt.Sprintf("%07d", i*7919), Issue: 1})
		ps = append(ps,
			LetterQRPayload("https://vote.example.org/v", pair.Ballot.Compact(), pair.Secret.Compact()),
			BallotQRPayload(pair.Ballot.Compact()),
			MarkPayload(fmt.Sprintf("J%08X", uint32(i*2654435761)), i%200+1, i*37+1, i%3+1, 3))
	}
	return ps
}

// TestQRMasks checks, for every mask, that qrSymbolMask makes the symbol
// coding.Plan.Encode makes, that both penalty implementations score it as
// refPenalty does, and that autoMask chooses the mask refPenalty scores
// lowest (the lower-numbered on a tie).
func TestQRMasks(t *testing.T) {
	wordScored, chosen := 0, map[coding.Mask]int{}
	for _, p := range maskPayloads() {
		for _, level := range []qr.Level{qr.L, qr.M} {
			best, bestP := coding.Mask(0), -1
			var want *coding.Code
			for m := range coding.Mask(8) {
				ref := refEncode(t, p, level, m)
				got, err := qrSymbolMask(p, level, m)
				if err != nil {
					t.Fatal(err)
				}
				if got.Size != ref.Size || string(got.Bitmap) != string(ref.Bitmap) {
					t.Fatalf("%q level %v mask %d: symbol differs from coding.Plan.Encode's", p, level, m)
				}
				pen := refPenalty(ref)
				if got := qrPenaltyCode(ref); got != pen {
					t.Errorf("%q level %v mask %d: qrPenaltyCode %d, refPenalty %d", p, level, m, got, pen)
				}
				if ref.Size <= maxWordSize {
					rows, cols := make([]uint64, ref.Size), make([]uint64, ref.Size)
					for y := range ref.Size {
						for x := range ref.Size {
							if ref.Black(x, y) {
								rows[y] |= 1 << x
								cols[x] |= 1 << y
							}
						}
					}
					if got := qrPenaltyWords(rows, cols, ref.Size); got != pen {
						t.Errorf("%q level %v mask %d: qrPenaltyWords %d, refPenalty %d", p, level, m, got, pen)
					}
				}
				if bestP < 0 || pen < bestP {
					best, bestP, want = m, pen, ref
				}
			}
			got, err := qrSymbolMask(p, level, autoMask)
			if err != nil {
				t.Fatal(err)
			}
			if got.Size != want.Size || string(got.Bitmap) != string(want.Bitmap) {
				t.Errorf("%q level %v: autoMask did not choose mask %d (penalty %d)", p, level, best, bestP)
			}
			if want.Size <= maxWordSize {
				wordScored++
			}
			chosen[best]++
		}
	}
	if wordScored == 0 || len(chosen) < 6 {
		t.Errorf("the cases exercise too little: %d word-scored, masks chosen %v", wordScored, chosen)
	}
}

// TestPenaltyRules checks the line rules (N1, N3) and the dark-module
// rule (N4) on cases worked out by hand; N2 is checked against refPenalty
// in TestQRMasks.
func TestPenaltyRules(t *testing.T) {
	for _, c := range []struct {
		line string
		want int
	}{
		{"1010101010", 0},
		{"1111101010", 3},       // a dark run of 5
		{"1111111010", 5},       // of 7: 3 + 2
		{"0000010101", 3},       // light runs count too
		{"1011101", 40},         // a finder-like pattern: the quiet zone is light
		{"00001011101", 40},     // light before it
		{"100010111011", 0},     // light three modules before it, none after
		{"000010111010000", 40}, // light both sides: once
		{"101110100000", 43},    // light after it, a run of 5
	} {
		var w uint64
		for i, b := range c.line {
			if b == '1' {
				w |= 1 << i
			}
		}
		if got := linePenalty(w, len(c.line)); got != c.want {
			t.Errorf("line %s: penalty %d, want %d", c.line, got, c.want)
		}
	}
	for _, c := range []struct{ dark, want int }{{500, 0}, {549, 0}, {550, 10}, {451, 0}, {450, 10}, {401, 10}, {399, 20}, {600, 20}, {0, 100}, {1000, 100}} {
		if got := darkPenalty(c.dark, 1000); got != c.want {
			t.Errorf("%d of 1000 dark: penalty %d, want %d", c.dark, got, c.want)
		}
	}
}

// BenchmarkQR encodes the symbols of a pack (the letter's, the ballot
// paper's, an integrity mark), with mask 0 and with the mask the penalty
// score chooses.
func BenchmarkQR(b *testing.B) {
	ps := maskPayloads()[4:]
	for i, kind := range []struct {
		name  string
		level qr.Level
	}{{"letter", qr.M}, {"ballot", qr.M}, {"mark", qr.L}} {
		for _, mask := range []struct {
			name string
			m    coding.Mask
		}{{"mask0", 0}, {"chosen", autoMask}} {
			b.Run(kind.name+"/"+mask.name, func(b *testing.B) {
				b.ReportAllocs()
				j := 0
				for b.Loop() {
					if _, err := qrSymbolMask(ps[3*(j%150)+i], kind.level, mask.m); err != nil {
						b.Fatal(err)
					}
					j++
				}
			})
		}
	}
}

// TestQRMasksDecode draws a symbol of each kind under each of the eight
// masks and reads it back with zbarimg: rsc.io/qr's own Encode only ever
// uses mask 0, so this shows its other masks (and their format bits) are
// right.
func TestQRMasksDecode(t *testing.T) {
	if _, err := osexec.LookPath("zbarimg"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is not installed (zbar-tools): .ci/run installs it")
		}
		t.Skip("zbarimg is not installed")
	}
	dir := t.TempDir()
	var paths, want []string
	for _, p := range maskPayloads()[4:7] {
		for m := range coding.Mask(8) {
			code, err := qrSymbolMask(p, qr.M, m)
			if err != nil {
				t.Fatal(err)
			}
			const scale, quiet = 4, 4
			side := (code.Size + 2*quiet) * scale
			img := image.NewGray(image.Rect(0, 0, side, side))
			for i := range img.Pix {
				img.Pix[i] = 0xff
			}
			for y := range side {
				for x := range side {
					if mx, my := x/scale-quiet, y/scale-quiet; mx >= 0 && my >= 0 && mx < code.Size && my < code.Size && code.Black(mx, my) {
						img.Pix[y*side+x] = 0
					}
				}
			}
			var b bytes.Buffer
			png.Encode(&b, img)
			path := filepath.Join(dir, fmt.Sprintf("%d-%d.png", len(paths), m))
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			paths, want = append(paths, path), append(want, p)
		}
	}
	out, err := osexec.Command("zbarimg", append([]string{"-q", "--raw", "-Sdisable", "-Sqrcode.enable"}, paths...)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("zbarimg read\n%s\nwant (each kind under masks 0 to 7)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
