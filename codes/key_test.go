package codes

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFileRoundTrip(t *testing.T) {
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseKey(k.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := got.(*MasterKey); !ok || m.secret != k.secret || m.KeyID() != k.KeyID() {
		t.Fatal("master key did not survive Marshal and ParseKey")
	}
	is, _ := k.Issuer("e1")
	got, err = ParseKey(is.VerifyKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	v, ok := got.(*VerifyKey)
	if !ok || v.ballot != is.ballot || v.Election() != "e1" || v.KeyID() != k.KeyID() {
		t.Fatal("verify-only key did not survive Marshal and ParseKey")
	}
	if _, err := v.Checker("e2"); err == nil {
		t.Error("verify-only key for e1 accepted for e2")
	}
}

func TestKeyFileLenient(t *testing.T) {
	k, _ := NewMasterKey(bytes.Repeat([]byte{7}, 32))
	text := string(k.Marshal())
	cases := map[string]string{
		"CRLF":            strings.ReplaceAll(text, "\n", "\r\n"),
		"no final LF":     strings.TrimSuffix(text, "\n"),
		"extra spaces":    strings.ReplaceAll(text, ": ", " :\t "),
		"no comments":     text[strings.Index(text, "ballotpack-key"):],
		"blank lines":     strings.ReplaceAll(text, "\n", "\n\n"),
		"fields reversed": reverseFields(text),
	}
	for name, in := range cases {
		got, err := ParseKey([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got.(*MasterKey).secret != k.secret {
			t.Errorf("%s: different key", name)
		}
	}
}

func reverseFields(text string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	n := len(lines)
	lines[n-1], lines[n-3] = lines[n-3], lines[n-1]
	return strings.Join(lines, "\n") + "\n"
}

func TestKeyFileErrors(t *testing.T) {
	k, _ := NewMasterKey(bytes.Repeat([]byte{0xA5}, 32))
	master := string(k.Marshal())
	is, _ := k.Issuer("e1")
	verify := string(is.VerifyKey().Marshal())
	secret := strings.TrimSpace(master[strings.Index(master, "\nkey: ")+len("\nkey: "):])

	replaceLine := func(text, prefix, with string) string {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				lines[i] = with
			}
		}
		return strings.Join(lines, "\n")
	}
	cases := []struct {
		name, in, says string
		line           int
	}{
		{"empty", "", "empty", 0},
		{"comments only", "# nothing\n\n", "empty", 0},
		{"not a key file", "hello world\n", "not a ballotpack key file", 1},
		{"age key", "AGE-SECRET-KEY-1QQQQ\n", "not a ballotpack key file", 1},
		{"newer version", strings.Replace(master, "ballotpack-key: v1", "ballotpack-key: v2", 1), "version", 3},
		{"truncated after type", master[:strings.Index(master, "key-id")], "key-id is missing", 0},
		{"truncated key", master[:len(master)-10], "not 32 bytes", 6},
		{"damaged key", strings.Replace(master, secret[:4], "AAAA", 1), "damaged", 5},
		{"damaged key ID", replaceLine(master, "key-id:", "key-id: 0000000000000000"), "damaged", 5},
		{"no colon", replaceLine(master, "type:", "type master"), `not a "name: value" line`, 4},
		{"unknown field", replaceLine(master, "type:", "colour: red"), "unknown field", 4},
		{"field twice", master + "type: master\n", "appears twice", 7},
		{"bad type", replaceLine(master, "type:", "type: admin"), "type must be", 4},
		{"master with election", master + "election: e1\n", "no election field", 7},
		{"too large", master + strings.Repeat("#", 5000), "larger than", 0},
		{"verify missing subkey-id", replaceLine(verify, "subkey-id:", ""), "subkey-id is missing", 0},
		{"verify damaged", replaceLine(verify, "subkey-id:", "subkey-id: 0123456789abcdef"), "damaged", 7},
		{"verify bad election", replaceLine(verify, "election:", "election: a b"), "election ID", 5},
		{"verify bad key id", replaceLine(verify, "key-id:", "key-id: XYZ"), "16 lower-case hex", 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKey([]byte(tc.in))
			var ke *KeyFileError
			if !errors.As(err, &ke) || !errors.Is(err, ErrKeyFile) {
				t.Fatalf("error %v, want a *KeyFileError", err)
			}
			if ke.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", ke.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("message %q does not say %q", err, tc.says)
			}
			if strings.Contains(err.Error(), secret[:8]) {
				t.Errorf("message %q quotes the key", err)
			}
		})
	}
}

func TestKeyFileOnDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "election.key")
	k, _ := GenerateKey()
	if err := WriteKeyFile(path, k); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if permsMatter && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", st.Mode().Perm())
	}
	if err := WriteKeyFile(path, k); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second write: %v, want fs.ErrExist", err)
	}
	got, err := ReadKeyFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.KeyID() != k.KeyID() {
		t.Error("read back a different key")
	}
	if !permsMatter {
		return
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadKeyFile(path, false)
	if !errors.Is(err, ErrKeyPermissions) {
		t.Fatalf("0644 key: %v, want ErrKeyPermissions", err)
	}
	if !strings.Contains(err.Error(), "0644") || !strings.Contains(err.Error(), path) {
		t.Errorf("message %q should name the file and its mode", err)
	}
	if _, err := ReadKeyFile(path, true); err != nil {
		t.Errorf("0644 key with insecurePerms: %v", err)
	}
	if _, err := ReadKeyFile(dir, true); err == nil {
		t.Error("a directory was read as a key file")
	}
}

func FuzzParseKey(f *testing.F) {
	k, _ := NewMasterKey(bytes.Repeat([]byte{1}, 32))
	is, _ := k.Issuer("fuzz")
	f.Add(k.Marshal())
	f.Add(is.VerifyKey().Marshal())
	f.Add([]byte("ballotpack-key: v1\ntype: master\n"))
	f.Add([]byte("ballotpack-key: v9\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		key, err := ParseKey(b)
		if err != nil {
			var ke *KeyFileError
			if !errors.As(err, &ke) {
				t.Fatalf("error of type %T", err)
			}
			if len(b) >= 16 && strings.Contains(err.Error(), string(b)) {
				t.Fatal("the error quotes the file")
			}
			return
		}
		again, err := ParseKey(key.Marshal())
		if err != nil || again.KeyID() != key.KeyID() {
			t.Fatalf("a parsed key does not survive Marshal: %v", err)
		}
	})
}
