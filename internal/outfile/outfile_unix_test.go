//go:build unix

package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// wantType fails unless path is still of the type typ (fs.ModeCharDevice,
// fs.ModeNamedPipe…), not replaced by a regular file.
func wantType(t *testing.T, path string, typ fs.FileMode) {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Type()&typ != typ {
		t.Errorf("%s is now %v, want %v", path, st.Mode().Type(), typ)
	}
}

func TestFIFO(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	content := strings.Repeat("through the pipe\n", 10000) // more than a pipe holds
	n, err := Write(path, Private, nil, writeString(content))
	if err != nil || n != int64(len(content)) {
		t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(content))
	}
	if s := <-got; s != content {
		t.Errorf("the reader got %d bytes, want %d", len(s), len(content))
	}
	wantType(t, path, fs.ModeNamedPipe)
	noTemp(t, dir)
}

func TestCharDevices(t *testing.T) {
	const null = "/dev/null"
	if st, err := os.Lstat(null); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Skipf("no character device %s here", null)
	}
	if err := Check(null); err != nil {
		t.Errorf("Check(%s): %v", null, err)
	}
	n, err := Write(null, Private, nil, writeString("gone"))
	if err != nil || n != 4 {
		t.Errorf("Write(%s) = %d, %v; want 4, nil", null, n, err)
	}
	wantType(t, null, fs.ModeCharDevice)

	// A link to a device is followed: -o /dev/stdout works.
	link := filepath.Join(t.TempDir(), "out.csv")
	os.Symlink(null, link)
	if _, err := Write(link, Private, nil, writeString("gone")); err != nil {
		t.Errorf("Write through a link to %s: %v", null, err)
	}
	wantType(t, link, fs.ModeSymlink)

	// /dev/full: every write fails with ENOSPC, which must be reported,
	// and the device must still be there after.
	const full = "/dev/full"
	if st, err := os.Lstat(full); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Skipf("no character device %s here (Linux has one)", full)
	}
	_, err = Write(full, Private, nil, writeString("no room"))
	if !errors.Is(err, syscall.ENOSPC) || err.Error() != "writing /dev/full: no space left on device" {
		t.Errorf("Write(%s): %v, want ENOSPC, said once", full, err)
	}
	wantType(t, full, fs.ModeCharDevice)
}

// TestProcFD writes through /proc/self/fd/N, a link to a pipe: what
// /dev/stdout is when standard output is a pipe.
func TestProcFD(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	path := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
	if _, err := os.Lstat(path); err != nil {
		w.Close()
		t.Skipf("no %s here: %v", path, err)
	}
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	_, err = Write(path, Private, nil, writeString("to the pipe"))
	w.Close()
	if err != nil {
		t.Fatalf("Write(%s): %v", path, err)
	}
	if s := <-got; s != "to the pipe" {
		t.Errorf("read %q from the pipe", s)
	}
}

func TestOtherUsersFile(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a file owned by another user needs root (chown)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "theirs.csv")
	os.WriteFile(path, []byte("theirs"), 0o644)
	if err := os.Chown(path, 65534, 65534); err != nil { // nobody
		t.Skipf("cannot give a file to user 65534: %v", err)
	}
	wantRefused(t, Check(path), path, "belongs to another user (")
	_, err := Write(path, Private, nil, writeString("mine"))
	wantRefused(t, err, path, "belongs to another user (")
	wantFile(t, path, "theirs", 0o644)
	// Nor through a link beside it.
	link := filepath.Join(dir, "latest.csv")
	os.Symlink("theirs.csv", link)
	_, err = Write(link, Private, nil, writeString("mine"))
	wantRefused(t, err, link, "is a symbolic link to theirs.csv, which belongs to another user")
	wantFile(t, path, "theirs", 0o644)
	noTemp(t, dir)
}

func TestSocket(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Skipf("cannot make a socket here: %v", err)
	}
	defer l.Close()
	_, err = Write(path, Private, nil, writeString("x"))
	wantRefused(t, err, path, "is a socket, not a file")
	wantType(t, path, fs.ModeSocket)
}

func TestBlockDevice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "disk")
	// A device node of its own, if this system lets us make one (root,
	// outside most containers); else one that /dev has, which is only
	// checked, never written.
	if err := syscall.Mknod(path, syscall.S_IFBLK|0o600, 0); err != nil {
		path = ""
		names, _ := os.ReadDir("/dev")
		for _, n := range names {
			if n.Type()&fs.ModeDevice != 0 && n.Type()&fs.ModeCharDevice == 0 {
				path = filepath.Join("/dev", n.Name())
				break
			}
		}
		if path == "" {
			t.Skipf("cannot make a block device (%v) and /dev has none", err)
		}
		wantRefused(t, Check(path), path, "is a block device")
		return
	}
	_, err := Write(path, Private, nil, writeString("x"))
	wantRefused(t, err, path, "is a block device")
	wantType(t, path, fs.ModeDevice)
}

func TestFolderNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may make files in any folder")
	}
	dir := filepath.Join(t.TempDir(), "locked")
	os.Mkdir(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	path := filepath.Join(dir, "out.csv")
	_, err := Write(path, Private, nil, writeString("x"))
	wantRefused(t, err, path, "you may not make files in the folder "+dir)
}
