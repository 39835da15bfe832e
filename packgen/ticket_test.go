package packgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballotpack/ballotpack/packgen/election"
)

var (
	ticketRow   = regexp.MustCompile(`^ *(\d+)  (\S+) +(standard|large) +(\d+) +(\d+) +(\d+)-(\d+)(  .*)?$`)
	ticketTotal = regexp.MustCompile(`^Total +(\d+) +(\d+) +1-(\d+)$`)
	ticketSum   = regexp.MustCompile(`^ *(\d+)  ([0-9a-f]{64})$`)
	ticketHead  = regexp.MustCompile(`(?m)^(\d+) packs in (\d+) batch(?:es)?, (\d+) pages on (\d+) sheets$`)
)

// TestTicket: TICKET.txt is under 80 columns, and what it says of every
// batch is what job.json says, its totals the sum of its batches and of
// its streams, as job.json's are; and job.json's batches match packs.csv
// (reconcile).
func TestTicket(t *testing.T) {
	for _, zones := range []bool{false, true} {
		t.Run(fmt.Sprintf("zones %v", zones), func(t *testing.T) {
			el, res, is := mixedRun(t, zones)
			dir := t.TempDir()
			r, err := Generate(context.Background(), Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", OutDir: dir, BatchSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			m := r.Manifest
			reconcile(t, dir, m)
			b, err := os.ReadFile(filepath.Join(dir, TicketFile))
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(filepath.Join(dir, TicketFile)); st.Mode().Perm() != 0o600 {
				t.Errorf("mode %v", st.Mode())
			}
			checkTicket(t, string(b), m)

			// The streams add up to the totals.
			var packs, lp, batches, sheets int
			for _, s := range m.Streams {
				packs, lp, batches, sheets = packs+s.Packs, lp+s.LargePrint, batches+s.Batches, sheets+s.Sheets
				if !strings.Contains(string(b), s.Label) || !strings.Contains(string(b), s.Postage) || !strings.Contains(string(b), s.ReplyEnvelope) {
					t.Errorf("the ticket does not name stream %s, its postage or its reply envelope", s.Stream)
				}
			}
			if tt := m.Totals; packs != tt.Packs || lp != tt.LargePrint || batches != tt.Batches || sheets != tt.Sheets {
				t.Errorf("streams add up to %d packs, %d large print, %d batches, %d sheets; totals %+v", packs, lp, batches, sheets, tt)
			}
			if want := 4; !zones && len(m.Streams) != 3 || zones && len(m.Streams) != want {
				t.Errorf("%d streams", len(m.Streams))
			}
		})
	}
}

// checkTicket reads the ticket's batch table and checksums back and
// compares them with the manifest.
func checkTicket(t *testing.T, ticket string, m *Manifest) {
	t.Helper()
	for i, l := range strings.Split(ticket, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d is %d characters: %q", i+1, n, l)
		}
	}
	if h := ticketHead.FindStringSubmatch(ticket); h == nil || h[1] != strconv.Itoa(m.Totals.Packs) || h[2] != strconv.Itoa(m.Totals.Batches) ||
		h[3] != strconv.Itoa(m.Totals.Pages) || h[4] != strconv.Itoa(m.Totals.Sheets) {
		t.Errorf("head %q, totals %+v", h, m.Totals)
	}
	var rows, sums [][]string
	var total []string
	for _, l := range strings.Split(ticket, "\n") {
		if r := ticketRow.FindStringSubmatch(l); r != nil {
			rows = append(rows, r)
		}
		if r := ticketTotal.FindStringSubmatch(l); r != nil {
			total = r
		}
		if r := ticketSum.FindStringSubmatch(l); r != nil {
			sums = append(sums, r)
		}
	}
	if len(rows) != len(m.Batches) || len(sums) != len(m.Batches) || total == nil {
		t.Fatalf("%d batch rows, %d checksums and total %q for %d batches:\n%s", len(rows), len(sums), total, len(m.Batches), ticket)
	}
	packs, sheets := 0, 0
	for i, e := range m.Batches {
		n, _ := batchNumber(e)
		r := rows[i]
		got := strings.Join(r[1:8], " ")
		size := "standard"
		if e.LargePrint {
			size = "large"
		}
		want := fmt.Sprintf("%d %s %s %d %d %d %d", n, shortLabel(e.Stream), size, e.Packs, e.Sheets, e.FirstSeq, e.LastSeq)
		if got != want {
			t.Errorf("ticket row %q, job.json %q", got, want)
		}
		if !strings.Contains(r[8], clip(e.FirstPostcode, 10)) || !strings.Contains(r[8], clip(e.LastPostcode, 10)) { // a long one abroad clipped
			t.Errorf("batch %d: postcodes %q, job.json %s to %s", n, r[8], e.FirstPostcode, e.LastPostcode)
		}
		if sums[i][1] != strconv.Itoa(n) || sums[i][2] != e.SHA256 {
			t.Errorf("checksum line %q, job.json batch %d %s", sums[i][0], n, e.SHA256)
		}
		packs, sheets = packs+e.Packs, sheets+e.Sheets
	}
	if total[1] != strconv.Itoa(packs) || total[2] != strconv.Itoa(sheets) || total[3] != strconv.Itoa(m.Batches[len(m.Batches)-1].LastSeq) ||
		packs != m.Totals.Packs || sheets != m.Totals.Sheets {
		t.Errorf("total line %q; batches add up to %d packs on %d sheets; totals %+v", total[0], packs, sheets, m.Totals)
	}
}

