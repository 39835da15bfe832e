package outfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// noTemp fails if a temporary file was left in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	names, _ := os.ReadDir(dir)
	for _, n := range names {
		if strings.Contains(n.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", n.Name())
		}
	}
}

func wantFile(t *testing.T, path, content string, perm fs.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != content {
		t.Errorf("%s holds %q, want %q", path, b, content)
	}
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Mode().IsRegular() || st.Mode().Perm() != perm {
		t.Errorf("%s has mode %v, want a regular file, %04o", path, st.Mode(), perm)
	}
}

// wantRefused fails unless err is an *Error about path whose message has
// want in it, with a hint.
func wantRefused(t *testing.T, err error, path, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if e.Path != path || !strings.HasPrefix(err.Error(), path+" ") || !strings.Contains(err.Error(), want) || e.Hint == "" {
		t.Errorf("got %q (path %q, hint %q), want %q about %s, with a hint", err, e.Path, e.Hint, want, path)
	}
}

func TestNewFile(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		perm fs.FileMode
	}{{"private.csv", Private}, {"public.txt", Public}} {
		path := filepath.Join(dir, c.name)
		if err := Check(path); err != nil {
			t.Fatalf("Check(%s): %v", c.name, err)
		}
		if _, err := os.Lstat(path); err == nil {
			t.Fatalf("Check made %s", c.name)
		}
		n, err := Write(path, c.perm, nil, writeString("hello\n"))
		if err != nil || n != 6 {
			t.Fatalf("Write(%s) = %d, %v; want 6, nil", c.name, n, err)
		}
		wantFile(t, path, "hello\n", c.perm)
	}
	noTemp(t, dir)
}

func TestReplaceOwnFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rejects.csv")
	os.WriteFile(path, []byte("old"), 0o644)
	before, _ := os.Stat(path)
	if _, err := Write(path, Private, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	wantFile(t, path, "new", Private) // 0644 before: personal data is 0600 now
	after, _ := os.Stat(path)
	if os.SameFile(before, after) {
		t.Error("the file was rewritten in place, not replaced by a new one")
	}
	noTemp(t, dir)
}

func TestFailedWriteKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "packs.csv")
	os.WriteFile(path, []byte("old"), 0o600)
	boom := errors.New("boom")
	_, err := Write(path, Private, nil, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want boom, naming %s", err, path)
	}
	wantFile(t, path, "old", 0o600)
	noTemp(t, dir)

	_, err = Write(filepath.Join(dir, "new.csv"), Private, nil, func(io.Writer) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want boom", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "new.csv")); err == nil {
		t.Error("a failed write left a file")
	}
	noTemp(t, dir)
}

func TestStdout(t *testing.T) {
	var b bytes.Buffer
	if n, err := Write("-", Private, &b, writeString("to stdout")); err != nil || n != 9 || b.String() != "to stdout" {
		t.Errorf("Write(-) = %d, %v, wrote %q", n, err, b.String())
	}
	_, err := Write("-", Private, nil, writeString("x"))
	wantRefused(t, err, "-", "standard output")
}

func TestRefused(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "out")
	os.Mkdir(folder, 0o700)
	readOnly := filepath.Join(dir, "kept.csv")
	os.WriteFile(readOnly, []byte("kept"), 0o444)
	notFolder := filepath.Join(dir, "file")
	os.WriteFile(notFolder, nil, 0o600)
	for _, c := range []struct {
		name, path, want string
	}{
		{"folder", folder, "is a folder, not a file"},
		{"read-only file", readOnly, "is read-only (mode 0444)"},
		{"no folder", filepath.Join(dir, "missing", "x.csv"), "there is no folder " + filepath.Join(dir, "missing")},
		{"file as folder", filepath.Join(notFolder, "x.csv"), notFolder + " is a file, not a folder"},
		{"empty name", "", "is not a file name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if path == "" {
				path = `""`
			}
			wantRefused(t, Check(c.path), path, c.want)
			_, err := Write(c.path, Private, nil, writeString("x"))
			wantRefused(t, err, path, c.want)
		})
	}
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		t.Error("the folder is gone")
	}
	wantFile(t, readOnly, "kept", 0o444)
	noTemp(t, dir)
}

func TestSymlinks(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	inside := filepath.Join(dir, "rejects-1.csv")
	os.WriteFile(inside, []byte("old"), 0o644)
	outside := filepath.Join(other, "someone-else.csv")
	os.WriteFile(outside, []byte("theirs"), 0o644)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	os.WriteFile(filepath.Join(sub, "deeper.csv"), []byte("deeper"), 0o644)
	link := func(name, to string) string {
		path := filepath.Join(dir, name)
		if err := os.Symlink(to, path); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
		return path
	}

	// A link to a file in its own folder: the file is replaced, the link kept.
	latest := link("latest.csv", "rejects-1.csv")
	if _, err := Write(latest, Private, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	wantFile(t, inside, "new", Private)
	if to, err := os.Readlink(latest); err != nil || to != "rejects-1.csv" {
		t.Errorf("the link now leads to %q (%v), want rejects-1.csv", to, err)
	}
	// The same by an absolute link, written by a relative path.
	link("abs.csv", inside)
	t.Chdir(dir)
	if _, err := Write("abs.csv", Private, nil, writeString("newer")); err != nil {
		t.Fatal(err)
	}
	wantFile(t, inside, "newer", Private)

	for _, c := range []struct {
		name, to, want string
	}{
		{"out of the folder", outside, "is a symbolic link to " + outside + ", outside its folder"},
		{"into a subfolder", "sub/deeper.csv", "outside its folder"},
		{"relative, out of the folder", must(filepath.Rel(dir, outside)), "outside its folder"},
		{"to nothing", "missing.csv", "is a symbolic link to missing.csv, which does not exist"},
		{"to a folder", "sub", "is a symbolic link to sub, which is a folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := link(strings.ReplaceAll(c.name, " ", "-")+".csv", c.to)
			wantRefused(t, Check(path), path, c.want)
			_, err := Write(path, Private, nil, writeString("x"))
			wantRefused(t, err, path, c.want)
			if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v", err)
			}
		})
	}
	wantFile(t, outside, "theirs", 0o644)
	wantFile(t, filepath.Join(sub, "deeper.csv"), "deeper", 0o644)
	if _, err := os.Lstat(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("a dangling link's target was made")
	}
	noTemp(t, dir)
}

func TestChangedWhileWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	os.WriteFile(path, []byte("old"), 0o600)
	_, err := Write(path, Private, nil, func(w io.Writer) error {
		os.Remove(path)
		os.WriteFile(path, []byte("someone else's"), 0o600)
		return nil
	})
	wantRefused(t, err, path, "changed while it was being written")
	wantFile(t, path, "someone else's", 0o600)

	fresh := filepath.Join(dir, "fresh.csv")
	_, err = Write(fresh, Private, nil, func(w io.Writer) error {
		return os.WriteFile(fresh, []byte("made meanwhile"), 0o600)
	})
	wantRefused(t, err, fresh, "changed while it was being written")
	wantFile(t, fresh, "made meanwhile", 0o600)
	noTemp(t, dir)
}
