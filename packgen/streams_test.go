package packgen

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/roll"
	"github.com/ballotpack/ballotpack/templates"
)

// mixedRoll is a roll of UK, BFPO and overseas members: 8 UK, 3 BFPO, 3
// in Europe and 3 in the rest of the world (countries spelt more ways than
// one), of which 1 UK, 1 BFPO and 1 in the world in large print.
const mixedRoll = `Membership Number,Forename,Surname,Address 1,Town,County,Postcode,Country,Large Print
1001,Ann,Jones,1 Mill Lane,Bristol,,BS1 4DJ,,
1002,Bea,Smith,2 Mill Lane,Bath,,BA1 1LT,,
1003,Cai,Evans,3 Mill Lane,Swansea,,SA1 1NW,,
1004,Dai,Price,4 Mill Lane,Newport,,NP20 1GA,,
1005,Eli,Rees,5 Mill Lane,Exeter,,EX1 1HB,,
1006,Fay,Hall,6 Mill Lane,Aberdeen,,AB10 1AA,,
1007,Gus,Ward,7 Mill Lane,York,,YO1 7HH,,Yes
2001,Hal,King,Unit 1234,BFPO,,BFPO 57,,
2002,Ivy,Cole,Unit 2345,,,bfpo 4,,
2003,Jo,Reid,Unit 3456,BFPO,,BFPO 801,,Yes
3001,Kai,Weber,Hauptstraße 12,Berlin,,10115,Deutschland,
3002,Lea,Murphy,14 Main Street,Cork,Co. Cork,T12 K8AF,Eire,
3003,Max,Dubois,12 rue de la République,Paris,,75011,France,
4001,Ned,Brown,1600 Elm Street,Springfield,IL,62704,USA,
4002,Oli,Green,77 Massachusetts Avenue,Cambridge,MA,02139,United States,
4003,Pam,White,34 Smith Street,Fitzroy,VIC,3065,Australia,Yes
1008,Quin,Hart,8 Mill Lane,Leeds,,LS1 4AP,,
`

