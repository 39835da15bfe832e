package register

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func testInfo() Info {
	el := []byte("id: test-2026\ntitle: Test ballot\n")
	sum := sha256.Sum256(el)
	return Info{Election: "test-2026", Title: "Test ballot", ElectionFile: "election.yaml", ElectionBytes: el,
		ElectionSHA256: hex.EncodeToString(sum[:]), Job: "J01020304", KeyID: "00112233aabbccdd", RollFile: "roll.csv",
		RollSHA256: strings.Repeat("ab", 32), Tool: "ballotpack test", Created: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)}
}

// seal is a stand-in for the key's seal: what matters here is that the
// register stores and hands back what the caller made.
func seal(s Scan) string {
	return fmt.Sprintf("seal:%s:%d:%s:%d", s.Station, s.StationSeq, s.Member, s.Issue)
}

func checkSeal(s Scan) error {
	if s.Seal != seal(s) {
		return errors.New("bad seal")
	}
	return nil
}

func newRegister(t *testing.T, members int) string {
	t.Helper()
	var packs []Pack
	for i := range members {
		packs = append(packs, Pack{Member: fmt.Sprintf("M%04d", i), Issue: 1, Seq: i + 1, Batch: 1, BatchFile: "batch-0001.pdf",
			FirstPage: 2*i + 1, LastPage: 2*i + 2, Country: "United Kingdom", Current: true})
	}
	path := filepath.Join(t.TempDir(), File)
	if err := Create(path, testInfo(), slices.Values(packs), nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func scanOf(station, member string) Scan {
	return Scan{Station: station, ScannedAt: "2026-10-14T09:00:00Z", ReceivedAt: "2026-10-14T00:00:00Z", Member: member, Issue: 1}
}

func TestCreateOpen(t *testing.T) {
	path := newRegister(t, 3)
	r, err := Open(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, want := r.Info().Job, testInfo().Job; got != want {
		t.Errorf("job %s, want %s", got, want)
	}
	packs, err := r.Packs()
	if err != nil || len(packs) != 3 {
		t.Fatalf("Packs = %d, %v; want 3", len(packs), err)
	}
	if err := Create(path, testInfo(), slices.Values([]Pack(nil)), nil); err == nil {
		t.Error("Create over an existing register succeeded")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := newRegister(t, 1)
	db, _ := sql.Open("sqlite", "file:"+path)
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path); !errors.Is(err, ErrNewer) {
		t.Errorf("Open of a newer register: %v, want ErrNewer", err)
	}
}

// The database itself refuses a second current pack and a second counted scan.
func TestConstraints(t *testing.T) {
	path := newRegister(t, 1)
	db, _ := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	defer db.Close()
	for _, q := range []string{
		`INSERT INTO packs VALUES ('M0000', 2, 0, 1, 0, '', 1, 2, 0, 'United Kingdom', 1)`,
		`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES ('a', 1, '', '', '', 'NOBODY', 1, '', 1)`,
	} {
		if _, err := db.Exec(q); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
	db.Exec(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES ('a', 1, '', '', '', 'M0000', 1, '', 1)`)
	if _, err := db.Exec(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES ('b', 1, '', '', '', 'M0000', 1, '', 1)`); err == nil {
		t.Error("a second counted scan of one paper was accepted")
	}
}

// Several handles (as several processes would) scanning overlapping papers:
// each paper is counted exactly once, and every other scan is a duplicate.
func TestConcurrentScans(t *testing.T) {
	path := newRegister(t, 50)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := map[string]int{}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Open(path)
			if err != nil {
				t.Error(err)
				return
			}
			defer r.Close()
			for i := range 50 {
				m := fmt.Sprintf("M%04d", (i*7+w*3)%50)
				_, err := r.RecordScan(context.Background(), scanOf("desk", m), seal)
				switch {
				case err == nil:
					mu.Lock()
					accepted[m]++
					mu.Unlock()
				case errors.Is(err, ErrDuplicate):
				default:
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for m, n := range accepted {
		if n != 1 {
			t.Errorf("%s accepted %d times", m, n)
		}
	}
	r, _ := Open(path)
	defer r.Close()
	st, _ := r.Status()
	if st.Papers != len(accepted) || st.Scans != 200 {
		t.Errorf("status: %d papers, %d scans; want %d and 200", st.Papers, st.Scans, len(accepted))
	}
	papers, err := r.Papers(checkSeal)
	if err != nil || len(papers) != len(accepted) {
		t.Errorf("Papers: %d, %v; want %d", len(papers), err, len(accepted))
	}
}

func TestStationImport(t *testing.T) {
	path := newRegister(t, 5)
	main, _ := Open(path)
	defer main.Close()
	dir := filepath.Dir(path)
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for _, st := range []struct{ path, name string }{{a, "hall-a"}, {b, "hall-b"}} {
		if err := main.StationCopy(st.path, st.name); err != nil {
			t.Fatal(err)
		}
	}
	ra, _ := Open(a)
	rb, _ := Open(b)
	ctx := context.Background()
	late := scanOf("hall-a", "M0001")
	late.ReceivedAt = "2026-10-15T00:00:00Z"
	ra.RecordScan(ctx, late, seal)
	ra.RecordScan(ctx, scanOf("hall-a", "M0002"), seal)
	rb.RecordScan(ctx, scanOf("hall-b", "M0001"), seal) // the same paper, received a day earlier
	if _, err := ra.RecordScan(ctx, scanOf("hall-b", "M0003"), seal); err == nil {
		t.Error("a scan under another station's name was recorded in a station copy")
	}
	ra.Close()
	rb.Close()
	for _, p := range []string{a, b, a} { // a twice: importing again changes nothing
		from, err := OpenReadOnly(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := main.ImportScans(from, checkSeal); err != nil {
			t.Fatal(err)
		}
		from.Close()
	}
	st, _ := main.Status()
	if st.Papers != 2 || st.Scans != 3 {
		t.Errorf("after import: %d papers, %d scans; want 2 and 3", st.Papers, st.Scans)
	}
	first, err := countedScan(main.db, "M0001", 1)
	if err != nil || first.Station != "hall-b" {
		t.Errorf("M0001 counted at %q (%v), want hall-b, where it was received first", first.Station, err)
	}

	// A forged row is refused with its station and row.
	db, _ := sql.Open("sqlite", "file:"+a)
	db.Exec(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES ('hall-a', 3, '', '2026-10-14T10:00:00Z', '2026-10-14T00:00:00Z', 'M0004', 1, 'made up', 1)`)
	db.Close()
	from, _ := OpenReadOnly(a)
	defer from.Close()
	_, err = main.ImportScans(from, checkSeal)
	var se *ScanError
	if !errors.As(err, &se) || se.Station != "hall-a" || se.Row != 3 {
		t.Errorf("import of a forged row: %v, want a ScanError for hall-a row 3", err)
	}

	// A row deleted from a copy is refused at import, not found at every
	// reconcile after (found in review).
	c := filepath.Join(dir, "c.db")
	if err := main.StationCopy(c, "hall-c"); err != nil {
		t.Fatal(err)
	}
	rc, _ := Open(c)
	for _, m := range []string{"M0002", "M0003", "M0004"} {
		if _, err := rc.RecordScan(ctx, scanOf("hall-c", m), seal); err != nil {
			t.Fatal(err)
		}
	}
	rc.Close()
	db, _ = sql.Open("sqlite", "file:"+c)
	db.Exec(`DELETE FROM scans WHERE station_seq = 2`)
	db.Close()
	from2, _ := OpenReadOnly(c)
	defer from2.Close()
	_, err = main.ImportScans(from2, checkSeal)
	if !errors.As(err, &se) || se.Station != "hall-c" || !strings.Contains(err.Error(), "jump from 1 to 3") {
		t.Errorf("import of a copy with a row deleted: %v, want a ScanError: numbers jump", err)
	}
}

func TestReplace(t *testing.T) {
	path := newRegister(t, 2)
	r, _ := Open(path)
	defer r.Close()
	rep := Replacement{Member: "M0000", Issue: 2, Replaced: 1, Reason: "lost", By: "staff", At: time.Now(), File: "r.pdf"}
	if err := r.Replace(rep, Pack{Member: "M0000", Issue: 2, Seq: 1, Country: "United Kingdom"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Replace(rep, Pack{Member: "M0000", Issue: 2, Seq: 1, Country: "United Kingdom"}); err == nil {
		t.Error("the same replacement twice was accepted")
	}
	if _, err := r.RecordScan(context.Background(), scanOf("desk", "M0000"), seal); err == nil {
		t.Error("a superseded paper was recorded")
	}
	// A superseded paper scanned at a station and imported (kept, never
	// counted) does not stop a further replacement (found in review).
	if _, err := r.db.Exec(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted) VALUES ('hall-a', 1, '', '2026-10-14T10:00:00Z', '2026-10-14T00:00:00Z', 'M0000', 1, 'evidence', 0)`); err != nil {
		t.Fatal(err)
	}
	rep3 := Replacement{Member: "M0000", Issue: 3, Replaced: 2, Reason: "lost again", By: "staff", At: time.Now(), File: "r3.pdf"}
	if err := r.Replace(rep3, Pack{Member: "M0000", Issue: 3, Seq: 1, Country: "United Kingdom"}); err != nil {
		t.Errorf("replacement after only a superseded paper was scanned: %v", err)
	}
	r.RecordScan(context.Background(), scanOf("desk", "M0001"), seal)
	rep2 := Replacement{Member: "M0001", Issue: 2, Replaced: 1, Reason: "lost", By: "staff", At: time.Now()}
	if err := r.Replace(rep2, Pack{Member: "M0001", Issue: 2, Seq: 2}); !errors.Is(err, ErrScanned) {
		t.Errorf("replacement after a scan: %v, want ErrScanned", err)
	}
}

func TestCheckStation(t *testing.T) {
	for name, ok := range map[string]bool{"hall-a": true, "A_1": true, "": false, "x/../../ESCAPED": false,
		"tab\there": false, strings.Repeat("a", 33): false, "laptop.local": false} {
		if err := CheckStation(name); (err == nil) != ok {
			t.Errorf("CheckStation(%q) = %v", name, err)
		}
	}
}

// BenchmarkCreate160k writes the register of a 160,000-pack run, as
// generate does at its end.
func BenchmarkCreate160k(b *testing.B) {
	packs := make([]Pack, 160_000)
	for i := range packs {
		packs[i] = Pack{Member: fmt.Sprintf("%07d", i+1), Issue: 1, Seq: i + 1, Batch: 1 + i/500, BatchFile: "batch-0001.pdf",
			FirstPage: 1, LastPage: 2, Country: "United Kingdom", Current: true}
	}
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		if err := Create(filepath.Join(dir, fmt.Sprintf("r%d.db", n)), testInfo(), slices.Values(packs), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Edits that the seals do not cover are caught too: a counted flag moved,
// a row deleted from the middle of a station's scans, an imported row
// deleted.
func TestPapersDetectsEdits(t *testing.T) {
	for name, edit := range map[string]string{
		"counted moved":   `UPDATE scans SET counted = 1 - counted WHERE member = 'M0001'`,
		"counted cleared": `UPDATE scans SET counted = 0 WHERE member = 'M0002'`,
		"row deleted":     `DELETE FROM scans WHERE station = 'desk' AND station_seq = 2`,
		"import deleted":  `DELETE FROM scans WHERE station = 'hall-a' AND station_seq = 1`,
	} {
		t.Run(name, func(t *testing.T) {
			path := newRegister(t, 5)
			r, _ := Open(path)
			defer r.Close()
			ctx := context.Background()
			for _, m := range []string{"M0001", "M0001", "M0002", "M0003"} {
				r.RecordScan(ctx, scanOf("desk", m), seal)
			}
			cp := filepath.Join(t.TempDir(), "a.db")
			if err := r.StationCopy(cp, "hall-a"); err != nil {
				t.Fatal(err)
			}
			ra, _ := Open(cp)
			early := scanOf("hall-a", "M0004")
			ra.RecordScan(ctx, early, seal)
			ra.Close()
			from, _ := OpenReadOnly(cp)
			if _, err := r.ImportScans(from, checkSeal); err != nil {
				t.Fatal(err)
			}
			from.Close()
			if _, err := r.Papers(checkSeal); err != nil {
				t.Fatalf("before the edit: %v", err)
			}
			if err := r.StationCopy(filepath.Join(t.TempDir(), "again.db"), "hall-a"); err == nil {
				t.Error("a second copy under a station name already used was made")
			}
			if _, err := r.db.Exec(edit); err != nil {
				t.Fatal(err)
			}
			var se *ScanError
			if _, err := r.Papers(checkSeal); !errors.As(err, &se) {
				t.Errorf("after the edit: %v, want a ScanError", err)
			}
		})
	}
}

func TestOpenRefusesNonRegister(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := Open(empty); err == nil {
		t.Error("an empty file opened as a register")
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Errorf("opening an empty file wrote %d bytes into it", st.Size())
	}
}

// TestStationCopyOneFile: a station copy is carried as one file, so every
// scan committed is in that file at once, not in a -wal file beside it
// that a copy after a crash leaves behind (found in review).
func TestStationCopyOneFile(t *testing.T) {
	path := newRegister(t, 3)
	main, _ := Open(path)
	defer main.Close()
	c := filepath.Join(filepath.Dir(path), "hall-a.db")
	if err := main.StationCopy(c, "hall-a"); err != nil {
		t.Fatal(err)
	}
	rc, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close() // still open, as a scan killed with -9 would leave it
	for _, m := range []string{"M0000", "M0001"} {
		if _, err := rc.RecordScan(context.Background(), scanOf("hall-a", m), seal); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(c) // the file alone, as copied to a USB stick
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(t.TempDir(), "hall-a.db")
	os.WriteFile(moved, b, 0o600)
	from, err := OpenReadOnly(moved)
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	if scans, err := from.Scans(); err != nil || len(scans) != 2 {
		t.Errorf("the copied file holds %d scans (%v), want the 2 committed", len(scans), err)
	}
	if _, err := os.Stat(c + "-wal"); err == nil {
		t.Errorf("a station copy has a -wal file beside it")
	}
}

// TestStationNameReserved: a station copy's name is its own: a second copy
// under it, or the main register's own scans under it, would number scans
// that could never both be imported (found in review).
func TestStationNameReserved(t *testing.T) {
	path := newRegister(t, 3)
	main, _ := Open(path)
	defer main.Close()
	dir := filepath.Dir(path)
	if err := main.StationCopy(filepath.Join(dir, "a1.db"), "hall-a"); err != nil {
		t.Fatal(err)
	}
	err := main.StationCopy(filepath.Join(dir, "a2.db"), "hall-a")
	if err == nil || !strings.Contains(err.Error(), "a copy for station hall-a was made already (a1.db") {
		t.Errorf("a second copy under one name: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a2.db")); err == nil {
		t.Error("the second copy was written")
	}
	if _, err := main.RecordScan(context.Background(), scanOf("hall-a", "M0000"), seal); err == nil || !strings.Contains(err.Error(), "has a copy of the register of its own") {
		t.Errorf("a scan in the main register under a copied station's name: %v", err)
	}
	if _, err := main.RecordScan(context.Background(), scanOf("office", "M0000"), seal); err != nil {
		t.Errorf("a scan in the main register under a name of its own: %v", err)
	}
	// The copy itself scans under its name, and holds no list of copies.
	ra, _ := Open(filepath.Join(dir, "a1.db"))
	defer ra.Close()
	if _, err := ra.RecordScan(context.Background(), scanOf("hall-a", "M0001"), seal); err != nil {
		t.Errorf("a scan at the station: %v", err)
	}
	if err := main.StationCopy(filepath.Join(dir, "b.db"), "hall-b"); err != nil {
		t.Errorf("a copy under another name: %v", err)
	}
}
