// Package outfile writes the files a person names for a command's output
// without harming whatever is already at that name.
//
// What happens depends on what the path names when it is written:
//
//   - "-" is standard output (the stdout given to Write).
//   - Nothing yet, or a regular file of the user's own that its mode lets
//     the owner write: written atomically, to a temporary file in the same
//     folder that is synced, renamed over the path, and the folder synced.
//     The file gets the mode asked for (Private for anything holding codes
//     or personal data), whatever mode an old file had. A failed write
//     leaves the old file, or nothing, in place.
//   - A character device (/dev/null, a terminal) or a named pipe (FIFO):
//     opened as it is and written through, never replaced. A pipe with no
//     reader waits for one, as it does for the shell's '>'.
//   - A symbolic link is followed only to a device or a pipe (so -o
//     /dev/stdout works), or to a regular file in the link's own folder,
//     which is then replaced as above with the link kept. A link to
//     anything else, or to nothing, is refused: writing through a link
//     that leads out of its folder is how a link planted in a shared
//     folder sends output onto someone else's file.
//   - Anything else is refused with an *Error: a folder, a file owned by
//     another user (running as root too: root could replace it, which is
//     the harm), a read-only file (mode without the owner's write bit;
//     again root included), a socket, a block device.
package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File modes.
const (
	Private fs.FileMode = 0o600 // codes or personal data: the owner's alone
	Public  fs.FileMode = 0o644 // neither: checksums, say
)

// Stdout is the path that names standard output.
const Stdout = "-"

// An Error is an output path refused, or one that changed while it was
// written: what is at Path, and what the person can do about it.
type Error struct {
	Path    string
	Problem string // what is there: "is a folder, not a file"
	Hint    string // what to do: "name a file to write…"
}

func (e *Error) Error() string { return e.Path + " " + e.Problem }

// how a path is written
const (
	toStdout = iota
	atomic   // replaced through a temporary file (or made new)
	through  // opened as it is and written: a device or a pipe
)

// A plan is how Write writes a path, found by Check.
type plan struct {
	how    int
	target string      // what is written or replaced: the path, or the file a link leads to
	old    fs.FileInfo // what was at target; nil when nothing was
	follow bool        // target is reached through a symbolic link
}

// Check says whether Write would write path, without writing: for a
// command to refuse a path before its long work rather than after. "-" is
// accepted; Write refuses it only when it has no standard output.
func Check(path string) error {
	_, err := check(path)
	return err
}

// Write writes path, or stdout if path is "-" (refused when stdout is
// nil), with what write writes, as the package doc describes; a file it
// makes has mode perm. It returns the bytes written. Every error names
// path: an *Error for a path refused, else the write's own error.
func Write(path string, perm fs.FileMode, stdout io.Writer, write func(io.Writer) error) (int64, error) {
	p, err := check(path)
	if err != nil {
		return 0, err
	}
	switch p.how {
	case toStdout:
		if stdout == nil {
			return 0, &Error{Path: path, Problem: "means standard output, which this output cannot go to", Hint: "name a file to write"}
		}
		cw := &countingWriter{w: stdout}
		if err := write(cw); err != nil {
			return cw.n, fmt.Errorf("writing to standard output: %w", err)
		}
		return cw.n, nil
	case through:
		return writeThrough(path, p, write)
	}
	return writeAtomic(path, p, perm, write)
}

// check finds how path would be written, or why it is refused.
func check(path string) (plan, error) {
	switch path {
	case Stdout:
		return plan{how: toStdout}, nil
	case "":
		return plan{}, &Error{Path: `""`, Problem: "is not a file name", Hint: "name a file to write"}
	}
	fi, err := os.Lstat(path)
	if err != nil {
		if err := checkFolder(path); err != nil {
			return plan{}, err
		}
		if errors.Is(err, fs.ErrNotExist) {
			return plan{how: atomic, target: path}, nil
		}
		return plan{}, fmt.Errorf("writing %s: %w", path, cause(err, path))
	}
	m := fi.Mode()
	if m&fs.ModeSymlink != 0 {
		return checkLink(path)
	}
	if m.IsRegular() {
		if problem, hint := replaceable(path, fi); problem != "" {
			return plan{}, &Error{Path: path, Problem: problem, Hint: hint}
		}
		return plan{how: atomic, target: path, old: fi}, nil
	}
	if writtenThrough(m) {
		return plan{how: through, target: path, old: fi}, nil
	}
	problem, hint := refusedKind(m)
	return plan{}, &Error{Path: path, Problem: problem, Hint: hint}
}

// checkFolder reports the folder path would go in, if there is none.
func checkFolder(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Problem: "cannot be written: there is no folder " + dir, Hint: "make the folder first, or name a file in a folder that exists"}
	case err == nil && !st.IsDir():
		return &Error{Path: path, Problem: "cannot be written: " + dir + " is a file, not a folder", Hint: "name a file in a folder"}
	}
	return nil
}

