package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
)

func TestBuildVersion(t *testing.T) {
	rev := "0123abcdef0123abcdef0123abcdef0123abcdef"
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"release", debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"pseudo-version", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203114638-0123abcdef01+dirty"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}},
			"v0.0.0-20261203114638-0123abcdef01+dirty"},
		{"go test", debug.BuildInfo{}, "(devel)"},
		{"devel, no vcs", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{"devel, clean checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "false"}}},
			"(devel) rev 0123abcdef01"},
		{"devel, dirty checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}, {Key: "vcs.revision", Value: rev}}},
			"(devel) rev 0123abcdef01 dirty"},
		{"short revision", debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}, "(devel) rev abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := buildVersion(&tc.bi); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersionEverywhere checks that 'ballotpack version', job.json and the
// register name the same tool, and that under go test it is "(devel)", on
// which the job IDs in the golden files depend.
func TestVersionEverywhere(t *testing.T) {
	dir := t.TempDir()
	generate(t, sampleRoll(t), testKey(t), dir)
	stdout, _, err := runCmd(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(stdout, "\n")
	if want != "ballotpack (devel)" {
		t.Errorf("ballotpack version under go test: got %q, want %q", want, "ballotpack (devel)")
	}
	for _, args := range [][]string{{"-version"}, {"--version"}} {
		if got, _, err := runCmd(t, args...); err != nil || got != stdout {
			t.Errorf("ballotpack %s: got %q, %v, want %q", args[0], got, err, stdout)
		}
	}
	var man packgen.Manifest
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(dir, packgen.JobFile))), &man); err != nil {
		t.Fatal(err)
	}
	if man.Tool != want {
		t.Errorf("job.json tool: got %q, want %q", man.Tool, want)
	}
	reg, err := register.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if got := reg.Info().Tool; got != want {
		t.Errorf("register tool: got %q, want %q", got, want)
	}
}

func TestClosest(t *testing.T) {
	flags := []string{"by", "election", "insecure-key-perms", "key", "member", "members", "o", "reason", "register"}
	cmds := []string{"check", "export-online", "generate", "import-scans", "init", "keygen", "proof",
		"reconcile", "reissue", "scan", "station", "status", "verify", "version", "help"}
	for _, tc := range []struct {
		typed      string
		candidates []string
		want       string // "" for no suggestion
	}{
		{"out", flags, "o"},
		{"output", flags, ""},
		{"regster", flags, "register"},
		{"registre", flags, "register"},
		{"memebrs", flags, "members"},
		{"membr", flags, "member"},
		{"reg", flags, "register"},
		{"ky", flags, "key"},
		{"x", flags, ""},
		{"b", flags, "by"},
		{"nonsense", flags, ""},
		{"insecure", flags, "insecure-key-perms"},
		{"o", []string{"key", "online", "out", "override-policy", "register"}, "out"},
		{"reconsile", cmds, "reconcile"},
		{"import", cmds, "import-scans"},
		{"export", cmds, "export-online"},
		{"gen", cmds, "generate"},
		{"stat", cmds, "status"},
		{"verfy", cmds, "verify"},
		{"hlep", cmds, "help"},
		{"frobnicate", cmds, ""},
		{"sign", cmds, ""},
	} {
		got, ok := closest(tc.typed, tc.candidates)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("closest(%q): got %q, %v, want %q", tc.typed, got, ok, tc.want)
		}
	}
}

// TestOutputFlags holds every command to one convention: -o FILE for a
// file it writes, -out DIR for a folder, and each spelling given to a
// command that takes the other is refused with the right one suggested.
func TestOutputFlags(t *testing.T) {
	outFile := regexp.MustCompile(`(?m)^ +-o FILE `)
	outDir := regexp.MustCompile(`(?m)^ +-out DIR `)
	wrong := regexp.MustCompile(`(?m)^ +(-out FILE|-out PATH|-o DIR|-o PATH|-output|-dir)\b`)
	for _, c := range commands() {
		if w := wrong.FindString(c.usage); w != "" {
			t.Errorf("%s: usage has %q", c.name, strings.TrimSpace(w))
		}
		file, folder := outFile.MatchString(c.usage), outDir.MatchString(c.usage)
		if file && folder {
			t.Errorf("%s: takes both -o and -out", c.name)
		}
		for _, tc := range []struct {
			takes       bool
			given, want string
		}{{file, "-out", "-o"}, {folder, "-o", "-out"}} {
			if !tc.takes {
				continue
			}
			_, _, err := runCmd(t, c.name, tc.given, "x")
			ce, ok := err.(*cliError)
			if !ok || ce.status != exitUsage || !strings.Contains(ce.err.Error(), "not defined: "+tc.given) {
				t.Errorf("%s %s x: got %v, want the flag refused", c.name, tc.given, err)
				continue
			}
			if !strings.HasPrefix(ce.hint, "did you mean "+tc.want+"? ") {
				t.Errorf("%s %s x: hint %q, want it to suggest %s", c.name, tc.given, ce.hint, tc.want)
			}
		}
	}
}

// TestHelpCommands checks that 'ballotpack help' lists every command of the
// table once, each summary starting in the same column.
func TestHelpCommands(t *testing.T) {
	stdout, _, err := runCmd(t, "help")
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(stdout, "\nCommands:\n")
	if !ok {
		t.Fatalf("no Commands: in\n%s", stdout)
	}
	list, _, _ = strings.Cut(list, "\n\n")
	lines := strings.Split(list, "\n")
	cmds := commands()
	if len(lines) != len(cmds) {
		t.Fatalf("%d lines under Commands:, want one per command (%d):\n%s", len(lines), len(cmds), list)
	}
	column := -1
	for i, c := range cmds {
		rest, ok := strings.CutPrefix(lines[i], "    "+c.name+" ")
		if !ok {
			t.Errorf("line %d: %q, want command %s", i+1, lines[i], c.name)
			continue
		}
		col := len(lines[i]) - len(strings.TrimLeft(rest, " "))
		if column < 0 {
			column = col
		}
		if col != column || !strings.HasSuffix(lines[i], c.summary) {
			t.Errorf("line %d: %q: summary at column %d, want %q at column %d", i+1, lines[i], col, c.summary, column)
		}
	}
}
