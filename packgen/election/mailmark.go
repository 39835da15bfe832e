package election

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ballotpack/ballotpack/internal/mailmark"
	"github.com/ballotpack/ballotpack/packgen/layout"
)

// The election file's mailmark: section: the Royal Mail Mailmark 2D
// barcode, printed in the window beside the address of every UK pack, for
// the Mailmark postage discount. Off unless the section is there.
//
//	mailmark:
//	  supply_chain_id: 1234567   # from Royal Mail, 7 digits (required)
//	  class: 2                   # the Mailmark service's class digit (required)
//	  information_type: 0        # default 0
//	  dps: 9Z                    # delivery point suffix when the roll has none (default 9Z)
//	  return_postcode: SW1A 1AA  # return to sender (optional)

// Mailmark is the mailmark: section, checked; nil when it is not there.
type Mailmark struct {
	SupplyChainID   int
	Class           string
	InformationType string
	DPS             string
	ReturnPostcode  string
}

type fileMailmark struct {
	SupplyChainID   *int   `yaml:"supply_chain_id"`
	Class           string `yaml:"class"`
	InformationType string `yaml:"information_type"`
	DPS             string `yaml:"dps"`
	ReturnPostcode  string `yaml:"return_postcode"`
}

// Fields are the barcode's fields for the pack with sequence number seq
// going to postcode: a Type 7 symbol (24 × 24 modules).
func (m *Mailmark) Fields(seq int, postcode string) mailmark.Fields {
	f := mailmark.Fields{Type: mailmark.Type7, InformationType: m.InformationType, Class: m.Class,
		SupplyChainID: m.SupplyChainID, ItemID: seq, Postcode: postcode, DPS: m.DPS, ReturnPostcode: m.ReturnPostcode}
	if m.ReturnPostcode != "" {
		f.RTS = "1"
	}
	return f
}

// parseMailmark checks the section: every field's mistake said at once,
// in the definition's words, by trying a barcode with a sample postcode.
func (e *Election) parseMailmark(c *checker, f *fileMailmark) {
	if f == nil {
		return
	}
	m := &Mailmark{Class: strings.TrimSpace(f.Class), InformationType: strings.TrimSpace(f.InformationType),
		DPS: strings.ToUpper(strings.TrimSpace(f.DPS)), ReturnPostcode: strings.TrimSpace(f.ReturnPostcode)}
	if f.SupplyChainID == nil {
		c.bad("mailmark.supply_chain_id", "missing: Royal Mail gives each mailer a 7-digit supply chain ID; without it there is no Mailmark barcode (remove the mailmark section to print none)")
	} else {
		m.SupplyChainID = *f.SupplyChainID
	}
	if m.Class == "" {
		c.bad("mailmark.class", "missing: the class digit of the Mailmark service the packs are posted under")
	}
	_, err := mailmark.Content(m.Fields(1, "SW1A 1AA"))
	for _, one := range unjoin(err) {
		var fe *mailmark.FieldError
		if errors.As(one, &fe) {
			setting := map[string]string{"supply chain ID": "supply_chain_id", "class": "class", "information type": "information_type",
				"DPS": "dps", "delivery point suffix": "dps", "return-to-sender postcode": "return_postcode"}[fe.Field]
			if setting == "" {
				setting = strings.ReplaceAll(fe.Field, " ", "_")
			}
			if (setting == "supply_chain_id" && f.SupplyChainID == nil) || (setting == "class" && m.Class == "") {
				continue // said above
			}
			c.bad("mailmark."+setting, fmt.Sprintf("%q %s", fe.Value, fe.Rule))
		} else if one != nil {
			c.bad("mailmark", one.Error())
		}
	}
	e.Mailmark = m
}

// unjoin splits an errors.Join error into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// Window is the model of the election's envelope window, with room kept
// beside the address for the Mailmark barcode if the election prints one.
func (e *Election) Window() layout.Window {
	w := layout.WindowFor(string(e.Envelope))
	if e.Mailmark != nil {
		w = w.WithMailmark()
	}
	return w
}
