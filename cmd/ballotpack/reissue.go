package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/ledger"
	"github.com/ballotpack/ballotpack/packgen/register"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const reissueUsage = `Usage:
    ballotpack reissue -key election.key -register dist/ -members roll.xlsx [-election election.yaml]
                       -member ID -reason TEXT [-by NAME] -out replacement.pdf

Issues a replacement pack to a member who lost theirs: the next issue
number, new codes, the same layout marked as a replacement, addressed from
the roll given. The old codes are superseded from then on: scan and
reconcile reject them with that reason. The replacement is recorded (who,
when, why, by whom) in dist/replacements.csv once its PDF is safely written.
Refused for a member not on the register, and once a member's ballot paper
has been scanned at the count.

Flags:
    -key FILE            the election's master key (required)
    -register DIR        the folder generate wrote (required)
    -members FILE        the roll, for the member's name and current address (required)
    -election FILE       the election file (default: the embedded default election)
    -member ID           the membership number (required)
    -reason TEXT         why, e.g. "lost in the post" (required)
    -by NAME             who issued it (default: the user name)
    -out FILE            the PDF to write (required; never overwritten)
    -insecure-key-perms  read the key even if other users can read it
`

func runReissue(ctx context.Context, e *env, args []string) error {
	flags := newFlags("reissue")
	keyPath := flags.String("key", "", "")
	dir := flags.String("register", "", "")
	members := flags.String("members", "", "")
	electionPath := flags.String("election", "", "")
	member := flags.String("member", "", "")
	reason := flags.String("reason", "", "")
	by := flags.String("by", os.Getenv("USER"), "")
	out := flags.String("out", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, reissueUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "members", "member", "reason", "out"); err != nil {
		return err
	}
	if *by == "" {
		*by = "unknown"
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists: reissue never overwrites a pack", *out)
	}
	el, err := loadElection(*electionPath)
	if err != nil {
		return err
	}
	man, err := readJob(*dir)
	if err != nil {
		return err
	}
	if man.Election != el.ID {
		return fmt.Errorf("the packs in %s are for election %s, but the election file is for %s", *dir, man.Election, el.ID)
	}
	master, err := loadMasterKey(*keyPath, *insecure, "making new codes")
	if err != nil {
		return err
	}
	if err := sameKey(*keyPath, master.KeyID(), *dir, man); err != nil {
		return err
	}
	issuer, err := master.Issuer(el.ID)
	if err != nil {
		return err
	}
	ix, err := loadPacks(issuer, *dir)
	if err != nil {
		return err
	}
	cur, ok := ix.current[*member]
	if !ok {
		return withHint(fmt.Errorf("membership number %s is not on the register: no pack was made for it", *member), "check the number against packs.csv; a member new to the roll needs the roll checked and a pack made")
	}
	// A member whose paper has been scanned has voted: no replacement.
	ledgers, _ := filepath.Glob(filepath.Join(*dir, "ledger-*.csv"))
	for _, path := range ledgers {
		entries, err := ledger.Read(path)
		if err != nil {
			return err
		}
		for _, en := range entries {
			if en.Member == *member {
				return fmt.Errorf("member %s's ballot paper was scanned at %s on %s (%s): a member who has voted gets no replacement", *member, en.Station, en.Time.Local().Format("2 Jan 2006 15:04"), filepath.Base(path))
			}
		}
	}
	res, err := readRoll(*members, el, "", false)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(res.Members, func(m roll.Member) bool { return m.ID == *member })
	if i < 0 {
		return withHint(fmt.Errorf("membership number %s is not among the roll's accepted members, so there is no address to send a pack to", *member), "run 'ballotpack check' on the roll to see why")
	}
	var issued []codes.Ref
	for _, p := range ix.byCode {
		issued = append(issued, codes.Ref{Member: p.member, Issue: p.issue, Variant: p.variant})
	}
	assigned, _, err := issuer.DeriveUnique([]codes.Ref{{Member: *member, Issue: cur + 1}}, issued)
	if err != nil {
		return err
	}
	a := assigned[0]
	pack := &packgen.Pack{Seq: ix.seq[*member], Member: &res.Members[i], Ref: a.Ref, Codes: a.Pair, Batch: 0}
	r := packgen.NewRenderer(el, el.FontSet, man.Job)
	if _, err := writeFileAtomic(*out, packgen.SecretFile, func(w io.Writer) error {
		_, err := r.WriteBatch(w, []packgen.Content{packgen.PackContent(el, pack)})
		return err
	}); err != nil {
		return err
	}
	// Only now, with the pack safely on disk, do the old codes stop working.
	rep := register.Replacement{Member: *member, Issue: a.Issue, Variant: a.Variant, Issued: now(), Reason: *reason, By: *by, File: filepath.Base(*out)}
	if err := register.Append(*dir, rep); err != nil {
		os.Remove(*out)
		return errors.Join(fmt.Errorf("recording the replacement: %w", err), errors.New("the replacement pack was removed; nothing changed"))
	}
	fmt.Fprintf(e.stdout, "%s: replacement pack for member %s, issue %d; the codes of issue %d no longer work\n", *out, *member, a.Issue, cur)
	infof(e.stderr, "recorded in %s at %s", filepath.Join(*dir, register.File), rep.Issued.Local().Format(time.RFC1123))
	return nil
}
