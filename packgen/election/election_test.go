package election

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/packgen/roll"
)

func TestDefault(t *testing.T) {
	e := Default()
	if e.ID != "leadership-2026" || e.Title == "" || !e.JoinedBefore.Equal(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) || len(e.ExcludedStatuses) == 0 {
		t.Errorf("%+v", e)
	}
}

func TestParse(t *testing.T) {
	e, err := Parse("e.yaml", []byte("id: e1\ntitle: T\ncolumns:\n  member_id: Ref\n  address2: Line B\neligibility:\n  excluded_statuses: [lapsed]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Columns[roll.FieldMemberID] != "Ref" || e.Columns[roll.FieldAddress] != "Line B" || !e.JoinedBefore.IsZero() {
		t.Errorf("%+v", e)
	}
	opts := e.RollOptions()
	if opts.ExcludedStatuses[0] != "lapsed" || opts.Columns[roll.FieldMemberID] != "Ref" {
		t.Errorf("%+v", opts)
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"":                                       "e.yaml: the file is empty",
		"id: e1\ntitle: T\ncolour: red\n":        `e.yaml line 3, colour: unknown setting`,
		"title: T\n":                             "e.yaml, id: missing",
		"id: e 1\ntitle: T\n":                    "e.yaml, id: election ID may hold only",
		"id: e1\n":                               "e.yaml, title: missing",
		"id: e1\ntitle: T\ncolumns:\n  zip: Z\n": `e.yaml, columns.zip: unknown column field "zip"`,
		"id: e1\ntitle: T\ncolumns:\n  town: ''\n":                    "e.yaml, columns.town: the column heading is empty",
		"id: e1\ntitle: T\neligibility:\n  joined_before: 1/9/2026\n": `e.yaml, eligibility.joined_before: "1/9/2026" is not a date`,
		"id: e1\ntitle: [\n": "e.yaml: ",
	}
	for in, want := range cases {
		_, err := Parse("e.yaml", []byte(in))
		var ee *Error
		if !errors.As(err, &ee) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want %q…", in, err, want)
		}
	}
}
