package roll

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// benchRolls makes (once per run) 160,000-member rolls with cmd/mkroll, or
// uses those in $BALLOTPACK_BENCH_ROLLS (roll.xlsx and roll.csv).
var benchRolls = sync.OnceValues(func() (string, error) {
	if dir := os.Getenv("BALLOTPACK_BENCH_ROLLS"); dir != "" {
		return dir, nil
	}
	dir, err := os.MkdirTemp("", "ballotpack-bench-")
	if err != nil {
		return "", err
	}
	for _, name := range []string{"roll.xlsx", "roll.csv"} {
		cmd := exec.Command("go", "run", "../../cmd/mkroll", "-n", "160000", "-seed", "1", "-o", filepath.Join(dir, name))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return "", err
		}
	}
	return dir, nil
})

func benchmarkRead(b *testing.B, name string) {
	dir, err := benchRolls()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, name)
	opts := Options{ExcludedStatuses: []string{"Lapsed", "Suspended"}}
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		res, err := ReadFile(path, opts)
		if err != nil {
			b.Fatal(err)
		}
		rows = res.RowsRead
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadXLSX160k reads and checks a 160,000-row xlsx made by mkroll.
func BenchmarkReadXLSX160k(b *testing.B) { benchmarkRead(b, "roll.xlsx") }

// BenchmarkReadCSV160k reads and checks the same roll as CSV.
func BenchmarkReadCSV160k(b *testing.B) { benchmarkRead(b, "roll.csv") }
