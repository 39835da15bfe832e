package codes_test

import (
	"fmt"

	"github.com/ballotpack/ballotpack/codes"
)

func Example() {
	// An obviously fake key: real keys come from codes.GenerateKey and live in
	// a key file made by "ballotpack keygen".
	key, _ := codes.NewMasterKey([]byte("NOT A REAL KEY, ONLY AN EXAMPLE."))
	issuer, _ := key.Issuer("leadership-2026")

	pack := codes.Ref{Member: "0012345", Issue: 1}
	pair, _ := issuer.Derive(pack)
	fmt.Println("letter:", pair.Ballot.Text(), pair.Secret.Text())

	// A scrutineer holds only the verify-only key and types the code from a
	// returned ballot paper, sloppily.
	verifier := issuer.VerifyKey()
	typed, err := codes.ParseCode("t7sxm nlty4")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ballot paper:", verifier.Verify(pack, typed))
	fmt.Println("secret code:", verifier.Verify(pack, pair.Secret))
	// Output:
	// letter: T7SXM-N1TY4 F7WW-FQWE-1WMD-FCEV
	// ballot paper: <nil>
	// secret code: a verify-only key checks ballot codes only; secret codes need the master key
}
