package packgen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/packgen/election"
)

// A Merge assembles the folders of a run's shards (generate -shard i/n)
// into the complete run's folder: ReadShards checks what their job.json
// files say, Verify checks the batches against them, Prepare the output
// folder, Assemble puts the batches, packs.csv and rejects.csv there, and
// Finish writes SHA256SUMS and job.json, marked complete. The caller puts
// the register in place between Assemble and Finish.
type Merge struct {
	// Manifest is the complete run's job.json: every batch, complete.
	Manifest *Manifest
	// Dirs are the shards' folders: shard i's at i-1.
	Dirs []string

	from   []string      // by batch number - 1: the shard folder holding it
	files  []os.FileInfo // by batch number - 1: the file Verify read
	shared [2]string     // SHA-256 of packs.csv and rejects.csv, alike in every shard
}

// MergeResult says what Assemble did with the batches.
type MergeResult struct {
	Linked, Copied, Kept int
}

// shared are the files every shard writes whole, as one run writes them.
var shared = [2]string{PacksFile, RejectsFile}

// ReadShards reads the job.json of each folder and checks that they are
// the shards of one job: the same job, inputs and totals, and the same n;
// every shard 1..n given once and finished; every batch of the run listed
// by the shard it belongs to and by no other, the batches' sequence numbers
// running on from one to the next; and packs.csv and rejects.csv the same
// in every folder. tool, when set, must be the version that made the
// shards, so that what Finish writes is what that version's generate
// writes.
func ReadShards(dirs []string, tool string) (*Merge, error) {
	if len(dirs) == 0 {
		return nil, errors.New("no shard folders given")
	}
	mans := make([]*Manifest, len(dirs))
	for i, dir := range dirs {
		man, err := readShardJob(dir)
		if err != nil {
			return nil, err
		}
		mans[i] = man
	}
	ref, refDir := mans[0], dirs[0]
	if tool != "" && ref.Tool != tool {
		return nil, fmt.Errorf("%s was made by %s, and this is %s: merge with the build that made the shards, so that the result is what it writes", refDir, ref.Tool, tool)
	}
	n, t := ref.Shard.Count, ref.Totals
	if t.Batches < 0 || t.Batches > t.Packs || t.Batches > 1_000_000 {
		return nil, fmt.Errorf("%s: job.json says the run has %d batches for %d packs", refDir, t.Batches, t.Packs)
	}
	refHead, err := jobHead(ref)
	if err != nil {
		return nil, err
	}
	m := &Merge{Dirs: make([]string, n), from: make([]string, ref.Totals.Batches), files: make([]os.FileInfo, ref.Totals.Batches)}
	entries := make([]BatchEntry, ref.Totals.Batches)
	for i, man := range mans {
		dir, s := dirs[i], man.Shard
		switch {
		case man.Job != ref.Job:
			return nil, fmt.Errorf("%s is %s of job %s, and %s of job %s: they are not shards of one run", dir, s, man.Job, refDir, ref.Job)
		case s.Count != n:
			return nil, fmt.Errorf("%s is %s, and %s is %s: every shard of a run is of the same n", dir, s, refDir, ref.Shard)
		case s.Index < 1 || s.Index > n:
			return nil, fmt.Errorf("%s: job.json says it is %s", dir, s)
		case m.Dirs[s.Index-1] != "":
			return nil, fmt.Errorf("%s and %s are both %s: give each shard's folder once", m.Dirs[s.Index-1], dir, s)
		}
		m.Dirs[s.Index-1] = dir
		if head, err := jobHead(man); err != nil || !bytes.Equal(head, refHead) {
			return nil, fmt.Errorf("%s and %s are shards of job %s, but their job.json files differ beyond their batches", dir, refDir, ref.Job)
		}
		for _, e := range man.Batches {
			k, ok := batchNumber(e)
			switch {
			case !ok:
				return nil, fmt.Errorf("%s: job.json lists %q, which is not a batch's file name", dir, e.File)
			case k > len(entries):
				return nil, fmt.Errorf("%s: job.json lists %s, but the run has %d batches", dir, e.File, len(entries))
			case !s.Has(k):
				return nil, fmt.Errorf("%s: job.json lists %s, which is shard %d's, not %s's", dir, e.File, (k-1)%n+1, s)
			case m.from[k-1] != "":
				return nil, fmt.Errorf("%s: job.json lists %s twice", dir, e.File)
			}
			entries[k-1], m.from[k-1] = e, dir
		}
	}
	var missing []string
	for i, d := range m.Dirs {
		if d == "" {
			missing = append(missing, strconv.Itoa(i+1))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s of %d missing: give every shard's folder (%d of %d given)", strings.Join(missing, ", "), n, len(dirs), n)
	}
	packs, pages, seq := 0, 0, 0
	for k, e := range entries {
		if m.from[k] == "" {
			return nil, fmt.Errorf("batch %d is in no shard's job.json (it is shard %d's, %s)", k+1, k%n+1, m.Dirs[k%n])
		}
		if e.FirstSeq != seq+1 || e.LastSeq-e.FirstSeq+1 != e.Packs {
			return nil, fmt.Errorf("%s: job.json gives %s sequence numbers %d to %d, for %d packs after number %d", m.from[k], e.File, e.FirstSeq, e.LastSeq, e.Packs, seq)
		}
		packs, pages, seq = packs+e.Packs, pages+e.Pages, e.LastSeq
	}
	if packs != t.Packs || pages != t.Pages {
		return nil, fmt.Errorf("the shards' batches hold %d packs on %d pages, but their job.json totals say %d on %d", packs, pages, t.Packs, t.Pages)
	}
	for j, name := range shared {
		for _, dir := range m.Dirs {
			sum, err := FileSHA256(filepath.Join(dir, name))
			if err != nil {
				return nil, err
			}
			if m.shared[j] == "" {
				m.shared[j] = sum
			} else if sum != m.shared[j] {
				return nil, fmt.Errorf("%s differs from %s: every shard writes the whole run's", filepath.Join(dir, name), filepath.Join(m.Dirs[0], name))
			}
		}
	}
	man := *ref
	man.Complete, man.Shard, man.Batches = true, nil, entries
	m.Manifest = &man
	return m, nil
}

// readShardJob reads a shard's job.json, refusing a field this version
// does not know (so nothing is lost in the complete run's).
func readShardJob(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, JobFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s holds no %s: it is not a folder that generate -shard wrote", dir, JobFile)
	}
	if err != nil {
		return nil, err
	}
	var man Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&man); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, JobFile), err)
	}
	switch {
	case man.Shard == nil:
		return nil, fmt.Errorf("%s holds %s of job %s, not a shard: merge-shards takes the folders that generate -shard i/n wrote", dir, runName(nil), man.Job)
	case !man.Shard.Done:
		return nil, fmt.Errorf("%s: %s of job %s is not finished: run its generate again, the same command, to finish it", dir, man.Shard, man.Job)
	case man.Shard.Count < 1:
		return nil, fmt.Errorf("%s: job.json says it is %s", dir, man.Shard)
	}
	return &man, nil
}

