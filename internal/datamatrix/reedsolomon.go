package datamatrix

// Reed–Solomon error correction over GF(256) with the prime polynomial
// x⁸ + x⁵ + x³ + x² + 1 (301, 0x12D) of ISO/IEC 16022, with generator
// polynomials whose roots are 2¹ … 2ⁿ for n error-correction codewords.

var gfExp, gfLog [256]int

func init() {
	x := 1
	for i := 0; i < 255; i++ {
		gfExp[i] = x
		gfLog[x] = i
		x <<= 1
		if x >= 256 {
			x ^= 0x12D
		}
	}
	gfExp[255] = gfExp[0]
}

func gfMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[(gfLog[a]+gfLog[b])%255]
}

// generator returns the coefficients of (x − 2¹)(x − 2²)…(x − 2ⁿ), highest
// power first without the leading 1: g[0] multiplies xⁿ⁻¹.
func generator(n int) []int {
	g := []int{1}
	for i := 1; i <= n; i++ {
		next := make([]int, len(g)+1)
		root := gfExp[i]
		for j, c := range g {
			next[j] ^= c
			next[j+1] ^= gfMul(c, root)
		}
		g = next
	}
	return g[1:]
}

// rsEncode returns the n error-correction codewords of data, one block: the
// remainder of data·xⁿ divided by the generator.
func rsEncode(data []byte, n int) []byte {
	g := generator(n)
	rem := make([]int, n)
	for _, d := range data {
		f := int(d) ^ rem[0]
		copy(rem, rem[1:])
		rem[n-1] = 0
		for j := range rem {
			rem[j] ^= gfMul(f, g[j])
		}
	}
	out := make([]byte, n)
	for i, r := range rem {
		out[i] = byte(r)
	}
	return out
}
