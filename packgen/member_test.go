package packgen

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/packgen/roll"
)

// TestPackedMember checks that a packed member unpacks to what rendering
// reads of the original, and that a member too large to pack is kept.
func TestPackedMember(t *testing.T) {
	ms := []roll.Member{
		{Row: 7, ID: "0045678", Title: "Dr", Forename: "Siân", Surname: "Ó Briain", Address: []string{"Flat 2", "1 High St"},
			Town: "Cardiff", County: "", Postcode: "CF10 1EP", LargePrint: true},
		{Row: 9, ID: "1", Surname: "Smith", Address: []string{"PO Box 4"}, Town: "Sydney", County: "NSW", Postcode: "2000", Country: "Australia"},
		{Row: 10, ID: "2", Surname: "Empty"},
	}
	for _, m := range ms {
		p, ok := pack(&m)
		if !ok {
			t.Fatalf("member %s not packed", m.ID)
		}
		got := p.member()
		want := m
		want.Email, want.Status = "", ""
		if len(want.Address) == 0 {
			want.Address = nil
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("unpacked %+v, want %+v", *got, want)
		}
		if got.Name() != m.Name() || !reflect.DeepEqual(got.WindowLines(), m.WindowLines()) {
			t.Errorf("member %s: name or window lines differ after packing", m.ID)
		}
	}
	big := roll.Member{ID: "3", Address: strings.Split("a b c d e f g h i", " ")}
	if _, ok := pack(&big); ok {
		t.Error("a member with 9 address lines was packed")
	}
	// A plan keeps such a member as it is.
	batches := []*Batch{{Number: 1, Packs: []*Pack{{Seq: 1, Member: &big}, {Seq: 2, Member: &ms[0]}}}}
	packPlan(batches)
	if batches[0].Packs[0].Member != &big || batches[0].Packs[1].Member != nil || batches[0].Packs[1].memberID() != "0045678" {
		t.Error("packPlan did not keep the large member and pack the other")
	}
}
