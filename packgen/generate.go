package packgen

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// Options configure a generation run. Zero values mean the defaults.
type Options struct {
	Election   *election.Election
	Issuer     *codes.Issuer
	Roll       *roll.Result
	RollSHA256 string // of the roll file, for the manifest and the job ID
	OutDir     string
	BatchSize  int            // default: the election's
	Workers    int            // default: the number of CPUs
	Fonts      layout.FontSet // default: the embedded Go fonts
	Version    string         // the tool's version, for the manifest
	// Progress, when set, is called after each batch with the packs done.
	Progress func(done, total int)
	// Planned, when set, is called with the plan (batches, manifest and job
	// ID) before any batch is rendered; it must not change it.
	Planned func(*Result)
	// Printed are packs already printed in an earlier run (from its
	// packs.csv): a member among them keeps that pack's codes, and no new
	// pack takes a code of theirs.
	Printed []codes.Ref
	// Issued are every other pack issued in an earlier run (superseded
	// ones): no new pack takes a code of theirs.
	Issued []codes.Ref
	// Shard, when set, makes only the shard's batches (see Shard); the
	// rest of the run is planned as one run plans it.
	Shard *Shard
}

// A Shard is one share of a run split over processes or machines
// (generate -shard i/n). Every shard reads the whole roll and plans the
// whole run, so codes, sequence and batch numbers and the job ID are those
// of one run; shard i makes batch k when ((k-1) mod n)+1 = i, and
// merge-shards assembles the shards' folders into the complete run's.
type Shard struct {
	Index int  `json:"index"` // i: 1..Count
	Count int  `json:"count"` // n
	Done  bool `json:"done"`  // every batch of this shard is made
}

// Has reports whether batch number k is the shard's; every batch is a
// whole run's (a nil Shard's).
func (s *Shard) Has(k int) bool { return s == nil || (k-1)%s.Count+1 == s.Index }

func (s *Shard) String() string { return fmt.Sprintf("shard %d of %d", s.Index, s.Count) }

// Manifest is job.json: what a run made, for staff and the print house.
// It holds no code and no key, only the key's ID.
type Manifest struct {
	Job          string          `json:"job"`
	Complete     bool            `json:"complete"`        // false while a run is under way or was interrupted, and in a shard's
	Shard        *Shard          `json:"shard,omitempty"` // a shard's: its batches only
	Election     string          `json:"election"`
	Title        string          `json:"title"`
	Organisation string          `json:"organisation"`
	KeyID        string          `json:"key_id"`
	Tool         string          `json:"tool"`
	ElectionFile FileRef         `json:"election_file"`
	RollFile     FileRef         `json:"roll_file"`
	PagesPerPack PageCounts      `json:"pages_per_pack"`
	Printing     string          `json:"printing"`
	Finishing    Finishing       `json:"finishing"` // as the ticket gives it
	Totals       Totals          `json:"totals"`
	Streams      []StreamTotals  `json:"streams"` // they add up to Totals
	Collisions   []CollisionNote `json:"code_collisions"`
	Batches      []BatchEntry    `json:"batches"`
}

// FileRef names an input by its name and SHA-256.
type FileRef struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// PageCounts is the fixed page count of each kind of pack.
type PageCounts struct {
	Standard   int `json:"standard"`
	LargePrint int `json:"large_print"`
}

// Totals add up: rows_read = packs + rejected + ineligible.
type Totals struct {
	RowsRead   int `json:"rows_read"`
	Packs      int `json:"packs"`
	LargePrint int `json:"large_print_packs"`
	BFPO       int `json:"bfpo_packs"`
	Overseas   int `json:"overseas_packs"`
	Pages      int `json:"pages"`
	Sheets     int `json:"sheets"`
	Batches    int `json:"batches"`
	Rejected   int `json:"rejected"`
	Ineligible int `json:"ineligible"`
	Warnings   int `json:"warnings"`
	BlankRows  int `json:"blank_rows"`
}

