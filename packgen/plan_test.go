package packgen

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// TestPlanOrder: standard packs first, then large print; in each, UK by
// postcode, BFPO by number, overseas by country (one name however it is
// spelt) and town; each stream, and each size of print, in batches of its
// own; sequence numbers in that order.
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
		{ID: "10", Country: "USA", Town: "Austin"},
		{ID: "11", Postcode: "BFPO 4"},
		{ID: "12", Country: "United States", Town: "Albany"},
		{ID: "13", Country: "Eire", Town: "Cork"},
		{ID: "14", Postcode: "BFPO 801", LargePrint: true},
	}
	for _, tc := range []struct {
		zones bool
		want  string
	}{
		{false, "batch-0001.pdf[5 6 7] batch-0002.pdf[2 1] batch-0003-bfpo.pdf[11 9] batch-0004-overseas.pdf[3 13 12] batch-0005-overseas.pdf[10] " +
			"batch-0006-large-print.pdf[4] batch-0007-bfpo-large-print.pdf[14] batch-0008-overseas-large-print.pdf[8]"},
		{true, "batch-0001.pdf[5 6 7] batch-0002.pdf[2 1] batch-0003-bfpo.pdf[11 9] batch-0004-europe.pdf[3 13] batch-0005-world.pdf[12 10] " +
			"batch-0006-large-print.pdf[4] batch-0007-bfpo-large-print.pdf[14] batch-0008-world-large-print.pdf[8]"},
	} {
		assigned := make([]codes.Assignment, len(ms))
		for i, m := range ms {
			assigned[i] = codes.Assignment{Ref: codes.Ref{Member: m.ID, Issue: 1}}
		}
		rs := make([]roll.Recipient, len(ms))
		for i := range ms {
			rs[i] = roll.NewRecipient(&ms[i])
		}
		batches, err := Plan(rs, assigned, 3, tc.zones)
		if err != nil {
			t.Fatal(err)
		}
		// The register's order: the same rows, pages and all, by member.
		want := slices.Collect(Rows(batches))
		slices.SortFunc(want, func(a, b Row) int { return strings.Compare(a.Member, b.Member) })
		if got := slices.Collect(RowsByMember(batches)); !slices.Equal(got, want) {
			t.Errorf("zones %v: RowsByMember gives\n%v\nwant\n%v", tc.zones, got, want)
		}
		// Any run of batches, not only a whole plan (found in review).
		want = slices.Collect(Rows(batches[1:4]))
		slices.SortFunc(want, func(a, b Row) int { return strings.Compare(a.Member, b.Member) })
		if got := slices.Collect(RowsByMember(batches[1:4])); !slices.Equal(got, want) {
			t.Errorf("zones %v: RowsByMember of batches 2-4 gives\n%v\nwant\n%v", tc.zones, got, want)
		}
		var got []string
		seq := 0
		for _, b := range batches {
			var ids []string
			for _, p := range b.Packs {
				seq++
				m := p.member()
				if p.Seq != seq || p.Batch != b.Number || p.Ref.Member != m.ID {
					t.Errorf("pack %+v in batch %d, want seq %d", p, b.Number, seq)
				}
				if s := StreamOf(m, tc.zones); s != b.Stream || m.LargePrint != b.LargePrint {
					t.Errorf("member %s (%s) in batch %s", m.ID, s, b.File())
				}
				ids = append(ids, m.ID)
			}
			got = append(got, fmt.Sprintf("%s%v", b.File(), ids))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("zones %v:\ngot  %s\nwant %s", tc.zones, strings.Join(got, " "), tc.want)
		}
	}
}
