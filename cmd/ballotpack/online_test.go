package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/reconcile"
)

// Line numbers in rejected.csv are the file's own: blank lines and quoted
// fields with line breaks in them count, and a bad line keeps its
// membership number.
func TestReadOnlineLineNumbers(t *testing.T) {
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: online line nos."))
	is, _ := k.Issuer("t")
	byCode := map[codes.Code]scanPack{}
	current := map[string]uint32{}
	var c [3]string
	for i, m := range []string{"1", "2", "3"} {
		pair, _ := is.Derive(codes.Ref{Member: m, Issue: 1})
		byCode[pair.Ballot] = scanPack{member: m, issue: 1}
		current[m] = 1
		c[i] = pair.Ballot.Text()
	}
	content := "membership_number,ballot_code,note,received\n" +
		"1," + c[0] + ",ok,2026-10-20 10:00:00\n" +
		"\n" +
		"2," + c[1] + ",\"two\nlines\",2026-10-20 10:00:00\n" +
		"3," + c[2] + ",x,not a time\n" +
		"\n\n" +
		"1," + c[1] + ",x,2026-10-20 10:00:00\n"
	path := filepath.Join(t.TempDir(), "online.csv")
	os.WriteFile(path, []byte(content), 0o644)
	votes, bad, n, err := readOnline(path, byCode, current)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || len(votes) != 2 || len(bad) != 2 {
		t.Fatalf("%d lines, %d votes, %d rejected; want 4, 2, 2", n, len(votes), len(bad))
	}
	if votes[0].Line != 2 || votes[1].Line != 4 {
		t.Errorf("votes on lines %d and %d, want 2 and 4", votes[0].Line, votes[1].Line)
	}
	if bad[0].Line != 6 || bad[0].Member != "3" || !strings.Contains(bad[0].Reason, "not a time") {
		t.Errorf("first rejection: line %d, member %q, %s; want line 6, member 3, not a time", bad[0].Line, bad[0].Member, bad[0].Reason)
	}
	if bad[1].Line != 9 || !strings.Contains(bad[1].Reason, "does not match the ballot code") {
		t.Errorf("second rejection: line %d, %s; want line 9, does not match", bad[1].Line, bad[1].Reason)
	}
}

// UK local times: BST and GMT read right, the clock-change hours refused.
func TestParseReceived(t *testing.T) {
	for in, want := range map[string]string{
		"2026-10-20 10:00:00":  "2026-10-20T09:00:00Z", // BST
		"2026-11-20 10:00":     "2026-11-20T10:00:00Z", // GMT
		"2026-10-20T10:00:00Z": "2026-10-20T10:00:00Z",
		"2026-03-29 01:30:00":  "", // the spring gap: never happened
		"2026-10-25 01:30:00":  "", // the autumn overlap: happened twice
		"2026-10-25 00:59:59":  "2026-10-24T23:59:59Z",
		"2026-10-25 02:00:00":  "2026-10-25T02:00:00Z",
		"yesterday":            "",
	} {
		got, ok := parseReceived(in)
		if s := got.UTC().Format(time.RFC3339); ok != (want != "") || (ok && s != want) {
			t.Errorf("parseReceived(%q) = %s, %v; want %q", in, s, ok, want)
		}
	}
}

// A time in the hour the clocks change is refused saying so (found in
// review: "is not a time").
func TestClockProblem(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-29 01:30:00": "does not exist in UK time",
		"2026-10-25 01:30":    "happens twice in UK time",
		"2026-10-25 02:00:00": "",
		"yesterday":           "",
	} {
		if got := clockProblem(in); !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("clockProblem(%q) = %q, want %q…", in, got, want)
		}
	}
}

// One vote written twice in different notations is one vote.
func TestReadOnlineSameVoteTwoNotations(t *testing.T) {
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: online line nos."))
	is, _ := k.Issuer("t")
	pair, _ := is.Derive(codes.Ref{Member: "1", Issue: 1})
	byCode := map[codes.Code]scanPack{pair.Ballot: {member: "1", issue: 1}}
	current := map[string]uint32{"1": 1}
	content := "membership_number,ballot_code,received\n" +
		"1," + pair.Ballot.Text() + ",2026-10-20T09:00:00Z\n" +
		"1," + strings.ToLower(pair.Ballot.Compact()) + ",2026-10-20T09:00:00Z \n" +
		"1," + pair.Ballot.Text() + ",2026-10-20 10:00:00\n" +
		"1," + pair.Ballot.Text() + ",2026-10-20 10:00:01\n"
	path := filepath.Join(t.TempDir(), "online.csv")
	os.WriteFile(path, []byte(content), 0o644)
	votes, bad, _, err := readOnline(path, byCode, current)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 2 || len(bad) != 2 {
		t.Fatalf("%d votes, %d rejected; want 2 (09:00:00Z and 09:00:01Z) and 2 repeats", len(votes), len(bad))
	}
	for _, r := range bad {
		if !strings.Contains(r.Reason, "the same vote as line 2") {
			t.Errorf("line %d: %s", r.Line, r.Reason)
		}
	}
}

