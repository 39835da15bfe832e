// Package register is the election register: one SQLite database that holds
// everything about an election after generate — the election file's exact
// bytes, the job, the key's ID (never the key), every pack issued,
// replacements, the counting stations' scans and the reconciliation runs.
// Every read and write of that state goes through this package. It never
// holds a code.
//
// The database is in WAL mode with synchronous=FULL, so a write that
// returns has reached the disk before the caller acknowledges it, and several
// processes may use one register at once: the database itself refuses a
// second current pack per member and a second counted scan per paper.
package register

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the cgo-free SQLite driver
)

// File is the register's name in the output folder generate writes.
const File = "register.db"

// schemaVersion is PRAGMA user_version of the registers this version makes.
const schemaVersion = 1

// TimeFormat is how times are stored: RFC 3339 in UTC to the second.
const TimeFormat = "2006-01-02T15:04:05Z"

// Format formats t as the register stores it.
func Format(t time.Time) string { return t.UTC().Format(TimeFormat) }

// Errors a caller may act on.
var (
	ErrNotFound   = errors.New("no election register there")
	ErrNewer      = errors.New("the register was made by a newer version of ballotpack")
	ErrScanned    = errors.New("the member's ballot paper has been scanned")
	ErrNoPack     = errors.New("no pack of this election has that membership number")
	ErrDuplicate  = errors.New("the paper was already scanned")
	ErrSuperseded = errors.New("the paper's pack was superseded by a replacement")
)

// Info is what binds a register to its election, job and key.
type Info struct {
	Election       string // election ID
	Title          string
	ElectionFile   string // the election file's name
	ElectionBytes  []byte // its exact bytes
	ElectionSHA256 string
	Job            string
	KeyID          string
	RollFile       string
	RollSHA256     string
	Tool           string
	Created        time.Time
	// Station is the station's name in a station's copy, "" in the register
	// generate made.
	Station string
}

// A Pack is one pack issued: the first of the main run, or a replacement.
type Pack struct {
	Member     string
	Issue      uint32
	Variant    uint32
	Seq        int // the member's sequence number in the main run
	Batch      int // 0 for a replacement
	BatchFile  string
	FirstPage  int
	LastPage   int
	LargePrint bool
	Country    string
	Current    bool // false once a replacement supersedes it
}

// A Replacement records one replacement pack.
type Replacement struct {
	Member   string
	Issue    uint32 // the new issue
	Variant  uint32
	Replaced uint32 // the issue it superseded
	Reason   string
	By       string
	At       time.Time
	File     string
}

// A Scan is one scan of a ballot paper at a counting station. Counted is
// true for the one scan of each paper that stands as its postal vote; the
// others are kept as evidence.
type Scan struct {
	ID         int64 // the row in this register
	Station    string
	StationSeq int64
	Operator   string
	ScannedAt  string // TimeFormat
	ReceivedAt string // TimeFormat
	Member     string
	Issue      uint32
	Seal       string
	Counted    bool
}

// A Run records one reconciliation.
type Run struct {
	At             time.Time
	Policy         string
	OverrideReason string
	Inputs         []string // "name sha256"
	Received       int
	Accepted       int
	Rejected       int
	Disqualified   int
	Out            string
}

// A Register is an open election register.
type Register struct {
	db   *sql.DB
	path string
	info Info
}

