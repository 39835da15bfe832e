//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the output folder's lock for the life of the process (or
// until unlock is called): a second generate into the same folder at the
// same time is refused.
func lockDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, ".ballotpack.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, withHint(fmt.Errorf("%s is in use by another ballotpack generate", dir), "wait for it to finish, or write to another folder")
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
