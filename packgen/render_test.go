package packgen

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// sampleContents reads the sample roll and derives its codes with the
// published test key (NOT A REAL KEY).
func sampleContents(t testing.TB, n int) (*election.Election, []Content) {
	t.Helper()
	el := election.Default()
	res, err := roll.ReadFile("../testdata/roll-small.csv", el.RollOptions())
	if err != nil {
		t.Fatal(err)
	}
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer(el.ID)
	var out []Content
	for i := range res.Members[:n] {
		m := &res.Members[i]
		p, _ := is.Derive(codes.Ref{Member: m.ID, Issue: 1})
		f := el.SampleFields()
		f.Name, f.Forename, f.Surname, f.MembershipNumber = m.Name(), m.Forename, m.Surname, m.ID
		out = append(out, Content{Member: m, Fields: f, Code1: p.Ballot.Text(), Code2: p.Secret.Text(),
			LetterQR: LetterQRPayload(el.VotingURL, p.Ballot.Compact(), p.Secret.Compact()), BallotQR: BallotQRPayload(p.Ballot.Compact()),
			Seq: i + 1, Batch: 1})
	}
	return el, out
}

func TestWriteBatch(t *testing.T) {
	el, cs := sampleContents(t, 3)
	cs[1].Member.LargePrint = true
	var b bytes.Buffer
	pages, err := NewRenderer(el, layout.GoFonts, "J00000000").WriteBatch(&b, cs)
	if err != nil {
		t.Fatal(err)
	}
	if pages != 7 {
		t.Errorf("%d pages, want 7", pages)
	}
	if dir := os.Getenv("BALLOTPACK_KEEP"); dir != "" {
		os.WriteFile(filepath.Join(dir, "batch.pdf"), b.Bytes(), 0o644)
	}
}

// BenchmarkWriteBatch renders a batch of 1,000 standard packs. A batch
// is of one mail stream: the sample roll's UK members.
func BenchmarkWriteBatch(b *testing.B) {
	el, all := sampleContents(b, 40)
	var cs []Content
	for _, c := range all {
		if !c.Member.Overseas() {
			cs = append(cs, c)
		}
	}
	packs := make([]Content, 1000)
	for i := range packs {
		packs[i] = cs[i%len(cs)]
		packs[i].Member.LargePrint = false
		packs[i].Seq = i + 1
	}
	r := NewRenderer(el, layout.GoFonts, "J00000000")
	b.ReportAllocs()
	var n int
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := r.WriteBatch(&buf, packs); err != nil {
			b.Fatal(err)
		}
		n = buf.Len()
	}
	b.ReportMetric(float64(n)/1000, "bytes/pack")
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "packs/s")
}

func TestUsesMember(t *testing.T) {
	for text, want := range map[string]bool{
		"Votes must arrive by {{.Deadline}}.":             false,
		"{{.Organisation}} {{.Title}}":                    false,
		"Dear {{.Name}},":                                 true,
		"{{if .Forename}}A{{else}}B{{end}}":               true,
		"{{if .Replacement}}new{{end}}":                   false,
		"number {{.MembershipNumber}}":                    true,
		"{{.}}":                                           true,
		"{{with .}}{{.Title}}{{end}}":                     true,
		"{{$.Surname}}":                                   true,
		"{{printf \"%s\" .Title}} and {{len .VotingURL}}": false,
	} {
		tpl := template.Must(template.New("t").Parse(text))
		if got := usesMember(tpl); got != want {
			t.Errorf("usesMember(%q) = %v, want %v (parsed: %s)", text, got, want, tpl.Tree.Root.String())
		}
	}
}