const schema = `
CREATE TABLE election (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  election_id     TEXT NOT NULL,
  title           TEXT NOT NULL,
  election_file   TEXT NOT NULL,
  election_sha256 TEXT NOT NULL,
  election_bytes  BLOB NOT NULL,
  job             TEXT NOT NULL,
  key_id          TEXT NOT NULL,
  roll_file       TEXT NOT NULL,
  roll_sha256     TEXT NOT NULL,
  tool            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  station         TEXT
);
CREATE TABLE packs (
  member      TEXT    NOT NULL,
  issue       INTEGER NOT NULL CHECK (issue >= 1),
  variant     INTEGER NOT NULL CHECK (variant >= 0),
  sequence    INTEGER NOT NULL,
  batch       INTEGER NOT NULL,
  batch_file  TEXT    NOT NULL,
  first_page  INTEGER NOT NULL,
  last_page   INTEGER NOT NULL,
  large_print INTEGER NOT NULL CHECK (large_print IN (0, 1)),
  country     TEXT    NOT NULL,
  current     INTEGER NOT NULL CHECK (current IN (0, 1)),
  PRIMARY KEY (member, issue)
) WITHOUT ROWID;
CREATE UNIQUE INDEX one_current_pack_per_member ON packs (member) WHERE current = 1;
CREATE TABLE replacements (
  member         TEXT    NOT NULL,
  issue          INTEGER NOT NULL,
  replaced_issue INTEGER NOT NULL,
  reason         TEXT    NOT NULL,
  issued_by      TEXT    NOT NULL,
  issued_at      TEXT    NOT NULL,
  file           TEXT    NOT NULL,
  PRIMARY KEY (member, issue),
  FOREIGN KEY (member, issue) REFERENCES packs (member, issue),
  FOREIGN KEY (member, replaced_issue) REFERENCES packs (member, issue)
);
CREATE TABLE scans (
  id          INTEGER PRIMARY KEY,
  station     TEXT    NOT NULL,
  station_seq INTEGER NOT NULL CHECK (station_seq >= 1),
  operator    TEXT    NOT NULL,
  scanned_at  TEXT    NOT NULL,
  received_at TEXT    NOT NULL,
  member      TEXT    NOT NULL,
  issue       INTEGER NOT NULL,
  seal        TEXT    NOT NULL,
  counted     INTEGER NOT NULL CHECK (counted IN (0, 1)),
  UNIQUE (station, station_seq),
  FOREIGN KEY (member, issue) REFERENCES packs (member, issue)
);
CREATE UNIQUE INDEX one_counted_scan_per_paper ON scans (member, issue) WHERE counted = 1;
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  station     TEXT    NOT NULL,
  file        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  imported_at TEXT    NOT NULL,
  scans       INTEGER NOT NULL,
  new_scans   INTEGER NOT NULL,
  new_papers  INTEGER NOT NULL
);
CREATE TABLE reconciliations (
  id              INTEGER PRIMARY KEY,
  run_at          TEXT    NOT NULL,
  policy          TEXT    NOT NULL,
  override_reason TEXT    NOT NULL,
  inputs          TEXT    NOT NULL,
  received        INTEGER NOT NULL,
  accepted        INTEGER NOT NULL,
  rejected        INTEGER NOT NULL,
  disqualified    INTEGER NOT NULL,
  out             TEXT    NOT NULL
);
`

// Path is the register's file for a -register argument: a folder that
// generate wrote (its register.db), or a register file itself.
func Path(arg string) string {
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			return filepath.Join(arg, File)
		}
		return arg // a file: open says whether it is a register
	}
	if strings.HasSuffix(arg, ".db") {
		return arg
	}
	return filepath.Join(arg, File)
}

// An access is how a register is opened.
type access int

const (
	readWrite access = iota
	readOnly
	// immutable is read-only for a file nothing writes to any more (a
	// shard's register): SQLite takes no locks and makes no -wal or -shm
	// file beside it.
	immutable
)

// dsn is the connection string: every connection gets the same settings.
func dsn(path string, mode access) string {
	q := "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
	switch mode {
	case readOnly:
		q += "&mode=ro"
	case immutable:
		q += "&mode=ro&immutable=1"
	}
	return "file:" + path + q
}

func openDB(path string, mode access) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path, mode))
	if err != nil {
		return nil, err
	}
	// The main register is kept in WAL mode; a station copy, which is
	// carried to another machine as one file, in rollback-journal mode, so
	// that the file alone holds every scan committed, even after a crash
	// (found in review: a copy moved without its -wal file after kill -9
	// had lost acknowledged papers). Copies made before that keep WAL.
	if mode == readWrite && !rollbackJournal(path) {
		if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return db, nil
}

// Create makes a new register at path with the packs of a run (and the
// replacements carried over from an earlier run). It fails if a file is
// already there.
func Create(path string, info Info, packs iter.Seq[Pack], reps []Replacement) error {
	p, err := Prepare(path, info, packs, reps)
	if err != nil {
		return err
	}
	return p.Commit()
}

// A Prepared register is written and synced under a temporary name beside
// its path, not yet in place: generate prepares it while the batches are
// rendered and puts it in place only when they all are.
type Prepared struct{ tmp, path string }

// Commit puts the register in place. It fails, and removes the prepared
// file, if a file appeared at the path meanwhile.
func (p *Prepared) Commit() error {
	defer os.Remove(p.tmp)
	if err := os.Link(p.tmp, p.path); err != nil { // never replaces a file that appeared meanwhile
		return err
	}
	os.Remove(p.tmp)
	return syncFile(filepath.Dir(p.path))
}

// Discard removes the prepared register.
func (p *Prepared) Discard() { os.Remove(p.tmp) }

