package packgen

import (
	"strings"

	"github.com/ballotpack/ballotpack/packgen/roll"
)

// member returns the pack's member: the one it was given, or the plan's
// recipient unpacked.
func (p *Pack) member() *roll.Member {
	if p.Member != nil {
		return p.Member
	}
	return p.to.Member()
}

// Cheap accessors for what the manifest, packs.csv and the register list.
func (p *Pack) memberID() string {
	if p.Member != nil {
		return p.Member.ID
	}
	return p.to.ID()
}

func (p *Pack) largePrint() bool {
	if p.Member != nil {
		return p.Member.LargePrint
	}
	return p.to.LargePrint()
}

func (p *Pack) postcode() string {
	if p.Member != nil {
		return p.Member.Postcode
	}
	return p.to.Postcode()
}

func (p *Pack) country() string {
	if p.Member != nil {
		return p.Member.Country
	}
	return p.to.Country()
}

// bfpo reports whether the pack goes by forces mail, as roll.Member.BFPO.
func (p *Pack) bfpo() bool { return p.country() == "" && strings.HasPrefix(p.postcode(), "BFPO ") }
