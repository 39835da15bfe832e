package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const checkUsage = `Usage:
    ballotpack check -members roll.xlsx [-election election.yaml] [-sheet NAME] [-rejects rejects.csv] [-strict]

Reads the membership roll (xlsx, or CSV as Excel saves it) and says what is
wrong with it, row by row: every row ends as a member who gets a pack, a
rejected row (with the reasons) or an ineligible one. Prints a summary and the
first problems; -rejects writes every problem to a CSV file.

Flags:
    -members FILE    the membership roll: .xlsx or .csv (required)
    -election FILE   the election file (default: the embedded default election)
    -sheet NAME      the xlsx sheet to read (default: the one with the roll's header row)
    -rejects FILE    write every problem here: row, column, value, severity, kind, reason
    -strict          reject probable duplicate people instead of warning
    -show N          how many problems to print in full (default 10)

Exit status: 0 no row rejected, 4 some rows rejected, 1 the roll could not be read, 2 usage error.
`

const exitRejects = 4

func runCheck(ctx context.Context, e *env, args []string) error {
	flags := newFlags("check")
	members := flags.String("members", "", "")
	electionPath := flags.String("election", "", "")
	sheet := flags.String("sheet", "", "")
	rejects := flags.String("rejects", "", "")
	strict := flags.Bool("strict", false, "")
	show := flags.Int("show", 10, "")
	if err := parseFlags(e, flags, checkUsage, args); err != nil {
		return err
	}
	if err := required(flags, "members"); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError("check takes no arguments", "give the roll with -members")
	}
	if sameFile(*rejects, *members) {
		return usageError("-rejects names the roll itself, which would be overwritten", "give the report another name, e.g. rejects.csv")
	}
	if *rejects == outfile.Stdout {
		return usageError("-rejects - would mix the report into the summary on standard output", "name a file for the report, e.g. -rejects rejects.csv")
	}
	if *rejects != "" {
		if err := outfile.Check(*rejects); err != nil {
			return err
		}
	}
	el, err := loadElection(*electionPath)
	if err != nil {
		return err
	}
	res, err := readRollWith(ctx, *members, el, func(o *roll.Options) {
		o.Sheet, o.Strict = *sheet, *strict
		o.CountOnly = true // a check keeps no members: a roll of millions fits
	})
	if err != nil {
		return err
	}
	printSummary(e.stdout, res, *show)
	if *rejects != "" {
		if err := writeProblems(*rejects, res.Problems); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Every problem is in %s.\n", *rejects)
	} else if len(res.Problems) > *show {
		hintf(e.stderr, "write every problem to a file with -rejects rejects.csv")
	}
	if res.Rejected > 0 {
		return &cliError{err: errors.New("rows rejected"), status: exitRejects, quiet: true}
	}
	return nil
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// loadElection reads the election file, or the default one.
func loadElection(path string) (*election.Election, error) {
	if path == "" {
		return election.Default(), nil
	}
	el, err := election.Load(path)
	if err != nil {
		return nil, withHint(err, "'ballotpack init DIR' writes a commented election file to start from")
	}
	return el, nil
}

// readRoll reads and checks the roll with the election's rules.
//
// While it reads, the Go heap is kept near what is live (boundHeap):
// reading makes much short-lived garbage, and without a bound the heap
// grows to twice what is live. A check keeps only hashed keys of its rows
// (roll.Options.CountOnly), so its memory hardly grows with the roll.
func readRoll(ctx context.Context, path string, el *election.Election, sheet string, strict bool) (*roll.Result, error) {
	return readRollWith(ctx, path, el, func(o *roll.Options) { o.Sheet, o.Strict = sheet, strict })
}

// readRollWith is readRoll with the options set by set.
func readRollWith(ctx context.Context, path string, el *election.Election, set func(*roll.Options)) (*roll.Result, error) {
	defer boundHeap()()
	opts := el.RollOptions()
	set(&opts)
	res, err := roll.ReadFileContext(ctx, path, opts)
	if errors.Is(err, context.Canceled) {
		return nil, errors.New("interrupted while reading the roll: nothing was written")
	}
	if err != nil {
		var re *roll.ReadError
		if errors.As(err, &re) && errors.Is(err, roll.ErrMissingColumns) {
			return nil, withHint(err, "map the roll's own column headings in the election file's columns section")
		}
		return nil, err
	}
	return res, nil
}

