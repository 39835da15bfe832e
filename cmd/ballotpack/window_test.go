package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/packgen/layout"
)

// bboxWord is a word as pdftotext -bbox places it, in millimetres from the
// page's top left corner.
type bboxWord struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// pageWords reads every word of one page with its box.
func pageWords(t *testing.T, pdf string, page int) []bboxWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", pdf, err)
	}
	var doc struct {
		Words []struct {
			Text string  `xml:",chardata"`
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
		} `xml:"body>doc>page>word"`
	}
	// pdftotext writes an XHTML document; its entities are XML's.
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("reading pdftotext -bbox: %v", err)
	}
	const mm = 25.4 / 72
	var words []bboxWord
	for _, w := range doc.Words {
		words = append(words, bboxWord{w.Text, w.XMin * mm, w.YMin * mm, w.XMax * mm, w.YMax * mm})
	}
	return words
}

// TestAddressWindowClear renders letters for a DL and a C5 envelope and
// checks them against the window model in its extreme positions: every
// word of the address lies where the window shows it in every position of
// the letter, with clear space all round; no other word lies where the
// window shows anything in any position.
func TestAddressWindowClear(t *testing.T) {
	needTools(t, "pdftotext")
	key := testKey(t)
	for _, env := range []string{"DL", "C5"} {
		t.Run(env, func(t *testing.T) {
			dir := t.TempDir()
			if _, stderr, err := runCmd(t, "init", filepath.Join(dir, "el")); err != nil {
				t.Fatalf("init: %v %s", err, stderr)
			}
			elPath := filepath.Join(dir, "el", "election.yaml")
			b, err := os.ReadFile(elPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(elPath, []byte(strings.Replace(string(b), "envelope: DL", "envelope: "+env, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "dist")
			generate(t, sampleRoll(t), key, out, "-election", elPath)
			win := layout.WindowFor(env)
			text, ever := win.Text().Inset(-0.1, -0.1), win.Ever() // 0.1 mm: pdftotext rounds
			packs := readPacks(t, out)
			checked := 0
			for _, p := range packs {
				if p.large {
					continue
				}
				words := pageWords(t, filepath.Join(out, p.batchFile), p.first)
				inWindow := 0
				for _, w := range words {
					box := layout.Rect{X: w.XMin, Y: w.YMin, W: w.XMax - w.XMin, H: w.YMax - w.YMin}
					switch {
					case text.Contains(box):
						inWindow++
					case ever.Overlaps(box):
						t.Errorf("pack %s: %q at %.1f,%.1f–%.1f,%.1f mm is in the window's reach %v but not in the address area %v",
							p.seq, w.Text, w.XMin, w.YMin, w.XMax, w.YMax, ever, text)
					}
				}
				if inWindow < 3 {
					t.Errorf("pack %s: only %d words in the address area %v", p.seq, inWindow, text)
				}
				checked++
			}
			if checked == 0 {
				t.Fatal("no standard pack checked")
			}
		})
	}
}
