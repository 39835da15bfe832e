package codes

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// The scan seal of SPEC.md section 11, computed once by an independent
// implementation (Python's hmac and hashlib, the HKDF of RFC 5869 written
// out) from vector 1 of testdata/vectors.json, and frozen here.
const (
	scanVectorSubkey = "1a562eaa6d56a5e4db57358482eafc905d51270ca86c81ad5a7b1d281939faa4"
	scanVectorSeal   = "86398f4cbd5a6e0f59284c0e2c49df7afa4319bab593eddc0b3f91e380e1bcd0"
)

var scanVectorRecord = ScanRecord{Station: "hall-a", StationSeq: 1, ScannedAt: "2026-10-14T09:12:03Z",
	ReceivedAt: "2026-10-14T00:00:00Z", Member: "0012345", Issue: 1}

func TestScanSealVector(t *testing.T) {
	v := loadVectors(t)[0]
	is := issuerOf(t, v)
	sub := scanSubkey(&is.ballot, is.election)
	if got := hex.EncodeToString(sub[:]); got != scanVectorSubkey {
		t.Errorf("scan subkey %s, want %s", got, scanVectorSubkey)
	}
	if got := is.SealScan(scanVectorRecord); got != scanVectorSeal {
		t.Errorf("seal %s, want %s", got, scanVectorSeal)
	}
	vk := is.VerifyKey()
	if got := vk.SealScan(scanVectorRecord); got != scanVectorSeal {
		t.Errorf("verify-only key's seal %s, want %s", got, scanVectorSeal)
	}
	if err := vk.CheckScan(scanVectorRecord, scanVectorSeal); err != nil {
		t.Errorf("CheckScan of the vector: %v", err)
	}
}

// Every field is bound: changing any one breaks the seal.
func TestScanSealBindsEveryField(t *testing.T) {
	is := issuerOf(t, loadVectors(t)[0])
	seal := is.SealScan(scanVectorRecord)
	edits := map[string]func(*ScanRecord){
		"station":  func(r *ScanRecord) { r.Station = "hall-b" },
		"seq":      func(r *ScanRecord) { r.StationSeq = 2 },
		"operator": func(r *ScanRecord) { r.Operator = "x" },
		"scanned":  func(r *ScanRecord) { r.ScannedAt = "2026-10-14T09:12:04Z" },
		"received": func(r *ScanRecord) { r.ReceivedAt = "2026-10-13T00:00:00Z" },
		"member":   func(r *ScanRecord) { r.Member = "0012346" },
		"issue":    func(r *ScanRecord) { r.Issue = 2 },
		// Moving bytes between fields must not keep the seal: lengths are bound.
		"boundary": func(r *ScanRecord) { r.Station, r.Operator = "hall-", "a" },
	}
	for name, edit := range edits {
		r := scanVectorRecord
		edit(&r)
		if err := is.CheckScan(r, seal); !errors.Is(err, ErrScanSeal) {
			t.Errorf("%s changed: CheckScan = %v, want ErrScanSeal", name, err)
		}
	}
	for _, bad := range []string{"", "zz", seal[:62], seal + "00", strings.ToUpper(seal)} {
		if err := is.CheckScan(scanVectorRecord, bad); !errors.Is(err, ErrScanSeal) {
			t.Errorf("seal %q: CheckScan = %v, want ErrScanSeal", bad, err)
		}
	}
	other, _ := NewMasterKey(make([]byte, 32))
	ois, _ := other.Issuer(is.election)
	if err := ois.CheckScan(scanVectorRecord, seal); !errors.Is(err, ErrScanSeal) {
		t.Errorf("another key: CheckScan = %v, want ErrScanSeal", err)
	}
}

func issuerOf(t *testing.T, v vector) *Issuer {
	t.Helper()
	raw, _ := hex.DecodeString(v.MasterKeyHex)
	k, err := NewMasterKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	is, err := k.Issuer(v.Election)
	if err != nil {
		t.Fatal(err)
	}
	return is
}
