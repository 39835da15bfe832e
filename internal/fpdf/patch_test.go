package fpdf

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAppendEscapedUTF16 checks the one-pass text encoding against the two
// steps it replaces, on text with every kind of byte the escaping handles.
func TestAppendEscapedUTF16(t *testing.T) {
	f := &Fpdf{}
	alphabet := []rune("ab (c) \\ \r\n é ł Ä ‘’ “” — € ( ) 你 ĉ ș Ł ∂ ﬁ \u0128\u0129 \u2928")
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []string{"", "(", ")", "\\", "\r", "Mr Dávid O'Neill (Jr)", string(rune(0x2928)), string(rune(0x0129))}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if !utf8.ValidString(s) {
			t.Fatalf("bad case %q", s)
		}
		want := f.escape(utf8toutf16(s, false))
		if got := string(appendEscapedUTF16(nil, s)); got != want {
			t.Fatalf("%q: got % x, want % x", s, got, want)
		}
	}
}
