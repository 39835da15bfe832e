// Package mailmark builds Royal Mail's Mailmark 2D barcode (the "CMDM", a
// Data Matrix ECC 200) from typed fields, checking each field, and encodes
// it in the symbol size its type calls for.
//
// # Content
//
// The content is 45 characters of fixed-width fields, then the customer's
// own content, in the layout of Royal Mail's "Mailmark barcode definition
// document" (2D section, "CMDM Mailmark barcode data contents"). Offsets
// count from 0; a field that is not used is all spaces, since every field
// starts at a fixed place:
//
//	 0–3   UPU country ID      "JGB ": J, the UPU's mark for such codes, and
//	                           "GB ", Royal Mail's UPU identifier
//	 4     information type    "0" domestic sorted and unsorted mail (ours),
//	                           "A" online postage, "B" franking, "C"
//	                           consolidation; "P" poll cards
//	 5     version ID          "1"
//	 6     class               the Mailmark service: "1" 1st class (retail),
//	                           "2" 2nd class, "3" economy, "5" deferred, "8"
//	                           premium and "9" standard (network access);
//	                           "0" null or test
//	 7–13  supply chain ID     7 digits: the mailing's customers, from Royal
//	                           Mail with the Mailmark licence
//	14–21  item ID             8 digits, unique within the supply chain ID for
//	                           at least 90 days: here the pack's sequence number
//	22–30  postcode + DPS      the delivery address's postcode without its
//	                           space, then its 2-character delivery point
//	                           suffix (a digit and a letter), spaces after:
//	                           "SW1A1AA1A", "M11AA9Z  "; "9Z" (DefaultDPS)
//	                           where the DPS is not known
//	31     RTS flag            the return-to-sender service asked for, "0" to
//	                           "6"; "0" none
//	32–38  RTS postcode        the return address's postcode without space or
//	                           DPS, spaces after, or 7 spaces for none
//	39–44  reserved            6 spaces
//	45–    customer content    Type 7: up to 6 characters, Type 29: 25, Type 9:
//	                           45; never padded with spaces (unused room is
//	                           error correction)
//
// Everything is in C40's basic set (A–Z, 0–9, space), customer content
// included here, though the definition lets it hold other ASCII characters:
// those cost C40 twice the room, and the capacities above would not hold.
//
// # Sizes
//
// Type 7 is a 24×24 symbol, for letters (our packs); Type 9 a 32×32 one and
// Type 29 a 16×48 one, for large letters. At the recommended 0.5 mm module
// they measure 12 × 12, 16 × 16 and 8 × 24 mm.
//
// # On the envelope
//
// What the sources below say about printing and placing it:
//   - module 0.5 mm, which is 6 dots at 300 dpi; at most 0.7 mm;
//   - a quiet zone of 4 modules (2 mm at 0.5 mm) all round, clear of print
//     and of the window's edge (the definition's §2.4, as zint follows it);
//   - where the delivery postcode is not known, the default postcode
//     "XY99 1AA" may be used (since 2 January 2024, at a supplementary
//     charge) or spaces; either counts against Royal Mail's 10 % tolerance
//     for postcode accuracy.
//
// The issue asks for the barcode inside the address window, beside the
// address, so that it is seen and read in every position the insert can
// take in the envelope. The definition's own section on location ("Location
// for all Mailmark barcodes") was not among the sources that could be read
// while writing this: check the current definition and the Mailmark mailing
// requirements user guide before relying on a placement, and on the class,
// information type and RTS values above.
//
// # Sources
//
//   - Royal Mail, "Mailmark barcode definition document" (contents and
//     sections as cited by the implementations below; zint cites the 15
//     February 2021 issue at royalmailtechnical.com).
//   - zint, backend/mailmark.c, mailmark_2d(): field offsets, version "1",
//     RTS/service flag "0"–"6", postcode patterns, blank RTS postcode,
//     reserved spaces; backend/output.c: the 4-module quiet zone.
//   - BWIPP wiki, "Royal Mail Mailmark": 45 characters of fixed fields, then
//     customer data; types 7, 9, 29; the example
//     "JGB 012100123412345678AB19XY1A 0             ".
//   - Aspose.BarCode API reference, Mailmark2DCodetext: the information type
//     and class values, item ID unique for 90 days, customer content sizes.
//   - barcodefaq.com, "Royal Mail Mailmark Barcode FAQ": sizes in modules and
//     millimetres, C40 as the required encodation.
//   - Objectif Lune, PlanetPress Connect manual, "Royal Mail 2D Mailmark":
//     0.5 mm module (6 dots at 300 dpi), at most 0.7 mm.
//   - Neodynamic, "British Royal Mail Mailmark CMDM": unused fields as
//     spaces, unused customer room not padded.
//   - royalmailtechnical.com news, "Mailmark barcode default postcode"
//     (XY99 1AA from 2 January 2024).
package mailmark

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ballotpack/ballotpack/internal/datamatrix"
)

