package codes

import "testing"

// The Damm check's guarantees hold for codes of any length because of two
// properties of the quasigroup, each proved here over every case:
//
//  1. Latin square: for every state s, x ↦ s∗x is a bijection, and for every
//     symbol d, s ↦ s∗d is a bijection. So a single changed symbol changes
//     the state right after it, and the change survives every later step,
//     leaving the final state non-zero.
//  2. Total anti-symmetry: for every state s and every x ≠ y,
//     (s∗x)∗y ≠ (s∗y)∗x. So swapping two adjacent different symbols changes
//     the state right after them, and by 1 the final state.
//
// Every prefix of a code leaves the algorithm in one of the 32 states, so
// checking every state against every symbol pair covers every code.

func TestQuasigroupIsLatinSquare(t *testing.T) {
	for s := range byte(32) {
		var row, col [32]bool
		for x := range byte(32) {
			r, c := qop(s, x), qop(x, s)
			if r > 31 || c > 31 {
				t.Fatalf("%d∗%d or %d∗%d is outside the alphabet", s, x, x, s)
			}
			if row[r] {
				t.Errorf("row %d: value %d appears twice", s, r)
			}
			if col[c] {
				t.Errorf("column %d: value %d appears twice", s, c)
			}
			row[r], col[c] = true, true
		}
	}
}

func TestQuasigroupIsTotallyAntiSymmetric(t *testing.T) {
	for s := range byte(32) {
		for x := range byte(32) {
			for y := range byte(32) {
				if x == y {
					continue
				}
				if qop(qop(s, x), y) == qop(qop(s, y), x) {
					t.Errorf("state %d: %d,%d and %d,%d give the same state", s, x, y, y, x)
				}
				if qop(x, y) == qop(y, x) {
					t.Errorf("%d∗%d = %d∗%d", x, y, y, x)
				}
			}
		}
	}
}

// TestCheckCatchesEverySubstitution applies every single-symbol substitution
// at every position, check symbol included, to codes that reach every state
// at every position, and expects each to be refused.
func TestCheckCatchesEverySubstitution(t *testing.T) {
	for _, k := range []Kind{Ballot, Secret} {
		for _, c := range codesCoveringStates(k, false) {
			for pos := range k.Len() {
				for v := range byte(32) {
					if v == c.sym[pos] {
						continue
					}
					bad := c
					bad.sym[pos] = v
					if checkState(bad.sym[:k.Len()]) == 0 {
						t.Fatalf("%s: substituting position %d with %d was not caught", k, pos, v)
					}
				}
			}
		}
	}
}

func TestCheckCatchesEveryAdjacentTransposition(t *testing.T) {
	for _, k := range []Kind{Ballot, Secret} {
		for _, c := range codesCoveringStates(k, true) {
			for pos := range k.Len() - 1 {
				if c.sym[pos] == c.sym[pos+1] {
					continue
				}
				bad := c
				bad.sym[pos], bad.sym[pos+1] = bad.sym[pos+1], bad.sym[pos]
				if checkState(bad.sym[:k.Len()]) == 0 {
					t.Fatalf("%s: swapping positions %d and %d was not caught", k, pos, pos+1)
				}
			}
		}
	}
}

// codesCoveringStates returns well-formed codes of kind k in which, for
// every position p, state s and symbol x, some code's prefix ends in state s
// at p and continues with x; with pairs, for every next symbol y too.
func codesCoveringStates(k Kind, pairs bool) []Code {
	var out []Code
	data := make([]byte, k.DataSymbols())
	for p := range k.Len() - 1 {
		for s := range byte(32) {
			for x := range byte(32) {
				for y := range byte(32) {
					if (!pairs || p+1 >= k.DataSymbols()) && y != 0 {
						continue // the check symbol after the last data symbol is fixed by the rest
					}
					fillToState(data[:p], s)
					for i := p; i < len(data); i++ {
						data[i] = 0
					}
					data[p] = x
					if p+1 < len(data) {
						data[p+1] = y
					}
					out = append(out, newCode(k, data))
				}
			}
		}
	}
	return out
}

// fillToState sets prefix so that the Damm state after it is s: all zeros
// but the last symbol, which the Latin property lets us solve for.
func fillToState(prefix []byte, s byte) {
	if len(prefix) == 0 {
		return // the state before the first symbol is always 0
	}
	for i := range prefix {
		prefix[i] = 0
	}
	before := checkState(prefix[:len(prefix)-1])
	for v := range byte(32) {
		if qop(before, v) == s {
			prefix[len(prefix)-1] = v
			return
		}
	}
}

func TestCheckSymbolMakesStateZero(t *testing.T) {
	for _, k := range []Kind{Ballot, Secret} {
		for _, c := range codesCoveringStates(k, false) {
			if got := checkState(c.sym[:k.Len()]); got != 0 {
				t.Fatalf("%s: state after check symbol = %d, want 0", k, got)
			}
		}
	}
}
