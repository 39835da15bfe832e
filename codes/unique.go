package codes

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// MaxVariant bounds how often DeriveUnique re-derives one pack's codes. At
// full code length a second re-derivation is already vanishingly rare.
const MaxVariant = 1000

// An Assignment is the pair of codes given to one pack, with the Ref
// (variant included) that derives them again.
type Assignment struct {
	Ref
	Pair
}

// A Collision records that a pack's codes at one variant clashed with codes
// already given to another pack, so the pack moved on to the next variant.
type Collision struct {
	Pack Ref  // the pack that moved, at the variant that clashed
	Kind Kind // which of its codes clashed (Ballot when both did)
	With Ref  // the pack that holds that code
}

func (c Collision) String() string {
	return fmt.Sprintf("member %s issue %d variant %d: %s clashed with member %s issue %d variant %d",
		c.Pack.Member, c.Pack.Issue, c.Pack.Variant, c.Kind, c.With.Member, c.With.Issue, c.With.Variant)
}

// DeriveUnique derives the codes of packs so that every ballot code and every
// secret code is different from every other, and from those of the packs
// already issued (with their recorded variants: printed codes never change).
//
// It is deterministic and does not depend on the order of packs: a pack keeps
// variant 0 unless another pack that sorts before it (by member, then issue)
// or an issued pack has one of the same codes; packs that must move then take
// the lowest variant whose codes are free, in sorted order. The result is in
// the order of packs; the Variant of each Ref in packs is ignored.
//
// Memory is a few dozen bytes a pack besides the result: codes are checked
// for sameness by sorting, and only packs whose codes equal another's go
// through maps (a 160,000-member roll has none, or a handful).
func (is *Issuer) DeriveUnique(packs, issued []Ref) ([]Assignment, []Collision, error) {
	// The issued packs' codes, and each (member, issue) at most once.
	iss := make([]Assignment, len(issued))
	for i, r := range issued {
		p, err := is.Derive(r)
		if err != nil {
			return nil, nil, fmt.Errorf("issued pack member %q issue %d: %w", r.Member, r.Issue, err)
		}
		iss[i] = Assignment{Ref: r, Pair: p}
	}
	byPack := func(a, b Ref) int { return cmp.Or(cmp.Compare(a.Member, b.Member), cmp.Compare(a.Issue, b.Issue)) }
	issOrder := sortedIndex(len(issued), func(a, b int) int { return cmp.Or(byPack(issued[a], issued[b]), cmp.Compare(a, b)) })
	for j := 1; j < len(issOrder); j++ {
		if r := issued[issOrder[j]]; byPack(r, issued[issOrder[j-1]]) == 0 {
			return nil, nil, fmt.Errorf("issued pack member %q issue %d is listed twice", r.Member, r.Issue)
		}
	}
	order := sortedIndex(len(packs), func(a, b int) int { return cmp.Or(byPack(packs[a], packs[b]), cmp.Compare(a, b)) })
	out := make([]Assignment, len(packs))
	for j, i := range order {
		r := Ref{Member: packs[i].Member, Issue: packs[i].Issue}
		if j > 0 && byPack(r, packs[order[j-1]]) == 0 || isIssued(issued, issOrder, r, byPack) {
			return nil, nil, fmt.Errorf("member %q issue %d is listed twice", r.Member, r.Issue)
		}
		if err := r.check(); err != nil {
			return nil, nil, fmt.Errorf("member %q issue %d: %w", r.Member, r.Issue, err)
		}
		out[i].Ref = r
	}
	// Every pack's variant-0 codes, a share of the packs on each CPU.
	var wg sync.WaitGroup
	share := (len(out) + runtime.NumCPU() - 1) / runtime.NumCPU()
	for lo := 0; lo < len(out); lo += share {
		wg.Go(func() {
			for i := lo; i < min(lo+share, len(out)); i++ {
				out[i].Pair, _ = is.Derive(out[i].Ref) // checked above
			}
		})
	}
	wg.Wait()

	// Entries 0..len(issued)-1 are the issued packs, then the new ones at
	// variant 0. Sorted by each code, equal codes sit side by side.
	n := len(issued) + len(packs)
	entry := func(e int) *Assignment {
		if e < len(issued) {
			return &iss[e]
		}
		return &out[e-len(issued)]
	}
	ballotKey := func(e int) Code { return is.uniqueKey(entry(e).Ballot) }
	secretKey := func(e int) Code { return is.uniqueKey(entry(e).Secret) }
	shared := make([]bool, len(packs)) // a new pack with a code equal to another's
	for _, kind := range []struct {
		word string
		key  func(int) Code
	}{{"ballot", ballotKey}, {"secret", secretKey}} {
		key := kind.key
		for _, run := range equalRuns(n, key) {
			if run[1] < len(issued) { // two issued packs: runs are in entry order, so they come first
				r, other := issued[run[1]], issued[run[0]]
				return nil, nil, fmt.Errorf("issued packs member %q issue %d and member %q issue %d share a %s code", r.Member, r.Issue, other.Member, other.Issue, kind.word)
			}
			for _, e := range run {
				if e >= len(issued) {
					shared[e-len(issued)] = true
				}
			}
		}
	}

	// What is held: the issued codes, and the new packs' as they are given.
	// A pack with no code equal to another's keeps variant 0 and can clash
	// with nobody, so only the others go through the maps; pass 2 asks the
	// maps and, for the rest, the packs' own variant-0 codes.
	ballots := make(map[Code]Ref, len(issued))
	secrets := make(map[Code]Ref, len(issued))
	for _, a := range iss {
		ballots[is.uniqueKey(a.Ballot)], secrets[is.uniqueKey(a.Secret)] = a.Ref, a.Ref
	}
	// Pass 1: variant 0 for every pack whose codes no earlier pack holds.
	var moved []int
	var collisions []Collision
	for _, i := range order {
		if !shared[i] {
			continue
		}
		a := out[i]
		b, s := is.uniqueKey(a.Ballot), is.uniqueKey(a.Secret)
		heldB, clashB := ballots[b]
		heldS, clashS := secrets[s]
		if clashB || clashS {
			collisions = append(collisions, clash(a.Ref, clashB, heldB, heldS))
			moved = append(moved, i)
			continue
		}
		ballots[b], secrets[s] = a.Ref, a.Ref
	}

	// Pass 2: the packs that clashed take the lowest free variant.
	var plainB, plainS []int // the unshared packs, sorted by each code
	if len(moved) > 0 {
		for _, pl := range []*[]int{&plainB, &plainS} {
			key := ballotKey
			if pl == &plainS {
				key = secretKey
			}
			var idx []int
			for i := range packs {
				if !shared[i] {
					idx = append(idx, i)
				}
			}
			slices.SortFunc(idx, func(a, b int) int { return compareCodes(key(a+len(issued)), key(b+len(issued))) })
			*pl = idx
		}
	}
	holder := func(m map[Code]Ref, plain []int, key func(int) Code, c Code) (Ref, bool) {
		if r, ok := m[c]; ok {
			return r, true
		}
		j, found := slices.BinarySearchFunc(plain, c, func(i int, c Code) int { return compareCodes(key(i+len(issued)), c) })
		if found {
			return out[plain[j]].Ref, true
		}
		return Ref{}, false
	}
	for _, i := range moved {
		r := out[i].Ref
		for {
			r.Variant++
			if r.Variant > MaxVariant {
				return nil, nil, fmt.Errorf("member %q issue %d: no free codes after %d variants", r.Member, r.Issue, MaxVariant)
			}
			p, err := is.Derive(r)
			if err != nil {
				return nil, nil, err
			}
			b, s := is.uniqueKey(p.Ballot), is.uniqueKey(p.Secret)
			heldB, clashB := holder(ballots, plainB, ballotKey, b)
			heldS, clashS := holder(secrets, plainS, secretKey, s)
			if clashB || clashS {
				collisions = append(collisions, clash(r, clashB, heldB, heldS))
				continue
			}
			ballots[b], secrets[s] = r, r
			out[i] = Assignment{Ref: r, Pair: p}
			break
		}
	}
	return out, collisions, nil
}

