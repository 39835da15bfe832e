// Package election reads the election file: the election's ID and title,
// how to read its roll, and who may vote.
package election

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/packgen/roll"
	"github.com/ballotpack/ballotpack/templates"
)

// An Election is a checked election file.
type Election struct {
	Source string // the file it came from, or "default election" for the embedded one
	ID     string
	Title  string
	// Columns maps fields to roll column headings the reader would not
	// recognise by itself.
	Columns          map[roll.Field]string
	JoinedBefore     time.Time // zero: no join-date rule
	ExcludedStatuses []string
}

// file is the YAML layout of an election file.
type file struct {
	ID          string            `yaml:"id"`
	Title       string            `yaml:"title"`
	Columns     map[string]string `yaml:"columns"`
	Eligibility struct {
		JoinedBefore     string   `yaml:"joined_before"`
		ExcludedStatuses []string `yaml:"excluded_statuses"`
	} `yaml:"eligibility"`
}

// An Error says what is wrong with an election file, naming the setting
// and, where known, the line.
type Error struct {
	Source  string
	Line    int
	Setting string
	Msg     string
}

func (e *Error) Error() string {
	s := e.Source
	if e.Line > 0 {
		s += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Setting != "" {
		s += fmt.Sprintf(", %s", e.Setting)
	}
	return s + ": " + e.Msg
}

// Default returns the embedded default election.
func Default() *Election {
	b, err := templates.FS.ReadFile(templates.DefaultElection)
	if err != nil {
		panic(err)
	}
	e, err := Parse("default election", b)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return e
}

// Load reads and checks the election file at path.
func Load(path string) (*Election, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}

var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type`)

// Parse checks an election file's contents; source names it in errors.
func Parse(source string, b []byte) (*Election, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Source: source, Msg: "the file is empty"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg := te.Errors[0]
			if m := unknownField.FindStringSubmatch(msg); m != nil {
				var line int
				fmt.Sscan(m[1], &line)
				return nil, &Error{Source: source, Line: line, Setting: m[2], Msg: "unknown setting (check its spelling and indentation against 'ballotpack init')"}
			}
			return nil, &Error{Source: source, Msg: msg}
		}
		return nil, &Error{Source: source, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	e := &Election{Source: source, ID: f.ID, Title: f.Title, ExcludedStatuses: f.Eligibility.ExcludedStatuses}
	if f.ID == "" {
		return nil, &Error{Source: source, Setting: "id", Msg: "missing: every election needs an ID, bound into its codes"}
	}
	if err := codes.CheckElectionID(f.ID); err != nil {
		return nil, &Error{Source: source, Setting: "id", Msg: err.Error()}
	}
	if f.Title == "" {
		return nil, &Error{Source: source, Setting: "title", Msg: "missing: the title goes on every letter and ballot paper"}
	}
	if len(f.Columns) > 0 {
		e.Columns = map[roll.Field]string{}
		for k, v := range f.Columns {
			field, err := roll.ParseField(k)
			if err != nil {
				return nil, &Error{Source: source, Setting: "columns." + k, Msg: err.Error()}
			}
			if strings.TrimSpace(v) == "" {
				return nil, &Error{Source: source, Setting: "columns." + k, Msg: "the column heading is empty"}
			}
			e.Columns[field] = v
		}
	}
	if s := f.Eligibility.JoinedBefore; s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, &Error{Source: source, Setting: "eligibility.joined_before", Msg: fmt.Sprintf("%q is not a date written YYYY-MM-DD", s)}
		}
		e.JoinedBefore = t
	}
	for _, s := range e.ExcludedStatuses {
		if strings.TrimSpace(s) == "" {
			return nil, &Error{Source: source, Setting: "eligibility.excluded_statuses", Msg: "a status is empty"}
		}
	}
	return e, nil
}

// RollOptions are the roll reader's options this election asks for.
func (e *Election) RollOptions() roll.Options {
	return roll.Options{Columns: e.Columns, JoinedBefore: e.JoinedBefore, ExcludedStatuses: e.ExcludedStatuses}
}
