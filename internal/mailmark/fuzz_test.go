package mailmark

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Whatever the fields hold, Content does not panic; it returns only
// *FieldErrors, or 45 characters and the customer content, which encode in
// the type's size, with each field where the definition puts it.
func FuzzContent(f *testing.F) {
	f.Add(7, "0", "1", "2", 1001234, 12345678, "AB1 9XY", "1A", "0", "", "")
	f.Add(9, "", "", "9", 0, 0, "sw1a1aa", "", "", "M1 1AA", "CUSTOMER 123")
	f.Add(29, "P", "1", "1", -1, 1_000_000_000, "", "A1", "x", "bad", "é")
	f.Fuzz(func(t *testing.T, typ int, info, version, class string, supply, item int, post, dps, rts, ret, cc string) {
		fs := Fields{Type: Type(typ), InformationType: info, Version: version, Class: class,
			SupplyChainID: supply, ItemID: item, Postcode: post, DPS: dps, RTS: rts, ReturnPostcode: ret, CustomerContent: cc}
		c, err := Content(fs)
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("%v is not a *FieldError", e)
				}
			}
			return
		}
		if len(c) != 45+len(cc) || !strings.HasPrefix(c, "JGB ") || c[45:] != cc {
			t.Fatalf("content %q for %+v", c, fs)
		}
		if got, want := c[7:22], fmt.Sprintf("%07d%08d", supply, item); got != want {
			t.Fatalf("IDs %q, want %q", got, want)
		}
		if p, _ := postcode(post); !strings.HasPrefix(c[22:31], p) || c[39:45] != "      " {
			t.Fatalf("content %q for postcode %q", c, post)
		}
		s, err := Encode(fs)
		if err != nil || s.Rows() != fs.Type.Size().Rows() || s.Cols() != fs.Type.Size().Cols() {
			t.Fatalf("Encode(%+v): %v", fs, err)
		}
	})
}
