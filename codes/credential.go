package codes

import (
	"crypto/sha256"
	"encoding/hex"
)

// labelCredential names the hash by which the online platform finds a
// member from the two codes they type (SPEC.md section 10).
const labelCredential = "ballotpack/v1/online-credential"

// Credential is the online credential of a pack: lower-case hex of
// SHA-256(lp(label) || lp(election) || lp(ballot code) || lp(secret code)),
// the codes in their compact form. The two codes hold 120 random bits, so
// the credential needs no key, salt or slow hash to keep them secret, and
// it reveals neither code: a leaked list of credentials prints no ballot
// paper and casts no vote.
func Credential(election string, ballot, secret Code) string {
	b := lp(nil, labelCredential)
	b = lp(b, election)
	b = lp(b, ballot.Compact())
	b = lp(b, secret.Compact())
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
