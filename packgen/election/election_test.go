package election

import (
	"bytes"
	"errors"
	"github.com/ballotpack/ballotpack/templates"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goitalic"

	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

func TestDefault(t *testing.T) {
	e := Default()
	if e.ID != "leadership-2026" || e.Title == "" || !e.JoinedBefore.Equal(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) || len(e.ExcludedStatuses) == 0 {
		t.Errorf("%+v", e)
	}
	if e.Policy != FirstWins || e.Envelope != DL || e.BatchSize != 1000 || len(e.Candidates) != 3 {
		t.Errorf("%+v", e)
	}
	if got := e.DeadlineText(); got != "5pm on Friday 30 October 2026" {
		t.Errorf("deadline %q", got)
	}
	var b bytes.Buffer
	f := e.SampleFields()
	f.Replacement = true
	if err := e.Wording.Introduction.Execute(&b, f); err != nil || !strings.Contains(b.String(), "It replaces the pack") {
		t.Errorf("introduction: %v %q", err, b.String())
	}
}

// minimal is the smallest valid election file.
const minimal = `id: e1
title: T
organisation: O
return_address: [1 Road]
letter_date: 2026-10-01
voting_url: https://vote.example.org/v
deadline: 2026-10-30 12:00
policy: disqualify
candidates: [{name: A}, {name: B, description: d}]
contact: {email: ro@example.org}
`

func TestParse(t *testing.T) {
	e, err := Parse("e.yaml", []byte(minimal+"columns:\n  member_id: Ref\n  address2: Line B\neligibility:\n  excluded_statuses: [lapsed]\nwording:\n  greeting: Hello {{.Name}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Columns[roll.FieldMemberID] != "Ref" || len(e.AddressColumns) != 1 || e.AddressColumns[0] != "Line B" || !e.JoinedBefore.IsZero() {
		t.Errorf("%+v", e)
	}
	if e.DeadlineText() != "noon on Friday 30 October 2026" || e.Candidates[1].Description != "d" || e.BatchSize != 1000 || e.Envelope != DL {
		t.Errorf("%+v", e)
	}
	var b bytes.Buffer
	e.Wording.Greeting.Execute(&b, e.SampleFields())
	if b.String() != "Hello Ms Sample Member" {
		t.Errorf("greeting %q", b.String())
	}
	b.Reset()
	e.Wording.Rule.Execute(&b, e.SampleFields()) // from the default wording
	if !strings.Contains(b.String(), "none of your votes will count") {
		t.Errorf("rule %q", b.String())
	}
	opts := e.RollOptions()
	if opts.ExcludedStatuses[0] != "lapsed" || opts.Columns[roll.FieldMemberID] != "Ref" {
		t.Errorf("%+v", opts)
	}
}

func TestParseErrors(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(minimal, old, new, 1) }
	cases := []struct{ name, in, want string }{
		{"empty", "", "e.yaml: the file is empty"},
		{"only a comment", "# nothing\n", "e.yaml: the file is empty"},
		{"not settings", "hello\n", `e.yaml line 1: should be settings (name: value lines), not "hello"`},
		{"unknown setting", minimal + "colour: red\n", `e.yaml line 11, colour: unknown setting`},
		{"unknown nested setting", minimal + "fonts:\n  italic: x.ttf\n", `e.yaml line 12, fonts.italic: unknown setting`},
		{"misspelt setting", minimal + "batchsize: 500\n", `e.yaml line 11, batchsize: unknown setting: did you mean batch_size?`},
		{"misspelt nested setting", minimal + "mail:\n  oversea_zones: true\n", `e.yaml line 12, mail.oversea_zones: unknown setting: did you mean overseas_zones?`},
		{"wrong type", minimal + "batch_size: lots\n", `e.yaml line 11, batch_size: should be a whole number, not "lots"`},
		{"list for text", replace("title: T", "title: [T]"), `e.yaml line 2, title: should be text, not a list`},
		{"key twice", minimal + "title: U\n", `e.yaml line 11, title: mapping key "title" already defined at line 2`},
		{"id missing", replace("id: e1\n", ""), "e.yaml, id: missing"},
		{"id", replace("id: e1", "id: e 1"), "e.yaml line 1, id: election ID may hold only"},
		{"title", replace("title: T\n", ""), "e.yaml, title: missing"},
		{"organisation", replace("organisation: O\n", ""), "e.yaml, organisation: missing"},
		{"return_address", replace("return_address: [1 Road]\n", ""), "e.yaml, return_address: missing"},
		{"letter_date", replace("2026-10-01", "1/10/2026"), `e.yaml line 5, letter_date: "1/10/2026" is not written YYYY-MM-DD`},
		{"deadline before", replace("2026-10-30 12:00", "2026-09-30 12:00"), "e.yaml line 7, deadline: 2026-09-30 12:00 is not after letter_date (2026-10-01)"},
		{"deadline at the letter date", replace("2026-10-30 12:00", "2026-10-01 00:00"), "e.yaml line 7, deadline: 2026-10-01 00:00 is not after letter_date"},
		{"http", replace("https://vote", "http://vote"), "e.yaml line 6, voting_url: \"http://vote.example.org/v\" must start with https://"},
		{"query", replace("/v\n", "/v?x=1\n"), "e.yaml line 6, voting_url: must not have a query"},
		{"policy", replace("policy: disqualify", "policy: best-of-three"), `e.yaml line 8, policy: "best-of-three" is not one of`},
		{"no candidates", replace("candidates: [{name: A}, {name: B, description: d}]", "candidates: []"), "e.yaml line 9, candidates: missing"},
		{"candidate name", replace("{name: A}", "{name: ''}"), "e.yaml line 9, candidates[1].name: missing"},
		{"envelope", minimal + "envelope: A4\n", `e.yaml line 11, envelope: "A4" is not DL or C5`},
		{"batch_size", minimal + "batch_size: -1\n", "e.yaml line 11, batch_size: must be between"},
		{"wording key", minimal + "wording:\n  letter: x\n", "e.yaml line 12, wording.letter: unknown text"},
		{"wording field", minimal + "wording:\n  greeting: '{{.Nmae}}'\n", `e.yaml line 12, wording.greeting: greeting:1:2: executing "greeting" at <.Nmae>: can't evaluate field Nmae`},
		{"wording syntax", minimal + "wording:\n  greeting: '{{if}}'\n", `e.yaml line 12, wording.greeting: greeting:1: missing value for if`},
		{"column field", minimal + "columns:\n  zip: Z\n", `e.yaml line 12, columns.zip: unknown column field "zip"`},
		{"column heading", minimal + "columns:\n  town: ''\n", "e.yaml line 12, columns.town: the column heading is empty"},
		{"joined_before", minimal + "eligibility:\n  joined_before: 1/9/2026\n", `e.yaml line 12, eligibility.joined_before: "1/9/2026" is not a date`},
		{"excluded status", minimal + "eligibility:\n  excluded_statuses:\n    - lapsed\n    - ' '\n", `e.yaml line 14, eligibility.excluded_statuses: a status is empty`},
		{"yaml syntax", "id: e1\ntitle: [\n", "e.yaml line 2: did not find expected node content"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("e.yaml", []byte(c.in))
			var ee *Error
			if !errors.As(err, &ee) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("Parse(%q):\n got %v\nwant %s…", c.in, err, c.want)
			}
		})
	}
}

