package fpdf

// ballotpack patch: embedded font subsets are named as PDF 32000-1 §9.6.4
// asks, a tag of six upper-case letters and "+" before the font's own
// PostScript name, instead of "utf8" and the family name given to AddUTF8Font.

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// subsetTag is the six upper-case letters that tag a subset of the font
// named psName holding glyphs (the original font's glyph IDs): derived
// from a hash of both, so the same subset of the same font always has the
// same tag (output stays byte-reproducible) and another subset almost
// surely another.
func subsetTag(psName string, glyphs []int) string {
	h := sha256.New()
	h.Write([]byte(psName))
	h.Write([]byte{0})
	var b [2]byte
	for _, g := range glyphs {
		binary.BigEndian.PutUint16(b[:], uint16(g))
		h.Write(b[:])
	}
	n := binary.BigEndian.Uint64(h.Sum(nil)[:8])
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + byte(n%26)
		n /= 26
	}
	return string(tag[:])
}

// subsetFontName is the name of a subset of the font named psName (the
// tag, "+", the name) as BaseFont and FontName give it. A font without a
// name (psName empty) is named by fallback, as it was before tags.
func subsetFontName(psName, fallback string, glyphs []int) string {
	if psName == "" {
		psName = pdfFontName(fallback)
	}
	return subsetTag(psName, glyphs) + "+" + psName
}

// pdfFontName is s as a PostScript font name that is also a PDF name
// written as is: the printable ASCII characters of s other than the
// delimiters [](){}<>/% and the name escape #, at most 63 of them (the
// PostScript and OpenType limit), so a font's name table cannot break the
// file. Names table entries are UTF-16 or Mac Roman text; a PostScript
// name is ASCII by definition.
func pdfFontName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 63; i++ {
		c := s[i]
		if c < 33 || c > 126 || strings.IndexByte("[](){}<>/%#", c) >= 0 {
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