// Exports as the count met them in review: a "vote" column of candidates is
// not a vote ID; a quote left open refuses the file instead of losing the
// lines after it; a byte order mark before a quoted heading; a vote ID on
// two members' votes; a half second in UK local time.
func TestReadOnlineHostile(t *testing.T) {
	k, _ := codes.NewMasterKey([]byte("NOT A REAL KEY: online hostile.."))
	is, _ := k.Issuer("t")
	byCode := map[codes.Code]scanPack{}
	current := map[string]uint32{}
	var c [4]string
	for i, m := range []string{"1", "2", "3", "4"} {
		pair, _ := is.Derive(codes.Ref{Member: m, Issue: 1})
		byCode[pair.Ballot] = scanPack{member: m, issue: 1}
		current[m] = 1
		c[i] = pair.Ballot.Text()
	}
	read := func(content string) ([]reconcile.Vote, []reconcile.Rejection, error) {
		path := filepath.Join(t.TempDir(), "online.csv")
		os.WriteFile(path, []byte(content), 0o644)
		votes, bad, _, err := readOnline(path, byCode, current)
		return votes, bad, err
	}
	votes, bad, err := read("ballot_code,received,vote\n" + c[0] + ",2026-10-20 10:00:00,Candidate 0\n" + c[1] + ",2026-10-20 10:00:00,Candidate 0\n" + c[2] + ",2026-10-20 10:00:00,Candidate 1\n")
	if err != nil || len(votes) != 3 || len(bad) != 0 {
		t.Errorf("a vote column: %d votes, %d rejected (%v), want 3 votes", len(votes), len(bad), err)
	}
	_, _, err = read("ballot_code,received\n" + c[0] + ",2026-10-20 10:00:00\n" + c[1] + ",\"2026-10-20 10:00:00\n" + c[2] + ",2026-10-20 10:00:00\n" + c[3] + ",2026-10-20 10:00:00\n")
	if err == nil || !strings.Contains(err.Error(), "line 3: a quote opened on this line is not closed") {
		t.Errorf("a quote never closed: %v, want the file refused", err)
	}
	_, _, err = read("ballot_code,received,note\n" + c[0] + ",2026-10-20 10:00:00,\"x\n" + c[1] + ",2026-10-20 10:00:00,y\n" + c[2] + ",2026-10-20 10:00:00,z\"\n")
	if err == nil || !strings.Contains(err.Error(), "line 2: a quote opened on this line is not closed until line 3") {
		t.Errorf("a quote closed two lines on: %v, want the file refused", err)
	}
	// A note of several lines, with commas, is a note (found in review).
	votes, _, err = read("ballot_code,received,x,note\n" + c[0] + ",2026-10-20 10:00:00,1,\"Dear returning officer,\nplease note: I moved house, new address is 1, High St, Leeds\"\n")
	if err != nil || len(votes) != 1 {
		t.Errorf("a note of two lines with commas: %d votes, %v", len(votes), err)
	}
	votes, _, err = read("\ufeff\"ballot_code\",\"received\"\n" + c[0] + ",2026-10-20 10:00:00\n")
	if err != nil || len(votes) != 1 {
		t.Errorf("a BOM before a quoted heading: %d votes, %v", len(votes), err)
	}
	votes, bad, err = read("ballot_code,received,vote_id\n" + c[0] + ",2026-10-20 10:00:00,v1\n" + c[1] + ",2026-10-20 11:00:00,v1\n")
	if err != nil || len(votes) != 0 || len(bad) != 2 || !strings.Contains(bad[0].Reason, "the export may be corrupt") {
		t.Errorf("one vote ID on two members' votes: %d votes, %v, %v; want both rejected", len(votes), bad, err)
	}
	// Whatever the order of the lines, one member's vote sent twice counts
	// at its earliest time.
	for _, lines := range [][2]string{{"2026-10-20 10:00:00", "2026-10-22 10:00:00"}, {"2026-10-22 10:00:00", "2026-10-20 10:00:00"}} {
		votes, bad, err = read("ballot_code,received,vote_id\n" + c[0] + "," + lines[0] + ",v1\n" + c[0] + "," + lines[1] + ",v1\n")
		if err != nil || len(votes) != 1 || len(bad) != 1 || votes[0].Received.Day() != 20 {
			t.Errorf("one vote sent twice, lines %v: %v, %v, %v; want the 20th's kept", lines, votes, bad, err)
		}
	}
	votes, bad, err = read("ballot_code,received\n" + c[0] + ",2026-10-20 10:00:00.5\n" + c[0] + ",2026-10-20T09:00:00.5Z\n")
	if err != nil || len(votes) != 1 || len(bad) != 1 || votes[0].Received.Nanosecond() != 5e8 {
		t.Errorf("one vote with a half second in two notations: %d votes, %v, %v", len(votes), bad, err)
	}
}