// CollisionNote records a pack whose codes were re-derived to stay unique.
type CollisionNote struct {
	Member  string `json:"member"`
	Issue   uint32 `json:"issue"`
	Variant uint32 `json:"variant"`
	Code    string `json:"code"` // which code clashed: "ballot code" or "secret code"
}

// BatchEntry describes one batch PDF: its packs are all of one mail
// stream, posted at one postage.
type BatchEntry struct {
	File          string          `json:"file"`
	Stream        election.Stream `json:"stream"`
	Postage       string          `json:"postage"`
	SHA256        string          `json:"sha256"`
	Bytes         int64           `json:"bytes"`
	Packs         int             `json:"packs"`
	Pages         int             `json:"pages"`
	Sheets        int             `json:"sheets"`
	FirstSeq      int             `json:"first_sequence"`
	LastSeq       int             `json:"last_sequence"`
	FirstPostcode string          `json:"first_postcode"`
	LastPostcode  string          `json:"last_postcode"`
	LargePrint    bool            `json:"large_print"`
}

// Result is what Generate did.
type Result struct {
	Manifest *Manifest
	Batches  []*Batch // the plan: every pack, in order
	Made     int      // batches rendered
	Kept     int      // batches already complete and intact, left alone
}

// Manifest and report file names in the output folder.
//
// Every file there holds codes (the batches) or members' personal data
// (job.json's postcode ranges, packs.csv's membership numbers,
// rejects.csv's names and addresses) and is mode 0600 (outfile.Private),
// in a folder of mode 0700; only SHA256SUMS holds neither. Each is written
// with outfile.Write: atomically, never over another user's file nor
// through a link out of the folder.
const (
	JobFile     = "job.json"
	PacksFile   = "packs.csv"
	SumsFile    = "SHA256SUMS"
	RejectsFile = "rejects.csv"
)

// ErrNoPacks means a roll has nobody to make a pack for.
var ErrNoPacks = errors.New("no member to make a pack for")

// NoPacks returns nil when res has a member to make a pack for, and
// otherwise an error wrapping ErrNoPacks that says how many rows were read,
// rejected and ineligible, and the commonest reasons.
func NoPacks(res *roll.Result) error {
	if len(res.Members) > 0 || len(res.Recipients) > 0 {
		return nil
	}
	reasons := append(res.CountKinds(roll.Reject), res.CountKinds(roll.Ineligible)...)
	slices.SortStableFunc(reasons, func(a, b roll.Count) int { return b.N - a.N })
	var top []string
	for _, c := range reasons[:min(3, len(reasons))] {
		top = append(top, fmt.Sprintf("%s (%d)", c.Kind, c.N))
	}
	why := ""
	if len(top) > 0 {
		why = "; left out most often for: " + strings.Join(top, ", ")
	}
	return &noPacksError{fmt.Sprintf("%s: nobody on the roll can be sent a pack: %d rows read, %d rejected, %d ineligible under the election's rules%s",
		res.Path, res.RowsRead, res.Rejected, res.Excluded, why)}
}

type noPacksError struct{ msg string }

func (e *noPacksError) Error() string { return e.msg }
func (e *noPacksError) Unwrap() error { return ErrNoPacks }

