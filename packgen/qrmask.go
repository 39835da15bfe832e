package packgen

import (
	"math"
	"math/bits"

	"rsc.io/qr/coding"
)

// QR mask selection as ISO/IEC 18004 §7.8.3 (§8.8 in the 2000 edition)
// asks: each of the eight masks is applied, the whole symbol (function
// patterns and format information included) is scored, and the mask with
// the lowest penalty wins, the lower-numbered on a tie. The score:
//
//	N1  a run of k ≥ 5 modules of one colour in a row or column: 3 + (k − 5)
//	N2  each 2×2 block of one colour (blocks may overlap): 3
//	N3  each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) in a row or
//	    column with 4 light modules before or after it, outside the symbol
//	    counting as light (the quiet zone): 40
//	N4  10 for every full 5% the dark modules stray from half the symbol
//
// (N3 read as ZXing reads it: once per pattern, light on either side.)

// maxWordSize is the largest symbol whose rows, with 4 light modules either
// side, fit a uint64 for the word-wise score (version 9, 53 modules, is the
// last that fits). Larger symbols are scored module by module.
const maxWordSize = 56

// qrPenaltyWords is the penalty of a symbol of n ≤ maxWordSize modules a
// side given as its rows and its columns, module i of each line in bit i,
// dark set.
func qrPenaltyWords(rows, cols []uint64, n int) int {
	return qrPenaltyWordsBelow(rows, cols, n, math.MaxInt)
}

// qrPenaltyWordsBelow is qrPenaltyWords, or some score of at least limit
// once the penalty is known to reach it: every rule adds, none takes away,
// so a mask whose score so far is no better than the best yet can stop.
func qrPenaltyWordsBelow(rows, cols []uint64, n, limit int) int {
	dark := 0
	for _, r := range rows {
		dark += bits.OnesCount64(r)
	}
	p := darkPenalty(dark, n*n)
	// N2: a block at (x, y) has (x, y) and (x, y+1) alike, and (x+1, y)
	// and (x+1, y+1), and (x, y) and (x+1, y).
	inner := uint64(1)<<(n-1) - 1
	for y := 0; y+1 < n; y++ {
		a, b := rows[y], rows[y+1]
		same := ^(a ^ b)
		blocks := same & (same >> 1) & ^(a ^ (a >> 1)) & inner
		p += 3 * bits.OnesCount64(blocks)
	}
	for _, lines := range [2][]uint64{rows, cols} {
		if p >= limit {
			return p
		}
		for _, w := range lines {
			p += linePenalty(w, n)
		}
	}
	return p
}

// linePenalty is N1 and N3 of one row or column. (In Go, & and >> bind
// alike, left to right: hence the brackets.)
func linePenalty(w uint64, n int) int {
	p := 0
	for _, c := range [2]uint64{w, ^w & (uint64(1)<<n - 1)} {
		// Bit i of five: modules i…i+4 all this colour; of starts: the
		// first such window of a run. A run of k has k−4 windows and one
		// start: k−4+2 = 3+(k−5).
		five := c & (c >> 1) & (c >> 2) & (c >> 3) & (c >> 4)
		starts := five &^ (c << 1)
		p += bits.OnesCount64(five) + 2*bits.OnesCount64(starts)
	}
	// The line with 4 light modules either side: module i at bit i+4.
	d := w << 4
	l := ^d
	core := d & (l >> 1) & (d >> 2) & (d >> 3) & (d >> 4) & (l >> 5) & (d >> 6)
	before := (l << 1) & (l << 2) & (l << 3) & (l << 4)
	after := (l >> 7) & (l >> 8) & (l >> 9) & (l >> 10)
	return p + 40*bits.OnesCount64(core&(before|after))
}

// darkPenalty is N4: 10 points for each full 5% that dark modules (dark of
// total) are away from 50%.
func darkPenalty(dark, total int) int {
	d := 2*dark - total
	if d < 0 {
		d = -d
	}
	return 10 * (d * 10 / total)
}

// qrPenaltyCode is the same score module by module, for symbols of any size.
func qrPenaltyCode(c *coding.Code) int {
	n := c.Size
	at := func(x, y int) bool { // outside the symbol is light
		return x >= 0 && y >= 0 && x < n && y < n && c.Black(x, y)
	}
	p, dark := 0, 0
	for _, transpose := range []bool{false, true} {
		for i := range n {
			get := func(j int) bool {
				if transpose {
					return at(i, j)
				}
				return at(j, i)
			}
			run := 0
			for j := range n {
				if j > 0 && get(j) == get(j-1) {
					run++
				} else {
					run = 1
				}
				if run == 5 {
					p += 3
				} else if run > 5 {
					p++
				}
				if !transpose && get(j) {
					dark++
				}
				if get(j) && !get(j+1) && get(j+2) && get(j+3) && get(j+4) && !get(j+5) && get(j+6) &&
					(!get(j-1) && !get(j-2) && !get(j-3) && !get(j-4) || !get(j+7) && !get(j+8) && !get(j+9) && !get(j+10)) {
					p += 40
				}
			}
		}
	}
	for y := 0; y+1 < n; y++ {
		for x := 0; x+1 < n; x++ {
			b := c.Black(x, y)
			if c.Black(x+1, y) == b && c.Black(x, y+1) == b && c.Black(x+1, y+1) == b {
				p += 3
			}
		}
	}
	return p + darkPenalty(dark, n*n)
}

// bestMask is the symbol holding data (codewords and check bytes) under
// the mask of lowest penalty, the lower-numbered on a tie; plans are the
// symbol's version and level under masks 0 to 7.
func bestMask(plans *[8]*fastPlan, data []byte) *coding.Code {
	fp := plans[0]
	n := fp.size
	if n > maxWordSize {
		var best *coding.Code
		bestP := 0
		for _, p := range plans {
			c := p.encodeBytes(data)
			if pen := qrPenaltyCode(c); best == nil || pen < bestP {
				best, bestP = c, pen
			}
		}
		return best
	}
	// The codeword bits as rows and columns, then each mask's symbol as
	// its base XOR those.
	var dataRows, dataCols, rows, cols [maxWordSize]uint64
	for o, yx := range fp.placeYX {
		if yx[0] != noModule && data[o>>3]&(0x80>>(o&7)) != 0 {
			dataRows[yx[0]] |= 1 << yx[1]
			dataCols[yx[1]] |= 1 << yx[0]
		}
	}
	best, bestP := 0, 0
	for m, p := range plans {
		for i := range n {
			rows[i] = p.baseRows[i] ^ dataRows[i]
			cols[i] = p.baseCols[i] ^ dataCols[i]
		}
		limit := math.MaxInt
		if m > 0 {
			limit = bestP
		}
		if pen := qrPenaltyWordsBelow(rows[:n], cols[:n], n, limit); m == 0 || pen < bestP {
			best, bestP = m, pen
		}
	}
	p := plans[best]
	bm := make([]byte, len(p.base))
	for y := range n {
		w := p.baseRows[y] ^ dataRows[y]
		for j := 0; j*8 < n; j++ {
			bm[y*p.stride+j] = bits.Reverse8(uint8(w >> (8 * j)))
		}
	}
	return &coding.Code{Bitmap: bm, Size: n, Stride: p.stride}
}
