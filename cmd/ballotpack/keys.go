package main

import (
	"errors"
	"io/fs"

	"github.com/ballotpack/ballotpack/codes"
)

// loadKey reads a key file, turning the usual mistakes into hints.
func loadKey(path string, insecurePerms bool) (codes.Key, error) {
	k, err := codes.ReadKeyFile(path, insecurePerms)
	switch {
	case err == nil:
		return k, nil
	case errors.Is(err, codes.ErrKeyPermissions):
		return nil, withHint(err, "run 'chmod 600 "+path+"' so only you can read it (or pass -insecure-key-perms if you must)")
	case errors.Is(err, fs.ErrNotExist):
		return nil, withHint(err, "make a key with 'ballotpack keygen -o "+path+"', or give the path of the election's key with -key")
	case errors.Is(err, codes.ErrKeyFile):
		return nil, withHint(err, "give the key file that 'ballotpack keygen' wrote; if it was copied by hand, copy it again whole")
	}
	return nil, err
}

// checkerFor loads a key file and returns its checker for election.
func checkerFor(path string, insecurePerms bool, election string) (codes.Checker, error) {
	if err := codes.CheckElectionID(election); err != nil {
		return nil, usageError("-election: "+err.Error(), "")
	}
	k, err := loadKey(path, insecurePerms)
	if err != nil {
		return nil, err
	}
	chk, err := k.Checker(election)
	if err != nil {
		return nil, withHint(errors.New(path+": "+err.Error()), "use the verify-only key made for this election, or check -election")
	}
	return chk, nil
}
