package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/internal/mailmark"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

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
			pages := map[string][][]word{} // by batch file
			for _, p := range packs {
				if p.large {
					continue
				}
				if pages[p.batchFile] == nil {
					pages[p.batchFile] = pageWords(t, filepath.Join(out, p.batchFile))
				}
				inWindow := 0
				for _, w := range pages[p.batchFile][p.first-1] {
					box := layout.Rect{X: w.xMin, Y: w.yMin, W: w.xMax - w.xMin, H: w.yMax - w.yMin}
					switch {
					case text.Contains(box):
						inWindow++
					case ever.Overlaps(box):
						t.Errorf("pack %s: %q at %.1f,%.1f–%.1f,%.1f mm is in the window's reach %v but not in the address area %v",
							p.seq, w.text, w.xMin, w.yMin, w.xMax, w.yMax, ever, text)
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

// TestMailmarkBarcode: with a mailmark section, every UK letter carries
// the Royal Mail Mailmark barcode in the window, left of the address, and
// dmtxread reads back the content the definition asks for: the supply
// chain ID, the pack's sequence number as item ID, the member's postcode.
func TestMailmarkBarcode(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm", "dmtxread")
	key, dir := testKey(t), t.TempDir()
	if _, stderr, err := runCmd(t, "init", filepath.Join(dir, "el")); err != nil {
		t.Fatalf("init: %v %s", err, stderr)
	}
	elPath := filepath.Join(dir, "el", "election.yaml")
	b, err := os.ReadFile(elPath)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "\nmailmark:\n  supply_chain_id: 1234567\n  class: 2\n  return_postcode: SW1A 1AA\n"...)
	if err := os.WriteFile(elPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dist")
	rollPath := sampleRoll(t)
	generate(t, rollPath, key, out, "-election", elPath)
	el, err := election.Load(elPath)
	if err != nil {
		t.Fatal(err)
	}
	win := el.Window()
	at, text := win.MailmarkAt(), win.Text().Inset(-0.1, -0.1)
	if !win.Always().Contains(at) || at.Right() > text.X {
		t.Fatalf("barcode %v outside the window %v or over the address %v", at, win.Always(), text)
	}
	res, err := roll.ReadFile(rollPath, el.RollOptions())
	if err != nil {
		t.Fatal(err)
	}
	postcodes := map[string]string{}
	for _, m := range res.Members {
		postcodes[m.ID] = m.Postcode
	}
	checked := 0
	for _, p := range readPacks(t, out) {
		if p.large || !strings.HasPrefix(filepath.Base(p.batchFile), "batch-") || strings.Count(filepath.Base(p.batchFile), "-") > 1 || checked == 4 {
			continue // UK standard packs, the first four
		}
		// The window's area at 300 dpi, cropped.
		const dpi = 300.0
		px := func(mm float64) string { return strconv.Itoa(int(mm / 25.4 * dpi)) }
		png := filepath.Join(dir, "mm-"+p.seq)
		ever := win.Ever()
		if out, err := exec.Command("pdftoppm", "-r", "300", "-png", "-singlefile", "-f", strconv.Itoa(p.first), "-l", strconv.Itoa(p.first),
			"-x", px(ever.X), "-y", px(ever.Y), "-W", px(ever.W), "-H", px(ever.H), filepath.Join(out, p.batchFile), png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		got, err := exec.Command("dmtxread", "-N1", "-m", "2000", png+".png").Output()
		if err != nil {
			t.Fatalf("pack %s: dmtxread read nothing: %v", p.seq, err)
		}
		seq, _ := strconv.Atoi(p.seq)
		want, err := mailmark.Content(el.Mailmark.Fields(seq, postcodes[p.member]))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("pack %s: barcode %q, want %q", p.seq, got, want)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no UK pack checked")
	}
}
