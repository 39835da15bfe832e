package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// needTools skips the test when a tool that reads our output is missing,
// except under CI=true, where it fails: there these tests must run.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (poppler-utils, zbar-tools, qpdf, ghostscript): .ci/run installs them", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// testKey copies the published test key (NOT A REAL KEY) with mode 0600.
func testKey(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/NOT-A-REAL-KEY.key")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "election.key")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// sampleRoll is testdata/roll-small.csv with two members asking for large print.
func sampleRoll(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/roll-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	for _, i := range []int{5, 17} {
		lines[i] += "Yes"
	}
	path := filepath.Join(t.TempDir(), "roll.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCmd(t *testing.T, args ...string) (string, string, error) { return runCmdB(t, args...) }

func runCmdB(t testing.TB, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), err
}

func generate(t *testing.T, roll, key, dir string, extra ...string) {
	t.Helper()
	args := append([]string{"generate", "-members", roll, "-key", key, "-out", dir, "-batch-size", "16"}, extra...)
	if _, stderr, err := runCmd(t, args...); err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr)
	}
}

type packRow struct {
	seq, member, batchFile string
	first, last            int
	large                  bool
}

func readPacks(t *testing.T, dir string) []packRow {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, packgen.PacksFile))
	if err != nil {
		t.Fatal(err)
	}
	var rows []packRow
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(l, ",")
		var first, last int
		fmt.Sscan(f[6], &first)
		fmt.Sscan(f[7], &last)
		rows = append(rows, packRow{seq: f[0], member: f[1], batchFile: f[5], first: first, last: last, large: f[8] == "yes"})
	}
	return rows
}

func pageText(t *testing.T, pdf string, page int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s page %d: %v", pdf, page, err)
	}
	return string(out)
}

// qrPayloads renders a page at 150 dpi and returns the QR codes zbarimg reads.
func qrPayloads(t *testing.T, pdf string, page int) []string {
	t.Helper()
	png := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), pdf, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg %s page %d: %v", pdf, page, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestGenerateEndToEnd(t *testing.T) {
	needTools(t, "pdftotext", "pdffonts", "qpdf", "pdftoppm", "zbarimg")
	key, roll, dir := testKey(t), sampleRoll(t), filepath.Join(t.TempDir(), "dist")
	generate(t, roll, key, dir)

	k, err := codes.ReadKeyFile(key, false)
	if err != nil {
		t.Fatal(err)
	}
	is, _ := k.(*codes.MasterKey).Issuer("leadership-2026")
	var man packgen.Manifest
	b, _ := os.ReadFile(filepath.Join(dir, packgen.JobFile))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "AAECAwQF") {
		t.Fatal("job.json holds the key")
	}

	// The batches hold codes: only their owner may read them.
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("output folder mode %04o, want 0700", st.Mode().Perm())
	}
	// Every batch: fonts embedded, no core fonts, and qpdf finds no fault.
	for _, e := range man.Batches {
		pdf := filepath.Join(dir, e.File)
		if st, _ := os.Stat(pdf); st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %04o, want 0600", e.File, st.Mode().Perm())
		}
		fonts, err := exec.Command("pdffonts", pdf).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
		if len(lines) != 3 {
			t.Errorf("%s: %d fonts, want 3 (regular, bold, mono)", e.File, len(lines))
		}
		for _, l := range lines {
			if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" || strings.Contains(l, "Helvetica") {
				t.Errorf("%s: font not embedded: %s", e.File, l)
			}
		}
		if out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", e.File, err, out)
		}
	}

	packs := readPacks(t, dir)
	if len(packs) != man.Totals.Packs || man.Totals.Packs != 40 || man.Totals.LargePrint != 2 {
		t.Fatalf("%d rows in packs.csv, totals %+v", len(packs), man.Totals)
	}
	// Text of every pack: the name, address and both codes on the letter; only
	// code 1 on the ballot paper. Messages never show a code.
	for _, p := range packs {
		pdf := filepath.Join(dir, p.batchFile)
		pair, _ := is.Derive(codes.Ref{Member: p.member, Issue: 1})
		letter := pageText(t, pdf, p.first)
		for p2 := p.first + 1; p2 < p.last; p2++ {
			letter += pageText(t, pdf, p2)
		}
		ballot := pageText(t, pdf, p.last)
		// In large print the number goes under its label, beside the
		// address, so pdftotext may put an address line between them.
		if flat := strings.Join(strings.Fields(letter), " "); !strings.Contains(flat, "Membership number "+p.member) &&
			!(p.large && strings.Contains(flat, "Membership number") && strings.Contains(flat, " "+p.member+" ")) {
			t.Errorf("pack %s: membership number not on the letter", p.seq)
		}
		if !strings.Contains(letter, pair.Ballot.Text()) || !strings.Contains(letter, pair.Secret.Text()) {
			t.Errorf("pack %s: the letter lacks a code", p.seq)
		}
		if !strings.Contains(ballot, pair.Ballot.Text()) || strings.Contains(ballot, pair.Secret.Text()) || !strings.Contains(ballot, "BALLOT PAPER") {
			t.Errorf("pack %s: the ballot paper must show code 1 and never code 2", p.seq)
		}
		if want := fmt.Sprintf("pack %s · page %d of %d", p.seq, p.last-p.first+1, p.last-p.first+1); !strings.Contains(ballot, want) {
			t.Errorf("pack %s: ballot page mark lacks %q", p.seq, want)
		}
	}

	// QR codes, read back from rendered pages, for the first pack and a
	// large-print pack: they carry the right codes, which verify.
	for _, p := range []packRow{packs[0], packs[len(packs)-1]} {
		pdf := filepath.Join(dir, p.batchFile)
		pair, _ := is.Derive(codes.Ref{Member: p.member, Issue: 1})
		var batch, seq int
		fmt.Sscanf(p.batchFile, "batch-%d", &batch)
		fmt.Sscan(p.seq, &seq)
		pages := p.last - p.first + 1
		letterQR := packgen.LetterQRPayload("https://vote.example.org/v", pair.Ballot.Compact(), pair.Secret.Compact())
		got := strings.Join(qrPayloads(t, pdf, p.first), "\n")
		if !strings.Contains(got, letterQR) {
			t.Errorf("pack %s: the letter's QR code does not open the voting page with both codes", p.seq)
		}
		if !strings.Contains(got, packgen.MarkPayload(man.Job, batch, seq, 1, pages)) {
			t.Errorf("pack %s: page 1 mark: got %q", p.seq, strings.Split(got, "\n")[len(strings.Split(got, "\n"))-1])
		}
		got = strings.Join(qrPayloads(t, pdf, p.last), "\n")
		if !strings.Contains(got, packgen.BallotQRPayload(pair.Ballot.Compact())) {
			t.Errorf("pack %s: the ballot paper's QR code does not hold code 1", p.seq)
		}
		if !strings.Contains(got, packgen.MarkPayload(man.Job, batch, seq, pages, pages)) {
			t.Errorf("pack %s: last page mark missing", p.seq)
		}
		// The decoded codes verify, through the command a scrutineer uses.
		m := regexp.MustCompile(`/([0-9A-Z]{10})/([0-9A-Z]{16})`).FindStringSubmatch(strings.Join(qrPayloads(t, pdf, p.first), "\n"))
		if m == nil {
			t.Fatalf("pack %s: no codes in the letter's QR code", p.seq)
		}
		stdout, _, err := runCmd(t, "verify", "-key", key, "-register", dir, "-member", p.member, m[1], m[2])
		if err != nil || strings.TrimSpace(stdout) != "valid" {
			t.Errorf("pack %s: codes read from the QR code do not verify: %v", p.seq, err)
		}
	}

	// SHA256SUMS is what sha256sum -c reads.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", packgen.SumsFile)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	}
}

