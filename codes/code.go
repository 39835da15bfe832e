package codes

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
)

// Alphabet is Crockford's Base32 alphabet, in symbol-value order. Codes are
// printed in these upper-case symbols.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Kind says which of a member's two codes a Code is.
type Kind uint8

const (
	// Ballot is code 1, the ballot code: printed on the letter and on the
	// ballot paper, 9 data symbols and a check symbol, shown XXXXX-XXXXC.
	Ballot Kind = 1
	// Secret is code 2, the secret code: printed on the letter only, 15 data
	// symbols and a check symbol, shown XXXX-XXXX-XXXX-XXXC.
	Secret Kind = 2
)

// String names the kind in words, for messages.
func (k Kind) String() string {
	switch k {
	case Ballot:
		return "ballot code"
	case Secret:
		return "secret code"
	}
	return fmt.Sprintf("codes.Kind(%d)", uint8(k))
}

// DataSymbols is the number of symbols taken from the HMAC for a code of kind k.
func (k Kind) DataSymbols() int {
	switch k {
	case Ballot:
		return 9
	case Secret:
		return 15
	}
	return 0
}

// Len is the number of symbols of a code of kind k, check symbol included.
func (k Kind) Len() int { return k.DataSymbols() + 1 }

// groups is how the printed form splits the symbols.
func (k Kind) groups() []int {
	if k == Ballot {
		return []int{5, 5}
	}
	return []int{4, 4, 4, 4}
}

const maxSymbols = 16

// A Code is one security code: its kind, its data symbols and its check
// symbol. The zero Code is not a valid code.
//
// A Code's String and GoString methods print a placeholder, never the code,
// so that a code passed to a log line or an error by mistake stays secret.
// Text and Compact give the code itself, for printing on a pack.
type Code struct {
	kind Kind
	sym  [maxSymbols]byte // symbol values 0..31; data then check; unused tail is zero
}

// Kind reports which code c is.
func (c Code) Kind() Kind { return c.kind }

// IsZero reports whether c is the zero Code.
func (c Code) IsZero() bool { return c.kind == 0 }

// Text is the printed form: upper case, in groups joined by hyphens
// (XXXXX-XXXXC or XXXX-XXXX-XXXX-XXXC).
func (c Code) Text() string {
	if c.kind == 0 {
		return ""
	}
	var b strings.Builder
	i := 0
	for g, n := range c.kind.groups() {
		if g > 0 {
			b.WriteByte('-')
		}
		for range n {
			b.WriteByte(Alphabet[c.sym[i]])
			i++
		}
	}
	return b.String()
}

// Compact is the code without hyphens, for QR payloads (all its symbols are
// in QR alphanumeric mode).
func (c Code) Compact() string {
	b := make([]byte, c.kind.Len())
	for i := range b {
		b[i] = Alphabet[c.sym[i]]
	}
	return string(b)
}

// String returns a placeholder naming the kind, never the code.
func (c Code) String() string { return "[" + c.kind.String() + " redacted]" }

// GoString returns the same placeholder as String.
func (c Code) GoString() string { return c.String() }

// Equal reports whether c and d are the same code, in time that does not
// depend on where they differ.
func (c Code) Equal(d Code) bool {
	return c.kind == d.kind && subtle.ConstantTimeCompare(c.sym[:], d.sym[:]) == 1
}

// newCode makes a code of kind k from data symbol values, adding the check symbol.
func newCode(k Kind, data []byte) Code {
	c := Code{kind: k}
	n := copy(c.sym[:], data[:k.DataSymbols()])
	c.sym[n] = checkSymbol(c.sym[:n])
	return c
}

// Errors carried in a *CodeError.
var (
	ErrEmpty     = errors.New("no code given")
	ErrCharacter = errors.New("character not used in codes")
	ErrLength    = errors.New("wrong number of symbols")
	ErrCheck     = errors.New("check symbol does not match")
)