// Every mistake is reported at once, in file order, each with its line;
// missing settings, which have none, come last.
func TestParseEveryError(t *testing.T) {
	in := `id: e 1
organisation: O
return_address: [1 Road]
letter_date: 2026-10-01
voting_url: http://vote.example.org/v
deadline: 2026-09-30 12:00
policy: best-of-three
candidates:
  - name: A
  - name: ''
colour: red
batch_size: lots
wording:
  greeting: '{{.Nmae}}'
`
	_, err := Parse("e.yaml", []byte(in))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v (%T), want Errors", err, err)
	}
	want := `10 mistakes in e.yaml:
    e.yaml line 1, id: election ID may hold only letters, digits, '.', '_' and '-' (found ' ')
    e.yaml line 5, voting_url: "http://vote.example.org/v" must start with https://, so that codes travel encrypted
    e.yaml line 6, deadline: 2026-09-30 12:00 is not after letter_date (2026-10-01): the letters would tell members to vote by a time already past on the day they are dated
    e.yaml line 7, policy: "best-of-three" is not one of disqualify, first-wins, last-wins
    e.yaml line 10, candidates[2].name: missing
    e.yaml line 11, colour: unknown setting (check its spelling and indentation against 'ballotpack init')
    e.yaml line 12, batch_size: should be a whole number, not "lots"
    e.yaml line 14, wording.greeting: greeting:1:2: executing "greeting" at <.Nmae>: can't evaluate field Nmae in type election.Fields
    e.yaml, title: missing: the title goes on every letter and ballot paper
    e.yaml, contact: missing: wording.closing gives members the returning officer's contact details ({{.Contact}}); give at least one of phone, email and address (the file leaves out closing, so the default wording is used)`
	if got := err.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var one *Error
	if !errors.As(err, &one) || one.Setting != "id" {
		t.Errorf("errors.As(*Error) = %v", one)
	}
}

