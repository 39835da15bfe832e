package election

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// inTime fails the test if f takes longer than a few seconds, so that a
// regression (a FIFO read, a loop run) fails instead of hanging the suite.
func inTime(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still running after 10 s", what)
	}
}

// Texts whose running is not bounded are refused when the file is read,
// quickly: {{range 1000000000}} used to run for minutes.
func TestWordingBounds(t *testing.T) {
	kb := strings.Repeat("x", 1024)
	for _, c := range []struct{ name, text, want string }{
		{"huge range", "{{range 1000000000}}{{end}}", "greeting:1:8: {{range 1000000000}} goes round 1000000000 times, and a text may go round at most 100"},
		{"nested ranges", "{{range 100}}{{range 100}}x{{end}}{{end}}", "greeting: its loops make it do more than 10000 steps of work"},
		{"empty nested ranges", "{{range 100}}{{range 100}}{{range 100}}{{end}}{{end}}{{end}}", "greeting: its loops make it do more than 10000 steps"},
		{"range over a field", "{{range .Name}}{{end}}", "greeting:1:8: {{range .Name}}: a text may range only over a number written in it (at most 100) or .Candidates"},
		{"range over a sum", "{{range len .Name}}{{end}}", "a text may range only over a number"},
		{"calls itself", `{{template "greeting"}}`, `greeting:1:11: {{template "greeting"}}: a text is one template, and calls no other`},
		{"defines", `{{define "x"}}{{template "x"}}{{end}}{{template "x"}}`, `greeting: defines template "x"`},
		{"block", `{{block "x" .}}{{end}}`, `greeting: defines template "x"`},
		{"wide printf", `{{printf "%0999999d" 0}}`, "error calling printf: would make a string of more than 64 KB"},
		{"printf star", `{{printf "%*d" 9 0}}`, "error calling printf: a * width or precision is not allowed"},
		{"printf repeats", `{{$s := printf "%5000s" "x"}}{{printf "%[1]s%[1]s%[1]s" $s}}`, "error calling printf: would make a string of more than 64 KB"},
		{"print doubles", `{{$s := "` + kb + `"}}{{range 20}}{{$s = print $s $s}}{{end}}`, "error calling print: would make a string of more than 64 KB"},
		{"html", `{{$s := printf "%10000s" "x"}}{{html $s $s}}`, "error calling html: would make a string"},
		{"too much text", "{{range 100}}" + kb + "{{end}}", "greeting: makes more than 64 KB of text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			inTime(t, c.name, func() {
				_, err := Parse("e.yaml", []byte(minimal+"wording:\n  greeting: '"+c.text+"'\n"))
				if want := "e.yaml line 12, wording.greeting: "; err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v\nwant %s…%s…", err, want, c.want)
				}
			})
		})
	}
	for _, text := range []string{
		"{{range .Candidates}}*{{end}}", "{{range $i := $.Candidates}}{{$i}}{{end}}", "{{range 3}}x{{else}}none{{end}}",
		`{{printf "%s, of %d" .Name .Candidates}}`, "{{html .Name}} {{js .Name}} {{urlquery .Name}} {{println .Name}}",
		"{{range 50}}{{range 90}}{{end}}{{end}}", "{{with .Name}}{{.}}{{end}}{{if .Replacement}}r{{end}}",
	} {
		if _, err := Parse("e.yaml", []byte(minimal+"wording:\n  greeting: '"+text+"'\n")); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
}

// The same bounds hold when a pack is rendered: a member's name cannot
// make a text longer than MaxTextBytes either.
func TestExecuteCapped(t *testing.T) {
	e, err := Parse("e.yaml", []byte(minimal+"wording:\n  greeting: '{{.Name}}{{.Name}}'\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := e.SampleFields()
	var b bytes.Buffer
	if err := Execute(&b, e.Wording.Greeting, f); err != nil || b.String() != f.Name+f.Name {
		t.Errorf("Execute = %q, %v", b.String(), err)
	}
	f.Name = strings.Repeat("x", MaxTextBytes/2+1)
	if err := Execute(io.Discard, e.Wording.Greeting, f); !errors.Is(err, ErrTextTooLong) {
		t.Errorf("got %v, want ErrTextTooLong", err)
	}
}
