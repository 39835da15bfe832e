//go:build !unix

package roll

import "errors"

func mkfifo(string) error { return errors.New("not supported") }
