package packgen

import (
	"context"
	"errors"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// TestResumeAfterInterruption cancels a run after its first batch and
// expects the next run to keep that batch and make the rest.
func TestResumeAfterInterruption(t *testing.T) {
	el := election.Default()
	res, err := roll.ReadFile("../testdata/roll-small.csv", el.RollOptions())
	if err != nil {
		t.Fatal(err)
	}
	k, _ := codes.NewMasterKey(make([]byte, 32)) // NOT A REAL KEY
	is, _ := k.Issuer(el.ID)
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
