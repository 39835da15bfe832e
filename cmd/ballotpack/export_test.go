package main

import (
	"testing"

	"github.com/ballotpack/ballotpack/codes"
)

// TestHashSecretVector is the vector of codes/SPEC.md section 10: the
// secret code of the first test vector, a fixed salt of bytes 0..15.
func TestHashSecretVector(t *testing.T) {
	c, err := codes.ParseCode("9V7E-EZA7-S76R-0R6M")
	if err != nil {
		t.Fatal(err)
	}
	salt := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	got := hashSecret(c, salt, argonMemory, argonTime)
	const want = "$argon2id$v=19$m=4096,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$hjz0hKT74um9XAmt5wjrqCaku8JuaBgI0xWdqFOuBzU"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
