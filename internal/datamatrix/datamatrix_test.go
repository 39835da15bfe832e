package datamatrix

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var allSizes = []Size{Square24, Square32, Rect16x48}

// The generator polynomial for 5 error-correction codewords as ISO/IEC
// 16022 tabulates it, coefficients of x⁴ … x⁰.
func TestGenerator(t *testing.T) {
	if got, want := generator(5), []int{62, 111, 15, 48, 228}; !slices.Equal(got, want) {
		t.Errorf("generator(5) = %v, want %v", got, want)
	}
}

// The worked encodation example of ISO/IEC 16022: "123456" in a 10×10 symbol
// is 142 164 186 in ASCII with error correction 114 25 5 88 102. dmtxwrite
// writes the same.
func TestReedSolomonVector(t *testing.T) {
	got := rsEncode([]byte{142, 164, 186}, 5)
	if want := []byte{114, 25, 5, 88, 102}; !slices.Equal(got, want) {
		t.Errorf("rsEncode(142 164 186, 5) = %v, want %v", got, want)
	}
}

// Every symbol's codewords, read as a polynomial, vanish at 2¹ … 2ⁿ.
func TestReedSolomonSyndromes(t *testing.T) {
	for _, size := range allSizes {
		s, err := Encode("JGB 012100123412345678AB19XY1A 0             ", size)
		if err != nil {
			t.Fatal(err)
		}
		if i := badSyndrome(s.codewords, sizes[size].errorCodewords); i != 0 {
			t.Errorf("%v: syndrome %d is not zero", size, i)
		}
	}
}

// badSyndrome returns the first i in 1…n with c(2ⁱ) ≠ 0, or 0.
func badSyndrome(cw []byte, n int) int {
	for i := 1; i <= n; i++ {
		s := 0
		for _, c := range cw {
			s = gfMul(s, gfExp[i]) ^ int(c)
		}
		if s != 0 {
			return i
		}
	}
	return 0
}

func TestC40(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		capacity int
		want     []byte
	}{
		// §5.2.5.1's example: A, I, M are 14, 22, 26: 1600·14 + 40·22 + 26 + 1 = 91·256 + 11.
		{"triple fills the symbol, no unlatch", "AIM", 3, []byte{230, 91, 11}},
		{"unlatch, then a pad", "AIM", 5, []byte{230, 91, 11, 254, 129}},
		{"second pad randomised (position 6)", "AIM", 6, []byte{230, 91, 11, 254, 129, 11}},
		{"one value left, one codeword: ASCII, no unlatch", "AIMA", 4, []byte{230, 91, 11, 66}},
		{"one value left, two codewords: unlatch, ASCII", "AIMA", 5, []byte{230, 91, 11, 254, 66}},
		{"two values left: Shift 1 completes the triple", "AIMAI", 5, []byte{230, 91, 11, 90, 241}},
		{"two values left, room after: unlatch", "AIMAI", 6, []byte{230, 91, 11, 90, 241, 254}},
		{"one character: ASCII, no latch", "A", 1, []byte{66}},
		{"Shift 3 (lower case)", "AIMa", 5, []byte{230, 91, 11, 12, 169}},
		{"Shift 2 (punctuation)", "AIM-A", 5, []byte{230, 91, 11, 8, 47}},
		{"shifted last character alone: all of it in ASCII", "AB-", 4, []byte{230, 89, 217, 46}},
		{"shifted last character alone, room: unlatch, ASCII", "AB-", 5, []byte{230, 89, 217, 254, 46}},
		{"Shift 1 (control)", "\x01", 3, []byte{230, 0, 41}},
		{"nothing: pads, 2nd and 3rd randomised", "", 3, []byte{129, 175, 70}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeC40(tt.data, tt.capacity)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("encodeC40(%q, %d) = %v, want %v", tt.data, tt.capacity, got, tt.want)
			}
		})
	}
}

// The 253-state pad: 129 + ((149·P) mod 253) + 1, less 254 when over 254.
func TestPads(t *testing.T) {
	got := padTo([]byte{1}, 6)
	want := []byte{1, 129}
	for p := 3; p <= 6; p++ {
		v := 129 + (149*p)%253 + 1
		if v > 254 {
			v -= 254
		}
		want = append(want, byte(v))
	}
	if !slices.Equal(got, want) {
		t.Errorf("padTo = %v, want %v", got, want)
	}
}

// Codewords written by libdmtx's dmtxwrite, frozen in testdata.
func TestVectors(t *testing.T) {
	f, err := os.Open("testdata/dmtxwrite.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byName := map[string]Size{}
	for _, s := range allSizes {
		byName[s.String()] = s
	}
	sc, n := bufio.NewScanner(f), 0
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			t.Fatalf("line %d: %d fields", line, len(fields))
		}
		data, err := strconv.Unquote(fields[1])
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		want, err := hex.DecodeString(fields[2])
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		s, err := Encode(data, byName[fields[0]])
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if !slices.Equal(s.codewords, want) {
			t.Errorf("line %d: %s %q:\n got %x\nwant %x", line, fields[0], data, s.codewords, want)
		}
		n++
	}
	if n < 9 {
		t.Errorf("%d vectors, want 9", n)
	}
}

