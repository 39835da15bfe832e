package codes

// The check symbol is computed with the Damm algorithm over a totally
// anti-symmetric quasigroup of order 32. The quasigroup is built on the field
// GF(2^5) with the irreducible polynomial x^5 + x^2 + 1:
//
//	a ∗ b = 2·a ⊕ b
//
// where 2·a is multiplication by the field element x. Because 2 is neither 0
// nor 1, (c∗a)∗b = (c∗b)∗a implies a = b, and a∗b = b∗a implies a = b; that is
// what makes the check catch every single-symbol substitution and every
// transposition of adjacent symbols (see check_test.go for the exhaustive
// proof over every state and symbol pair).

const fieldPoly = 0x25 // x^5 + x^2 + 1

// times2 multiplies a 5-bit field element by x in GF(2^5).
func times2(a byte) byte {
	a <<= 1
	if a&0x20 != 0 {
		a ^= fieldPoly
	}
	return a
}

// qop is the quasigroup operation a ∗ b.
func qop(a, b byte) byte { return times2(a) ^ b }

// checkState runs the Damm algorithm over symbol values (each 0..31) and
// returns the final interim value.
func checkState(syms []byte) byte {
	var s byte
	for _, v := range syms {
		s = qop(s, v)
	}
	return s
}

// checkSymbol returns the symbol value that, appended to syms, makes the
// Damm interim value 0: the unique c with state ∗ c = 0, that is c = 2·state.
func checkSymbol(syms []byte) byte { return times2(checkState(syms)) }
