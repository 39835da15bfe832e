package roll

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadRoll feeds arbitrary bytes to the reader as a CSV file: it must
// never panic, every error must be a *ReadError, and the counts must add up.
func FuzzReadRoll(f *testing.F) {
	f.Add([]byte(header + good))
	f.Add([]byte("Title\n\n" + header + good + ",,,\n" + good))
	f.Add([]byte("\xef\xbb\xbfMember No;Name;Address;Town;Postcode\n1;A;B;C;LS1 1AA\n"))
	f.Add([]byte("Membership Number\tSurname\tAddress 1\tTown\tPostcode\n1\tZo\xeb\t\"x\ny\"\tT\tBFPO 1\n"))
	f.Add([]byte(header + "\"unterminated,1,2\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "roll.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := ReadFile(path, Options{ExcludedStatuses: []string{"lapsed"}})
		if err != nil {
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkCounts(t, res)
		for _, p := range res.Problems {
			if p.Row <= 0 || p.Reason == "" || p.Kind == "" || p.Severity == 0 {
				t.Fatalf("incomplete problem %+v", p)
			}
		}
		for _, m := range res.Members {
			if m.ID == "" || m.Surname == "" || len(m.Address) == 0 {
				t.Fatalf("incomplete member %+v", m)
			}
		}
	})
}