// jobHead is what every shard's job.json holds alike: all but its batches
// and which shard it is.
func jobHead(m *Manifest) ([]byte, error) {
	h := *m
	h.Complete, h.Shard, h.Batches = false, nil, nil
	return json.Marshal(&h)
}

var batchFile = regexp.MustCompile(`^batch-([0-9]{4,9})(-[a-z]+)?(-large-print)?\.pdf$`)

// batchNumber is the number of the batch e names, if its file name is
// one a batch of its stream and print has (never a path).
func batchNumber(e BatchEntry) (int, bool) {
	m := batchFile.FindStringSubmatch(e.File)
	if m == nil || (m[3] != "") != e.LargePrint || !slices.Contains(election.Streams, e.Stream) {
		return 0, false
	}
	k, err := strconv.Atoi(m[1])
	if err != nil || k < 1 || (&Batch{Number: k, Stream: e.Stream, LargePrint: e.LargePrint}).File() != e.File {
		return 0, false
	}
	return k, true
}

// Verify reads every batch in its shard's folder and checks its size and
// SHA-256 against the shard's job.json, workers at a time. progress, when
// set, is called after each batch with the batches done.
func (m *Merge) Verify(ctx context.Context, workers int, progress func(done, total int)) error {
	return m.each(ctx, workers, progress, func(k int) error {
		e := m.Manifest.Batches[k]
		path := filepath.Join(m.from[k], e.File)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		if sum := hex.EncodeToString(h.Sum(nil)); n != e.Bytes || sum != e.SHA256 {
			return fmt.Errorf("%s has %d bytes, SHA-256 %.12s…, but %s records %d bytes, SHA-256 %.12s…: it was changed or damaged since its shard made it; run that shard's generate again, which makes it anew",
				path, n, sum, filepath.Join(m.from[k], JobFile), e.Bytes, e.SHA256)
		}
		m.files[k] = st
		return nil
	})
}

