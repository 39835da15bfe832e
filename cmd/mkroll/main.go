// Command mkroll writes synthetic membership rolls, like a CRM's export,
// for tests and benchmarks.
//
// Usage:
//
//	mkroll [flags] -o FILE.xlsx|FILE.csv
//
// The format follows the extension of -o. Flags:
//
//	-n N                 rows of members (default 1000)
//	-seed S              seed; the same seed and flags give the same cells (default 1)
//	-o FILE              the roll to write (required); never overwritten without -force
//	-force               overwrite FILE and the defects log if they exist
//	-title-rows N        rows above the header: a title, a description, a blank row (default 0)
//	-defects             replace about 3% of rows with known defects
//	-defects-log FILE    with -defects, write which row got which defect, as CSV
//	-csv-encoding ENC    utf-8 (default, with a byte order mark) or windows-1252
//	-csv-delimiter C     "," (default), ";", "|" or "tab"
//
// Each row has the columns Membership Number, Title, Forename, Surname,
// Address 1, Address 2, Address 3, Town, County, Postcode, Country, Email,
// Join Date, Status and Large Print.
//
// A clean roll is what a good CRM exports, with the variety a real one has:
// membership numbers of 7 digits, about 10% with leading zeros (in xlsx,
// half of those as number cells formatted "0000000"); UK names, about 5%
// with letters beyond ASCII (Siân, Łukasz, Ó Súilleabháin); UK addresses
// whose post town matches the postcode area, postcodes mostly as
// "SW1A 1AA" but 10% lower case and 10% without the space; households
// sharing an address; about 1% overseas and 0.1% BFPO addresses; Country
// empty or "United Kingdom" for UK rows; emails at example.org, .com and
// .net only; Join Date between 1990 and 30 June 2026 (a date cell in xlsx,
// dd/mm/yyyy in CSV); Status mostly Active, about 3% Lapsed, 0.3%
// Suspended; Large Print "Yes" for about 1%.
//
// -defects replaces about 3% of rows, spread over the file, and at least
// one row per kind when -n is 42 or more, with these kinds of defect:
// duplicate-number, duplicate-person (same name and postcode, another
// number), duplicate-email, bad-postcode, missing-surname, missing-address,
// missing-town, long-address-line (over 60 characters), control-char (in a
// name; in xlsx only tab or line feed, since XML holds no others),
// unprintable-char (emoji or CJK in a surname; not in windows-1252 output,
// which cannot hold them), excel-mangled-number ("1.23457E+15" or a
// 16-digit number), lapsed, joined-after-cutoff (after 1 September 2026)
// and overseas-no-country. The other rows are those of the clean roll for
// the same seed, unless one would have the name and postcode a defect made
// (very rare): then it, and the rows after it, differ.
//
// The defects log is a CSV with the header row,kind,column,detail, in row
// order: row is the row number a spreadsheet shows (the header is row 1
// plus the title rows; a line break inside a CSV field does not start a
// new row); column is the column at fault, or empty for the whole row;
// detail says more in words. A duplicate is logged on both rows of the
// pair, each with "same as row N" naming the other. The log also lists
// every row of the clean roll whose Status is Lapsed or Suspended (kinds
// lapsed and suspended, detail "as in the clean roll"; injected ones have
// detail "injected"). So it names every row a reader checking eligibility
// should flag, and a row may appear more than once.
//
// In windows-1252 CSV, letters that encoding lacks become their base
// letter (ŵ → w, Ł → L) and anything else "?".
//
// The sample rolls in the module's testdata directory (roll-small.xlsx and
// .csv, roll-defects.xlsx with roll-defects.log.csv, roll-defects-1252.csv)
// are made by mkroll; "go test ./cmd/mkroll -update" remakes them, and the
// test fails if they are out of date.
//
// mkroll prints nothing on standard output. It reports on standard error,
// errors as "mkroll: error: …". Exit status: 0 success, 1 error, 2 usage
// error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ballotpack/ballotpack/internal/outfile"
)

const usage = `mkroll writes a synthetic membership roll for tests and benchmarks.

Usage:
    mkroll [flags] -o FILE.xlsx|FILE.csv

Flags:
    -n N               rows of members (default 1000)
    -seed S            seed; same seed and flags, same cells (default 1)
    -o FILE            roll to write, .xlsx or .csv (required)
    -force             overwrite existing files
    -title-rows N      title rows above the header (default 0)
    -defects           replace about 3% of rows with known defects
    -defects-log FILE  with -defects: CSV of row, kind, column, detail
    -csv-encoding ENC  utf-8 (default, with BOM) or windows-1252
    -csv-delimiter C   "," (default), ";", "|" or "tab"

Exit status: 0 success, 1 error, 2 usage error.
`

const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2

	maxRowsXLSX = 1_048_576 // rows in an Excel sheet
	maxRows     = 5_000_000 // enough for any benchmark; numbers stay unique
	maxTitles   = 10
)

// options are the parsed flags.
type options struct {
	n           int
	seed        uint64
	out         string
	force       bool
	titleRows   int
	defects     bool
	defectsLog  string
	windows1252 bool
	delim       rune
	xlsx        bool
}

// errUsage marks a mistake in how mkroll was called.
var errUsage = errors.New("usage")

