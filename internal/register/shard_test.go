package register

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// newShard writes a shard's register of members packs in a folder of its
// own, made at created.
func newShard(t *testing.T, members int, created time.Time) string {
	t.Helper()
	var packs []Pack
	for i := range members {
		packs = append(packs, Pack{Member: fmt.Sprintf("M%04d", i), Issue: 1, Seq: i + 1, Batch: 1, BatchFile: "batch-0001.pdf",
			FirstPage: 2*i + 1, LastPage: 2*i + 2, Country: "United Kingdom", Current: true})
	}
	info := testInfo()
	info.Created = created
	path := filepath.Join(t.TempDir(), ShardFile)
	if err := Create(path, info, slices.Values(packs), nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestShardFolderRefused(t *testing.T) {
	path := newShard(t, 3, testInfo().Created)
	dir := filepath.Dir(path)
	for _, arg := range []string{dir, filepath.Join(dir, File), path} {
		for name, open := range map[string]func(string) (*Register, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
			r, err := open(arg)
			if err == nil {
				r.Close()
			}
			if !errors.Is(err, ErrShard) || !strings.Contains(err.Error(), "merge-shards") {
				t.Errorf("%s(%s): %v, want ErrShard", name, arg, err)
			}
		}
	}
	// OpenShard reads it and leaves nothing beside it.
	r, err := OpenShard(path)
	if err != nil {
		t.Fatal(err)
	}
	if packs, err := r.Packs(); err != nil || len(packs) != 3 {
		t.Errorf("Packs: %d, %v", len(packs), err)
	}
	r.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("OpenShard left files beside the register: %v", entries)
	}
	if _, err := OpenShard(newRegister(t, 1)); err == nil {
		t.Error("OpenShard opened a register not named " + ShardFile)
	}
}

func TestMergeShards(t *testing.T) {
	early, late := testInfo().Created, testInfo().Created.Add(time.Hour)
	a, b, c := newShard(t, 3, late), newShard(t, 3, early), newShard(t, 3, late)
	out := filepath.Join(t.TempDir(), File)
	pick, alike, err := MergeShards(out, []string{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	if pick != 1 || alike {
		t.Errorf("picked shard %d, alike %v; want 1, the one made first, not alike", pick, alike)
	}
	if got, want := must(os.ReadFile(out)), must(os.ReadFile(b)); !bytes.Equal(got, want) {
		t.Error("the merged register is not a copy of the one picked")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", st.Mode().Perm())
	}
	if _, alike, err := MergeShards(filepath.Join(t.TempDir(), File), []string{a, c}); err != nil || !alike {
		t.Errorf("two registers alike: alike %v, %v", alike, err)
	}
	if _, _, err := MergeShards(out, []string{a, c}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("merge over an existing register: %v", err)
	}
	r, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()

	other := newShard(t, 4, early)
	if _, _, err := MergeShards(filepath.Join(t.TempDir(), File), []string{a, other}); err == nil || !strings.Contains(err.Error(), "its packs differ") {
		t.Errorf("shards with other packs: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
