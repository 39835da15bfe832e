package codes

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func refs(n int) []Ref {
	out := make([]Ref, n)
	for i := range out {
		out[i] = Ref{Member: fmt.Sprintf("%07d", i+1), Issue: 1}
	}
	return out
}

func TestDeriveUniqueWithoutCollisions(t *testing.T) {
	is := testIssuer(t, "test-election")
	packs := refs(2000)
	got, coll, err := is.DeriveUnique(packs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(coll) != 0 {
		t.Fatalf("%d collisions among 2000 full-length codes", len(coll))
	}
	for i, a := range got {
		want, _ := is.Derive(packs[i])
		if a.Ref != packs[i] || !a.Ballot.Equal(want.Ballot) || !a.Secret.Equal(want.Secret) {
			t.Fatalf("pack %d: not the plain variant-0 codes", i)
		}
	}
}

// TestDeriveUniqueForcedCollisions shortens what counts as "the same code"
// to two symbols (1,024 values), so that 600 packs collide often.
func TestDeriveUniqueForcedCollisions(t *testing.T) {
	is := testIssuer(t, "test-election")
	is.uniqueSymbols = 2
	packs := refs(600)
	got, coll, err := is.DeriveUnique(packs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(coll) < 50 {
		t.Fatalf("only %d collisions: the test does not force enough", len(coll))
	}
	checkUnique(t, is, got)

	// Every collision names a pack that moved to a later variant, and the
	// holder it clashed with really has that code.
	final := map[string]Assignment{}
	for _, a := range got {
		final[a.Member] = a
	}
	for _, c := range coll {
		if final[c.Pack.Member].Variant <= c.Pack.Variant {
			t.Errorf("%v, but the pack ended at variant %d", c, final[c.Pack.Member].Variant)
		}
		mine, _ := is.Derive(c.Pack)
		theirs, _ := is.Derive(c.With)
		same := is.uniqueKey(mine.Ballot) == is.uniqueKey(theirs.Ballot)
		if c.Kind == Secret {
			same = is.uniqueKey(mine.Secret) == is.uniqueKey(theirs.Secret)
		}
		if !same {
			t.Errorf("%v: the codes differ", c)
		}
	}

	// Any input order gives the same codes.
	shuffled := slices.Clone(packs)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	again, coll2, err := is.DeriveUnique(shuffled, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(coll2) != len(coll) {
		t.Errorf("shuffled: %d collisions, want %d", len(coll2), len(coll))
	}
	for _, a := range again {
		if b := final[a.Member]; b.Ref != a.Ref || !b.Ballot.Equal(a.Ballot) || !b.Secret.Equal(a.Secret) {
			t.Errorf("member %s: variant %d shuffled, %d in order", a.Member, a.Variant, b.Variant)
		}
	}
}

// TestDeriveUniqueAvoidsIssued adds replacement packs to an election whose
// first packs are printed: the printed codes stay, the new ones avoid them.
func TestDeriveUniqueAvoidsIssued(t *testing.T) {
	is := testIssuer(t, "test-election")
	is.uniqueSymbols = 2
	first, _, err := is.DeriveUnique(refs(300), nil)
	if err != nil {
		t.Fatal(err)
	}
	issued := make([]Ref, len(first))
	for i, a := range first {
		issued[i] = a.Ref
	}
	var replacements []Ref
	for i := range 200 {
		replacements = append(replacements, Ref{Member: fmt.Sprintf("%07d", i+1), Issue: 2})
	}
	second, coll, err := is.DeriveUnique(replacements, issued)
	if err != nil {
		t.Fatal(err)
	}
	if len(coll) == 0 {
		t.Fatal("no collisions with issued packs: the test does not force any")
	}
	checkUnique(t, is, append(first, second...))

	if _, _, err := is.DeriveUnique([]Ref{issued[0]}, issued); err == nil {
		t.Error("a pack already issued was derived again")
	}
	if _, _, err := is.DeriveUnique([]Ref{{Member: "1", Issue: 1}, {Member: "1", Issue: 1}}, nil); err == nil {
		t.Error("a pack listed twice was accepted")
	}
}

func TestDeriveUniqueGivesUp(t *testing.T) {
	is := testIssuer(t, "test-election")
	is.uniqueSymbols = 1 // 32 values: the 33rd pack cannot fit
	if _, _, err := is.DeriveUnique(refs(33), nil); err == nil {
		t.Fatal("33 packs fitted into 32 codes")
	}
}

func checkUnique(t *testing.T, is *Issuer, as []Assignment) {
	t.Helper()
	ballots, secrets := map[Code]string{}, map[Code]string{}
	for _, a := range as {
		p, _ := is.Derive(a.Ref)
		if !p.Ballot.Equal(a.Ballot) || !p.Secret.Equal(a.Secret) {
			t.Fatalf("member %s: codes do not match its variant", a.Member)
		}
		b, s := is.uniqueKey(a.Ballot), is.uniqueKey(a.Secret)
		if m, ok := ballots[b]; ok {
			t.Fatalf("members %s and %s share a ballot code", m, a.Member)
		}
		if m, ok := secrets[s]; ok {
			t.Fatalf("members %s and %s share a secret code", m, a.Member)
		}
		ballots[b], secrets[s] = a.Member, a.Member
	}
}

func BenchmarkDerive(b *testing.B) {
	is := testIssuer(b, "bench")
	r := Ref{Member: "0012345", Issue: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := is.Derive(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeriveUnique160k(b *testing.B) {
	is := testIssuer(b, "bench")
	packs := refs(160_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := is.DeriveUnique(packs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/160_000, "ns/member")
}

// deriveUniqueMaps is DeriveUnique as first written, with maps of every
// code: the reference the sorting version is compared with.
func (is *Issuer) deriveUniqueMaps(packs, issued []Ref) ([]Assignment, []Collision, error) {
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

// TestDeriveUniqueMatchesMaps compares DeriveUnique with the map version it
// replaced on rolls where codes collide often (codes counted the same on
// their first one to three symbols), with and without issued packs, in
// shuffled orders: the same assignments and collisions, or the same error.
func TestDeriveUniqueMatchesMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 60 {
		is := testIssuer(t, "test-election")
		is.uniqueSymbols = 1 + round%3
		n := 20 + rng.IntN(map[int]int{1: 12, 2: 600, 3: 3000}[is.uniqueSymbols])
		all := refs(n + 40)
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		packs := all[:n]
		var issued []Ref
		if round%2 == 1 {
			for _, r := range all[n : n+rng.IntN(40)] {
				issued = append(issued, Ref{Member: r.Member, Issue: 1, Variant: uint32(rng.IntN(3))})
			}
		}
		if round%7 == 3 && len(packs) > 2 {
			packs = append(packs, packs[1]) // listed twice
		}
		got, gotC, gotErr := is.DeriveUnique(packs, issued)
		want, wantC, wantErr := is.deriveUniqueMaps(packs, issued)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("round %d: error %v, want %v", round, gotErr, wantErr)
		}
		if gotErr != nil {
			continue
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d (%d packs, %d issued, %d symbols): assignments differ", round, len(packs), len(issued), is.uniqueSymbols)
		}
		if !slices.Equal(gotC, wantC) {
			t.Fatalf("round %d: collisions differ: %d vs %d", round, len(gotC), len(wantC))
		}
	}
}

func BenchmarkDeriveUniqueMaps160k(b *testing.B) {
	is := testIssuer(b, "bench")
	packs := refs(160_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := is.deriveUniqueMaps(packs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/160_000, "ns/member")
}
