package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	// Colour operators of PDF content: grey (g, G), RGB (rg, RG), CMYK
	// (k, K), and colour spaces of their own (cs, CS, sc, scn, SC, SCN).
	greyOp  = regexp.MustCompile(`(?:^|\s)([0-9.]+)\s+([gG])(?:\s|$)`)
	otherOp = regexp.MustCompile(`(?:^|\s)(?:[0-9.]+\s+){3}(?:rg|RG)(?:\s|$)|(?:^|\s)(?:[0-9.]+\s+){4}[kK](?:\s|$)|\s(?:cs|CS|sc|scn|SC|SCN)(?:\s|$)|/Subtype\s*/Image|/DeviceRGB|/DeviceCMYK|/ICCBased|/Separation`)
)

// TestPureBlack checks that every batch of a run, standard and large print,
// prints in black ink alone: its content sets no colour but grey 0 (black),
// as qpdf shows it uncompressed, and Ghostscript's inkcov device finds no
// cyan, magenta or yellow on any page.
func TestPureBlack(t *testing.T) {
	needTools(t, "qpdf", "gs")
	key, roll, dir := testKey(t), sampleRoll(t), filepath.Join(t.TempDir(), "dist")
	generate(t, roll, key, dir)
	files, _ := filepath.Glob(filepath.Join(dir, "batch-*.pdf"))
	if len(files) < 2 {
		t.Fatalf("%d batches", len(files))
	}
	for _, pdf := range files {
		name := filepath.Base(pdf)
		qdf := filepath.Join(t.TempDir(), "qdf.pdf")
		if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --qdf %s: %v %s", name, err, out)
		}
		b, err := os.ReadFile(qdf)
		if err != nil {
			t.Fatal(err)
		}
		greys := 0
		for _, m := range greyOp.FindAllSubmatch(b, -1) {
			greys++
			if v, err := strconv.ParseFloat(string(m[1]), 64); err != nil || v != 0 {
				t.Errorf("%s: grey %s %s: not black", name, m[1], m[2])
			}
		}
		if greys == 0 {
			t.Errorf("%s: no colour set at all: is the content compressed still?", name)
		}
		for _, m := range otherOp.FindAll(b, 10) {
			t.Errorf("%s: %q: a colour other than black", name, strings.TrimSpace(string(m)))
		}
		out, err := exec.Command("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-o", "-", "-sDEVICE=inkcov", pdf).Output()
		if err != nil {
			t.Fatalf("gs inkcov %s: %v", name, err)
		}
		pages := 0
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(l)
			if len(f) < 4 {
				continue
			}
			pages++
			if f[0] != "0.00000" || f[1] != "0.00000" || f[2] != "0.00000" || f[3] == "0.00000" {
				t.Errorf("%s page %d: ink C M Y K = %s %s %s %s, want black alone", name, pages, f[0], f[1], f[2], f[3])
			}
		}
		if pages == 0 {
			t.Errorf("%s: inkcov read no page", name)
		}
	}
}