// TestTicketResumed: a run interrupted and resumed writes the ticket (and
// job.json) an uninterrupted run writes; a shard writes none, the merge of
// the shards writes it.
func TestTicketResumed(t *testing.T) {
	el, res, is := mixedRun(t, true)
	opts := Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", BatchSize: 2, Workers: 1}
	whole := t.TempDir()
	opts.OutDir = whole
	if _, err := Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}

	resumed := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	opts.OutDir, opts.Progress = resumed, func(done, total int) { cancel() }
	if _, err := Generate(ctx, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(resumed, TicketFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an interrupted run wrote %s: %v", TicketFile, err)
	}
	opts.Progress = nil
	if r, err := Generate(context.Background(), opts); err != nil || r.Kept == 0 {
		t.Fatalf("resumed: %v, %+v", err, r)
	}
	for _, f := range []string{TicketFile, JobFile} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, _ := os.ReadFile(filepath.Join(resumed, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s of the resumed run differs from the uninterrupted run's", f)
		}
	}

	// Shards: none; merged: the same.
	var dirs []string
	for i := 1; i <= 3; i++ {
		opts.OutDir, opts.Shard = t.TempDir(), &Shard{Index: i, Count: 3}
		if _, err := Generate(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(opts.OutDir, TicketFile)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("shard %d wrote %s: %v", i, TicketFile, err)
		}
		dirs = append(dirs, opts.OutDir)
	}
	mg, err := ReadShards(dirs, "")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	if err := mg.Verify(context.Background(), 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := mg.Prepare(out); err != nil {
		t.Fatal(err)
	}
	if _, err := mg.Assemble(context.Background(), out, 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := mg.Finish(out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{TicketFile, JobFile, SumsFile} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s of the merged shards differs from the single run's", f)
		}
	}
}

// TestTicketWidth: a run of 160,000 packs, with long postcodes abroad, a
// long title and postage classes as long as the election file allows,
// keeps the ticket within 80 columns.
func TestTicketWidth(t *testing.T) {
	long := strings.Repeat("x", election.MaxMailText)
	m := &Manifest{Job: "J00000000", Title: strings.Repeat("Leadership Election ", 8), Election: "leadership-2026", Organisation: "The Example Party",
		Tool: "ballotpack v1.23.456", Finishing: finishing(election.Default())}
	seq := 0
	for k := 1; k <= 160; k++ {
		e := BatchEntry{Stream: election.StreamUK, Packs: 1000, Pages: 2000, Sheets: 2000, FirstSeq: seq + 1, LastSeq: seq + 1000,
			FirstPostcode: "WD18 3UU", LastPostcode: "ZE1 9ZF", SHA256: strings.Repeat("0", 64)}
		switch {
		case k == 158:
			e.Stream, e.FirstPostcode, e.LastPostcode = election.StreamWorld, "12345-6789", "SW1A-1AA-LONDON-ENGLAND"
		case k > 158:
			e.Stream, e.LargePrint, e.Pages, e.Sheets = election.StreamEurope, true, 3000, 3000
		}
		e.File = (&Batch{Number: k, Stream: e.Stream, LargePrint: e.LargePrint}).File()
		seq += 1000
		m.Batches = append(m.Batches, e)
		m.Totals.Packs, m.Totals.Pages, m.Totals.Sheets, m.Totals.Batches = seq, m.Totals.Pages+e.Pages, m.Totals.Sheets+e.Sheets, k
	}
	for _, s := range []election.Stream{election.StreamUK, election.StreamEurope, election.StreamWorld} {
		m.Streams = append(m.Streams, StreamTotals{Stream: s, Label: s.Label(), Postage: long, ReplyEnvelope: long, Packs: 100000, LargePrint: 2000, Batches: 100, Sheets: 200000})
	}
	var b bytes.Buffer
	if err := WriteTicket(&b, m); err != nil {
		t.Fatal(err)
	}
	checkTicket(t, b.String(), m)
}
