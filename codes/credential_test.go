package codes

import "testing"

// The credential of vector 1 of testdata/vectors.json, computed once by an
// independent implementation (Python's hashlib, from SPEC.md section 10)
// and frozen here.
func TestCredentialVector(t *testing.T) {
	v := loadVectors(t)[0]
	b, err := ParseCode(v.BallotCode)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseCode(v.SecretCode)
	if err != nil {
		t.Fatal(err)
	}
	const want = "eba0b40b73b3d4e6e82362ab382bd9cc3335ac20f95ba86453245eaf657f6ddc"
	if got := Credential(v.Election, b, s); got != want {
		t.Errorf("Credential = %s, want %s", got, want)
	}
	// Typed sloppily, the same codes give the same credential.
	b2, _ := ParseCode("xpomy fohnn")
	if got := Credential(v.Election, b2, s); got != want {
		t.Errorf("Credential of the code typed sloppily = %s, want %s", got, want)
	}
	if Credential("other-election", b, s) == want {
		t.Error("the credential does not bind the election")
	}
}
