package roll

import (
	"strings"
	"time"
	"unsafe"
)

// A Recipient is an accepted member as a pack needs them: membership
// number, name, address, large print and row, held as one string and the
// offsets into it. That is 64 bytes and the text, against a Member's 240
// and its e-mail, status and join date, and one pointer for the garbage
// collector to follow instead of a dozen: generate holds every member of
// the roll until the last batch is made. (Options.Recipients.)
type Recipient struct {
	data  string
	big   *Member // a member too large to hold this way (never on an accepted row of a real roll)
	ends  [recipientFields + maxRecipientAddress]uint16
	nAddr uint8
	large bool
	row   int32
}

// The fields of a Recipient, in data, before its address lines.
const (
	rID = iota
	rTitle
	rForename
	rSurname
	rTown
	rCounty
	rPostcode
	rCountry
	rEmail // while the roll is read, for the duplicate checks; not kept in Result.Recipients
	recipientFields
)

const maxRecipientAddress = 7

// NewRecipient holds what a pack needs of m.
func NewRecipient(m *Member) Recipient { return newRecipient(m, false, nil) }

// A textArena holds the text of many recipients in a few large blocks, so
// that the garbage collector, which marks what every string points to at
// each collection, meets a few hundred blocks rather than one small object
// a member: generate holds a whole roll's recipients while it renders. A
// block's bytes are written once, before any string refers to them, and
// never again.
type textArena struct {
	free []byte // the unwritten rest of the current block
}

const arenaBlock = 64 << 10

// text returns a string of len(parts...) bytes, the parts in order, in the
// arena (or a string of its own if a is nil).
func (a *textArena) text(n int, parts ...string) string {
	if a == nil || n == 0 || n > arenaBlock/4 {
		return strings.Join(parts, "")
	}
	if len(a.free) < n {
		a.free = make([]byte, arenaBlock)
	}
	b := a.free[:0:n]
	for _, p := range parts {
		b = append(b, p...)
	}
	a.free = a.free[n:]
	return unsafe.String(&b[0], n)
}

// newRecipient is NewRecipient, keeping m's e-mail too when email is true,
// with its text in arena (nil: a string of its own).
func newRecipient(m *Member, email bool, arena *textArena) Recipient {
	fields := [recipientFields]string{m.ID, m.Title, m.Forename, m.Surname, m.Town, m.County, m.Postcode, m.Country, m.Email}
	if !email {
		fields[rEmail] = ""
	}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	for _, a := range m.Address {
		n += len(a)
	}
	if len(m.Address) > maxRecipientAddress || n >= 1<<16 || m.Row > 1<<31-1 {
		big := compact(*m) // its own text, not the rows it was read from
		big.Joined, big.Status = time.Time{}, ""
		if !email {
			big.Email = ""
		}
		return Recipient{big: &big, large: m.LargePrint}
	}
	r := Recipient{nAddr: uint8(len(m.Address)), row: int32(m.Row), large: m.LargePrint}
	parts := make([]string, 0, recipientFields+maxRecipientAddress)
	end := 0
	for i, f := range fields {
		parts, end = append(parts, f), end+len(f)
		r.ends[i] = uint16(end)
	}
	for i, a := range m.Address {
		parts, end = append(parts, a), end+len(a)
		r.ends[recipientFields+i] = uint16(end)
	}
	r.data = arena.text(n, parts...)
	return r
}

func (r *Recipient) field(i int) string {
	start := 0
	if i > 0 {
		start = int(r.ends[i-1])
	}
	return r.data[start:r.ends[i]]
}

// Member returns the member r holds, without the e-mail, status and join
// date. Its strings share r's text.
func (r *Recipient) Member() *Member {
	if r.big != nil {
		m := *r.big
		return &m
	}
	m := &Member{Row: int(r.row), ID: r.field(rID), Title: r.field(rTitle), Forename: r.field(rForename),
		Surname: r.field(rSurname), Town: r.field(rTown), County: r.field(rCounty), Postcode: r.field(rPostcode),
		Country: r.field(rCountry), Email: r.field(rEmail), LargePrint: r.large}
	if r.nAddr > 0 {
		m.Address = make([]string, r.nAddr)
		for i := range m.Address {
			m.Address[i] = r.field(recipientFields + i)
		}
	}
	return m
}

// Row is the member's row in the file.
func (r *Recipient) Row() int {
	if r.big != nil {
		return r.big.Row
	}
	return int(r.row)
}

// ID is the membership number.
func (r *Recipient) ID() string {
	if r.big != nil {
		return r.big.ID
	}
	return r.field(rID)
}

// LargePrint reports whether the member asked for large print.
func (r *Recipient) LargePrint() bool { return r.large }

// Postcode is the member's postcode, as Member.Postcode.
func (r *Recipient) Postcode() string {
	if r.big != nil {
		return r.big.Postcode
	}
	return r.field(rPostcode)
}

// Town is the member's post town, as written.
func (r *Recipient) Town() string {
	if r.big != nil {
		return r.big.Town
	}
	return r.field(rTown)
}

// Country is the member's country, as Member.Country: empty for the UK.
func (r *Recipient) Country() string {
	if r.big != nil {
		return r.big.Country
	}
	return r.field(rCountry)
}

// withoutEmail is r as Result.Recipients keeps it, its text in arena.
func (r *Recipient) withoutEmail(arena *textArena) Recipient {
	if r.big != nil {
		return newRecipient(r.Member(), false, arena)
	}
	from, to := int(r.ends[rEmail-1]), int(r.ends[rEmail])
	out := *r
	out.data = arena.text(len(r.data)-(to-from), r.data[:from], r.data[to:])
	for i := rEmail; i < len(out.ends); i++ {
		if i < recipientFields+int(r.nAddr) {
			out.ends[i] -= uint16(to - from)
		}
	}
	return out
}
