package roll

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusFiles are the rolls under the repository's testdata and this
// package's testdata, every one of which must read with every row
// accounted for.
func corpusFiles(t *testing.T) []string {
	var files []string
	for _, root := range []string{"../../testdata", "testdata"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				switch strings.ToLower(filepath.Ext(path)) {
				case ".csv", ".xlsx", ".txt", ".tsv":
					if !strings.Contains(path, ".log.") {
						files = append(files, path)
					}
				}
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no corpus files found")
	}
	return files
}

// TestEveryRowAccounted reads every corpus file and proves that no row is
// lost: every row below the header is blank, a member, rejected or
// ineligible, each row number exactly once, and the counts add up.
func TestEveryRowAccounted(t *testing.T) {
	for _, path := range corpusFiles(t) {
		for _, countOnly := range []bool{false, true} {
			res, err := ReadFile(path, Options{CountOnly: countOnly})
			if err != nil {
				t.Logf("%s: not a roll: %v", path, err) // refused whole: nothing half-read
				continue
			}
			if res.RowsRead+res.Blank != res.LastRow-res.HeaderRow {
				t.Errorf("%s: %d rows read + %d blank, but rows %d to %d are below the header", path, res.RowsRead, res.Blank, res.HeaderRow+1, res.LastRow)
			}
			if res.Accepted+res.Rejected+res.Excluded != res.RowsRead {
				t.Errorf("%s: %d accepted + %d rejected + %d ineligible ≠ %d rows read", path, res.Accepted, res.Rejected, res.Excluded, res.RowsRead)
			}
			if countOnly {
				continue
			}
			// Each row's fate, by number.
			fate := map[int]string{}
			for _, m := range res.Members {
				if fate[m.Row] != "" {
					t.Errorf("%s: row %d is two members", path, m.Row)
				}
				fate[m.Row] = "member"
			}
			for _, p := range res.Problems {
				switch p.Severity {
				case Reject:
					if fate[p.Row] == "member" {
						t.Errorf("%s: row %d is a member and rejected", path, p.Row)
					}
					fate[p.Row] = "rejected"
				case Ineligible:
					if fate[p.Row] == "member" {
						t.Errorf("%s: row %d is a member and ineligible", path, p.Row)
					}
					if fate[p.Row] == "" {
						fate[p.Row] = "ineligible"
					}
				}
			}
			var rows []int
			for r := range fate {
				rows = append(rows, r)
			}
			slices.Sort(rows)
			if len(rows) != res.RowsRead || len(rows) > 0 && (rows[0] <= res.HeaderRow || rows[len(rows)-1] > res.LastRow) {
				t.Errorf("%s: %d rows have a fate, %d were read (header %d, last %d)", path, len(rows), res.RowsRead, res.HeaderRow, res.LastRow)
			}
		}
	}
}

// TestRollNotAFile: a named pipe or a device as the roll is refused at
// once, without opening it (a pipe would block for ever, /dev/zero never
// ends).
func TestRollNotAFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "roll.csv")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(path, Options{}); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotSpreadsheet) || !strings.Contains(err.Error(), "not a spreadsheet file") {
				t.Errorf("%s: %v", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", path)
		}
	}
}
