package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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
		return usageError(err.Error(), "run 'ballotpack help "+fs.Name()+"' for its flags")
	}
	return nil
}

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
		return usageError(fs.Name()+" needs "+strings.Join(missing, " and "), "run 'ballotpack help "+fs.Name()+"' for its flags")
	}
	return nil
}
