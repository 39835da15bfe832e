package roll

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"
)

// Finding duplicates in a roll of millions of rows without holding its
// strings: each row's keys (membership number; name and postcode; email)
// are kept as hashes with the row number, 8 bytes a key. At the end
// the hashes are sorted, and rows whose hashes collide are candidates; the
// candidates' real values then decide, so a hash collision can never make
// two different people duplicates. Where the members are not kept
// (Options.CountOnly), the candidates' values are read again from the file.

// A keyList collects one kind of key, 8 bytes a key: the top 40 bits of
// the key's hash above the row number (rows are below 2^24: a CSV roll may
// have 10 million). Two different keys share 40 bits of hash about once in
// a million million pairs: such rows are candidates, and the real values
// part them again.
type keyList struct {
	seed maphash.Seed
	keys []uint64
}

const rowBits = 24

func newKeyList() keyList { return keyList{seed: maphash.MakeSeed()} }

func (l *keyList) add(key string, row int) {
	l.keys = append(l.keys, maphash.String(l.seed, key)&^(1<<rowBits-1)|uint64(row))
}

// candidates returns the rows of every hash given to more than one row, a
// group at a time, in row order within each group, and lets the keys go.
func (l *keyList) candidates(skip func(row int) bool) [][]int {
	slices.Sort(l.keys)
	const rowMask = 1<<rowBits - 1
	var groups [][]int
	for i := 0; i < len(l.keys); {
		j := i + 1
		for j < len(l.keys) && l.keys[j]&^rowMask == l.keys[i]&^rowMask {
			j++
		}
		if j-i > 1 {
			var g []int
			for _, k := range l.keys[i:j] {
				if r := int(k & rowMask); skip == nil || !skip(r) {
					g = append(g, r)
				}
			}
			if len(g) > 1 {
				groups = append(groups, g)
			}
		}
		i = j
	}
	l.keys = nil
	return groups
}

// exactGroups splits candidate groups by the real key, keeping groups of
// two or more.
func exactGroups(candidates [][]int, key func(row int) string) [][]int {
	var out [][]int
	for _, g := range candidates {
		by := map[string][]int{}
		var order []string
		for _, r := range g {
			k := key(r)
			if _, ok := by[k]; !ok {
				order = append(order, k)
			}
			by[k] = append(by[k], r)
		}
		for _, k := range order {
			if len(by[k]) > 1 {
				out = append(out, by[k])
			}
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// nameKey is the key under which two members are probably one person: the
// folded name and the postcode without spaces; "" when there is no postcode.
func nameKey(m *Member) string {
	if m.Postcode == "" {
		return ""
	}
	return foldName(m.Forename+" "+m.Surname) + "|" + strings.ToUpper(strings.ReplaceAll(m.Postcode, " ", ""))
}

func emailKey(m *Member) string { return strings.ToLower(m.Email) }

// A rowSet is a set of row numbers, one bit a row.
type rowSet struct {
	bits []uint64
	n    int
}

func (s *rowSet) add(row int) {
	w := row / 64
	if w >= len(s.bits) {
		s.bits = append(s.bits, make([]uint64, w+1-len(s.bits)+len(s.bits)/4)...)
	}
	if s.bits[w]&(1<<(row%64)) == 0 {
		s.bits[w] |= 1 << (row % 64)
		s.n++
	}
}

func (s *rowSet) has(row int) bool {
	w := row / 64
	return row >= 0 && w < len(s.bits) && s.bits[w]&(1<<(row%64)) != 0
}

// len is the number of rows in the set.
func (s *rowSet) len() int { return s.n }

// idLengths gathers the lengths of membership numbers made only of digits,
// to find numbers that lost their leading zeros when a spreadsheet re-saved
// the roll (123 among 00045678s).
type idLengths struct {
	count   [17]int    // by length, 1–15 digits (longer ones are rejected)
	zeroed  [17]bool   // by length: some number of that length starts with 0
	rows    []idLen    // every numeric number's row and length
	first   [17]string // by length: the first number of that length
	example string     // shortRows: a number of the usual length
}

type idLen struct {
	row int32
	n   uint8
}

func (l *idLengths) add(row int, id string) {
	if len(id) > 15 || strings.Trim(id, "0123456789") != "" {
		return
	}
	if l.count[len(id)]++; l.first[len(id)] == "" || l.first[len(id)][0] != '0' {
		l.first[len(id)] = id // an example, zero-padded if there is one
	}
	if id[0] == '0' {
		l.zeroed[len(id)] = true
	}
	l.rows = append(l.rows, idLen{int32(row), uint8(len(id))})
}

// usual returns the length most numbers have, and whether shorter ones are
// suspect: the usual length is zero-padded (some of its numbers start with
// 0), so that every shorter number lost its zeros or is a mistake; or no
// number starts with 0 and the lengths fall away as fixed-width numbers
// stripped of their zeros do (about a tenth as many one digit shorter, a
// hundredth two shorter); or the usual length holds 95% of the numbers.
func (l *idLengths) usual() (length, total, short int, suspect bool) {
	for n, k := range l.count {
		total += k
		if k > l.count[length] {
			length = n
		}
	}
	for n := 1; n < length; n++ {
		short += l.count[n]
	}
	if total == 0 || short == 0 {
		return length, total, short, false
	}
	usual := l.count[length]
	stripped := false
	if length > 1 && total >= 100 {
		ratio := float64(l.count[length-1]) / float64(usual)
		stripped = usual*100 >= total*80 && ratio >= 0.05 && ratio <= 0.2
	}
	dominant := usual*100 >= total*95 && short*100 <= total*5
	return length, total, short, l.zeroed[length] || stripped || dominant
}

// shortRows returns the rows of suspect short numbers, in row order, and
// lets the rest go.
func (l *idLengths) shortRows() []int {
	length, _, _, suspect := l.usual()
	var rows []int
	if suspect {
		l.example = l.first[length]
		for _, r := range l.rows {
			if int(r.n) < length {
				rows = append(rows, int(r.row))
			}
		}
	}
	l.rows = nil
	return rows
}