// TestFlowKeepsParagraphsWhole checks how the letter's text breaks across
// pages: a paragraph goes on this page when it fits, whole, and on the
// next when it does not; a heading goes with the paragraph after it; only
// a paragraph longer than a page is broken, at a line.
func TestFlowKeepsParagraphsWhole(t *testing.T) {
	el, cs := sampleContents(t, 1)
	c := &cs[0]
	c.Member.LargePrint = true
	para := strings.Repeat("Votes must arrive by the deadline. ", 8)
	start := func(y float64) *flow {
		r := NewRenderer(el, layout.GoFonts, "J00000000")
		pdf := r.newDoc()
		r.newPage(pdf, c)
		pdf.SetY(y)
		return &flow{pdf: pdf, r: r, c: c, sz: largeSizes, page: 1, maxPage: 2, pass: passAll}
	}
	n := len(start(0).lines(para, "", largeSizes.body, false))
	h := float64(n) * largeSizes.line
	if n < 3 {
		t.Fatalf("the paragraph is %d lines", n)
	}
	gap := largeSizes.line * 0.5
	for _, tc := range []struct {
		name    string
		y       float64
		heading bool
		page    int
		end     float64
	}{
		{"fits exactly", bottomLimit - h, false, 1, bottomLimit + gap},
		{"a hair too low", bottomLimit - h + 0.1, false, 2, pageTop + h + gap},
		{"first line fits", bottomLimit - largeSizes.line, false, 2, pageTop + h + gap},
		{"heading and paragraph fit", bottomLimit - h - 1.5*largeSizes.line, true, 1, bottomLimit + gap},
		{"heading fits, paragraph not", bottomLimit - h - largeSizes.line, true, 2, pageTop + 1.5*largeSizes.line + h + gap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := start(tc.y)
			if tc.heading {
				if err := fl.heading("How to vote by post", fl.firstHeight(para, "", largeSizes.body, false)); err != nil {
					t.Fatal(err)
				}
			}
			if err := fl.paragraphs(para, "", largeSizes.body, false); err != nil {
				t.Fatal(err)
			}
			if fl.page != tc.page || math.Abs(fl.pdf.GetY()-tc.end) > 0.01 {
				t.Errorf("ends on page %d at %.2f mm, want page %d at %.2f mm", fl.page, fl.pdf.GetY(), tc.page, tc.end)
			}
		})
	}
	// Longer than a page: broken at a line, filling this page first.
	long := strings.Repeat(para, 6)
	fl := start(100)
	if err := fl.paragraphs(long, "", largeSizes.body, false); err != nil {
		t.Fatal(err)
	}
	if fl.page != 2 {
		t.Errorf("a paragraph longer than a page ends on page %d", fl.page)
	}
	// A letter that does not fit its pages is an error, not an overflow.
	fl = start(100)
	if err := fl.paragraphs(strings.Repeat(long, 5), "", largeSizes.body, false); err == nil || !strings.Contains(err.Error(), "does not fit on 2 page(s)") {
		t.Errorf("got %v", err)
	}
}

// TestBallotCandidatesFit checks that candidates that would run into the
// ballot code are refused, not printed over it: nine fit on a standard
// ballot paper, six on a large-print one, with the default wording.
func TestBallotCandidatesFit(t *testing.T) {
	el, cs := sampleContents(t, 2)
	cs[1].Member.LargePrint = true
	for _, tc := range []struct {
		c          Content
		fit, noFit int
	}{{cs[0], 9, 10}, {cs[1], 6, 7}} {
		for n, ok := range map[int]bool{tc.fit: true, tc.noFit: false} {
			e := *el
			e.Candidates = nil
			for i := range n {
				e.Candidates = append(e.Candidates, election.Candidate{Name: fmt.Sprintf("Candidate %d", i+1), Description: "Councillor, Sampleford"})
			}
			_, err := NewRenderer(&e, layout.GoFonts, "J00000000").WriteBatch(io.Discard, []Content{tc.c})
			if ok && err != nil || !ok && (err == nil || !strings.Contains(err.Error(), "do not fit")) {
				t.Errorf("%d candidates, large print %v: %v", n, tc.c.Member.LargePrint, err)
			}
		}
	}
}

// TestDefaultWordingShared checks that the default letter's texts, but the
// greeting, say the same to every member, so that standard packs are
// drawn over one shared template (a text that may name the member, such as
// one using {{.}} inside a with, costs every pack its whole letter).
func TestDefaultWordingShared(t *testing.T) {
	w := election.Default().Wording
	for _, tpl := range []*template.Template{w.Introduction, w.Online, w.Postal, w.Deadline, w.Rule, w.Closing, w.BallotInstruction} {
		if usesMember(tpl) {
			t.Errorf("the default %s may say something different to each member", tpl.Name())
		}
	}
}
