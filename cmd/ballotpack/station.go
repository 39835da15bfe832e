package main

import (
	"context"
	"fmt"

	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/internal/register"
)

const stationUsage = `Usage:
    ballotpack station -register dist/ -station NAME -o station-NAME.db

Makes a counting station's copy of the election register, for a station
that scans on a machine of its own, offline: the election, job and packs,
no scans. Copy it to the station's machine with the verify-only key
('ballotpack help keygen'), scan into it with

    ballotpack scan -key verify.key -register station-NAME.db

and bring its scans back with 'ballotpack import-scans'. The copy holds
membership numbers and pack details, never a code; keep it private all
the same. Never overwrites a file.

Flags:
    -register PATH   the folder generate wrote (required)
    -station NAME    the station's name: letters, digits, '-', '_', at most 32 (required)
    -o FILE          the copy to write (required)
`

func runStation(ctx context.Context, e *env, args []string) error {
	flags := newFlags("station")
	regArg := flags.String("register", "", "")
	station := flags.String("station", "", "")
	out := flags.String("o", "", "")
	if err := parseFlags(e, flags, stationUsage, args); err != nil {
		return err
	}
	if err := required(flags, "register", "station", "o"); err != nil {
		return err
	}
	if err := register.CheckStation(*station); err != nil {
		return usageError("-station: "+err.Error(), "")
	}
	if *out == outfile.Stdout {
		return usageError("-o -: a station's copy is a database file", "name a new file, e.g. -o station-"+*station+".db")
	}
	st, err := openRegister(*regArg, "")
	if err != nil {
		return err
	}
	defer st.close()
	if err := st.reg.StationCopy(*out, *station); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: station %s's copy of the register of job %s (election %s)\n", *out, *station, st.info.Job, st.info.Election)
	return nil
}
