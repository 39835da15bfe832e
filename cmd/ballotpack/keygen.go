package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/outfile"
)

const keygenUsage = `Usage:
    ballotpack keygen -o election.key
    ballotpack keygen -verify-only -from election.key -election ID -o verify.key

Makes a new master key file: 32 random bytes, readable only by you (mode 0600).
It never overwrites an existing file. Every code of every election made with it
comes from this key: keep it offline and backed up. Its key ID, which is safe
to share, goes in manifests.

With -verify-only, makes from a master key a key file that checks the ballot
codes (code 1) of one election and nothing else: hand that to scrutineers.

Flags:
    -o FILE               the key file to create (required)
    -verify-only          make a verify-only key from -from, for -election
    -from FILE            the master key file (with -verify-only)
    -election ID          the election ID (with -verify-only)
    -insecure-key-perms   read -from even if other users can read it
`

func runKeygen(ctx context.Context, e *env, args []string) error {
	flags := newFlags("keygen")
	out := flags.String("o", "", "")
	verifyOnly := flags.Bool("verify-only", false, "")
	from := flags.String("from", "", "")
	election := flags.String("election", "", "")
	insecure := flags.Bool("insecure-key-perms", false, "")
	if err := parseFlags(e, flags, keygenUsage, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError(fmt.Sprintf("keygen takes no arguments, but was given %d", flags.NArg()), "name the file to create with -o")
	}
	if err := required(flags, "o"); err != nil {
		return err
	}
	if *out == outfile.Stdout {
		return usageError("-o -: a key is written only to a new file of mode 0600, never to standard output", "name a new file, e.g. -o election.key")
	}

	var key codes.Key
	what := "master key"
	if *verifyOnly {
		if err := required(flags, "from", "election"); err != nil {
			return err
		}
		if err := codes.CheckElectionID(*election); err != nil {
			return usageError("-election: "+err.Error(), "")
		}
		k, err := loadKey(*from, *insecure)
		if err != nil {
			return err
		}
		master, ok := k.(*codes.MasterKey)
		if !ok {
			return fmt.Errorf("%s is already a verify-only key; -from needs the master key", *from)
		}
		is, err := master.Issuer(*election)
		if err != nil {
			return err
		}
		key, what = is.VerifyKey(), "verify-only key for election "+*election
	} else {
		if *from != "" || *election != "" {
			return usageError("-from and -election go with -verify-only", "to make a master key, give only -o")
		}
		k, err := codes.GenerateKey()
		if err != nil {
			return err
		}
		key = k
	}

	if err := codes.WriteKeyFile(*out, key); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return withHint(fmt.Errorf("%s already exists: ballotpack never overwrites a key file", *out),
				"choose another name; remove the old file only if you are sure nothing was made with it")
		}
		return err
	}
	infof(e.stderr, "wrote %s: %s, key ID %s", *out, what, key.KeyID())
	return nil
}