// writeProblems writes the problems CSV, which holds names and addresses:
// mode 0600, and atomically, so a failure never leaves half a report.
func writeProblems(path string, problems []roll.Problem) error {
	_, err := outfile.Write(path, outfile.Private, nil, func(w io.Writer) error { return roll.WriteProblems(w, problems) })
	return err
}

func printSummary(w io.Writer, res *roll.Result, show int) {
	where := res.Path
	if res.Sheet != "" {
		where += fmt.Sprintf(" (sheet %q)", res.Sheet)
	}
	fmt.Fprintf(w, "%s: %d rows read\n", where, res.RowsRead)
	fmt.Fprintf(w, "  %7d members accepted\n", res.Accepted)
	section := func(n int, what string, sev roll.Severity) {
		fmt.Fprintf(w, "  %7d %s\n", n, what)
		for _, c := range res.CountKinds(sev) {
			fmt.Fprintf(w, "  %7s   %6d %s\n", "", c.N, c.Kind)
		}
	}
	section(res.Rejected, "rejected (no pack until fixed)", roll.Reject)
	section(res.Excluded, "ineligible under the election's rules", roll.Ineligible)
	section(res.Warnings(), "warnings (packs made; please look)", roll.Warning)
	if res.Blank > 0 {
		fmt.Fprintf(w, "  %7d blank rows ignored\n", res.Blank)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "Note: %s.\n", n)
	}
	if res.Accepted == 0 {
		fmt.Fprintln(w, "Nobody on the roll would get a pack: generate will refuse this roll. See why below (and in -rejects FILE).")
	}
	if len(res.Problems) == 0 {
		fmt.Fprintln(w, "No problems found.")
		return
	}
	// What needs action first: rejected rows, then warnings, a few of each
	// kind so that a rare kind (two records of one person) is not hidden
	// behind a common one; ineligible rows are routine, and only counted.
	type group struct {
		sev      roll.Severity
		kind     string
		problems []roll.Problem
	}
	var groups []*group
	byKind := map[string]*group{}
	ineligible := 0
	for _, p := range res.Problems {
		if p.Severity == roll.Ineligible {
			ineligible++
			continue
		}
		key := p.Severity.String() + "\x00" + p.Kind
		g := byKind[key]
		if g == nil {
			g = &group{sev: p.Severity, kind: p.Kind}
			byKind[key] = g
			groups = append(groups, g)
		}
		g.problems = append(g.problems, p)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		if a.sev != b.sev {
			return int(a.sev) - int(b.sev)
		}
		return len(b.problems) - len(a.problems)
	})
	if len(groups) > 0 && show > 0 {
		each := max(1, show/len(groups))
		fmt.Fprintf(w, "Rejected rows and warnings, by kind (up to %d of each):\n", each)
		for _, g := range groups {
			// Counted in rows, as the summary above counts them.
			rows := map[int]bool{}
			for _, p := range g.problems {
				rows[p.Row] = true
			}
			n := count(len(rows), "row")
			if len(rows) != len(g.problems) {
				n = count(len(g.problems), "problem") + " in " + n
			}
			fmt.Fprintf(w, "  %s: %s (%s)\n", strings.ToUpper(g.sev.String()[:1])+g.sev.String()[1:], g.kind, n)
			for _, p := range g.problems[:min(each, len(g.problems))] {
				value := ""
				if p.Value != "" && !strings.Contains(p.Reason, p.Value) {
					value = fmt.Sprintf(" [%s]", truncate(p.Value, 60))
				}
				who := ""
				if p.MemberID != "" || p.Name != "" {
					who = " (" + strings.TrimSpace(p.MemberID+" "+truncate(p.Name, 40)) + ")"
				}
				fmt.Fprintf(w, "    %s%s%s\n", p, who, value)
			}
		}
	}
	if ineligible > 0 {
		fmt.Fprintf(w, "The %d ineligible rows are counted above, not listed.\n", ineligible)
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
