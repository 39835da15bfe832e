package codes

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testIssuer is an issuer under a fixed test key, NOT a real key.
func testIssuer(t testing.TB, election string) *Issuer {
	t.Helper()
	k, err := NewMasterKey([]byte("NOT A REAL KEY: ballotpack tests"))
	if err != nil {
		t.Fatal(err)
	}
	is, err := k.Issuer(election)
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func TestParseCodeForgiving(t *testing.T) {
	is := testIssuer(t, "test-election")
	p, err := is.Derive(Ref{Member: "0012345", Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Code{p.Ballot, p.Secret} {
		text := c.Text()
		// Make O, I and L out of 0 and 1 where the code has them.
		oil := strings.NewReplacer("0", "o", "1", "l").Replace(text)
		cases := map[string]string{
			"printed":         text,
			"compact":         c.Compact(),
			"lower case":      strings.ToLower(text),
			"spaces":          strings.ReplaceAll(text, "-", " "),
			"surrounded":      "  " + text + "\t",
			"odd grouping":    c.Compact()[:3] + " - " + c.Compact()[3:],
			"en dash":         strings.ReplaceAll(text, "-", "\u2013"),
			"no-break space":  strings.ReplaceAll(text, "-", "\u00a0"),
			"O and L for 0,1": oil,
			"I for 1":         strings.ReplaceAll(text, "1", "I"),
		}
		for name, in := range cases {
			got, err := ParseCode(in)
			if err != nil {
				t.Errorf("%s, %s: %v", c.Kind(), name, err)
				continue
			}
			if !got.Equal(c) {
				t.Errorf("%s, %s: parsed to a different code", c.Kind(), name)
			}
		}
	}
}

func TestParseCodeErrors(t *testing.T) {
	is := testIssuer(t, "test-election")
	p, _ := is.Derive(Ref{Member: "1", Issue: 1})
	b, s := p.Ballot.Text(), p.Secret.Text()
	swapped := []byte(b)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	if swapped[1] == swapped[2] {
		t.Fatal("test code has equal symbols at 1 and 2; pick another member")
	}
	substituted := []byte(b)
	substituted[7] = nextSymbol(substituted[7])

	cases := []struct {
		name     string
		in       string
		err      error
		kind     Kind
		pos      int
		contains string
	}{
		{"empty", "", ErrEmpty, 0, 0, "no code given"},
		{"only hyphens", " - - ", ErrEmpty, 0, 0, "no code given"},
		{"letter U", b[:6] + "U" + b[7:], ErrCharacter, 0, 7, `'U' at position 7`},
		{"punctuation", "!" + b[1:], ErrCharacter, 0, 1, `'!' at position 1`},
		{"non-ASCII", b[:2] + "é" + b[3:], ErrCharacter, 0, 3, `'é' at position 3`},
		{"ballot short one", b[:len(b)-1], ErrLength, Ballot, 0, "ballot code with a symbol missing"},
		{"ballot long one", b + "7", ErrLength, Ballot, 0, "ballot code with a symbol too many"},
		{"secret short one", s[:len(s)-1], ErrLength, Secret, 0, "secret code with a symbol missing"},
		{"secret short two", s[:len(s)-2], ErrLength, Secret, 0, "secret code with 2 symbols missing"},
		{"both together", b + s, ErrLength, 0, 0, "both codes run together"},
		{"unlike either", "ABC", ErrLength, 0, 0, "a ballot code has 10 and a secret code 16"},
		{"swapped symbols", string(swapped), ErrCheck, Ballot, 0, "probably a typing mistake"},
		{"one wrong symbol", string(substituted), ErrCheck, Ballot, 0, "the check symbol does not match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCode(tc.in)
			var ce *CodeError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *CodeError", err)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("error wraps %v, want %v", ce.Err, tc.err)
			}
			if ce.Kind != tc.kind || ce.Pos != tc.pos {
				t.Errorf("kind %v pos %d, want kind %v pos %d", ce.Kind, ce.Pos, tc.kind, tc.pos)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("message %q does not say %q", err, tc.contains)
			}
			if len(tc.in) >= 8 && strings.Contains(err.Error(), tc.in) {
				t.Errorf("message %q quotes the input", err)
			}
		})
	}
}

func nextSymbol(c byte) byte {
	i := strings.IndexByte(Alphabet, c)
	return Alphabet[(i+1)%32]
}

func TestCodeNeverPrintsItself(t *testing.T) {
	is := testIssuer(t, "test-election")
	p, _ := is.Derive(Ref{Member: "1", Issue: 1})
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{p.Ballot, p.Secret, p, is, is.VerifyKey()} {
			out := fmt.Sprintf(format, v)
			if strings.Contains(out, p.Ballot.Compact()[:5]) || strings.Contains(out, p.Secret.Compact()[:4]) {
				t.Errorf("fmt %s of %T shows a code: %s", format, v, out)
			}
		}
	}
}