// equalRuns returns the groups, of two or more, of entries 0..n-1 whose
// keys are equal, each group in entry order. It sorts the entries by the
// first 60 bits of their keys (codes are the same kind), and compares whole
// keys only where those are equal.
func equalRuns(n int, key func(int) Code) [][]int {
	type item struct {
		prefix uint64
		e      int32
	}
	items := make([]item, n)
	for e := range items {
		c := key(e)
		var p uint64
		for _, v := range c.sym[:12] {
			p = p<<5 | uint64(v)
		}
		items[e] = item{p, int32(e)}
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Or(cmp.Compare(a.prefix, b.prefix), cmp.Compare(a.e, b.e)) })
	var runs [][]int
	for j := 0; j < n; {
		k := j + 1
		for k < n && items[k].prefix == items[j].prefix {
			k++
		}
		if k-j > 1 {
			same := make([]int, 0, k-j)
			for _, it := range items[j:k] {
				same = append(same, int(it.e))
			}
			slices.SortStableFunc(same, func(a, b int) int { return compareCodes(key(a), key(b)) })
			for x := 0; x < len(same); {
				y := x + 1
				for y < len(same) && compareCodes(key(same[x]), key(same[y])) == 0 {
					y++
				}
				if y-x > 1 {
					runs = append(runs, same[x:y:y])
				}
				x = y
			}
		}
		j = k
	}
	return runs
}

// sortedIndex returns 0..n-1 sorted by cmp.
func sortedIndex(n int, cmp func(a, b int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, cmp)
	return idx
}

// isIssued reports whether r's member and issue are among issued, sorted
// by order.
func isIssued(issued []Ref, order []int, r Ref, byPack func(a, b Ref) int) bool {
	_, found := slices.BinarySearchFunc(order, r, func(i int, r Ref) int { return byPack(issued[i], r) })
	return found
}

// compareCodes orders codes by kind, then symbols.
func compareCodes(a, b Code) int {
	return cmp.Or(cmp.Compare(a.kind, b.kind), bytes.Compare(a.sym[:], b.sym[:]))
}

func clash(r Ref, clashB bool, heldB, heldS Ref) Collision {
	if clashB {
		return Collision{Pack: r, Kind: Ballot, With: heldB}
	}
	return Collision{Pack: r, Kind: Secret, With: heldS}
}

// uniqueKey is the part of c that must differ between packs: the whole code,
// unless a test shortened it to force collisions.
func (is *Issuer) uniqueKey(c Code) Code {
	if is.uniqueSymbols == 0 {
		return c
	}
	k := Code{kind: c.kind}
	copy(k.sym[:is.uniqueSymbols], c.sym[:is.uniqueSymbols])
	return k
}
