package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/reconcile"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

const reconcileUsage = `Usage:
    ballotpack reconcile -key verify.key -register dist/ [-online online.csv]
                         [-policy P [-override-policy REASON]] -out results/ [-force]

Reconciles the votes received online (the voting platform's export) with
the postal ballot papers scanned at the count (the register's scans), under
the ballot's policy on voting more than once, and writes:

    results/accepted.csv      the vote that counts, per member
    results/rejected.csv      every vote or line that does not count, and why
    results/disqualified.csv  (disqualify) members who voted more than once, with every attempt
    results/summary.txt       totals: votes received = accepted + rejected

The online export is CSV with a header naming a "membership number" or a
"ballot code" column and a "received" (or "time") column: RFC 3339 times, or
YYYY-MM-DD HH:MM:SS in UK time. Every line is checked: unknown members, invalid,
foreign or superseded codes and malformed times are rejected with their line
number. The result is the same whatever the order of the inputs.

Flags:
    -key FILE            verify-only key (or master key) (required)
    -register DIR        the folder generate wrote (required)
    -online FILE         the online platform's export
    -election FILE       the election file, only to check it is the one the register holds
    -policy P            disqualify, first-wins or last-wins: only to check it is the
                         election's (default: the election's)
    -override-policy WHY apply -policy although the election promised another; WHY is recorded
    -force               replace the results in an existing -out
    -out DIR             where to write the results (required)
    -insecure-key-perms  read the key even if other users can read it
`

func runReconcile(ctx context.Context, e *env, args []string) error {
	flags := newFlags("reconcile")
	keyPath := flags.String("key", "", "")
	dir := flags.String("register", "", "")
	online := flags.String("online", "", "")
	electionPath := flags.String("election", "", "")
	policyName := flags.String("policy", "", "")
	override := flags.String("override-policy", "", "")
	force := flags.Bool("force", false, "")
	out := flags.String("out", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, reconcileUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "out"); err != nil {
		return err
	}
	if *policyName != "" {
		if _, err := reconcile.ParsePolicy(*policyName); err != nil {
			return usageError(err.Error(), "")
		}
	}
	if _, err := os.Lstat(*out); err == nil && !*force {
		return withHint(fmt.Errorf("%s already exists: reconcile never overwrites earlier results", *out), "give a new -out, or -force to replace them (the register keeps a record of every run)")
	}
	st, err := openRegister(*dir, *electionPath)
	if err != nil {
		return err
	}
	defer st.close()
	if st.info.Station != "" {
		return usageError(fmt.Sprintf("%s is station %s's copy of the register", st.reg.Path(), st.info.Station), "import its scans into the main register with 'ballotpack import-scans', and reconcile that")
	}
	// The policy is the one the letters promised; another needs a reason
	// on the record.
	policy := reconcile.Policy(st.el.Policy)
	switch {
	case *policyName == "" || reconcile.Policy(*policyName) == policy:
		if *override != "" {
			return usageError("-override-policy is only for a -policy other than the election's ("+string(policy)+")", "")
		}
	case *override == "":
		return withHint(fmt.Errorf("the letters of election %s promised the policy %s, not %s", st.info.Election, policy, *policyName),
			"leave out -policy; if the returning officer has ruled otherwise, give -override-policy \"REASON\", which is recorded")
	default:
		policy = reconcile.Policy(*policyName)
	}
	if err := st.withKey(*keyPath, *insecure); err != nil {
		return err
	}
	ix, err := st.packIndex()
	if err != nil {
		return err
	}
	byCode, current := ix.byCode, ix.current
	runAt := now()

	var votes []reconcile.Vote
	var invalid []reconcile.Rejection
	lines := 0
	if *online != "" {
		v, bad, n, err := readOnline(*online, byCode, current)
		if err != nil {
			return err
		}
		votes, invalid, lines = append(votes, v...), append(invalid, bad...), lines+n
	}
	// Postal votes: the register's scans, every seal checked first. Each
	// paper has one counted scan: one vote, however often it was scanned.
	papers, err := st.reg.Papers(st.checkSeal)
	if err != nil {
		return withHint(err, "a scan row was changed, deleted or added by hand, or made without this election's key: nothing was reconciled")
	}
	for _, sc := range papers {
		received, _ := time.Parse(register.TimeFormat, sc.ReceivedAt)
		v := reconcile.Vote{Member: sc.Member, Channel: "postal", Received: received, Source: "scans at " + sc.Station, Line: int(sc.StationSeq)}
		lines++
		if cur := current[sc.Member]; sc.Issue < cur {
			invalid = append(invalid, reconcile.Rejection{Vote: v, Reason: fmt.Sprintf("superseded: the paper of issue %d, replaced by issue %d", sc.Issue, cur)})
			continue
		}
		votes = append(votes, v)
	}
	// Votes outside the ballot's window do not count, in either channel.
	votes, late := reconcile.Window{Opens: st.el.LetterDate, Deadline: st.el.Deadline, Now: runAt}.Split(votes)
	invalid = append(invalid, late...)
	res := reconcile.Apply(policy, votes, invalid)
	if err := outfile.Folder(*out, 0o700); err != nil { // the results name members: the owner's alone
		return err
	}
	if err := writeResults(*out, policy, *override, st.el.Deadline, res, lines); err != nil {
		return err
	}
	// The register keeps a record of every reconciliation run.
	var inputs []string
	if *online != "" {
		sum, err := packgen.FileSHA256(*online)
		if err != nil {
			return err
		}
		inputs = append(inputs, filepath.Base(*online)+" "+sum)
	}
	if err := st.reg.RecordRun(register.Run{At: runAt, Policy: string(policy), OverrideReason: *override, Inputs: inputs, Received: lines,
		Accepted: len(res.Accepted), Rejected: len(res.Rejected), Disqualified: len(res.Disqualified), Out: *out}); err != nil {
		return fmt.Errorf("recording the run in the register: %w", err)
	}
	summary, _ := os.ReadFile(filepath.Join(*out, "summary.txt"))
	e.stdout.Write(summary)
	return nil
}

