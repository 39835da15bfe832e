package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolder: an output folder is made, or refused with what is there and
// what to do (found in review: generate -out FILE said only "mkdir FILE:
// not a directory").
func TestFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	made := filepath.Join(dir, "a", "b")
	if err := Folder(made, 0o700); err != nil {
		t.Fatalf("new folder: %v", err)
	}
	if fi, err := os.Stat(made); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("new folder: %v, %v", fi, err)
	}
	if entries, _ := os.ReadDir(made); len(entries) != 0 {
		t.Errorf("the folder holds %d entries after the check, want none", len(entries))
	}
	if err := Folder(made, 0o700); err != nil {
		t.Errorf("existing folder: %v", err)
	}
	for _, tc := range []struct{ path, problem string }{
		{file, "is a file, not a folder"},
		{"/dev/null", "is a device, not a folder"},
		{filepath.Join(file, "out"), "cannot be made: " + file + " is a file, not a folder"},
		{filepath.Join(file, "x", "out"), "cannot be made: " + file + " is a file, not a folder"},
		{"/proc/ballotpack-test", "cannot be made: /proc cannot hold new folders"},
		{"", "is not a folder name"},
	} {
		err := Folder(tc.path, 0o700)
		var oe *Error
		if !errors.As(err, &oe) || !strings.Contains(oe.Problem, tc.problem) || oe.Hint == "" {
			t.Errorf("Folder(%q) = %v, want an *Error saying %q, with a hint", tc.path, err, tc.problem)
		}
	}
	if os.Geteuid() != 0 { // root may write anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o500)
		var oe *Error
		if err := Folder(ro, 0o700); !errors.As(err, &oe) || !strings.Contains(oe.Problem, "permission denied in "+ro) {
			t.Errorf("read-only folder: %v", err)
		}
	}
}
