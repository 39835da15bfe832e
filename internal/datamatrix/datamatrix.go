// Package datamatrix encodes Data Matrix ECC 200 symbols (ISO/IEC 16022) in
// the three sizes Royal Mail's Mailmark 2D barcode uses: square 24×24
// (Mailmark Type 7), square 32×32 (Type 9) and rectangular 16×48 (Type 29).
//
// The size is the caller's choice and is never changed: data that does not
// fit is refused with a *FitError saying how much room it needs and how much
// the size has. Data is encoded in C40, the encodation the Mailmark barcode
// definition asks for (upper-case letters, digits and space cost two thirds
// of a codeword each; other ASCII characters cost twice that, through C40's
// shift sets), with the end-of-data rules of ISO/IEC 16022 §5.2.5.2 and pad
// codewords randomised by the 253-state algorithm (§5.2.3). Each of the
// three sizes has one Reed–Solomon block (Table 7), computed over GF(256)
// with the standard's prime polynomial 301, and the codewords are placed by
// the algorithm of Annex F in data regions bounded by the finder pattern
// (solid left and bottom edges) and the timing pattern (alternating top and
// right edges).
//
// A Symbol is a grid of modules; drawing it (module size, quiet zone) is the
// caller's business.
package datamatrix

import (
	"errors"
	"fmt"
)

// Size is a symbol size. The zero Size is not a size.
type Size int

// The sizes this package makes.
const (
	Square24  Size = iota + 1 // 24×24, one 22×22 data region: Mailmark Type 7
	Square32                  // 32×32, four 14×14 data regions: Mailmark Type 9
	Rect16x48                 // 16 rows × 48 columns, two 14×22 data regions: Mailmark Type 29
)

// attributes of a size, from ISO/IEC 16022 Table 7.
type attributes struct {
	rows, cols     int // the whole symbol, finder and timing patterns included
	regionRows     int // rows of one data region
	regionCols     int // columns of one data region
	regionsV       int // data regions down the symbol
	regionsH       int // data regions across it
	dataCodewords  int
	errorCodewords int // one Reed–Solomon block in all three sizes
	name           string
}

var sizes = map[Size]attributes{
	Square24:  {24, 24, 22, 22, 1, 1, 36, 24, "24x24"},
	Square32:  {32, 32, 14, 14, 2, 2, 62, 36, "32x32"},
	Rect16x48: {16, 48, 14, 22, 1, 2, 49, 28, "16x48"},
}

func (s Size) String() string {
	if a, ok := sizes[s]; ok {
		return a.name
	}
	return fmt.Sprintf("Size(%d)", int(s))
}

// Rows is the number of module rows of a symbol of this size (0 for a Size
// that is not one of the constants).
func (s Size) Rows() int { return sizes[s].rows }

// Cols is the number of module columns of a symbol of this size.
func (s Size) Cols() int { return sizes[s].cols }

// DataCodewords is how many data codewords a symbol of this size holds (0 for
// a Size that is not one of the constants).
func (s Size) DataCodewords() int { return sizes[s].dataCodewords }

// BasicCapacity is the most characters from C40's basic set (A–Z, 0–9 and
// space) that a symbol of this size holds: 52, 91 and 72.
func (s Size) BasicCapacity() int {
	n := sizes[s].dataCodewords
	if n == 0 {
		return 0
	}
	// The latch to C40, three characters in each pair of codewords, and a
	// last character in ASCII in a single codeword left over (§5.2.5.2).
	n--
	return n/2*3 + n%2
}

// ErrSize is returned for a Size that is not one of the constants.
var ErrSize = errors.New("datamatrix: unknown symbol size (Square24, Square32 or Rect16x48)")

// A FitError says that the data does not fit the size asked for.
type FitError struct {
	Size      Size
	Chars     int // characters in the data
	Codewords int // data codewords the data needs in C40
}

func (e *FitError) Error() string {
	return fmt.Sprintf("datamatrix: %d characters need %d data codewords in C40, a %v symbol holds %d (at most %d characters of A-Z, 0-9 and space)",
		e.Chars, e.Codewords, e.Size, e.Size.DataCodewords(), e.Size.BasicCapacity())
}

// A CharError says that the data holds a byte C40 does not encode here:
// this package takes ASCII (0–127) only.
type CharError struct {
	Offset int  // byte offset in the data
	Byte   byte // the byte
}

func (e *CharError) Error() string {
	return fmt.Sprintf("datamatrix: byte 0x%02X at offset %d is not ASCII (0x00-0x7F)", e.Byte, e.Offset)
}

// A Symbol is an encoded Data Matrix: Rows × Cols modules, finder and timing
// patterns included, without a quiet zone.
type Symbol struct {
	rows, cols int
	dark       []bool // row-major
	codewords  []byte // data then error correction, as placed
}

// Rows is the number of module rows.
func (s *Symbol) Rows() int { return s.rows }

// Cols is the number of module columns.
func (s *Symbol) Cols() int { return s.cols }

// Dark reports whether the module at row r, column c (0, 0 at the top left)
// is dark. Outside the symbol every module is light.
func (s *Symbol) Dark(r, c int) bool {
	if r < 0 || c < 0 || r >= s.rows || c >= s.cols {
		return false
	}
	return s.dark[r*s.cols+c]
}

// Encode encodes data, ASCII text, in C40 in a symbol of the given size. It
// returns a *FitError if the data does not fit that size, a *CharError for a
// byte that is not ASCII, and ErrSize for an unknown size.
func Encode(data string, size Size) (*Symbol, error) {
	a, ok := sizes[size]
	if !ok {
		return nil, ErrSize
	}
	cw, err := encodeC40(data, a.dataCodewords)
	if err != nil {
		var fe *FitError
		if errors.As(err, &fe) {
			fe.Size = size
		}
		return nil, err
	}
	cw = append(cw, rsEncode(cw, a.errorCodewords)...)
	return &Symbol{rows: a.rows, cols: a.cols, dark: layout(a, cw), codewords: cw}, nil
}

// layout places the codewords in the mapping matrix (Annex F) and the
// mapping matrix in the data regions, each bounded by a solid L (left and
// bottom) and alternating modules (top and right).
func layout(a attributes, cw []byte) []bool {
	nrow, ncol := a.regionRows*a.regionsV, a.regionCols*a.regionsH
	matrix := place(nrow, ncol, cw)
	dark := make([]bool, a.rows*a.cols)
	h, w := a.regionRows+2, a.regionCols+2 // one region with its patterns
	for r := 0; r < a.rows; r++ {
		for c := 0; c < a.cols; c++ {
			rr, rc := r%h, c%w // position inside the region
			var d bool
			switch {
			case rc == 0 || rr == h-1: // solid left and bottom
				d = true
			case rr == 0: // top: dark, light, … from the left
				d = rc%2 == 0
			case rc == w-1: // right: dark, light, … from the bottom
				d = (h-1-rr)%2 == 0
			default:
				d = matrix[(r/h*a.regionRows+rr-1)*ncol+c/w*a.regionCols+rc-1]
			}
			dark[r*a.cols+c] = d
		}
	}
	return dark
}
