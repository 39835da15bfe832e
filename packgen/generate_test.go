package packgen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// sampleRun is the sample roll under the default election, with an
// all-zero key (NOT A REAL KEY).
func sampleRun(t *testing.T) (*election.Election, *roll.Result, *codes.Issuer) {
	t.Helper()
	el := election.Default()
	res, err := roll.ReadFile("../testdata/roll-small.csv", el.RollOptions())
	if err != nil {
		t.Fatal(err)
	}
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer(el.ID)
	return el, res, is
}

// TestResumeAfterInterruption cancels a run after its first batch and
// expects the next run to keep that batch and make the rest.
func TestResumeAfterInterruption(t *testing.T) {
	el, res, is := sampleRun(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", OutDir: dir, BatchSize: 8, Workers: 1,
		Progress: func(done, total int) { cancel() }}
	if _, err := Generate(ctx, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	opts.Progress = nil
	r, err := Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kept < 1 || r.Made+r.Kept != 5 || !r.Manifest.Complete {
		t.Errorf("resumed: %d kept, %d made, complete %v; want at least 1 kept of 5", r.Kept, r.Made, r.Manifest.Complete)
	}
}

// TestPrintedPacksKeepTheirCodes: a member whose pack was printed in an
// earlier run keeps its codes (here variant 1, as after a collision) in a
// run over a corrected roll.
func TestPrintedPacksKeepTheirCodes(t *testing.T) {
	el, res, is := sampleRun(t)
	kept := res.Members[3].ID
	dir := t.TempDir()
	r, err := Generate(context.Background(), Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", OutDir: dir,
		Printed: []codes.Ref{{Member: kept, Issue: 1, Variant: 1}, {Member: "9999999", Issue: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Manifest.Totals.Packs != len(res.Members) {
		t.Fatalf("%d packs", r.Manifest.Totals.Packs)
	}
	// packs.csv gives the variant the member keeps.
	b, _ := os.ReadFile(filepath.Join(dir, PacksFile))
	if !strings.Contains(string(b), ","+kept+",1,1,") {
		t.Errorf("member %s did not keep variant 1:\n%s", kept, b)
	}
}
