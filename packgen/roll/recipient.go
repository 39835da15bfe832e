package roll

import (
	"strings"
	"time"
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
func NewRecipient(m *Member) Recipient { return newRecipient(m, false) }

// newRecipient is NewRecipient, keeping m's e-mail too when email is true.
func newRecipient(m *Member, email bool) Recipient {
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
	var b strings.Builder
	b.Grow(n)
	r := Recipient{nAddr: uint8(len(m.Address)), row: int32(m.Row), large: m.LargePrint}
	for i, f := range fields {
		b.WriteString(f)
		r.ends[i] = uint16(b.Len())
	}
	for i, a := range m.Address {
		b.WriteString(a)
		r.ends[recipientFields+i] = uint16(b.Len())
	}
	r.data = b.String()
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

// withoutEmail is r as Result.Recipients keeps it.
func (r *Recipient) withoutEmail() Recipient {
	if r.big == nil && r.ends[rEmail] == r.ends[rEmail-1] {
		return *r
	}
	return newRecipient(r.Member(), false)
}
