package main

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestGoModHasNoReplace keeps `go install …/cmd/ballotpack@VERSION` working:
// the go command refuses to install a module whose go.mod has a replace
// directive. The patched PDF library lives in internal/fpdf instead.
func TestGoModHasNoReplace(t *testing.T) {
	f, err := os.Open("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if fields := strings.Fields(sc.Text()); len(fields) > 0 && fields[0] == "replace" {
			t.Errorf("go.mod:%d: %s: a replace directive stops go install of this module", n, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
