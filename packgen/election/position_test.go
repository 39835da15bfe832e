package election

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestPositions(t *testing.T) {
	src := `id: e1
title:
  - a list
candidates: [{name: A}, {name: B}]
more:
  - name: C
    description: c
fonts:
  bold: x.ttf
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	p := findPositions(&doc)
	for setting, want := range map[string]int{"id": 1, "title": 2, "candidates": 4, "candidates[2]": 4, "candidates[2].name": 4,
		"more[1]": 6, "more[1].description": 7, "fonts.bold": 9} {
		if got := p.line[setting]; got != want {
			t.Errorf("line of %s = %d, want %d", setting, got, want)
		}
	}
	for line, want := range map[int]string{1: "id", 2: "title", 3: "title", 4: "candidates", 6: "more[1].name", 7: "more[1].description", 8: "fonts", 9: "fonts.bold"} {
		if got := p.at[line]; got != want {
			t.Errorf("setting at line %d = %q, want %q", line, got, want)
		}
	}
	for _, c := range []struct{ a, b, want string }{
		{"candidates[1].name", "candidates[2].name", "candidates"},
		{"fonts.bold", "fonts.mono", "fonts"},
		{"a", "b", ""},
		{"candidates[1].name", "candidates[1].description", "candidates[1]"},
	} {
		if got := commonSetting(c.a, c.b); got != c.want {
			t.Errorf("commonSetting(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}