func mixedRun(t *testing.T, zones bool) (*election.Election, *roll.Result, *codes.Issuer) {
	t.Helper()
	b, _ := templates.FS.ReadFile(templates.DefaultElection)
	if zones {
		b = bytes.Replace(b, []byte("overseas_zones: false"), []byte("overseas_zones: true"), 1)
	}
	el, err := election.Parse("election.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "roll.csv")
	os.WriteFile(path, []byte(mixedRoll), 0o600)
	res, err := roll.ReadFile(path, roll.Options{})
	if err != nil || len(res.Members) != 17 {
		t.Fatalf("%v; %d members, problems %v", err, len(res.Members), res.Problems)
	}
	k, _ := codes.NewMasterKey(make([]byte, 32))
	is, _ := k.Issuer(el.ID)
	return el, res, is
}

// TestGenerateStreams: UK, BFPO and overseas packs (by zone when the
// election asks) in batches of their own, each named for its stream and
// labelled with it and its postage in job.json; sequence numbers UK first
// in mail-sort order, then BFPO, then overseas by country; large print
// after, the same way; the counts add up, batch by batch and against
// packs.csv.
func TestGenerateStreams(t *testing.T) {
	for _, tc := range []struct {
		zones bool
		want  []string // file stream postage packs first-last first-postcode last-postcode
	}{
		{false, []string{
			"batch-0001.pdf uk UK 2nd Class 4 1-4 AB10 1AA EX1 1HB",
			"batch-0002.pdf uk UK 2nd Class 3 5-7 LS1 4AP SA1 1NW",
			"batch-0003-bfpo.pdf bfpo BFPO, at UK inland rates 2 8-9 BFPO 4 BFPO 57",
			// France, Germany, Ireland, United States ×2, by country
			"batch-0004-overseas.pdf overseas International airmail 4 10-13 75011 02139",
			"batch-0005-overseas.pdf overseas International airmail 1 14-14 62704 62704",
			"batch-0006-large-print.pdf uk UK 2nd Class 1 15-15 YO1 7HH YO1 7HH",
			"batch-0007-bfpo-large-print.pdf bfpo BFPO, at UK inland rates 1 16-16 BFPO 801 BFPO 801",
			"batch-0008-overseas-large-print.pdf overseas International airmail 1 17-17 3065 3065",
		}},
		{true, []string{
			"batch-0001.pdf uk UK 2nd Class 4 1-4 AB10 1AA EX1 1HB",
			"batch-0002.pdf uk UK 2nd Class 3 5-7 LS1 4AP SA1 1NW",
			"batch-0003-bfpo.pdf bfpo BFPO, at UK inland rates 2 8-9 BFPO 4 BFPO 57",
			"batch-0004-europe.pdf europe International airmail (Europe) 3 10-12 75011 T12 K8AF",
			"batch-0005-world.pdf world International airmail (rest of world) 2 13-14 02139 62704",
			"batch-0006-large-print.pdf uk UK 2nd Class 1 15-15 YO1 7HH YO1 7HH",
			"batch-0007-bfpo-large-print.pdf bfpo BFPO, at UK inland rates 1 16-16 BFPO 801 BFPO 801",
			"batch-0008-world-large-print.pdf world International airmail (rest of world) 1 17-17 3065 3065",
		}},
	} {
		t.Run(fmt.Sprintf("zones %v", tc.zones), func(t *testing.T) {
			el, res, is := mixedRun(t, tc.zones)
			dir := t.TempDir()
			r, err := Generate(context.Background(), Options{Election: el, Issuer: is, Roll: res, RollSHA256: "x", OutDir: dir, BatchSize: 4, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			m := r.Manifest
			var got []string
			for _, b := range m.Batches {
				got = append(got, fmt.Sprintf("%s %s %s %d %d-%d %s %s", b.File, b.Stream, b.Postage, b.Packs, b.FirstSeq, b.LastSeq, b.FirstPostcode, b.LastPostcode))
				if _, err := os.Stat(filepath.Join(dir, b.File)); err != nil {
					t.Error(err)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("batches:\n%s\nwant\n%s", join(got), join(tc.want))
			}
			if tt := m.Totals; tt.Packs != 17 || tt.BFPO != 3 || tt.Overseas != 6 || tt.LargePrint != 3 || tt.Batches != len(m.Batches) {
				t.Errorf("totals %+v", tt)
			}
			reconcile(t, dir, m)
		})
	}
}

func join(lines []string) string {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// reconcile checks that job.json's batches add up to its totals and to
// packs.csv: the same packs, pages and sequence numbers in each batch, and
// every pack of a batch of its batch's stream.
func reconcile(t *testing.T, dir string, m *Manifest) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, PacksFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type count struct{ packs, pages, first, last int }
	byFile := map[string]*count{}
	for _, row := range rows[1:] {
		seq, _ := strconv.Atoi(row[0])
		first, _ := strconv.Atoi(row[6])
		last, _ := strconv.Atoi(row[7])
		c := byFile[row[5]]
		if c == nil {
			c = &count{first: seq}
			byFile[row[5]] = c
		}
		c.packs++
		c.pages += last - first + 1
		c.last = seq
	}
	var packs, pages, sheets int
	for _, b := range m.Batches {
		c := byFile[b.File]
		if c == nil || c.packs != b.Packs || c.pages != b.Pages || c.first != b.FirstSeq || c.last != b.LastSeq {
			t.Errorf("%s: job.json %d packs, %d pages, %d-%d; packs.csv %+v", b.File, b.Packs, b.Pages, b.FirstSeq, b.LastSeq, c)
		}
		packs, pages, sheets = packs+b.Packs, pages+b.Pages, sheets+b.Sheets
	}
	if tt := m.Totals; packs != tt.Packs || pages != tt.Pages || sheets != tt.Sheets || len(rows)-1 != tt.Packs || len(byFile) != tt.Batches {
		t.Errorf("batches add up to %d packs, %d pages, %d sheets; packs.csv %d rows in %d batches; totals %+v", packs, pages, sheets, len(rows)-1, len(byFile), tt)
	}
}
