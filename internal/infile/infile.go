// Package infile opens the small input files ballotpack trusts with its
// work, key files, election files and fonts, so that a wrong path cannot
// hang a run or exhaust its memory: a path that is not a regular file (a
// FIFO, a device such as /dev/zero, a folder, a socket) is refused before
// it is opened for reading, and a file is read only up to a limit.
package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular means a path names something other than a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge means a file holds more than the reader allows.
var ErrTooLarge = errors.New("too large")

// Open opens path for reading if it is a regular file (following
// symbolic links), and returns it with its information. The path is
// checked with os.Stat before it is opened, so that a FIFO or a device is
// never opened at all; it is opened non-blocking where the system has
// FIFOs, and checked again on the open file, so that a path swapped in
// between cannot hang the caller either. Errors wrap ErrNotRegular or the
// os error.
func Open(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := regular(path, fi); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := regular(path, fi); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// ReadFile returns the contents of the regular file at path, refusing,
// with an error wrapping ErrTooLarge, one of more than limit bytes: by its
// size before reading, and by what it holds while reading (a file that
// grows, or one whose size the system does not know).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, fi, limit)
}

// ReadAll reads f, opened by Open with information fi, up to limit bytes,
// as ReadFile does.
func ReadAll(f *os.File, fi fs.FileInfo, limit int64) ([]byte, error) {
	if fi.Size() > limit {
		return nil, &sayError{fmt.Sprintf("%s is %d bytes, more than the %s allowed", f.Name(), fi.Size(), Size(limit)), ErrTooLarge}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: f.Name(), Err: err}
	}
	if int64(len(b)) > limit {
		return nil, &sayError{fmt.Sprintf("%s holds more than the %s allowed", f.Name(), Size(limit)), ErrTooLarge}
	}
	return b, nil
}

// regular refuses fi unless it is a regular file, saying what it is.
func regular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return &sayError{fmt.Sprintf("%s is %s, not a regular file", path, Kind(fi.Mode())), ErrNotRegular}
}

// A sayError says msg and wraps err, a sentinel whose words it already
// holds.
type sayError struct {
	msg string
	err error
}

func (e *sayError) Error() string { return e.msg }
func (e *sayError) Unwrap() error { return e.err }

// Size is a limit of n bytes in words: "512 bytes", "4 KB", "16 MB"
// (powers of 1024, rounded down: for round limits).
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Kind says in words what a file of mode m is: "a folder", "a named pipe
// (FIFO)", "a character device", …, or "a regular file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}
