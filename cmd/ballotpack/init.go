package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/ballotpack/ballotpack/internal/outfile"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
	if ext := strings.ToLower(filepath.Ext(dir)); ext == ".yaml" || ext == ".yml" {
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			return usageError(fmt.Sprintf("init takes the folder to write %s in, not a file name", templates.DefaultElection),
				fmt.Sprintf("ballotpack init %s", cmp.Or(filepath.Dir(dir), ".")))
		}
	}
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		return err
	}
	if err := outfile.Folder(dir, 0o755); err != nil {
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
