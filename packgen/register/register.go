// Package register records the replacement packs issued after the main
// run: who, which issue number, when, why and by whom. Together with the
// run's packs.csv (every member's first pack) it says which issue of each
// member's pack is current. It is an append-only CSV file, each record
// synced before the replacement counts as issued, each with a checksum so
// a record torn by a crash is recognised. It never holds a code.
package register

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// File is the register's name in the output folder.
const File = "replacements.csv"

var header = []string{"membership_number", "issue", "variant", "issued", "reason", "by", "file", "crc32"}

// A Replacement is one replacement pack issued.
type Replacement struct {
	Member  string
	Issue   uint32
	Variant uint32
	Issued  time.Time
	Reason  string
	By      string
	File    string
}

func (r Replacement) fields() []string {
	return []string{r.Member, strconv.FormatUint(uint64(r.Issue), 10), strconv.FormatUint(uint64(r.Variant), 10),
		r.Issued.UTC().Format(time.RFC3339), r.Reason, r.By, r.File}
}

func checksum(fields []string) string {
	return fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(strings.Join(fields, "\x1f"))))
}

// Read returns the replacements recorded in dir, oldest first; none when
// there is no register yet. A last record torn by a crash is left out.
func Read(dir string) ([]Replacement, error) {
	path := filepath.Join(dir, File)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	var out []Replacement
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		last := r.InputOffset() >= int64(len(b))
		if n == 1 {
			if err != nil || strings.Join(rec, ",") != strings.Join(header, ",") {
				return nil, fmt.Errorf("%s is not a ballotpack replacement register", path)
			}
			continue
		}
		if err == nil && (len(rec) != len(header) || checksum(rec[:len(rec)-1]) != rec[len(rec)-1]) {
			err = errors.New("checksum does not match")
		}
		var issue, variant uint64
		var issued time.Time
		if err == nil {
			var e1, e2, e3 error
			issue, e1 = strconv.ParseUint(rec[1], 10, 32)
			variant, e2 = strconv.ParseUint(rec[2], 10, 32)
			issued, e3 = time.Parse(time.RFC3339, rec[3])
			err = errors.Join(e1, e2, e3)
		}
		if err != nil {
			if last {
				break // torn by a crash: that replacement was never issued
			}
			return nil, fmt.Errorf("%s record %d: %v: the register is damaged", path, n, err)
		}
		out = append(out, Replacement{Member: rec[0], Issue: uint32(issue), Variant: uint32(variant), Issued: issued, Reason: rec[4], By: rec[5], File: rec[6]})
	}
	return out, nil
}

// Append records a replacement and syncs it to disk.
func Append(dir string, rep Replacement) error {
	fields := rep.fields()
	return appendRecord(filepath.Join(dir, File), header, append(fields, checksum(fields)))
}

// RunsFile is where reconciliation runs are recorded.
const RunsFile = "reconciliations.csv"

var runsHeader = []string{"run_at", "policy", "inputs", "received", "accepted", "rejected", "disqualified", "out", "crc32"}

// A Run records one reconciliation: when, under which policy, over which
// input files (name and SHA-256), with what totals, written where.
type Run struct {
	At                                       time.Time
	Policy                                   string
	Inputs                                   []string // "name sha256"
	Received, Accepted, Rejected, Disqualify int
	Out                                      string
}

// AppendRun records a reconciliation run and syncs it to disk.
func AppendRun(dir string, r Run) error {
	fields := []string{r.At.UTC().Format(time.RFC3339), r.Policy, strings.Join(r.Inputs, "; "),
		strconv.Itoa(r.Received), strconv.Itoa(r.Accepted), strconv.Itoa(r.Rejected), strconv.Itoa(r.Disqualify), r.Out}
	return appendRecord(filepath.Join(dir, RunsFile), runsHeader, append(fields, checksum(fields)))
}

// appendRecord appends one CSV record (and the header to a new file) and
// syncs the file.
func appendRecord(path string, header, record []string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if st.Size() == 0 {
		w.Write(header)
	}
	w.Write(record)
	w.Flush()
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
