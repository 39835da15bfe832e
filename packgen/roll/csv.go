package roll

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// csvSource reads CSV as Excel saves it: UTF-8 with or without a byte order
// mark, or Windows-1252; comma, semicolon or tab separated. Rows are
// numbered as a spreadsheet shows the file: a blank line is a row, and a
// record whose cell holds a line break is still one row.
type csvSource struct {
	r    *csv.Reader
	data []byte
	n    int
	row  []string
	rerr error
	err  error

	end   int64 // offset just past the last record read
	lines int   // newlines in data[:end]
}

var delimiters = []rune{',', ';', '\t'}

func openCSV(path string, res *Result) (source, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &ReadError{Path: path, Msg: err.Error(), Err: err}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, &ReadError{Path: path, Err: ErrNotSpreadsheet,
			Msg: "this is not a spreadsheet: it is neither an xlsx workbook nor a CSV text file (it holds binary data)"}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, &ReadError{Path: path, Msg: "the text is neither UTF-8 nor Windows-1252", Err: ErrNotSpreadsheet}
		}
		b = dec
		res.Notes = append(res.Notes, "the CSV file is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\" on Windows); save as \"CSV UTF-8\" to be sure every letter is right")
	}
	delim := sniffDelimiter(b)
	if delim != ',' {
		res.Notes = append(res.Notes, fmt.Sprintf("columns are separated by %s", map[rune]string{';': "semicolons", '\t': "tabs"}[delim]))
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = delim
	r.FieldsPerRecord = -1
	return &csvSource{r: r, data: b}, nil
}

// sniffDelimiter picks the delimiter under which the top of the file has a
// recognisable header row, else the one that splits the first lines most
// consistently into several fields.
func sniffDelimiter(b []byte) rune {
	top := b
	for i, lines := 0, 0; i < len(b); i++ {
		if b[i] == '\n' {
			if lines++; lines == headerSearchRows {
				top = b[:i+1]
				break
			}
		}
	}
	best, bestScore := ',', -1
	for _, d := range delimiters {
		r := csv.NewReader(bytes.NewReader(top))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = d, -1, true
		score := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil && rec == nil {
				break
			}
			if m, n := matchHeader(rec, nil, nil); isHeader(m, n) {
				return d
			}
			if len(rec) > 1 {
				score += len(rec)
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func (s *csvSource) Next() bool {
	if s.err != nil {
		return false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		return false
	}
	var pe *csv.ParseError
	var start int
	switch {
	case errors.As(err, &pe) && pe.Line > pe.StartLine:
		// An unbalanced quote swallowed the lines after it: reading on would
		// lose them without a word, so stop here and say where.
		s.err = fmt.Errorf("an unbalanced quote mark on line %d makes lines %d to %d read as one cell (%v): fix the quotes and try again", pe.StartLine, pe.StartLine, pe.Line, pe.Err)
		return false
	case errors.As(err, &pe):
		start, s.row, s.rerr = pe.StartLine, rec, pe.Err
	case err != nil:
		s.err = err
		return false
	default:
		start, _ = s.r.FieldPos(0)
		s.row, s.rerr = rec, nil
	}
	// Lines between the last record's end and this one's start were blank.
	s.n += 1 + max(0, start-(s.lines+1))
	off := s.r.InputOffset()
	s.lines += bytes.Count(s.data[s.end:off], []byte("\n"))
	s.end = off
	return true
}

func (s *csvSource) Row() (int, []string, []cellKind, error) { return s.n, s.row, nil, s.rerr }
func (s *csvSource) Err() error                              { return s.err }
func (s *csvSource) Close() error                            { return nil }
