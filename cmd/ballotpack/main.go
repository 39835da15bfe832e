// Command ballotpack turns a membership roll into print-ready postal ballot
// packs with two security codes per member, and checks those codes offline.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	_ "time/tzdata" // UK times read the same on a machine without a zone database
)

const usage = `ballotpack makes postal ballot packs with security codes, and checks the codes.

Usage:
    ballotpack check -members roll.xlsx [-election election.yaml] [-rejects rejects.csv]
    ballotpack export-online -key election.key -register dist/ -o online-credentials.csv
    ballotpack generate -members roll.xlsx -key election.key [-election election.yaml] -out dist/
    ballotpack init DIR
    ballotpack keygen -o election.key
    ballotpack keygen -verify-only -from election.key -election ID -o verify.key
    ballotpack import-scans -key verify.key -register dist/ station-A.db …
    ballotpack proof -members roll.xlsx [-election election.yaml] [-n 3] -o proof.pdf
    ballotpack reconcile -key verify.key -register dist/ [-online online.csv] -policy P -out results/
    ballotpack reissue -key election.key -register dist/ -members roll.xlsx -member ID -reason TEXT -out replacement.pdf
    ballotpack scan -key verify.key -register dist/ [-station NAME]
    ballotpack station -register dist/ -station NAME -o station-NAME.db
    ballotpack status -register dist/ [-json]
    ballotpack verify -key FILE -election ID -member ID [-issue N] CODE1 [CODE2]
    ballotpack help [COMMAND]

Commands:
    check    read the membership roll and say what is wrong with it, row by row
    export-online  credentials for the online voting platform: ballot code, Argon2id of the secret code
    generate make every member's pack: batch PDFs for the print house, and the manifest
    init     write the default election file into a folder, to edit
    keygen   make a new master key file, or a verify-only key file from one
    import-scans   bring stations' scans into the register, each paper once
    proof    render a few watermarked packs with placeholder codes, to check wording and layout
    reconcile decide which vote counts per member, post and online, under the ballot's policy
    reissue  make a replacement pack with new codes; the old ones stop working
    scan     the scanning station at the count: check and record returned ballot papers
    station  a counting station's copy of the register, to scan into offline
    status   what the register holds: packs, replacements, scans, imports, reconciliations
    verify   check a member's ballot code (and secret code) offline

Run 'ballotpack help COMMAND' for a command's flags.

Exit status: 0 success, 1 error, 2 usage error, 3 invalid code,
5 valid for the issue given but not known to be current (verify without -register),
4 rows of the roll rejected (check, generate) or a paper scanned at two stations (import-scans).
`

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

// A command is one subcommand: its name, a one-line summary, its usage text
// and its Run function.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"check", checkUsage, runCheck},
		{"export-online", exportUsage, runExport},
		{"generate", generateUsage, runGenerate},
		{"import-scans", importUsage, runImport},
		{"init", initUsage, runInit},
		{"keygen", keygenUsage, runKeygen},
		{"proof", proofUsage, runProof},
		{"reconcile", reconcileUsage, runReconcile},
		{"reissue", reissueUsage, runReissue},
		{"scan", scanUsage, runScan},
		{"station", stationUsage, runStation},
		{"status", statusUsage, runStatus},
		{"verify", verifyUsage, runVerify},
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
		fmt.Fprint(e.stderr, usage)
		return usageError("no command given", "")
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			c, ok := findCommand(args[0])
			if !ok {
				return usageError(fmt.Sprintf("unknown command %q", args[0]), "run 'ballotpack help' for the list of commands")
			}
			fmt.Fprint(e.stdout, c.usage)
			return nil
		}
		fmt.Fprint(e.stdout, usage)
		return nil
	}
	c, ok := findCommand(name)
	if !ok {
		return usageError(fmt.Sprintf("unknown command %q", name), "run 'ballotpack help' for the list of commands")
	}
	return c.run(ctx, e, args)
}

// Main runs ballotpack with os.Args and returns the exit status.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
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