func TestVerify(t *testing.T) {
	is := testIssuer(t, "test-election")
	r := Ref{Member: "0012345", Issue: 2}
	p, _ := is.Derive(r)
	other, _ := testIssuer(t, "other-election").Derive(r)
	earlier, _ := is.Derive(Ref{Member: "0012345", Issue: 1})
	cases := []struct {
		name string
		ref  Ref
		code Code
		err  error
	}{
		{"ballot code", r, p.Ballot, nil},
		{"secret code", r, p.Secret, nil},
		{"wrong member", Ref{Member: "12345", Issue: 2}, p.Ballot, ErrMismatch},
		{"superseded issue", r, earlier.Ballot, ErrMismatch},
		{"other variant", Ref{Member: "0012345", Issue: 2, Variant: 1}, p.Ballot, ErrMismatch},
		{"other election", r, other.Ballot, ErrMismatch},
		{"secret code of another member", Ref{Member: "12345", Issue: 2}, p.Secret, ErrMismatch},
	}
	for _, tc := range cases {
		if err := is.Verify(tc.ref, tc.code); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
		vk := is.VerifyKey()
		want := tc.err
		if tc.code.Kind() == Secret {
			want = ErrVerifyOnly
		}
		if err := vk.Verify(tc.ref, tc.code); !errors.Is(err, want) {
			t.Errorf("%s with verify-only key: %v, want %v", tc.name, err, want)
		}
	}
	if err := is.Verify(Ref{Member: "", Issue: 1}, p.Ballot); err == nil {
		t.Error("empty member verified")
	}
	if err := is.Verify(Ref{Member: "1", Issue: 0}, p.Ballot); err == nil {
		t.Error("issue 0 verified")
	}
}

func TestElectionIDs(t *testing.T) {
	k, _ := NewMasterKey(make([]byte, 32))
	for _, ok := range []string{"E", "leadership-2026", "a.b_c-9", strings.Repeat("x", 64)} {
		if _, err := k.Issuer(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-lead", "lead ship", "lead/ship", "léad", strings.Repeat("x", 65), "a\nb"} {
		if _, err := k.Issuer(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	is := testIssuer(f, "fuzz")
	p, _ := is.Derive(Ref{Member: "1", Issue: 1})
	for _, s := range []string{p.Ballot.Text(), p.Secret.Text(), strings.ToLower(p.Ballot.Compact()), "", "U", "ABCDE-FGHJK", "\u2013\u00a0", "ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			var ce *CodeError
			if !errors.As(err, &ce) {
				t.Fatalf("error of type %T", err)
			}
			if !c.IsZero() {
				t.Fatal("a code returned with an error")
			}
			_ = err.Error()
			return
		}
		if c.Kind() != Ballot && c.Kind() != Secret {
			t.Fatalf("kind %d", c.Kind())
		}
		for _, form := range []string{c.Text(), c.Compact(), strings.ToLower(c.Text())} {
			d, err := ParseCode(form)
			if err != nil || !d.Equal(c) {
				t.Fatalf("round trip failed: %v", err)
			}
		}
	})
}