// looksReceived reports whether s reads as a received time, as a line of
// the export would have it.
func looksReceived(s string) bool {
	_, ok := parseReceived(s)
	return ok || clockProblem(s) != ""
}

// swallowed is the error for an export in which a quote opened on line
// start is closed only on line end (or never): the lines between would be
// one cell, and their votes lost, so the file is refused whole.
func swallowed(path string, start, end int) error {
	return withHint(fmt.Errorf("%s line %d: a quote opened on this line is not closed until line %d, so the lines between read as one cell and their votes would be lost: the export is refused whole", path, start, end),
		"find the stray quote mark on that line (open the file in a text editor), fix it or ask the platform for the export again, and run again")
}

// readOnline reads the online platform's export.
func readOnline(path string, byCode map[codes.Code]scanPack, current map[string]uint32) ([]reconcile.Vote, []reconcile.Rejection, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, 0, err
	}
	defer f.Close()
	in := bufio.NewReader(f)
	if bom, _ := in.Peek(3); string(bom) == "\ufeff" {
		in.Discard(3) // a spreadsheet's byte order mark, before a quoted heading too
	}
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s: no header row (%v)", path, err)
	}
	col := func(names ...string) int {
		for i, h := range head {
			h = strings.ToLower(strings.Join(strings.FieldsFunc(h, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '\ufeff' }), ""))
			if slices.Contains(names, h) {
				return i
			}
		}
		return -1
	}
	memberCol := col("membershipnumber", "member", "memberid", "membershipno")
	codeCol := col("ballotcode", "code", "code1")
	timeCol := col("received", "time", "receivedat", "timestamp", "votedat")
	issueCol := col("issue", "issuenumber")
	if (codeCol < 0 && (memberCol < 0 || issueCol < 0)) || timeCol < 0 {
		return nil, nil, 0, fmt.Errorf("%s: the header must name a ballot_code column (or membership_number and issue columns) and a received column; it has %s", path, strings.Join(head, ", "))
	}
	// Only a column named as the platform's vote ID: "vote" or "id" may be
	// what was voted, or anything (found in review: a "vote" column of
	// candidates made different members' votes one).
	voteIDCol := col("voteid", "platformvoteid", "receiptid")
	source := filepath.Base(path)
	var votes []reconcile.Vote
	var bad []reconcile.Rejection
	seen := map[string]int{}   // a vote's identity (member and instant) → the line it was first seen on
	byID := map[string][]int{} // the platform's vote ID → its votes, by index
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		n++
		v := reconcile.Vote{Channel: "online", Source: source, Line: line}
		reject := func(reason string) { bad = append(bad, reconcile.Rejection{Vote: v, Reason: reason}) }
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Line > pe.StartLine {
				return nil, nil, 0, swallowed(path, pe.StartLine, pe.Line)
			}
			if errors.As(err, &pe) {
				v.Line = pe.StartLine
				reject("not a valid CSV line: " + pe.Err.Error())
				continue
			}
			return nil, nil, 0, err
		}
		// A cell may hold line breaks (a note), but not lines that are
		// whole records of the export: those are a quote left open, which
		// took the lines after it into one cell.
		for i, cell := range rec {
			lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(cell, "\r\n", "\n"), "\r", "\n"), "\n")
			for j, l := range lines[1:] {
				// A note may have commas; a record has them and a received
				// time where the header says (found in review: a note with
				// three commas refused a good export).
				if parts := strings.Split(l, ","); len(head) > 1 && len(parts) >= len(head) && looksReceived(strings.Trim(parts[timeCol], ` "`)) {
					start, _ := r.FieldPos(i)
					return nil, nil, 0, swallowed(path, start, start+j+1)
				}
			}
		}
		get := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		given := get(memberCol)
		v.Member = given
		t, ok := parseReceived(get(timeCol))
		if !ok {
			if why := clockProblem(get(timeCol)); why != "" {
				reject(fmt.Sprintf("received time %q %s", get(timeCol), why))
			} else {
				reject(fmt.Sprintf("received time %q is not a time (use RFC 3339, or YYYY-MM-DD HH:MM:SS in UK time, outside the hour the clocks change)", get(timeCol)))
			}
			continue
		}
		v.Received = t
		switch c := get(codeCol); {
		case codeCol >= 0 && c == "":
			reject("no ballot code on the line: a vote online is identified by its ballot code")
			continue
		case c != "":
			code, err := codes.ParseCode(c)
			if err != nil {
				reject("invalid ballot code: " + err.Error())
				continue
			}
			if code.Kind() != codes.Ballot {
				reject("that is a secret code, not a ballot code")
				continue
			}
			p, ok := byCode[code]
			if !ok {
				reject("not a ballot code of this election's packs")
				continue
			}
			if given != "" && given != p.member {
				reject(fmt.Sprintf("membership number %q does not match the ballot code, which is member %s's", given, p.member))
				continue
			}
			v.Member = p.member
			if p.issue < current[p.member] {
				reject(fmt.Sprintf("superseded: the code of issue %d, replaced by issue %d", p.issue, current[p.member]))
				continue
			}
		default:
			// The platform found the voter by the credential of one pack
			// (SPEC.md section 10) and gives its membership number and issue.
			cur, ok := current[v.Member]
			issue, err := strconv.ParseUint(get(issueCol), 10, 32)
			switch {
			case !ok:
				reject(fmt.Sprintf("membership number %q has no pack in this election", v.Member))
				continue
			case err != nil || issue < 1 || uint32(issue) > cur:
				reject(fmt.Sprintf("issue %q is not an issue of member %s's packs", get(issueCol), v.Member))
				continue
			case uint32(issue) < cur:
				reject(fmt.Sprintf("superseded: the credential of issue %d, replaced by issue %d", issue, cur))
				continue
			}
		}
		// One vote is one vote: the platform's vote ID when it gives one,
		// else what the line means (the member and the instant), however
		// it is written: spacing, case and time notation do not make a
		// second vote.
		id := fmt.Sprintf("%s\x00%d", v.Member, v.Received.UnixNano())
		if first, dup := seen[id]; dup {
			reject(fmt.Sprintf("the same vote as line %d, repeated in the export: it counts once", first))
			continue
		}
		seen[id] = line
		if vid := get(voteIDCol); voteIDCol >= 0 && vid != "" {
			byID[vid] = append(byID[vid], len(votes))
		}
		votes = append(votes, v)
	}
	// The platform's vote ID names one vote. Lines sharing one are settled
	// once every line is read, so that the order of the lines never
	// decides (found in review): one member's vote sent again counts once,
	// at its earliest time; one ID on several members' votes is an export
	// to question, and none of them counts until the platform explains.
	drop := map[int]string{}
	for vid, idx := range byID {
		if len(idx) < 2 {
			continue
		}
		var lines []string
		oneMember := true
		for _, i := range idx {
			lines = append(lines, strconv.Itoa(votes[i].Line))
			oneMember = oneMember && votes[i].Member == votes[idx[0]].Member
		}
		if !oneMember {
			for _, i := range idx {
				drop[i] = fmt.Sprintf("vote ID %q is on lines %s, for more than one member: the export may be corrupt; none of these counts until the platform explains", vid, strings.Join(lines, ", "))
			}
			continue
		}
		keep := idx[0]
		for _, i := range idx[1:] {
			if votes[i].Received.Before(votes[keep].Received) {
				keep = i
			}
		}
		for _, i := range idx {
			if i != keep {
				drop[i] = fmt.Sprintf("the same vote as line %d (vote ID %q), repeated in the export: it counts once, at its earliest time", votes[keep].Line, vid)
			}
		}
	}
	if len(drop) > 0 {
		kept := votes[:0:0]
		for i, v := range votes {
			if why, ok := drop[i]; ok {
				bad = append(bad, reconcile.Rejection{Vote: v, Reason: why})
			} else {
				kept = append(kept, v)
			}
		}
		votes = kept
	}
	return votes, bad, n, nil
}

