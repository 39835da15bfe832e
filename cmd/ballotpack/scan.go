package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/ledger"
	"github.com/ballotpack/ballotpack/packgen/register"
)

const scanUsage = `Usage:
    ballotpack scan -key verify.key -register dist/ [-station NAME] [-ledger FILE]

The scanning station at the count. Reads one code per line from standard
input, typed or sent by a barcode scanner reading the ballot paper's QR code
(the bare ballot code or the QR payload BALLOTPACK:CODE), and prints one
verdict a line:

    OK ACCEPTED <sequence> <membership number>
    !! DUPLICATE (first scanned at <time> at <station>)
    !! SUPERSEDED (replaced by issue <n> on <date>)
    !! INVALID (<reason>)

Each accepted paper is synced to the station's ledger before its verdict
is printed: a crash or power cut never loses an acknowledged scan and never
records one twice, and a restart carries on where it stopped. The ledger
holds membership numbers and times, never codes. A verify-only key is
enough; the master key is never needed at the count.

Flags:
    -key FILE            verify-only key (or master key) of the election (required)
    -register DIR        the folder generate wrote: job.json and packs.csv (required)
    -station NAME        this station's name (default: the host name)
    -ledger FILE         the ledger (default: DIR/ledger-STATION.csv)
    -insecure-key-perms  read the key even if other users can read it
`

// A scanned pack: what a ballot code identifies.
type scanPack struct {
	member  string
	issue   uint32
	variant uint32
	seq     int
}

func runScan(ctx context.Context, e *env, args []string) error {
	flags := newFlags("scan")
	keyPath := flags.String("key", "", "")
	register := flags.String("register", "", "")
	host, _ := os.Hostname()
	station := flags.String("station", host, "")
	ledgerPath := flags.String("ledger", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, scanUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "station"); err != nil {
		return err
	}
	if *ledgerPath == "" {
		*ledgerPath = filepath.Join(*register, "ledger-"+*station+".csv")
	}
	man, err := readJob(*register)
	if err != nil {
		return err
	}
	chk, err := checkerFor(*keyPath, *insecure, man.Election)
	if err != nil {
		return err
	}
	if err := sameKey(*keyPath, chk.KeyID(), *register, man); err != nil {
		return err
	}
	ix, err := loadPacks(chk, *register)
	if err != nil {
		return err
	}
	l, err := ledger.Open(*ledgerPath, *station)
	if err != nil {
		return err
	}
	defer l.Close()
	if l.Recovered {
		infof(e.stderr, "the ledger's last line was cut short by a crash before it was acknowledged; it was dropped: scan that paper again")
	}
	infof(e.stderr, "station %s, election %s, %d packs, %d papers already in %s; scan or type codes, one a line", *station, man.Election, len(ix.current), len(l.Entries()), *ledgerPath)
	if es := l.Entries(); len(es) > 0 {
		last := es[len(es)-1]
		infof(e.stderr, "the last paper recorded here was membership number %s at %s", last.Member, last.Time.Local().Format("15:04:05 on 2 Jan"))
	}

	in := bufio.NewScanner(e.stdin)
	for in.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		fmt.Fprintln(e.stdout, scanVerdict(l, ix, line, now()))
	}
	return in.Err()
}

// now is the time of a scan: the clock, or SOURCE_DATE_EPOCH (seconds
// since 1970) when set, as reproducible builds use it, for tests and
// rehearsals.
func now() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// scanVerdict decides on one scanned line and records an accepted paper.
// Nothing in a verdict repeats the code.
func scanVerdict(l *ledger.Ledger, ix *packIndex, line string, now time.Time) string {
	text := line
	if rest, ok := strings.CutPrefix(strings.ToUpper(line), "BALLOTPACK:"); ok {
		text = rest
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
		return fmt.Sprintf("!! SUPERSEDED (replaced by issue %d on %s)", cur, ix.replaced[p.member].Issued.Local().Format("2 Jan 2006"))
	}
	e, fresh, err := l.Record(p.member, p.issue, now)
	switch {
	case err != nil:
		return "!! ERROR (could not record the scan: " + err.Error() + "; stop and fix this before scanning on)"
	case !fresh:
		return fmt.Sprintf("!! DUPLICATE (first scanned at %s at %s)", e.Time.Local().Format("15:04:05 on 2 Jan"), e.Station)
	}
	return fmt.Sprintf("OK ACCEPTED %d %s", p.seq, p.member)
}

// readJob reads the manifest generate wrote.
func readJob(dir string) (*packgen.Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, packgen.JobFile))
	if err != nil {
		return nil, withHint(err, "-register is the folder 'ballotpack generate' wrote")
	}
	var m packgen.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, packgen.JobFile), err)
	}
	return &m, nil
}

// packIndex knows every pack issued in the election: the run's packs.csv
// and the replacement register.
type packIndex struct {
	byCode   map[codes.Code]scanPack
	current  map[string]uint32               // member → current issue
	replaced map[string]register.Replacement // member → latest replacement
	seq      map[string]int                  // member → sequence number in the run
}

// loadPacks derives the ballot code of every pack issued, old and current.
func loadPacks(chk codes.Checker, dir string) (*packIndex, error) {
	var derive func(codes.Ref) (codes.Code, error)
	switch k := chk.(type) {
	case *codes.VerifyKey:
		derive = k.BallotCode
	case *codes.Issuer:
		derive = func(r codes.Ref) (codes.Code, error) { p, err := k.Derive(r); return p.Ballot, err }
	default:
		return nil, errors.New("unknown key type")
	}
	ix := &packIndex{byCode: map[codes.Code]scanPack{}, current: map[string]uint32{}, replaced: map[string]register.Replacement{}, seq: map[string]int{}}
	add := func(member string, issue, variant uint32, seq int) error {
		c, err := derive(codes.Ref{Member: member, Issue: issue, Variant: variant})
		if err != nil {
			return err
		}
		ix.byCode[c] = scanPack{member: member, issue: issue, variant: variant, seq: seq}
		ix.current[member] = max(ix.current[member], issue)
		return nil
	}
	path := filepath.Join(dir, packgen.PacksFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, withHint(err, "-register is the folder 'ballotpack generate' wrote")
	}
	defer f.Close()
	r := csv.NewReader(f)
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if n == 1 {
			continue // header
		}
		if len(rec) < 4 {
			return nil, fmt.Errorf("%s line %d: too few fields", path, n)
		}
		seq, err1 := strconv.Atoi(rec[0])
		issue, err2 := strconv.ParseUint(rec[2], 10, 32)
		variant, err3 := strconv.ParseUint(rec[3], 10, 32)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, n, err)
		}
		member := strings.TrimPrefix(rec[1], "'") // written defused for spreadsheets
		ix.seq[member] = seq
		if err := add(member, uint32(issue), uint32(variant), seq); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, n, err)
		}
	}
	reps, err := register.Read(dir)
	if err != nil {
		return nil, err
	}
	for _, rep := range reps {
		if err := add(rep.Member, rep.Issue, rep.Variant, ix.seq[rep.Member]); err != nil {
			return nil, err
		}
		ix.replaced[rep.Member] = rep
	}
	return ix, nil
}
