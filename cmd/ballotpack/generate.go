package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const generateUsage = `Usage:
    ballotpack generate -members roll.xlsx -key election.key [-election election.yaml] -out dist/
    ballotpack generate … -shard i/n -out shard-i/

Checks the roll, then makes a pack for every accepted member: batch PDFs
for the print house, each of one mail stream (UK by postcode, then BFPO,
then overseas by country, as the election file's mail: section splits
them) and one size of print (large print last), with the manifest.
Rejected rows get no pack and are listed in dist/rejects.csv.

Writes in the output folder:
    batch-0001.pdf …     the packs, -batch-size to a file; batches of other
                         streams are named for them (batch-0041-bfpo.pdf,
                         batch-0042-overseas.pdf, …-large-print.pdf)
    job.json             the job: totals, pages per pack, and per batch its
                         file, stream, postage, SHA-256, size, packs, pages,
                         sequence and postcode range (no codes, only the
                         key's ID)
    packs.csv            one row per pack: sequence, membership number,
                         issue, variant, batch, pages (no codes)
    TICKET.txt           the job ticket for the print house, one plain-text
                         page: paper, envelope, fold, insert order, each
                         stream's postage and reply envelope, each batch's
                         packs, sheets, sequence and postcode range, SHA-256
    SHA256SUMS           for 'sha256sum -c'
    register.db          the election register (SQLite): the election file,
                         job, key ID and every pack; scans, replacements and
                         reconciliations are recorded in it from then on
    rejects.csv          every problem with the roll

Running it again with the same inputs keeps the batches that are complete
and intact and makes the rest, also after an interruption; the output is
the same, byte for byte. A folder holding another job's batches is refused.
Exit status 0, or 4 when rows of the roll were rejected (their packs are
not made); 1, with nothing written, when nobody on the roll can be sent a
pack (every row rejected or ineligible).

-shard i/n makes only shard i's share of the batches, for a run split over
n processes or machines: batch k is shard ((k-1) mod n)+1's. Every shard
reads the whole roll, so codes, sequence and batch numbers and the job are
those of one run. A shard's folder holds its batches, job.json and
SHA256SUMS (its batches only; job.json marked as shard i of n, not
complete), packs.csv and rejects.csv (the whole run's), and the whole
run's register as shard-register.sqlite, which no command opens as one;
no TICKET.txt. 'ballotpack merge-shards' makes the complete run's folder
from all n, ticket included. Set SOURCE_DATE_EPOCH alike for every shard
('ballotpack help merge-shards').

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
    -shard i/n             make only shard i of n's batches (1 <= i <= n)
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
	shardFlag := flags.String("shard", "", "")
	if err := parseFlags(e, flags, generateUsage, args); err != nil {
		return err
	}
	if err := required(flags, "members", "key", "out"); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError("generate takes no arguments", "the output folder is given with -out DIR, the roll with -members FILE")
	}
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["batch-size"] && *batchSize < 1 {
		return usageError(fmt.Sprintf("-batch-size %d: must be at least 1", *batchSize), "leave -batch-size out for the election file's batch_size")
	}
	if *workers < 1 {
		return usageError(fmt.Sprintf("-workers %d: must be at least 1", *workers), "leave -workers out for one a CPU")
	}
	if err := checkSourceDateEpoch(); err != nil {
		return err
	}
	shard, err := parseShard(*shardFlag)
	if err != nil {
		return err
	}
	defer boundHeap()()
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
	res, err := readRollWith(ctx, *members, el, func(o *roll.Options) { o.Sheet, o.Strict, o.Recipients = *sheet, *strict, true })
	if err != nil {
		return err
	}
	if err := packgen.NoPacks(res); err != nil {
		// Before anything is written: exit status 1, not 4, as nothing was made.
		hint := fmt.Sprintf("'ballotpack check -members %s -rejects rejects.csv' lists every row's reasons; fix the roll and run again", *members)
		if res.Rejected == 0 {
			hint = "the election file's eligibility rules (joined_before, excluded_statuses) leave out every row: check them, and that this is the right roll"
		}
		return withHint(err, hint)
	}
	sum, err := packgen.FileSHA256(*members)
	if err != nil {
		return err
	}
	if err := outfile.Folder(*out, 0o700); err != nil {
		return err
	}
	unlock, err := lockDir(*out)
	if err != nil {
		return err
	}
	defer unlock()
	regPath, openReg := filepath.Join(*out, register.File), register.Open
	if shard != nil {
		if _, err := os.Lstat(regPath); err == nil {
			return withHint(fmt.Errorf("%s holds a complete run's register (%s): a shard is written to a folder of its own", *out, register.File), "give each shard an -out folder of its own")
		}
		regPath, openReg = filepath.Join(*out, register.ShardFile), register.OpenShard
	}
	removeStale(*out)
	if err := sameJobInputs(openReg, regPath, el.SHA256, sum, issuer.KeyID()); errors.Is(err, register.ErrShard) {
		return withHint(fmt.Errorf("%s holds one shard of a run split with -shard, not a complete run", *out),
			"give that shard's -shard i/n to resume it, or write the complete run to a folder of its own")
	} else if err != nil {
		return err
	}
	keep, err := keepCodes(*keepFrom, el, master.KeyID())
	if err != nil {
		return err
	}
	start := time.Now()
	prog := newProgress(e.stderr)
	// The register is written while the batches are rendered, and put in
	// place only when they all are.
	type prepared struct {
		reg *register.Prepared
		err error
	}
	var regc chan prepared
	rollPath := res.Path // res itself is not kept: Generate lets the roll's members go while it renders
	r, err := packgen.Generate(ctx, packgen.Options{
		Election: el, Issuer: issuer, Roll: res, RollSHA256: sum, OutDir: *out,
		BatchSize: *batchSize, Workers: *workers, Version: version(), Progress: prog.update, Printed: keep.printed, Issued: keep.issued,
		Shard: shard,
		Planned: func(r *packgen.Result) {
			regc = make(chan prepared, 1)
			go func() {
				p, err := prepareRegister(openReg, regPath, el, rollPath, sum, r, keep)
				regc <- prepared{p, err}
			}()
		},
	})
	prog.finish()
	var reg prepared
	if regc != nil {
		reg = <-regc
	}
	if err != nil && reg.reg != nil {
		reg.reg.Discard()
	}
	if errors.Is(err, context.Canceled) {
		return withHint(errors.New("interrupted: the batches finished so far are complete and recorded in job.json"), "run the same command again to make the rest")
	}
	if err != nil {
		return err
	}
	if reg.err != nil {
		return reg.err
	}
	if reg.reg != nil {
		if err := reg.reg.Commit(); err != nil {
			return fmt.Errorf("writing the register: %w", err)
		}
	}
	t := r.Manifest.Totals
	if shard != nil {
		fmt.Fprintf(e.stdout, "%s: %s of job %s, election %s, key %s\n", *out, shard, r.Manifest.Job, el.ID, issuer.KeyID())
		fmt.Fprintf(e.stdout, "  %d rows read: %d packs in the run, %d rejected, %d ineligible (reasons in %s)\n",
			t.RowsRead, t.Packs, t.Rejected, t.Ineligible, filepath.Join(*out, packgen.RejectsFile))
		pages := 0
		for _, b := range r.Manifest.Batches {
			pages += b.Pages
		}
		fmt.Fprintf(e.stdout, "  %d of the run's %d batches are this shard's (%d written, %d already complete), %d pages\n",
			len(r.Manifest.Batches), t.Batches, r.Made, r.Kept, pages)
	} else {
		fmt.Fprintf(e.stdout, "%s: job %s, election %s, key %s\n", *out, r.Manifest.Job, el.ID, issuer.KeyID())
		fmt.Fprintf(e.stdout, "  %d rows read: %d packs made, %d rejected, %d ineligible (reasons in %s)\n",
			t.RowsRead, t.Packs, t.Rejected, t.Ineligible, filepath.Join(*out, packgen.RejectsFile))
		fmt.Fprintf(e.stdout, "  %d batches (%d written, %d already complete), %d pages on %d sheets, %d large print, %d BFPO, %d overseas\n",
			t.Batches, r.Made, r.Kept, t.Pages, t.Sheets, t.LargePrint, t.BFPO, t.Overseas)
	}
	if n := len(r.Manifest.Collisions); n > 0 {
		fmt.Fprintf(e.stdout, "  %d packs had their codes re-derived to keep every code unique (see job.json)\n", n)
	}
	infof(e.stderr, "done in %s", time.Since(start).Round(time.Millisecond))
	if shard != nil {
		hintf(e.stderr, "when all %d shards are done: ballotpack merge-shards -out DIST SHARD-DIR… (the %d shards' folders)", shard.Count, shard.Count)
	}
	if t.Rejected > 0 {
		hintf(e.stderr, "%d rows of the roll were rejected and have no pack: see %s; to make their packs, fix the roll and generate into a new folder with -keep-codes-from %s, so that the packs made here keep their codes",
			t.Rejected, filepath.Join(*out, packgen.RejectsFile), *out)
		return &cliError{err: errors.New("rows rejected"), status: exitRejects, quiet: true}
	}
	return nil
}

// removeStale removes what a run that was killed left half-written in
// dir: batches, manifests and registers under their temporary names
// (".batch-0003.pdf.tmp-…", ".register.db.new-…"). The caller holds the
// folder's lock, so no other run is writing them.
func removeStale(dir string) {
	for _, pattern := range []string{".*.tmp-*", ".*.new-*"} {
		stale, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range stale {
			if fi, err := os.Lstat(f); err == nil && fi.Mode().IsRegular() {
				os.Remove(f)
			}
		}
	}
}

// sameJobInputs refuses a folder whose register belongs to another job:
// another election file, roll or key.
func sameJobInputs(open func(string) (*register.Register, error), regPath, electionSHA, rollSHA, keyID string) error {
	reg, err := open(regPath)
	if errors.Is(err, register.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	defer reg.Close()
	in := reg.Info()
	var diff []string
	if in.KeyID != keyID {
		diff = append(diff, "key "+in.KeyID+", not "+keyID)
	}
	if in.ElectionSHA256 != electionSHA {
		diff = append(diff, fmt.Sprintf("election file %s (%q)", in.ElectionFile, in.Title))
	}
	if in.RollSHA256 != rollSHA {
		diff = append(diff, "roll "+in.RollFile+" with other contents")
	}
	if len(diff) == 0 {
		return nil
	}
	return withHint(fmt.Errorf("%s holds the register of job %s, made with %s: it is another job's folder", filepath.Dir(regPath), in.Job, strings.Join(diff, "; ")),
		"write to a new folder (with -keep-codes-from "+filepath.Dir(regPath)+" if its packs were printed)")
}

// kept is what a run over a corrected roll carries from an earlier run.
type kept struct {
	printed []codes.Ref     // every member's current pack there
	issued  []codes.Ref     // the superseded ones
	packs   []register.Pack // the superseded packs, for the new register
	reps    []register.Replacement
}

// keepCodes reads the earlier run's register for -keep-codes-from.
func keepCodes(dir string, el *election.Election, keyID string) (*kept, error) {
	k := &kept{}
	if dir == "" {
		return k, nil
	}
	st, err := openRegister(dir, "")
	if err != nil {
		return nil, err
	}
	defer st.close()
	scans, err := st.reg.CountScans("")
	if err != nil {
		return nil, err
	}
	switch {
	case st.info.Station != "":
		return nil, withHint(fmt.Errorf("%s is station %s's copy of the register, which may be out of date", st.reg.Path(), st.info.Station), "give the folder the earlier generate wrote")
	case scans > 0:
		return nil, fmt.Errorf("%s already holds %d scanned ballot papers: packs cannot be made again once the count has begun", st.reg.Path(), scans)
	case st.info.KeyID != keyID:
		return nil, fmt.Errorf("the packs in %s were made with key %s, not %s", dir, st.info.KeyID, keyID)
	case st.info.Election != el.ID:
		return nil, fmt.Errorf("the packs in %s are for election %s, not %s", dir, st.info.Election, el.ID)
	}
	packs, err := st.reg.Packs()
	if err != nil {
		return nil, err
	}
	for _, p := range packs {
		ref := codes.Ref{Member: p.Member, Issue: p.Issue, Variant: p.Variant}
		if p.Current {
			k.printed = append(k.printed, ref)
			continue
		}
		k.issued = append(k.issued, ref)
		p.Batch, p.BatchFile = 0, "("+st.info.Job+") "+p.BatchFile
		k.packs = append(k.packs, p)
	}
	if k.reps, err = st.reg.Replacements(); err != nil {
		return nil, err
	}
	return k, nil
}

// prepareRegister makes the run's register, or checks that the one there is
// this job's (a run resumed or repeated keeps its register as it is). A
// shard writes the whole run's register, under another name.
//
// It prepares the new register beside its place and returns it, for the
// caller to put in place once every batch is made; nil when the register
// there already is this job's.
func prepareRegister(open func(string) (*register.Register, error), path string, el *election.Election, rollPath, rollSHA string, r *packgen.Result, keep *kept) (*register.Prepared, error) {
	man := r.Manifest
	if reg, err := open(path); err == nil {
		defer reg.Close()
		if job := reg.Info().Job; job != man.Job {
			return nil, fmt.Errorf("%s is the register of job %s, not of this run's job %s: write to a new folder", path, job, man.Job)
		}
		return nil, nil
	} else if !errors.Is(err, register.ErrNotFound) {
		return nil, err
	}
	// The election file's path, made absolute, so that fonts it names
	// beside it are found again by later commands.
	src, b := el.Source, el.Bytes()
	if abs, err := filepath.Abs(src); err == nil && src != "default election" {
		src = abs
	}
	info := register.Info{Election: el.ID, Title: el.Title, ElectionFile: src, ElectionBytes: b, ElectionSHA256: el.SHA256,
		Job: man.Job, KeyID: man.KeyID, RollFile: filepath.Base(rollPath), RollSHA256: rollSHA, Tool: man.Tool, Created: now()}
	// Superseded packs and replacements of members in this run come along,
	// so their old codes stay SUPERSEDED.
	seq := map[string]int{}
	if len(keep.packs) > 0 {
		for row := range packgen.Rows(r.Batches) {
			seq[row.Member] = row.Seq
		}
	}
	packs := func(yield func(register.Pack) bool) {
		for row := range packgen.RowsByMember(r.Batches) {
			if !yield(register.Pack{Member: row.Member, Issue: row.Issue, Variant: row.Variant, Seq: row.Seq, Batch: row.Batch,
				BatchFile: row.File, FirstPage: row.FirstPage, LastPage: row.LastPage, LargePrint: row.LargePrint, Country: row.Country, Current: true}) {
				return
			}
		}
		for _, p := range keep.packs {
			if s, ok := seq[p.Member]; ok {
				p.Seq = s
				if !yield(p) {
					return
				}
			}
		}
	}
	var reps []register.Replacement
	for _, rep := range keep.reps {
		if _, ok := seq[rep.Member]; ok {
			reps = append(reps, rep)
		}
	}
	prep, err := register.Prepare(path, info, packs, reps)
	if err != nil {
		return nil, fmt.Errorf("writing the register: %w", err)
	}
	return prep, nil
}

// parseShard reads -shard i/n; "" is the whole run.
func parseShard(s string) (*packgen.Shard, error) {
	if s == "" {
		return nil, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || i < 1 || i > n {
		return nil, usageError(fmt.Sprintf("-shard %q: give i/n, shard i of n, with 1 <= i <= n", s), "-shard 1/3 is the first of three shards")
	}
	return &packgen.Shard{Index: i, Count: n}, nil
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
