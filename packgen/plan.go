package packgen

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// A Pack is one member's pack: who, in which order, with which codes.
type Pack struct {
	Seq    int // 1..N in mailing order
	Member *roll.Member
	Ref    codes.Ref // member, issue number, variant
	Codes  codes.Pair
	Batch  int // 1-based

	to *roll.Recipient // when Member is nil: the plan's
}

// A Batch is a run of packs printed as one PDF: all of one mail stream,
// all standard or all large print.
type Batch struct {
	Number     int
	Stream     election.Stream
	LargePrint bool
	Packs      []*Pack
}

// File is the batch's PDF file name: batch-0001.pdf for UK packs, the
// stream's name after the number for the others (batch-0012-bfpo.pdf,
// batch-0013-overseas.pdf, batch-0014-europe.pdf), and -large-print last
// for large print.
func (b *Batch) File() string {
	name := fmt.Sprintf("batch-%04d", b.Number)
	if b.Stream != election.StreamUK && b.Stream != "" {
		name += "-" + string(b.Stream)
	}
	if b.LargePrint {
		name += "-large-print"
	}
	return name + ".pdf"
}

// StreamOf is the mail stream of m's pack: BFPO for forces mail, one
// overseas stream for every address abroad or, with zones, Royal Mail's
// Europe zone and the rest of the world apart; UK otherwise.
func StreamOf(m *roll.Member, zones bool) election.Stream {
	switch {
	case m.Overseas() && !zones:
		return election.StreamOverseas
	case m.Overseas() && m.Zone() == roll.ZoneEurope:
		return election.StreamEurope
	case m.Overseas():
		return election.StreamWorld
	case m.BFPO():
		return election.StreamBFPO
	}
	return election.StreamUK
}

// streamRank is where a stream's packs come in the mailing.
func streamRank(s election.Stream) int { return slices.Index(election.Streams, s) }

// mailSortKey orders postcodes for the post: by area, then district
// number, then the rest, so SW2 comes before SW10.
func mailSortKey(postcode string) (string, int, string) {
	out, in, _ := strings.Cut(postcode, " ")
	if out == "BFPO" {
		n, _ := strconv.Atoi(in)
		return out, n, ""
	}
	i := 0
	for i < len(out) && (out[i] < '0' || out[i] > '9') {
		i++
	}
	area, rest := out[:i], out[i:]
	n, j := 0, 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		n = n*10 + int(rest[j]-'0')
		j++
	}
	return area, n, rest[j:] + " " + in
}

// A sortKey is where a member's pack goes in the mailing, worked out once
// rather than at every comparison of the sort.
type sortKey struct {
	largePrint bool
	stream     int    // streamRank
	area, rest string // UK: postcode area and the rest; abroad: country and town, in capitals
	district   int    // UK: district number; BFPO: the number
	id         string
}

func packSortKey(m *roll.Member, zones bool) sortKey {
	s := StreamOf(m, zones)
	k := sortKey{largePrint: m.LargePrint, stream: streamRank(s), id: m.ID}
	if s.Abroad() {
		k.area, k.rest = strings.ToUpper(m.CountryName()), strings.ToUpper(m.Town)+" "+m.Postcode
	} else {
		k.area, k.district, k.rest = mailSortKey(m.Postcode)
	}
	return k
}

// compareKeys orders packs for the post: standard before large print; in
// each, UK by postcode, then BFPO by number, then overseas (Europe, then
// the rest of the world, with zones) by country and town; ties by
// membership number.
func compareKeys(a, b *sortKey) int {
	return cmp.Or(cmp.Compare(boolInt(a.largePrint), boolInt(b.largePrint)), cmp.Compare(a.stream, b.stream),
		strings.Compare(a.area, b.area), cmp.Compare(a.district, b.district), strings.Compare(a.rest, b.rest),
		strings.Compare(a.id, b.id))
}

// Plan orders the members' packs for the post, numbers them 1..N in that
// order and splits them into batches of at most batchSize, each of one
// mail stream (StreamOf; zones splits overseas packs by zone) and one size
// of print: standard packs first, UK by postcode, then BFPO, then
// overseas by country; then large-print packs, ordered the same way.
// assigned[i] holds the codes of members[i]. The packs refer to members:
// keep it as it is while they are used.
func Plan(members []roll.Recipient, assigned []codes.Assignment, batchSize int, zones bool) ([]*Batch, error) {
	if batchSize < 1 {
		return nil, fmt.Errorf("batch size %d: must be at least 1", batchSize)
	}
	if len(assigned) != len(members) {
		return nil, fmt.Errorf("codes for %d members, not %d", len(assigned), len(members))
	}
	type entry struct {
		key sortKey
		i   int
	}
	order := make([]entry, len(members))
	for i := range members {
		r := &members[i]
		// What the key needs of the member, without unpacking it all.
		m := roll.Member{ID: r.ID(), Town: r.Town(), Postcode: r.Postcode(), Country: r.Country(), LargePrint: r.LargePrint()}
		order[i] = entry{packSortKey(&m, zones), i}
	}
	// Membership numbers are unique, and the roll position breaks any tie,
	// so the order is total and a plain sort gives what a stable one would.
	slices.SortFunc(order, func(a, b entry) int { return cmp.Or(compareKeys(&a.key, &b.key), cmp.Compare(a.i, b.i)) })
	// Keep only the order and each pack's stream (5 bytes a pack), so that
	// the keys (80 bytes) can go before the packs are made.
	perm := make([]int32, len(order))
	streams := make([]uint8, len(order))
	for i, e := range order {
		perm[i], streams[i] = int32(e.i), uint8(e.key.stream)
	}
	order = nil
	var batches []*Batch
	var cur *Batch
	packs := make([]Pack, len(perm)) // one allocation for them all
	for i, mi := range perm {
		m, a := &members[mi], assigned[mi]
		if a.Member != m.ID() {
			return nil, fmt.Errorf("member %s has no codes", m.ID())
		}
		large := m.LargePrint()
		if s := election.Streams[streams[i]]; cur == nil || len(cur.Packs) == batchSize || cur.LargePrint != large || cur.Stream != s {
			cur = &Batch{Number: len(batches) + 1, Stream: s, LargePrint: large}
			batches = append(batches, cur)
		}
		packs[i] = Pack{Seq: i + 1, to: m, Ref: a.Ref, Codes: a.Pair, Batch: cur.Number}
		cur.Packs = append(cur.Packs, &packs[i])
	}
	return batches, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
