package register

import (
	"database/sql"
	"time"
	_ "time/tzdata" // UK days read the same on a machine without a zone database
)

// Status is what staff ask of the register during the ballot.
type Status struct {
	Info         Info           `json:"-"`
	Packs        int            `json:"packs"`          // every pack issued, replacements included
	Members      int            `json:"members"`        // members with a current pack
	Replacements int            `json:"replacements"`   // replacement packs issued
	Papers       int            `json:"papers_counted"` // papers with a counted scan
	Scans        int            `json:"scans"`          // every scan, repeats included
	Stations     []StationCount `json:"stations"`
	Days         []DayCount     `json:"days"`
	Imports      []ImportRecord `json:"imports"`
	LastRun      *RunRecord     `json:"last_reconciliation"`
}

// StationCount is one station's scans.
type StationCount struct {
	Station string `json:"station"`
	Scans   int    `json:"scans"`
	Counted int    `json:"papers_counted"`
	// NotCounted are scans that count for nothing: a paper scanned again,
	// or the paper of a pack replaced since (kept as evidence).
	NotCounted int `json:"not_counted"`
}

// DayCount is the papers received on one day (a UK day: midnight to
// midnight in UK time).
type DayCount struct {
	Day    string `json:"day"`
	Papers int    `json:"papers_counted"`
}

// ImportRecord is one import of a station's scans.
type ImportRecord struct {
	Station   string `json:"station"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	At        string `json:"imported_at"`
	Scans     int    `json:"scans"`
	NewScans  int    `json:"new_scans"`
	NewPapers int    `json:"new_papers"`
}

// RunRecord is one reconciliation run as recorded.
type RunRecord struct {
	At             string `json:"run_at"`
	Policy         string `json:"policy"`
	OverrideReason string `json:"override_reason,omitempty"`
	Received       int    `json:"received"`
	Accepted       int    `json:"accepted"`
	Rejected       int    `json:"rejected"`
	Disqualified   int    `json:"disqualified"`
	Out            string `json:"out"`
}

// Status reads the register's totals.
func (r *Register) Status() (*Status, error) {
	s := &Status{Info: r.info, Stations: []StationCount{}, Days: []DayCount{}, Imports: []ImportRecord{}}
	if err := r.db.QueryRow(`SELECT (SELECT count(*) FROM packs), (SELECT count(*) FROM packs WHERE current = 1),
		(SELECT count(*) FROM replacements), (SELECT count(*) FROM scans WHERE counted = 1), (SELECT count(*) FROM scans)`).
		Scan(&s.Packs, &s.Members, &s.Replacements, &s.Papers, &s.Scans); err != nil {
		return nil, err
	}
	each := func(query string, row func(*sql.Rows) error) error {
		rows, err := r.db.Query(query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := each(`SELECT station, count(*), sum(counted), sum(1 - counted) FROM scans GROUP BY station ORDER BY station`, func(rows *sql.Rows) error {
		var c StationCount
		err := rows.Scan(&c.Station, &c.Scans, &c.Counted, &c.NotCounted)
		s.Stations = append(s.Stations, c)
		return err
	})
	if err == nil {
		// By UTC hour, then by the UK day each hour falls on (the UK's
		// offsets are whole hours): a paper received at 00:30 in October
		// summer time is the UK's, not the day before's.
		err = each(`SELECT substr(received_at, 1, 13), count(*) FROM scans WHERE counted = 1 GROUP BY 1 ORDER BY 1`, func(rows *sql.Rows) error {
			var hour string
			var n int
			if err := rows.Scan(&hour, &n); err != nil {
				return err
			}
			day := hour
			if t, err := time.Parse("2006-01-02T15", hour); err == nil {
				day = t.In(ukTime).Format("2006-01-02")
			}
			if k := len(s.Days); k > 0 && s.Days[k-1].Day == day {
				s.Days[k-1].Papers += n
			} else {
				s.Days = append(s.Days, DayCount{Day: day, Papers: n})
			}
			return nil
		})
	}
	if err == nil {
		err = each(`SELECT station, file, sha256, imported_at, scans, new_scans, new_papers FROM imports ORDER BY id`, func(rows *sql.Rows) error {
			var i ImportRecord
			err := rows.Scan(&i.Station, &i.File, &i.SHA256, &i.At, &i.Scans, &i.NewScans, &i.NewPapers)
			s.Imports = append(s.Imports, i)
			return err
		})
	}
	if err == nil {
		err = each(`SELECT run_at, policy, override_reason, received, accepted, rejected, disqualified, out FROM reconciliations ORDER BY id DESC LIMIT 1`, func(rows *sql.Rows) error {
			var run RunRecord
			err := rows.Scan(&run.At, &run.Policy, &run.OverrideReason, &run.Received, &run.Accepted, &run.Rejected, &run.Disqualified, &run.Out)
			s.LastRun = &run
			return err
		})
	}
	return s, err
}

// ukTime is the zone of the days status counts (time/tzdata is built in).
var ukTime = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()
