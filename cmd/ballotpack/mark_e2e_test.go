package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ballotpack/ballotpack/packgen"
)

// TestIntegrityMarkDecodes renders every page of a run's batches as an
// inserter camera might see them, at 100 dpi with a Gaussian blur of
// 0.1 mm, and requires zbarimg to read the integrity mark, with the right
// payload, on at least 99.9% of them (here: every page).
//
// The sample roll makes 82 pages (standard and large-print packs). For the
// whole-batch measurement, name a bigger roll and see the rates logged:
//
//	go run ./cmd/mkroll -n 1000 -seed 1 -o /tmp/roll1000.csv
//	BALLOTPACK_MARK_ROLL=/tmp/roll1000.csv go test ./cmd/ballotpack -run IntegrityMark -v -timeout 30m
//
// which also logs the rates at 150 dpi, and without the blur.
func TestIntegrityMarkDecodes(t *testing.T) {
	needTools(t, "pdftoppm", "zbarimg")
	key, roll, dir := testKey(t), sampleRoll(t), filepath.Join(t.TempDir(), "dist")
	whole := os.Getenv("BALLOTPACK_MARK_ROLL")
	if whole != "" {
		roll = whole
	}
	args := []string{"generate", "-members", roll, "-key", key, "-out", dir, "-batch-size", "1000"}
	if _, stderr, err := runCmd(t, args...); err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr)
	}
	type setting struct {
		dpi    int
		blurMM float64
	}
	settings := []setting{{100, 0.1}}
	if whole != "" {
		settings = append(settings, setting{100, 0}, setting{150, 0.1}, setting{150, 0})
	}
	for _, s := range settings {
		read, pages, missed := markDecodes(t, dir, s.dpi, s.blurMM)
		rate := float64(read) / float64(pages)
		t.Logf("%d dpi, blur %.2f mm: %d of %d pages' marks read (%.2f%%)", s.dpi, s.blurMM, read, pages, 100*rate)
		if s.dpi == 100 && s.blurMM == 0.1 && rate < 0.999 {
			t.Errorf("%d dpi, blur %.2f mm: %d of %d pages' marks read (%.2f%%), want at least 99.9%%; not read: %s",
				s.dpi, s.blurMM, read, pages, 100*rate, strings.Join(missed[:min(len(missed), 10)], ", "))
		}
	}
}

