package roll

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// A Field is a kind of column the roll reader knows. Its String is the key
// the election file's columns section uses.
type Field uint8

const (
	FieldMemberID Field = iota + 1
	FieldTitle
	FieldForename
	FieldSurname
	FieldName // the whole name in one column
	FieldAddress
	FieldTown
	FieldCounty
	FieldPostcode
	FieldCountry
	FieldEmail
	FieldJoined
	FieldStatus
	FieldLargePrint
	fieldCount
)

var fieldNames = [...]string{
	FieldMemberID:   "member_id",
	FieldTitle:      "title",
	FieldForename:   "forename",
	FieldSurname:    "surname",
	FieldName:       "name",
	FieldAddress:    "address",
	FieldTown:       "town",
	FieldCounty:     "county",
	FieldPostcode:   "postcode",
	FieldCountry:    "country",
	FieldEmail:      "email",
	FieldJoined:     "joined",
	FieldStatus:     "status",
	FieldLargePrint: "large_print",
}

func (f Field) String() string {
	if f > 0 && f < fieldCount {
		return fieldNames[f]
	}
	return fmt.Sprintf("roll.Field(%d)", uint8(f))
}

// ParseField reads a field's name as the election file writes it. The
// address field also takes address1 … address5 (they all map to address
// lines, in column order).
func ParseField(s string) (Field, error) {
	for f := FieldMemberID; f < fieldCount; f++ {
		if s == fieldNames[f] {
			return f, nil
		}
	}
	if len(s) == len("address1") && strings.HasPrefix(s, "address") && s[7] >= '1' && s[7] <= '5' {
		return FieldAddress, nil
	}
	return 0, fmt.Errorf("unknown column field %q (known: %s, address1 … address5)", s, strings.Join(fieldNames[1:], ", "))
}

// headings are the usual column headings for each field, normalised by
// normHeading. Address columns are also recognised by pattern.
var headings = map[string]Field{
	"membershipnumber": FieldMemberID, "membershipno": FieldMemberID, "membershipnum": FieldMemberID,
	"memberno": FieldMemberID, "membernumber": FieldMemberID, "memberid": FieldMemberID,
	"membershipid": FieldMemberID, "memberref": FieldMemberID, "membershipref": FieldMemberID,
	"membershipreference": FieldMemberID, "memnumber": FieldMemberID, "memno": FieldMemberID,

	"title": FieldTitle, "salutation": FieldTitle,

	"forename": FieldForename, "forenames": FieldForename, "firstname": FieldForename,
	"firstnames": FieldForename, "givenname": FieldForename, "givennames": FieldForename,

	"surname": FieldSurname, "lastname": FieldSurname, "familyname": FieldSurname,

	"name": FieldName, "fullname": FieldName, "membername": FieldName,

	"street": FieldAddress, "streetaddress": FieldAddress, "address": FieldAddress,
	"locality": FieldAddress, "district": FieldAddress, "village": FieldAddress,

	"town": FieldTown, "city": FieldTown, "posttown": FieldTown, "towncity": FieldTown,

	"county": FieldCounty, "countystate": FieldCounty, "region": FieldCounty, "state": FieldCounty,

	"postcode": FieldPostcode, "postalcode": FieldPostcode, "zip": FieldPostcode,
	"zipcode": FieldPostcode, "postcodezip": FieldPostcode,

	"country": FieldCountry,

	"email": FieldEmail, "emailaddress": FieldEmail,

	"joined": FieldJoined, "joindate": FieldJoined, "datejoined": FieldJoined,
	"joiningdate": FieldJoined, "membersince": FieldJoined, "joineddate": FieldJoined,

	"status": FieldStatus, "membershipstatus": FieldStatus, "memberstatus": FieldStatus,

	"largeprint": FieldLargePrint, "largeprintrequired": FieldLargePrint,
	"largeprintrequest": FieldLargePrint, "largeprintrequested": FieldLargePrint,
}

// normHeading folds a heading for comparison: lower case, letters and
// digits only ("Address Line 1" → "addressline1").
func normHeading(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// knownHeading reports the field of a normalised heading.
func knownHeading(h string) (Field, bool) {
	if f, ok := headings[h]; ok {
		return f, true
	}
	// Address 1, Address Line 2, Addr3, Add 4, Address5 …
	for _, p := range []string{"addressline", "address", "addr", "add", "line"} {
		if rest, ok := strings.CutPrefix(h, p); ok && len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9' {
			return FieldAddress, true
		}
	}
	return 0, false
}

