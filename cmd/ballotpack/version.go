package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

const versionUsage = `Usage:
    ballotpack version
    ballotpack -version

Prints the version ballotpack was built as: a release's module version,

    ballotpack v1.2.3

or, built in a git checkout, a pseudo-version naming the commit, with
+dirty if the checkout had changes (v0.0.0-20261203114638-8824095ca40a+dirty).
A build without a module version names the commit it was built from, if
known, and "dirty" if the checkout had changes:

    ballotpack (devel) rev 0123abcdef01 dirty

It is the tool version that generate records in job.json and the register.
`

func runVersion(ctx context.Context, e *env, args []string) error {
	flags := newFlags("version")
	if err := parseFlags(e, flags, versionUsage, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError(fmt.Sprintf("version takes no arguments, but was given %d", flags.NArg()), "")
	}
	fmt.Fprintf(e.stdout, "ballotpack %s\n", version())
	return nil
}

// version is the version of the binary: what 'ballotpack version' prints
// and, through packgen, job.json's "tool" and the register's. A test binary
// has no version and no VCS settings, so it is "(devel)" under go test.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return buildVersion(bi)
}

// buildVersion is the module version in bi, or "(devel)" followed by the
// commit ("rev" and its first 12 hex digits) and "dirty" for a checkout
// with changes, as far as bi records them.
func buildVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "(devel)"
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	v += " rev " + rev[:min(len(rev), 12)]
	if dirty {
		v += " dirty"
	}
	return v
}