// Generate makes the packs of every accepted member into batch PDFs in
// opts.OutDir, with the manifest. Each batch is written to a temporary name,
// synced and renamed, so an interrupted run never leaves a partial batch
// under its final name; a run with the same inputs keeps batches that are
// already complete and intact and makes the rest. The output is the same,
// byte for byte, for the same inputs, whatever the number of workers.
//
// A shard (opts.Shard) makes only its batches, and its job.json lists only
// those, marked as the shard's and not complete; packs.csv and rejects.csv
// are the whole run's.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	el, res := opts.Election, opts.Roll
	if err := NoPacks(res); err != nil {
		return nil, err // before anything is written
	}
	batchSize := cmp.Or(opts.BatchSize, el.BatchSize)
	workers := cmp.Or(opts.Workers, runtime.NumCPU())
	fonts := opts.Fonts
	if fonts.Regular == nil {
		fonts = el.FontSet
	}
	// The batches hold every member's codes: the folder and they are the
	// owner's alone.
	if err := os.MkdirAll(opts.OutDir, 0o700); err != nil {
		return nil, err
	}

	printed := map[string]codes.Ref{}
	for _, r := range opts.Printed {
		printed[r.Member] = r
	}
	members := res.Recipients
	if members == nil { // a roll read without Options.Recipients
		members = make([]roll.Recipient, len(res.Members))
		for i := range res.Members {
			members[i] = roll.NewRecipient(&res.Members[i])
		}
	}
	// Every member's codes, in roll order: printed packs keep theirs, the
	// rest are derived unique.
	assigned := make([]codes.Assignment, len(members))
	var refs []codes.Ref
	for i := range members {
		id := members[i].ID()
		if r, ok := printed[id]; ok {
			pair, err := opts.Issuer.Derive(r)
			if err != nil {
				return nil, err
			}
			assigned[i] = codes.Assignment{Ref: r, Pair: pair}
			continue
		}
		refs = append(refs, codes.Ref{Member: id, Issue: 1})
	}
	derived, collisions, err := opts.Issuer.DeriveUnique(refs, append(slices.Clip(opts.Printed), opts.Issued...))
	if err != nil {
		return nil, err
	}
	refs = nil
	for i := range members {
		if _, ok := printed[members[i].ID()]; !ok {
			assigned[i], derived = derived[0], derived[1:]
		}
	}
	batches, err := Plan(members, assigned, batchSize, el.Mail.Zones)
	if err != nil {
		return nil, err
	}

	man := &Manifest{
		Election: el.ID, Title: el.Title, Organisation: el.Organisation, KeyID: opts.Issuer.KeyID(), Tool: "ballotpack " + cmp.Or(opts.Version, "(devel)"),
		ElectionFile: FileRef{Name: filepath.Base(el.Source), SHA256: el.SHA256},
		RollFile:     FileRef{Name: filepath.Base(res.Path), SHA256: opts.RollSHA256},
		PagesPerPack: PageCounts{Standard: PagesPerPack(false), LargePrint: PagesPerPack(true)},
		Printing:     "A4, simplex: one page per sheet",
		Collisions:   []CollisionNote{},
	}
	man.Job = jobID(man, batches, fonts)
	for _, c := range collisions {
		man.Collisions = append(man.Collisions, CollisionNote{Member: c.Pack.Member, Issue: c.Pack.Issue, Variant: c.Pack.Variant, Code: c.Kind.String()})
	}
	man.Totals = totals(res, batches)
	man.Finishing, man.Streams = finishing(el), streamTotals(el, batches)
	var mine []int // the batches to make, by index
	packs := 0
	for i, b := range batches {
		if opts.Shard.Has(b.Number) {
			mine = append(mine, i)
			packs += len(b.Packs)
		}
	}
	if opts.Shard != nil {
		man.Shard = &Shard{Index: opts.Shard.Index, Count: opts.Shard.Count}
	}

	previous, err := readManifest(opts.OutDir, man.Job, man.Shard)
	if err != nil {
		return nil, err
	}
	// From here on nothing here refers to the roll but through the plan's
	// recipients: a roll read without Options.Recipients can be freed
	// while the batches are rendered (the caller should let go of it too).
	problems := res.Problems
	res, opts.Roll = nil, nil
	r := NewRenderer(el, fonts, man.Job)
	entries := make([]BatchEntry, len(batches))
	result := &Result{Manifest: man, Batches: batches}
	if opts.Planned != nil {
		opts.Planned(&Result{Manifest: man, Batches: batches})
	}
	var mu sync.Mutex
	done := 0
	work := make(chan int)
	errs := make(chan error, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				b := batches[i]
				entry, kept, err := makeBatch(r, el, opts.OutDir, b, previous)
				if err != nil {
					errs <- fmt.Errorf("batch %d: %w", b.Number, err)
					cancel()
					return
				}
				mu.Lock()
				entries[i] = entry
				if kept {
					result.Kept++
				} else {
					result.Made++
				}
				// Record the batch at once, so an interrupted run resumes.
				if err := writeProgress(opts.OutDir, man, entries); err != nil {
					mu.Unlock()
					errs <- err
					cancel()
					return
				}
				done += len(b.Packs)
				if opts.Progress != nil {
					opts.Progress(done, packs)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, i := range mine {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	man.Batches = make([]BatchEntry, 0, len(mine))
	for _, i := range mine {
		man.Batches = append(man.Batches, entries[i])
	}
	if man.Shard != nil {
		man.Shard.Done = true
	} else {
		man.Complete = true
	}
	if err := writeOutputs(opts.OutDir, man, batches, problems); err != nil {
		return nil, err
	}
	return result, nil
}

// totals are the whole run's, from the roll and the plan.
func totals(res *roll.Result, batches []*Batch) Totals {
	t := Totals{RowsRead: res.RowsRead, Batches: len(batches),
		Rejected: res.Rejected, Ineligible: res.Excluded, Warnings: res.Warnings(), BlankRows: res.Blank}
	for _, b := range batches {
		for _, p := range b.Packs {
			t.Packs++
			if p.largePrint() {
				t.LargePrint++
			}
			if p.country() != "" {
				t.Overseas++
			}
			if p.bfpo() {
				t.BFPO++
			}
			t.Pages += PagesPerPack(p.largePrint())
		}
	}
	t.Sheets = t.Pages // simplex
	return t
}

// jobID names a run by its inputs and its plan: the same election file,
// roll, key, fonts and batches (every pack's sequence number, member, issue,
// variant and batch) give the same ID, and any change gives another.
func jobID(m *Manifest, batches []*Batch, fonts layout.FontSet) string {
	h := sha256.New()
	for _, s := range []string{m.Election, m.KeyID, m.ElectionFile.SHA256, m.RollFile.SHA256, m.Tool} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	for _, f := range [][]byte{fonts.Regular, fonts.Bold, fonts.Mono} {
		sum := sha256.Sum256(f)
		h.Write(sum[:])
	}
	for _, b := range batches {
		for _, p := range b.Packs {
			fmt.Fprintf(h, "%d,%s,%d,%d,%d\n", p.Seq, p.Ref.Member, p.Ref.Issue, p.Ref.Variant, b.Number)
		}
	}
	return fmt.Sprintf("J%X", h.Sum(nil)[:4])
}

// readManifest returns the batches of an earlier run of the same job and
// shard in dir, by file name: nothing when there was none. A folder holding
// another job's batches is refused, so that no stale pack ever sits beside a
// new manifest, and so is one of the same job's other shard or complete
// run, so that no shard's folder is taken for a complete run's.
func readManifest(dir, job string, shard *Shard) (map[string]BatchEntry, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, JobFile))
	if err == nil && json.Unmarshal(b, &m) == nil && m.Job == job {
		if !sameShard(m.Shard, shard) {
			return nil, fmt.Errorf("%s holds %s of job %s, and this run is %s: give each shard, and the complete run, a folder of its own", dir, runName(m.Shard), job, runName(shard))
		}
		out := map[string]BatchEntry{}
		for _, e := range m.Batches {
			if e.File != "" {
				out[e.File] = e
			}
		}
		return out, nil
	}
	old, _ := filepath.Glob(filepath.Join(dir, "batch-*.pdf"))
	if len(old) > 0 {
		what := "an earlier run"
		if m.Job != "" {
			what = "job " + m.Job
		}
		return nil, fmt.Errorf("%s holds %d batch PDFs of %s, made from other inputs: write to a new folder (with -keep-codes-from %s if those packs were printed, so their members keep their codes), or move them away first, so that no stale pack is printed", dir, len(old), what, dir)
	}
	return nil, nil
}

