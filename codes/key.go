package codes

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/ballotpack/ballotpack/internal/infile"
)

// A MasterKey is an election's 32-byte master key. Everything else (the
// subkeys, every code) is derived from it. Its String and GoString methods
// print only the key ID.
type MasterKey struct {
	secret [32]byte
	id     string
}

// GenerateKey makes a new master key from crypto/rand.
func GenerateKey() (*MasterKey, error) {
	var k MasterKey
	if _, err := io.ReadFull(rand.Reader, k.secret[:]); err != nil {
		return nil, fmt.Errorf("reading random bytes: %w", err)
	}
	k.id = keyID(k.secret[:])
	return &k, nil
}

// NewMasterKey wraps 32 key bytes, for test vectors and tools that hold the
// key elsewhere. Real keys come from GenerateKey.
func NewMasterKey(b []byte) (*MasterKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("a master key is 32 bytes, not %d", len(b))
	}
	k := &MasterKey{secret: [32]byte(b)}
	k.id = keyID(b)
	return k, nil
}

// KeyID is a short name for the key, safe to print and to put in manifests.
func (k *MasterKey) KeyID() string { return k.id }

// String names the key by its ID, never revealing it.
func (k *MasterKey) String() string { return "codes.MasterKey{" + k.id + "}" }

// GoString is the same as String.
func (k *MasterKey) GoString() string { return k.String() }

// Issuer returns the issuer of codes for one election.
func (k *MasterKey) Issuer(election string) (*Issuer, error) {
	if err := CheckElectionID(election); err != nil {
		return nil, err
	}
	return &Issuer{
		election: election,
		keyID:    k.id,
		ballot:   subkey(k.secret[:], labelBallot, election),
		secret:   subkey(k.secret[:], labelSecret, election),
	}, nil
}

// Checker is Issuer, as a Checker.
func (k *MasterKey) Checker(election string) (Checker, error) { return k.Issuer(election) }

// Checker returns v itself when election is v's election.
func (v *VerifyKey) Checker(election string) (Checker, error) {
	if election != v.election {
		return nil, fmt.Errorf("this verify-only key is for election %q, not %q", v.election, election)
	}
	return v, nil
}

// A Key is what a key file holds: a *MasterKey or a *VerifyKey.
type Key interface {
	KeyID() string
	// Checker returns what checks codes of the election with this key.
	Checker(election string) (Checker, error)
	// Marshal returns the key file's contents.
	Marshal() []byte
	isKey()
}

func (*MasterKey) isKey() {}
func (*VerifyKey) isKey() {}

// Key file format, version 1: UTF-8 text lines; '#' lines and blank lines
// are comments; the first other line is the version line; then each field
// once, as "name: value". See SPEC.md.
const (
	versionName     = "ballotpack-key"
	version         = "v1"
	typeMaster      = "master"
	typeVerifyOnly  = "verify-only"
	maxKeyFileBytes = 4096
)

var b64 = base64.StdEncoding

// Marshal returns the key file for k.
func (k *MasterKey) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# ballotpack master key. SECRET: whoever has this file can make valid codes\n")
	b.WriteString("# for every election it is used for. Keep it offline, mode 0600, and backed up.\n")
	b.WriteString(versionName + ": " + version + "\n")
	b.WriteString("type: " + typeMaster + "\n")
	b.WriteString("key-id: " + k.id + "\n")
	b.WriteString("key: " + b64.EncodeToString(k.secret[:]) + "\n")
	return b.Bytes()
}

// Marshal returns the key file for v.
func (v *VerifyKey) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# ballotpack verify-only key: checks ballot codes (code 1) of one election.\n")
	b.WriteString("# It cannot make or check secret codes. Keep it private all the same.\n")
	b.WriteString(versionName + ": " + version + "\n")
	b.WriteString("type: " + typeVerifyOnly + "\n")
	b.WriteString("election: " + v.election + "\n")
	b.WriteString("key-id: " + v.keyID + "\n")
	b.WriteString("subkey-id: " + keyID(v.ballot[:]) + "\n")
	b.WriteString("key: " + b64.EncodeToString(v.ballot[:]) + "\n")
	return b.Bytes()
}

// ErrKeyFile is wrapped by every error about a key file's contents.
var ErrKeyFile = errors.New("not a valid ballotpack key file")

// A KeyFileError says what is wrong with a key file. It never quotes the
// file's contents.
type KeyFileError struct {
	Line   int    // 1-based line, or 0 for the file as a whole
	Reason string // in words, without any of the file's contents
}

func (e *KeyFileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("key file line %d: %s", e.Line, e.Reason)
	}
	return "key file: " + e.Reason
}

func (e *KeyFileError) Unwrap() error { return ErrKeyFile }