// Prepare writes the register Create makes, under a temporary name, for
// Commit to put in place.
func Prepare(path string, info Info, packs iter.Seq[Pack], reps []Replacement) (*Prepared, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("%s already exists", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp + "-wal")
	defer os.Remove(tmp + "-shm")
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=foreign_keys(1)&_pragma=synchronous(FULL)")
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	err = func() error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.Exec(schema); err != nil {
			return fmt.Errorf("creating the register: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO election VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
			info.Election, info.Title, info.ElectionFile, info.ElectionSHA256, info.ElectionBytes, info.Job, info.KeyID,
			info.RollFile, info.RollSHA256, info.Tool, Format(info.Created)); err != nil {
			return err
		}
		// Packs go in packsPerInsert to a statement: one statement a pack
		// was most of the time of a 160,000-pack register.
		const packsPerInsert = 64
		row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		one, err := tx.Prepare(`INSERT INTO packs VALUES ` + row)
		if err != nil {
			return err
		}
		defer one.Close()
		many, err := tx.Prepare(`INSERT INTO packs VALUES ` + row + strings.Repeat(", "+row, packsPerInsert-1))
		if err != nil {
			return err
		}
		defer many.Close()
		var pending []Pack
		args := make([]any, 0, 11*packsPerInsert)
		var insert func(st *sql.Stmt, ps []Pack) error
		insert = func(st *sql.Stmt, ps []Pack) error {
			args = args[:0]
			for _, p := range ps {
				args = append(args, p.Member, p.Issue, p.Variant, p.Seq, p.Batch, p.BatchFile, p.FirstPage, p.LastPage,
					p.LargePrint, p.Country, p.Current)
			}
			if _, err := st.Exec(args...); err != nil {
				if len(ps) == 1 {
					return fmt.Errorf("pack of member %s, issue %d: %w", ps[0].Member, ps[0].Issue, err)
				}
				for _, p := range ps { // find the pack at fault
					if err := insert(one, []Pack{p}); err != nil {
						return err
					}
				}
				return err
			}
			return nil
		}
		for p := range packs {
			if pending = append(pending, p); len(pending) == packsPerInsert {
				if err := insert(many, pending); err != nil {
					return err
				}
				pending = pending[:0]
			}
		}
		for _, p := range pending {
			if err := insert(one, []Pack{p}); err != nil {
				return err
			}
		}
		for _, rep := range reps {
			if _, err := tx.Exec(`INSERT INTO replacements VALUES (?, ?, ?, ?, ?, ?, ?)`, rep.Member, rep.Issue, rep.Replaced,
				rep.Reason, rep.By, Format(rep.At), rep.File); err != nil {
				return fmt.Errorf("replacement of member %s, issue %d: %w", rep.Member, rep.Issue, err)
			}
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err == nil {
		_, err = db.Exec("PRAGMA journal_mode=WAL")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return &Prepared{tmp: tmp, path: path}, nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Open opens the register for a -register argument (see Path). A shard's
// folder (see ShardFile) is refused with an error wrapping ErrShard.
func Open(arg string) (*Register, error) { return openArg(arg, readWrite) }

// OpenReadOnly opens a register that must not be changed, such as a
// station's copy being imported.
func OpenReadOnly(arg string) (*Register, error) { return openArg(arg, readOnly) }

func openArg(arg string, mode access) (*Register, error) {
	if filepath.Base(arg) == ShardFile {
		return nil, shardError(filepath.Dir(arg))
	}
	return open(Path(arg), mode)
}

func open(path string, mode access) (*Register, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if dir := filepath.Dir(path); mode != immutable && isShard(dir) {
				return nil, shardError(dir)
			}
			return nil, fmt.Errorf("%s: %w", path, ErrNotFound)
		}
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a register file", path)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	// A station copy whose scan was killed while it wrote has a hot
	// journal beside it, which must be rolled back before the file can be
	// read; read-only, SQLite cannot, so it is done here, read-write
	// (found in review: import-scans refused such a copy as "not an
	// election register").
	if j, err := os.Stat(path + "-journal"); err == nil && j.Size() > 0 && mode != readWrite && rollbackJournal(path) {
		if db, err := sql.Open("sqlite", dsn(path, readWrite)); err == nil {
			var n int
			err = db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n)
			db.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: a scan was interrupted while it wrote, and its journal (%s-journal) could not be rolled back: %v; open the copy where it can be written, with its journal beside it", path, filepath.Base(path), err)
			}
		}
	}
	db, err := openDB(path, mode)
	if err != nil {
		return nil, err
	}
	r := &Register{db: db, path: path}
	if err := r.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// checkHeader refuses a file that is not an SQLite database before SQLite
// opens it (and would make an empty file into one).
// stationsTable holds the names given to station copies. Registers made
// before it have none until their first copy is made.
const stationsTable = `CREATE TABLE IF NOT EXISTS stations (
  name    TEXT PRIMARY KEY,
  file    TEXT NOT NULL,
  made_at TEXT NOT NULL
)`

// stationCopied reports whether a station copy was made under name, and
// when and as which file.
func (r *Register) stationCopied(name string) (file, at string, ok bool, err error) {
	err = r.db.QueryRow(`SELECT file, made_at FROM stations WHERE name = ?`, name).Scan(&file, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", "", false, nil
	case err != nil && strings.Contains(err.Error(), "no such table"):
		return "", "", false, nil // a register no copy was made of
	}
	return file, at, err == nil, err
}

// A StationCopyRecord is a station copy made of the main register.
type StationCopyRecord struct {
	Station, File, MadeAt string
}

// StationCopies lists the station copies made of this register, in the
// order they were made.
func (r *Register) StationCopies() ([]StationCopyRecord, error) {
	rows, err := r.db.Query(`SELECT name, file, made_at FROM stations ORDER BY made_at, name`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // a register no copy was made of
		}
		return nil, err
	}
	defer rows.Close()
	var out []StationCopyRecord
	for rows.Next() {
		var c StationCopyRecord
		if err := rows.Scan(&c.Station, &c.File, &c.MadeAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// rollbackJournal reports whether the database file at path is in
// rollback-journal mode (its header's read and write versions are 1; WAL
// makes them 2).
func rollbackJournal(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 20)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return head[18] == 1 && head[19] == 1
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s is not an election register (not an SQLite database)", path)
	}
	return nil
}

func (r *Register) load() error {
	var v int
	if err := r.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("not an election register (%v)", err)
	}
	switch {
	case v > schemaVersion:
		return fmt.Errorf("%w (schema version %d; this one reads up to %d): use that version or a later one", ErrNewer, v, schemaVersion)
	case v < 1:
		return errors.New("not an election register")
	}
	var station sql.NullString
	var created string
	i := &r.info
	err := r.db.QueryRow(`SELECT election_id, title, election_file, election_sha256, election_bytes, job, key_id,
		roll_file, roll_sha256, tool, created_at, station FROM election`).Scan(&i.Election, &i.Title, &i.ElectionFile,
		&i.ElectionSHA256, &i.ElectionBytes, &i.Job, &i.KeyID, &i.RollFile, &i.RollSHA256, &i.Tool, &created, &station)
	if err != nil {
		return fmt.Errorf("not an election register (%v)", err)
	}
	i.Created, _ = time.Parse(TimeFormat, created)
	i.Station = station.String
	sum := sha256.Sum256(i.ElectionBytes)
	if hex.EncodeToString(sum[:]) != i.ElectionSHA256 {
		return errors.New("the election file stored in the register does not match its SHA-256: the register is damaged")
	}
	return nil
}

// Close closes the register.
func (r *Register) Close() error { return r.db.Close() }

// Path is the register's file.
func (r *Register) Path() string { return r.path }

// Info is what binds the register to its election, job and key.
func (r *Register) Info() Info { return r.info }

// Packs returns every pack issued, first packs and replacements, in order
// of membership number and issue.
func (r *Register) Packs() ([]Pack, error) {
	rows, err := r.db.Query(`SELECT member, issue, variant, sequence, batch, batch_file, first_page, last_page,
		large_print, country, current FROM packs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pack
	for rows.Next() {
		var p Pack
		if err := rows.Scan(&p.Member, &p.Issue, &p.Variant, &p.Seq, &p.Batch, &p.BatchFile, &p.FirstPage, &p.LastPage,
			&p.LargePrint, &p.Country, &p.Current); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Replacements returns every replacement, oldest first.
func (r *Register) Replacements() ([]Replacement, error) {
	rows, err := r.db.Query(`SELECT r.member, r.issue, p.variant, r.replaced_issue, r.reason, r.issued_by, r.issued_at, r.file
		FROM replacements r JOIN packs p USING (member, issue) ORDER BY r.issued_at, r.member, r.issue`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Replacement
	for rows.Next() {
		var rep Replacement
		var at string
		if err := rows.Scan(&rep.Member, &rep.Issue, &rep.Variant, &rep.Replaced, &rep.Reason, &rep.By, &at, &rep.File); err != nil {
			return nil, err
		}
		rep.At, _ = time.Parse(TimeFormat, at)
		out = append(out, rep)
	}
	return out, rows.Err()
}

// Replace records a replacement pack in one transaction: the new pack
// becomes the member's current one and the old one is superseded. It is
// refused with ErrScanned once a paper of the member's has been scanned and
// counted (a superseded paper scanned is kept as evidence, and counts for
// nothing: it does not stop a replacement).
func (r *Register) Replace(rep Replacement, p Pack) error {
	tx, err := r.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM scans WHERE member = ? AND counted = 1`, rep.Member).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return ErrScanned
	}
	res, err := tx.Exec(`UPDATE packs SET current = 0 WHERE member = ? AND issue = ? AND current = 1`, rep.Member, rep.Replaced)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return fmt.Errorf("issue %d of member %s's pack is not the current one: another replacement was issued meanwhile", rep.Replaced, rep.Member)
	}
	p.Current = true
	if _, err := tx.Exec(`INSERT INTO packs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Member, p.Issue, p.Variant, p.Seq, p.Batch,
		p.BatchFile, p.FirstPage, p.LastPage, p.LargePrint, p.Country, p.Current); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO replacements VALUES (?, ?, ?, ?, ?, ?, ?)`, rep.Member, rep.Issue, rep.Replaced,
		rep.Reason, rep.By, Format(rep.At), rep.File); err != nil {
		return err
	}
	return tx.Commit()
}

