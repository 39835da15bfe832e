package register

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestAppendRead(t *testing.T) {
	dir := t.TempDir()
	if rs, err := Read(dir); err != nil || len(rs) != 0 {
		t.Fatalf("empty register: %v %v", rs, err)
	}
	t0 := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	a := Replacement{Member: "0012345", Issue: 2, Issued: t0, Reason: "lost, in the post", By: "J. Smith", File: "r.pdf"}
	b := Replacement{Member: "0012345", Issue: 3, Variant: 1, Issued: t0.Add(time.Hour), Reason: "=HYPERLINK(1)", By: "x"}
	for _, r := range []Replacement{a, b} {
		if err := Append(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := Read(dir)
	if err != nil || len(rs) != 2 || rs[0] != a || rs[1] != b {
		t.Fatalf("read back %+v %v", rs, err)
	}
	// A torn last record is ignored; damage before it is an error.
	path := filepath.Join(dir, File)
	full, _ := os.ReadFile(path)
	os.WriteFile(path, full[:len(full)-5], 0o644)
	if rs, err := Read(dir); err != nil || len(rs) != 1 {
		t.Errorf("torn: %+v %v", rs, err)
	}
	damaged := append([]byte{}, full...)
	damaged[len("membership_number,issue,variant,issued,reason,by,file,crc32\n")+2] = '9'
	os.WriteFile(path, damaged, 0o644)
	if _, err := Read(dir); err == nil {
		t.Error("damage in the middle was accepted")
	}
}