func sameShard(a, b *Shard) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Index == b.Index && a.Count == b.Count
}

// runName names a run for a message: "shard i of n" or "the complete run".
func runName(s *Shard) string {
	if s == nil {
		return "the complete run"
	}
	return s.String()
}

// intact reports whether path holds exactly the batch an earlier run
// recorded.
func intact(path string, e BatchEntry) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return err == nil && n == e.Bytes && hex.EncodeToString(h.Sum(nil)) == e.SHA256
}

// makeBatch renders one batch unless an intact copy is already there.
func makeBatch(r *Renderer, el *election.Election, dir string, b *Batch, previous map[string]BatchEntry) (BatchEntry, bool, error) {
	entry := BatchEntry{File: b.File(), Stream: b.Stream, Postage: el.Mail.Postage(b.Stream), Packs: len(b.Packs), FirstSeq: b.Packs[0].Seq, LastSeq: b.Packs[len(b.Packs)-1].Seq,
		FirstPostcode: b.Packs[0].postcode(), LastPostcode: b.Packs[len(b.Packs)-1].postcode(), LargePrint: b.LargePrint}
	for _, p := range b.Packs {
		entry.Pages += PagesPerPack(p.largePrint())
	}
	entry.Sheets = entry.Pages
	path := filepath.Join(dir, entry.File)
	if prev, ok := previous[entry.File]; ok && prev.Pages == entry.Pages && prev.FirstSeq == entry.FirstSeq && intact(path, prev) {
		entry.SHA256, entry.Bytes = prev.SHA256, prev.Bytes
		return entry, true, nil
	}
	contents := make([]Content, len(b.Packs))
	for i, p := range b.Packs {
		contents[i] = PackContent(el, p)
	}
	h := sha256.New()
	n, err := outfile.Write(path, outfile.Private, nil, func(w io.Writer) error {
		pages, err := r.WriteBatch(io.MultiWriter(w, h), contents)
		if err == nil && pages != entry.Pages {
			err = fmt.Errorf("rendered %d pages, expected %d", pages, entry.Pages)
		}
		return err
	})
	if err != nil {
		return entry, false, err
	}
	entry.SHA256, entry.Bytes = hex.EncodeToString(h.Sum(nil)), n
	return entry, false, nil
}