func TestGenerateReproducibleAndResumable(t *testing.T) {
	key, roll := testKey(t), sampleRoll(t)
	one, two := t.TempDir(), t.TempDir()
	generate(t, roll, key, one, "-workers", "1")
	generate(t, roll, key, two, "-workers", "2")
	for _, f := range []string{packgen.SumsFile, packgen.JobFile, packgen.PacksFile, packgen.RejectsFile} {
		a, _ := os.ReadFile(filepath.Join(one, f))
		b, _ := os.ReadFile(filepath.Join(two, f))
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s differs between 1 and 2 workers", f)
		}
	}

	// Lose one batch, damage another: a re-run makes those two again.
	sums, _ := os.ReadFile(filepath.Join(one, packgen.SumsFile))
	os.Remove(filepath.Join(one, "batch-0002.pdf"))
	os.Truncate(filepath.Join(one, "batch-0001.pdf"), 1000)
	stdout, _, err := runCmd(t, "generate", "-members", roll, "-key", key, "-out", one, "-batch-size", "16")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "(2 written, 3 already complete)") {
		t.Errorf("resume: %s", stdout)
	}
	again, _ := os.ReadFile(filepath.Join(one, packgen.SumsFile))
	if !bytes.Equal(sums, again) {
		t.Error("the resumed run's batches differ from the first run's")
	}
	for _, e := range must(os.ReadDir(one)) {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestGenerateGolden compares the manifest, packs.csv, the job ticket and
// the first pack's page text with testdata/golden; go test -run Golden
// -update rewrites them.
func TestGenerateGolden(t *testing.T) {
	needTools(t, "pdftotext")
	key, roll, dir := testKey(t), sampleRoll(t), t.TempDir()
	generate(t, roll, key, dir)
	job, _ := os.ReadFile(filepath.Join(dir, packgen.JobFile))
	// The roll file's name and hash depend on the test's temporary copy only
	// through its name, which is fixed; the tool version may vary.
	job = regexp.MustCompile(`"tool": "[^"]*"`).ReplaceAll(job, []byte(`"tool": "ballotpack"`))
	packs, _ := os.ReadFile(filepath.Join(dir, packgen.PacksFile))
	text := pageText(t, filepath.Join(dir, "batch-0001.pdf"), 1) + pageText(t, filepath.Join(dir, "batch-0001.pdf"), 2)
	ticket, _ := os.ReadFile(filepath.Join(dir, packgen.TicketFile))
	ticket = regexp.MustCompile(`Made by ballotpack [^\n]*`).ReplaceAll(ticket, []byte(`Made by ballotpack`))
	for name, got := range map[string][]byte{"job.json": job, "packs.csv": packs, "pack1.txt": []byte(text), "TICKET.txt": ticket} {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from testdata/golden/%s (if intended, go test -run Golden -update)", name, name)
		}
	}
}
