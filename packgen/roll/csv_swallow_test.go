package roll

import (
	"errors"
	"strings"
	"testing"
)

// TestQuoteSwallowsRowsAndCloses: a quote left open in a column ballotpack
// does not read, closed again some rows later, made those rows one cell of
// the row above: the members on them were in neither the packs nor the
// rejects. Now the file is refused, naming the lines.
func TestQuoteSwallowsRowsAndCloses(t *testing.T) {
	h := "Membership Number,Surname,Address 1,Town,Postcode,Notes\n"
	rows := "1000001,Smith,1 Road,Leeds,LS1 1AA,ok\n" +
		"1000002,Jones,2 Road,Leeds,LS1 1AA,\"note\n" +
		"1000003,Brown,3 Road,Leeds,LS1 1AA,ok\n" +
		"1000004,Green,4 Road,Leeds,LS1 1AA,ok\"\n" +
		"1000005,White,5 Road,Leeds,LS1 1AA,ok\n"
	_, err := ReadFile(writeFile(t, "roll.csv", h+rows), Options{})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "an unbalanced quote mark on line 3 makes line 4, which holds a whole row of 6 cells") {
		t.Fatalf("error %v", err)
	}
	// A real cell with line breaks, and commas on its lines, still reads.
	ok := "1000001,Smith,\"Flat 2, The Mews\nOld Town, Leeds\",Leeds,LS1 1AA,ok\n"
	res := readCSV(t, h+ok, Options{})
	if res.RowsRead != 1 {
		t.Errorf("rows %d: %v", res.RowsRead, res.Problems)
	}
}
