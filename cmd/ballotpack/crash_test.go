package main

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/ledger"
)

// TestScanSurvivesKill kills a running scan (SIGKILL) at random points
// many times while feeding it codes, then checks that every code it
// acknowledged is in the ledger exactly once.
func TestScanSurvivesKill(t *testing.T) {
	key, roll, dir := testKey(t), sampleRoll(t), t.TempDir()
	generate(t, roll, key, dir)
	k, _ := codes.ReadKeyFile(key, false)
	is, _ := k.(*codes.MasterKey).Issuer("leadership-2026")
	var papers []string // compact ballot codes of every pack
	members := map[string]string{}
	for _, p := range readPacks(t, dir) {
		pair, _ := is.Derive(codes.Ref{Member: p.member, Issue: 1})
		papers = append(papers, pair.Ballot.Compact())
		members[pair.Ballot.Compact()] = p.member
	}

	// The test binary runs as ballotpack when called by that name.
	bin := filepath.Join(t.TempDir(), "ballotpack")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	ledgerPath := filepath.Join(dir, "ledger.csv")
	acked := map[string]int{} // member → times acknowledged as ACCEPTED
	rng := rand.New(rand.NewPCG(7, 7))
	for round := range 25 {
		cmd := exec.Command(bin, "scan", "-key", key, "-register", dir, "-station", "crash", "-ledger", ledgerPath)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		out := bufio.NewScanner(stdout)
		n := rng.IntN(6)
		for range n {
			code := papers[rng.IntN(len(papers))]
			io.WriteString(stdin, code+"\n")
			if !out.Scan() {
				t.Fatalf("round %d: scan stopped answering", round)
			}
			if strings.HasPrefix(out.Text(), "OK ACCEPTED") {
				acked[members[code]]++
			}
		}
		// Sometimes kill with a code in flight, sometimes between codes.
		if rng.IntN(2) == 0 {
			io.WriteString(stdin, papers[rng.IntN(len(papers))]+"\n")
			time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
	l, err := ledger.Open(ledgerPath, "crash")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	inLedger := map[string]int{}
	for _, e := range l.Entries() {
		inLedger[e.Member]++
	}
	if len(acked) == 0 {
		t.Fatal("no paper was acknowledged: the test tested nothing")
	}
	for m, n := range acked {
		if n != 1 {
			t.Errorf("member %s acknowledged as accepted %d times", m, n)
		}
		if inLedger[m] != 1 {
			t.Errorf("member %s acknowledged but %d times in the ledger", m, inLedger[m])
		}
	}
	for m, n := range inLedger {
		if n != 1 {
			t.Errorf("member %s in the ledger %d times", m, n)
		}
	}
	t.Logf("%d papers acknowledged, %d in the ledger", len(acked), len(inLedger))
}

// FuzzScanLine feeds arbitrary lines to the scanning station's decision:
// it never panics and always answers with a verdict a person can read.
func FuzzScanLine(f *testing.F) {
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer("fuzz")
	pair, _ := is.Derive(codes.Ref{Member: "1", Issue: 1})
	ix := &packIndex{byCode: map[codes.Code]scanPack{pair.Ballot: {member: "1", issue: 1, seq: 1}}, current: map[string]uint32{"1": 1}}
	for _, s := range []string{pair.Ballot.Text(), "BALLOTPACK:" + pair.Ballot.Compact(), pair.Secret.Text(), "ballotpack:", "", "U", "\x00\xff"} {
		f.Add(s)
	}
	l, err := ledger.Open(filepath.Join(f.TempDir(), "ledger.csv"), "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		v := scanVerdict(l, ix, line, time.Unix(0, 0))
		if !strings.HasPrefix(v, "OK ACCEPTED ") && !strings.HasPrefix(v, "!! ") {
			t.Fatalf("verdict %q", v)
		}
		if strings.Contains(v, pair.Ballot.Compact()) || strings.Contains(v, pair.Ballot.Text()) {
			t.Fatal("the verdict repeats the code")
		}
	})
}

// FuzzReadOnline feeds arbitrary files to reconcile's reader of the online
// export: no panic, and every data line ends as a vote or a rejection.
func FuzzReadOnline(f *testing.F) {
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer("fuzz")
	pair, _ := is.Derive(codes.Ref{Member: "1", Issue: 1})
	byCode := map[codes.Code]scanPack{pair.Ballot: {member: "1", issue: 1, seq: 1}}
	current := map[string]uint32{"1": 1}
	f.Add("membership_number,received\n1,2026-10-20 10:00:00\n")
	f.Add("ballot_code,received\n" + pair.Ballot.Text() + ",2026-10-20T10:00:00Z\nXXXX,yesterday\n")
	f.Add("code;time\n\"unterminated\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(dir, "online.csv")
		os.WriteFile(path, []byte(content), 0o644)
		votes, bad, n, err := readOnline(path, byCode, current)
		if err != nil {
			return
		}
		if len(votes)+len(bad) != n {
			t.Fatalf("%d votes + %d rejected != %d lines", len(votes), len(bad), n)
		}
	})
}
