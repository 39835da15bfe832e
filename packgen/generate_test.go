package packgen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
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
	// 39 UK packs in 5 batches, and one overseas in a batch of its own.
	if r.Kept < 1 || r.Made+r.Kept != 6 || len(r.Batches) != 6 || !r.Manifest.Complete {
		t.Errorf("resumed: %d kept, %d made of %d, complete %v; want at least 1 kept of 6", r.Kept, r.Made, len(r.Batches), r.Manifest.Complete)
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

func TestShardHas(t *testing.T) {
	for _, tc := range []struct {
		shard *Shard
		want  []int // of batches 1..7
	}{
		{nil, []int{1, 2, 3, 4, 5, 6, 7}},
		{&Shard{Index: 1, Count: 1}, []int{1, 2, 3, 4, 5, 6, 7}},
		{&Shard{Index: 1, Count: 3}, []int{1, 4, 7}},
		{&Shard{Index: 2, Count: 3}, []int{2, 5}},
		{&Shard{Index: 3, Count: 3}, []int{3, 6}},
		{&Shard{Index: 8, Count: 8}, nil},
	} {
		var got []int
		for k := 1; k <= 7; k++ {
			if tc.shard.Has(k) {
				got = append(got, k)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: batches %v, want %v", tc.shard, got, tc.want)
		}
	}
}

// TestShardManifest: a shard makes only its batches and lists only those,
// marked as the shard's and not complete, under the job and totals of the
// whole run; the shards together list each batch of the run once, as the
// single run does.
func TestShardManifest(t *testing.T) {
	el, res, is := sampleRun(t)
	opts := Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", BatchSize: 8, OutDir: t.TempDir()}
	whole, err := Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var batches []BatchEntry
	for i := 1; i <= 2; i++ {
		opts.OutDir, opts.Shard = t.TempDir(), &Shard{Index: i, Count: 2}
		r, err := Generate(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		m := r.Manifest
		if m.Job != whole.Manifest.Job || m.Complete || m.Shard == nil || !m.Shard.Done || m.Totals != whole.Manifest.Totals {
			t.Errorf("shard %d: job %s, complete %v, shard %+v, totals %+v; want job %s, not complete, done, totals %+v",
				i, m.Job, m.Complete, m.Shard, m.Totals, whole.Manifest.Job, whole.Manifest.Totals)
		}
		pdfs, _ := filepath.Glob(filepath.Join(opts.OutDir, "batch-*.pdf"))
		if r.Made != len(m.Batches) || len(pdfs) != len(m.Batches) {
			t.Errorf("shard %d: %d made, %d PDFs, %d in job.json", i, r.Made, len(pdfs), len(m.Batches))
		}
		batches = append(batches, m.Batches...)
	}
	slices.SortFunc(batches, func(a, b BatchEntry) int { return strings.Compare(a.File, b.File) })
	if !slices.Equal(batches, whole.Manifest.Batches) {
		t.Errorf("the shards' batches:\n%+v\nwant the single run's:\n%+v", batches, whole.Manifest.Batches)
	}
}

// A roll with nobody to make a pack for is refused before anything is
// written, saying how many rows were left out and why (the commonest
// reasons; of as common, rejections, which need fixing, first).
func TestGenerateNobodyEligible(t *testing.T) {
	el, res, is := sampleRun(t)
	res.Members = nil
	res.Rejected, res.Excluded = 30, 10
	res.Problems = []roll.Problem{
		{Row: 2, Kind: "joined too late", Severity: roll.Ineligible},
		{Row: 3, Kind: "invalid postcode", Severity: roll.Reject},
		{Row: 4, Kind: "invalid postcode", Severity: roll.Reject},
		{Row: 5, Kind: "missing field", Severity: roll.Reject},
		{Row: 5, Kind: "status lapsed", Severity: roll.Ineligible}, // rejected too: not counted as ineligible
		{Row: 6, Kind: "invalid email", Severity: roll.Warning},
	}
	dir := filepath.Join(t.TempDir(), "dist")
	_, err := Generate(context.Background(), Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", OutDir: dir})
	want := "roll-small.csv: nobody on the roll can be sent a pack: 40 rows read, 30 rejected, 10 ineligible under the election's rules; left out most often for: invalid postcode (2), missing field (1), joined too late (1)" // ties: rejections first
	if !errors.Is(err, ErrNoPacks) || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v\nwant …%s", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the output folder was made: %v", err)
	}
}
