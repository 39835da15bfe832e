package datamatrix

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// needTools skips the test when a tool that reads our output is missing,
// except under CI=true, where it fails: there these tests must run.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (dmtx-utils): .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed (dmtx-utils)", tool)
		}
	}
}

// writePNG draws s at px pixels a module with a quiet zone of quiet modules.
func writePNG(t *testing.T, path string, s *Symbol, px, quiet int) {
	t.Helper()
	w, h := (s.Cols()+2*quiet)*px, (s.Rows()+2*quiet)*px
	img := image.NewGray(image.Rect(0, 0, w, h))
	row := make([]uint8, w)
	for y := 0; y < h; y += px { // one module row, then copies of it
		for x := range row {
			row[x] = 255
			if s.Dark(y/px-quiet, x/px-quiet) {
				row[x] = 0
			}
		}
		for i := 0; i < px; i++ {
			copy(img.Pix[(y+i)*img.Stride:], row)
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dmtxread runs dmtxread with args on files holding one symbol of size
// each, in two processes at once (a run takes a tenth of a second or more to
// start, so files go in batches), and returns the output in file order.
func dmtxread(t *testing.T, args []string, size Size, files []string) string {
	t.Helper()
	// -N1: one symbol an image; -s: of this size only; -S 2: scan the image
	// at half size (dmtxread is four times as fast on 16x48 symbols).
	args = append(append([]string{}, args...), "-N1", "-s", size.String(), "-S", "2")
	half := (len(files) + 1) / 2
	parts := [][]string{files[:half], files[half:]}
	outs := make([]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, part := range parts {
		if len(part) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command("dmtxread", append(args[:len(args):len(args)], part...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			outs[i] = string(out)
			if err != nil && len(out) == 0 {
				errs[i] = fmt.Errorf("dmtxread: %v: %s", err, stderr.String())
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return outs[0] + outs[1]
}

// readCases makes data for size: the empty string, the shortest and the
// longest, and random lengths, of the basic set and (every third random
// one) of printable ASCII, which takes shifts.
func readCases(size Size, n int, r *rand.Rand) []string {
	const basic = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
	var printable string
	for c := byte(' '); c <= '~'; c++ {
		printable += string(c)
	}
	max := size.BasicCapacity()
	lengths := []int{0, 1, 2, 3, 4, 5, max - 2, max - 1, max}
	for len(lengths) < n {
		lengths = append(lengths, r.Intn(max+1))
	}
	var cases []string
	for i, n := range lengths {
		alphabet := basic
		if i >= 9 && i%3 == 0 {
			alphabet, n = printable, n/2 // at most two values a character
		}
		b := make([]byte, n)
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	return cases
}

// decodeAll encodes each data in size, draws it at 10 pixels a module with
// a 2-module quiet zone, and has dmtxread decode them all. It reports each
// data that dmtxread did not give back, and returns the symbols and their
// files.
func decodeAll(t *testing.T, size Size, data []string) ([]*Symbol, []string) {
	t.Helper()
	dir := t.TempDir()
	var files []string
	var syms []*Symbol
	for i, d := range data {
		s, err := Encode(d, size)
		if err != nil {
			t.Fatalf("%v %q: %v", size, d, err)
		}
		f := filepath.Join(dir, fmt.Sprintf("%03d.png", i))
		writePNG(t, f, s, 10, 2)
		files = append(files, f)
		syms = append(syms, s)
	}
	out := dmtxread(t, []string{"-n"}, size, files)
	got := map[string]int{}
	for _, line := range strings.SplitAfter(out, "\n") {
		if line != "" {
			got[strings.TrimSuffix(line, "\n")]++
		}
	}
	for _, d := range data {
		if got[d] == 0 {
			t.Errorf("%v: dmtxread did not read %q", size, d)
			continue
		}
		got[d]--
	}
	for d, n := range got {
		if n > 0 {
			t.Errorf("%v: dmtxread read %q, which was not written", size, d)
		}
	}
	return syms, files
}

// Symbols of every size, drawn as PNG, decoded by libdmtx's dmtxread: the
// text comes back, and the codewords it reads off the modules are ours, pads
// and error correction included.
func TestDmtxread(t *testing.T) {
	needTools(t, "dmtxread")
	r := rand.New(rand.NewSource(16022))
	for _, size := range allSizes {
		data := readCases(size, 30, r)
		syms, files := decodeAll(t, size, data)

		// The codewords of the first ten, as dmtxread reads them off the
		// modules before correcting anything (-C 0 corrects nothing): the
		// placement as another program understands it.
		out := dmtxread(t, []string{"-c", "-C", "0"}, size, files[:10])
		var read []byte
		for _, f := range strings.Fields(out) {
			_, v, ok := strings.Cut(f, ":")
			n, err := strconv.Atoi(v)
			if !ok || err != nil {
				t.Fatalf("dmtxread -c printed %q", f)
			}
			read = append(read, byte(n))
		}
		var want []byte
		for _, s := range syms[:10] {
			want = append(want, s.codewords...)
		}
		if !bytes.Equal(read, want) {
			t.Errorf("%v: dmtxread -c read\n%v\nwant\n%v", size, read, want)
		}
	}
}
