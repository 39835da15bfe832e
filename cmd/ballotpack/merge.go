package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ballotpack/ballotpack/packgen/ledger"
)

const mergeUsage = `Usage:
    ballotpack merge-ledgers -o merged.csv ledger-table-1.csv ledger-table-2.csv …

Combines the scanning stations' ledgers into one, for reconcile. A ballot
paper scanned at more than one station is kept once, at its first scan, and
listed, one line each, as

    !! SAME PAPER <membership number> issue <n>: <station> <time>, <station> <time> …

Exit status 0, or 4 when a paper was scanned at more than one station.

Flags:
    -o FILE   the merged ledger to write (required)
`

func runMerge(ctx context.Context, e *env, args []string) error {
	flags := newFlags("merge-ledgers")
	out := flags.String("o", "", "")
	if err := parseFlags(e, flags, mergeUsage, args); err != nil {
		return err
	}
	if err := required(flags, "o"); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return usageError("merge-ledgers needs the ledgers to merge", "")
	}
	type key struct {
		member string
		issue  uint32
	}
	scans := map[key][]ledger.Entry{}
	total := 0
	for _, path := range flags.Args() {
		if sameFile(*out, path) {
			return usageError("-o names one of the ledgers being merged", "")
		}
		entries, err := ledger.Read(path)
		if err != nil {
			return err
		}
		total += len(entries)
		for _, en := range entries {
			k := key{en.Member, en.Issue}
			scans[k] = append(scans[k], en)
		}
	}
	order := func(a, b ledger.Entry) int {
		return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.Station, b.Station), cmp.Compare(a.Seq, b.Seq))
	}
	var merged []ledger.Entry
	var clashes []string
	for _, es := range scans {
		slices.SortFunc(es, order)
		merged = append(merged, es[0])
		if len(es) > 1 {
			var where []string
			for _, en := range es {
				where = append(where, en.Station+" "+en.Time.Local().Format("2 Jan 15:04:05"))
			}
			clashes = append(clashes, fmt.Sprintf("!! SAME PAPER %s issue %d: %s", es[0].Member, es[0].Issue, strings.Join(where, ", ")))
		}
	}
	slices.SortFunc(merged, order)
	slices.Sort(clashes)
	if err := ledger.Write(*out, merged); err != nil {
		return err
	}
	for _, c := range clashes {
		fmt.Fprintln(e.stdout, c)
	}
	fmt.Fprintf(e.stdout, "%s: %d papers from %d scans at %d stations; %d scanned at more than one station\n", *out, len(merged), total, flags.NArg(), len(clashes))
	if len(clashes) > 0 {
		return &cliError{err: fmt.Errorf("papers scanned twice"), status: exitRejects, quiet: true}
	}
	return nil
}
