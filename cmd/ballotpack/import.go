package main

import (
	"context"
	"fmt"

	"github.com/ballotpack/ballotpack/internal/register"
)

const importUsage = `Usage:
    ballotpack import-scans -key verify.key -register dist/ station-A.db [station-B.db …]

Brings the scans of counting stations' copies of the register (made by
'ballotpack station') into the main register. Every scan's seal is checked
first: a copy with a scan that was edited, written by hand or made with
another election's key is refused whole, naming its row. Importing a copy
again is harmless: scans already imported are skipped.

A paper scanned at two stations is one postal vote, at its earliest
receipt; the other scans are kept as evidence and listed here. Exit
status 4 when a paper was scanned at more than one station.

Flags:
    -key FILE            verify-only key (or master key) of the election (required)
    -register PATH       the folder generate wrote (required)
    -insecure-key-perms  read the key even if other users can read it
`

func runImport(ctx context.Context, e *env, args []string) error {
	flags := newFlags("import-scans")
	keyPath := flags.String("key", "", "")
	regArg := flags.String("register", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, importUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register"); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return usageError("import-scans needs one or more station copies", "give their file names after the flags")
	}
	st, err := openRegister(*regArg, "")
	if err != nil {
		return err
	}
	defer st.close()
	if err := st.withKey(*keyPath, *insecure); err != nil {
		return err
	}
	repeats := 0
	superseded := 0
	for _, path := range flags.Args() {
		from, err := register.OpenReadOnly(path)
		if err != nil {
			return err
		}
		res, err := st.reg.ImportScans(from, st.checkSeal)
		from.Close()
		if err != nil {
			return withHint(err, "nothing from "+path+" was imported")
		}
		fmt.Fprintf(e.stdout, "%s: station %s, %s, %d new, %s counted for the first time\n", path, res.Station, count(res.Scans, "scan"), res.New, count(res.NewPapers, "paper"))
		for _, r := range res.Superseded {
			superseded++
			fmt.Fprintf(e.stdout, "  superseded: member %s issue %d scanned at %s at %s: a replacement was issued since; kept as evidence, never counted\n",
				r.Member, r.Issue, r.Station, r.ScannedAt)
		}
		for _, r := range res.Repeats {
			repeats++
			fmt.Fprintf(e.stdout, "  repeat: member %s issue %d scanned at %s at %s (received %s): the paper counts once\n",
				r.Member, r.Issue, r.Station, r.ScannedAt, r.ReceivedAt)
		}
	}
	if superseded > 0 {
		// The station accepted these, so its staff believe them counted
		// (found in review: exit status 0).
		hintf(e.stderr, "accepted at a station but of packs replaced since its copy was made: %s; these do not count, and the members' new papers, if returned, do", count(superseded, "paper"))
	}
	if repeats > 0 {
		hintf(e.stderr, "%s of papers already scanned: each paper counts once, at its earliest receipt; the scans are kept as evidence", count(repeats, "scan"))
	}
	if superseded > 0 || repeats > 0 {
		return &cliError{err: fmt.Errorf("papers scanned more than once, or superseded"), status: exitRejects, quiet: true}
	}
	return nil
}
