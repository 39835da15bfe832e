package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/register"
)

const scanUsage = `Usage:
    ballotpack scan -key verify.key -register dist/ [-station NAME] [-operator NAME]
    ballotpack scan -key verify.key -register station-NAME.db

The scanning station at the count. Scan papers as they arrive, or give
-received for a session that clears the post of one day: the policy on
voting twice (first-wins, last-wins) compares when a paper was received
with when an online vote was cast. Reads one code per line from standard
input, typed or sent by a barcode scanner reading the ballot paper's QR code
(the bare ballot code or the QR payload BALLOTPACK:CODE), and prints one
verdict a line:

    OK ACCEPTED <sequence> <membership number>
    !! DUPLICATE (first scanned at <time> at <station>)
    !! SUPERSEDED (replaced by issue <n> on <date>)
    !! INVALID (<reason>)

Each scan is recorded in the election register, sealed with the key, and on
disk before its verdict is printed: a crash or power cut never loses an
acknowledged paper. Several scan processes may share one register: a paper
accepted by one is a DUPLICATE at the others. The register holds membership
numbers and times, never codes. A verify-only key is enough.

A station on a machine of its own scans into its copy of the register,
made by 'ballotpack station'; 'ballotpack import-scans' brings the scans
back. At the end of input (or Ctrl-C) the session's totals are printed.

Flags:
    -key FILE            verify-only key (or master key) of the election (required)
    -register PATH       the folder generate wrote, or a station's copy (required)
    -station NAME        this station's name: letters, digits, '-', '_', at most 32
                         (default: a station copy's own name, else the host name)
    -operator NAME       who is scanning, recorded with each scan
    -received WHEN       when the papers of this session were received: a day
                         (2026-10-14, read as its first minute, UK time) or a UK
                         time (2026-10-14 09:30); default: when each is scanned
    -insecure-key-perms  read the key even if other users can read it
`

// parseReceivedFlag reads -received: a day (its start, UK time) or a
// time. It may not be later than now.
func parseReceivedFlag(v string, now, opened time.Time) (time.Time, error) {
	t, ok := parseReceived(v)
	if !ok {
		day, err := time.ParseInLocation("2006-01-02", v, ukTime())
		if err != nil {
			if why := clockProblem(v); why != "" {
				return time.Time{}, fmt.Errorf("%s %s", v, why)
			}
			return time.Time{}, fmt.Errorf("%q is not a day or a time", v)
		}
		t = day
	}
	if t.After(now) {
		return time.Time{}, fmt.Errorf("%s is in the future", v)
	}
	if t.Before(opened) {
		return time.Time{}, fmt.Errorf("%s is before the ballot opened on %s", v, opened.Format("2 January 2006"))
	}
	return t, nil
}

// maxScanLine is the longest line scan reads; anything longer is not a
// code and is refused without being read into memory.
const maxScanLine = 4096

// scanSession counts a session's verdicts.
type scanSession struct {
	accepted, duplicates, superseded, invalid int
}

