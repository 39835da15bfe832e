package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"github.com/ballotpack/ballotpack/packgen"
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/crypto/argon2"

	"github.com/ballotpack/ballotpack/codes"
)

const exportUsage = `Usage:
    ballotpack export-online -key election.key -register dist/ -o online-credentials.csv

Writes the credentials the online voting platform needs, one row per
member's current pack: membership number, issue number, ballot code, and
a salted Argon2id hash of the secret code in the PHC string format
($argon2id$v=19$m=…,t=…,p=…$salt$hash, base64 without padding), so that a
leak of the file does not reveal anyone's secret code. The hash is of the
secret code's 16 symbols in upper case, without hyphens. codes/SPEC.md
section 10 has the details and a test vector.

Flags:
    -key FILE            the election's master key (required)
    -register DIR        the folder generate wrote (required)
    -o FILE              the file to write (required)
    -argon-memory KiB    Argon2id memory, 1024 to 262144 (default 4096)
    -argon-time N        Argon2id passes, 1 to 8 (default 1)
    -insecure-key-perms  read the key even if other users can read it
`

// Argon2id parameters. A secret code has 75 random bits, out of reach of
// exhaustive search even with a fast hash; Argon2id adds memory-hardness
// while an export of 160,000 members stays a few minutes on two cores.
const (
	argonMemory  = 4 * 1024 // KiB
	argonTime    = 1
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16

	// The range -argon-memory and -argon-time accept: enough to follow
	// RFC 9106's recommendations, not enough to exhaust the machine.
	argonMinMemory = 1024
	argonMaxMemory = 256 * 1024 // KiB; times the number of cores at once
	argonMaxTime   = 8
)

// HashSecret returns the PHC string of the Argon2id hash of a secret code.
func hashSecret(c codes.Code, salt []byte, memory, time uint32) string {
	h := argon2.IDKey([]byte(c.Compact()), salt, time, memory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, time, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(h))
}

func runExport(ctx context.Context, e *env, args []string) error {
	flags := newFlags("export-online")
	keyPath := flags.String("key", "", "")
	dir := flags.String("register", "", "")
	out := flags.String("o", "", "")
	memory := flags.Uint("argon-memory", argonMemory, "")
	passes := flags.Uint("argon-time", argonTime, "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, exportUsage, args); err != nil {
		return err
	}
	if err := required(flags, "key", "register", "o"); err != nil {
		return err
	}
	if *memory < argonMinMemory || *memory > argonMaxMemory || *passes < 1 || *passes > argonMaxTime {
		return usageError(fmt.Sprintf("-argon-memory must be %d to %d KiB and -argon-time 1 to %d", argonMinMemory, argonMaxMemory, argonMaxTime),
			"the defaults (4096 KiB, 1 pass) suit codes of 75 random bits; more only makes the export slower")
	}
	st, err := openRegister(*dir, "")
	if err != nil {
		return err
	}
	defer st.close()
	issuer, err := st.withMasterKey(*keyPath, *insecure, "hashing secret codes")
	if err != nil {
		return err
	}
	ix, err := st.packIndex()
	if err != nil {
		return err
	}
	var packs []scanPack
	for _, p := range ix.byCode {
		if p.issue == ix.current[p.member] {
			packs = append(packs, p)
		}
	}
	slices.SortFunc(packs, func(a, b scanPack) int {
		if a.member < b.member {
			return -1
		}
		if a.member > b.member {
			return 1
		}
		return 0
	})
	rows := make([][]string, len(packs))
	prog := newProgress(e.stderr)
	var done int
	work := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				p := packs[i]
				pair, err := issuer.Derive(codes.Ref{Member: p.member, Issue: p.issue, Variant: p.variant})
				salt := make([]byte, argonSaltLen)
				if err == nil {
					_, err = rand.Read(salt)
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				rows[i] = []string{p.member, strconv.Itoa(int(p.issue)), pair.Ballot.Compact(), hashSecret(pair.Secret, salt, uint32(*memory), uint32(*passes))}
				mu.Lock()
				done++
				if done%256 == 0 || done == len(packs) {
					prog.update(done, len(packs))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range packs {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	prog.finish()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := writeFileAtomic(*out, packgen.SecretFile, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"membership_number", "issue", "ballot_code", "secret_code_argon2id"})
		cw.WriteAll(rows)
		return cw.Error()
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d members' credentials (ballot code, Argon2id of the secret code: m=%d KiB, t=%d, p=%d)\n", *out, len(rows), *memory, *passes, argonThreads)
	hintf(e.stderr, "this file lets anyone with it check ballot codes: send it to the voting platform only, encrypted")
	return nil
}