// ParseKey reads a key file: a master key or a verify-only key. Every error
// is a *KeyFileError and never quotes b.
func ParseKey(b []byte) (Key, error) {
	if len(b) > maxKeyFileBytes {
		return nil, &KeyFileError{Reason: fmt.Sprintf("the file is larger than %d bytes, so it is not a key file", maxKeyFileBytes)}
	}
	fields := map[string]string{}
	lineOf := map[string]int{}
	sawVersion := false
	for i, line := range strings.Split(string(b), "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		name, value, ok := strings.Cut(trimmed, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !sawVersion {
			switch {
			case ok && name == versionName && value == version:
				sawVersion = true
				continue
			case ok && name == versionName:
				return nil, &KeyFileError{Line: n, Reason: "this key file has a version this ballotpack does not read (it reads " + version + "); use the ballotpack release that made it"}
			}
			return nil, &KeyFileError{Line: n, Reason: "the file does not start with the line \"" + versionName + ": " + version + "\", so it is not a ballotpack key file"}
		}
		if !ok {
			return nil, &KeyFileError{Line: n, Reason: "not a \"name: value\" line"}
		}
		switch name {
		case "type", "election", "key-id", "subkey-id", "key":
		default:
			return nil, &KeyFileError{Line: n, Reason: "unknown field (a key file has type, election, key-id, subkey-id and key)"}
		}
		if _, dup := fields[name]; dup {
			return nil, &KeyFileError{Line: n, Reason: "field " + name + " appears twice"}
		}
		fields[name], lineOf[name] = value, n
	}
	if !sawVersion {
		return nil, &KeyFileError{Reason: "the file is empty or holds only comments"}
	}
	need := func(names ...string) error {
		for _, name := range names {
			if _, ok := fields[name]; !ok {
				return &KeyFileError{Reason: "field " + name + " is missing: the file may be truncated"}
			}
		}
		return nil
	}
	if err := need("type"); err != nil {
		return nil, err
	}
	secret := func() ([32]byte, error) {
		raw, err := b64.Strict().DecodeString(fields["key"])
		if err != nil || len(raw) != 32 {
			return [32]byte{}, &KeyFileError{Line: lineOf["key"], Reason: "the key is not 32 bytes of base64: the file is damaged or truncated"}
		}
		return [32]byte(raw), nil
	}
	switch fields["type"] {
	case typeMaster:
		if err := need("key-id", "key"); err != nil {
			return nil, err
		}
		if _, ok := fields["election"]; ok {
			return nil, &KeyFileError{Line: lineOf["election"], Reason: "a master key is not bound to one election, so it has no election field"}
		}
		if _, ok := fields["subkey-id"]; ok {
			return nil, &KeyFileError{Line: lineOf["subkey-id"], Reason: "a master key has no subkey-id field"}
		}
		s, err := secret()
		if err != nil {
			return nil, err
		}
		k := &MasterKey{secret: s, id: keyID(s[:])}
		if fields["key-id"] != k.id {
			return nil, &KeyFileError{Line: lineOf["key-id"], Reason: "the key ID does not match the key: the file is damaged"}
		}
		return k, nil
	case typeVerifyOnly:
		if err := need("election", "key-id", "subkey-id", "key"); err != nil {
			return nil, err
		}
		if err := CheckElectionID(fields["election"]); err != nil {
			return nil, &KeyFileError{Line: lineOf["election"], Reason: err.Error()}
		}
		if !isKeyID(fields["key-id"]) {
			return nil, &KeyFileError{Line: lineOf["key-id"], Reason: "the key ID is not 16 lower-case hex digits"}
		}
		s, err := secret()
		if err != nil {
			return nil, err
		}
		if fields["subkey-id"] != keyID(s[:]) {
			return nil, &KeyFileError{Line: lineOf["subkey-id"], Reason: "the subkey ID does not match the key: the file is damaged"}
		}
		return &VerifyKey{election: fields["election"], keyID: fields["key-id"], ballot: s}, nil
	}
	return nil, &KeyFileError{Line: lineOf["type"], Reason: "type must be " + typeMaster + " or " + typeVerifyOnly}
}

func isKeyID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// ErrKeyPermissions means a key file can be read by users other than its owner.
var ErrKeyPermissions = errors.New("key file is readable by other users")

// WriteKeyFile creates path holding k's key file, with mode 0600. It refuses
// to replace an existing file.
func WriteKeyFile(path string, k Key) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(k.Marshal()); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// ReadKeyFile reads and parses the key file at path. Unless insecurePerms is
// set, a file that users other than its owner may read, write or run is
// refused with an error wrapping ErrKeyPermissions; so is anything but a
// regular file (a FIFO, a device), before it is opened for reading. Errors
// name path but never quote the file.
func ReadKeyFile(path string, insecurePerms bool) (Key, error) {
	// Not os.Open: a FIFO given as the key file would block it for ever.
	f, st, err := infile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if perm := st.Mode().Perm(); perm&0o077 != 0 && !insecurePerms && permsMatter {
		return nil, fmt.Errorf("%s: mode %04o: %w", path, perm, ErrKeyPermissions)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	k, err := ParseKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
