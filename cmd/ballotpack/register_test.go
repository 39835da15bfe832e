package main

import (
	"bufio"
	"io"
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

// Two generate runs with different keys into one folder at the same time:
// at most one succeeds, and the register left is that one's.
func TestGenerateConcurrentRuns(t *testing.T) {
	roll, dir := sampleRoll(t), t.TempDir()
	keys := []string{testKey(t), filepath.Join(t.TempDir(), "other.key")}
	k, err := codes.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := codes.WriteKeyFile(keys[1], k); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = runCmd(t, "generate", "-members", roll, "-key", key, "-out", dir, "-batch-size", "16")
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			if won >= 0 {
				t.Fatal("both generate runs succeeded")
			}
			won = i
		} else if !strings.Contains(err.Error(), "in use by another ballotpack generate") && !strings.Contains(err.Error(), "another job") {
			t.Errorf("run %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("neither run succeeded")
	}
	reg, err := register.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	want, _ := codes.ReadKeyFile(keys[won], false)
	if got := reg.Info().KeyID; got != want.(*codes.MasterKey).KeyID() {
		t.Errorf("register has key %s, want the winner's %s", got, want.(*codes.MasterKey).KeyID())
	}
}

func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDir(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second lock: %v, want in use", err)
	}
	unlock()
	unlock2, err := lockDir(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
	// The lock file is never followed through a symlink.
	dir2 := t.TempDir()
	target := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(target, []byte("x"), 0o644)
	os.Symlink(target, filepath.Join(dir2, ".ballotpack.lock"))
	if _, err := lockDir(dir2); err == nil {
		t.Error("lock through a symlink succeeded")
	}
}

// Ctrl-C while the station waits for the next paper ends the session at
// once, with its totals, and the paper already acknowledged is recorded.
func TestScanInterrupt(t *testing.T) {
	key, roll, dir := testKey(t), sampleRoll(t), t.TempDir()
	generate(t, roll, key, dir)
	k, _ := codes.ReadKeyFile(key, false)
	is, _ := k.(*codes.MasterKey).Issuer("leadership-2026")
	member := readPacks(t, dir)[0].member
	pair, _ := is.Derive(codes.Ref{Member: member, Issue: 1})
	bin := filepath.Join(t.TempDir(), "ballotpack")
	exe, _ := os.Executable()
	os.Symlink(exe, bin)
	cmd := exec.Command(bin, "scan", "-key", key, "-register", dir, "-station", "desk")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	io.WriteString(stdin, pair.Ballot.Compact()+"\n")
	out := bufio.NewScanner(stdout)
	if !out.Scan() || !strings.HasPrefix(out.Text(), "OK ACCEPTED") {
		t.Fatalf("verdict %q", out.Text())
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("scan ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("scan did not end on Ctrl-C")
	}
	if !strings.Contains(stderr.String(), "session at station desk: 1 accepted, 0 duplicates, 0 superseded, 0 invalid") {
		t.Errorf("no session summary: %s", stderr.String())
	}
}

// A register made before election files had contact details (its file has
// none, and takes the default closing, which now refers to them) is still
// read by the commands after generate: the rule is for letters not yet
// printed.
func TestRegisterWithoutContact(t *testing.T) {
	old := []byte(`id: leadership-2026
title: Leadership Election 2026
organisation: The Example Party
return_address: [1 Example Street, LONDON, SW1A 1AA]
letter_date: 2026-10-01
voting_url: https://vote.example.org/v
deadline: 2026-10-30 17:00
policy: first-wins
candidates: [{name: Alex Example}, {name: Sam Sample}]
`)
	dir := t.TempDir()
	k, _ := codes.NewMasterKey(make([]byte, 32))
	packs := []register.Pack{{Member: "0012345", Issue: 1, Seq: 1, Batch: 1, BatchFile: "batch-0001.pdf", FirstPage: 1, LastPage: 2, Country: "United Kingdom", Current: true}}
	if err := register.Create(filepath.Join(dir, register.File), register.Info{Election: "leadership-2026", Title: "Leadership Election 2026", ElectionFile: "election.yaml",
		ElectionBytes: old, ElectionSHA256: sha256Hex(old), Job: "JOLD", KeyID: k.KeyID(), Created: time.Now()}, slices.Values(packs), nil); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "status", "-register", dir)
	if err != nil || !strings.Contains(stdout, "Leadership Election 2026") {
		t.Errorf("status: %v\n%s%s", err, stdout, stderr)
	}
	// The same file given to generate is refused, saying what to add.
	path := filepath.Join(t.TempDir(), "election.yaml")
	os.WriteFile(path, old, 0o600)
	if _, _, err = runCmd(t, "check", "-members", sampleRoll(t), "-election", path); err == nil || !strings.Contains(err.Error(), "contact: missing: wording.closing gives members the returning officer's contact details") {
		t.Errorf("check: %v", err)
	}
}
