package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const proofUsage = `Usage:
    ballotpack proof -members roll.xlsx [-election election.yaml] [-n 3] [-member ID …] -o proof.pdf

Renders a few packs for staff to check the wording and layout before the
real run: every page is watermarked "PROOF — NOT VALID FOR VOTING" and the
codes are placeholders, so no key is needed and nothing printed can vote.

Flags:
    -members FILE    the membership roll (required)
    -election FILE   the election file (default: the embedded default election)
    -o FILE          the proof PDF to write, mode 0600, or - for standard output (required)
    -n N             how many packs: the first N accepted members (default 3)
    -member ID       a membership number to include; repeat for more
    -sheet NAME      the xlsx sheet to read
`

// Placeholders shown instead of codes on proofs.
const (
	proofCode1 = "XXXXX-XXXXX"
	proofCode2 = "XXXX-XXXX-XXXX-XXXX"
	proofQR    = "PROOF - NOT VALID FOR VOTING"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func runProof(ctx context.Context, e *env, args []string) error {
	flags := newFlags("proof")
	members := flags.String("members", "", "")
	electionPath := flags.String("election", "", "")
	out := flags.String("o", "", "")
	n := flags.Int("n", 3, "")
	sheet := flags.String("sheet", "", "")
	var ids stringList
	flags.Var(&ids, "member", "")
	if err := parseFlags(e, flags, proofUsage, args); err != nil {
		return err
	}
	if err := required(flags, "members", "o"); err != nil {
		return err
	}
	if flags.NArg() > 0 || *n < 0 {
		return usageError("proof takes no arguments and -n must not be negative", "")
	}
	if sameFile(*out, *members) {
		return usageError("-o names the roll itself, which would be overwritten", "give the proof another name, e.g. proof.pdf")
	}
	if err := outfile.Check(*out); err != nil {
		return err
	}
	el, err := loadElection(*electionPath)
	if err != nil {
		return err
	}
	res, err := readRoll(ctx, *members, el, *sheet, false)
	if err != nil {
		return err
	}
	var chosen []*roll.Member
	for _, id := range ids {
		i := slices.IndexFunc(res.Members, func(m roll.Member) bool { return m.ID == id })
		if i < 0 {
			return withHint(fmt.Errorf("membership number %s is not among the roll's accepted members", memberArg(id)), "run 'ballotpack check' to see why a row was rejected")
		}
		chosen = append(chosen, &res.Members[i])
	}
	if len(ids) == 0 {
		for i := range res.Members[:min(*n, len(res.Members))] {
			chosen = append(chosen, &res.Members[i])
		}
	}
	if len(chosen) == 0 {
		return fmt.Errorf("%s has no accepted members to proof", *members)
	}
	contents := make([]packgen.Content, len(chosen))
	for i, m := range chosen {
		f := el.SampleFields()
		f.Name, f.Forename, f.Surname, f.MembershipNumber = m.Name(), m.Forename, m.Surname, m.ID
		contents[i] = packgen.Content{Member: m, Fields: f, Code1: proofCode1, Code2: proofCode2,
			LetterQR: proofQR, BallotQR: proofQR, Seq: i + 1, Batch: 0}
	}
	r := packgen.NewRenderer(el, el.FontSet, "PROOF")
	r.Proof = true
	pages := 0
	// The proof shows members' names and addresses: mode 0600.
	if _, err := outfile.Write(*out, outfile.Private, e.stdout, func(w io.Writer) error {
		pages, err = r.WriteBatch(w, contents)
		return err
	}); err != nil {
		return err
	}
	if *out == outfile.Stdout {
		infof(e.stderr, "%s, %s, watermarked and with placeholder codes", count(len(contents), "proof pack"), count(pages, "page"))
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %s, %s, watermarked and with placeholder codes\n", *out, count(len(contents), "proof pack"), count(pages, "page"))
	return nil
}