// A deadline the clocks skip (the spring gap, which used to print an hour
// later) or repeat (the autumn hour that happens twice) is refused, with a
// time that happens once; the minutes either side of them are not.
func TestDeadlineClockChange(t *testing.T) {
	for _, c := range []struct{ deadline, readAs, err string }{
		{"2026-03-29 01:30", "", "2026-03-29 01:30 does not exist in UK time: the clocks go forward from 01:00 to 02:00 that night, so no clock shows 01:30; write a time outside that hour, such as 02:30"},
		{"2026-03-29 01:00", "", "2026-03-29 01:00 does not exist in UK time: the clocks go forward from 01:00 to 02:00 that night, so no clock shows 01:00; write a time outside that hour, such as 02:00"},
		{"2026-10-25 01:30", "", "2026-10-25 01:30 happens twice in UK time: the clocks go back from 02:00 to 01:00 that night, so 01:30 comes once in summer time and again an hour later; write a time outside that hour, such as 02:30"},
		{"2026-10-25 01:00", "", "2026-10-25 01:00 happens twice in UK time"},
		{"2027-03-28 01:59", "", "2027-03-28 01:59 does not exist in UK time"},
		{"2026-03-29 00:59", "2026-03-29T00:59:00Z", ""},
		{"2026-03-29 02:00", "2026-03-29T02:00:00+01:00", ""},
		{"2026-10-25 00:59", "2026-10-25T00:59:00+01:00", ""},
		{"2026-10-25 02:00", "2026-10-25T02:00:00Z", ""},
		{"2026-10-30 17:00", "2026-10-30T17:00:00Z", ""},
		{"2026-07-01 17:00", "2026-07-01T17:00:00+01:00", ""},
	} {
		in := strings.Replace(strings.Replace(minimal, "2026-10-30 12:00", c.deadline, 1), "2026-10-01", "2026-01-01", 1)
		e, err := Parse("e.yaml", []byte(in))
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.deadline, err)
		case c.err == "":
			if got := e.Deadline.Format(time.RFC3339); got != c.readAs {
				t.Errorf("%s: read as %s, want %s", c.deadline, got, c.readAs)
			}
		case err == nil || !strings.HasPrefix(err.Error(), "e.yaml line 7, deadline: "+c.err):
			t.Errorf("%s:\n got %v\nwant e.yaml line 7, deadline: %s…", c.deadline, err, c.err)
		}
	}
}

