package register

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// ShardFile is the name under which a shard of a split generate run
// (generate -shard i/n) keeps its register. Its bytes are those of the
// register one run writes, but it is not File, and its name does not end in
// .db: no command, of this version or an older one, opens a shard's folder
// or this file as an election register, so no ballot paper is scanned into
// a register that merge-shards would then leave behind.
const ShardFile = "shard-register.sqlite"

// ErrShard is wrapped by the error for a shard's folder given as a register.
var ErrShard = errors.New("merge the shards with 'ballotpack merge-shards -out DIST SHARD-DIR…' and use DIST")

func shardError(dir string) error {
	return fmt.Errorf("%s is one shard of a generate run split with -shard, not a complete run: %w", dir, ErrShard)
}

// isShard says whether dir holds a shard's register.
func isShard(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ShardFile))
	return err == nil
}

// OpenShard opens the register a shard wrote (its ShardFile), read-only and
// without writing anything beside it.
func OpenShard(path string) (*Register, error) {
	if filepath.Base(path) != ShardFile {
		return nil, fmt.Errorf("%s is not a shard's register (%s)", path, ShardFile)
	}
	return open(path, immutable)
}

// MergeShards writes at path the register of a complete run from the
// registers its shards wrote (each one the whole run's register, under
// ShardFile). They must hold the same election, job, key, roll, tool,
// packs and replacements, and no scans, imports or reconciliations; they
// may differ only in when each was made and the path the election file was
// read from. The one made first (of those, the first given) is copied byte
// for byte, so with SOURCE_DATE_EPOCH set alike for every shard the result
// is the register one run writes. It returns that one's index in shards,
// and whether all were alike byte for byte. It never replaces a file at
// path.
func MergeShards(path string, shards []string) (pick int, alike bool, err error) {
	if pick, alike, err = CompareShards(shards); err != nil {
		return 0, false, err
	}
	return pick, alike, copyNew(shards[pick], path)
}

// CompareShards checks that the shards' registers hold the same run, as
// MergeShards does, without writing anything; it returns the one made
// first and whether they are byte for byte alike.
func CompareShards(shards []string) (pick int, alike bool, err error) {
	if len(shards) == 0 {
		return 0, false, errors.New("no shard registers given")
	}
	var want *runContents
	alike = true
	for i, s := range shards {
		got, err := readRun(s)
		if err != nil {
			return 0, false, err
		}
		if want == nil {
			want = got
			continue
		}
		if err := want.same(got); err != nil {
			return 0, false, fmt.Errorf("%s and %s hold registers of different runs (one of them was changed or comes from another run): %w", shards[0], s, err)
		}
		alike = alike && got.sum == want.sum
		if got.info.Created.Before(want.info.Created) {
			want.info.Created, pick = got.info.Created, i
		}
	}
	return pick, alike, nil
}

// runContents is what a shard's register holds.
type runContents struct {
	sum   string // SHA-256 of the file
	info  Info
	packs []Pack
	reps  []Replacement
}

func readRun(path string) (*runContents, error) {
	r, err := OpenShard(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rc := &runContents{info: r.info}
	rc.sum, err = fileSHA256(path)
	var used int
	if err == nil {
		err = r.db.QueryRow(`SELECT (SELECT count(*) FROM scans) + (SELECT count(*) FROM imports) + (SELECT count(*) FROM reconciliations)`).Scan(&used)
	}
	if err == nil && used > 0 {
		err = errors.New("it holds scans, imports or reconciliations: it was used as an election register")
	}
	if err == nil {
		rc.packs, err = r.Packs()
	}
	if err == nil {
		rc.reps, err = r.Replacements()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rc, nil
}

// same reports how o differs from rc as the register of one run.
func (rc *runContents) same(o *runContents) error {
	a, b := rc.info, o.info
	switch {
	case a.Job != b.Job:
		return fmt.Errorf("it is job %s's, not job %s's", b.Job, a.Job)
	case a.Election != b.Election || a.Title != b.Title || a.ElectionSHA256 != b.ElectionSHA256 || string(a.ElectionBytes) != string(b.ElectionBytes):
		return errors.New("its election file differs")
	case a.KeyID != b.KeyID:
		return fmt.Errorf("its key is %s, not %s", b.KeyID, a.KeyID)
	case a.RollFile != b.RollFile || a.RollSHA256 != b.RollSHA256:
		return errors.New("its roll differs")
	case a.Tool != b.Tool:
		return fmt.Errorf("it was made by %s, not %s", b.Tool, a.Tool)
	case a.Station != b.Station:
		return errors.New("one of them is a station's copy")
	case !slices.Equal(rc.packs, o.packs):
		return errors.New("its packs differ")
	case !slices.EqualFunc(rc.reps, o.reps, func(x, y Replacement) bool {
		return x.Member == y.Member && x.Issue == y.Issue && x.Variant == y.Variant && x.Replaced == y.Replaced &&
			x.Reason == y.Reason && x.By == y.By && x.At.Equal(y.At) && x.File == y.File
	}):
		return errors.New("its replacements differ")
	}
	return nil
}

// copyNew copies the file src to dst, which must not exist: through a
// temporary file in dst's folder, synced, linked into place (never
// replacing a file that appeared meanwhile), mode 0600.
func copyNew(src, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s already exists", dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".new-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = io.Copy(f, in)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp, dst)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	return syncFile(filepath.Dir(dst))
}
