package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen"
	"go.yaml.in/yaml/v3"
)

// sourceDateEpoch is the time every run in these tests says it made its
// register, as SOURCE_DATE_EPOCH.
const sourceDateEpoch = "1764763200"

// generateShards runs n shards of one run at once, each in a process of
// its own (the test binary as ballotpack, which testscript.Main puts on
// $PATH), into dir/shard-i, and returns their folders.
func generateShards(t *testing.T, n int, dir string, args ...string) []string {
	t.Helper()
	bin, err := exec.LookPath("ballotpack")
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, n)
	cmds := make([]*exec.Cmd, n)
	outs := make([]bytes.Buffer, n)
	for i := range n {
		dirs[i] = filepath.Join(dir, fmt.Sprintf("shard-%d", i+1))
		cmds[i] = exec.Command(bin, append([]string{"generate", "-shard", fmt.Sprintf("%d/%d", i+1, n), "-out", dirs[i]}, args...)...)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("shard %d/%d: %v\n%s", i+1, n, err, outs[i].String())
		}
	}
	return dirs
}

// sameFolder fails the test on any difference between two folders: a
// file in one only, or a file whose mode or bytes differ.
func sameFolder(t *testing.T, want, got string) {
	t.Helper()
	names := map[string]bool{}
	for _, dir := range []string{want, got} {
		for _, e := range must(os.ReadDir(dir)) {
			names[e.Name()] = true
		}
	}
	if len(names) < 7 {
		t.Fatalf("%s and %s hold %d files between them", want, got, len(names))
	}
	for name := range names {
		a, errA := os.ReadFile(filepath.Join(want, name))
		b, errB := os.ReadFile(filepath.Join(got, name))
		if errA != nil || errB != nil {
			t.Errorf("%s: in the single run: %v; merged: %v", name, errA, errB)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs: %d bytes in the single run, %d merged", name, len(a), len(b))
		}
		sa, _ := os.Stat(filepath.Join(want, name))
		sb, _ := os.Stat(filepath.Join(got, name))
		if sa.Mode() != sb.Mode() {
			t.Errorf("%s: mode %v in the single run, %v merged", name, sa.Mode(), sb.Mode())
		}
	}
}

// TestMergeShardsIsOneRun: a run made in n shards at once, merged, is the
// single run byte for byte: every file, its mode, and the register.
func TestMergeShardsIsOneRun(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", sourceDateEpoch)
	key := testKey(t)
	for _, tc := range []struct {
		name, roll string
		args       []string
		n          int
	}{
		// 40 members: 39 UK packs in 7 batches and an overseas one in a
		// batch of its own, over 3 shards of 3, 3 and 2 batches.
		{"xlsx, 8 batches, 3 shards", "../../testdata/roll-small.xlsx", []string{"-batch-size", "6"}, 3},
		// 37 standard UK packs in 3 batches, an overseas batch, a
		// large-print batch, and a sixth shard with no batch at all.
		{"csv with large print and overseas, 6 shards", sampleRoll(t), []string{"-batch-size", "16", "-workers", "1"}, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"-members", tc.roll, "-key", key}, tc.args...)
			single := filepath.Join(dir, "single")
			if _, stderr, err := runCmd(t, append([]string{"generate", "-out", single}, args...)...); err != nil {
				t.Fatalf("generate: %v\n%s", err, stderr)
			}
			shards := generateShards(t, tc.n, dir, args...)
			merged := filepath.Join(dir, "dist")
			stdout, stderr, err := runCmd(t, append([]string{"merge-shards", "-out", merged}, shards...)...)
			if err != nil {
				t.Fatalf("merge-shards: %v\n%s", err, stderr)
			}
			if !strings.Contains(stdout, "linked, 0 copied, 0 already there") || strings.Contains(stderr, "registers differ") {
				t.Errorf("merge-shards:\n%s%s", stdout, stderr)
			}
			sameFolder(t, single, merged)
			if st, _ := os.Stat(merged); st.Mode().Perm() != 0o700 {
				t.Errorf("%s: mode %04o, want 0700", merged, st.Mode().Perm())
			}

			// Merged again: everything is there already, and stays as it was.
			stdout, _, err = runCmd(t, append([]string{"merge-shards", "-out", merged}, shards...)...)
			if err != nil || !strings.Contains(stdout, "(0 linked, 0 copied, ") {
				t.Errorf("merge-shards again: %v\n%s", err, stdout)
			}
			sameFolder(t, single, merged)
		})
	}
}