// ukTime is the zone of times written without one; time/tzdata is
// embedded, so it never falls back to UTC.
var ukTime = sync.OnceValue(func() *time.Location {
	uk, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("the embedded time zone database has no Europe/London: " + err.Error())
	}
	return uk
})

// parseReceived reads a time: RFC 3339, or a UK local time. A local time
// that the clock change makes ambiguous (the autumn hour that happens
// twice) or impossible (the spring hour that never happens) is refused.
func parseReceived(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	uk := ukTime()
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		wall, err := time.Parse(l, s) // the wall clock reading, as if in UTC
		if err != nil {
			continue
		}
		t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), uk) // "10:00:00.5" keeps its half second
		if t.Format(l) != wall.Format(l) || isAmbiguous(t) {
			return time.Time{}, false // the spring hour that never happens, or the autumn one that happens twice
		}
		return t, true
	}
	return time.Time{}, false
}

// clockProblem says why s, which parseReceived refused, is not a time when
// it is a UK wall-clock reading in the hour the clocks change, and is ""
// otherwise.
func clockProblem(s string) string {
	uk := ukTime()
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		wall, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, uk)
		switch {
		case t.Format(l) != wall.Format(l):
			return "does not exist in UK time: the clocks go forward that night, skipping that hour"
		case isAmbiguous(t):
			return "happens twice in UK time: the clocks go back that night, so that hour comes once in summer time and again an hour later; give the time with its offset in RFC 3339 (+01:00 for the first, +00:00 for the second)"
		}
	}
	return ""
}