func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("mkroll", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{}
	var encoding, delim string
	fs.IntVar(&o.n, "n", 1000, "")
	fs.Uint64Var(&o.seed, "seed", 1, "")
	fs.StringVar(&o.out, "o", "", "")
	fs.BoolVar(&o.force, "force", false, "")
	fs.IntVar(&o.titleRows, "title-rows", 0, "")
	fs.BoolVar(&o.defects, "defects", false, "")
	fs.StringVar(&o.defectsLog, "defects-log", "", "")
	fs.StringVar(&encoding, "csv-encoding", "", "")
	fs.StringVar(&delim, "csv-delimiter", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usage)
			return nil, err
		}
		return nil, usageErrorf("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if o.out == "" {
		return nil, usageErrorf("-o FILE is required")
	}
	switch strings.ToLower(filepath.Ext(o.out)) {
	case ".xlsx":
		o.xlsx = true
	case ".csv":
	default:
		return nil, usageErrorf("-o %s: the name must end in .xlsx or .csv", o.out)
	}
	if o.n < 0 || o.n > maxRows || (o.xlsx && o.n+o.titleRows+1 > maxRowsXLSX) {
		return nil, usageErrorf("-n %d: must be 0 to %d (%d for xlsx, with the header and title rows)", o.n, maxRows, maxRowsXLSX-1-o.titleRows)
	}
	if o.titleRows < 0 || o.titleRows > maxTitles {
		return nil, usageErrorf("-title-rows %d: must be 0 to %d", o.titleRows, maxTitles)
	}
	if o.defectsLog != "" && !o.defects {
		return nil, usageErrorf("-defects-log needs -defects")
	}
	if o.defectsLog != "" && filepath.Clean(o.defectsLog) == filepath.Clean(o.out) {
		return nil, usageErrorf("-defects-log and -o name the same file")
	}
	if o.xlsx && (encoding != "" || delim != "") {
		return nil, usageErrorf("-csv-encoding and -csv-delimiter are for .csv output")
	}
	switch strings.ToLower(encoding) {
	case "", "utf-8", "utf8":
	case "windows-1252", "cp1252":
		o.windows1252 = true
	default:
		return nil, usageErrorf("-csv-encoding %q: want utf-8 or windows-1252", encoding)
	}
	switch delim {
	case "", ",":
		o.delim = ','
	case ";", "|":
		o.delim = rune(delim[0])
	case "tab", "\t":
		o.delim = '\t'
	default:
		return nil, usageErrorf(`-csv-delimiter %q: want ",", ";", "|" or "tab"`, delim)
	}
	return o, nil
}

// checkNew refuses a file that exists unless force is set; with it, a
// file is replaced (or a device or pipe written through) by outfile's rules.
func checkNew(name string, force bool) error {
	if _, err := os.Lstat(name); err == nil && !force {
		return fmt.Errorf("%s already exists (use -force to overwrite it)", name)
	}
	return outfile.Check(name)
}

// run writes the roll and the log, and reports on stderr. Each is written
// whole or not at all: a partial file is worse than none.
func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := checkNew(o.out, o.force); err != nil {
		return err
	}
	if o.defectsLog != "" {
		if err := checkNew(o.defectsLog, o.force); err != nil {
			return err
		}
	}

	var d *defecter
	var log []logEntry
	// Synthetic people, so not personal data: mode 0644.
	if _, err := outfile.Write(o.out, outfile.Public, nil, func(f io.Writer) error {
		titles := titleRows(o.titleRows)
		var w rollWriter
		var err error
		if o.xlsx {
			w, err = newXLSXWriter(f, titles)
		} else {
			w, err = newCSVWriter(f, o.delim, o.windows1252, titles)
		}
		if err != nil {
			return err
		}
		g := newGenerator(o.seed)
		if o.defects {
			kinds := injectedKinds
			if o.windows1252 {
				kinds = without(kinds, kindUnprintableChar)
			}
			d = newDefecter(o.seed, g, o.n, o.titleRows+2, kinds, o.xlsx)
		}
		for i := range o.n {
			m := g.next()
			if d != nil {
				log = append(log, d.process(i, &m)...)
			}
			if err := w.write(&m); err != nil {
				w.close()
				return err
			}
		}
		return w.close()
	}); err != nil {
		return err
	}

	msg := fmt.Sprintf("mkroll: wrote %s: %d rows", o.out, o.n)
	if d != nil {
		msg += fmt.Sprintf(", %d with defects", d.count)
	}
	fmt.Fprintln(stderr, msg)
	if o.defectsLog != "" {
		// Entries for the first row of a duplicate pair come late.
		sort.SliceStable(log, func(i, j int) bool { return log[i].row < log[j].row })
		if _, err := outfile.Write(o.defectsLog, outfile.Public, nil, func(w io.Writer) error { return writeLog(w, log) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "mkroll: wrote %s: %d entries\n", o.defectsLog, len(log))
	}
	return nil
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// mainStatus runs mkroll and turns its error into an exit status.
func mainStatus(args []string, stderr io.Writer) int {
	err := run(args, stderr)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
		fmt.Fprintf(stderr, "mkroll: error: %s\nmkroll: hint: run 'mkroll -h' for the flags\n", msg)
		return exitUsage
	}
	fmt.Fprintf(stderr, "mkroll: error: %v\n", err)
	return exitError
}

func main() { os.Exit(mainStatus(os.Args[1:], os.Stderr)) }