// Type is the Mailmark 2D type, which fixes the symbol's size.
type Type int

// The three types.
const (
	Type7  Type = 7  // 24×24 modules, 6 characters of customer content
	Type9  Type = 9  // 32×32 modules, 45 characters
	Type29 Type = 29 // 16×48 modules, 25 characters
)

// Size is the Data Matrix size of the type (0 for an unknown type).
func (t Type) Size() datamatrix.Size {
	switch t {
	case Type7:
		return datamatrix.Square24
	case Type9:
		return datamatrix.Square32
	case Type29:
		return datamatrix.Rect16x48
	}
	return 0
}

// CustomerCapacity is how many characters of customer content the type
// holds: 6, 45 or 25 (0 for an unknown type).
func (t Type) CustomerCapacity() int {
	switch t {
	case Type7:
		return 6
	case Type9:
		return 45
	case Type29:
		return 25
	}
	return 0
}

// Defaults for fields left empty.
const (
	DefaultInformationType = "0"  // domestic sorted and unsorted mail
	DefaultVersion         = "1"  // the only version there is
	DefaultDPS             = "9Z" // delivery point suffix not known
	DefaultRTS             = "0"  // no return-to-sender service
)

// Fields are the barcode's fields. Empty strings take the defaults above,
// but for Class, Postcode and Type, which have none.
type Fields struct {
	Type            Type   // 7, 9 or 29
	InformationType string // one character: 0, A, B, C or P
	Version         string // "1"
	Class           string // one digit: the Mailmark service
	SupplyChainID   int    // 0 to 9,999,999
	ItemID          int    // 0 to 99,999,999: the pack's sequence number
	Postcode        string // the delivery postcode, any case, with or without its space
	DPS             string // delivery point suffix: a digit and a letter
	RTS             string // return-to-sender flag, "0" to "6"
	ReturnPostcode  string // the return-to-sender postcode, or "" for none
	CustomerContent string // A–Z, 0–9 and space, up to the type's capacity
}

// A FieldError says which field is wrong, what it holds and what it may
// hold.
type FieldError struct {
	Field string // as the definition names it: "supply chain ID"
	Value string // as given
	Rule  string // what is allowed
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("mailmark: %s %q: %s", e.Field, e.Value, e.Rule)
}

