package codes

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Labels: one per use of a key, each bound into what it derives.
const (
	hkdfSalt    = "ballotpack/v1"             // HKDF salt for every subkey
	labelBallot = "ballotpack/v1/ballot-code" // HKDF info label: subkey for code 1
	labelSecret = "ballotpack/v1/secret-code" // HKDF info label: subkey for code 2
	labelKeyID  = "ballotpack/v1/key-id"      // HMAC message naming a key by ID
)

// Limits on the identifiers bound into codes.
const (
	MaxElectionID = 64
	MaxMemberID   = 64
)

var (
	// ErrMismatch means a well-formed code is not the one issued for that
	// member and issue number.
	ErrMismatch = errors.New("code does not match this member and issue number")
	// ErrVerifyOnly means a verify-only key was asked for something only the
	// master key can do: deriving or checking secret codes.
	ErrVerifyOnly = errors.New("a verify-only key checks ballot codes only; secret codes need the master key")
)

// A Ref names one pack: a member and an issue number (1 for the first pack,
// one more for each replacement). Variant is 0 unless DeriveUnique had to
// move the pack's codes away from a collision; it is recorded with the pack.
type Ref struct {
	Member  string
	Issue   uint32
	Variant uint32
}

func (r Ref) check() error {
	if r.Member == "" {
		return errors.New("membership number is empty")
	}
	if len(r.Member) > MaxMemberID {
		return fmt.Errorf("membership number is longer than %d bytes", MaxMemberID)
	}
	if !utf8.ValidString(r.Member) {
		return errors.New("membership number is not valid UTF-8")
	}
	if r.Issue == 0 {
		return errors.New("issue number must be 1 or more")
	}
	return nil
}

// CheckElectionID reports whether id can name an election: 1 to 64 ASCII
// letters, digits, '.', '_' or '-', starting with a letter or digit.
func CheckElectionID(id string) error {
	if id == "" {
		return errors.New("election ID is empty")
	}
	if len(id) > MaxElectionID {
		return fmt.Errorf("election ID is longer than %d characters", MaxElectionID)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if i == 0 && !alnum {
			return errors.New("election ID must start with a letter or digit")
		}
		if !alnum && c != '.' && c != '_' && c != '-' {
			return fmt.Errorf("election ID may hold only letters, digits, '.', '_' and '-' (found %q)", c)
		}
	}
	return nil
}

// lp appends s to b with a 4-byte big-endian length prefix.
func lp(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// subkey derives the subkey for one purpose and election from a master key.
func subkey(master []byte, label, election string) [32]byte {
	info := lp(lp(nil, label), election)
	k, err := hkdf.Key(sha256.New, master, []byte(hkdfSalt), string(info), 32)
	if err != nil {
		panic("codes: hkdf: " + err.Error()) // only for lengths we never ask for
	}
	return [32]byte(k)
}

const maxMessage = 4 + MaxElectionID + 4 + MaxMemberID + 4 + 4

// message appends the HMAC message for election and r to b.
func message(b []byte, election string, r Ref) []byte {
	b = lp(b, election)
	b = lp(b, r.Member)
	b = binary.BigEndian.AppendUint32(b, r.Issue)
	return binary.BigEndian.AppendUint32(b, r.Variant)
}

// deriveCode computes the code of kind k for election and r under subkey.
func deriveCode(sub *[32]byte, k Kind, election string, r Ref) Code {
	var buf [maxMessage]byte
	m := hmac.New(sha256.New, sub[:])
	m.Write(message(buf[:0], election, r))
	var sum [sha256.Size]byte
	return newCode(k, leadingSymbols(m.Sum(sum[:0]), k.DataSymbols()))
}

// leadingSymbols splits the leading 5·n bits of b, most significant bit
// first, into n symbol values.
func leadingSymbols(b []byte, n int) []byte {
	out := make([]byte, n)
	var acc uint32
	bits, j := 0, 0
	for i := range out {
		for bits < 5 {
			acc = acc<<8 | uint32(b[j])
			j++
			bits += 8
		}
		out[i] = byte(acc >> (bits - 5) & 31)
		bits -= 5
	}
	return out
}

// keyID names a key without revealing it: the first 8 bytes of
// HMAC-SHA256(key, labelKeyID), in lower-case hex.
func keyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(labelKeyID))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// A Checker verifies codes for one election. *Issuer checks both kinds;
// *VerifyKey checks ballot codes and refuses secret codes with ErrVerifyOnly.
type Checker interface {
	// Verify returns nil when c is the code of its kind issued for r,
	// ErrMismatch when it is not, and another error when it cannot tell.
	Verify(r Ref, c Code) error
	Election() string
	KeyID() string
	// SealScan and CheckScan seal and check the scan records of a counting
	// station (SPEC.md section 11).
	SealScan(r ScanRecord) string
	CheckScan(r ScanRecord, seal string) error
}

