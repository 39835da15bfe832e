package election

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// Bounds on the wording's texts. text/template cannot be cancelled, so
// rather than run a text on a goroutine with a deadline (and leave it
// running when the deadline passes), every text is checked when the
// election file is read so that running it is bounded, and the output is
// capped when it runs:
//
//   - Loops: a text may range only over a number written in it, at most
//     MaxRange, or over .Candidates (at most MaxCandidates); the work a
//     text does, each of its parts counted once per time round the loops
//     that hold it, is at most MaxSteps. ({{range 1000000000}}{{end}}
//     prints nothing, so an output cap alone would not stop it.)
//   - No {{define}}, {{block}} or {{template}}: a template that calls
//     itself could loop without range.
//   - print, printf, println, html, js and urlquery refuse to make a
//     string longer than MaxTextBytes (checked before printf formats, so a
//     width of a million is refused, not made).
//   - A text that writes more than MaxTextBytes stops with an error.
//
// A letter holds a few KB of text, so none of these limits a real wording.
const (
	MaxRange     = 100
	MaxSteps     = 10_000
	MaxTextBytes = 64 << 10
)

// ErrTextTooLong is the error of a text that writes more than MaxTextBytes.
var ErrTextTooLong = fmt.Errorf("makes more than %d KB of text, far more than a letter holds", MaxTextBytes>>10)

// Execute runs t, one of the election's texts, for f into w, stopping
// with ErrTextTooLong after MaxTextBytes.
func Execute(w io.Writer, t *template.Template, f Fields) error {
	return t.Execute(&cappedWriter{w: w, left: MaxTextBytes}, f)
}

type cappedWriter struct {
	w    io.Writer
	left int
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if len(p) > c.left {
		return 0, ErrTextTooLong
	}
	c.left -= len(p)
	return c.w.Write(p)
}

// parseText parses one text of the wording and checks that running it is
// bounded.
func parseText(name, text string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(boundedFuncs).Parse(text)
	if err != nil {
		return nil, err
	}
	for _, d := range t.Templates() {
		if d != t {
			return nil, fmt.Errorf("%s: defines template %q: a text is one template, with no {{define}} or {{block}}", name, d.Name())
		}
	}
	b := &bounds{tree: t.Tree}
	if t.Tree != nil {
		b.walk(t.Tree.Root, 1)
	}
	if b.err != nil {
		return nil, b.err
	}
	if b.steps > MaxSteps {
		return nil, fmt.Errorf("%s: its loops make it do more than %d steps of work (each part of the text counted once per time round the loops that hold it): loop fewer times", name, MaxSteps)
	}
	return t, nil
}

// bounds walks a text's parse tree, counting the work it does and
// refusing what could run without bound.
type bounds struct {
	tree  *parse.Tree
	steps int // each node once per time round its loops, up to just past MaxSteps
	err   error
}

func (b *bounds) fail(n parse.Node, format string, args ...any) {
	if b.err == nil {
		loc, _ := b.tree.ErrorContext(n)
		b.err = fmt.Errorf("%s: %s", loc, fmt.Sprintf(format, args...))
	}
}

// walk counts n, run times times, and what it holds.
func (b *bounds) walk(n parse.Node, times int) {
	if b.err != nil || b.steps > MaxSteps || n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	b.steps += times
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			b.walk(c, times)
		}
	case *parse.ActionNode:
		b.walk(n.Pipe, times)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			b.walk(c, times)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			b.walk(a, times)
		}
	case *parse.ChainNode:
		b.walk(n.Node, times)
	case *parse.IfNode:
		b.branch(&n.BranchNode, times, times)
	case *parse.WithNode:
		b.branch(&n.BranchNode, times, times)
	case *parse.RangeNode:
		rounds := b.rounds(n)
		b.steps += times * rounds // going round, even with nothing inside
		b.branch(&n.BranchNode, times*rounds, times)
	case *parse.TemplateNode:
		b.fail(n, "{{template %q}}: a text is one template, and calls no other", n.Name)
	}
}

func (b *bounds) branch(n *parse.BranchNode, listTimes, times int) {
	b.walk(n.Pipe, times)
	b.walk(n.List, listTimes)
	b.walk(n.ElseList, times)
}

// rounds is the most times range n goes round, refusing a range over
// anything but a number written in the text (at most MaxRange) or
// .Candidates.
func (b *bounds) rounds(n *parse.RangeNode) int {
	if len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
		switch a := n.Pipe.Cmds[0].Args[0].(type) {
		case *parse.NumberNode:
			if a.IsInt && a.Int64 <= MaxRange {
				return int(max(a.Int64, 0))
			}
			if a.IsInt {
				b.fail(n, "{{range %s}} goes round %s times, and a text may go round at most %d", a.Text, a.Text, MaxRange)
				return 0
			}
		case *parse.FieldNode:
			if strings.Join(a.Ident, ".") == "Candidates" {
				return MaxCandidates
			}
		case *parse.VariableNode:
			if strings.Join(a.Ident, ".") == "$.Candidates" {
				return MaxCandidates
			}
		}
	}
	b.fail(n, "{{range %s}}: a text may range only over a number written in it (at most %d) or .Candidates", n.Pipe, MaxRange)
	return 0
}

// boundedFuncs replace text/template's functions that make strings with
// ones that refuse to make a string longer than MaxTextBytes.
var boundedFuncs = template.FuncMap{
	"print":    func(args ...any) (string, error) { return capped(args, fmt.Sprint) },
	"println":  func(args ...any) (string, error) { return capped(args, fmt.Sprintln) },
	"html":     func(args ...any) (string, error) { return capped(args, template.HTMLEscaper) },
	"js":       func(args ...any) (string, error) { return capped(args, template.JSEscaper) },
	"urlquery": func(args ...any) (string, error) { return capped(args, template.URLQueryEscaper) },
	"printf":   printf,
}

var errStringTooLong = fmt.Errorf("would make a string of more than %d KB", MaxTextBytes>>10)

// capped runs f on args when what it may make fits: the text of the
// arguments, escaped at most 6 bytes for one (js: \u0041).
func capped(args []any, f func(...any) string) (string, error) {
	if 6*sizeOf(args) > MaxTextBytes {
		return "", errStringTooLong
	}
	return f(args...), nil
}

// sizeOf is how long the arguments are as text, and a few bytes more each.
func sizeOf(args []any) int {
	n := 0
	for _, a := range args {
		switch a := a.(type) {
		case string:
			n += len(a) + 1
		default:
			n += len(fmt.Sprint(a)) + 1 // numbers, booleans, the fields: short
		}
	}
	return n
}

// printf is fmt.Sprintf, refusing first a format whose output could be
// longer than MaxTextBytes: each verb may print its width or precision,
// or any argument six times over (% #x), and a * width is refused.
func printf(format string, args ...any) (string, error) {
	most := 0
	for _, a := range args {
		most = max(most, sizeOf([]any{a}))
	}
	bound := len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		widest := 0
		for i++; i < len(format); i++ {
			c := format[i]
			if c == '*' {
				return "", errors.New("a * width or precision is not allowed in the wording: write the number")
			}
			if c >= '0' && c <= '9' {
				n := 0
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9' && n <= MaxTextBytes; i++ {
					n = n*10 + int(format[i]-'0')
				}
				i--
				widest = max(widest, n)
				continue
			}
			if !strings.ContainsRune("+-# .[]", rune(c)) {
				break // the verb
			}
		}
		bound += widest + 6*most + 8
		if bound > MaxTextBytes {
			return "", errStringTooLong
		}
	}
	return fmt.Sprintf(format, args...), nil
}