// PackContent is what the pack of p shows.
func PackContent(el *election.Election, p *Pack) Content {
	m := p.member()
	f := el.SampleFields()
	f.Name, f.Forename, f.Surname, f.MembershipNumber = m.Name(), m.Forename, m.Surname, m.ID
	f.Replacement = p.Ref.Issue > 1
	c1, c2 := p.Codes.Ballot.Compact(), p.Codes.Secret.Compact()
	return Content{Member: m, Fields: f, Code1: p.Codes.Ballot.Text(), Code2: p.Codes.Secret.Text(),
		LetterQR: LetterQRPayload(el.VotingURL, c1, c2), BallotQR: BallotQRPayload(c1),
		Seq: p.Seq, Batch: p.Batch, Replacement: f.Replacement}
}

// writeProgress writes job.json while a run is under way: the batches done
// so far, marked not complete.
func writeProgress(dir string, man *Manifest, entries []BatchEntry) error {
	partial := *man
	partial.Complete = false
	partial.Batches = nil
	for _, e := range entries {
		if e.File != "" {
			partial.Batches = append(partial.Batches, e)
		}
	}
	_, err := outfile.Write(filepath.Join(dir, JobFile), outfile.Private, nil, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(&partial)
	})
	return err
}

// writeOutputs writes rejects.csv, packs.csv, TICKET.txt (not a shard's:
// merge-shards writes the complete run's), job.json and SHA256SUMS.
func writeOutputs(dir string, man *Manifest, batches []*Batch, problems []roll.Problem) error {
	if _, err := outfile.Write(filepath.Join(dir, RejectsFile), outfile.Private, nil, func(w io.Writer) error { return roll.WriteProblems(w, problems) }); err != nil {
		return err
	}
	if _, err := outfile.Write(filepath.Join(dir, PacksFile), outfile.Private, nil, func(w io.Writer) error { return writePacks(w, batches) }); err != nil {
		return err
	}
	if man.Shard == nil {
		if err := writeTicket(dir, man); err != nil {
			return err
		}
	}
	if err := writeJob(dir, man); err != nil {
		return err
	}
	return writeSums(dir, man.Batches)
}

