package reconcile

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)

func vote(m, ch string, minutes int, line int) Vote {
	return Vote{Member: m, Channel: ch, Received: t0.Add(time.Duration(minutes) * time.Minute), Source: ch + ".csv", Line: line}
}

func TestPolicies(t *testing.T) {
	votes := []Vote{
		vote("A", "online", 10, 1),
		vote("B", "postal", 5, 1),
		vote("B", "online", 20, 2), // B votes twice, across channels
		vote("C", "online", 30, 3),
		vote("C", "online", 40, 4),
		vote("C", "postal", 1, 2), // C three times; the postal vote came first
	}
	invalid := []Rejection{{Vote{Source: "online.csv", Line: 9}, "invalid code"}}
	want := map[Policy]string{
		FirstWins:  "accepted [A online B postal C postal] rejected 4 disqualified 0",
		LastWins:   "accepted [A online B online C online] rejected 4 disqualified 0",
		Disqualify: "accepted [A online] rejected 6 disqualified 2",
	}
	for p, w := range want {
		res := Apply(p, votes, invalid)
		var acc []string
		for _, v := range res.Accepted {
			acc = append(acc, v.Member+" "+v.Channel)
		}
		got := fmt.Sprintf("accepted %v rejected %d disqualified %d", acc, len(res.Rejected), len(res.Disqualified))
		if got != w {
			t.Errorf("%s: %s, want %s", p, got, w)
		}
		if len(res.Accepted)+len(res.Rejected) != len(votes)+len(invalid) {
			t.Errorf("%s: accepted + rejected != received", p)
		}
		if p == LastWins && res.Accepted[2].Received != t0.Add(40*time.Minute) {
			t.Errorf("last-wins kept %v", res.Accepted[2])
		}
		if p == Disqualify && len(res.Disqualified["C"]) != 3 {
			t.Errorf("disqualify: C's evidence %v", res.Disqualified["C"])
		}
	}
}

func TestOrderDoesNotMatter(t *testing.T) {
	var votes []Vote
	for i := range 200 {
		votes = append(votes, vote(fmt.Sprint(i%60), []string{"online", "postal"}[i%2], i%17, i))
	}
	for _, p := range []Policy{FirstWins, LastWins, Disqualify} {
		a := Apply(p, votes, nil)
		shuffled := slices.Clone(votes)
		rand.New(rand.NewPCG(1, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		b := Apply(p, shuffled, nil)
		if fmt.Sprint(a.Accepted, a.Rejected) != fmt.Sprint(b.Accepted, b.Rejected) {
			t.Errorf("%s: the result depends on input order", p)
		}
	}
}