// markDecodes renders every page of the batches in dir at dpi in grey,
// blurs each with a Gaussian of standard deviation blurMM, reads them all
// with zbarimg, and returns how many pages' integrity marks were read with
// the right payload, of how many pages, and the payloads not read. A mark
// read with a payload no page has is a failure of the test.
func markDecodes(t *testing.T, dir string, dpi int, blurMM float64) (read, pages int, missed []string) {
	t.Helper()
	var man packgen.Manifest
	b, err := os.ReadFile(filepath.Join(dir, packgen.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	var want []string // every page's mark, in page order
	for _, p := range readPacks(t, dir) {
		var batch, seq int
		fmt.Sscanf(p.batchFile, "batch-%d", &batch)
		fmt.Sscan(p.seq, &seq)
		n := p.last - p.first + 1
		for i := 1; i <= n; i++ {
			want = append(want, packgen.MarkPayload(man.Job, batch, seq, i, n))
		}
	}

	// Render each batch in page ranges, two at a time (the machine has two
	// cores), blurring each page as it comes.
	tmp := t.TempDir()
	type job struct {
		pdf         string
		first, last int
	}
	var jobs []job
	for _, e := range man.Batches {
		for first := 1; first <= e.Pages; first += 50 {
			jobs = append(jobs, job{filepath.Join(dir, e.File), first, min(first+49, e.Pages)})
		}
	}
	sigma := blurMM / 25.4 * float64(dpi)
	var (
		mu     sync.Mutex
		files  []string
		errs   []error
		wg     sync.WaitGroup
		queue  = make(chan job)
		worker = func() {
			defer wg.Done()
			for j := range queue {
				prefix := filepath.Join(tmp, fmt.Sprintf("%s-%05d", filepath.Base(j.pdf), j.first))
				out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-f", strconv.Itoa(j.first), "-l", strconv.Itoa(j.last), j.pdf, prefix).CombinedOutput()
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("pdftoppm %s: %v %s", j.pdf, err, out))
					mu.Unlock()
					continue
				}
				got, _ := filepath.Glob(prefix + "-*.pgm")
				for _, f := range got {
					if sigma > 0 {
						if err := blurPGM(f, sigma); err != nil {
							mu.Lock()
							errs = append(errs, err)
							mu.Unlock()
						}
					}
				}
				mu.Lock()
				files = append(files, got...)
				mu.Unlock()
			}
		}
	)
	for range 2 {
		wg.Add(1)
		go worker()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if len(files) != len(want) {
		t.Fatalf("%d pages rendered, %d in packs.csv", len(files), len(want))
	}
	slices.Sort(files)

	// zbarimg reads many files at once; each mark names its page, so which
	// page it came from does not matter.
	got := map[string]bool{}
	var mu2 sync.Mutex
	var wg2 sync.WaitGroup
	half := (len(files) + 1) / 2
	for _, part := range [][]string{files[:half], files[half:]} {
		if len(part) == 0 {
			continue
		}
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			args := append([]string{"-q", "--raw", "-Sdisable", "-Sqrcode.enable"}, part...)
			// Exit status 4: some image had no symbol at all.
			out, _ := exec.Command("zbarimg", args...).Output()
			mu2.Lock()
			defer mu2.Unlock()
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				if l := sc.Text(); strings.HasPrefix(l, "BPK:") {
					got[l] = true
				}
			}
		}()
	}
	wg2.Wait()
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[w] = true
		if got[w] {
			read++
		} else {
			missed = append(missed, w)
		}
	}
	for g := range got {
		if !wantSet[g] {
			t.Errorf("a mark read as %q, which no page has", g)
		}
	}
	return read, len(want), missed
}

// blurPGM blurs a binary greyscale PGM file in place with a Gaussian of
// standard deviation sigma pixels (separable, edges clamped).
func blurPGM(path string, sigma float64) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	// The header: P5, width, height, maximum value, each after white space,
	// then one white space byte.
	var fields [4]string
	hdr := 0
	for i := range fields {
		for hdr < len(b) && isSpace(b[hdr]) {
			hdr++
		}
		start := hdr
		for hdr < len(b) && !isSpace(b[hdr]) {
			hdr++
		}
		fields[i] = string(b[start:hdr])
	}
	hdr++
	w, _ := strconv.Atoi(fields[1])
	h, _ := strconv.Atoi(fields[2])
	if fields[0] != "P5" || fields[3] != "255" || hdr > len(b) {
		return fmt.Errorf("%s: not an 8-bit binary PGM", path)
	}
	pix := b[hdr:]
	if len(pix) != w*h {
		return fmt.Errorf("%s: %d bytes of pixels, want %d", path, len(pix), w*h)
	}
	r := int(math.Ceil(3 * sigma))
	kernel := make([]int32, 2*r+1) // fixed point, summing to 1<<16
	var sum float64
	for i := -r; i <= r; i++ {
		sum += math.Exp(-float64(i*i) / (2 * sigma * sigma))
	}
	total := int32(0)
	for i := -r; i <= r; i++ {
		kernel[i+r] = int32(math.Round(math.Exp(-float64(i*i)/(2*sigma*sigma)) / sum * 65536))
		total += kernel[i+r]
	}
	kernel[r] += 65536 - total
	tmp := make([]byte, len(pix))
	pass := func(dst, src []byte, step, lines, lineStep, length int) {
		for l := range lines {
			base := l * lineStep
			for i := range length {
				var acc int32
				for k := -r; k <= r; k++ {
					j := min(max(i+k, 0), length-1)
					acc += kernel[k+r] * int32(src[base+j*step])
				}
				dst[base+i*step] = byte((acc + 1<<15) >> 16)
			}
		}
	}
	pass(tmp, pix, 1, h, w, w) // rows
	pass(pix, tmp, w, w, 1, h) // columns
	return os.WriteFile(path, b, 0o600)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