// writeJob writes job.json.
func writeJob(dir string, man *Manifest) error {
	_, err := outfile.Write(filepath.Join(dir, JobFile), outfile.Private, nil, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(man)
	})
	return err
}

// writeSums writes SHA256SUMS, for sha256sum -c.
func writeSums(dir string, batches []BatchEntry) error {
	_, err := outfile.Write(filepath.Join(dir, SumsFile), outfile.Public, nil, func(w io.Writer) error {
		sums := slices.Clone(batches)
		slices.SortFunc(sums, func(a, b BatchEntry) int { return cmp.Compare(a.File, b.File) })
		for _, e := range sums {
			if _, err := fmt.Fprintf(w, "%s  %s\n", e.SHA256, e.File); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// A Row is one pack as packs.csv and the register list it.
type Row struct {
	Seq                 int
	Member              string
	Issue, Variant      uint32
	Batch               int
	File                string
	FirstPage, LastPage int
	LargePrint          bool
	Country             string
}

// Rows yields every pack of batches in order, with its pages in its batch.
func Rows(batches []*Batch) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		for _, b := range batches {
			page := 1
			for _, p := range b.Packs {
				if !yield(row(b, p, page)) {
					return
				}
				page += PagesPerPack(p.largePrint())
			}
		}
	}
}

// RowsByMember yields the rows Rows does, in membership-number order: the
// register's own order, in which SQLite writes a roll's packs nine times
// faster than in the mailing's (its index pages are filled in turn instead
// of all at once).
func RowsByMember(batches []*Batch) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		type placed struct {
			p     *Pack
			batch int32 // in batches
			page  int32 // the first in its batch
		}
		var packs []placed
		for i, b := range batches {
			page := 1
			for _, p := range b.Packs {
				packs = append(packs, placed{p, int32(i), int32(page)})
				page += PagesPerPack(p.largePrint())
			}
		}
		slices.SortFunc(packs, func(a, b placed) int {
			return cmp.Or(strings.Compare(a.p.memberID(), b.p.memberID()), cmp.Compare(a.p.Ref.Issue, b.p.Ref.Issue), cmp.Compare(a.p.Seq, b.p.Seq))
		})
		for _, x := range packs {
			if !yield(row(batches[x.batch], x.p, int(x.page))) {
				return
			}
		}
	}
}

// row is pack p's row, p being in batch b from page page.
func row(b *Batch, p *Pack, page int) Row {
	return Row{Seq: p.Seq, Member: p.memberID(), Issue: p.Ref.Issue, Variant: p.Ref.Variant, Batch: b.Number,
		File: b.File(), FirstPage: page, LastPage: page + PagesPerPack(p.largePrint()) - 1, LargePrint: p.largePrint(), Country: CountryName(p.country())}
}

// CountryName is the country a pack goes to: the United Kingdom, or the
// roll's country by its one English name ("USA" and "U.S.A." are "United
// States"; a country ballotpack does not know is named as written).
func CountryName(country string) string {
	if country == "" {
		return "United Kingdom"
	}
	if c, ok := roll.LookupCountry(country); ok {
		return c.Name
	}
	return strings.TrimSpace(country)
}

// writePacks writes packs.csv: one row per pack, no codes.
func writePacks(w io.Writer, batches []*Batch) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"sequence", "membership_number", "issue", "variant", "batch", "batch_file", "first_page", "last_page", "large_print", "country"})
	for r := range Rows(batches) {
		lp := "no"
		if r.LargePrint {
			lp = "yes"
		}
		cw.Write([]string{strconv.Itoa(r.Seq), r.Member, strconv.Itoa(int(r.Issue)), strconv.Itoa(int(r.Variant)),
			strconv.Itoa(r.Batch), r.File, strconv.Itoa(r.FirstPage), strconv.Itoa(r.LastPage), lp, roll.SafeCell(r.Country)})
	}
	cw.Flush()
	return cw.Error()
}
