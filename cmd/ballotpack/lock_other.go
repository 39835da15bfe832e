//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// lockDir takes the output folder's lock: a lock file made with O_EXCL and
// removed by unlock. A crash leaves it behind, and the error says so.
func lockDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, ".ballotpack.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, withHint(fmt.Errorf("%s is in use by another ballotpack generate", dir), "if none is running, remove "+path)
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	return func() { os.Remove(path) }, nil
}
