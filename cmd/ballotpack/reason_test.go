package main

import "testing"

// TestReasonKind: reasons are counted by kind, without what varies from
// line to line, but the election's own dates stay as they are (found in
// review: "before the ballot opened on N October N").
func TestReasonKind(t *testing.T) {
	for _, tc := range []struct{ reason, want string }{
		{"received before the ballot opened on 1 October 2026", "received before the ballot opened on 1 October 2026"},
		{"member voted 3 times: disqualified, none of their votes count", "member voted N times"},
		{`membership number "0012345" has no pack in this election`, "membership number … has no pack in this election"},
		{"the same vote as line 17, repeated in the export: it counts once", "the same vote as line N"},
		{"late: received after the deadline, 2026-10-30T16:00:00Z", "late"},
	} {
		if got := reasonKind(tc.reason); got != tc.want {
			t.Errorf("reasonKind(%q) = %q, want %q", tc.reason, got, tc.want)
		}
	}
}
