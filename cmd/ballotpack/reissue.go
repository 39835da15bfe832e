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
	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const reissueUsage = `Usage:
    ballotpack reissue -key election.key -register dist/ -members roll.xlsx [-election election.yaml]
                       -member ID -reason TEXT [-by NAME] -o replacement.pdf

Issues a replacement pack to a member who lost theirs: the next issue
number, new codes, the same layout marked as a replacement, addressed from
the roll given. The old codes are superseded from then on: scan and
reconcile reject them with that reason. The replacement is recorded (who,
when, why, by whom) in the register once its PDF is safely written.
The election (wording, candidates, deadline) is the one the register holds.
Refused for a member not on the register, and once a member's ballot paper
has been scanned at the count.

Flags:
    -key FILE            the election's master key (required)
    -register DIR        the folder generate wrote (required)
    -members FILE        the roll, for the member's name and current address (required)
    -election FILE       the election file, only to check it is the one the register holds
    -member ID           the membership number (required)
    -reason TEXT         why, e.g. "lost in the post" (required)
    -by NAME             who issued it (default: the user name)
    -o FILE              the PDF to write (required; never overwritten)
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
	out := flags.String("o", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, reissueUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "members", "member", "reason", "o"); err != nil {
		return err
	}
	if *by == "" {
		*by = "unknown"
	}
	if *out == outfile.Stdout {
		return usageError("-o -: a replacement pack is a file, named in the register", "name a new file, e.g. -o replacement.pdf")
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s already exists: reissue never overwrites a pack", *out)
	}
	if err := outfile.Check(*out); err != nil {
		return err
	}
	st, err := openRegister(*dir, *electionPath)
	if err != nil {
		return err
	}
	defer st.close()
	el := st.el
	issuer, err := st.withMasterKey(*keyPath, *insecure, "making new codes")
	if err != nil {
		return err
	}
	ix, err := st.packIndex()
	if err != nil {
		return err
	}
	cur, ok := ix.current[*member]
	if !ok {
		return withHint(fmt.Errorf("membership number %s is not on the register: no pack was made for it", memberArg(*member)), "check the number against packs.csv; a member new to the roll needs the roll checked and a pack made")
	}
	// A member whose paper has been scanned and counted has voted: no
	// replacement. A superseded paper scanned counts for nothing, but the
	// officer should know of it.
	scans, err := st.reg.Scans()
	if err != nil {
		return err
	}
	for _, sc := range scans {
		if sc.Member == *member && sc.Counted {
			return fmt.Errorf("member %s's ballot paper was scanned at station %s at %s: a member who has voted gets no replacement", memberArg(*member), sc.Station, localTime(sc.ScannedAt))
		}
	}
	for _, sc := range scans {
		if sc.Member == *member {
			infof(e.stderr, "note: a superseded paper of this member's (issue %d) was scanned at station %s at %s; it counts for nothing, and is kept as evidence", sc.Issue, sc.Station, localTime(sc.ScannedAt))
		}
	}
	res, err := readRoll(ctx, *members, el, "", false)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(res.Members, func(m roll.Member) bool { return m.ID == *member })
	if i < 0 {
		return withHint(fmt.Errorf("membership number %s is not among the roll's accepted members, so there is no address to send a pack to", memberArg(*member)), "run 'ballotpack check' on the roll to see why")
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
	r := packgen.NewRenderer(el, el.FontSet, st.info.Job)
	if _, err := outfile.Write(*out, outfile.Private, nil, func(w io.Writer) error {
		_, err := r.WriteBatch(w, []packgen.Content{packgen.PackContent(el, pack)})
		return err
	}); err != nil {
		return err
	}
	// Only now, with the pack safely on disk, do the old codes stop working.
	m := pack.Member
	rep := register.Replacement{Member: *member, Issue: a.Issue, Variant: a.Variant, Replaced: cur, At: now(), Reason: *reason, By: *by, File: filepath.Base(*out)}
	pages := packgen.PagesPerPack(m.LargePrint)
	if err := st.reg.Replace(rep, register.Pack{Member: *member, Issue: a.Issue, Variant: a.Variant, Seq: pack.Seq,
		BatchFile: filepath.Base(*out), FirstPage: 1, LastPage: pages, LargePrint: m.LargePrint, Country: packgen.CountryName(m.Country)}); err != nil {
		os.Remove(*out)
		if errors.Is(err, register.ErrScanned) {
			err = fmt.Errorf("member %s's ballot paper was scanned meanwhile: a member who has voted gets no replacement", memberArg(*member))
		}
		return errors.Join(fmt.Errorf("recording the replacement: %w", err), errors.New("the replacement pack was removed; nothing changed"))
	}
	fmt.Fprintf(e.stdout, "%s: replacement pack for member %s, issue %d; the codes of issue %d no longer work\n", *out, *member, a.Issue, cur)
	// Station copies made before do not know of it (found in review).
	if copies, err := st.reg.StationCopies(); err == nil {
		for _, c := range copies {
			hintf(e.stderr, "station %s's copy (%s, made %s) does not know of this replacement: there the new paper is refused as INVALID and the old one accepted but, at import, not counted; scan this member's new paper at the main register, or, once its scans are imported, give that station a new copy under a new name",
				c.Station, c.File, localTime(c.MadeAt))
		}
	}
	infof(e.stderr, "recorded in %s at %s", st.reg.Path(), rep.At.Local().Format(time.RFC1123))
	return nil
}
