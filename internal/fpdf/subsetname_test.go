package fpdf

import (
	"bytes"
	"regexp"
	"slices"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// postScriptName reads a font's PostScript name (nameID 6) with
// golang.org/x/image/font/sfnt, a parser independent of this package's.
func postScriptName(t *testing.T, ttf []byte) string {
	t.Helper()
	f, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	name, err := f.Name(nil, sfnt.NameIDPostScript)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// subsetDoc makes a one-page document that sets text in each of the Go
// fonts, uncompressed, with the page's content in a template as well.
func subsetDoc(t *testing.T, text string) []byte {
	t.Helper()
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.AddUTF8FontFromBytes("sans", "", bytes.Clone(goregular.TTF))
	pdf.AddUTF8FontFromBytes("sans", "B", bytes.Clone(gobold.TTF))
	pdf.AddUTF8FontFromBytes("mono", "", bytes.Clone(gomono.TTF))
	tpl := pdf.CreateTemplate(func(t *Tpl) {
		t.SetFont("sans", "", 10)
		t.Text(10, 10, "Shared by every page")
	})
	pdf.AddPage()
	pdf.UseTemplate(tpl)
	for i, style := range []struct{ family, style string }{{"sans", ""}, {"sans", "B"}, {"mono", ""}} {
		pdf.SetFont(style.family, style.style, 12)
		pdf.Text(10, 30+10*float64(i), text)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSubsetFontNames checks that each embedded subset is named, in the
// Type0 font's and the CIDFont's BaseFont and in the FontDescriptor's
// FontName, by one tag of six upper-case letters, "+" and the font's real
// PostScript name (PDF 32000-1 §9.6.4); that the tag is the same for the
// same glyphs and another for others; and that form XObjects carry
// /FormType, not the misspelt /Formtype.
func TestSubsetFontNames(t *testing.T) {
	doc := subsetDoc(t, "Dŵr, Siân, Łódź: 0123456789")
	names := regexp.MustCompile(`/(BaseFont|FontName) /([^\s/<>\[\]]+)`).FindAllSubmatch(doc, -1)
	tags := map[string][]string{} // PostScript name → the tags it is written with
	for _, m := range names {
		tm := regexp.MustCompile(`^([A-Z]{6})\+(.+)$`).FindSubmatch(m[2])
		if tm == nil {
			t.Errorf("/%s /%s: no subset tag", m[1], m[2])
			continue
		}
		tags[string(tm[2])] = append(tags[string(tm[2])], string(tm[1]))
	}
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		ps := postScriptName(t, ttf)
		got := tags[ps]
		if len(got) != 3 {
			t.Errorf("%s named %d times (%v), want 3: both BaseFonts and the FontName", ps, len(got), got)
			continue
		}
		if got[0] != got[1] || got[1] != got[2] {
			t.Errorf("%s tagged %v: one subset, one tag", ps, got)
		}
		delete(tags, ps)
	}
	if len(tags) != 0 {
		t.Errorf("fonts named other than by their PostScript names: %v", tags)
	}

	// The same text makes the same bytes; another subset another tag.
	if again := subsetDoc(t, "Dŵr, Siân, Łódź: 0123456789"); !bytes.Equal(doc, again) {
		t.Error("the same document twice differs")
	}
	other := subsetDoc(t, "Other glyphs: ẞ ẅ")
	tag := regexp.MustCompile(`/FontName /([A-Z]{6})\+GoRegular`)
	if a, b := tag.FindSubmatch(doc), tag.FindSubmatch(other); a == nil || b == nil || bytes.Equal(a[1], b[1]) {
		t.Errorf("GoRegular subsets of different glyphs tagged %q and %q", a, b)
	}

	if n := bytes.Count(doc, []byte("/Subtype /Form")); n != 1 {
		t.Errorf("%d form XObjects, want 1", n)
	}
	if !bytes.Contains(doc, []byte("/FormType 1")) || bytes.Contains(doc, []byte("/Formtype")) {
		t.Error("the form XObject lacks /FormType 1 or has the misspelt /Formtype")
	}
}

func TestSubsetTag(t *testing.T) {
	glyphs := []int{0, 3, 17, 68, 300}
	a := subsetTag("GoRegular", glyphs)
	if !regexp.MustCompile(`^[A-Z]{6}$`).MatchString(a) {
		t.Fatalf("tag %q is not six upper-case letters", a)
	}
	if b := subsetTag("GoRegular", slices.Clone(glyphs)); a != b {
		t.Errorf("same glyphs tagged %q then %q", a, b)
	}
	// Tags spread: 1,000 one-glyph subsets of one font get (nearly) 1,000
	// tags, and the same glyphs in another font another tag.
	seen := map[string]bool{}
	for g := range 1000 {
		seen[subsetTag("GoRegular", []int{0, g})] = true
	}
	if len(seen) < 999 {
		t.Errorf("1,000 subsets got %d tags", len(seen))
	}
	if subsetTag("GoMono", glyphs) == a {
		t.Error("the same glyphs of two fonts tagged alike")
	}
}

func TestPDFFontName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"GoRegular", "GoRegular"},
		{"Go-Bold", "Go-Bold"},
		{"Noto Sans (Regular)", "NotoSansRegular"},
		{"A/B%C#D[E]<F>{G}", "ABCDEFG"},
		{"Ünïcödé", "ncd"},
		{"", ""},
		{string(bytes.Repeat([]byte("x"), 100)), string(bytes.Repeat([]byte("x"), 63))},
	} {
		if got := pdfFontName(c.in); got != c.want {
			t.Errorf("pdfFontName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := subsetFontName("", "sansB", []int{0}); !regexp.MustCompile(`^[A-Z]{6}\+sansB$`).MatchString(got) {
		t.Errorf("a font without a name is named %q", got)
	}
}
