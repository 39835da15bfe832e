package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/templates"
)

const benchMembers = 160_000

// benchRegister makes a register of benchMembers members for election
// "bench" under a key marked NOT A REAL KEY, and a verify-only key file.
func benchRegister(b *testing.B, dir string) (*codes.Issuer, string) {
	b.Helper()
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: ballotpack bench"))
	is, _ := k.Issuer("leadership-2026")
	keyFile := filepath.Join(dir, "verify.key")
	os.Remove(keyFile)
	if err := codes.WriteKeyFile(keyFile, is.VerifyKey()); err != nil {
		b.Fatal(err)
	}
	el, _ := templates.FS.ReadFile(templates.DefaultElection)
	el = bytes.Replace(el, []byte("policy: first-wins"), []byte("policy: disqualify"), 1)
	packs := make([]register.Pack, benchMembers)
	for i := range packs {
		packs[i] = register.Pack{Member: fmt.Sprintf("%07d", i+1), Issue: 1, Seq: i + 1, Batch: 1 + i/500, BatchFile: "batch.pdf",
			FirstPage: 1, LastPage: 2, Country: "United Kingdom", Current: true}
	}
	path := filepath.Join(dir, register.File)
	os.Remove(path)
	if err := register.Create(path, register.Info{Election: "leadership-2026", Title: "Benchmark ballot", ElectionFile: "bench.yaml",
		ElectionBytes: el, ElectionSHA256: sha256Hex(el), Job: "JBENCH", KeyID: k.KeyID(), Created: time.Now()}, slices.Values(packs), nil); err != nil {
		b.Fatal(err)
	}
	return is, keyFile
}