// isAmbiguous says whether t's wall clock reading happens twice in its
// zone (the hour the clocks go back).
func isAmbiguous(t time.Time) bool {
	for _, d := range []time.Duration{-time.Hour, time.Hour} {
		u := t.Add(d)
		if u.Format("2006-01-02 15:04:05") == t.Format("2006-01-02 15:04:05") {
			return true
		}
	}
	return false
}

var (
	quoted = regexp.MustCompile(`"[^"]*"`)
	// A number, or a date in words, which is the election's and the same
	// on every line ("before the ballot opened on 1 October 2026").
	numberOrDate = regexp.MustCompile(`[0-9]{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{4}|[0-9]+`)
)

// reasonKind is a rejection's reason without what varies from line to line
// (quoted values, numbers, what follows a colon), to count reasons by kind.
func reasonKind(reason string) string {
	k := numberOrDate.ReplaceAllStringFunc(quoted.ReplaceAllString(reason, "…"), func(m string) string {
		if strings.Contains(m, " ") {
			return m // a date
		}
		return "N"
	})
	if i := strings.IndexAny(k, ":,("); i > 0 {
		k = k[:i]
	}
	return strings.TrimSpace(k)
}

// writeResults writes the result files, each atomically and mode 0600:
// all but summary.txt name members, and that one counts reasons that may.
func writeResults(dir string, policy reconcile.Policy, override string, deadline time.Time, res reconcile.Result, received int) error {
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano) // a fraction of a second shows: 17:00:00.5 is late
	}
	write := func(name string, header []string, rows [][]string) error {
		_, err := outfile.Write(filepath.Join(dir, name), outfile.Private, nil, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write(header)
			for _, r := range rows {
				for i := range r {
					r[i] = roll.SafeCell(r[i])
				}
				cw.Write(r)
			}
			cw.Flush()
			return cw.Error()
		})
		return err
	}
	var acc, rej, dis [][]string
	for _, v := range res.Accepted {
		acc = append(acc, []string{v.Member, v.Channel, stamp(v.Received), v.Source, strconv.Itoa(v.Line)})
	}
	for _, r := range res.Rejected {
		rej = append(rej, []string{r.Source, strconv.Itoa(r.Line), r.Member, r.Channel, stamp(r.Received), r.Reason})
	}
	members := make([]string, 0, len(res.Disqualified))
	for m := range res.Disqualified {
		members = append(members, m)
	}
	slices.Sort(members)
	for _, m := range members {
		for _, v := range res.Disqualified[m] {
			dis = append(dis, []string{m, strconv.Itoa(len(res.Disqualified[m])), v.Channel, stamp(v.Received), v.Source, strconv.Itoa(v.Line)})
		}
	}
	if err := write("accepted.csv", []string{"membership_number", "channel", "received", "source", "line"}, acc); err != nil {
		return err
	}
	if err := write("rejected.csv", []string{"source", "line", "membership_number", "channel", "received", "reason"}, rej); err != nil {
		return err
	}
	if err := write("disqualified.csv", []string{"membership_number", "votes", "channel", "received", "source", "line"}, dis); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "policy %s\n", policy)
	if override != "" {
		fmt.Fprintf(&b, "policy overridden (the letters promised another): %s\n", override)
	}
	fmt.Fprintf(&b, "deadline %s\n", deadline.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "%d votes received = %d accepted + %d rejected\n", received, len(res.Accepted), len(res.Rejected))
	fmt.Fprintf(&b, "%s disqualified for voting more than once\n", count(len(res.Disqualified), "member"))
	// By channel and by reason, adding up to the totals above.
	accBy, rejBy := map[string]int{}, map[string]int{}
	for _, v := range res.Accepted {
		accBy[v.Channel]++
	}
	reasons := map[string]int{}
	for _, r := range res.Rejected {
		rejBy[r.Channel]++
		reasons[r.Channel+": "+reasonKind(r.Reason)]++
	}
	fmt.Fprintf(&b, "by channel:\n")
	for _, ch := range []string{"postal", "online"} {
		fmt.Fprintf(&b, "  %-6s %d received = %d accepted + %d rejected\n", ch, accBy[ch]+rejBy[ch], accBy[ch], rejBy[ch])
	}
	if len(reasons) > 0 {
		fmt.Fprintf(&b, "rejected, by reason:\n")
		keys := slices.Sorted(maps.Keys(reasons))
		for _, k := range keys {
			fmt.Fprintf(&b, "  %6d  %s\n", reasons[k], k)
		}
	}
	_, err := outfile.Write(filepath.Join(dir, "summary.txt"), outfile.Private, nil, func(w io.Writer) error {
		_, err := io.WriteString(w, b.String())
		return err
	})
	return err
}
