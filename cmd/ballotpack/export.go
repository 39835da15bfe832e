package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/internal/register"
)

const exportUsage = `Usage:
    ballotpack export-online -key election.key -register dist/ -o online-credentials.csv

Writes what the online voting platform needs to let members vote, one row
per member's current pack: membership number, issue number, and the
credential, a SHA-256 hash of the member's two codes. The platform finds a
voter by hashing the two codes they type; it never holds a code, so the
file can neither cast a vote nor make a ballot paper that the count would
accept. codes/SPEC.md section 10 specifies the hash, with a test vector.

Flags:
    -key FILE            the election's master key (required)
    -register DIR        the folder generate wrote (required)
    -o FILE              the file to write, mode 0600, or - for standard output (required)
    -insecure-key-perms  read the key even if other users can read it
`

func runExport(ctx context.Context, e *env, args []string) error {
	flags := newFlags("export-online")
	keyPath := flags.String("key", "", "")
	dir := flags.String("register", "", "")
	out := flags.String("o", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, exportUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "o"); err != nil {
		return err
	}
	if err := outfile.Check(*out); err != nil {
		return err
	}
	st, err := openRegister(*dir, "")
	if err != nil {
		return err
	}
	defer st.close()
	issuer, err := st.withMasterKey(*keyPath, *insecure, "making the credentials, which need the secret codes,")
	if err != nil {
		return err
	}
	packs, err := st.reg.Packs()
	if err != nil {
		return err
	}
	packs = slices.DeleteFunc(packs, func(p register.Pack) bool { return !p.Current })
	slices.SortFunc(packs, func(a, b register.Pack) int { return strings.Compare(a.Member, b.Member) })
	rows := make([][]string, 0, len(packs))
	for _, p := range packs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		pair, err := issuer.Derive(codes.Ref{Member: p.Member, Issue: p.Issue, Variant: p.Variant})
		if err != nil {
			return fmt.Errorf("pack of member %s: %v", p.Member, err)
		}
		rows = append(rows, []string{p.Member, strconv.Itoa(int(p.Issue)), codes.Credential(issuer.Election(), pair.Ballot, pair.Secret)})
	}
	if _, err := outfile.Write(*out, outfile.Private, e.stdout, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"membership_number", "issue", "credential"})
		cw.WriteAll(rows)
		return cw.Error()
	}); err != nil {
		return err
	}
	if *out == outfile.Stdout {
		infof(e.stderr, "%d members' credentials (SHA-256 of both codes; no code in them)", len(rows))
	} else {
		fmt.Fprintf(e.stdout, "%s: %d members' credentials (SHA-256 of both codes; no code in the file)\n", *out, len(rows))
	}
	hintf(e.stderr, "send it to the voting platform only: it holds membership numbers, which are personal data")
	return nil
}
