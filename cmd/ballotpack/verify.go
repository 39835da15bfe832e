package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ballotpack/ballotpack/codes"
)

const verifyUsage = `Usage:
    ballotpack verify -key FILE -register DIR -member ID CODE1 [CODE2]
    ballotpack verify -key FILE -election ID -member ID [-issue N] [-variant N] CODE1 [CODE2]

Checks a member's ballot code (CODE1) and, with the master key, their secret
code (CODE2), offline. Codes may be typed in any case, with or without
hyphens or spaces; O reads as 0 and I and L as 1. Quote a code that has
spaces in it, or give - to read the codes from standard input, one a line
(kept out of the process list and the shell's history).

Prints "valid", or "invalid: …" with the reason for each code that fails.
A verify-only key (see 'ballotpack help keygen') checks ballot codes only.

Flags:
    -key FILE             master key or verify-only key file (required)
    -election ID          the election ID (default: the register's)
    -member ID            the membership number, exactly as on the roll (required)
    -issue N              the pack's issue number: 1, or more for a replacement (default 1)
    -variant N            the pack's code variant, from packs.csv (default 0; rarely other)
    -register DIR         take the member's current issue and variant from the folder
                          generate wrote (and its replacement register) instead
    -insecure-key-perms   read the key even if other users can read it

Prints "valid" only with -register, which knows the member's current pack;
without it, a code that matches gets "valid for issue N; superseded status
unknown without -register" and exit status 5.

Exit status: 0 valid, 3 invalid code, 5 valid for the issue given but not
known to be current (no -register), 1 other error, 2 usage error.
`

// How far verify looks for a near miss to explain a mismatch.
const (
	nearIssues   = 5
	nearVariants = 3
)

func runVerify(ctx context.Context, e *env, args []string) error {
	flags := newFlags("verify")
	keyPath := flags.String("key", "", "")
	election := flags.String("election", "", "")
	member := flags.String("member", "", "")
	issue := flags.Uint("issue", 1, "")
	variant := flags.Uint("variant", 0, "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	register := flags.String("register", "", "")
	if err := parseFlags(e, flags, verifyUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "member"); err != nil {
		return err
	}
	if *election == "" && *register == "" {
		return usageError("verify needs -register (or -election, to check a code without knowing whether it is current)", "")
	}
	switch {
	case flags.NArg() == 0:
		return usageError("verify needs the ballot code to check", "give it after the flags: ballotpack verify -key … -election … -member … CODE1 [CODE2]")
	case flags.NArg() > 2:
		return usageError(fmt.Sprintf("verify takes at most two codes, but was given %d arguments", flags.NArg()), "quote a code that has spaces in it")
	case *issue < 1 || *issue > math.MaxUint32:
		return usageError("-issue must be 1 or more", "")
	case *variant > codes.MaxVariant:
		return usageError(fmt.Sprintf("-variant must be at most %d", codes.MaxVariant), "")
	}
	var st *electionState
	if *register != "" {
		var err error
		if st, err = openRegister(*register, ""); err != nil {
			return err
		}
		defer st.close()
		if *election == "" {
			*election = st.info.Election
		}
	}
	chk, err := checkerFor(*keyPath, *insecure, *election)
	if err != nil {
		return err
	}
	ref := codes.Ref{Member: *member, Issue: uint32(*issue), Variant: uint32(*variant)}
	if *register != "" {
		// The register knows the member's current pack: issue and variant.
		if st.info.Election != *election {
			return fmt.Errorf("%s is the register of election %s, not %s", st.reg.Path(), st.info.Election, *election)
		}
		st.chk = chk
		if err := st.checkKeyID(*keyPath, chk.KeyID(), "use this election's key (or the verify-only key made from it)"); err != nil {
			return err
		}
		ix, err := st.packIndex()
		if err != nil {
			return err
		}
		cur, ok := ix.current[*member]
		if !ok {
			return withHint(fmt.Errorf("membership number %s has no pack in %s", memberArg(*member), *register),
				"-member takes the membership number (packs.csv lists them); the codes come after the flags")
		}
		for _, p := range ix.byCode {
			if p.member == *member && p.issue == cur {
				ref = codes.Ref{Member: *member, Issue: cur, Variant: p.variant}
			}
		}
	}

	typed := flags.Args()
	if len(typed) == 1 && typed[0] == "-" {
		// Codes from standard input, one a line, kept out of the process
		// list and the shell's history.
		typed = nil
		in := bufio.NewScanner(e.stdin)
		for in.Scan() && len(typed) < 2 {
			if line := strings.TrimSpace(in.Text()); line != "" {
				typed = append(typed, line)
			}
		}
		if len(typed) == 0 {
			return usageError("no code on standard input", "")
		}
	}
	if _, verifyOnly := chk.(*codes.VerifyKey); verifyOnly && len(typed) == 2 {
		return withHint(fmt.Errorf("%s is a verify-only key: it checks ballot codes, not secret codes", *keyPath),
			"check the ballot code alone, or use the master key to check the secret code")
	}
	var problems []string
	for i, arg := range typed {
		want := []codes.Kind{codes.Ballot, codes.Secret}[i]
		if reason := checkOne(chk, ref, arg, want, *register != ""); reason != "" {
			problems = append(problems, fmt.Sprintf("invalid: %s: %s", want, reason))
		}
	}
	if len(problems) == 0 && *register == "" {
		// Without the register nobody can tell whether a replacement was
		// issued since: never a plain "valid".
		fmt.Fprintf(e.stdout, "valid for issue %d; superseded status unknown without -register\n", ref.Issue)
		hintf(e.stderr, "give -register DIR (the folder generate wrote) to know the code is the member's current one")
		return &cliError{err: errors.New("current issue unknown"), status: exitUnknownCurrent, quiet: true}
	}
	if len(problems) == 0 {
		fmt.Fprintln(e.stdout, "valid")
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p)
	}
	return &cliError{err: errors.New("invalid code"), status: exitInvalidCode, quiet: true}
}