func TestCapacity(t *testing.T) {
	for _, size := range allSizes {
		max := size.BasicCapacity()
		if _, err := Encode(strings.Repeat("Z", max), size); err != nil {
			t.Errorf("%v: %d characters: %v", size, max, err)
		}
		_, err := Encode(strings.Repeat("Z", max+1), size)
		var fe *FitError
		if !errors.As(err, &fe) || fe.Size != size || fe.Chars != max+1 || fe.Codewords <= size.DataCodewords() {
			t.Errorf("%v: %d characters: err = %#v, want a *FitError for this size", size, max+1, err)
		}
	}
	if got := []int{Square24.BasicCapacity(), Square32.BasicCapacity(), Rect16x48.BasicCapacity()}; !slices.Equal(got, []int{52, 91, 72}) {
		t.Errorf("BasicCapacity = %v, want [52 91 72]", got)
	}
	// Twice the cost: shifted characters.
	_, err := Encode(strings.Repeat("a", 27), Square24)
	if want := "datamatrix: 27 characters need 37 data codewords in C40, a 24x24 symbol holds 36 (at most 52 characters of A-Z, 0-9 and space)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestErrors(t *testing.T) {
	_, err := Encode("AB\xe9", Square24)
	var ce *CharError
	if !errors.As(err, &ce) || ce.Offset != 2 || ce.Byte != 0xe9 {
		t.Errorf("non-ASCII: err = %v, want a *CharError at offset 2", err)
	}
	if _, err := Encode("A", Size(0)); err != ErrSize {
		t.Errorf("Size(0): err = %v, want ErrSize", err)
	}
	if got := Size(9).String(); got != "Size(9)" {
		t.Errorf("Size(9).String() = %q", got)
	}
}

// The finder and timing patterns, written out from ISO/IEC 16022 §5.1 and
// Figure 4 for each size: where the data regions' borders are.
func TestPatterns(t *testing.T) {
	tests := []struct {
		size       Size
		rows, cols int
		solidRows  []int // bottom edges: all dark
		solidCols  []int // left edges: all dark
		timingRows []int // top edges: dark in even columns
		timingCols []int // right edges: dark in odd rows
	}{
		{Square24, 24, 24, []int{23}, []int{0}, []int{0}, []int{23}},
		{Square32, 32, 32, []int{15, 31}, []int{0, 16}, []int{0, 16}, []int{15, 31}},
		{Rect16x48, 16, 48, []int{15}, []int{0, 24}, []int{0}, []int{23, 47}},
	}
	for _, tt := range tests {
		s, err := Encode("PATTERN TEST", tt.size)
		if err != nil {
			t.Fatal(err)
		}
		if s.Rows() != tt.rows || s.Cols() != tt.cols {
			t.Fatalf("%v: %d×%d, want %d×%d", tt.size, s.Rows(), s.Cols(), tt.rows, tt.cols)
		}
		for r := 0; r < s.Rows(); r++ {
			for c := 0; c < s.Cols(); c++ {
				want, fixed := false, false
				switch {
				case slices.Contains(tt.solidRows, r) || slices.Contains(tt.solidCols, c):
					want, fixed = true, true
				case slices.Contains(tt.timingRows, r):
					want, fixed = c%2 == 0, true
				case slices.Contains(tt.timingCols, c):
					want, fixed = r%2 == 1, true
				}
				if fixed && s.Dark(r, c) != want {
					t.Errorf("%v: module (%d, %d) dark = %v, want %v", tt.size, r, c, s.Dark(r, c), want)
				}
			}
		}
		if s.Dark(-1, 0) || s.Dark(0, s.Cols()) {
			t.Errorf("%v: a module outside the symbol is dark", tt.size)
		}
	}
}

// Each bit of each codeword lands on a module of its own, and together they
// cover the mapping matrix but for the fixed 2×2 corner where Annex F leaves
// one.
func TestPlacementCoversMatrix(t *testing.T) {
	for _, size := range allSizes {
		a := sizes[size]
		nrow, ncol := a.regionRows*a.regionsV, a.regionCols*a.regionsH
		total := a.dataCodewords + a.errorCodewords
		empty := place(nrow, ncol, make([]byte, total))
		fixed := 0
		for _, d := range empty {
			if d {
				fixed++
			}
		}
		if wantFixed := 2 * (nrow*ncol - 8*total) / 4; fixed != wantFixed {
			t.Errorf("%v: %d modules of the fixed pattern, want %d", size, fixed, wantFixed)
		}
		owner := make([]int, nrow*ncol)
		for i := range owner {
			owner[i] = -1
		}
		for i := 0; i < total; i++ {
			for bit := 0; bit < 8; bit++ {
				cw := make([]byte, total)
				cw[i] = 1 << bit
				m := place(nrow, ncol, cw)
				var set []int
				for j := range m {
					if m[j] && !empty[j] {
						set = append(set, j)
					}
				}
				if len(set) != 1 {
					t.Fatalf("%v: codeword %d bit %d is on %d modules", size, i, bit, len(set))
				}
				if owner[set[0]] >= 0 {
					t.Fatalf("%v: module %d holds two bits", size, set[0])
				}
				owner[set[0]] = i*8 + bit
			}
		}
		free := 0
		for j := range owner {
			if owner[j] < 0 {
				free++
			}
		}
		if free != nrow*ncol-8*total {
			t.Errorf("%v: %d modules hold no bit, want %d", size, free, nrow*ncol-8*total)
		}
	}
}
