package election

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// positions says where in the file each setting is, from the parsed YAML:
// the line of each setting's key (or, for a list item, of the item), and
// the setting each line belongs to, for the decoder's errors, which give
// only a line.
type positions struct {
	line map[string]int // "candidates[2].name" → its line
	at   map[int]string // line → the setting written there
}

func findPositions(doc *yaml.Node) *positions {
	p := &positions{line: map[string]int{}, at: map[int]string{}}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		p.walk(doc.Content[0], "")
	}
	return p
}

func (p *positions) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := k.Value
			if path != "" {
				sub = path + "." + k.Value
			}
			if _, ok := p.line[sub]; !ok { // a key given twice: the first
				p.line[sub] = k.Line
			}
			p.mark(k.Line, sub)
			if v.Line != k.Line {
				p.mark(v.Line, sub) // a value on the lines below its key
			}
			p.walk(v, sub)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			sub := path + "[" + strconv.Itoa(i+1) + "]"
			p.line[sub] = item.Line
			p.walk(item, sub)
		}
	}
}

// mark records that setting is written on line. Where several are (a list
// written on one line, [{name: A}, {name: B}]), the line belongs to the
// deepest setting that holds them all.
func (p *positions) mark(line int, setting string) {
	old, ok := p.at[line]
	switch {
	case !ok || within(setting, old):
		p.at[line] = setting
	case within(old, setting):
	default:
		p.at[line] = commonSetting(old, setting)
	}
}

// within reports whether setting is inner or inside it: "fonts.bold" is
// within "fonts", "candidates[2].name" within "candidates[2]".
func within(setting, outer string) bool {
	if outer == "" || setting == outer {
		return true
	}
	rest, ok := strings.CutPrefix(setting, outer)
	return ok && (rest[0] == '.' || rest[0] == '[')
}

// commonSetting is the deepest setting that both a and b are within.
func commonSetting(a, b string) string {
	for a != "" && !within(b, a) {
		a = a[:max(strings.LastIndexAny(a, ".["), 0)]
	}
	return a
}
