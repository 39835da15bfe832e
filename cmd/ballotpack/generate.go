package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen"
)

const generateUsage = `Usage:
    ballotpack generate -members roll.xlsx -key election.key [-election election.yaml] -out dist/

Checks the roll, then makes a pack for every accepted member: batch PDFs
for the print house, ordered by postcode (overseas last, large print in
batches of their own), with the manifest. Rejected rows get no pack and are
listed in dist/rejects.csv.

Writes in the output folder:
    batch-0001.pdf …     the packs, -batch-size to a file
    job.json             the job: totals, pages per pack, and per batch its
                         file, SHA-256, size, packs, pages, sequence and
                         postcode range (no codes, only the key's ID)
    packs.csv            one row per pack: sequence, membership number,
                         issue, variant, batch, pages (no codes)
    SHA256SUMS           for 'sha256sum -c'
    rejects.csv          every problem with the roll

Running it again with the same inputs keeps the batches that are complete
and intact and makes the rest, also after an interruption; the output is
the same, byte for byte. A folder holding another job's batches is refused.
Exit status 0, or 4 when rows of the roll were rejected (their packs are
not made).

Flags:
    -members FILE          the membership roll: .xlsx or .csv (required)
    -key FILE              the election's master key (required)
    -election FILE         the election file (default: the embedded default election)
    -out DIR               the output folder (default dist)
    -batch-size N          packs per PDF (default: the election file's)
    -workers N             batches rendered at once (default: the number of CPUs)
    -sheet NAME            the xlsx sheet to read
    -strict                reject probable duplicate people instead of warning
    -keep-codes-from DIR   an earlier run's folder whose packs were printed: its
                           members keep their codes (for a corrected roll)
    -insecure-key-perms    read the key even if other users can read it
`

func runGenerate(ctx context.Context, e *env, args []string) error {
	flags := newFlags("generate")
	members := flags.String("members", "", "")
	keyPath := flags.String("key", "", "")
	electionPath := flags.String("election", "", "")
	out := flags.String("out", "dist", "")
	batchSize := flags.Int("batch-size", 0, "")
	workers := flags.Int("workers", runtime.NumCPU(), "")
	sheet := flags.String("sheet", "", "")
	strict := flags.Bool("strict", false, "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	keepFrom := flags.String("keep-codes-from", "", "")
	if err := parseFlags(e, flags, generateUsage, args); err != nil {
		return err
	}
	if err := required(flags, "members", "key", "out"); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError("generate takes no arguments", "")
	}
	if *batchSize < 0 || *workers < 1 {
		return usageError("-batch-size and -workers must be positive", "")
	}
	el, err := loadElection(*electionPath)
	if err != nil {
		return err
	}
	master, err := loadMasterKey(*keyPath, *insecure, "making packs")
	if err != nil {
		return err
	}
	issuer, err := master.Issuer(el.ID)
	if err != nil {
		return err
	}
	res, err := readRoll(*members, el, *sheet, *strict)
	if err != nil {
		return err
	}
	sum, err := fileSHA256(*members)
	if err != nil {
		return err
	}
	var printed []codes.Ref
	if *keepFrom != "" {
		man, err := readJob(*keepFrom)
		if err != nil {
			return err
		}
		if err := sameKey(*keyPath, master.KeyID(), *keepFrom, man); err != nil {
			return err
		}
		if man.Election != el.ID {
			return fmt.Errorf("the packs in %s are for election %s, not %s", *keepFrom, man.Election, el.ID)
		}
		ix, err := loadPacks(issuer, *keepFrom)
		if err != nil {
			return err
		}
		for _, p := range ix.byCode {
			if p.issue == 1 {
				printed = append(printed, codes.Ref{Member: p.member, Issue: 1, Variant: p.variant})
			}
		}
	}
	start := time.Now()
	prog := newProgress(e.stderr)
	r, err := packgen.Generate(ctx, packgen.Options{
		Election: el, Issuer: issuer, Roll: res, RollSHA256: sum, OutDir: *out,
		BatchSize: *batchSize, Workers: *workers, Version: version(), Progress: prog.update, Printed: printed,
	})
	prog.finish()
	if errors.Is(err, context.Canceled) {
		return withHint(errors.New("interrupted: the batches finished so far are complete and recorded in job.json"), "run the same command again to make the rest")
	}
	if err != nil {
		return err
	}
	t := r.Manifest.Totals
	fmt.Fprintf(e.stdout, "%s: job %s, election %s, key %s\n", *out, r.Manifest.Job, el.ID, issuer.KeyID())
	fmt.Fprintf(e.stdout, "  %d rows read: %d packs made, %d rejected, %d ineligible (reasons in %s)\n",
		t.RowsRead, t.Packs, t.Rejected, t.Ineligible, filepath.Join(*out, packgen.RejectsFile))
	fmt.Fprintf(e.stdout, "  %d batches (%d written, %d already complete), %d pages on %d sheets, %d large print, %d overseas\n",
		t.Batches, r.Made, r.Kept, t.Pages, t.Sheets, t.LargePrint, t.Overseas)
	if n := len(r.Manifest.Collisions); n > 0 {
		fmt.Fprintf(e.stdout, "  %d packs had their codes re-derived to keep every code unique (see job.json)\n", n)
	}
	infof(e.stderr, "done in %s", time.Since(start).Round(time.Millisecond))
	if t.Rejected > 0 {
		hintf(e.stderr, "%d rows of the roll were rejected and have no pack: see %s, fix the roll and run again", t.Rejected, filepath.Join(*out, packgen.RejectsFile))
		return &cliError{err: errors.New("rows rejected"), status: exitRejects, quiet: true}
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "(devel)"
}

// progress reports packs done on stderr: a line that redraws itself on a
// terminal, a line every 10% otherwise.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	last     int
	drawn    bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, last: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pct := done * 100 / max(total, 1)
	switch {
	case p.terminal:
		width := 30
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = ' '
			if i < pct*width/100 {
				bar[i] = '#'
			}
		}
		fmt.Fprintf(p.w, "\rballotpack: [%s] %3d%% %d/%d packs", bar, pct, done, total)
		p.drawn = true
	case pct/10 != p.last/10:
		fmt.Fprintf(p.w, "ballotpack: %d%% (%d of %d packs)\n", pct, done, total)
		p.last = pct
	}
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
