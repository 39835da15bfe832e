package mailmark

import (
	"errors"
	"strings"
	"testing"
)

// The example of zint's tests and the BWIPP wiki: information type 0,
// version 1, class 2, supply chain 1001234, item 12345678, AB1 9XY with DPS
// 1A, RTS flag 0, no RTS postcode.
func TestContentExample(t *testing.T) {
	got, err := Content(Fields{Type: Type29, Class: "2", SupplyChainID: 1001234, ItemID: 12345678,
		Postcode: "AB1 9XY", DPS: "1A"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "JGB 012100123412345678AB19XY1A 0             "; got != want {
		t.Errorf("Content = %q, want %q", got, want)
	}
}

func TestContent(t *testing.T) {
	base := Fields{Type: Type7, Class: "1", SupplyChainID: 42, ItemID: 1, Postcode: "SW1A 1AA"}
	tests := []struct {
		name string
		edit func(*Fields)
		want string
	}{
		{"defaults: type 0, version 1, DPS 9Z, RTS 0, no RTS postcode", func(*Fields) {},
			"JGB 0110000042" + "00000001" + "SW1A1AA9Z" + "0" + "       " + "      "},
		{"postcode A9 9AA in lower case, no space", func(f *Fields) { f.Postcode = "m11aa"; f.DPS = "2B" },
			"JGB 0110000042" + "00000001" + "M11AA2B  " + "0" + "       " + "      "},
		{"postcode A99 9AA, spaces around", func(f *Fields) { f.Postcode = "  M60 1NW " },
			"JGB 0110000042" + "00000001" + "M601NW9Z " + "0" + "       " + "      "},
		{"postcode AA9 9AA and AA99 9AA return", func(f *Fields) { f.Postcode = "CR2 6XH"; f.ReturnPostcode = "DN55 1PT"; f.RTS = "1" },
			"JGB 0110000042" + "00000001" + "CR26XH9Z " + "1" + "DN551PT" + "      "},
		{"postcode A9A 9AA, return A9 9AA", func(f *Fields) { f.Postcode = "W1A 0AX"; f.ReturnPostcode = "B1 1BB" },
			"JGB 0110000042" + "00000001" + "W1A0AX9Z " + "0" + "B11BB  " + "      "},
		{"Royal Mail's default postcode", func(f *Fields) { f.Postcode = "XY99 1AA" },
			"JGB 0110000042" + "00000001" + "XY991AA9Z" + "0" + "       " + "      "},
		{"largest IDs, information type A", func(f *Fields) { f.SupplyChainID = 9_999_999; f.ItemID = 99_999_999; f.InformationType = "A" },
			"JGB A119999999" + "99999999" + "SW1A1AA9Z" + "0" + "       " + "      "},
		{"type 7 customer content, full", func(f *Fields) { f.CustomerContent = "AB 12C" },
			"JGB 0110000042" + "00000001" + "SW1A1AA9Z" + "0" + "       " + "      " + "AB 12C"},
		{"type 9, 45 characters", func(f *Fields) { f.Type = Type9; f.CustomerContent = strings.Repeat("X", 45) },
			"JGB 0110000042" + "00000001" + "SW1A1AA9Z" + "0" + "       " + "      " + strings.Repeat("X", 45)},
		{"type 29, 25 characters", func(f *Fields) { f.Type = Type29; f.CustomerContent = strings.Repeat("7", 25) },
			"JGB 0110000042" + "00000001" + "SW1A1AA9Z" + "0" + "       " + "      " + strings.Repeat("7", 25)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base
			tt.edit(&f)
			got, err := Content(f)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Content =\n%q, want\n%q", got, tt.want)
			}
			s, err := Encode(f)
			if err != nil {
				t.Fatal(err)
			}
			if s.Rows() != f.Type.Size().Rows() || s.Cols() != f.Type.Size().Cols() {
				t.Errorf("symbol %d×%d for type %d", s.Rows(), s.Cols(), f.Type)
			}
		})
	}
}

