package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen"
	"github.com/ballotpack/ballotpack/packgen/ledger"
)

// BenchmarkReconcile160k reconciles 160,000 members' votes: 120,000 online
// (half by ballot code, half by membership number) and 40,000 postal, with
// 3,000 members voting in both channels.
func BenchmarkReconcile160k(b *testing.B) {
	dir := b.TempDir()
	if keep := os.Getenv("BALLOTPACK_BENCH_KEEP"); keep != "" {
		dir = keep // leave the inputs for a run of the command under /usr/bin/time
	}
	keyFile := filepath.Join(dir, "verify.key")
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: ballotpack bench"))
	is, _ := k.Issuer("bench")
	os.Remove(keyFile)
	if err := codes.WriteKeyFile(keyFile, is.VerifyKey()); err != nil {
		b.Fatal(err)
	}
	man, _ := json.Marshal(packgen.Manifest{Job: "JBENCH", Election: "bench", KeyID: k.KeyID()})
	os.WriteFile(filepath.Join(dir, packgen.JobFile), man, 0o644)
	var packs, online strings.Builder
	packs.WriteString("sequence,membership_number,issue,variant,batch,batch_file,first_page,last_page,large_print,country\n")
	online.WriteString("membership_number,ballot_code,received\n")
	var postal []ledger.Entry
	t0 := time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC)
	const n = 160_000
	for i := range n {
		m := fmt.Sprintf("%07d", i+1)
		fmt.Fprintf(&packs, "%d,%s,1,0,1,batch-0001.pdf,1,2,no,United Kingdom\n", i+1, m)
		when := t0.Add(time.Duration(i) * time.Second)
		switch {
		case i < 120_000 && i%2 == 0:
			c, _ := is.VerifyKey().BallotCode(codes.Ref{Member: m, Issue: 1})
			fmt.Fprintf(&online, ",%s,%s\n", c.Compact(), when.Format(time.RFC3339))
		case i < 120_000:
			fmt.Fprintf(&online, "%s,,%s\n", m, when.Format(time.RFC3339))
		}
		if i >= 120_000-3_000 && len(postal) < 40_000 {
			postal = append(postal, ledger.Entry{Member: m, Issue: 1, Time: when.Add(time.Hour), Station: "t1"})
		}
	}
	os.WriteFile(filepath.Join(dir, packgen.PacksFile), []byte(packs.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "online.csv"), []byte(online.String()), 0o644)
	if err := ledger.Write(filepath.Join(dir, "ledger.csv"), postal); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "results")
		stdout, stderr, err := runCmdB(b, "reconcile", "-key", keyFile, "-insecure-key-perms", "-register", dir,
			"-online", filepath.Join(dir, "online.csv"), "-postal", filepath.Join(dir, "ledger.csv"), "-policy", "disqualify", "-out", out)
		if err != nil {
			b.Fatalf("%v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "160000 votes received = 154000 accepted + 6000 rejected") {
			b.Fatalf("summary: %s", stdout)
		}
	}
}
