package packgen

import (
	"fmt"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

func TestPlanOrder(t *testing.T) {
	ms := []roll.Member{
		{ID: "1", Postcode: "SW10 1AA"},
		{ID: "2", Postcode: "SW2 1AA"},
		{ID: "3", Country: "France", Town: "Paris"},
		{ID: "4", Postcode: "B1 1AA", LargePrint: true},
		{ID: "5", Postcode: "AB1 2CD"},
		{ID: "6", Postcode: "SW1A 1AA"},
		{ID: "7", Postcode: "SW1A 1AA"},
		{ID: "8", Country: "Australia", Town: "Perth", LargePrint: true},
		{ID: "9", Postcode: "BFPO 57"},
	}
	assigned := make([]codes.Assignment, len(ms))
	for i, m := range ms {
		assigned[i] = codes.Assignment{Ref: codes.Ref{Member: m.ID, Issue: 1}}
	}
	batches, err := Plan(ms, assigned, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seq := 0
	for _, b := range batches {
		var ids []string
		for _, p := range b.Packs {
			seq++
			if p.Seq != seq || p.Batch != b.Number || p.Ref.Member != p.Member.ID {
				t.Errorf("pack %+v in batch %d, want seq %d", p, b.Number, seq)
			}
			ids = append(ids, p.Member.ID)
		}
		got = append(got, fmt.Sprintf("%s%v", b.File(), ids))
	}
	want := "[batch-0001.pdf[5 9 6] batch-0002.pdf[7 2 1] batch-0003.pdf[3] batch-0004-large-print.pdf[4 8]]"
	if fmt.Sprint(got) != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}
