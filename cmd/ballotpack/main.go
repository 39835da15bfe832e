// Command ballotpack turns a membership roll into print-ready postal ballot
// packs with two security codes per member, and checks those codes offline.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	_ "time/tzdata" // UK times read the same on a machine without a zone database
)

// usageHead and usageTail frame the list of commands, which usage makes
// from the command table.
const usageHead = `ballotpack makes postal ballot packs with security codes, and checks the codes.

Usage:
    ballotpack check -members roll.xlsx [-election election.yaml] [-rejects rejects.csv]
    ballotpack export-online -key election.key -register dist/ -o online-credentials.csv
    ballotpack generate -members roll.xlsx -key election.key [-election election.yaml] [-shard i/n] -out dist/
    ballotpack import-scans -key verify.key -register dist/ station-A.db …
    ballotpack init DIR
    ballotpack keygen -o election.key
    ballotpack keygen -verify-only -from election.key -election ID -o verify.key
    ballotpack merge-shards -out dist/ SHARD-DIR…
    ballotpack proof -members roll.xlsx [-election election.yaml] [-n 3] -o proof.pdf
    ballotpack reconcile -key verify.key -register dist/ [-online online.csv] [-policy P] -out results/
    ballotpack reissue -key election.key -register dist/ -members roll.xlsx -member ID -reason TEXT -o replacement.pdf
    ballotpack scan -key verify.key -register dist/ [-station NAME]
    ballotpack station -register dist/ -station NAME -o station-NAME.db
    ballotpack status -register dist/ [-json]
    ballotpack verify -key FILE -register dist/ -member ID CODE1 [CODE2]
    ballotpack verify -key FILE -election ID -member ID [-issue N] CODE1 [CODE2]
    ballotpack version
    ballotpack help [COMMAND]

-o FILE names a file a command writes, -out DIR a folder.
A file there is replaced only if it is yours and writable by its mode; a
device such as /dev/null, or a named pipe, is written through; -o - is
standard output where a command's output can go there.

Commands:
`

const usageTail = `
Run 'ballotpack help COMMAND' for a command's flags.

Exit status: 0 success, 1 error, 2 usage error, 3 invalid code,
4 rows of the roll rejected (check, generate) or a paper scanned at two stations (import-scans),
5 valid for the issue given but not known to be current (verify without -register).
`

// usage is the top-level help: usageHead, a line per command with its
// summary, and usageTail.
func usage() string {
	var b strings.Builder
	b.WriteString(usageHead)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "    %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	b.WriteString(usageTail)
	return b.String()
}

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInvalidCode = 3
	// exitUnknownCurrent: verify without -register found the code right for
	// the issue given, but cannot know that issue is the member's current.
	exitUnknownCurrent = 5
)

// An env is what a command may touch besides files: its standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// A command is one subcommand: its name, a one-line summary for the list
// in 'ballotpack help', its usage text and its Run function.
type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"check", "read the membership roll and say what is wrong with it, row by row", checkUsage, runCheck},
		{"export-online", "credentials for the online voting platform: a SHA-256 of each member's two codes", exportUsage, runExport},
		{"generate", "make every member's pack: batch PDFs for the print house, and the manifest", generateUsage, runGenerate},
		{"import-scans", "bring stations' scans into the register, each paper once", importUsage, runImport},
		{"init", "write the default election file into a folder, to edit", initUsage, runInit},
		{"keygen", "make a new master key file, or a verify-only key file from one", keygenUsage, runKeygen},
		{"merge-shards", "make the complete run's folder from the shards of a generate -shard i/n run", mergeUsage, runMerge},
		{"proof", "render a few watermarked packs with placeholder codes, to check wording and layout", proofUsage, runProof},
		{"reconcile", "decide which vote counts per member, post and online, under the ballot's policy", reconcileUsage, runReconcile},
		{"reissue", "make a replacement pack with new codes; the old ones stop working", reissueUsage, runReissue},
		{"scan", "the scanning station at the count: check and record returned ballot papers", scanUsage, runScan},
		{"station", "a counting station's copy of the register, to scan into offline", stationUsage, runStation},
		{"status", "what the register holds: packs, replacements, scans, imports, reconciliations", statusUsage, runStatus},
		{"verify", "check a member's ballot code (and secret code) offline", verifyUsage, runVerify},
		{"version", "print the version of ballotpack", versionUsage, runVersion},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run dispatches to a subcommand and returns its error.
func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage())
		return usageError("no command given", "")
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			c, ok := findCommand(args[0])
			if !ok {
				return unknownCommand("ballotpack help ", args[0])
			}
			fmt.Fprint(e.stdout, c.usage)
			return nil
		}
		fmt.Fprint(e.stdout, usage())
		return nil
	case "-version", "--version":
		return runVersion(ctx, e, args)
	}
	c, ok := findCommand(name)
	if !ok {
		return unknownCommand("ballotpack ", name)
	}
	return c.run(ctx, e, args)
}

// unknownCommand is the usage error for a command name not in the table,
// suggesting the closest one that is, after what was typed before it
// ("ballotpack " or "ballotpack help ").
func unknownCommand(before, name string) error {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if before == "ballotpack " {
		names = append(names, "help")
	}
	hint := "run 'ballotpack help' for the list of commands"
	if s, ok := closest(name, names); ok {
		hint = fmt.Sprintf("did you mean '%s%s'? %s", before, s, hint)
	}
	return usageError(fmt.Sprintf("unknown command %q", name), hint)
}

// Main runs ballotpack with os.Args and returns the exit status.
func Main() int {
	// SIGTERM too: it is how Kubernetes, systemd and kill stop a process,
	// and a run stopped so must end as cleanly as one stopped with Ctrl-C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	status := exitStatus(e, run(ctx, e, os.Args[1:]))
	atExit()
	return status
}

// atExit runs as Main returns; builds with -tags profile use it to finish
// their profiles.
var atExit = func() {}

func main() { os.Exit(Main()) }
