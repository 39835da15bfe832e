package election

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"text/template"
)

func run(t *testing.T, e *Election, tpl *template.Template) string {
	t.Helper()
	var b bytes.Buffer
	if err := Execute(&b, tpl, e.SampleFields()); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMailDefault: a file without a mail: section has the default one:
// one overseas stream, reply envelopes that need a stamp from abroad, and
// each stream's postage, reply envelope and wording.
func TestMailDefault(t *testing.T) {
	for _, e := range []*Election{Default(), mustParse(t, minimal)} {
		m := &e.Mail
		if m.Zones || m.Reply != ReplyStamp {
			t.Errorf("%s: zones %v, reply %q", e.Source, m.Zones, m.Reply)
		}
		for s, want := range map[Stream]string{StreamUK: "UK 2nd Class", StreamBFPO: "BFPO, at UK inland rates", StreamOverseas: "International airmail",
			StreamEurope: "International airmail (Europe)", StreamWorld: "International airmail (rest of world)"} {
			if got := m.Postage(s); got != want {
				t.Errorf("%s: postage of %s %q, want %q", e.Source, s, got, want)
			}
		}
		for s, want := range map[Stream]string{StreamUK: "Business Reply envelope, prepaid in the UK", StreamBFPO: "Business Reply envelope, prepaid in the UK",
			StreamOverseas: "Return envelope, not prepaid (the member adds postage)", StreamWorld: "Return envelope, not prepaid (the member adds postage)"} {
			if got := m.ReplyEnvelope(s); got != want {
				t.Errorf("%s: reply envelope of %s %q, want %q", e.Source, s, got, want)
			}
		}
		for s, want := range map[Stream][2]string{
			StreamUK:       {"No stamp is needed.", "Return this paper in the envelope provided, to arrive by"},
			StreamBFPO:     {"No stamp is needed.", "Return this paper in the envelope provided, to arrive by"},
			StreamOverseas: {"Please attach the correct postage for a letter to the United Kingdom", "with the correct postage to the United Kingdom, to arrive by noon"},
			StreamEurope:   {"Please attach the correct postage", "with the correct postage"},
		} {
			postal, ret := e.PostalWording(s)
			if got := run(t, e, postal); !strings.Contains(got, want[0]) || s.Abroad() && strings.Contains(got, "No stamp") {
				t.Errorf("%s: %s postal %q, want …%s…", e.Source, s, got, want[0])
			}
			if got := run(t, e, ret); !strings.Contains(got, want[1]) && !strings.Contains(got, strings.Replace(want[1], "noon", "5pm", 1)) {
				t.Errorf("%s: %s ballot return %q, want …%s…", e.Source, s, got, want[1])
			}
		}
	}
}

func mustParse(t *testing.T, in string) *Election {
	t.Helper()
	e, err := Parse("e.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestMailSettings: zones, Business Reply International, a stream's own
// postage and reply envelope, BFPO's own wording.
func TestMailSettings(t *testing.T) {
	e := mustParse(t, minimal+`mail:
  overseas_zones: true
  overseas_reply: BRI
  postage:
    uk: Mailmark Economy
    world: International Business Mail, Zone 1
  reply_envelope:
    bfpo: Freepost envelope
  wording:
    bfpo:
      postal: Post it through BFPO; no stamp is needed.
`)
	m := &e.Mail
	if !m.Zones || m.Reply != ReplyBRI {
		t.Errorf("zones %v, reply %q", m.Zones, m.Reply)
	}
	for s, want := range map[Stream]string{StreamUK: "Mailmark Economy", StreamBFPO: "BFPO, at UK inland rates",
		StreamEurope: "International airmail (Europe)", StreamWorld: "International Business Mail, Zone 1"} {
		if got := m.Postage(s); got != want {
			t.Errorf("postage of %s %q, want %q", s, got, want)
		}
	}
	if got := m.ReplyEnvelope(StreamEurope); got != "International Business Reply envelope (IBRS)" {
		t.Errorf("reply envelope abroad %q", got)
	}
	if got := m.ReplyEnvelope(StreamBFPO); got != "Freepost envelope" {
		t.Errorf("reply envelope BFPO %q", got)
	}
	postal, ret := e.PostalWording(StreamWorld)
	if got := run(t, e, postal); !strings.Contains(got, "No stamp is needed: the envelope is International Business Reply") {
		t.Errorf("postal abroad %q", got)
	}
	if got := run(t, e, ret); !strings.Contains(got, "International Business Reply envelope provided (no stamp needed) to arrive by noon on Friday 30 October 2026") {
		t.Errorf("ballot return abroad %q", got)
	}
	postal, ret = e.PostalWording(StreamBFPO)
	if got := run(t, e, postal); got != "Post it through BFPO; no stamp is needed." {
		t.Errorf("postal BFPO %q", got)
	}
	if ret != e.Wording.BallotReturn {
		t.Error("BFPO's ballot return is not the UK's")
	}
}

// Every mistake in the mail: section is reported with the rest, each with
// its setting and line.
func TestMailErrors(t *testing.T) {
	in := minimal + `mail:
  overseas_zones: maybe
  overseas_reply: freepost
  postage:
    moon: Rocket
    uk: ''
    bfpo: "` + strings.Repeat("x", 61) + `"
  reply_envelope:
    uk: "two\tparts"
  wording:
    overseas: {postal: x}
    overseas_stamp:
      postal: '{{.Nmae}}'
      letter: x
    overseas_bri:
      ballot_return: '{{range 1000}}{{end}}'
`
	_, err := Parse("e.yaml", []byte(in))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v, want Errors", err)
	}
	want := `10 mistakes in e.yaml:
    e.yaml line 12, mail.overseas_zones: should be true or false, not "maybe"
    e.yaml line 13, mail.overseas_reply: "freepost" is not stamp (the member pays the postage back) or bri (Business Reply International, prepaid from abroad)
    e.yaml line 15, mail.postage.moon: unknown (known: uk, bfpo, overseas, europe, world)
    e.yaml line 16, mail.postage.uk: empty: remove it to have the default
    e.yaml line 17, mail.postage.bfpo: is 61 characters long, and the job ticket has room for 60
    e.yaml line 19, mail.reply_envelope.uk: must be one line, without tabs or control characters
    e.yaml line 21, mail.wording.overseas: unknown (known: bfpo, overseas_stamp, overseas_bri)
    e.yaml line 23, mail.wording.overseas_stamp.postal: overseas_stamp.postal:1:2: executing "overseas_stamp.postal" at <.Nmae>: can't evaluate field Nmae in type election.Fields
    e.yaml line 24, mail.wording.overseas_stamp.letter: unknown text (known: postal, ballot_return)
    e.yaml line 26, mail.wording.overseas_bri.ballot_return: overseas_bri.ballot_return:1:8: {{range 1000}} goes round 1000 times, and a text may go round at most 100`
	if got := err.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestStreamLabels(t *testing.T) {
	var labels []string
	for _, s := range Streams {
		labels = append(labels, string(s)+"="+s.Label())
		if s.Abroad() != (s != StreamUK && s != StreamBFPO) {
			t.Errorf("%s: abroad %v", s, s.Abroad())
		}
	}
	if got := strings.Join(labels, ", "); got != "uk=UK, bfpo=BFPO, overseas=Overseas, europe=Overseas: Europe, world=Overseas: rest of world" {
		t.Errorf("%s", got)
	}
}