func TestContentErrors(t *testing.T) {
	base := Fields{Type: Type7, Class: "1", SupplyChainID: 42, ItemID: 1, Postcode: "SW1A 1AA"}
	tests := []struct {
		name  string
		edit  func(*Fields)
		field string
		msg   string
	}{
		{"type", func(f *Fields) { f.Type = 8 }, "type", `mailmark: type "8": must be 7 (24x24), 9 (32x32) or 29 (16x48)`},
		{"information type", func(f *Fields) { f.InformationType = "Z" }, "information type", ""},
		{"version", func(f *Fields) { f.Version = "2" }, "version ID", `mailmark: version ID "2": must be 1`},
		{"class missing", func(f *Fields) { f.Class = "" }, "class", ""},
		{"class a letter", func(f *Fields) { f.Class = "A" }, "class", ""},
		{"class two digits", func(f *Fields) { f.Class = "12" }, "class", ""},
		{"supply chain ID too big", func(f *Fields) { f.SupplyChainID = 10_000_000 }, "supply chain ID",
			`mailmark: supply chain ID "10000000": must be 0 to 9999999 (7 digits)`},
		{"supply chain ID negative", func(f *Fields) { f.SupplyChainID = -1 }, "supply chain ID", ""},
		{"item ID too big", func(f *Fields) { f.ItemID = 100_000_000 }, "item ID", ""},
		{"postcode missing", func(f *Fields) { f.Postcode = "" }, "destination postcode", ""},
		{"postcode short", func(f *Fields) { f.Postcode = "SW1A 1A" }, "destination postcode",
			`mailmark: destination postcode "SW1A 1A": is not a UK postcode: outward code A9, A99, AA9, AA99, A9A or AA9A, inward code 9AA (A a letter, 9 a digit)`},
		{"postcode outward 9A", func(f *Fields) { f.Postcode = "1A 1AA" }, "destination postcode", ""},
		{"postcode outward AAA9", func(f *Fields) { f.Postcode = "ABC1 1AA" }, "destination postcode", ""},
		{"postcode inward letters first", func(f *Fields) { f.Postcode = "SW1A AA1" }, "destination postcode", ""},
		{"postcode with a hyphen", func(f *Fields) { f.Postcode = "SW1A-1AA" }, "destination postcode", ""},
		{"overseas", func(f *Fields) { f.Postcode = "NSW 2000" }, "destination postcode", ""},
		{"DPS letter first", func(f *Fields) { f.DPS = "A1" }, "DPS", `mailmark: DPS "A1": must be a digit and a capital letter, 1A to 9Z`},
		{"DPS lower case", func(f *Fields) { f.DPS = "1a" }, "DPS", ""},
		{"RTS flag 7", func(f *Fields) { f.RTS = "7" }, "RTS flag", ""},
		{"return postcode", func(f *Fields) { f.ReturnPostcode = "NOWHERE" }, "return-to-sender postcode", ""},
		{"customer content too long for type 7", func(f *Fields) { f.CustomerContent = "1234567" }, "customer content",
			`mailmark: customer content "1234567": is 7 characters, type 7 holds 6`},
		{"customer content too long for type 29", func(f *Fields) { f.Type = Type29; f.CustomerContent = strings.Repeat("A", 26) }, "customer content", ""},
		{"customer content lower case", func(f *Fields) { f.CustomerContent = "abc" }, "customer content",
			`mailmark: customer content "abc": has 'a' at offset 0: only A-Z, 0-9 and space`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base
			tt.edit(&f)
			_, err := Content(f)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", fe.Field, tt.field, err)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("err =\n%v, want\n%s", err, tt.msg)
			}
			if _, err := Encode(f); err == nil {
				t.Error("Encode: no error")
			}
		})
	}
}

// Every mistake is reported at once, in the order of the fields.
func TestContentAllErrors(t *testing.T) {
	_, err := Content(Fields{Type: 3, SupplyChainID: -5, Postcode: "X", DPS: "99", CustomerContent: "é"})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a *FieldError", e)
		}
		fields = append(fields, fe.Field)
	}
	want := "type,class,supply chain ID,destination postcode,DPS,customer content"
	if got := strings.Join(fields, ","); got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
}
