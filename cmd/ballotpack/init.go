package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ballotpack/ballotpack/templates"
)

const initUsage = `Usage:
    ballotpack init DIR

Writes the default election file, election.yaml, into DIR (made if need be)
for you to edit: the election's ID and title, organisation and return
address, dates, voting address, policy, candidates, envelope, batch size and
every word of the letter and ballot paper. It never overwrites a file.
`

func runInit(ctx context.Context, e *env, args []string) error {
	flags := newFlags("init")
	if err := parseFlags(e, flags, initUsage, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError("init needs one folder", "ballotpack init my-election")
	}
	dir := flags.Arg(0)
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, templates.DefaultElection)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return withHint(fmt.Errorf("%s already exists", path), "edit it, or choose another folder")
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", path)
	infof(e.stderr, "wrote the default election to %s: edit it, then pass it with -election", path)
	return nil
}
