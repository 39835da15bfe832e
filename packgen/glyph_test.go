package packgen

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"testing"

	"github.com/ballotpack/ballotpack/packgen/layout"
)

// TestEmbeddedGlyphs checks that every character a pack prints has a glyph
// in the batch's embedded font subsets: each font's CIDToGIDMap (Unicode →
// glyph) maps it to a glyph other than .notdef. Text extraction cannot see
// this (it reads the ToUnicode map), so a subset that lost glyphs would pass
// every text test and print empty boxes.
func TestEmbeddedGlyphs(t *testing.T) {
	el, cs := sampleContents(t, 4)
	var b bytes.Buffer
	if _, err := NewRenderer(el, layout.GoFonts, "J00000000").WriteBatch(&b, cs); err != nil {
		t.Fatal(err)
	}
	pdf := b.Bytes()
	// The CIDToGIDMap streams, by object number.
	refs := regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`).FindAllSubmatch(pdf, -1)
	if len(refs) < 3 {
		t.Fatalf("%d CIDToGIDMaps in the batch, want one per font (3)", len(refs))
	}
	mapped := map[rune]bool{}
	for _, ref := range refs {
		obj := regexp.MustCompile(`(?s)\n` + string(ref[1]) + ` 0 obj\n<<[^>]*/Length (\d+)[^>]*>>\nstream\n`).FindSubmatchIndex(pdf)
		if obj == nil {
			t.Fatalf("object %s not found", ref[1])
		}
		n, _ := strconv.Atoi(string(pdf[obj[2]:obj[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[obj[1] : obj[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		m, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		for cid := 0; cid+1 < len(m); cid += 2 {
			if m[cid] != 0 || m[cid+1] != 0 {
				mapped[rune(cid/2)] = true
			}
		}
	}
	for _, c := range cs {
		// Named by what they are: the codes themselves never go in test output.
		for _, f := range []struct{ what, text string }{{"ballot code", c.Code1}, {"secret code", c.Code2}, {"name", c.Member.Name()},
			{"membership number", c.Member.ID}, {"postcode", c.Member.Postcode}, {"title", el.Title}, {"digits", "0123456789"}} {
			for _, r := range f.text {
				if r != ' ' && !mapped[r] {
					t.Errorf("pack %d: a character of the %s has no glyph in the embedded fonts", c.Seq, f.what)
				}
			}
		}
	}
}
