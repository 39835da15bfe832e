package mailmark

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ballotpack/ballotpack/internal/datamatrix"
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

// randomFields makes valid fields of type typ with item ID item: postcodes
// of every shape, DPS and RTS postcode or not, customer content of any
// length the type holds.
func randomFields(r *rand.Rand, typ Type, item int) Fields {
	const letters, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
	const basic = letters + digits + " "
	pick := func(set string) string { return string(set[r.Intn(len(set))]) }
	code := func() string {
		var out string
		switch r.Intn(6) {
		case 0: // A9
			out = pick(letters) + pick(digits)
		case 1: // A99
			out = pick(letters) + pick(digits) + pick(digits)
		case 2: // AA9
			out = pick(letters) + pick(letters) + pick(digits)
		case 3: // AA99
			out = pick(letters) + pick(letters) + pick(digits) + pick(digits)
		case 4: // A9A
			out = pick(letters) + pick(digits) + pick(letters)
		default: // AA9A
			out = pick(letters) + pick(letters) + pick(digits) + pick(letters)
		}
		return out + " " + pick(digits) + pick(letters) + pick(letters)
	}
	f := Fields{
		Type:            typ,
		InformationType: pick("0ABCP"),
		Class:           pick(digits),
		SupplyChainID:   r.Intn(10_000_000),
		ItemID:          item,
		Postcode:        code(),
		RTS:             pick("0123456"),
	}
	if r.Intn(4) > 0 {
		f.DPS = pick(digits) + pick(letters)
	}
	if r.Intn(2) == 0 {
		f.ReturnPostcode = code()
	}
	n := r.Intn(typ.CustomerCapacity() + 1)
	if r.Intn(4) == 0 {
		n = typ.CustomerCapacity()
	}
	var cc []byte
	for range n {
		cc = append(cc, basic[r.Intn(len(basic))])
	}
	f.CustomerContent = string(cc)
	return f
}

// 80 barcodes of each type, random valid fields, drawn as PNG at 10 pixels
// a module with a 2-module quiet zone and decoded by libdmtx's dmtxread: the
// text read is the content built.
func TestDmtxread(t *testing.T) {
	needTools(t, "dmtxread")
	r := rand.New(rand.NewSource(7))
	item := 1
	for _, typ := range []Type{Type7, Type9, Type29} {
		dir := t.TempDir()
		var files, want []string
		for i := range 80 {
			f := randomFields(r, typ, item)
			item += 1 + r.Intn(400_000) // 240 of them stay under 10⁸
			c, err := Content(f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			s, err := Encode(f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			file := filepath.Join(dir, fmt.Sprintf("%02d.png", i))
			writePNG(t, file, s, 10, 2)
			files = append(files, file)
			want = append(want, c)
		}
		out := dmtxread(t, typ.Size(), files)
		got := map[string]int{}
		for _, line := range strings.SplitAfter(out, "\n") {
			if line != "" {
				got[strings.TrimSuffix(line, "\n")]++
			}
		}
		for _, c := range want {
			if got[c] == 0 {
				t.Errorf("type %d: dmtxread did not read %q", typ, c)
				continue
			}
			got[c]--
		}
		for c, n := range got {
			if n > 0 {
				t.Errorf("type %d: dmtxread read %q, which was not written", typ, c)
			}
		}
	}
}

// writePNG draws s at px pixels a module with a quiet zone of quiet modules.
func writePNG(t *testing.T, path string, s *datamatrix.Symbol, px, quiet int) {
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

// dmtxread decodes files, each one symbol of size, in two processes at once
// (a run takes a tenth of a second or more to start, so files go in
// batches), and returns the messages one a line. -S 2 scans at half size:
// four times as fast on 16x48 symbols.
func dmtxread(t *testing.T, size datamatrix.Size, files []string) string {
	t.Helper()
	args := []string{"-n", "-N1", "-s", size.String(), "-S", "2"}
	half := (len(files) + 1) / 2
	parts := [][]string{files[:half], files[half:]}
	outs, errs := make([]string, 2), make([]error, 2)
	var wg sync.WaitGroup
	for i, part := range parts {
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
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return outs[0] + outs[1]
}