// stationName is what a station may be called: it goes into file names.
var stationName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// CheckStation returns an error unless name is a valid station name:
// letters, digits, '-' and '_', at most 32.
func CheckStation(name string) error {
	if !stationName.MatchString(name) {
		return fmt.Errorf("station name %q: use 1 to 32 letters, digits, '-' or '_'", name)
	}
	return nil
}

// Sealer seals scan records; *codes.VerifyKey and *codes.Issuer are Sealers
// through a small adapter in the caller.
type Sealer func(Scan) string

// RecordScan records a scan of the paper (member, issue) at a station in
// one transaction that reaches the disk before it returns. The first scan
// of a paper is counted; a later one, here or at another process on the
// same register, is kept as evidence and returned with ErrDuplicate and the
// counted scan. A paper that is not the member's current pack is refused.
func (r *Register) RecordScan(ctx context.Context, s Scan, seal Sealer) (Scan, error) {
	if err := CheckStation(s.Station); err != nil {
		return Scan{}, err
	}
	if r.info.Station != "" && s.Station != r.info.Station {
		return Scan{}, fmt.Errorf("this is station %s's copy of the register, not station %s's", r.info.Station, s.Station)
	}
	if r.info.Station == "" {
		if file, _, ok, err := r.stationCopied(s.Station); err != nil {
			return Scan{}, err
		} else if ok {
			return Scan{}, fmt.Errorf("station %s has a copy of the register of its own (%s): scan there, or give this desk a name of its own", s.Station, file)
		}
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return Scan{}, err
	}
	defer tx.Rollback()
	var current bool
	if err := tx.QueryRow(`SELECT current FROM packs WHERE member = ? AND issue = ?`, s.Member, s.Issue).Scan(&current); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Scan{}, ErrNoPack
		}
		return Scan{}, err
	}
	if !current {
		return Scan{}, ErrSuperseded
	}
	if err := tx.QueryRow(`SELECT coalesce(max(station_seq), 0) + 1 FROM scans WHERE station = ?`, s.Station).Scan(&s.StationSeq); err != nil {
		return Scan{}, err
	}
	first, err := countedScan(tx, s.Member, s.Issue)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Scan{}, err
	}
	s.Counted = errors.Is(err, sql.ErrNoRows)
	if !s.Counted && earlier(s, first) {
		// Scanned again, but received earlier (scan -received): the
		// earliest receipt stands as the vote.
		if _, err := tx.Exec(`UPDATE scans SET counted = 0 WHERE id = ?`, first.ID); err != nil {
			return Scan{}, err
		}
		s.Counted = true
	}
	s.Seal = seal(s)
	res, err := tx.Exec(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.Station, s.StationSeq, s.Operator, s.ScannedAt, s.ReceivedAt, s.Member, s.Issue, s.Seal, s.Counted)
	if err != nil {
		return Scan{}, err
	}
	s.ID, _ = res.LastInsertId()
	if err := tx.Commit(); err != nil {
		return Scan{}, err
	}
	if first.ID != 0 {
		return first, ErrDuplicate
	}
	return s, nil
}

