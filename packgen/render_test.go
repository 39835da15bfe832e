package packgen

import (
	"bytes"
	"os"
	"path/filepath"
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
