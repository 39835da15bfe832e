package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/ballotpack/ballotpack/internal/suggest"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ballotpack/ballotpack/internal/outfile"
)

// A cliError is an error with an exit status and an optional hint for the
// person at the terminal.
type cliError struct {
	err    error
	status int
	hint   string
	quiet  bool // the command already said what went wrong on stdout
}

func (e *cliError) Error() string { return e.err.Error() }
func (e *cliError) Unwrap() error { return e.err }

// usageError is a mistake in how the command was called: exit status 2.
func usageError(msg, hint string) error {
	return &cliError{err: errors.New(msg), status: exitUsage, hint: hint}
}

// withHint adds a hint to err, keeping its exit status.
func withHint(err error, hint string) error {
	status := exitError
	var ce *cliError
	if errors.As(err, &ce) {
		status = ce.status
	}
	return &cliError{err: err, status: status, hint: hint}
}

// withStatus gives err an exit status other than 1.
func withStatus(err error, status int) error {
	return &cliError{err: err, status: status}
}

// exitStatus reports err on e.stderr, as "ballotpack: error: …" and
// "ballotpack: hint: …", and returns the exit status for it.
func exitStatus(e *env, err error) int {
	if err == nil || err == errHelp {
		return exitOK
	}
	status, hint := exitError, ""
	var ce *cliError
	if errors.As(err, &ce) {
		if ce.quiet {
			return ce.status
		}
		status, hint = ce.status, ce.hint
	}
	var oe *outfile.Error
	if hint == "" && errors.As(err, &oe) {
		hint = oe.Hint
	}
	errorf(e.stderr, "%v", err)
	if hint != "" {
		hintf(e.stderr, "%s", hint)
	}
	return status
}

func errorf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "ballotpack: error: "+format+"\n", args...)
}

func hintf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "ballotpack: hint: "+format+"\n", args...)
}

func infof(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "ballotpack: "+format+"\n", args...)
}

// newFlags makes a flag set for a subcommand that reports its own errors
// through run's error, not by printing.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs. -h prints the command's usage to stdout and
// returns errHelp, which the caller returns as is.
func parseFlags(e *env, fs *flag.FlagSet, usageText string, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, usageText)
		return errHelp
	}
	if err != nil {
		hint := "run 'ballotpack help " + fs.Name() + "' for its flags"
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			if s, ok := closestFlag(fs, name); ok {
				if (name == "out" && s == "o") || (name == "o" && s == "out") {
					hint = "-o names a file to write, -out a folder; " + hint
				}
				hint = "did you mean -" + s + "? " + hint
			}
		}
		return usageError(err.Error(), hint)
	}
	// A flag after the other arguments is not read as one: say so, rather
	// than let it pass as an argument (the arguments themselves are not
	// repeated: they may be codes).
	if !slices.Contains(args, "--") {
		for _, a := range fs.Args() {
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if strings.HasPrefix(a, "-") && name != "" && fs.Lookup(name) != nil {
				return usageError(fmt.Sprintf("-%s comes after an argument that is not a flag, so it was not read as a flag", name),
					fmt.Sprintf("put -%s, and every other flag, before the arguments: ballotpack %s -FLAG VALUE ... ARGUMENTS", name, fs.Name()))
			}
		}
	}
	return nil
}

// closestFlag is the flag of fs closest to the undefined name, if one is
// close enough to be what was meant.
func closestFlag(fs *flag.FlagSet, name string) (string, bool) {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return closest(name, names)
}

// closest is the candidate nearest to s, if one is near enough to be what
// was meant (suggest.Closest).
var closest = suggest.Closest

// errHelp ends a command after it printed its usage on request.
var errHelp = &cliError{err: errors.New("help requested"), status: exitOK}

// required reports the first of the named flags left empty.
func required(fs *flag.FlagSet, names ...string) error {
	var missing []string
	for _, n := range names {
		if fs.Lookup(n).Value.String() == "" {
			missing = append(missing, "-"+n)
		}
	}
	if len(missing) > 0 {
		hint := "run 'ballotpack help " + fs.Name() + "' for its flags"
		if fs.NArg() > 0 {
			hint = "give it as " + missing[0] + " VALUE, before any other argument; " + hint
		}
		return usageError(fs.Name()+" needs "+strings.Join(missing, " and "), hint)
	}
	return nil
}

// count is n and the noun, in the plural unless n is 1: "1 paper", "2 papers".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