type querier interface {
	QueryRow(query string, args ...any) *sql.Row
}

const scanColumns = `id, station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted`

func scanRow(row interface{ Scan(...any) error }) (Scan, error) {
	var s Scan
	err := row.Scan(&s.ID, &s.Station, &s.StationSeq, &s.Operator, &s.ScannedAt, &s.ReceivedAt, &s.Member, &s.Issue, &s.Seal, &s.Counted)
	return s, err
}

func countedScan(q querier, member string, issue uint32) (Scan, error) {
	return scanRow(q.QueryRow(`SELECT `+scanColumns+` FROM scans WHERE member = ? AND issue = ? AND counted = 1`, member, issue))
}

// Scans returns every scan, counted or not, in the order recorded.
func (r *Register) Scans() ([]Scan, error) {
	rows, err := r.db.Query(`SELECT ` + scanColumns + ` FROM scans ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Scan
	for rows.Next() {
		s, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// LastScan returns the latest scan recorded at station, if any.
func (r *Register) LastScan(station string) (Scan, bool, error) {
	s, err := scanRow(r.db.QueryRow(`SELECT `+scanColumns+` FROM scans WHERE station = ? ORDER BY station_seq DESC LIMIT 1`, station))
	if errors.Is(err, sql.ErrNoRows) {
		return Scan{}, false, nil
	}
	return s, err == nil, err
}

// CountScans returns how many scans station has recorded; every
// station's, for "".
func (r *Register) CountScans(station string) (int, error) {
	var n int
	err := r.db.QueryRow(`SELECT count(*) FROM scans WHERE station = ? OR ? = ''`, station, station).Scan(&n)
	return n, err
}

// A ScanError names a scan row that cannot be trusted.
type ScanError struct {
	File       string
	Row        int64
	Station    string
	StationSeq int64
	Err        error
}

func (e *ScanError) Error() string {
	return fmt.Sprintf("%s, scans row %d (station %s, scan %d): %v", e.File, e.Row, e.Station, e.StationSeq, e.Err)
}

func (e *ScanError) Unwrap() error { return e.Err }

// StationCopy writes a copy of the register for a counting station: the
// election, job and packs, without scans, imports or runs, marked as
// station's. The station scans into it offline; ImportScans brings its
// scans back.
func (r *Register) StationCopy(path, station string) error {
	if err := CheckStation(station); err != nil {
		return err
	}
	if r.info.Station != "" {
		return fmt.Errorf("%s is already station %s's copy: make station copies from the main register", r.path, r.info.Station)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	}
	var used int
	if err := r.db.QueryRow(`SELECT (SELECT count(*) FROM scans WHERE station = ?) + (SELECT count(*) FROM imports WHERE station = ?)`,
		station, station).Scan(&used); err != nil {
		return err
	}
	if used > 0 {
		return fmt.Errorf("station %s already has scans in %s: give the new copy a name of its own", station, r.path)
	}
	// The name is the copy's alone from now on: two copies numbering their
	// scans under one name could never both be imported (found in review).
	if _, err := r.db.Exec(stationsTable); err != nil {
		return err
	}
	if file, at, ok, err := r.stationCopied(station); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("a copy for station %s was made already (%s, at %s): each copy needs a name of its own; give this one another name", station, file, at)
	}
	if _, err := r.db.Exec(`INSERT INTO stations (name, file, made_at) VALUES (?, ?, ?)`, station, filepath.Base(path), Format(time.Now())); err != nil {
		return err
	}
	made := false
	defer func() {
		if !made {
			r.db.Exec(`DELETE FROM stations WHERE name = ?`, station)
		}
	}()
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO makes it anew, under this name no one else takes
	if _, err := r.db.Exec(`VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("copying the register to %s: %w", path, err)
	}
	defer os.Remove(tmp)
	defer os.Remove(tmp + "-wal")
	defer os.Remove(tmp + "-shm")
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=foreign_keys(1)&_pragma=synchronous(FULL)")
	if err != nil {
		return err
	}
	_, err = db.Exec(`DELETE FROM scans; DELETE FROM imports; DELETE FROM reconciliations; DELETE FROM stations; UPDATE election SET station = ?;`, station)
	if err == nil {
		_, err = db.Exec("VACUUM")
	}
	if err == nil {
		_, err = db.Exec("PRAGMA journal_mode=DELETE") // see openDB
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		return err
	}
	made = true
	return nil
}