// checkLink finds how the symbolic link path would be written.
func checkLink(path string) (plan, error) {
	to, _ := os.Readlink(path)
	refuse := func(what string) (plan, error) {
		return plan{}, &Error{Path: path, Problem: fmt.Sprintf("is a symbolic link to %s, %s", to, what),
			Hint: "name the file itself rather than a link to it, or remove the link"}
	}
	// os.Stat follows every link, /proc's magic ones (/proc/self/fd/1)
	// included, to what is written in the end.
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return refuse("which does not exist: output is not written through such a link")
	}
	if err != nil {
		return plan{}, fmt.Errorf("writing %s: %w", path, cause(err, path))
	}
	m := st.Mode()
	if writtenThrough(m) {
		return plan{how: through, target: path, old: st, follow: true}, nil
	}
	if !m.IsRegular() {
		problem, _ := refusedKind(m)
		return refuse("which " + problem)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return refuse("which cannot be followed: " + cause(err, path).Error())
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err == nil {
		dir, err = filepath.Abs(dir)
	}
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil || filepath.Dir(real) != dir {
		return refuse("outside its folder: output is not written through such a link")
	}
	if problem, hint := replaceable(real, st); problem != "" {
		return plan{}, &Error{Path: path, Problem: fmt.Sprintf("is a symbolic link to %s, which %s", to, problem), Hint: hint}
	}
	return plan{how: atomic, target: real, old: st, follow: true}, nil
}

// writtenThrough says whether a file of mode m is opened and written as
// it is: a character device or a named pipe.
func writtenThrough(m fs.FileMode) bool {
	return m&fs.ModeNamedPipe != 0 || m&fs.ModeCharDevice != 0
}

// replaceable says why the regular file fi at path may not be replaced,
// if it may not, and what to do.
func replaceable(path string, fi fs.FileInfo) (problem, hint string) {
	if uid, ok := owner(fi); ok && uid != os.Geteuid() {
		return "belongs to another user (" + userName(uid) + "), so it is not replaced",
			"choose another name, or ask its owner to move it out of the way"
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return fmt.Sprintf("is read-only (mode %04o), so it is not replaced", fi.Mode().Perm()),
			fmt.Sprintf("choose another name, or, if it may be replaced, make it writable first (chmod u+w %s)", path)
	}
	return "", ""
}

// refusedKind says what a file of mode m is, that is never written.
func refusedKind(m fs.FileMode) (problem, hint string) {
	switch {
	case m.IsDir():
		return "is a folder, not a file", "name a file to write, for example one inside that folder"
	case m&fs.ModeSocket != 0:
		return "is a socket, not a file", "name a file, a device such as /dev/null, or a named pipe"
	case m&fs.ModeDevice != 0:
		return "is a block device (a disk or a partition): output is never written to one", "name a file to write"
	}
	return fmt.Sprintf("is not a regular file (%s)", m.Type()), "name a file to write"
}

// changed is the error for a path that became something else while it
// was written.
func changed(path string) error {
	return &Error{Path: path, Problem: "changed while it was being written, so it was not replaced",
		Hint: "make sure nothing else is writing to it, and run again"}
}

// writeThrough writes the device or pipe at p.target as it is.
func writeThrough(path string, p plan, write func(io.Writer) error) (int64, error) {
	flags := os.O_WRONLY | openThroughFlags
	if !p.follow {
		flags |= noFollow
	}
	f, err := os.OpenFile(p.target, flags, 0)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, cause(err, p.target))
	}
	// What was opened must still be what was checked: never a regular
	// file put in its place meanwhile (opened without O_TRUNC, it is
	// left as it was).
	if st, err := f.Stat(); err != nil || !writtenThrough(st.Mode()) {
		f.Close()
		return 0, changed(path)
	}
	cw := &countingWriter{w: f}
	err = write(cw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cw.n, fmt.Errorf("writing %s: %w", path, cause(err, p.target))
	}
	return cw.n, nil
}

// writeAtomic writes p.target through a temporary file in its folder,
// synced, renamed into place, and the folder synced.
func writeAtomic(path string, p plan, perm fs.FileMode, write func(io.Writer) error) (int64, error) {
	dir := filepath.Dir(p.target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(p.target)+".tmp-*")
	if errors.Is(err, fs.ErrPermission) {
		return 0, &Error{Path: path, Problem: "cannot be written: you may not make files in the folder " + dir,
			Hint: "name a file in a folder of your own"}
	}
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, cause(err, ""))
	}
	tmp := f.Name()
	placed := false
	defer func() {
		if !placed {
			os.Remove(tmp)
		}
	}()
	fail := func(err error) (int64, error) {
		return 0, fmt.Errorf("writing %s: %w", path, cause(err, tmp))
	}
	cw := &countingWriter{w: f}
	err = f.Chmod(perm)
	if err == nil {
		err = write(cw)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	// The path must still hold what was checked: nothing, or the same
	// file unchanged (its inode number alone may be reused by a file made
	// anew). A window remains between this look and the rename, but it is
	// this short, not the whole time of the write.
	now, err := os.Lstat(p.target)
	if p.old == nil && err == nil || p.old != nil && (err != nil || !os.SameFile(now, p.old) ||
		!now.ModTime().Equal(p.old.ModTime()) || now.Size() != p.old.Size()) {
		return 0, changed(path)
	}
	if err := os.Rename(tmp, p.target); err != nil {
		return fail(err)
	}
	placed = true
	if err := syncDir(dir); err != nil {
		return cw.n, fmt.Errorf("writing %s: syncing its folder: %w", path, cause(err, dir))
	}
	return cw.n, nil
}

// cause is err without the *fs.PathError around it when that error only
// names one of the files Write was writing (a temporary name means nothing
// to the reader; the path is named already).
func cause(err error, names ...string) error {
	if pe, ok := err.(*fs.PathError); ok {
		for _, n := range names {
			if n == "" || pe.Path == n {
				return pe.Err
			}
		}
	}
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
