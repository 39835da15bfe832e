package codes

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
)

// labelScan is the HKDF info label of the subkey that seals scan records.
const labelScan = "ballotpack/v1/scan-record"

// A ScanRecord is what a scanning station records of one ballot paper: it
// names the paper (member and issue), never its code. Times are as the
// register stores them (RFC 3339, UTC).
type ScanRecord struct {
	Station    string
	StationSeq int64 // 1, 2, … in the order the station recorded its scans
	Operator   string
	ScannedAt  string
	ReceivedAt string
	Member     string
	Issue      uint32
}

// ErrScanSeal is the error of a scan record whose seal does not match: the
// record was edited, forged, or sealed under another election's key.
var ErrScanSeal = errors.New("the scan record's seal does not match: it was changed after it was recorded, or made without this election's key")

// scanMessage is the HMAC message of a scan record (SPEC.md section 11).
func scanMessage(election string, r ScanRecord) []byte {
	b := lp(nil, election)
	b = lp(b, r.Station)
	b = binary.BigEndian.AppendUint64(b, uint64(r.StationSeq))
	b = lp(b, r.Operator)
	b = lp(b, r.ScannedAt)
	b = lp(b, r.ReceivedAt)
	b = lp(b, r.Member)
	return binary.BigEndian.AppendUint32(b, r.Issue)
}

// scanSubkey derives the scan subkey from the ballot-code subkey, so that a
// verify-only key can seal and check scans.
func scanSubkey(ballot *[32]byte, election string) [32]byte {
	return subkey(ballot[:], labelScan, election)
}

func sealScan(ballot *[32]byte, election string, r ScanRecord) string {
	sub := scanSubkey(ballot, election)
	m := hmac.New(sha256.New, sub[:])
	m.Write(scanMessage(election, r))
	return hex.EncodeToString(m.Sum(nil))
}

func checkScan(ballot *[32]byte, election string, r ScanRecord, seal string) error {
	// Compared as the text stored: exactly the lower-case hex of SPEC.md.
	if !hmac.Equal([]byte(seal), []byte(sealScan(ballot, election, r))) {
		return ErrScanSeal
	}
	return nil
}

// SealScan returns the seal of a scan record: HMAC-SHA256 under the scan
// subkey, in lower-case hex.
func (v *VerifyKey) SealScan(r ScanRecord) string { return sealScan(&v.ballot, v.election, r) }

// CheckScan returns nil when seal is r's, ErrScanSeal when it is not.
func (v *VerifyKey) CheckScan(r ScanRecord, seal string) error {
	return checkScan(&v.ballot, v.election, r, seal)
}

// SealScan returns the seal of a scan record, as the election's verify-only
// key makes it.
func (is *Issuer) SealScan(r ScanRecord) string { return sealScan(&is.ballot, is.election, r) }

// CheckScan returns nil when seal is r's, ErrScanSeal when it is not.
func (is *Issuer) CheckScan(r ScanRecord, seal string) error {
	return checkScan(&is.ballot, is.election, r, seal)
}
