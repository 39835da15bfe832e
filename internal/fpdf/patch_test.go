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

// TestFontSelectionsCollapse checks that a font selection followed by
// another, with nothing drawn between, is replaced by it, and that one
// followed by text is kept.
func TestFontSelectionsCollapse(t *testing.T) {
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 10)
	pdf.SetFont("Helvetica", "B", 11)
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(10, 10, "twelve")
	pdf.SetFont("Helvetica", "", 9)
	pdf.Text(10, 20, "nine")
	page := pdf.pages[1].String()
	if pdf.Error() != nil {
		t.Fatal(pdf.Error())
	}
	if n := strings.Count(page, " Tf ET"); n != 2 {
		t.Errorf("%d font selections on the page, want 2 (12 pt before the first text, 9 pt before the second):\n%s", n, page)
	}
	if !strings.Contains(page, "12.00 Tf ET\nBT 28.35") || !strings.Contains(page, "9.00 Tf ET\nBT 28.35") {
		t.Errorf("a selection is missing before its text:\n%s", page)
	}
}