// fillScans writes scans of the given members straight into a register
// file, sealed as a station would seal them, in one transaction.
func fillScans(b *testing.B, path, station string, is *codes.Issuer, members []int, received func(int) time.Time) {
	b.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, _ := db.Begin()
	st, err := tx.Prepare(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES (?, ?, '', ?, ?, ?, 1, ?, 1)`)
	if err != nil {
		b.Fatal(err)
	}
	for n, i := range members {
		at := register.Format(received(i))
		s := register.Scan{Station: station, StationSeq: int64(n + 1), ScannedAt: at, ReceivedAt: at, Member: fmt.Sprintf("%07d", i+1), Issue: 1}
		if _, err := st.Exec(s.Station, s.StationSeq, at, at, s.Member, is.SealScan(scanRecord(s))); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReconcile160k reconciles 160,000 members' votes: 120,000 online
// (all with their ballot code, half with the membership number too and a
// UK local time, half with an RFC 3339 time) and 40,000 postal from
// the register's scans, with 3,000 members voting in both channels.
func BenchmarkReconcile160k(b *testing.B) {
	dir := b.TempDir()
	if keep := os.Getenv("BALLOTPACK_BENCH_KEEP"); keep != "" {
		dir = keep // leave the inputs for a run of the command under /usr/bin/time
	}
	is, keyFile := benchRegister(b, dir)
	var online strings.Builder
	online.WriteString("membership_number,ballot_code,received\n")
	t0 := time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC)
	var postal []int
	for i := range benchMembers {
		m := fmt.Sprintf("%07d", i+1)
		when := t0.Add(time.Duration(i) * time.Second)
		switch {
		case i < 120_000 && i%2 == 0:
			c, _ := is.VerifyKey().BallotCode(codes.Ref{Member: m, Issue: 1})
			fmt.Fprintf(&online, ",%s,%s\n", c.Compact(), when.Format(time.RFC3339))
		case i < 120_000:
			c, _ := is.VerifyKey().BallotCode(codes.Ref{Member: m, Issue: 1})
			fmt.Fprintf(&online, "%s,%s,%s\n", m, c.Compact(), when.Format("2006-01-02 15:04:05"))
		}
		if i >= 120_000-3_000 && len(postal) < 40_000 {
			postal = append(postal, i)
		}
	}
	fillScans(b, filepath.Join(dir, register.File), "t1", is, postal, func(i int) time.Time { return t0.Add(time.Duration(i)*time.Second + time.Hour) })
	os.WriteFile(filepath.Join(dir, "online.csv"), []byte(online.String()), 0o644)
	b.ReportAllocs()
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "results")
		stdout, stderr, err := runCmdB(b, "reconcile", "-key", keyFile, "-insecure-key-perms", "-register", dir,
			"-online", filepath.Join(dir, "online.csv"), "-out", out)
		if err != nil {
			b.Fatalf("%v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "160000 votes received = 154000 accepted + 6000 rejected") {
			b.Fatalf("summary: %s", stdout)
		}
	}
}

// BenchmarkOpenRegister160k opens a 160,000-pack register and loads the
// pack index (every ballot code derived), as scan and reconcile do.
func BenchmarkOpenRegister160k(b *testing.B) {
	dir := b.TempDir()
	is, _ := benchRegister(b, dir)
	for b.Loop() {
		st, err := openRegister(dir, "")
		if err != nil {
			b.Fatal(err)
		}
		st.chk = is.VerifyKey()
		ix, err := st.packIndex()
		if err != nil || len(ix.current) != benchMembers {
			b.Fatalf("%d packs, %v", len(ix.current), err)
		}
		st.close()
	}
}

// BenchmarkScan records scans one at a time, each synced to disk before
// it returns, as the scanning station does: papers/s sustained.
func BenchmarkScan(b *testing.B) {
	// At the main register (WAL) and at a station's copy (rollback
	// journal, so that its one file holds every scan acknowledged).
	for _, where := range []string{"main", "station"} {
		b.Run(where, func(b *testing.B) {
			dir := b.TempDir()
			is, _ := benchRegister(b, dir)
			arg, station := dir, "bench"
			if where == "station" {
				main, err := register.Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				arg, station = filepath.Join(dir, "hall-a.db"), "hall-a"
				if err := main.StationCopy(arg, station); err != nil {
					b.Fatal(err)
				}
				main.Close()
			}
			st, err := openRegister(arg, "")
			if err != nil {
				b.Fatal(err)
			}
			defer st.close()
			st.chk = is.VerifyKey()
			ix, err := st.packIndex()
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			i := 0
			for b.Loop() {
				c, _ := is.VerifyKey().BallotCode(codes.Ref{Member: fmt.Sprintf("%07d", i%benchMembers+1), Issue: 1})
				if v := scanVerdict(ctx, st, ix, station, "", c.Compact(), time.Now(), time.Time{}); !strings.HasPrefix(v, "OK") && !strings.HasPrefix(v, "!! DUPLICATE") {
					b.Fatal(v)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "papers/s")
		})
	}
}

// BenchmarkImport160k imports a station copy holding 160,000 scans.
func BenchmarkImport160k(b *testing.B) {
	dir := b.TempDir()
	is, keyFile := benchRegister(b, dir)
	reg, _ := register.Open(dir)
	copyPath := filepath.Join(dir, "station-a.db")
	if err := reg.StationCopy(copyPath, "a"); err != nil {
		b.Fatal(err)
	}
	reg.Close()
	all := make([]int, benchMembers)
	for i := range all {
		all[i] = i
	}
	t0 := time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC)
	fillScans(b, copyPath, "a", is, all, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) })
	mainPath := filepath.Join(dir, register.File)
	pristine, _ := os.ReadFile(mainPath)
	for b.Loop() {
		b.StopTimer()
		os.Remove(mainPath + "-wal")
		os.Remove(mainPath + "-shm")
		os.WriteFile(mainPath, pristine, 0o600)
		b.StartTimer()
		stdout, stderr, err := runCmdB(b, "import-scans", "-key", keyFile, "-insecure-key-perms", "-register", dir, copyPath)
		if err != nil || !strings.Contains(stdout, "160000 new") {
			b.Fatalf("%v\n%s%s", err, stdout, stderr)
		}
	}
}

// BenchmarkExport160k writes the online credentials of 160,000 members.
func BenchmarkExport160k(b *testing.B) {
	dir := b.TempDir()
	benchRegister(b, dir)
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: ballotpack bench"))
	keyFile := filepath.Join(dir, "master.key")
	if err := codes.WriteKeyFile(keyFile, k); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "creds.csv")
		stdout, stderr, err := runCmdB(b, "export-online", "-key", keyFile, "-register", dir, "-o", out)
		if err != nil || !strings.Contains(stdout, "160000 members' credentials") {
			b.Fatalf("%v\n%s%s", err, stdout, stderr)
		}
	}
}