func runScan(ctx context.Context, e *env, args []string) error {
	flags := newFlags("scan")
	keyPath := flags.String("key", "", "")
	regArg := flags.String("register", "", "")
	station := flags.String("station", "", "")
	operator := flags.String("operator", "", "")
	receivedFlag := flags.String("received", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, scanUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register"); err != nil {
		return err
	}
	s, err := openRegister(*regArg, "")
	if err != nil {
		return err
	}
	defer s.close()
	switch {
	case *station == "" && s.info.Station != "":
		*station = s.info.Station
	case *station == "":
		*station = hostStation()
	}
	if err := register.CheckStation(*station); err != nil {
		return usageError("-station: "+err.Error(), "")
	}
	if s.info.Station != "" && *station != s.info.Station {
		return usageError(fmt.Sprintf("%s is station %s's copy of the register, not station %s's", s.reg.Path(), s.info.Station, *station), "leave out -station")
	}
	if len(*operator) > 64 || strings.ContainsFunc(*operator, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return usageError("-operator: at most 64 characters, no control characters", "")
	}
	var received time.Time // zero: each paper was received when it is scanned
	if *receivedFlag != "" {
		if received, err = parseReceivedFlag(*receivedFlag, now(), s.el.LetterDate); err != nil {
			return usageError("-received: "+err.Error(), "give the day the post arrived, e.g. -received 2026-10-14, or a UK time 2026-10-14 09:30")
		}
		infof(e.stderr, "papers scanned in this session are recorded as received at %s", received.In(ukTime()).Format("15:04 on Mon 2 Jan 2006 (UK time)"))
	}
	// Papers received after the deadline are recorded, and rejected as late
	// at the count: the person scanning should know it now (found in
	// review: OK ACCEPTED, then late at reconcile).
	if at := cmp.Or(received, now()); at.After(s.el.Deadline) {
		hintf(e.stderr, "papers recorded in this session are received after the deadline (%s): reconcile will reject them as late; if the post arrived before it, give -received with the day it arrived",
			s.el.Deadline.In(ukTime()).Format("15:04 on Mon 2 Jan 2006"))
	}
	if err := s.withKey(*keyPath, *insecure); err != nil {
		return err
	}
	ix, err := s.packIndex()
	if err != nil {
		return err
	}
	n, err := s.reg.CountScans(*station)
	if err != nil {
		return err
	}
	infof(e.stderr, "station %s, election %s, %d packs, %d scans already recorded here in %s; scan or type codes, one a line", *station, s.info.Election, len(ix.current), n, s.reg.Path())
	if last, ok, err := s.reg.LastScan(*station); err == nil && ok {
		infof(e.stderr, "the last paper recorded here was membership number %s at %s", last.Member, localTime(last.ScannedAt))
	}

	var sess scanSession
	defer func() {
		infof(e.stderr, "session at station %s: %d accepted, %d duplicates, %d superseded, %d invalid", *station,
			sess.accepted, sess.duplicates, sess.superseded, sess.invalid)
	}()
	// Lines are read apart, so that Ctrl-C ends the session at once, even
	// while it waits for the next paper; a scan being recorded finishes.
	type scanned struct {
		line string
		long bool
		err  error
	}
	lines := make(chan scanned)
	go func() {
		in := bufio.NewReaderSize(e.stdin, maxScanLine)
		for {
			line, long, err := readScanLine(in)
			select {
			case lines <- scanned{line, long, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	record := context.WithoutCancel(ctx)
	for {
		var sc scanned
		select {
		case <-ctx.Done():
			return nil // Ctrl-C ends the session; every acknowledged scan is on disk
		case sc = <-lines:
		}
		line, long, err := sc.line, sc.long, sc.err
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var verdict string
		switch line = strings.TrimSpace(line); {
		case long:
			verdict = fmt.Sprintf("!! INVALID (a line of more than %d characters is not a code: check the scanner's settings)", maxScanLine)
		case line == "":
			continue
		default:
			verdict = scanVerdict(record, s, ix, *station, *operator, line, now(), received)
		}
		switch {
		case strings.HasPrefix(verdict, "OK"):
			sess.accepted++
		case strings.HasPrefix(verdict, "!! DUPLICATE"):
			sess.duplicates++
		case strings.HasPrefix(verdict, "!! SUPERSEDED"):
			sess.superseded++
		default:
			sess.invalid++
		}
		fmt.Fprintln(e.stdout, verdict)
		if strings.HasPrefix(verdict, "!! ERROR") {
			return errors.New("a scan could not be recorded: stop and fix this before scanning on")
		}
	}
}

// readScanLine reads one line; a line longer than the reader's buffer is
// read to its end, discarded, and reported as long.
func readScanLine(r *bufio.Reader) (string, bool, error) {
	b, isPrefix, err := r.ReadLine()
	if err != nil {
		return "", false, err
	}
	if !isPrefix {
		return string(b), false, nil
	}
	for isPrefix && err == nil {
		_, isPrefix, err = r.ReadLine()
	}
	if err != nil && err != io.EOF {
		return "", false, err
	}
	return "", true, nil
}

// hostStation is the default station name: the host name, made into a
// valid station name.
func hostStation() string {
	host, _ := os.Hostname()
	host, _, _ = strings.Cut(host, ".")
	b := []byte(host)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '-'
		}
	}
	return cmp.Or(string(b[:min(len(b), 32)]), "station")
}

// localTime shows a stored time in local time.
func localTime(stored string) string {
	t, err := time.Parse(register.TimeFormat, stored)
	if err != nil {
		return stored
	}
	return t.Local().Format("15:04:05 on 2 Jan")
}

// now is the time of a scan: the clock, or SOURCE_DATE_EPOCH (seconds
// since 1970) when set, as reproducible builds use it, for tests and
// rehearsals.
func now() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 && n <= maxSourceDateEpoch {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// maxSourceDateEpoch is the last second of the year 9999.
const maxSourceDateEpoch = 253402300799

// checkSourceDateEpoch refuses a SOURCE_DATE_EPOCH that is set but is not
// a whole number of seconds since 1970 up to the year 9999, rather than
// quietly using the clock (which makes shards' registers differ).
func checkSourceDateEpoch() error {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < 0 || n > maxSourceDateEpoch {
		return usageError(fmt.Sprintf("SOURCE_DATE_EPOCH is %q: it must be a whole number of seconds since 1 January 1970 UTC", s),
			"set it with $(date +%s), or unset it to use the clock")
	}
	return nil
}

// scanVerdict decides on one scanned line and records an accepted paper.
// Nothing in a verdict repeats the code.
func scanVerdict(ctx context.Context, s *electionState, ix *packIndex, station, operator, line string, now, received time.Time) string {
	upper := strings.ToUpper(line)
	text := line
	if rest, ok := strings.CutPrefix(upper, "BALLOTPACK:"); ok {
		text = rest
	}
	switch {
	case strings.HasPrefix(upper, "BPK:"):
		return "!! INVALID (that is a page's integrity mark, for the print house: scan the QR code beside the ballot code on the ballot paper)"
	case strings.HasPrefix(upper, "HTTP://") || strings.HasPrefix(upper, "HTTPS://"):
		return "!! INVALID (that is the letter's QR code, for voting online, not a ballot paper: scan the QR code on the ballot paper)"
	}
	c, err := codes.ParseCode(text)
	if err != nil {
		return "!! INVALID (" + err.Error() + ")"
	}
	if c.Kind() != codes.Ballot {
		return "!! INVALID (this is a secret code, which is never on a ballot paper: scan the ballot code)"
	}
	p, ok := ix.byCode[c]
	if !ok {
		return "!! INVALID (not a ballot code of this election's packs: check it is this election's paper, or that it was typed right)"
	}
	if cur := ix.current[p.member]; p.issue < cur {
		return fmt.Sprintf("!! SUPERSEDED (replaced by issue %d on %s)", cur, ix.replaced[p.member].At.Local().Format("2 Jan 2006"))
	}
	at, rec := register.Format(now), register.Format(now)
	if !received.IsZero() {
		rec = register.Format(received)
	}
	first, err := s.reg.RecordScan(ctx, register.Scan{Station: station, Operator: operator, ScannedAt: at, ReceivedAt: rec,
		Member: p.member, Issue: p.issue}, s.seal)
	switch {
	case errors.Is(err, register.ErrDuplicate):
		return fmt.Sprintf("!! DUPLICATE (first scanned at %s at %s)", localTime(first.ScannedAt), first.Station)
	case errors.Is(err, register.ErrSuperseded):
		return "!! SUPERSEDED (a replacement pack was issued while this station was running)"
	case err != nil:
		return "!! ERROR (could not record the scan: " + err.Error() + ")"
	}
	if s.el != nil && cmp.Or(received, now).After(s.el.Deadline) {
		return fmt.Sprintf("OK ACCEPTED %d %s (received after the deadline: late, it will not count)", p.seq, p.member)
	}
	return fmt.Sprintf("OK ACCEPTED %d %s", p.seq, p.member)
}
