//go:build !unix

package outfile

import (
	"io/fs"
	"strconv"
)

const (
	openThroughFlags = 0
	noFollow         = 0
)

// owner is unknown here: files are not refused for their owner (the
// system's own permissions still apply).
func owner(fs.FileInfo) (int, bool) { return 0, false }

func userName(uid int) string { return "user ID " + strconv.Itoa(uid) }

// syncDir does nothing: folders cannot be synced here, and a rename is
// as durable as the system makes it.
func syncDir(string) error { return nil }
