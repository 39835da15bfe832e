package codes

import (
	"cmp"
	"fmt"
	"slices"
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
func (is *Issuer) DeriveUnique(packs, issued []Ref) ([]Assignment, []Collision, error) {
	ballots := make(map[Code]Ref, len(packs)+len(issued))
	secrets := make(map[Code]Ref, len(packs)+len(issued))
	type pack struct {
		member string
		issue  uint32
	}
	seen := make(map[pack]bool, len(packs)+len(issued))
	key := func(r Ref) pack { return pack{r.Member, r.Issue} }

	for _, r := range issued {
		p, err := is.Derive(r)
		if err != nil {
			return nil, nil, fmt.Errorf("issued pack member %q issue %d: %w", r.Member, r.Issue, err)
		}
		if seen[key(r)] {
			return nil, nil, fmt.Errorf("issued pack member %q issue %d is listed twice", r.Member, r.Issue)
		}
		seen[key(r)] = true
		b, s := is.uniqueKey(p.Ballot), is.uniqueKey(p.Secret)
		if other, ok := ballots[b]; ok {
			return nil, nil, fmt.Errorf("issued packs member %q issue %d and member %q issue %d share a ballot code", r.Member, r.Issue, other.Member, other.Issue)
		}
		if other, ok := secrets[s]; ok {
			return nil, nil, fmt.Errorf("issued packs member %q issue %d and member %q issue %d share a secret code", r.Member, r.Issue, other.Member, other.Issue)
		}
		ballots[b], secrets[s] = r, r
	}

	order := make([]int, len(packs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(packs[a].Member, packs[b].Member), cmp.Compare(packs[a].Issue, packs[b].Issue))
	})

	out := make([]Assignment, len(packs))
	for _, i := range order {
		r := Ref{Member: packs[i].Member, Issue: packs[i].Issue}
		if seen[key(r)] {
			return nil, nil, fmt.Errorf("member %q issue %d is listed twice", r.Member, r.Issue)
		}
		seen[key(r)] = true
		p, err := is.Derive(r)
		if err != nil {
			return nil, nil, fmt.Errorf("member %q issue %d: %w", r.Member, r.Issue, err)
		}
		out[i] = Assignment{Ref: r, Pair: p}
	}

	// Pass 1: variant 0 for every pack whose codes no earlier pack holds.
	var moved []int
	var collisions []Collision
	for _, i := range order {
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
			heldB, clashB := ballots[b]
			heldS, clashS := secrets[s]
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