// A CodeError says why ParseCode refused its input. It never holds the input.
type CodeError struct {
	Kind Kind // the kind the input looks like, or 0 when it is unclear
	Pos  int  // with ErrCharacter: 1-based position of Char in the input as typed
	Char rune // with ErrCharacter: the character refused
	Len  int  // with ErrLength: the number of symbols found
	Err  error
}

func (e *CodeError) Error() string {
	switch e.Err {
	case ErrCharacter:
		return fmt.Sprintf("%q at position %d cannot be part of a code: codes use the digits 0-9 and the letters A-Z except U", e.Char, e.Pos)
	case ErrLength:
		switch {
		case e.Len == Ballot.Len()+Secret.Len():
			return fmt.Sprintf("has %d symbols: this looks like both codes run together; give the ballot code (%d symbols) and the secret code (%d) separately", e.Len, Ballot.Len(), Secret.Len())
		case e.Kind != 0:
			return fmt.Sprintf("has %d symbols, but a %s has %d: it looks like a %s with %s", e.Len, e.Kind, e.Kind.Len(), e.Kind, missingOrExtra(e.Len, e.Kind.Len()))
		}
		return fmt.Sprintf("has %d symbols, but a ballot code has %d and a secret code %d", e.Len, Ballot.Len(), Secret.Len())
	case ErrCheck:
		return "the check symbol does not match: probably a typing mistake; compare each symbol with the paper"
	case ErrEmpty:
		return "no code given"
	}
	return e.Err.Error()
}

func (e *CodeError) Unwrap() error { return e.Err }

func missingOrExtra(got, want int) string {
	switch {
	case got == want-1:
		return "a symbol missing"
	case got == want+1:
		return "a symbol too many"
	case got < want:
		return fmt.Sprintf("%d symbols missing", want-got)
	}
	return fmt.Sprintf("%d symbols too many", got-want)
}

// decode maps an input character, already upper-cased, to its symbol value.
var decode = func() [128]int8 {
	var t [128]int8
	for i := range t {
		t[i] = -1
	}
	for v, r := range Alphabet {
		t[r] = int8(v)
	}
	t['O'] = 0
	t['I'] = 1
	t['L'] = 1
	return t
}()

// ignored reports whether r is a separator that ParseCode skips: spaces,
// hyphens and the dashes a word processor puts in their place.
func ignored(r rune) bool {
	switch r {
	case ' ', '\t', '-', '\u00a0', '\u2212':
		return true
	}
	return r >= '\u2010' && r <= '\u2015'
}

// ParseCode reads a ballot code or a secret code as a person might type it:
// case does not matter, spaces and hyphens are ignored, O reads as 0 and I and
// L read as 1. The kind follows from the number of symbols. Every error is a
// *CodeError wrapping ErrEmpty, ErrCharacter, ErrLength or ErrCheck.
func ParseCode(s string) (Code, error) {
	var sym [maxSymbols]byte
	n, pos := 0, 0
	for _, r := range s {
		pos++
		if ignored(r) {
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		if r >= 128 || decode[r] < 0 {
			return Code{}, &CodeError{Pos: pos, Char: r, Err: ErrCharacter}
		}
		if n < maxSymbols {
			sym[n] = byte(decode[r])
		}
		n++
	}
	var k Kind
	switch {
	case n == 0:
		return Code{}, &CodeError{Err: ErrEmpty}
	case n == Ballot.Len():
		k = Ballot
	case n == Secret.Len():
		k = Secret
	default:
		var like Kind
		if n >= Ballot.Len()-2 && n <= Ballot.Len()+2 {
			like = Ballot
		} else if n >= Secret.Len()-2 && n <= Secret.Len()+2 {
			like = Secret
		}
		return Code{}, &CodeError{Kind: like, Len: n, Err: ErrLength}
	}
	if checkState(sym[:n]) != 0 {
		return Code{}, &CodeError{Kind: k, Err: ErrCheck}
	}
	return Code{kind: k, sym: sym}, nil
}
