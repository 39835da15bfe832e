//go:build unix

package infile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test if f takes longer than a few seconds, so that a
// regression that blocks on a FIFO fails instead of hanging the suite.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("still blocked after 10 s")
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("hello"), 0o600)
	link := filepath.Join(dir, "link")
	os.Symlink(small, link)
	fifo := filepath.Join(dir, "fifo")
	fifoErr := syscall.Mkfifo(fifo, 0o600)

	for _, path := range []string{small, link} {
		b, err := ReadFile(path, 5)
		if err != nil || string(b) != "hello" {
			t.Errorf("ReadFile(%s, 5) = %q, %v", path, b, err)
		}
	}
	cases := []struct {
		name, path string
		limit      int64
		want       error
		msg        string
	}{
		{"over the limit", small, 4, ErrTooLarge, "small is 5 bytes, more than the 4 bytes allowed"},
		{"folder", dir, 1 << 20, ErrNotRegular, "is a folder, not a regular file"},
		{"dev/zero", "/dev/zero", 1 << 20, ErrNotRegular, "/dev/zero is a character device"},
		{"fifo", fifo, 1 << 20, ErrNotRegular, "fifo is a named pipe (FIFO)"},
		{"missing", filepath.Join(dir, "nope"), 1, os.ErrNotExist, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.path == fifo && fifoErr != nil {
				t.Skip("no FIFOs here:", fifoErr)
			}
			if _, err := os.Stat(c.path); c.want != os.ErrNotExist && err != nil {
				t.Skip(err)
			}
			within(t, func() {
				_, err := ReadFile(c.path, c.limit)
				if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
					t.Errorf("got %v, want %v containing %q", err, c.want, c.msg)
				}
			})
		})
	}
}

// A file that says it is empty but holds more than the limit (as files in
// /proc do) is cut off while read.
func TestReadAllCountsWhatItReads(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip(err)
	}
	_, err := ReadFile("/proc/self/status", 10)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "holds more than the 10 bytes allowed") {
		t.Errorf("got %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 4096: "4 KB", 32 << 20: "32 MB", 1<<20 + 1: "1 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
