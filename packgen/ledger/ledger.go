// Package ledger records ballot papers as they are scanned at the count,
// so that a crash loses nothing that was acknowledged and nothing is
// recorded twice. A ledger is an append-only text file, one line a scan,
// each line synced to disk before its scan is acknowledged. It holds
// membership numbers, issue numbers, times and station names: never a code.
package ledger

import (
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// An Entry is one accepted ballot paper.
type Entry struct {
	Seq     int // 1.. in the order this ledger accepted them
	Member  string
	Issue   uint32
	Time    time.Time
	Station string
}

// A Ledger is one scanning station's record.
type Ledger struct {
	f       *os.File
	path    string
	station string
	byPack  map[pack]Entry
	entries []Entry
	// Recovered says a torn last line, from a crash while it was being
	// written (so never acknowledged), was cut off when the ledger opened.
	Recovered bool
}

type pack struct {
	member string
	issue  uint32
}

const header = "# ballotpack scan ledger v1: seq,member,issue,time,station,crc32"

// Open opens the ledger at path, creating it if need be, and reads back
// every entry. A last line cut short by a crash is dropped.
func Open(path, station string) (*Ledger, error) {
	if station == "" || strings.ContainsAny(station, ",\n\r") {
		return nil, fmt.Errorf("station name %q: must be non-empty, without commas or line breaks", station)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	l := &Ledger{f: f, path: path, station: station, byPack: map[pack]Entry{}}
	if err := l.load(); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

// load reads every line, truncating a torn tail.
func (l *Ledger) load() error {
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReader(l.f)
	var good int64
	line := 0
	for {
		s, err := r.ReadString('\n')
		if err == io.EOF {
			if s != "" { // no newline: the write was cut short
				l.Recovered = true
			}
			break
		}
		if err != nil {
			return err
		}
		line++
		text := strings.TrimSuffix(s, "\n")
		switch {
		case line == 1 && text == header:
		case line == 1:
			return fmt.Errorf("%s is not a ballotpack scan ledger", l.path)
		default:
			e, err := parseLine(text)
			if err != nil {
				// Only the last line can be damaged by a crash; anything
				// else is damage from outside and must not be papered over.
				if _, perr := r.Peek(1); perr == io.EOF {
					l.Recovered = true
					goto truncate
				}
				return fmt.Errorf("%s line %d: %v: the ledger is damaged; keep a copy and ask for help before scanning on", l.path, line, err)
			}
			l.add(e)
		}
		good += int64(len(s))
	}
truncate:
	if line == 0 && good == 0 {
		if _, err := l.f.WriteString(header + "\n"); err != nil {
			return err
		}
		return l.f.Sync()
	}
	if err := l.f.Truncate(good); err != nil {
		return err
	}
	if _, err := l.f.Seek(good, io.SeekStart); err != nil {
		return err
	}
	return l.f.Sync()
}

func (l *Ledger) add(e Entry) {
	l.byPack[pack{e.Member, e.Issue}] = e
	l.entries = append(l.entries, e)
}

func formatLine(e Entry) string {
	body := fmt.Sprintf("%d,%s,%d,%s,%s", e.Seq, e.Member, e.Issue, e.Time.UTC().Format(time.RFC3339Nano), e.Station)
	return fmt.Sprintf("%s,%08x", body, crc32.ChecksumIEEE([]byte(body)))
}

func parseLine(s string) (Entry, error) {
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return Entry{}, errors.New("no checksum")
	}
	body, sum := s[:i], s[i+1:]
	if fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(body))) != sum {
		return Entry{}, errors.New("checksum does not match")
	}
	f := strings.Split(body, ",")
	if len(f) != 5 {
		return Entry{}, errors.New("wrong number of fields")
	}
	seq, err1 := strconv.Atoi(f[0])
	issue, err2 := strconv.ParseUint(f[2], 10, 32)
	t, err3 := time.Parse(time.RFC3339Nano, f[3])
	if err := errors.Join(err1, err2, err3); err != nil {
		return Entry{}, err
	}
	return Entry{Seq: seq, Member: f[1], Issue: uint32(issue), Time: t, Station: f[4]}, nil
}

// Lookup returns the entry for a member's pack, if it was scanned.
func (l *Ledger) Lookup(member string, issue uint32) (Entry, bool) {
	e, ok := l.byPack[pack{member, issue}]
	return e, ok
}

// Entries returns every entry, in order.
func (l *Ledger) Entries() []Entry { return l.entries }

// Record accepts a pack's ballot paper: it appends the entry and syncs it
// to disk before returning, so once Record returns the scan survives any
// crash. A pack already in the ledger is not recorded again: Record
// returns the first entry and false.
func (l *Ledger) Record(member string, issue uint32, now time.Time) (Entry, bool, error) {
	if e, ok := l.Lookup(member, issue); ok {
		return e, false, nil
	}
	if member == "" || strings.ContainsAny(member, ",\n\r") {
		return Entry{}, false, fmt.Errorf("membership number %q cannot be recorded", member)
	}
	e := Entry{Seq: len(l.entries) + 1, Member: member, Issue: issue, Time: now, Station: l.station}
	if _, err := l.f.WriteString(formatLine(e) + "\n"); err != nil {
		return Entry{}, false, err
	}
	if err := l.f.Sync(); err != nil {
		return Entry{}, false, err
	}
	l.add(e)
	return e, true, nil
}

// Close closes the ledger's file.
func (l *Ledger) Close() error { return l.f.Close() }

// Read reads the entries of the ledger at path without changing it; a last
// line torn by a crash is left out, as Open would drop it.
func Read(path string) ([]Entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(b), "\n")
	var out []Entry
	for i, s := range lines {
		if s == "" {
			continue
		}
		text, complete := strings.CutSuffix(s, "\n")
		if i == 0 {
			if text != header {
				return nil, fmt.Errorf("%s is not a ballotpack scan ledger", path)
			}
			continue
		}
		e, err := parseLine(text)
		last := i == len(lines)-1 || (i == len(lines)-2 && lines[len(lines)-1] == "")
		switch {
		case err != nil && last:
			continue // torn by a crash, never acknowledged
		case err != nil || !complete && !last:
			return nil, fmt.Errorf("%s line %d: %v: the ledger is damaged", path, i+1, err)
		case !complete:
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// Write writes entries as a new ledger at path (through a temporary file,
// synced and renamed), numbering them 1.. in the order given.
func Write(path string, entries []Entry) error {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, e := range entries {
		e.Seq = i + 1
		b.WriteString(formatLine(e) + "\n")
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ledger-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