// ImportResult says what an import brought.
type ImportResult struct {
	Station   string
	Scans     int // scans in the station's copy
	New       int // scans not imported before
	NewPapers int // papers counted for the first time
	Repeats   []Scan
	// Superseded are scans of papers replaced after the copy was made.
	Superseded []Scan
}

// ImportScans brings a station copy's scans into this register in one
// transaction. Every scan's seal is checked first: one that does not match
// refuses the whole import, naming its row. A scan imported before is
// skipped, so importing again is harmless. Each paper keeps one counted
// scan, its earliest receipt; the others are kept as evidence.
func (r *Register) ImportScans(from *Register, check func(Scan) error) (*ImportResult, error) {
	fi, ti := from.info, r.info
	switch {
	case r.info.Station != "":
		return nil, fmt.Errorf("%s is station %s's copy: import into the main register", r.path, ti.Station)
	case fi.Station == "":
		return nil, fmt.Errorf("%s is a main register, not a station's copy", from.path)
	case fi.Job != ti.Job || fi.ElectionSHA256 != ti.ElectionSHA256 || fi.KeyID != ti.KeyID:
		return nil, fmt.Errorf("%s is a station copy of job %s (election %s, key %s), not of this register's job %s (election %s, key %s)",
			from.path, fi.Job, fi.Election, fi.KeyID, ti.Job, ti.Election, ti.KeyID)
	}
	// A copy damaged in a crash (a scan killed mid-write, the file copied
	// without its journal) is refused, not imported in part.
	var ok string
	if err := from.db.QueryRow(`PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return nil, fmt.Errorf("%s is damaged (%s): a scan was probably interrupted while it wrote, and the file was copied without its -journal file; copy it again from the station with that file beside it", from.path, cmp.Or(ok, fmt.Sprint(err)))
	}
	scans, err := from.Scans()
	if err != nil {
		return nil, err
	}
	for _, s := range scans {
		if s.Station != fi.Station {
			err = fmt.Errorf("the scan is from station %s, in station %s's copy", s.Station, fi.Station)
		} else {
			err = check(s)
		}
		if err != nil {
			return nil, &ScanError{File: from.path, Row: s.ID, Station: s.Station, StationSeq: s.StationSeq, Err: err}
		}
	}
	// A station numbers its scans 1, 2, …: a gap is a row deleted from the
	// copy, refused now rather than found at every reconcile after (found
	// in review).
	seqs := make([]int64, len(scans))
	for i, s := range scans {
		seqs[i] = s.StationSeq
	}
	slices.Sort(seqs)
	for i, q := range seqs {
		if q != int64(i+1) {
			prev := int64(0)
			if i > 0 {
				prev = seqs[i-1]
			}
			return nil, &ScanError{File: from.path, Station: fi.Station, StationSeq: int64(i + 1),
				Err: fmt.Errorf("the station's scan numbers jump from %d to %d: scans were deleted from this copy; import the station's own copy, as it left the station", prev, q)}
		}
	}
	sum, err := fileSHA256(from.path)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Station: fi.Station, Scans: len(scans)}
	tx, err := r.db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	lookup, err := tx.Prepare(`SELECT seal FROM scans WHERE station = ? AND station_seq = ?`)
	if err != nil {
		return nil, err
	}
	defer lookup.Close()
	counted, err := tx.Prepare(`SELECT ` + scanColumns + ` FROM scans WHERE member = ? AND issue = ? AND counted = 1`)
	if err != nil {
		return nil, err
	}
	defer counted.Close()
	insert, err := tx.Prepare(`INSERT INTO scans (station, station_seq, operator, scanned_at, received_at, member, issue, seal, counted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insert.Close()
	isCurrent, err := tx.Prepare(`SELECT current FROM packs WHERE member = ? AND issue = ?`)
	if err != nil {
		return nil, err
	}
	defer isCurrent.Close()
	for _, s := range scans {
		var seal string
		err := lookup.QueryRow(s.Station, s.StationSeq).Scan(&seal)
		if err == nil {
			if seal != s.Seal {
				return nil, &ScanError{File: from.path, Row: s.ID, Station: s.Station, StationSeq: s.StationSeq,
					Err: errors.New("the register already holds a different scan under this station and number: two stations used one name")}
			}
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		res.New++
		var current bool
		if err := isCurrent.QueryRow(s.Member, s.Issue).Scan(&current); err != nil {
			return nil, &ScanError{File: from.path, Row: s.ID, Station: s.Station, StationSeq: s.StationSeq, Err: fmt.Errorf("member %s issue %d: %w", s.Member, s.Issue, ErrNoPack)}
		}
		first, err := scanRow(counted.QueryRow(s.Member, s.Issue))
		switch {
		case !current:
			// A replacement was issued after the copy was made: the paper
			// is kept as evidence and never counts.
			s.Counted = false
			res.Superseded = append(res.Superseded, s)
		case errors.Is(err, sql.ErrNoRows):
			s.Counted = true
			res.NewPapers++
		case err != nil:
			return nil, err
		case earlier(s, first):
			if _, err := tx.Exec(`UPDATE scans SET counted = 0 WHERE id = ?`, first.ID); err != nil {
				return nil, err
			}
			first.Counted = false
			res.Repeats = append(res.Repeats, first)
			s.Counted = true
		default:
			s.Counted = false
			res.Repeats = append(res.Repeats, s)
		}
		if _, err := insert.Exec(s.Station, s.StationSeq, s.Operator, s.ScannedAt, s.ReceivedAt, s.Member, s.Issue, s.Seal, s.Counted); err != nil {
			return nil, &ScanError{File: from.path, Row: s.ID, Station: s.Station, StationSeq: s.StationSeq, Err: err}
		}
	}
	if _, err := tx.Exec(`INSERT INTO imports (station, file, sha256, imported_at, scans, new_scans, new_papers) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		fi.Station, filepath.Base(from.path), sum, Format(time.Now()), res.Scans, res.New, res.NewPapers); err != nil {
		return nil, err
	}
	return res, tx.Commit()
}

// earlier says whether a was received (then scanned) before b.
func earlier(a, b Scan) bool {
	if a.ReceivedAt != b.ReceivedAt {
		return a.ReceivedAt < b.ReceivedAt
	}
	return a.ScannedAt < b.ScannedAt
}

func fileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// RecordRun records a reconciliation run.
func (r *Register) RecordRun(run Run) error {
	_, err := r.db.Exec(`INSERT INTO reconciliations (run_at, policy, override_reason, inputs, received, accepted, rejected, disqualified, out)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, Format(run.At), run.Policy, run.OverrideReason, strings.Join(run.Inputs, "; "),
		run.Received, run.Accepted, run.Rejected, run.Disqualified, run.Out)
	return err
}

// Papers checks every scan and returns, for each paper scanned, the scan
// that stands as its postal vote: its earliest receipt. It trusts nothing
// that the seals do not cover: each scan's seal is checked with check; each
// station's scan numbers must run 1, 2, … without a gap, and hold at least
// the scans imported from it; and the counted flags must mark exactly the
// earliest receipt of each current paper. Any of these failing means the
// register was edited, and it is returned as a *ScanError.
func (r *Register) Papers(check func(Scan) error) ([]Scan, error) {
	// What each station's imports brought, read before the scans: an
	// import adds its scans and its record in one transaction, so scans
	// read after can only be more (found in review: read the other way
	// round, an import between the two reads looked like deleted rows).
	imported := map[string]int{}
	rows, err := r.db.Query(`SELECT station, max(scans) FROM imports GROUP BY station`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, err
		}
		imported[st] = n
	}
	rows.Close()
	scans, err := r.Scans()
	if err != nil {
		return nil, err
	}
	bad := func(s Scan, err error) error {
		return &ScanError{File: r.path, Row: s.ID, Station: s.Station, StationSeq: s.StationSeq, Err: err}
	}
	type paper struct {
		member string
		issue  uint32
	}
	byStation := map[string][]Scan{}
	earliest := map[paper]Scan{}
	var order []paper
	for _, s := range scans {
		if err := check(s); err != nil {
			return nil, bad(s, err)
		}
		byStation[s.Station] = append(byStation[s.Station], s)
		p := paper{s.Member, s.Issue}
		e, ok := earliest[p]
		if !ok {
			order = append(order, p)
		}
		if !ok || earlier(s, e) || (!earlier(e, s) && s.ID < e.ID) {
			earliest[p] = s
		}
	}
	for st, n := range imported {
		if len(byStation[st]) < n {
			return nil, &ScanError{File: r.path, Station: st, Err: fmt.Errorf("station %s's copy brought %d scans, but the register holds %d of them: rows were deleted", st, n, len(byStation[st]))}
		}
	}
	for _, list := range byStation {
		slices.SortFunc(list, func(a, b Scan) int { return cmp.Compare(a.StationSeq, b.StationSeq) })
		for i, s := range list {
			if s.StationSeq != int64(i+1) {
				return nil, bad(s, fmt.Errorf("station %s's scans jump from number %d to %d: rows were deleted", s.Station, i, s.StationSeq))
			}
		}
	}
	current := map[paper]bool{}
	prow, err := r.db.Query(`SELECT member, issue FROM packs WHERE current = 1`)
	if err != nil {
		return nil, err
	}
	for prow.Next() {
		var p paper
		if err := prow.Scan(&p.member, &p.issue); err != nil {
			prow.Close()
			return nil, err
		}
		current[p] = true
	}
	prow.Close()
	for _, s := range scans {
		p := paper{s.Member, s.Issue}
		want := current[p] && earliest[p].ID == s.ID
		if s.Counted != want {
			return nil, bad(s, fmt.Errorf("the scan is marked %s, but the paper's earliest receipt is row %d: the register was edited", map[bool]string{true: "counted", false: "not counted"}[s.Counted], earliest[p].ID))
		}
	}
	out := make([]Scan, 0, len(order))
	for _, p := range order {
		out = append(out, earliest[p])
	}
	return out, nil
}
