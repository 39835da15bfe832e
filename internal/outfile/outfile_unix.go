//go:build unix

package outfile

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

const (
	// openThroughFlags: a terminal written through never becomes the
	// process's controlling terminal.
	openThroughFlags = syscall.O_NOCTTY
	// noFollow: a device or pipe named directly must not have become a
	// link since it was checked.
	noFollow = syscall.O_NOFOLLOW
)

// owner is the user ID of fi's owner.
func owner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// userName is the name of the user uid, or "user ID uid".
func userName(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		return u.Username
	}
	return "user ID " + id
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// folder (some network and FUSE ones say EINVAL) are taken at their word,
// as SQLite does: the file is in place by then.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}
