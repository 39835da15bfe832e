// Package suggest finds what a person probably meant by a name that is not
// one of the names allowed: a flag, a command, a setting.
package suggest

import "strings"

// Closest is the candidate nearest to s, if one is near enough to be what
// was meant: at most one edit in three characters away, an edit being a
// letter inserted, deleted, changed or swapped with its neighbour, or one
// of the two a prefix of the other at least a third its length ("o" for
// "out", "import-scans" for "import"). Of candidates as near, the one that
// starts with more of s wins, then the first.
func Closest(s string, candidates []string) (string, bool) {
	best, bestDist, bestCommon := "", -1, 0
	for _, c := range candidates {
		d := editDistance(s, c)
		near := d <= max(1, len(s)/3) && d < len(s)
		short, long := min(len(s), len(c)), max(len(s), len(c))
		prefix := (strings.HasPrefix(c, s) || strings.HasPrefix(s, c)) && 3*short >= long
		if !near && !prefix {
			continue
		}
		common := 0
		for common < short && s[common] == c[common] {
			common++
		}
		if bestDist < 0 || d < bestDist || d == bestDist && common > bestCommon {
			best, bestDist, bestCommon = c, d, common
		}
	}
	return best, bestDist >= 0
}

// editDistance is the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent bytes that turn a into b.
func editDistance(a, b string) int {
	// d[i][j] is the distance between a[:i] and b[:j].
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
