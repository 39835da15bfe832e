package election

import (
	"fmt"
	"time"
	_ "time/tzdata" // deadlines read the same on a machine without a zone database
)

// A clockChange is a local date and time that the clocks skip or repeat.
type clockChange struct {
	skipped    bool      // the spring gap: no clock shows it; else the autumn hour that happens twice
	wall       time.Time // the reading, as UTC
	from, to   time.Time // the readings either side of the change
	suggestion time.Time // a reading that happens once, as far after
}

func (c *clockChange) Error() string {
	hm := func(t time.Time) string { return t.Format("15:04") }
	if c.skipped {
		return fmt.Sprintf("does not exist in UK time: the clocks go forward from %s to %s that night, so no clock shows %s; write a time outside that hour, such as %s",
			hm(c.from), hm(c.to), hm(c.wall), hm(c.suggestion))
	}
	return fmt.Sprintf("happens twice in UK time: the clocks go back from %s to %s that night, so %s comes once in summer time and again an hour later; write a time outside that hour, such as %s",
		hm(c.from), hm(c.to), hm(c.wall), hm(c.suggestion))
}

// inLocation returns the one instant at which clocks in loc show wall (a
// reading parsed as UTC), or a *clockChange when they never show it or
// show it twice.
func inLocation(wall time.Time, loc *time.Location) (time.Time, error) {
	found := instants(wall, loc)
	if len(found) == 1 {
		return found[0], nil
	}
	// The offsets in force a day either side: the change is between.
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	_, after := wall.Add(24 * time.Hour).In(loc).Zone()
	shift := time.Duration(after-before) * time.Second
	// When the offset changes: the first instant with the later offset.
	lo, hi := wall.Add(-24*time.Hour), wall.Add(24*time.Hour)
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if _, off := mid.In(loc).Zone(); off == after {
			hi = mid
		} else {
			lo = mid
		}
	}
	return time.Time{}, &clockChange{skipped: len(found) == 0, wall: wall, suggestion: wall.Add(shift.Abs()),
		from: hi.Add(time.Duration(before) * time.Second).UTC().Truncate(time.Minute),
		to:   hi.Add(time.Duration(after) * time.Second).UTC().Truncate(time.Minute)}
}

// instants are the instants at which clocks in loc show wall, a reading
// parsed as UTC: one, none (skipped) or two (repeated).
func instants(wall time.Time, loc *time.Location) []time.Time {
	var found []time.Time
	for _, d := range []time.Duration{-24 * time.Hour, 24 * time.Hour} {
		_, off := wall.Add(d).In(loc).Zone()
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if t.Format(time.DateTime) == wall.Format(time.DateTime) && (len(found) == 0 || !found[0].Equal(t)) {
			found = append(found, t)
		}
	}
	return found
}
