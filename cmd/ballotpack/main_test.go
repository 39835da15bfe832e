package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ballotpack": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the user stories in testdata/*.txtar. Besides the
// standard commands they may use:
//
//	status N PROG ARGS...  run PROG and expect exit status N
//	mode FILE PERM         expect FILE to have permission bits PERM (octal)
//	nosecret FILE          expect no line of FILE in the last stdout or stderr
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: false,
		// UPDATE_SCRIPTS=1 go test -run TestScripts rewrites the want files
		// inside the scripts from what the commands now write.
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":   cmdStatus,
			"mode":     cmdMode,
			"nosecret": cmdNoSecret,
		},
	})
}

func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode FILE PERM")
	}
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	if got := st.Mode().Perm(); (uint64(got) == want) == neg {
		ts.Fatalf("%s has mode %04o, want %s%04o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

func cmdNoSecret(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nosecret FILE")
	}
	out := ts.ReadFile("stdout") + ts.ReadFile("stderr")
	n := 0
	for _, s := range strings.Split(ts.ReadFile(args[0]), "\n") {
		if s = strings.TrimSpace(s); s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		n++
		if strings.Contains(out, s) {
			ts.Fatalf("output holds secret %d of %s", n, args[0])
		}
	}
	if n == 0 {
		ts.Fatalf("%s lists no secrets", args[0])
	}
	fmt.Fprintf(ts.Stdout(), "checked %d secrets\n", n)
}
