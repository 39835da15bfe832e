package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ballotpack/ballotpack/internal/register"
)

const statusUsage = `Usage:
    ballotpack status -register dist/ [-json]

What the register says now: the election, the job, packs issued,
replacements, papers scanned (per station and per day of receipt),
imports of stations' scans and the last reconciliation. Needs no key, and
changes nothing. Days of receipt are UTC days.

Flags:
    -register PATH   the folder generate wrote, or a station's copy (required)
    -json            print it as JSON, for machines
`

func runStatus(ctx context.Context, e *env, args []string) error {
	flags := newFlags("status")
	regArg := flags.String("register", "", "")
	asJSON := flags.Bool("json", false, "")
	if err := parseFlags(e, flags, statusUsage, args); err != nil {
		return err
	}
	if err := required(flags, "register"); err != nil {
		return err
	}
	st, err := openRegisterMode(*regArg, "", true)
	if err != nil {
		return err
	}
	defer st.close()
	s, err := st.reg.Status()
	if err != nil {
		return err
	}
	in := st.info
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Election string `json:"election"`
			Title    string `json:"title"`
			Job      string `json:"job"`
			KeyID    string `json:"key_id"`
			Station  string `json:"station,omitempty"`
			Register string `json:"register"`
			*register.Status
		}{in.Election, in.Title, in.Job, in.KeyID, in.Station, st.reg.Path(), s})
	}
	w := e.stdout
	fmt.Fprintf(w, "register  %s\n", st.reg.Path())
	if in.Station != "" {
		fmt.Fprintf(w, "station   %s's copy\n", in.Station)
	}
	fmt.Fprintf(w, "election  %s: %s\n", in.Election, in.Title)
	fmt.Fprintf(w, "job       %s, key %s, made %s by %s\n", in.Job, in.KeyID, in.Created.Local().Format("2 Jan 2006 15:04"), in.Tool)
	fmt.Fprintf(w, "roll      %s (SHA-256 %.12s…)\n", in.RollFile, in.RollSHA256)
	fmt.Fprintf(w, "packs     %d members with a current pack; %d packs issued, %d of them replacements\n", s.Members, s.Packs, s.Replacements)
	fmt.Fprintf(w, "papers    %d counted from %d scans\n", s.Papers, s.Scans)
	for _, c := range s.Stations {
		fmt.Fprintf(w, "  station %-32s %6d scans, %6d counted, %6d not counted (repeats, superseded)\n", c.Station, c.Scans, c.Counted, c.NotCounted)
	}
	for _, d := range s.Days {
		fmt.Fprintf(w, "  received %s  %6d papers\n", d.Day, d.Papers)
	}
	for _, i := range s.Imports {
		fmt.Fprintf(w, "import    %s from %s at %s: %d scans, %d new, %d new papers\n", i.Station, i.File, i.At, i.Scans, i.NewScans, i.NewPapers)
	}
	if r := s.LastRun; r != nil {
		fmt.Fprintf(w, "reconciled %s under %s: %d received, %d accepted, %d rejected, %d disqualified, results in %s\n",
			r.At, r.Policy, r.Received, r.Accepted, r.Rejected, r.Disqualified, r.Out)
	} else {
		fmt.Fprintln(w, "reconciled never")
	}
	return nil
}
