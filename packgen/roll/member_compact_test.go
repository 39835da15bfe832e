package roll

import (
	"fmt"
	"testing"
	"time"
)

func TestCompactMember(t *testing.T) {
	row := "00123|Dr|Ann|Lee|1 Road|Flat 2|Leeds|W Yorks|LS1 1AA||a@b.org|Active|unused columns"
	m := Member{Row: 7, ID: row[0:5], Title: row[6:8], Forename: row[9:12], Surname: row[13:16], Address: []string{row[17:23], row[24:30]},
		Town: row[31:36], County: row[37:44], Postcode: row[45:52], Email: row[54:61], Status: row[62:68], Joined: time.Unix(0, 0), LargePrint: true}
	c := compact(m)
	if fmt.Sprintf("%+v", c) != fmt.Sprintf("%+v", m) {
		t.Errorf("compact\n%+v\nwant\n%+v", c, m)
	}
	if &c.Address[0] == &m.Address[0] {
		t.Error("the address lines were not copied")
	}
}
