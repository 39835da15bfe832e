package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/register"
)

// TestScanSurvivesKill runs 4 scan processes on one register at once,
// fed overlapping streams of codes, and kills them (SIGKILL) at random
// points, over 100 times in all. Every paper acknowledged anywhere must be
// counted in the register exactly once, and no paper acknowledged twice.
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
	const processes, rounds = 4, 26 // 104 kills
	var mu sync.Mutex
	acked := map[string]int{} // member → times acknowledged as ACCEPTED, by any process
	var wg sync.WaitGroup
	for w := range processes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(7, uint64(w)))
			for round := range rounds {
				cmd := exec.Command(bin, "scan", "-key", key, "-register", dir, "-station", "desk")
				stdin, _ := cmd.StdinPipe()
				stdout, _ := cmd.StdoutPipe()
				cmd.Stderr = io.Discard
				if err := cmd.Start(); err != nil {
					t.Error(err)
					return
				}
				out := bufio.NewScanner(stdout)
				for range rng.IntN(5) {
					code := papers[rng.IntN(len(papers))]
					io.WriteString(stdin, code+"\n")
					if !out.Scan() {
						t.Errorf("process %d round %d: scan stopped answering", w, round)
						break
					}
					if strings.HasPrefix(out.Text(), "OK ACCEPTED") {
						mu.Lock()
						acked[members[code]]++
						mu.Unlock()
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
		}()
	}
	wg.Wait()
	reg, err := register.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	scans, err := reg.Scans()
	if err != nil {
		t.Fatal(err)
	}
	counted := map[string]int{}
	for _, s := range scans {
		if s.Counted {
			counted[s.Member]++
		}
		if err := is.CheckScan(scanRecord(s), s.Seal); err != nil {
			t.Errorf("scan row %d: %v", s.ID, err)
		}
	}
	if len(acked) == 0 {
		t.Fatal("no paper was acknowledged: the test tested nothing")
	}
	for m, n := range acked {
		if n != 1 {
			t.Errorf("member %s acknowledged as accepted %d times", m, n)
		}
		if counted[m] != 1 {
			t.Errorf("member %s acknowledged but counted %d times in the register", m, counted[m])
		}
	}
	for m, n := range counted {
		if n != 1 {
			t.Errorf("member %s counted %d times", m, n)
		}
	}
	t.Logf("%d kills; %d papers acknowledged, %d counted, %d scans recorded", processes*rounds, len(acked), len(counted), len(scans))
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
	dir := f.TempDir()
	path := filepath.Join(dir, register.File)
	if err := register.Create(path, register.Info{Election: "fuzz", ElectionBytes: []byte{}, ElectionSHA256: sha256Hex(nil), KeyID: is.KeyID()},
		slices.Values([]register.Pack{{Member: "1", Issue: 1, Seq: 1, Current: true}}), nil); err != nil {
		f.Fatal(err)
	}
	reg, err := register.Open(path)
	if err != nil {
		f.Fatal(err)
	}
	defer reg.Close()
	st := &electionState{reg: reg, info: reg.Info(), chk: is}
	f.Fuzz(func(t *testing.T, line string) {
		v := scanVerdict(context.Background(), st, ix, "fuzz", "", line, time.Unix(0, 0), time.Time{})
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

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
