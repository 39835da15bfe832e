package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/infile"
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
		return nil, withHint(err, "give the path of this election's key file with -key (at the count: its verify-only key); a key made now cannot make or check the codes already issued")
	case errors.Is(err, infile.ErrNotRegular):
		return nil, withHint(err, "-key names the key file itself, as 'ballotpack keygen' wrote it: not a pipe, a device or a folder")
	case errors.Is(err, codes.ErrKeyFile):
		return nil, withHint(err, "give the key file that 'ballotpack keygen' wrote; if it was copied by hand, copy it again whole")
	}
	return nil, err
}

// loadMasterKey reads a key file that must hold the master key; need says
// what it is needed for, in the error about a verify-only key.
func loadMasterKey(path string, insecurePerms bool, need string) (*codes.MasterKey, error) {
	k, err := loadKey(path, insecurePerms)
	if err != nil {
		return nil, err
	}
	master, ok := k.(*codes.MasterKey)
	if !ok {
		return nil, withHint(fmt.Errorf("%s is a verify-only key: %s needs the master key", path, need), "give the key made by 'ballotpack keygen -o'")
	}
	return master, nil
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
		return nil, withHint(errors.New(path+": "+err.Error()), "use the verify-only key made for this election")
	}
	return chk, nil
}
