// Package reconcile decides, under the ballot's policy, which vote counts
// for each member when votes arrive by post and online.
package reconcile

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Policy is what happens to a member who votes more than once.
type Policy string

const (
	Disqualify Policy = "disqualify" // none of their votes count, and they are listed
	FirstWins  Policy = "first-wins" // only the first vote received counts
	LastWins   Policy = "last-wins"  // a later vote replaces an earlier one
)

// ParsePolicy reads a policy's name.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(s); p {
	case Disqualify, FirstWins, LastWins:
		return p, nil
	}
	return "", fmt.Errorf("policy %q: use disqualify, first-wins or last-wins", s)
}

// A Vote is one vote received, already matched to a member's current pack.
type Vote struct {
	Member   string
	Channel  string // "postal" or "online"
	Received time.Time
	Source   string // file name
	Line     int    // line in the file
}

// A Rejection is a vote that does not count, or an input line that is not
// a vote, with the reason.
type Rejection struct {
	Vote
	Reason string
}

// A Result is the outcome: every vote received is accepted or rejected.
type Result struct {
	Accepted     []Vote            // at most one per member, by membership number
	Rejected     []Rejection       // in source, line order
	Disqualified map[string][]Vote // policy disqualify: member → every attempt
}

// order sorts votes by time received, then channel, source and line, so
// that the outcome does not depend on the order of the inputs.
func order(a, b Vote) int {
	return cmp.Or(a.Received.Compare(b.Received), strings.Compare(a.Channel, b.Channel),
		strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
}

// Apply applies the policy to valid votes; invalid lines (already
// rejected by the caller) are added to the result as given.
func Apply(p Policy, votes []Vote, invalid []Rejection) Result {
	byMember := map[string][]Vote{}
	for _, v := range votes {
		byMember[v.Member] = append(byMember[v.Member], v)
	}
	members := make([]string, 0, len(byMember))
	for m := range byMember {
		members = append(members, m)
	}
	slices.Sort(members)
	res := Result{Rejected: slices.Clone(invalid), Disqualified: map[string][]Vote{}}
	for _, m := range members {
		vs := byMember[m]
		slices.SortFunc(vs, order)
		if len(vs) == 1 {
			res.Accepted = append(res.Accepted, vs[0])
			continue
		}
		switch p {
		case Disqualify:
			res.Disqualified[m] = vs
			for _, v := range vs {
				res.Rejected = append(res.Rejected, Rejection{v, fmt.Sprintf("member voted %d times: disqualified, none of their votes count", len(vs))})
			}
		case FirstWins:
			res.Accepted = append(res.Accepted, vs[0])
			for _, v := range vs[1:] {
				res.Rejected = append(res.Rejected, Rejection{v, fmt.Sprintf("a later vote: only the first, by %s at %s, counts", vs[0].Channel, vs[0].Received.UTC().Format(time.RFC3339))})
			}
		case LastWins:
			last := vs[len(vs)-1]
			res.Accepted = append(res.Accepted, last)
			for _, v := range vs[:len(vs)-1] {
				res.Rejected = append(res.Rejected, Rejection{v, fmt.Sprintf("replaced by a later vote, by %s at %s", last.Channel, last.Received.UTC().Format(time.RFC3339))})
			}
		}
	}
	slices.SortFunc(res.Rejected, func(a, b Rejection) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line), strings.Compare(a.Member, b.Member))
	})
	return res
}

// A Window is when votes count: from the ballot's opening (the letters'
// date) to its deadline, and never after the time of the count itself.
type Window struct {
	Opens, Deadline, Now time.Time
}

// Split keeps the votes received inside the window and rejects the rest,
// with the reason.
func (w Window) Split(votes []Vote) ([]Vote, []Rejection) {
	var in []Vote
	var out []Rejection
	for _, v := range votes {
		switch {
		case !w.Opens.IsZero() && v.Received.Before(w.Opens):
			out = append(out, Rejection{v, "received before the ballot opened on " + w.Opens.Format("2 January 2006")})
		case !w.Now.IsZero() && v.Received.After(w.Now):
			out = append(out, Rejection{v, "received time is later than now: the time is wrong"})
		case !w.Deadline.IsZero() && v.Received.After(w.Deadline):
			out = append(out, Rejection{v, "late: received after the deadline, " + w.Deadline.UTC().Format(time.RFC3339)})
		default:
			in = append(in, v)
		}
	}
	return in, out
}
