package codes

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The vectors were computed by testdata/vectors.py, an implementation
// written from SPEC.md alone, and frozen in testdata/vectors.json.
const vectorsFile = "../testdata/vectors.json"

type vector struct {
	MasterKeyHex    string `json:"master_key_hex"`
	KeyID           string `json:"key_id"`
	KeyFile         string `json:"key_file"`
	Election        string `json:"election"`
	Member          string `json:"member"`
	Issue           uint32 `json:"issue"`
	Variant         uint32 `json:"variant"`
	BallotSubkeyHex string `json:"ballot_subkey_hex"`
	SecretSubkeyHex string `json:"secret_subkey_hex"`
	MessageHex      string `json:"message_hex"`
	BallotCode      string `json:"ballot_code"`
	SecretCode      string `json:"secret_code"`
	VerifyKeyFile   string `json:"verify_key_file"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	b, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []vector }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", vectorsFile, err)
	}
	if len(f.Vectors) < 5 {
		t.Fatalf("%s: only %d vectors", vectorsFile, len(f.Vectors))
	}
	return f.Vectors
}

func TestVectors(t *testing.T) {
	for i, v := range loadVectors(t) {
		raw, err := hex.DecodeString(v.MasterKeyHex)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		k, err := NewMasterKey(raw)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		if k.KeyID() != v.KeyID {
			t.Errorf("vector %d: key ID %s, want %s", i, k.KeyID(), v.KeyID)
		}
		if got := string(k.Marshal()); got != v.KeyFile {
			t.Errorf("vector %d: key file\n%s\nwant\n%s", i, got, v.KeyFile)
		}
		parsed, err := ParseKey([]byte(v.KeyFile))
		if err != nil {
			t.Fatalf("vector %d: parsing key file: %v", i, err)
		}
		if pk, ok := parsed.(*MasterKey); !ok || pk.secret != k.secret {
			t.Errorf("vector %d: key file parsed to a different key", i)
		}

		is, err := k.Issuer(v.Election)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		if got := hex.EncodeToString(is.ballot[:]); got != v.BallotSubkeyHex {
			t.Errorf("vector %d: ballot subkey %s, want %s", i, got, v.BallotSubkeyHex)
		}
		if got := hex.EncodeToString(is.secret[:]); got != v.SecretSubkeyHex {
			t.Errorf("vector %d: secret subkey %s, want %s", i, got, v.SecretSubkeyHex)
		}
		r := Ref{Member: v.Member, Issue: v.Issue, Variant: v.Variant}
		if got := hex.EncodeToString(message(nil, v.Election, r)); got != v.MessageHex {
			t.Errorf("vector %d: message %s, want %s", i, got, v.MessageHex)
		}
		p, err := is.Derive(r)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		// Compare printed forms without printing codes on success; on failure a
		// test vector (a test key, NOT a real one) may be shown.
		if p.Ballot.Text() != v.BallotCode {
			t.Errorf("vector %d: ballot code %s, want %s", i, p.Ballot.Text(), v.BallotCode)
		}
		if p.Secret.Text() != v.SecretCode {
			t.Errorf("vector %d: secret code %s, want %s", i, p.Secret.Text(), v.SecretCode)
		}

		if got := string(is.VerifyKey().Marshal()); got != v.VerifyKeyFile {
			t.Errorf("vector %d: verify key file\n%s\nwant\n%s", i, got, v.VerifyKeyFile)
		}
		vk, err := ParseKey([]byte(v.VerifyKeyFile))
		if err != nil {
			t.Fatalf("vector %d: parsing verify key file: %v", i, err)
		}
		chk, err := vk.Checker(v.Election)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		ballot, err := ParseCode(v.BallotCode)
		if err != nil {
			t.Fatalf("vector %d: ballot code does not parse: %v", i, err)
		}
		secret, err := ParseCode(v.SecretCode)
		if err != nil {
			t.Fatalf("vector %d: secret code does not parse: %v", i, err)
		}
		if err := chk.Verify(r, ballot); err != nil {
			t.Errorf("vector %d: verify-only key refused the ballot code: %v", i, err)
		}
		if err := chk.Verify(r, secret); !errors.Is(err, ErrVerifyOnly) {
			t.Errorf("vector %d: verify-only key on a secret code: %v, want ErrVerifyOnly", i, err)
		}
		if err := is.Verify(r, secret); err != nil {
			t.Errorf("vector %d: master key refused the secret code: %v", i, err)
		}
	}
}

// TestVectorsReproduced runs the independent implementation and expects it
// to print testdata/vectors.json byte for byte.
func TestVectorsReproduced(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is needed to reproduce the test vectors")
		}
		t.Skip("python3 not found")
	}
	out, err := exec.Command(py, filepath.Join("..", "testdata", "vectors.py")).Output()
	if err != nil {
		t.Fatalf("vectors.py: %v", err)
	}
	want, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("testdata/vectors.py no longer prints testdata/vectors.json")
	}
}