// TestMergeShardsResumes: a merge interrupted after some batches (job.json
// not complete, no register yet) is finished by the same command, and a
// copy made across file systems is the same as a link.
func TestMergeShardsResumes(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", sourceDateEpoch)
	key, dir := testKey(t), t.TempDir()
	args := []string{"-members", "../../testdata/roll-small.xlsx", "-key", key, "-batch-size", "6"}
	single := filepath.Join(dir, "single")
	if _, stderr, err := runCmd(t, append([]string{"generate", "-out", single}, args...)...); err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr)
	}
	shards := generateShards(t, 3, dir, args...)
	merged := filepath.Join(dir, "dist")
	if _, stderr, err := runCmd(t, append([]string{"merge-shards", "-out", merged}, shards...)...); err != nil {
		t.Fatalf("merge-shards: %v\n%s", err, stderr)
	}
	// As an interrupted merge leaves it: job.json not complete, no
	// register, SHA256SUMS, packs.csv or TICKET.txt, one batch missing, one damaged
	// (a copy of its own, not the shard's file).
	job := must(os.ReadFile(filepath.Join(merged, packgen.JobFile)))
	os.WriteFile(filepath.Join(merged, packgen.JobFile), bytes.Replace(job, []byte(`"complete": true`), []byte(`"complete": false`), 1), 0o644)
	for _, f := range []string{register.File, packgen.SumsFile, packgen.PacksFile, packgen.TicketFile, "batch-0003.pdf", "batch-0005.pdf"} {
		os.Remove(filepath.Join(merged, f))
	}
	os.WriteFile(filepath.Join(merged, "batch-0005.pdf"), []byte("%PDF-1.4 damaged"), 0o600)
	stdout, stderr, err := runCmd(t, append([]string{"merge-shards", "-out", merged}, shards...)...)
	if err != nil {
		t.Fatalf("merge-shards resumed: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "(2 linked, 0 copied, 6 already there)") {
		t.Errorf("resumed: %s", stdout)
	}
	sameFolder(t, single, merged)

	// Copies (as across file systems) give the same folder as links.
	m, err := packgen.ReadShards(shards, "")
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "copied")
	os.Mkdir(copied, 0o700)
	for _, e := range m.Manifest.Batches {
		b := must(os.ReadFile(filepath.Join(merged, e.File)))
		os.WriteFile(filepath.Join(copied, e.File), b[:len(b)/2], 0o600) // damaged: copied again
	}
	os.WriteFile(filepath.Join(copied, packgen.JobFile), bytes.Replace(job, []byte(`"complete": true`), []byte(`"complete": false`), 1), 0o644)
	os.Chmod(filepath.Join(shards[0], "batch-0001.pdf"), 0o400) // not 0600: copied, never linked
	stdout, stderr, err = runCmd(t, append([]string{"merge-shards", "-out", copied}, shards...)...)
	if err != nil {
		t.Fatalf("merge-shards: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "(7 linked, 1 copied, 0 already there)") {
		t.Errorf("merge-shards: %s", stdout)
	}
	os.WriteFile(filepath.Join(copied, ".ballotpack.lock"), nil, 0o600)
	sameFolder(t, single, copied)
}

