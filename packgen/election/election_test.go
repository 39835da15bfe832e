package election

import (
	"bytes"
	"errors"
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
	cases := map[string]string{
		"":                                                     "e.yaml: the file is empty",
		minimal + "colour: red\n":                              `e.yaml line 10, colour: unknown setting`,
		replace("id: e1\n", ""):                                "e.yaml, id: missing",
		replace("id: e1", "id: e 1"):                           "e.yaml, id: election ID may hold only",
		replace("title: T\n", ""):                              "e.yaml, title: missing",
		replace("organisation: O\n", ""):                       "e.yaml, organisation: missing",
		replace("return_address: [1 Road]\n", ""):              "e.yaml, return_address: missing",
		replace("2026-10-01", "1/10/2026"):                     `e.yaml, letter_date: "1/10/2026" is not written YYYY-MM-DD`,
		replace("2026-10-30 12:00", "2026-09-30 12:00"):        "e.yaml, deadline: is not after letter_date",
		replace("https://vote", "http://vote"):                 "e.yaml, voting_url: \"http://vote.example.org/v\" must start with https://",
		replace("/v\n", "/v?x=1\n"):                            "e.yaml, voting_url: must not have a query",
		replace("policy: disqualify", "policy: best-of-three"): `e.yaml, policy: "best-of-three" is not one of`,
		replace("candidates: [{name: A}, {name: B, description: d}]", "candidates: []"): "e.yaml, candidates: missing",
		replace("{name: A}", "{name: ''}"):                                              "e.yaml, candidates[1].name: missing",
		minimal + "envelope: A4\n":                                                      `e.yaml, envelope: "A4" is not DL or C5`,
		minimal + "batch_size: -1\n":                                                    "e.yaml, batch_size: must be between",
		minimal + "wording:\n  letter: x\n":                                             "e.yaml, wording.letter: unknown text",
		minimal + "wording:\n  greeting: '{{.Nmae}}'\n":                                 `e.yaml, wording.greeting: greeting:1:2: executing "greeting" at <.Nmae>: can't evaluate field Nmae`,
		minimal + "wording:\n  greeting: '{{if}}'\n":                                    `e.yaml, wording.greeting: greeting:1: missing value for if`,
		minimal + "columns:\n  zip: Z\n":                                                `e.yaml, columns.zip: unknown column field "zip"`,
		minimal + "columns:\n  town: ''\n":                                              "e.yaml, columns.town: the column heading is empty",
		minimal + "eligibility:\n  joined_before: 1/9/2026\n":                           `e.yaml, eligibility.joined_before: "1/9/2026" is not a date`,
		"id: e1\ntitle: [\n":                                                            "e.yaml: ",
	}
	for in, want := range cases {
		_, err := Parse("e.yaml", []byte(in))
		var ee *Error
		if !errors.As(err, &ee) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q):\n got %v\nwant %s…", in, err, want)
		}
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
