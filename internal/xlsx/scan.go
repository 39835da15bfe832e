package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a small XML tokenizer, enough for the parts of an xlsx
// package: start and end tags with their local names (namespace prefixes
// dropped), attributes, and text with the predefined entities and
// character references decoded. Comments, processing instructions and a
// document type are skipped; CDATA sections are text. It does not check
// that tags nest properly, nor that names are valid.
type xmlScanner struct {
	r        *bufio.Reader
	err      error
	maxToken int // the longest tag or text, in bytes

	kind        tokKind
	local       []byte // the tag's local name; valid until the next read
	attrs       []byte // a start tag's attributes, raw; valid until the next read
	selfClosing bool
	held        bool // next is to return the current tag again

	scratch []byte // a token longer than the reader's buffer
	long    []byte // a tag read on past a '>' (in an attribute value, a comment, …)
	attrVal []byte // an attribute value with entities decoded
}

type tokKind uint8

const (
	tokEOF   tokKind = iota // the end of the input, or an error
	tokStart                // <name …> or <name …/>
	tokEnd                  // </name>
	tokOther                // a comment, processing instruction, document type or CDATA
)

// newXMLScanner reads r through a buffer of size bytes, refusing tags and
// texts longer than maxToken bytes.
func newXMLScanner(r io.Reader, size, maxToken int) *xmlScanner {
	if size <= 0 {
		size = 4096
	}
	return &xmlScanner{r: bufio.NewReaderSize(r, size), maxToken: maxToken}
}

func (s *xmlScanner) fail(err error) {
	if s.err == nil {
		s.err = err
	}
	s.kind, s.held = tokEOF, false
}

// readUntil reads through the next delim and returns what it read, which
// may be the reader's own buffer.
func (s *xmlScanner) readUntil(delim byte) ([]byte, error) {
	b, err := s.r.ReadSlice(delim)
	if err != bufio.ErrBufferFull {
		return b, err
	}
	s.scratch = append(s.scratch[:0], b...)
	for {
		b, err = s.r.ReadSlice(delim)
		s.scratch = append(s.scratch, b...)
		if len(s.scratch) > s.maxToken {
			return nil, limitErrorf("an XML tag or text is longer than %s bytes", count(s.maxToken))
		}
		if err != bufio.ErrBufferFull {
			return s.scratch, err
		}
	}
}

// consume reads lit if the input goes on with it.
func (s *xmlScanner) consume(lit string) bool {
	b, _ := s.r.Peek(len(lit))
	if string(b) != lit {
		return false
	}
	s.r.Discard(len(lit))
	return true
}

// next advances to the next tag, skipping any text before it (readText
// collects text), or to tokEOF at the end of the input or on an error.
func (s *xmlScanner) next() {
	if s.held {
		s.held = false
		return
	}
	if s.err != nil {
		s.kind = tokEOF
		return
	}
	for {
		_, err := s.r.ReadSlice('<')
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			if err != io.EOF {
				s.fail(err)
			}
			s.kind = tokEOF
			return
		}
	}
	s.tag()
}

// tag reads the tag after a '<'.
func (s *xmlScanner) tag() {
	t, err := s.readUntil('>')
	if err != nil {
		s.fail(s.eofErr(err, "inside a tag"))
		return
	}
	t = t[:len(t)-1]
	s.selfClosing, s.attrs, s.local = false, nil, nil
	if len(t) == 0 {
		s.fail(errors.New("an empty tag <>"))
		return
	}
	switch t[0] {
	case '/':
		s.kind = tokEnd
		end := len(t)
		for end > 1 && isSpace(t[end-1]) {
			end--
		}
		s.local = localName(t[1:end])
		return
	case '?':
		s.kind = tokOther
		for t[len(t)-1] != '?' {
			if t, err = s.extend(t); err != nil {
				s.fail(s.eofErr(err, "inside a processing instruction"))
				return
			}
		}
		return
	case '!':
		s.kind = tokOther
		s.other(t)
		return
	}
	for quoteOpen(t) {
		if t, err = s.extend(t); err != nil {
			s.fail(s.eofErr(err, "inside a tag"))
			return
		}
	}
	s.kind = tokStart
	if t[len(t)-1] == '/' {
		s.selfClosing, t = true, t[:len(t)-1]
	}
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	s.local, s.attrs = localName(t[:i]), t[i:]
	if len(s.local) == 0 {
		s.fail(errors.New("a tag without a name"))
	}
}

// other reads on to the end of a comment, CDATA section or document type
// declaration whose first '>' ended t, and returns it whole (from the '!'
// to before the last '>').
func (s *xmlScanner) other(t []byte) []byte {
	var (
		done  func([]byte) bool
		where string
	)
	switch {
	case bytes.HasPrefix(t, []byte("!--")):
		done = func(t []byte) bool { return len(t) >= 5 && bytes.HasSuffix(t, []byte("--")) }
		where = "inside a comment"
	case bytes.HasPrefix(t, []byte("![CDATA[")):
		done = func(t []byte) bool { return len(t) >= 10 && bytes.HasSuffix(t, []byte("]]")) }
		where = "inside a CDATA section"
	default: // <!DOCTYPE …>, perhaps with an internal subset in brackets
		done = func(t []byte) bool { return bytes.Count(t, []byte("[")) <= bytes.Count(t, []byte("]")) }
		where = "inside a document type"
	}
	for !done(t) {
		var err error
		if t, err = s.extend(t); err != nil {
			s.fail(s.eofErr(err, where))
			return nil
		}
	}
	return t
}