// Content returns the barcode's content: 45 characters and the customer
// content. A mistake in any field is a *FieldError; all of them are
// returned, joined (errors.Join), in the order of the fields.
func Content(f Fields) (string, error) {
	var errs []error
	bad := func(field, value, rule string) {
		errs = append(errs, &FieldError{Field: field, Value: value, Rule: rule})
	}
	one := func(field, value, def, allowed, rule string) string {
		if value == "" {
			return def
		}
		if len(value) != 1 || !strings.Contains(allowed, value) {
			bad(field, value, rule)
			return def
		}
		return value
	}

	if f.Type.Size() == 0 {
		bad("type", strconv.Itoa(int(f.Type)), "must be 7 (24x24), 9 (32x32) or 29 (16x48)")
	}
	info := one("information type", f.InformationType, DefaultInformationType, "0ABCP",
		`must be one of 0 (domestic sorted and unsorted), A (online postage), B (franking), C (consolidation), P (poll cards)`)
	version := one("version ID", f.Version, DefaultVersion, "1", `must be 1`)
	class := one("class", f.Class, "0", "0123456789", "must be one digit, 0 to 9 (1 1st class, 2 2nd class, 3 economy, 5 deferred, 8 premium, 9 standard)")
	if f.Class == "" {
		bad("class", "", "is required: one digit, the Mailmark service (1 1st class, 2 2nd class, 3 economy, 5 deferred, 8 premium, 9 standard)")
	}
	if f.SupplyChainID < 0 || f.SupplyChainID > 9_999_999 {
		bad("supply chain ID", strconv.Itoa(f.SupplyChainID), "must be 0 to 9999999 (7 digits)")
	}
	if f.ItemID < 0 || f.ItemID > 99_999_999 {
		bad("item ID", strconv.Itoa(f.ItemID), "must be 0 to 99999999 (8 digits)")
	}
	dest, ok := postcode(f.Postcode)
	if !ok {
		rule := "is not a UK postcode: " + postcodeRule
		if strings.TrimSpace(f.Postcode) == "" {
			rule = "is required: " + postcodeRule + ` (XY99 1AA, Royal Mail's default postcode, where it is not known)`
		}
		bad("destination postcode", f.Postcode, rule)
	}
	dps := f.DPS
	if dps == "" {
		dps = DefaultDPS
	}
	if len(dps) != 2 || !isDigit(dps[0]) || !isUpper(dps[1]) {
		bad("DPS", f.DPS, "must be a digit and a capital letter, 1A to 9Z")
	}
	rts := one("RTS flag", f.RTS, DefaultRTS, "0123456", "must be one digit, 0 to 6 (0: no return-to-sender service)")
	ret := ""
	if f.ReturnPostcode != "" {
		if ret, ok = postcode(f.ReturnPostcode); !ok {
			bad("return-to-sender postcode", f.ReturnPostcode, "is not a UK postcode: "+postcodeRule+", or empty for none")
		}
	}
	if max := f.Type.CustomerCapacity(); len(f.CustomerContent) > max && max > 0 {
		bad("customer content", f.CustomerContent, fmt.Sprintf("is %d characters, type %d holds %d", len(f.CustomerContent), f.Type, max))
	}
	for i := 0; i < len(f.CustomerContent); i++ {
		if c := f.CustomerContent[i]; c != ' ' && !isDigit(c) && !isUpper(c) {
			bad("customer content", f.CustomerContent, fmt.Sprintf("has %q at offset %d: only A-Z, 0-9 and space", c, i))
			break
		}
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return fmt.Sprintf("JGB %s%s%s%07d%08d%-9s%s%-7s      %s",
		info, version, class, f.SupplyChainID, f.ItemID, dest+dps, rts, ret, f.CustomerContent), nil
}

// Encode returns the barcode's symbol: Content in the type's size.
func Encode(f Fields) (*datamatrix.Symbol, error) {
	c, err := Content(f)
	if err != nil {
		return nil, err
	}
	return datamatrix.Encode(c, f.Type.Size())
}

const postcodeRule = "outward code A9, A99, AA9, AA99, A9A or AA9A, inward code 9AA (A a letter, 9 a digit)"

// postcode returns a UK postcode in capitals without its space, if s is one
// in any case, with or without one space between its halves.
func postcode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if out, in, ok := strings.Cut(s, " "); ok {
		s = out + strings.TrimLeft(in, " ")
	}
	if len(s) < 5 || len(s) > 7 {
		return "", false
	}
	out, in := s[:len(s)-3], s[len(s)-3:]
	if !isDigit(in[0]) || !isUpper(in[1]) || !isUpper(in[2]) {
		return "", false
	}
	var shape []byte
	for i := 0; i < len(out); i++ {
		switch {
		case isUpper(out[i]):
			shape = append(shape, 'A')
		case isDigit(out[i]):
			shape = append(shape, '9')
		default:
			return "", false
		}
	}
	switch string(shape) {
	case "A9", "A99", "AA9", "AA99", "A9A", "AA9A":
		return s, true
	}
	return "", false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
