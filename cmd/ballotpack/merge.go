package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
)

const mergeUsage = `Usage:
    ballotpack merge-shards -out dist/ SHARD-DIR…

Makes the complete run's folder from the folders of a generate run split
with -shard i/n: the same files, byte for byte, as one generate run with
the same inputs writes (see below).

First it checks that the folders are the shards of one job, and refuses
them otherwise: the same job ID and n, every shard 1..n given once and
finished, every batch listed by its own shard and by no other, each batch's
size and SHA-256 what its shard's job.json records, and the same
packs.csv, rejects.csv and register in each. The output folder must be
new or empty, or this job's complete run (a merge run again, or resumed
after an interruption: batches there intact are kept, a register there is
kept as it is).

Writes in the output folder, as generate does: the batches (hard links to
the shards' files where the folder is on their file system, copies
otherwise, mode 0600 in a 0700 folder; each placed through a temporary
name, synced and renamed), packs.csv, rejects.csv, register.db,
SHA256SUMS, TICKET.txt and, last, job.json, marked complete.

Byte for byte: the batches, job.json, packs.csv, SHA256SUMS, TICKET.txt
and rejects.csv are always those of one run, which needs the same roll,
key, election file, -batch-size and ballotpack version. So is register.db when every
shard and the single run ran with the same SOURCE_DATE_EPOCH (seconds since
1970, the reproducible-builds convention; it is the register's created_at)
and read the election file from the same path (the register keeps its
absolute path). Otherwise the register copied is the one made first.

Flags:
    -out DIR   the folder of the complete run (required)
`

func runMerge(ctx context.Context, e *env, args []string) error {
	flags := newFlags("merge-shards")
	out := flags.String("out", "", "")
	if err := parseFlags(e, flags, mergeUsage, args); err != nil {
		return err
	}
	for _, a := range flags.Args() {
		if strings.HasPrefix(a, "-") {
			return usageError(fmt.Sprintf("%s after the shard folders: flags come first", a), "run 'ballotpack merge-shards -out DIST SHARD-DIR…'")
		}
	}
	if err := required(flags, "out"); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return usageError("merge-shards needs the shards' folders", "ballotpack merge-shards -out dist shard-1 shard-2 shard-3")
	}
	if err := checkSourceDateEpoch(); err != nil {
		return err
	}
	start := time.Now()
	m, err := packgen.ReadShards(flags.Args(), "ballotpack "+version())
	if err != nil {
		return err
	}
	man := m.Manifest
	workers := runtime.NumCPU()
	if err := m.Verify(ctx, workers, nil); err != nil {
		return err
	}
	// The registers too, before anything is written.
	shardRegs := make([]string, len(m.Dirs))
	for i, d := range m.Dirs {
		shardRegs[i] = filepath.Join(d, register.ShardFile)
	}
	if _, _, err := register.CompareShards(shardRegs); err != nil {
		return err
	}
	infof(e.stderr, "%d shards of job %s: %d batches checked", len(m.Dirs), man.Job, len(man.Batches))
	if err := m.Prepare(*out); err != nil {
		return err
	}
	unlock, err := lockDir(*out)
	if err != nil {
		return err
	}
	defer unlock()
	removeStale(*out)
	res, err := m.Assemble(ctx, *out, workers, nil)
	if err != nil {
		return err
	}
	if err := mergeRegister(e, *out, m); err != nil {
		return err
	}
	if err := m.Finish(*out); err != nil {
		return err
	}
	t := man.Totals
	fmt.Fprintf(e.stdout, "%s: job %s, election %s, key %s, from %d shards\n", *out, man.Job, man.Election, man.KeyID, len(m.Dirs))
	fmt.Fprintf(e.stdout, "  %d rows read: %d packs, %d rejected, %d ineligible (reasons in %s)\n",
		t.RowsRead, t.Packs, t.Rejected, t.Ineligible, filepath.Join(*out, packgen.RejectsFile))
	fmt.Fprintf(e.stdout, "  %d batches (%d linked, %d copied, %d already there), %d pages on %d sheets, %d large print, %d BFPO, %d overseas\n",
		t.Batches, res.Linked, res.Copied, res.Kept, t.Pages, t.Sheets, t.LargePrint, t.BFPO, t.Overseas)
	infof(e.stderr, "done in %s", time.Since(start).Round(time.Millisecond))
	if t.Rejected > 0 {
		hintf(e.stderr, "%d rows of the roll were rejected and have no pack: see %s", t.Rejected, filepath.Join(*out, packgen.RejectsFile))
	}
	return nil
}

// mergeRegister puts the run's register in out from the shards' registers,
// or checks that the one there is this job's (a merge run again keeps it as
// it is: it may have scans in it by now).
func mergeRegister(e *env, out string, m *packgen.Merge) error {
	if reg, err := register.Open(out); err == nil {
		defer reg.Close()
		if job := reg.Info().Job; job != m.Manifest.Job {
			return fmt.Errorf("%s is the register of job %s, not of the shards' job %s", reg.Path(), job, m.Manifest.Job)
		}
		return nil
	} else if !errors.Is(err, register.ErrNotFound) {
		return err
	}
	shards := make([]string, len(m.Dirs))
	for i, d := range m.Dirs {
		shards[i] = filepath.Join(d, register.ShardFile)
	}
	pick, alike, err := register.MergeShards(filepath.Join(out, register.File), shards)
	if err != nil {
		return err
	}
	if !alike {
		infof(e.stderr, "the shards' registers differ in when they were made or where the election file was read: %s is shard %d's, the first made", register.File, pick+1)
		hintf(e.stderr, "set SOURCE_DATE_EPOCH alike for every shard, and give the election file by one path, to make them alike")
	}
	return nil
}
