package codes

import (
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