// The same candidate twice, whatever the case, spacing or Unicode form, is
// refused, naming both.
func TestDuplicateCandidates(t *testing.T) {
	in := strings.Replace(minimal, "candidates: [{name: A}, {name: B, description: d}]\n", `candidates:
  - name: Siân Gwŷn
  - name: Sam Sample
  - name: "  SIÂN   GWŶN "
  - name: "Sia\u0302n Gwy\u0302n"
  - name: sam sample
`, 1)
	_, err := Parse("e.yaml", []byte(in))
	want := `3 mistakes in e.yaml:
    e.yaml line 12, candidates[3].name: "SIÂN   GWŶN" is the name of candidates[1] too (line 10): a candidate stands once on the ballot paper
    e.yaml line 13, candidates[4].name: "` + "Sia\u0302n Gwy\u0302n" + `" is the name of candidates[1] too (line 10): a candidate stands once on the ballot paper
    e.yaml line 14, candidates[5].name: "sam sample" is the name of candidates[2] too (line 11): a candidate stands once on the ballot paper`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestFonts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "italic.ttf"), goitalic.TTF, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.ttf"), []byte("not a font"), 0o644)
	path := filepath.Join(dir, "e.yaml")
	os.WriteFile(path, []byte(minimal+"fonts:\n  regular: italic.ttf\n"), 0o644)
	e, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.FontSet.Regular, goitalic.TTF) || !bytes.Equal(e.FontSet.Mono, layout.Mono) || !e.Coverage.Covers('ŵ') {
		t.Error("fonts.regular not loaded, or the others not kept")
	}
	if !bytes.Equal(Default().FontSet.Regular, layout.Regular) || e.RollOptions().Coverage == nil {
		t.Error("default fonts")
	}
	for setting, yaml := range map[string]string{"fonts.bold": "fonts:\n  bold: bad.ttf\n", "fonts.mono": "fonts:\n  mono: missing.ttf\n"} {
		os.WriteFile(path, []byte(minimal+yaml), 0o644)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), setting) {
			t.Errorf("%s: %v", setting, err)
		}
	}
}

func TestAddressColumnsInOrder(t *testing.T) {
	e, err := Parse("e.yaml", []byte(minimal+"columns:\n  address2: Thoroughfare\n  address1: Premises\n  town: Place\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.AddressColumns, "|") != "Premises|Thoroughfare" || e.Columns[roll.FieldTown] != "Place" {
		t.Errorf("%q %v", e.AddressColumns, e.Columns)
	}
}

// FuzzParse: no input panics, and every error says where, as an *Error or
// Errors.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + "wording:\n  greeting: '{{range 3}}{{.Name}}{{end}}'\n"))
	f.Add([]byte("candidates: [{name: A}, {name: a}]\ndeadline: 2026-03-29 01:30\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := Parse("f.yaml", b)
		var one *Error
		var all Errors
		if err != nil && !errors.As(err, &one) && !errors.As(err, &all) {
			t.Errorf("%T: %v", err, err)
		}
	})
}

func TestMailmarkSettings(t *testing.T) {
	b, _ := templates.FS.ReadFile(templates.DefaultElection)
	base := string(b)
	el, err := Parse("e.yaml", []byte(base+"\nmailmark:\n  supply_chain_id: 1234567\n  class: 2\n  return_postcode: sw1a 1aa\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m := el.Mailmark; m == nil || m.SupplyChainID != 1234567 || m.Class != "2" {
		t.Fatalf("%+v", el.Mailmark)
	}
	if el, _ := Parse("e.yaml", []byte(base)); el.Mailmark != nil {
		t.Error("no mailmark section, but Mailmark is set")
	}
	_, err = Parse("e.yaml", []byte(base+"\nmailmark:\n  supply_chain_id: 12345678\n  dps: ZZ\n"))
	for _, want := range []string{"mailmark.supply_chain_id", "must be 0 to 9999999", "mailmark.class: missing", "mailmark.dps", "a digit and a capital letter"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}
