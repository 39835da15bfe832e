//go:build unix

package codes

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/internal/infile"
)

// A FIFO or a device given as the key file is refused at once: it neither
// blocks waiting for a writer nor reads without end.
func TestReadKeyFileNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "key.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 1)
		go func() { _, err := ReadKeyFile(path, true); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, infile.ErrNotRegular) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: got %v, want an error naming it, wrapping infile.ErrNotRegular", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: ReadKeyFile still blocked after 10 s", path)
		}
	}
}
