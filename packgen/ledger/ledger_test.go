package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRecordAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	l, err := Open(path, "table-1")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 10, 31, 9, 0, 0, 0, time.UTC)
	e, ok, err := l.Record("0012345", 1, t0)
	if err != nil || !ok || e.Seq != 1 {
		t.Fatalf("first record: %+v %v %v", e, ok, err)
	}
	e, ok, _ = l.Record("0012345", 1, t0.Add(time.Minute))
	if ok || !e.Time.Equal(t0) {
		t.Errorf("second scan of the same paper recorded again: %+v", e)
	}
	l.Record("0012346", 2, t0.Add(time.Hour))
	l.Close()

	l, err = Open(path, "table-1")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if len(l.Entries()) != 2 || l.Recovered {
		t.Fatalf("reopened: %+v recovered %v", l.Entries(), l.Recovered)
	}
	if e, ok := l.Lookup("0012346", 2); !ok || e.Station != "table-1" || !e.Time.Equal(t0.Add(time.Hour)) {
		t.Errorf("lookup: %+v %v", e, ok)
	}
}

func TestTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	l, _ := Open(path, "s")
	l.Record("1", 1, time.Now())
	l.Record("2", 1, time.Now())
	l.Close()
	b, _ := os.ReadFile(path)
	for _, cut := range []int{1, 5, 20} { // a crash part-way through the last line
		os.WriteFile(path, b[:len(b)-cut], 0o644)
		l, err := Open(path, "s")
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if len(l.Entries()) != 1 || !l.Recovered {
			t.Errorf("cut %d: %d entries, recovered %v", cut, len(l.Entries()), l.Recovered)
		}
		// The next record goes on a clean line.
		l.Record("3", 1, time.Now())
		l.Close()
		l, _ = Open(path, "s")
		if len(l.Entries()) != 2 || l.Recovered {
			t.Errorf("cut %d: after a new record: %d entries", cut, len(l.Entries()))
		}
		l.Close()
	}
}

func TestDamageInTheMiddle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.csv")
	l, _ := Open(path, "s")
	l.Record("1", 1, time.Now())
	l.Record("2", 1, time.Now())
	l.Close()
	b, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(b), ",1,1,", ",9,1,", 1)), 0o644)
	if _, err := Open(path, "s"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damage in the middle: %v", err)
	}
	os.WriteFile(path, []byte("hello\n"), 0o644)
	if _, err := Open(path, "s"); err == nil || !strings.Contains(err.Error(), "not a ballotpack scan ledger") {
		t.Errorf("not a ledger: %v", err)
	}
}
