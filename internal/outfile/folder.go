package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Folder makes path, a folder a command writes its output in, if it is not
// there yet (with mode perm, and any folders above it that are missing),
// and checks that files can be made in it. Every refusal is an *Error
// saying what is at path and what to do: a file or a device where the
// folder should be, a folder above it that is a file or cannot be made,
// or a folder this user may not write in.
func Folder(path string, perm fs.FileMode) error {
	if path == "" {
		return &Error{Path: `""`, Problem: "is not a folder name", Hint: "name the folder to write in"}
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && !fi.IsDir():
		what := "a file"
		if !fi.Mode().IsRegular() {
			what = fmt.Sprintf("a %s", kindName(fi.Mode()))
		}
		return &Error{Path: path, Problem: "is " + what + ", not a folder", Hint: "name a folder to write the output in: a new one, or one of this run's"}
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(path, perm); err != nil {
			return folderError(path, err)
		}
	case err != nil:
		return folderError(path, err)
	}
	// Files can be made in it (a folder of another user's, a read-only
	// file system): found now, not at the first file.
	f, err := os.CreateTemp(path, ".ballotpack-probe-*")
	if err != nil {
		return folderError(path, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// folderError explains why folder path could not be made or written in.
func folderError(path string, err error) error {
	var pe *fs.PathError
	at := path
	if errors.As(err, &pe) {
		at = pe.Path
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: path, Problem: "cannot be written: permission denied in " + filepath.Dir(filepath.Clean(at)),
			Hint: "name a folder you may write in (under your home folder, say)"}
	case errors.Is(err, fs.ErrNotExist):
		above := filepath.Dir(filepath.Clean(at))
		if _, err := os.Stat(above); err == nil {
			return &Error{Path: path, Problem: "cannot be made: " + above + " cannot hold new folders", Hint: "name a folder on an ordinary disk"}
		}
		return &Error{Path: path, Problem: "cannot be made: there is no folder " + above,
			Hint: "make the folder above it first, or name a folder in one that exists"}
	}
	for dir := filepath.Dir(filepath.Clean(path)); ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return &Error{Path: path, Problem: "cannot be made: " + dir + " is a file, not a folder", Hint: "name a folder inside a folder"}
		}
		if dir == filepath.Dir(dir) {
			break
		}
	}
	return fmt.Errorf("making the folder %s: %w", path, cause(err, path))
}

// kindName names what a file of mode m is, for a message.
func kindName(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return m.Type().String()
}