// A columnMap says which column of a row holds each field. Address lines may
// come from several columns, in order.
type columnMap struct {
	col      [fieldCount]int // 0-based column, or -1
	address  []int
	headings []string // the header row as read, for messages
	usedCols []bool   // by column: whether a field comes from it
	twice    [][3]int // field, its column, another column with a heading for it
}

// used reports whether the reader takes anything from column col.
func (m *columnMap) used(col int) bool {
	if m.usedCols == nil {
		m.usedCols = make([]bool, len(m.headings))
		for _, c := range append(m.col[:], m.address...) {
			if c >= 0 && c < len(m.usedCols) {
				m.usedCols[c] = true
			}
		}
	}
	return col < len(m.usedCols) && m.usedCols[col]
}

func (m *columnMap) heading(col int) string {
	if col >= 0 && col < len(m.headings) {
		return m.headings[col]
	}
	return fmt.Sprintf("column %d", col+1)
}

// fieldHeading is the heading of f's column, for messages.
func (m *columnMap) fieldHeading(f Field) string { return m.heading(m.col[f]) }

// matchHeader maps a candidate header row, with the explicit mapping first.
// It returns how many fields it recognised.
func matchHeader(row []string, explicit map[Field]string, addresses []string) (*columnMap, int) {
	m := &columnMap{headings: slices.Clone(row)}
	for i := range m.col {
		m.col[i] = -1
	}
	want := map[string]Field{}
	for f, h := range explicit {
		want[normHeading(h)] = f
	}
	for _, h := range addresses {
		want[normHeading(h)] = FieldAddress
	}
	n := 0
	// Columns the election file names first, then the usual headings for
	// the fields it does not name; a field two columns claim is noted.
	named := [fieldCount]bool{}
	for c, cell := range row {
		if f, ok := want[normHeading(cell)]; ok && f != FieldAddress && m.col[f] < 0 {
			m.col[f], named[f] = c, true
			n++
		}
	}
	for c, cell := range row {
		h := normHeading(cell)
		if h == "" {
			continue
		}
		f, ok := want[h]
		if ok && f != FieldAddress {
			continue // placed above
		}
		if !ok {
			f, ok = knownHeading(h)
		}
		if !ok {
			continue
		}
		if f == FieldAddress {
			m.address = append(m.address, c)
			if len(m.address) == 1 {
				n++
			}
			continue
		}
		switch {
		case named[f]:
			// The election file chose another column for it.
		case m.col[f] < 0:
			m.col[f] = c
			n++
		default:
			m.twice = append(m.twice, [3]int{int(f), m.col[f], c})
		}
	}
	if len(m.address) > 0 {
		m.col[FieldAddress] = m.address[0]
	}
	return m, n
}

// headerSearchRows is how far down the header row may be.
const headerSearchRows = 30

// isHeader decides whether a matched row is the header: it must name the
// membership number and at least two other fields.
func isHeader(m *columnMap, n int) bool { return m.col[FieldMemberID] >= 0 && n >= 3 }

// missingColumns lists the required fields a header lacks, in words.
func (m *columnMap) missingColumns() []string {
	var miss []string
	if m.col[FieldMemberID] < 0 {
		miss = append(miss, "membership number")
	}
	if m.col[FieldSurname] < 0 && m.col[FieldName] < 0 {
		miss = append(miss, "surname (or name)")
	}
	if len(m.address) == 0 {
		miss = append(miss, "address")
	}
	if m.col[FieldTown] < 0 {
		miss = append(miss, "town")
	}
	if m.col[FieldPostcode] < 0 {
		miss = append(miss, "postcode")
	}
	return miss
}

// foundList describes the columns of a row for an error message.
func foundList(row []string) string {
	var cells []string
	for _, c := range row {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, fmt.Sprintf("%q", c))
		}
		if len(cells) == 20 {
			cells = append(cells, "…")
			break
		}
	}
	if len(cells) == 0 {
		return "nothing"
	}
	return strings.Join(cells, ", ")
}