// An Issuer derives both codes of every pack in one election. Make one with
// MasterKey.Issuer.
type Issuer struct {
	election string
	keyID    string
	ballot   [32]byte
	secret   [32]byte

	// uniqueSymbols, when not 0, makes DeriveUnique treat codes as equal when
	// their first uniqueSymbols symbols are: tests use it to force collisions.
	uniqueSymbols int
}

// Election is the election ID bound into every code.
func (is *Issuer) Election() string { return is.election }

// KeyID is the ID of the master key.
func (is *Issuer) KeyID() string { return is.keyID }

// String names the issuer without revealing a key.
func (is *Issuer) String() string {
	return fmt.Sprintf("codes.Issuer{election %s, key %s}", is.election, is.keyID)
}

// GoString is the same as String.
func (is *Issuer) GoString() string { return is.String() }

// A Pair is the two codes of one pack.
type Pair struct {
	Ballot Code // code 1
	Secret Code // code 2
}

// Derive computes the two codes for r.
func (is *Issuer) Derive(r Ref) (Pair, error) {
	if err := r.check(); err != nil {
		return Pair{}, err
	}
	return Pair{
		Ballot: deriveCode(&is.ballot, Ballot, is.election, r),
		Secret: deriveCode(&is.secret, Secret, is.election, r),
	}, nil
}

// Verify checks a ballot code or a secret code against the one issued for r.
func (is *Issuer) Verify(r Ref, c Code) error {
	switch c.Kind() {
	case Ballot:
		return verify(&is.ballot, is.election, r, c)
	case Secret:
		return verify(&is.secret, is.election, r, c)
	}
	return errors.New("codes: Verify of a zero Code")
}

// VerifyKey returns the verify-only key of this election: it checks ballot
// codes and nothing else.
func (is *Issuer) VerifyKey() *VerifyKey {
	return &VerifyKey{election: is.election, keyID: is.keyID, ballot: is.ballot}
}

func verify(sub *[32]byte, election string, r Ref, c Code) error {
	if err := r.check(); err != nil {
		return err
	}
	if !deriveCode(sub, c.Kind(), election, r).Equal(c) {
		return ErrMismatch
	}
	return nil
}

// A VerifyKey holds only the ballot-code subkey of one election: enough to
// check ballot papers, not enough to make or check secret codes, so not
// enough to vote online.
type VerifyKey struct {
	election string
	keyID    string // of the master key it came from
	ballot   [32]byte
}

// Election is the election this key checks codes for.
func (v *VerifyKey) Election() string { return v.election }

// KeyID is the ID of the master key this key was made from, as manifests give it.
func (v *VerifyKey) KeyID() string { return v.keyID }

// String names the key without revealing it.
func (v *VerifyKey) String() string {
	return fmt.Sprintf("codes.VerifyKey{election %s, key %s}", v.election, v.keyID)
}

// GoString is the same as String.
func (v *VerifyKey) GoString() string { return v.String() }

// BallotCode computes the ballot code issued for r.
func (v *VerifyKey) BallotCode(r Ref) (Code, error) {
	if err := r.check(); err != nil {
		return Code{}, err
	}
	return deriveCode(&v.ballot, Ballot, v.election, r), nil
}

// Verify checks a ballot code against the one issued for r. A secret code
// gets ErrVerifyOnly.
func (v *VerifyKey) Verify(r Ref, c Code) error {
	switch c.Kind() {
	case Ballot:
		return verify(&v.ballot, v.election, r, c)
	case Secret:
		return ErrVerifyOnly
	}
	return errors.New("codes: Verify of a zero Code")
}
