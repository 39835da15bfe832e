package packgen

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"
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
