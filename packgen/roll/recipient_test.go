package roll

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRecipient checks that a recipient gives back what packs read of the
// member it was made from, and that a member too large to hold compactly
// is held whole.
func TestRecipient(t *testing.T) {
	ms := []Member{
		{Row: 7, ID: "0045678", Title: "Dr", Forename: "Siân", Surname: "Ó Briain", Address: []string{"Flat 2", "1 High St"},
			Town: "Cardiff", County: "", Postcode: "CF10 1EP", LargePrint: true, Email: "a@example.org", Status: "Current",
			Joined: time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC)},
		{Row: 9, ID: "1", Surname: "Smith", Address: []string{"PO Box 4"}, Town: "Sydney", County: "NSW", Postcode: "2000", Country: "Australia"},
		{Row: 10, ID: "2", Surname: "Empty"},
		{Row: 11, ID: "3", Surname: "Many", Address: strings.Split("a b c d e f g h i", " "), Email: "m@example.org"},
		{Row: 12, ID: "4", Surname: "Long", County: strings.Repeat("x", 1<<16)},
	}
	var arena textArena
	for _, m := range ms {
		r := NewRecipient(&m)
		want := m
		want.Email, want.Status, want.Joined = "", "", time.Time{}
		if len(want.Address) == 0 {
			want.Address = nil
		}
		got := r.Member()
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("row %d: recipient gives %+v, want %+v", m.Row, *got, want)
		}
		if got.Name() != m.Name() || !reflect.DeepEqual(got.WindowLines(), m.WindowLines()) {
			t.Errorf("row %d: name or window lines differ", m.Row)
		}
		if r.Row() != m.Row || r.ID() != m.ID || r.LargePrint() != m.LargePrint || r.Postcode() != m.Postcode ||
			r.Country() != m.Country || r.Town() != m.Town {
			t.Errorf("row %d: an accessor differs from the member", m.Row)
		}
		if (r.big != nil) != (m.Row >= 11) {
			t.Errorf("row %d: held whole = %v", m.Row, r.big != nil)
		}
		// While the roll is read the e-mail is kept, for the duplicate
		// checks, and dropped in what Result.Recipients holds.
		withEmail := newRecipient(&m, true, &arena)
		if got := withEmail.Member().Email; got != m.Email {
			t.Errorf("row %d: e-mail kept as %q, want %q", m.Row, got, m.Email)
		}
		if kept := withEmail.withoutEmail(&arena); !reflect.DeepEqual(*kept.Member(), want) {
			t.Errorf("row %d: kept recipient gives %+v, want %+v", m.Row, *kept.Member(), want)
		}
	}
}

// TestReadRecipients checks that Options.Recipients gives the members of
// a plain read, in the same order, with the same problems and counts, for
// every corpus file, strict or not (the duplicate checks read members back
// from recipients while the roll is read).
func TestReadRecipients(t *testing.T) {
	read := 0
	for _, path := range corpusFiles(t) {
		for _, strict := range []bool{false, true} {
			opts := Options{Strict: strict, JoinedBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			plain, err := ReadFile(path, opts)
			if err != nil {
				continue
			}
			read++
			opts.Recipients = true
			compact, err := ReadFile(path, opts)
			if err != nil {
				t.Fatalf("%s: read plainly, but with Options.Recipients: %v", path, err)
			}
			if len(compact.Members) != 0 || len(compact.Recipients) != len(plain.Members) || len(plain.Recipients) != 0 {
				t.Fatalf("%s: %d members and %d recipients, against %d members read plainly", path, len(compact.Members), len(compact.Recipients), len(plain.Members))
			}
			for i := range plain.Members {
				want := NewRecipient(&plain.Members[i])
				if got := compact.Recipients[i].Member(); !reflect.DeepEqual(got, want.Member()) {
					t.Errorf("%s: recipient %d: %+v, want %+v", path, i, got, want.Member())
				}
			}
			if !reflect.DeepEqual(compact.Problems, plain.Problems) || compact.Accepted != plain.Accepted || compact.Rejected != plain.Rejected ||
				compact.Excluded != plain.Excluded || !slices.Equal(compact.Notes, plain.Notes) {
				t.Errorf("%s (strict %v): the problems or counts differ with Options.Recipients", path, strict)
			}
		}
	}
	if read < 4 {
		t.Errorf("only %d corpus reads", read)
	}
}