// each runs f on every batch index, workers at a time, and returns the
// first error.
func (m *Merge) each(ctx context.Context, workers int, progress func(done, total int), f func(k int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var first error
	done := 0
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(m.from))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				err := f(k)
				mu.Lock()
				if err != nil && first == nil {
					first = err
					cancel()
				}
				done++
				if err == nil && progress != nil {
					progress(done, len(m.from))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for k := range m.from {
		select {
		case work <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// lockFile is generate's lock in its output folder, which an empty
// folder may hold.
const lockFile = ".ballotpack.lock"

// Prepare makes the output folder, mode 0700, or checks the one there: it
// must be empty, or this job's complete run's folder (the same merge run
// again, or after an interruption). It must not be a shard's folder.
func (m *Merge) Prepare(out string) error {
	for i, dir := range m.Dirs {
		if sameDir(out, dir) {
			return fmt.Errorf("%s is shard %d's folder: merge into a folder of its own", out, i+1)
		}
	}
	if err := outfile.Folder(out, 0o700); err != nil {
		return err
	}
	names, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	names = slices.DeleteFunc(names, func(e fs.DirEntry) bool { return e.Name() == lockFile })
	if len(names) == 0 {
		return os.Chmod(out, 0o700)
	}
	var man Manifest
	b, err := os.ReadFile(filepath.Join(out, JobFile))
	if err == nil && json.Unmarshal(b, &man) == nil && man.Job == m.Manifest.Job && man.Shard == nil {
		return nil
	}
	what := fmt.Sprintf("holds %d files", len(names))
	if man.Job != "" {
		what = fmt.Sprintf("holds %s of job %s", runName(man.Shard), man.Job)
	}
	return fmt.Errorf("%s %s, and the shards are of job %s: merge into a new or empty folder", out, what, m.Manifest.Job)
}

func sameDir(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// Assemble puts the complete run in out, which Prepare made: job.json,
// marked not complete, first, then every batch, hard-linked to its
// shard's file where out is on the same file system and that file is the
// one Verify read, copied otherwise (through a temporary name, synced and
// renamed, checked against its SHA-256 as it is copied); a batch already
// there intact is kept. Then packs.csv and rejects.csv.
func (m *Merge) Assemble(ctx context.Context, out string, workers int, progress func(done, total int)) (*MergeResult, error) {
	partial := *m.Manifest
	partial.Complete, partial.Batches = false, nil
	if err := writeJob(out, &partial); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	res := &MergeResult{}
	err := m.each(ctx, workers, progress, func(k int) error {
		e := m.Manifest.Batches[k]
		src, dst := filepath.Join(m.from[k], e.File), filepath.Join(out, e.File)
		count := &res.Copied
		if st, err := os.Lstat(dst); err == nil && (os.SameFile(st, m.files[k]) || intact(dst, e)) {
			count = &res.Kept
		} else if linked, err := m.place(src, dst, e, m.files[k]); err != nil {
			return err
		} else if linked {
			count = &res.Linked
		}
		mu.Lock()
		*count++
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for j, name := range shared {
		src := filepath.Join(m.Dirs[0], name)
		if err := copyChecked(src, filepath.Join(out, name), outfile.Private, -1, m.shared[j]); err != nil {
			return nil, err
		}
	}
	return res, syncDir(out)
}

// place puts the batch src at dst: a hard link if it can, a copy if not.
func (m *Merge) place(src, dst string, e BatchEntry, read os.FileInfo) (linked bool, err error) {
	if read.Mode().Perm() == outfile.Private {
		if tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*"); err == nil {
			name := tmp.Name()
			tmp.Close()
			os.Remove(name)
			if err := os.Link(src, name); err == nil {
				defer os.Remove(name)
				// The link must be to the file Verify read, not to one put
				// in its place since.
				if st, err := os.Lstat(name); err == nil && os.SameFile(st, read) {
					return true, os.Rename(name, dst)
				}
			}
		}
	}
	return false, copyChecked(src, dst, outfile.Private, e.Bytes, e.SHA256)
}

// copyChecked copies src to dst through outfile.Write, failing unless what
// was copied has the SHA-256 sum (and, unless size is -1, size bytes).
func copyChecked(src, dst string, perm os.FileMode, size int64, sum string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = outfile.Write(dst, perm, nil, func(w io.Writer) error {
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), f)
		if err == nil && (size >= 0 && n != size || hex.EncodeToString(h.Sum(nil)) != sum) {
			err = fmt.Errorf("%s changed while it was copied", src)
		}
		return err
	})
	return err
}

// Finish writes SHA256SUMS, TICKET.txt and then job.json, complete: the
// last file of the complete run.
func (m *Merge) Finish(out string) error {
	if err := writeSums(out, m.Manifest.Batches); err != nil {
		return err
	}
	if err := writeTicket(out, m.Manifest); err != nil {
		return err
	}
	if err := writeJob(out, m.Manifest); err != nil {
		return err
	}
	return syncDir(out)
}

// FileSHA256 is the SHA-256 of the file at path, in hex, read as a stream.
func FileSHA256(path string) (string, error) {
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

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
