package register

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkPrepare writes the register of 160,000 packs, given in the
// mailing's order (membership numbers in no order) and in the register's
// own. generate gives them in the register's (packgen.RowsByMember): in the
// mailing's, SQLite's index pages no longer fit its cache and are written
// again and again (3.6 s against 0.39 s on the 2-core machine).
func BenchmarkPrepare(b *testing.B) {
	const n = 160000
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%07d", i+1)
	}
	mailing := slices.Clone(ids)
	rand.New(rand.NewSource(1)).Shuffle(n, func(i, j int) { mailing[i], mailing[j] = mailing[j], mailing[i] })
	info := Info{Election: "e", Title: "t", ElectionFile: "election.yaml", ElectionBytes: []byte("id: e\n"), ElectionSHA256: "0",
		Job: "J1", KeyID: "k", RollFile: "roll.csv", RollSHA256: "0", Tool: "ballotpack (devel)", Created: time.Unix(0, 0)}
	for _, order := range []struct {
		name string
		ids  []string
	}{{"mailing-order", mailing}, {"member-order", ids}} {
		b.Run(order.name, func(b *testing.B) {
			for b.Loop() {
				packs := func(yield func(Pack) bool) {
					for i, id := range order.ids {
						p := Pack{Member: id, Issue: 1, Seq: i + 1, Batch: i/1000 + 1, BatchFile: fmt.Sprintf("batch-%04d.pdf", i/1000+1),
							FirstPage: i%1000*2 + 1, LastPage: i%1000*2 + 2, Country: "United Kingdom", Current: true}
						if !yield(p) {
							return
						}
					}
				}
				p, err := Prepare(filepath.Join(b.TempDir(), File), info, packs, nil)
				if err != nil {
					b.Fatal(err)
				}
				p.Discard()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/pack")
		})
	}
}
