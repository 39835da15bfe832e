package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/templates"
)

// The envelope windows as the renderer places them (packgen's windows), and
// the band of the integrity mark with its quiet zone (packgen's mark.go).
var (
	testWindows = map[string]rect{"DL": {20, 50, 110, 85}, "C5": {20, 50, 110, 95}}
	markZone    = rect{166, 261, 194, 289}
)

// TestLargePrint reads the large-print packs of the sample run with
// pdftotext -bbox: every word is 16 pt or more (RNIB clear print), but for
// the address in the window, whose size the window sets; and every
// paragraph of the letter, the bold deadline sentence among them, is whole
// on one page.
func TestLargePrint(t *testing.T) {
	needTools(t, "pdftotext")
	key, roll, dir := testKey(t), sampleRoll(t), filepath.Join(t.TempDir(), "dist")
	generate(t, roll, key, dir)

	el := election.Default()
	var paras []string // every paragraph of the letter but the greeting, as printed
	w := el.Wording
	for _, tpl := range []*template.Template{w.Introduction, w.Online, w.Postal, w.Deadline, w.Rule, w.Closing} {
		var b bytes.Buffer
		if err := election.Execute(&b, tpl, el.SampleFields()); err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(b.String(), "\n\n") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				paras = append(paras, p)
			}
		}
	}
	deadline := "Votes must arrive by 5pm on Friday 30 October 2026. Votes received later cannot be counted."
	if !strings.Contains(strings.Join(paras, "\n"), deadline) {
		t.Fatalf("the default wording has no deadline sentence %q", deadline)
	}

	large := 0
	cache := map[string][][]word{}
	for _, p := range readPacks(t, dir) {
		if !p.large {
			continue
		}
		large++
		pdf := filepath.Join(dir, p.batchFile)
		if cache[pdf] == nil {
			cache[pdf] = pageWords(t, pdf)
		}
		pages := cache[pdf][p.first-1 : p.last]
		var texts []string
		for i, words := range pages {
			var text []string
			for _, w := range words {
				text = append(text, w.text)
				if w.inside(testWindows["DL"]) {
					continue // the address
				}
				if w.pt() < 15.95 {
					t.Errorf("pack %s page %d: %q is %.1f pt, under 16", p.seq, i+1, w.text, w.pt())
				}
			}
			texts = append(texts, strings.Join(text, " "))
		}
		letter := texts[:len(texts)-1]
		for _, para := range paras {
			on := 0
			for _, text := range letter {
				if strings.Contains(text, para) {
					on++
				}
			}
			if on != 1 {
				t.Errorf("pack %s: %q is not whole on one page of the letter", p.seq, para)
			}
		}
	}
	if large != 2 {
		t.Fatalf("%d large-print packs, want 2", large)
	}
}

// TestNothingInMarkOrWindow reads every page of runs for both envelopes:
// no word touches the integrity mark or its quiet zone (but the mark's
// own text, left of it), and on a letter's first page, which faces the
// envelope's window, a word that touches the window is wholly inside it
// (the address).
func TestNothingInMarkOrWindow(t *testing.T) {
	needTools(t, "pdftotext")
	key, roll := testKey(t), sampleRoll(t)
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"DL", "C5"} {
		t.Run(env, func(t *testing.T) {
			yaml := filepath.Join(t.TempDir(), "election.yaml")
			if err := os.WriteFile(yaml, bytes.Replace(b, []byte("envelope: DL"), []byte("envelope: "+env), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "dist")
			generate(t, roll, key, dir, "-election", yaml, "-batch-size", "100")
			files, _ := filepath.Glob(filepath.Join(dir, "batch-*.pdf"))
			if len(files) < 2 {
				t.Fatalf("%d batches, want standard ones and a large-print one", len(files))
			}
			front := map[string]bool{} // the first page of each pack, which faces the window
			for _, p := range readPacks(t, dir) {
				front[fmt.Sprintf("%s page %d", p.batchFile, p.first)] = true
			}
			for _, pdf := range files {
				for i, words := range pageWords(t, pdf) {
					where := fmt.Sprintf("%s page %d", filepath.Base(pdf), i+1)
					for _, w := range words {
						if w.overlaps(markZone) {
							t.Errorf("%s: %q at (%.1f, %.1f) is in the integrity mark", where, w.text, w.xMin, w.yMin)
						}
						if win := testWindows[env]; front[where] && w.overlaps(win) && !w.inside(win) {
							t.Errorf("%s: %q at (%.1f, %.1f)–(%.1f, %.1f) runs into the window", where, w.text, w.xMin, w.yMin, w.xMax, w.yMax)
						}
					}
				}
			}
		})
	}
}

// TestProofShowsContact proofs packs for an election with its own contact
// details: every letter, standard and large print, gives them where the
// closing tells members to contact the returning officer.
func TestProofShowsContact(t *testing.T) {
	needTools(t, "pdftotext")
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(b, []byte("\ncontact:\n")), bytes.Index(b, []byte("\n  hours:"))
	b = append(b[:i:i], append([]byte("\ncontact:\n  phone: +44 (0)113 496 0000\n  email: ballots@example.org"), b[j:]...)...)
	yaml := filepath.Join(t.TempDir(), "election.yaml")
	if err := os.WriteFile(yaml, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "proof.pdf")
	if _, stderr, err := runCmd(t, "proof", "-members", sampleRoll(t), "-election", yaml, "-n", "20", "-o", out); err != nil {
		t.Fatalf("proof: %v\n%s", err, stderr)
	}
	want := "contact the returning officer for a replacement: phone +44 (0)113 496 0000 (Monday to Friday, 9am to 5pm) or email ballots@example.org."
	large := 0
	for n, words := range pageWords(t, out) {
		var text []string
		big := true
		for _, w := range words {
			text = append(text, w.text)
			if w.text == "replacement:" && w.pt() < 15.95 {
				big = false
			}
		}
		if s := strings.Join(text, " "); strings.Contains(s, want) {
			if big {
				large++
			}
			continue
		} else if strings.Contains(s, "Keep your secret code private") {
			t.Errorf("page %d: the letter lacks %q", n+1, want)
		}
	}
	if large != 2 {
		t.Errorf("%d large-print letters give the contact details, want 2", large)
	}
}