// extend appends to t the '>' that ended it and the input up to the next
// '>', which it reads.
func (s *xmlScanner) extend(t []byte) ([]byte, error) {
	s.long = append(s.long[:0], t...) // t may be s.long itself
	s.long = append(s.long, '>')
	more, err := s.readUntil('>')
	if err != nil {
		return nil, err
	}
	s.long = append(s.long, more[:len(more)-1]...)
	if len(s.long) > s.maxToken {
		return nil, limitErrorf("an XML tag is longer than %s bytes", count(s.maxToken))
	}
	return s.long, nil
}

func (s *xmlScanner) eofErr(err error, where string) error {
	if err == io.EOF {
		return fmt.Errorf("the XML ends %s", where)
	}
	return err
}

// text appends to dst the decoded text up to the next tag, reading the
// '<' that starts the tag. CDATA sections are part of the text; comments
// are not.
func (s *xmlScanner) text(dst []byte) ([]byte, error) {
	for {
		raw, err := s.readUntil('<')
		if err != nil {
			s.fail(s.eofErr(err, "inside an element's text"))
			return dst, s.err
		}
		if dst, err = appendUnescaped(dst, raw[:len(raw)-1]); err != nil {
			s.fail(err)
			return dst, err
		}
		if p, _ := s.r.Peek(1); len(p) == 0 || p[0] != '!' {
			break
		}
		t, err := s.readUntil('>')
		if err != nil {
			s.fail(s.eofErr(err, "inside a tag"))
			return dst, s.err
		}
		sec := s.other(t[:len(t)-1])
		if s.err != nil {
			return dst, s.err
		}
		if bytes.HasPrefix(sec, []byte("![CDATA[")) {
			dst = append(dst, sec[8:len(sec)-2]...)
		}
	}
	if len(dst) > s.maxToken {
		err := limitErrorf("a text is longer than %s bytes", count(s.maxToken))
		s.fail(err)
		return dst, err
	}
	return dst, nil
}

// readText appends to dst the decoded text of the element whose start tag
// was just read, up to the next tag (its end tag, unless the element holds
// others), which next returns.
func (s *xmlScanner) readText(dst []byte) ([]byte, error) {
	dst, err := s.text(dst)
	if err != nil {
		return dst, err
	}
	s.tag()
	s.held = s.err == nil
	return dst, s.err
}

// nextAttr parses the first attribute in a (the rest of a start tag): its
// local name and value, entities decoded, and what follows it. The name is
// nil when there are no more.
func (s *xmlScanner) nextAttr(a []byte) (name, val, rest []byte, err error) {
	for len(a) > 0 && isSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 {
		return nil, nil, nil, nil
	}
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, fmt.Errorf("a malformed attribute in <%s>", s.local)
	}
	name = a[:eq]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	a = a[eq+1:]
	for len(a) > 0 && isSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
		return nil, nil, nil, fmt.Errorf("an unquoted attribute value in <%s>", s.local)
	}
	end := bytes.IndexByte(a[1:], a[0])
	if end < 0 {
		return nil, nil, nil, fmt.Errorf("an unterminated attribute value in <%s>", s.local)
	}
	val, rest = a[1:1+end], a[end+2:]
	if bytes.IndexByte(val, '&') >= 0 || bytes.IndexByte(val, '\r') >= 0 {
		if s.attrVal, err = appendUnescaped(s.attrVal[:0], val); err != nil {
			return nil, nil, nil, err
		}
		val = s.attrVal
	}
	return localName(name), val, rest, nil
}

// eachAttr calls fn with the local name and decoded value of each of the
// current start tag's attributes.
func (s *xmlScanner) eachAttr(fn func(name, val []byte)) error {
	for a := s.attrs; ; {
		name, val, rest, err := s.nextAttr(a)
		if err != nil || name == nil {
			return err
		}
		fn(name, val)
		a = rest
	}
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quoteOpen reports whether t ends inside a quoted attribute value, so
// that the '>' after it is part of the value.
func quoteOpen(t []byte) bool {
	if bytes.IndexByte(t, '\'') < 0 {
		return bytes.Count(t, []byte{'"'})%2 == 1
	}
	var q byte
	for _, c := range t {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// appendUnescaped appends s to dst with XML's predefined entities and
// character references decoded, and line ends made "\n".
func appendUnescaped(dst, s []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(s, '&')
		if cr := bytes.IndexByte(s, '\r'); cr >= 0 && (i < 0 || cr < i) {
			i = cr
		}
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		if s[i] == '\r' {
			dst = append(dst, '\n')
			s = s[i+1:]
			if len(s) > 0 && s[0] == '\n' {
				s = s[1:]
			}
			continue
		}
		s = s[i:]
		semi := bytes.IndexByte(s, ';')
		if semi < 0 || semi > 10 {
			return dst, fmt.Errorf("a stray & in the XML text %q", s[:min(len(s), 12)])
		}
		ent := s[1:semi]
		switch string(ent) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var (
				n   uint64
				err error
			)
			switch {
			case len(ent) > 2 && ent[0] == '#' && ent[1] == 'x':
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			default:
				return dst, fmt.Errorf("an unknown XML entity &%s;", ent)
			}
			if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
				return dst, fmt.Errorf("an invalid XML character reference &%s;", ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
		s = s[semi+1:]
	}
}
