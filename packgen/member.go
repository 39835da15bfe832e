package packgen

import (
	"strings"

	"github.com/ballotpack/ballotpack/packgen/roll"
)

// A packedMember is what rendering needs of a member, in one string and
// the offsets into it: one pointer for the garbage collector to follow
// instead of a roll.Member's dozen and more, and no more bytes than the
// text. Generate keeps its plan this way while it renders, so that the
// roll's members (and the row text behind them: e-mail, status, join date,
// columns the packs never print) can be freed.
type packedMember struct {
	data  string
	ends  [packedFields + maxPackedAddress]uint16 // end of each field in data
	nAddr uint8
	row   int32
	large bool
}

// The fields of a packedMember, in data, before its address lines.
const (
	pkID = iota
	pkTitle
	pkForename
	pkSurname
	pkTown
	pkCounty
	pkPostcode
	pkCountry
	packedFields
)

const maxPackedAddress = 8

// pack returns m packed, or false when m does not fit (more address lines
// than maxPackedAddress, or more than 64 KB of text): such a member stays
// a roll.Member.
func pack(m *roll.Member) (packedMember, bool) {
	if len(m.Address) > maxPackedAddress {
		return packedMember{}, false
	}
	fields := [packedFields]string{m.ID, m.Title, m.Forename, m.Surname, m.Town, m.County, m.Postcode, m.Country}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	for _, a := range m.Address {
		n += len(a)
	}
	if n >= 1<<16 {
		return packedMember{}, false
	}
	var b strings.Builder
	b.Grow(n)
	p := packedMember{nAddr: uint8(len(m.Address)), row: int32(m.Row), large: m.LargePrint}
	for i, f := range fields {
		b.WriteString(f)
		p.ends[i] = uint16(b.Len())
	}
	for i, a := range m.Address {
		b.WriteString(a)
		p.ends[packedFields+i] = uint16(b.Len())
	}
	p.data = b.String()
	return p, true
}

func (p *packedMember) field(i int) string {
	start := 0
	if i > 0 {
		start = int(p.ends[i-1])
	}
	return p.data[start:p.ends[i]]
}

// member unpacks p. Its strings share p's text.
func (p *packedMember) member() *roll.Member {
	m := &roll.Member{Row: int(p.row), ID: p.field(pkID), Title: p.field(pkTitle), Forename: p.field(pkForename),
		Surname: p.field(pkSurname), Town: p.field(pkTown), County: p.field(pkCounty), Postcode: p.field(pkPostcode),
		Country: p.field(pkCountry), LargePrint: p.large}
	if p.nAddr > 0 {
		m.Address = make([]string, p.nAddr)
		for i := range m.Address {
			m.Address[i] = p.field(packedFields + i)
		}
	}
	return m
}

// member returns the pack's member: from the roll, or unpacked from the
// plan's compact copy. (Generate packs its plan's members once it is made.)
func (p *Pack) member() *roll.Member {
	if p.Member != nil {
		return p.Member
	}
	return p.packed.member()
}

// Cheap accessors for what the manifest, packs.csv and the register list.
func (p *Pack) memberID() string {
	if p.Member != nil {
		return p.Member.ID
	}
	return p.packed.field(pkID)
}

func (p *Pack) largePrint() bool {
	if p.Member != nil {
		return p.Member.LargePrint
	}
	return p.packed.large
}

func (p *Pack) postcode() string {
	if p.Member != nil {
		return p.Member.Postcode
	}
	return p.packed.field(pkPostcode)
}

func (p *Pack) country() string {
	if p.Member != nil {
		return p.Member.Country
	}
	return p.packed.field(pkCountry)
}

// packPlan replaces each pack's pointer into the roll by a compact copy of
// what it needs (members that do not fit keep theirs), so that the roll
// can be freed while the batches are rendered.
func packPlan(batches []*Batch) {
	for _, b := range batches {
		for _, p := range b.Packs {
			if p.Member == nil {
				continue
			}
			if pm, ok := pack(p.Member); ok {
				p.packed, p.Member = pm, nil
				p.Ref.Member = p.packed.field(pkID) // not the roll's row text
			}
		}
	}
}