// TestMergeShardsRefused: folders that are not all the shards of one run,
// or whose batches are not what they recorded, are refused before anything
// is written.
func TestMergeShardsRefused(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", sourceDateEpoch)
	key, dir := testKey(t), t.TempDir()
	args := []string{"-members", "../../testdata/roll-small.xlsx", "-key", key, "-batch-size", "6"}
	shards := generateShards(t, 3, dir, args...)
	other := generateShards(t, 3, filepath.Join(dir, "other"), append(args, "-batch-size", "7")...)
	single := filepath.Join(dir, "single")
	generate(t, "../../testdata/roll-small.xlsx", key, single)
	tampered := filepath.Join(dir, "tampered")
	os.Mkdir(tampered, 0o700)
	for _, e := range must(os.ReadDir(shards[1])) {
		os.WriteFile(filepath.Join(tampered, e.Name()), must(os.ReadFile(filepath.Join(shards[1], e.Name()))), 0o600)
	}
	b := must(os.ReadFile(filepath.Join(tampered, "batch-0005.pdf")))
	b[len(b)/2] ^= 1 // same size, other bytes
	os.WriteFile(filepath.Join(tampered, "batch-0005.pdf"), b, 0o600)
	unfinished := filepath.Join(dir, "unfinished")
	os.Mkdir(unfinished, 0o700)
	job := must(os.ReadFile(filepath.Join(shards[2], packgen.JobFile)))
	os.WriteFile(filepath.Join(unfinished, packgen.JobFile), bytes.Replace(job, []byte(`"done": true`), []byte(`"done": false`), 1), 0o644)
	busy := filepath.Join(dir, "busy")
	os.Mkdir(busy, 0o700)
	os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o600)

	for _, tc := range []struct {
		name   string
		out    string
		shards []string
		want   string
	}{
		{"missing shard", "", []string{shards[0], shards[2]}, "shard 2 of 3 missing: give every shard's folder (2 of 3 given)"},
		{"duplicate shard", "", []string{shards[0], shards[1], shards[1], shards[2]}, "are both shard 2 of 3"},
		{"shard of another job", "", []string{shards[0], other[1], shards[2]}, "they are not shards of one run"},
		{"tampered batch", "", []string{shards[0], tampered, shards[2]}, "it was changed or damaged since its shard made it"},
		{"unfinished shard", "", []string{shards[0], shards[1], unfinished}, "shard 3 of 3 of job J"},
		{"complete run as a shard", "", []string{single, shards[1], shards[2]}, "holds the complete run of job"},
		{"not a shard's folder", "", []string{shards[0], shards[1], busy}, "holds no job.json"},
		{"output folder of another job", busy, shards, "busy holds 1 files, and the shards are of job"},
		{"output folder a shard's", shards[0], shards, "is shard 1's folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := cmpOr(tc.out, filepath.Join(t.TempDir(), "dist"))
			_, _, err := runCmd(t, append([]string{"merge-shards", "-out", out}, tc.shards...)...)
			if err == nil || exitStatus(&env{stderr: &bytes.Buffer{}}, err) != exitError || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want exit status 1 and %q", err, tc.want)
			}
			if tc.out == "" {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s made", out)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(shards[0], register.File)); err == nil {
		t.Error("a refused merge wrote into a shard's folder")
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestShardFolderIsNoRegister: every command that takes a register refuses
// a shard's folder, saying to merge the shards; generate keeps each shard
// and the complete run to folders of their own, and resumes a shard.
func TestShardFolderIsNoRegister(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", sourceDateEpoch)
	key, dir := testKey(t), t.TempDir()
	roll := "../../testdata/roll-small.xlsx"
	args := []string{"-members", roll, "-key", key, "-batch-size", "6"}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 { // two shards at once, in this process
		wg.Go(func() {
			_, _, errs[i] = runCmd(t, append([]string{"generate", "-shard", fmt.Sprintf("%d/2", i+1), "-out", filepath.Join(dir, fmt.Sprint(i+1))}, args...)...)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	shard := filepath.Join(dir, "1")
	for _, sub := range []string{shard, filepath.Join(shard, register.ShardFile)} {
		for _, cmd := range [][]string{
			{"status", "-register", sub},
			{"scan", "-key", key, "-register", sub},
			{"station", "-register", sub, "-station", "hall-a", "-o", filepath.Join(dir, "hall-a.db")},
			{"reconcile", "-key", key, "-register", sub, "-out", filepath.Join(dir, "results")},
			{"reissue", "-key", key, "-register", sub, "-members", roll, "-member", "0012345", "-reason", "lost", "-o", filepath.Join(dir, "r.pdf")},
			{"export-online", "-key", key, "-register", sub, "-o", filepath.Join(dir, "online.csv")},
			{"verify", "-key", key, "-register", sub, "-member", "0012345", "XP0MY-F0HNN"},
			{"generate", "-members", roll, "-key", key, "-out", filepath.Join(dir, "new"), "-keep-codes-from", sub},
		} {
			_, _, err := runCmd(t, cmd...)
			if err == nil || !strings.Contains(err.Error(), "is one shard of a generate run split with -shard, not a complete run: merge the shards with 'ballotpack merge-shards") {
				t.Errorf("%s: got %v, want the shard's folder refused", strings.Join(cmd[:3], " "), err)
			}
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"generate", "-out", shard}, "holds one shard of a run split with -shard, not a complete run"},
		{[]string{"generate", "-out", shard, "-shard", "2/2"}, "holds shard 1 of 2 of job J"},
		{[]string{"generate", "-out", shard, "-shard", "1/3"}, "holds shard 1 of 2 of job J"},
	} {
		if _, _, err := runCmd(t, append(tc.args, args...)...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}

	// Resumed: a lost batch is made again, the others kept.
	sums := must(os.ReadFile(filepath.Join(shard, packgen.SumsFile)))
	os.Remove(filepath.Join(shard, "batch-0003.pdf"))
	stdout, _, err := runCmd(t, append([]string{"generate", "-out", shard, "-shard", "1/2"}, args...)...)
	if err != nil || !strings.Contains(stdout, "4 of the run's 8 batches are this shard's (1 written, 3 already complete)") {
		t.Errorf("shard resumed: %v\n%s", err, stdout)
	}
	if again := must(os.ReadFile(filepath.Join(shard, packgen.SumsFile))); !bytes.Equal(sums, again) {
		t.Error("the resumed shard's batches differ")
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/0", "-1/2"} {
		_, _, err := runCmd(t, append([]string{"generate", "-out", filepath.Join(dir, "x"), "-shard", bad}, args...)...)
		if ce, ok := err.(*cliError); !ok || ce.status != exitUsage {
			t.Errorf("-shard %s: got %v, want a usage error", bad, err)
		}
	}
}

// TestShardJobYAML keeps docs/shard-job.yaml right: an Indexed Job of n
// completions whose pods run shard JOB_COMPLETION_INDEX+1 of n into
// /out/shard-i, with the key from a Secret of mode 0400 mounted read-only,
// exit status 4 counted as success and 2 as failure; then a suspended merge
// of exactly those n folders, by the same image.
func TestShardJobYAML(t *testing.T) {
	f, err := os.Open("../../docs/shard-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type container struct {
		Name         string
		Image        string
		Command      []string
		Args         []string
		VolumeMounts []struct {
			Name, MountPath string
			ReadOnly        bool `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
	type job struct {
		Kind string
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int
			Parallelism    int
			Suspend        bool
			Template       struct {
				Spec struct {
					RestartPolicy string `yaml:"restartPolicy"`
					Containers    []container
					Volumes       []struct {
						Name   string
						Secret *struct {
							SecretName  string `yaml:"secretName"`
							DefaultMode int    `yaml:"defaultMode"`
						}
					}
				}
			}
		}
	}
	dec := yaml.NewDecoder(f)
	var shards, merge job
	if err := dec.Decode(&shards); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&merge); err != nil {
		t.Fatal(err)
	}
	s := shards.Spec
	n := s.Completions
	if shards.Kind != "Job" || s.CompletionMode != "Indexed" || n < 2 || s.Parallelism < 1 || s.Template.Spec.RestartPolicy != "Never" {
		t.Fatalf("shards: %+v", s)
	}
	gen := s.Template.Spec.Containers[0]
	secret := false
	for _, v := range s.Template.Spec.Volumes {
		if v.Secret != nil {
			secret = v.Secret.DefaultMode == 0o400
			for _, m := range gen.VolumeMounts {
				if m.Name == v.Name && !m.ReadOnly {
					t.Errorf("the key is mounted writable")
				}
			}
		}
	}
	if !secret {
		t.Error("no Secret volume of mode 0400")
	}
	if len(gen.Command) != 2 || gen.Command[0] != "/bin/sh" || len(gen.Args) != 1 {
		t.Fatalf("generate: command %q, args %q", gen.Command, gen.Args)
	}

	// The pod's script, with a ballotpack that records its arguments and
	// exits with the status it is told.
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "ballotpack"), []byte("#!/bin/sh\necho \"$@\" >\"$STUB_ARGS\"\nexit \"$STUB_STATUS\"\n"), 0o700)
	for _, tc := range []struct{ status, want int }{{0, 0}, {4, 0}, {1, 1}, {2, 2}} {
		argsFile := filepath.Join(t.TempDir(), "args")
		cmd := exec.Command(gen.Command[0], append(gen.Command[1:], gen.Args[0])...)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "JOB_COMPLETION_INDEX=1",
			"STUB_ARGS="+argsFile, fmt.Sprintf("STUB_STATUS=%d", tc.status))
		err := cmd.Run()
		got := 0
		if ee, ok := err.(*exec.ExitError); ok {
			got = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("ballotpack exit status %d: the pod exits %d, want %d", tc.status, got, tc.want)
		}
		args := strings.Fields(string(must(os.ReadFile(argsFile))))
		if i := slices.Index(args, "-shard"); args[0] != "generate" || i < 0 || args[i+1] != fmt.Sprintf("2/%d", n) || !slices.Contains(args, "/out/shard-2") {
			t.Errorf("index 1 runs %q, want generate -shard 2/%d -out /out/shard-2", args, n)
		}
	}

	m := merge.Spec
	mc := m.Template.Spec.Containers[0]
	want := []string{"ballotpack", "merge-shards", "-out", "/out/dist"}
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("/out/shard-%d", i))
	}
	if merge.Kind != "Job" || !m.Suspend || !slices.Equal(mc.Command, want) || mc.Image != gen.Image {
		t.Errorf("merge: suspend %v, command %q, image %s; want suspended, %q, image %s", m.Suspend, mc.Command, mc.Image, want, gen.Image)
	}
}
