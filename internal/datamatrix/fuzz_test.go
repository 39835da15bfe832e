package datamatrix

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Any string of A–Z, 0–9 and space up to a size's capacity encodes in that
// size; any ASCII string encodes or is a *FitError. What is encoded is then
// checked without a decoder of images: the codewords read back off the
// modules are the symbol's, the data codewords decode (by the rules of
// §5.2.4–5.2.5, written again here) to the input, the pads are the 253-state
// ones, and every Reed–Solomon syndrome is zero.
func FuzzEncode(f *testing.F) {
	f.Add("JGB 012100123412345678AB19XY1A 0             ", uint8(0))
	f.Add("", uint8(1))
	f.Add("a-b.c/d:e@f[g_h`i{j~k\x00\x7f", uint8(2))
	f.Add(strings.Repeat("9", 100), uint8(2))
	f.Fuzz(func(t *testing.T, in string, which uint8) {
		size := allSizes[int(which)%len(allSizes)]
		const basic = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
		b := []byte(in)
		for i := range b {
			b[i] = basic[int(b[i])%len(basic)]
		}
		if len(b) > size.BasicCapacity() {
			b = b[:size.BasicCapacity()]
		}
		s, err := Encode(string(b), size)
		if err != nil {
			t.Fatalf("%v %q: %v", size, b, err)
		}
		checkSymbol(t, s, size, string(b))

		for i := range b {
			b[i] = in[i] & 0x7f
		}
		s, err = Encode(string(b), size)
		var fe *FitError
		switch {
		case errors.As(err, &fe):
			if fe.Codewords <= size.DataCodewords() {
				t.Fatalf("%v %q: %v, but that fits", size, b, err)
			}
		case err != nil:
			t.Fatalf("%v %q: %v", size, b, err)
		default:
			checkSymbol(t, s, size, string(b))
		}
	})
}

func checkSymbol(t *testing.T, s *Symbol, size Size, data string) {
	t.Helper()
	a := sizes[size]
	if s.Rows() != a.rows || s.Cols() != a.cols {
		t.Fatalf("%v: %d×%d", size, s.Rows(), s.Cols())
	}
	cw := readBack(s, size)
	if string(cw) != string(s.codewords) {
		t.Fatalf("%v %q: modules hold %v, codewords are %v", size, data, cw, s.codewords)
	}
	got, padAt, err := decodeData(cw[:a.dataCodewords])
	if err != nil || got != data {
		t.Fatalf("%v %q: data codewords %v decode to %q, %v", size, data, cw[:a.dataCodewords], got, err)
	}
	for p := padAt + 1; p < a.dataCodewords; p++ { // 1-based position p+1
		v := 129 + (149*(p+1))%253 + 1
		if v > 254 {
			v -= 254
		}
		if int(cw[p]) != v {
			t.Fatalf("%v %q: pad at position %d is %d, want %d", size, data, p+1, cw[p], v)
		}
	}
	if i := badSyndrome(cw, a.errorCodewords); i != 0 {
		t.Fatalf("%v %q: syndrome %d is not zero", size, data, i)
	}
}

// bitAt maps each size's modules to the codeword bit each holds (index·8 +
// bit from the most significant), found by placing one bit at a time.
var bitAt = struct {
	sync.Mutex
	m map[Size][][2]int // per codeword bit: row, column in the symbol
}{m: map[Size][][2]int{}}

func readBack(s *Symbol, size Size) []byte {
	bitAt.Lock()
	pos, ok := bitAt.m[size]
	if !ok {
		a := sizes[size]
		total := a.dataCodewords + a.errorCodewords
		zero := layout(a, make([]byte, total))
		for i := 0; i < total*8; i++ {
			cw := make([]byte, total)
			cw[i/8] = 0x80 >> (i % 8)
			one := layout(a, cw)
			for j := range one {
				if one[j] != zero[j] {
					pos = append(pos, [2]int{j / a.cols, j % a.cols})
				}
			}
		}
		bitAt.m[size] = pos
	}
	bitAt.Unlock()
	cw := make([]byte, len(pos)/8)
	for i, p := range pos {
		if s.Dark(p[0], p[1]) {
			cw[i/8] |= 0x80 >> (i % 8)
		}
	}
	return cw
}

// decodeData decodes data codewords in ASCII and C40 (the only schemes this
// encoder uses) and returns the text and the index of the first pad.
func decodeData(cw []byte) (string, int, error) {
	var out []byte
	i := 0
	for i < len(cw) {
		c := cw[i]
		i++
		switch {
		case c == 129:
			return string(out), i - 1, nil
		case c >= 1 && c <= 128:
			out = append(out, c-1)
		case c >= 130 && c <= 229:
			out = fmt.Appendf(out, "%02d", c-130)
		case c == 230:
			shift := 0
			for i+1 < len(cw) && cw[i] != 254 { // a lone last codeword is ASCII
				v := int(cw[i])*256 + int(cw[i+1]) - 1
				i += 2
				for _, x := range [3]int{v / 1600, v / 40 % 40, v % 40} {
					switch shift {
					case 0:
						switch {
						case x < 3:
							shift = x + 1
						case x == 3:
							out = append(out, ' ')
						case x < 14:
							out = append(out, byte('0'+x-4))
						default:
							out = append(out, byte('A'+x-14))
						}
						continue
					case 1:
						out = append(out, byte(x))
					case 2:
						switch {
						case x < 15:
							out = append(out, byte(33+x))
						case x < 22:
							out = append(out, byte(58+x-15))
						case x < 27:
							out = append(out, byte(91+x-22))
						default:
							return "", 0, fmt.Errorf("C40 Shift 2 value %d", x)
						}
					case 3:
						out = append(out, byte(96+x))
					}
					shift = 0
				}
			}
			if i < len(cw) && cw[i] == 254 {
				i++
			}
		default:
			return "", 0, fmt.Errorf("codeword %d at %d", c, i-1)
		}
	}
	return string(out), len(cw), nil
}
