package roll

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteProblems writes problems as CSV with a header row: row, membership
// number, name, column, value, severity, kind, reason. Cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
// carriage return) are prefixed with an apostrophe.
func WriteProblems(w io.Writer, problems []Problem) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"row", "member_id", "name", "column", "value", "severity", "kind", "reason"})
	for _, p := range problems {
		row := ""
		if p.Row > 0 {
			row = fmt.Sprint(p.Row)
		}
		cw.Write([]string{row, SafeCell(p.MemberID), SafeCell(p.Name), SafeCell(p.Column), SafeCell(p.Value), p.Severity.String(), p.Kind, SafeCell(p.Reason)})
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell defuses a value that a spreadsheet would take for a formula.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// A Count is how many problems of one kind there were.
type Count struct {
	Kind string
	N    int
}

// CountKinds counts the rows with problems of severity sev by kind, most
// common first (a row may have problems of several kinds).
// Ineligibility is counted only on rows that are not rejected as well, as
// Result.Excluded is.
func (r *Result) CountKinds(sev Severity) []Count {
	rejected := map[int]bool{}
	for _, p := range r.Problems {
		if p.Severity == Reject {
			rejected[p.Row] = true
		}
	}
	// Rows, not problems: a row with two problems of a kind counts once.
	m := map[string]int{}
	seen := map[struct {
		row  int
		kind string
	}]bool{}
	for _, p := range r.Problems {
		k := struct {
			row  int
			kind string
		}{p.Row, p.Kind}
		if p.Severity == sev && !(sev == Ineligible && rejected[p.Row]) && !seen[k] {
			seen[k] = true
			m[p.Kind]++
		}
	}
	var out []Count
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return out
}
