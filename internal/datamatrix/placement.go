package datamatrix

// place lays the codewords' bits out in an nrow × ncol mapping matrix by the
// algorithm of ISO/IEC 16022 Annex F: codewords go in the L-shaped "utah"
// pattern of eight modules along diagonal sweeps, with four special shapes
// for the corners, and a fixed pattern fills the bottom-right 2×2 when the
// sweeps leave it empty. It returns the matrix row-major, true for dark.
func place(nrow, ncol int, cw []byte) []bool {
	p := placer{nrow: nrow, ncol: ncol, cw: cw, set: make([]bool, nrow*ncol), dark: make([]bool, nrow*ncol)}
	chr, row, col := 0, 4, 0
	for {
		switch {
		case row == nrow && col == 0:
			p.corner1(chr)
			chr++
		case row == nrow-2 && col == 0 && ncol%4 != 0:
			p.corner2(chr)
			chr++
		case row == nrow-2 && col == 0 && ncol%8 == 4:
			p.corner3(chr)
			chr++
		case row == nrow+4 && col == 2 && ncol%8 == 0:
			p.corner4(chr)
			chr++
		}
		for { // up and to the right
			if row < nrow && col >= 0 && !p.set[row*ncol+col] {
				p.utah(row, col, chr)
				chr++
			}
			row -= 2
			col += 2
			if row < 0 || col >= ncol {
				break
			}
		}
		row++
		col += 3
		for { // down and to the left
			if row >= 0 && col < ncol && !p.set[row*ncol+col] {
				p.utah(row, col, chr)
				chr++
			}
			row += 2
			col -= 2
			if row >= nrow || col < 0 {
				break
			}
		}
		row += 3
		col++
		if row >= nrow && col >= ncol {
			break
		}
	}
	if !p.set[nrow*ncol-1] { // the fixed pattern: dark on the diagonal
		p.dark[nrow*ncol-1] = true
		p.dark[(nrow-2)*ncol+ncol-2] = true
	}
	return p.dark
}

type placer struct {
	nrow, ncol int
	cw         []byte
	set, dark  []bool
}

// module places bit (1 = most significant … 8) of codeword chr at row, col,
// wrapping positions outside the matrix as Annex F says.
func (p *placer) module(row, col, chr, bit int) {
	if row < 0 {
		row += p.nrow
		col += 4 - (p.nrow+4)%8
	}
	if col < 0 {
		col += p.ncol
		row += 4 - (p.ncol+4)%8
	}
	i := row*p.ncol + col
	p.set[i] = true
	p.dark[i] = chr < len(p.cw) && p.cw[chr]&(1<<(8-bit)) != 0
}

func (p *placer) utah(row, col, chr int) {
	p.module(row-2, col-2, chr, 1)
	p.module(row-2, col-1, chr, 2)
	p.module(row-1, col-2, chr, 3)
	p.module(row-1, col-1, chr, 4)
	p.module(row-1, col, chr, 5)
	p.module(row, col-2, chr, 6)
	p.module(row, col-1, chr, 7)
	p.module(row, col, chr, 8)
}

func (p *placer) corner1(chr int) {
	n, m := p.nrow, p.ncol
	p.module(n-1, 0, chr, 1)
	p.module(n-1, 1, chr, 2)
	p.module(n-1, 2, chr, 3)
	p.module(0, m-2, chr, 4)
	p.module(0, m-1, chr, 5)
	p.module(1, m-1, chr, 6)
	p.module(2, m-1, chr, 7)
	p.module(3, m-1, chr, 8)
}

func (p *placer) corner2(chr int) {
	n, m := p.nrow, p.ncol
	p.module(n-3, 0, chr, 1)
	p.module(n-2, 0, chr, 2)
	p.module(n-1, 0, chr, 3)
	p.module(0, m-4, chr, 4)
	p.module(0, m-3, chr, 5)
	p.module(0, m-2, chr, 6)
	p.module(0, m-1, chr, 7)
	p.module(1, m-1, chr, 8)
}

func (p *placer) corner3(chr int) {
	n, m := p.nrow, p.ncol
	p.module(n-3, 0, chr, 1)
	p.module(n-2, 0, chr, 2)
	p.module(n-1, 0, chr, 3)
	p.module(0, m-2, chr, 4)
	p.module(0, m-1, chr, 5)
	p.module(1, m-1, chr, 6)
	p.module(2, m-1, chr, 7)
	p.module(3, m-1, chr, 8)
}

func (p *placer) corner4(chr int) {
	n, m := p.nrow, p.ncol
	p.module(n-1, 0, chr, 1)
	p.module(n-1, m-1, chr, 2)
	p.module(0, m-3, chr, 3)
	p.module(0, m-2, chr, 4)
	p.module(0, m-1, chr, 5)
	p.module(1, m-3, chr, 6)
	p.module(1, m-2, chr, 7)
	p.module(1, m-1, chr, 8)
}
