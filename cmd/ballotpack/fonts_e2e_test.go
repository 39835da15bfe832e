package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/layout"
)

// TestGenerateFontSubsets reads every batch's fonts with pdffonts: each of
// the three Go fonts embedded once, as a subset ("emb yes sub yes"), named
// by a subset tag and the font's real PostScript name (read from its name
// table by golang.org/x/image/font/sfnt), as preflight checks them; and
// qpdf --check finds no fault.
func TestGenerateFontSubsets(t *testing.T) {
	needTools(t, "pdffonts", "qpdf")
	key, roll, dir := testKey(t), sampleRoll(t), filepath.Join(t.TempDir(), "dist")
	generate(t, roll, key, dir)
	var want []string
	for _, ttf := range [][]byte{layout.GoFonts.Regular, layout.GoFonts.Bold, layout.GoFonts.Mono} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		name, err := f.Name(nil, sfnt.NameIDPostScript)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, name)
	}
	var man packgen.Manifest
	b, _ := os.ReadFile(filepath.Join(dir, packgen.JobFile))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if len(man.Batches) < 2 {
		t.Fatalf("%d batches, want several", len(man.Batches))
	}
	tagged := regexp.MustCompile(`^[A-Z]{6}\+(.+)$`)
	for _, e := range man.Batches {
		pdf := filepath.Join(dir, e.File)
		out, err := exec.Command("pdffonts", pdf).Output()
		if err != nil {
			t.Fatalf("pdffonts %s: %v", e.File, err)
		}
		// name type… encoding emb sub uni object ID
		got := map[string]int{}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n")[2:] {
			f := strings.Fields(l)
			if len(f) < 7 {
				t.Errorf("%s: pdffonts line %q", e.File, l)
				continue
			}
			if emb, sub := f[len(f)-5], f[len(f)-4]; emb != "yes" || sub != "yes" {
				t.Errorf("%s: %s: emb %s sub %s, want emb yes sub yes", e.File, f[0], emb, sub)
			}
			m := tagged.FindStringSubmatch(f[0])
			if m == nil {
				t.Errorf("%s: font %q has no subset tag", e.File, f[0])
				continue
			}
			got[m[1]]++
		}
		for _, name := range want {
			if got[name] != 1 {
				t.Errorf("%s: %s embedded %d times, want once (fonts: %v)", e.File, name, got[name], got)
			}
			delete(got, name)
		}
		if len(got) != 0 {
			t.Errorf("%s: fonts not named by their PostScript names: %v", e.File, got)
		}
		if out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", e.File, err, out)
		}
	}
}
