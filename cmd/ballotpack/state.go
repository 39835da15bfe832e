package main

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/ballotpack/ballotpack/codes"
	"github.com/ballotpack/ballotpack/internal/infile"
	"github.com/ballotpack/ballotpack/internal/register"
	"github.com/ballotpack/ballotpack/packgen/election"
)

// An electionState is what every command after generate works from: the
// register, the election it holds, and a key checked against it.
type electionState struct {
	reg  *register.Register
	info register.Info
	el   *election.Election
	chk  codes.Checker // nil until a key is loaded
}

// openRegister opens the register a -register flag names and takes the
// election from it. An -election file, when given, must be the one the
// register holds, byte for byte.
func openRegister(arg, electionPath string) (*electionState, error) {
	return openRegisterMode(arg, electionPath, false)
}

// openRegisterMode is openRegister, read-only when readOnly is set.
func openRegisterMode(arg, electionPath string, readOnly bool) (*electionState, error) {
	open := register.Open
	if readOnly {
		open = register.OpenReadOnly
	}
	reg, err := open(arg)
	if errors.Is(err, register.ErrNotFound) {
		return nil, withHint(err, "-register is the folder 'ballotpack generate' wrote (it holds register.db), or a station's copy made by 'ballotpack station'")
	}
	if err != nil {
		return nil, err
	}
	s := &electionState{reg: reg, info: reg.Info()}
	// The packs are made: the file is read as the register holds it, by the
	// rules for a file packs were made with.
	s.el, err = election.ParseStored(s.info.ElectionFile, s.info.ElectionBytes)
	if err != nil {
		reg.Close()
		return nil, fmt.Errorf("the election file stored in %s: %w", reg.Path(), err)
	}
	if electionPath != "" {
		b, err := infile.ReadFile(electionPath, election.MaxFileBytes)
		if err != nil {
			reg.Close()
			return nil, err
		}
		if !bytes.Equal(b, s.info.ElectionBytes) {
			given, perr := election.Parse(electionPath, b)
			what := "it does not read as an election file"
			if perr == nil {
				what = fmt.Sprintf("it is %q (election %s)", given.Title, given.ID)
			}
			reg.Close()
			return nil, withHint(fmt.Errorf("%s is not the election file of this register: the register holds %q (election %s, SHA-256 %.12s…) and %s",
				electionPath, s.info.Title, s.info.Election, s.info.ElectionSHA256, what),
				"leave out -election: every command after generate uses the election the register holds")
		}
	}
	return s, nil
}

// withKey loads a key file and checks that it is the key the register's
// packs were made with.
func (s *electionState) withKey(path string, insecurePerms bool) error {
	chk, err := checkerFor(path, insecurePerms, s.info.Election)
	if err != nil {
		return err
	}
	if err := s.checkKeyID(path, chk.KeyID(), "use this election's key (or the verify-only key made from it)"); err != nil {
		return err
	}
	s.chk = chk
	return nil
}

// checkKeyID refuses a key whose ID is not the register's.
func (s *electionState) checkKeyID(path, id, hint string) error {
	if id != s.info.KeyID {
		return withHint(fmt.Errorf("%s has key ID %s, but the packs in %s were made with key %s", path, id, s.reg.Path(), s.info.KeyID), hint)
	}
	return nil
}

// withMasterKey is withKey for commands that make codes.
func (s *electionState) withMasterKey(path string, insecurePerms bool, need string) (*codes.Issuer, error) {
	master, err := loadMasterKey(path, insecurePerms, need)
	if err != nil {
		return nil, err
	}
	if err := s.checkKeyID(path, master.KeyID(), "use this election's master key"); err != nil {
		return nil, err
	}
	issuer, err := master.Issuer(s.info.Election)
	if err != nil {
		return nil, err
	}
	s.chk = issuer
	return issuer, nil
}

func (s *electionState) close() { s.reg.Close() }

// seal seals a scan record with the loaded key.
func (s *electionState) seal(sc register.Scan) string { return s.chk.SealScan(scanRecord(sc)) }

// checkSeal checks a scan record's seal with the loaded key.
func (s *electionState) checkSeal(sc register.Scan) error {
	return s.chk.CheckScan(scanRecord(sc), sc.Seal)
}

func scanRecord(s register.Scan) codes.ScanRecord {
	return codes.ScanRecord{Station: s.Station, StationSeq: s.StationSeq, Operator: s.Operator, ScannedAt: s.ScannedAt,
		ReceivedAt: s.ReceivedAt, Member: s.Member, Issue: s.Issue}
}

// A scanned pack: what a ballot code identifies.
type scanPack struct {
	member  string
	issue   uint32
	variant uint32
	seq     int
}

// packIndex knows every pack issued in the election, first packs and
// replacements, by ballot code.
type packIndex struct {
	byCode   map[codes.Code]scanPack
	current  map[string]uint32               // member → current issue
	replaced map[string]register.Replacement // member → latest replacement
	seq      map[string]int                  // member → sequence number in the run
}

// packIndex derives the ballot code of every pack issued, old and current.
func (s *electionState) packIndex() (*packIndex, error) {
	var derive func(codes.Ref) (codes.Code, error)
	switch k := s.chk.(type) {
	case *codes.VerifyKey:
		derive = k.BallotCode
	case *codes.Issuer:
		derive = func(r codes.Ref) (codes.Code, error) { p, err := k.Derive(r); return p.Ballot, err }
	default:
		return nil, errors.New("no key loaded")
	}
	packs, err := s.reg.Packs()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.reg.Path(), err)
	}
	// Deriving the codes is most of the work: it is shared among the cores.
	derived := make([]codes.Code, len(packs))
	workers := min(runtime.NumCPU(), 8)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(packs); i += workers {
				p := packs[i]
				if derived[i], errs[w] = derive(codes.Ref{Member: p.Member, Issue: p.Issue, Variant: p.Variant}); errs[w] != nil {
					errs[w] = fmt.Errorf("%s: pack of member %s: %v", s.reg.Path(), p.Member, errs[w])
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ix := &packIndex{byCode: make(map[codes.Code]scanPack, len(packs)), current: make(map[string]uint32, len(packs)),
		replaced: map[string]register.Replacement{}, seq: make(map[string]int, len(packs))}
	for i, p := range packs {
		ix.byCode[derived[i]] = scanPack{member: p.Member, issue: p.Issue, variant: p.Variant, seq: p.Seq}
		ix.seq[p.Member] = p.Seq
		if p.Current {
			ix.current[p.Member] = p.Issue
		}
	}
	reps, err := s.reg.Replacements()
	if err != nil {
		return nil, err
	}
	for _, rep := range reps {
		ix.replaced[rep.Member] = rep
	}
	return ix, nil
}
