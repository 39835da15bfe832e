// Package layout holds what the roll check and the pack renderer must agree
// on: how much address fits in the envelope window, and which characters the
// pack's fonts can print.
package layout

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Embedded TrueType fonts of the pack: the Go fonts, which cover Latin
// (including Welsh ŵ ŷ, Irish fadas, Polish and German letters), Greek and
// Cyrillic.
var (
	Regular = goregular.TTF
	Bold    = gobold.TTF
	Mono    = gomono.TTF
)

// A Coverage tells which characters a set of fonts can all print.
type Coverage struct {
	once  sync.Once
	fonts [][]byte
	bits  []uint64 // one bit per rune below len(bits)*64
	err   error
}

// NewCoverage returns the coverage of the given TrueType fonts: a character
// is covered when every one of them has a glyph for it.
func NewCoverage(fonts ...[]byte) *Coverage { return &Coverage{fonts: fonts} }

// DefaultCoverage is the coverage of the pack's regular and bold fonts, in
// which members' names and addresses are printed.
var DefaultCoverage = NewCoverage(Regular, Bold)

// coverageLimit bounds the characters checked: the Basic Multilingual Plane.
const coverageLimit = 0x10000

func (c *Coverage) load() {
	c.bits = make([]uint64, coverageLimit/64)
	for i := range c.bits {
		c.bits[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for n, ttf := range c.fonts {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			c.err = fmt.Errorf("layout: font %d: %w", n, err)
			return
		}
		for r := rune(0); r < coverageLimit; r++ {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				c.bits[r/64] &^= 1 << (r % 64)
			}
		}
	}
}

// Err reports a font that could not be parsed; Covers is false for every
// character then.
func (c *Coverage) Err() error {
	c.once.Do(c.load)
	return c.err
}

// Covers reports whether every font can print r.
func (c *Coverage) Covers(r rune) bool {
	c.once.Do(c.load)
	if c.err != nil || r < 0 || r >= coverageLimit {
		return false
	}
	return c.bits[r/64]&(1<<(r%64)) != 0
}

// A FontSet is the TrueType faces a pack is printed in.
type FontSet struct {
	Regular, Bold, Mono []byte
}

// GoFonts is the embedded default font set.
var GoFonts = FontSet{Regular: Regular, Bold: Bold, Mono: Mono}

// A Measurer gives the width of text in one TrueType face, from the same
// advance widths the PDF uses (no kerning).
type Measurer struct {
	mu   sync.Mutex
	font *sfnt.Font
	buf  sfnt.Buffer
	upem float64
}

// NewMeasurer parses a TrueType face for measuring.
func NewMeasurer(ttf []byte) (*Measurer, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return &Measurer{font: f, upem: float64(f.UnitsPerEm())}, nil
}

// WidthMM is the width of s set at pt points, in millimetres.
func (m *Measurer) WidthMM(s string, pt float64) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	units := 0.0
	ppem := fixed.I(int(m.upem))
	for _, r := range s {
		g, err := m.font.GlyphIndex(&m.buf, r)
		if err != nil {
			continue
		}
		adv, err := m.font.GlyphAdvance(&m.buf, g, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		units += float64(adv) / 64
	}
	return units / m.upem * pt * 25.4 / 72
}

// DefaultMeasurer measures in the embedded regular face.
var DefaultMeasurer = func() *Measurer {
	m, err := NewMeasurer(Regular)
	if err != nil {
		panic(err)
	}
	return m
}()
