//go:build unix

package election

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Fonts and election files that are not regular files, or are too large,
// are refused without being read: before, /dev/zero ran out of memory and
// a FIFO blocked for ever.
func TestFilesNotRegularOrTooLarge(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "font.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	huge := filepath.Join(dir, "huge.ttf")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxFontBytes + 1) // sparse: nothing written
	f.Close()
	path := filepath.Join(dir, "e.yaml")
	for _, c := range []struct{ font, want string }{
		{fifo, "fonts.regular: " + fifo + " is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "fonts.regular: /dev/zero is a character device, not a regular file"},
		{dir, "fonts.regular: " + dir + " is a folder, not a regular file"},
		{huge, "fonts.regular: " + huge + " is 33554433 bytes, more than the 32 MB allowed"},
	} {
		os.WriteFile(path, []byte(minimal+"fonts:\n  regular: "+c.font+"\n"), 0o644)
		inTime(t, c.font, func() {
			if _, err := Load(path); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("font %s: got %v, want …%s…", c.font, err, c.want)
			}
		})
	}
	efifo := filepath.Join(dir, "election.fifo")
	syscall.Mkfifo(efifo, 0o600)
	for _, p := range []string{efifo, "/dev/zero"} {
		inTime(t, p, func() {
			if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("election file %s: got %v", p, err)
			}
		})
	}
}
