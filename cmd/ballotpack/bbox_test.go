package main

import (
	"html"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// A word is one word of a page as pdftotext -bbox reads it, in millimetres
// from the page's top left corner.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

// goFontHeight is how tall pdftotext's box of a word set at 1 pt is in
// the Go fonts, in points: their ascent and descent, (1935 + 432) / 2048
// of the em.
const goFontHeight = (1935.0 + 432.0) / 2048

// pt is the size, in points, a word of the Go fonts is set in.
func (w word) pt() float64 { return (w.yMax - w.yMin) * 72 / 25.4 / goFontHeight }

var (
	bboxPage = regexp.MustCompile(`<page |<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// pageWords returns the words of every page of pdf, page by page.
func pageWords(t *testing.T, pdf string) [][]word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", pdf, err)
	}
	var pages [][]word
	for _, m := range bboxPage.FindAllSubmatch(out, -1) {
		if string(m[0]) == "<page " {
			pages = append(pages, nil)
			continue
		}
		var n [4]float64
		for i := range n {
			n[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
			n[i] *= 25.4 / 72
		}
		w := word{text: html.UnescapeString(string(m[5])), xMin: n[0], yMin: n[1], xMax: n[2], yMax: n[3]}
		pages[len(pages)-1] = append(pages[len(pages)-1], w)
	}
	return pages
}

// A rect is an area of the page, in millimetres from its top left corner.
type rect struct{ x0, y0, x1, y1 float64 }

func (w word) overlaps(r rect) bool {
	return w.xMin < r.x1 && r.x0 < w.xMax && w.yMin < r.y1 && r.y0 < w.yMax
}

func (w word) inside(r rect) bool {
	return w.xMin >= r.x0 && w.xMax <= r.x1 && w.yMin >= r.y0 && w.yMax <= r.y1
}
