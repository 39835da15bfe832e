package mailmark_test

import (
	"fmt"

	"github.com/ballotpack/ballotpack/internal/mailmark"
)

func Example() {
	f := mailmark.Fields{
		Type:          mailmark.Type7, // a letter
		Class:         "9",            // standard (network access)
		SupplyChainID: 1234567,        // NOT A REAL supply chain ID
		ItemID:        1848,           // the pack's sequence number
		Postcode:      "sw1a 1aa",
		// DPS not known: 9Z. No return-to-sender service or postcode.
	}
	content, err := mailmark.Content(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	sym, err := mailmark.Encode(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n%d×%d modules\n", content, sym.Rows(), sym.Cols())

	f.Postcode, f.DPS = "SW1A", "A1"
	_, err = mailmark.Content(f)
	fmt.Println(err)
	// Output:
	// "JGB 019123456700001848SW1A1AA9Z0             "
	// 24×24 modules
	// mailmark: destination postcode "SW1A": is not a UK postcode: outward code A9, A99, AA9, AA99, A9A or AA9A, inward code 9AA (A a letter, 9 a digit)
	// mailmark: DPS "A1": must be a digit and a capital letter, 1A to 9Z
}