// checkOne checks one typed code of kind want and returns why it is invalid,
// or "" when it is valid. The reason never holds the code.
func checkOne(chk codes.Checker, ref codes.Ref, typed string, want codes.Kind, current bool) string {
	c, err := codes.ParseCode(typed)
	if err != nil {
		return err.Error()
	}
	if c.Kind() != want {
		return fmt.Sprintf("this is a %s (%d symbols), but a %s (%d symbols) belongs here", c.Kind(), c.Kind().Len(), want, want.Len())
	}
	err = chk.Verify(ref, c)
	if err == nil {
		return ""
	}
	if !errors.Is(err, codes.ErrMismatch) {
		return err.Error()
	}
	return explainMismatch(chk, ref, c, current)
}

// explainMismatch looks for the pack a well-formed code that does not match
// ref does belong to among this member's other issues and variants. Only
// when ref is known to be the current pack (from the register) is an
// earlier issue's code called superseded.
func explainMismatch(chk codes.Checker, ref codes.Ref, c codes.Code, current bool) string {
	for n := uint32(1); n <= ref.Issue+nearIssues; n++ {
		if n == ref.Issue {
			continue
		}
		if chk.Verify(codes.Ref{Member: ref.Member, Issue: n, Variant: ref.Variant}, c) == nil {
			if n < ref.Issue && current {
				return fmt.Sprintf("superseded: this is the code of member %s's issue %d pack, replaced by issue %d", memberArg(ref.Member), n, ref.Issue)
			}
			return fmt.Sprintf("this is the code of member %s's issue %d pack, not issue %d: run again with -issue %d", memberArg(ref.Member), n, ref.Issue, n)
		}
	}
	for v := uint32(0); v <= nearVariants; v++ {
		if v != ref.Variant && chk.Verify(codes.Ref{Member: ref.Member, Issue: ref.Issue, Variant: v}, c) == nil {
			return fmt.Sprintf("this is the code of variant %d of member %s's issue %d pack: if packs.csv gives that variant, run again with -variant %d",
				v, memberArg(ref.Member), ref.Issue, v)
		}
	}
	return fmt.Sprintf("it is well formed but is not the code issued to member %s, issue %d: check the membership number and the code", memberArg(ref.Member), ref.Issue)
}

// memberArg is a -member value as a message shows it: as given, unless it
// has the form of a security code (a code typed in the wrong place, or
// mistyped there), which no message may repeat.
func memberArg(id string) string {
	if _, err := codes.ParseCode(id); err == nil || errors.Is(err, codes.ErrCheck) {
		return "[not shown: it has the form of a security code]"
	}
	return id
}
