package election

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"text/template"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ballotpack/ballotpack/templates"
)

// The election file's mail: section, apart from the rest of the file: how
// packs are split into mail streams, and each stream's postage, reply
// envelope and wording.

// A Stream is a mail stream: packs posted together, under one postage,
// with one reply arrangement and one wording. Each is printed in batches
// of its own.
type Stream string

const (
	StreamUK   Stream = "uk"   // UK addresses, in mail-sort order
	StreamBFPO Stream = "bfpo" // forces mail: UK post, BFPO numbers for postcodes
	// StreamOverseas is every address abroad, when the election does not
	// split them by zone (mail.overseas_zones false).
	StreamOverseas Stream = "overseas"
	StreamEurope   Stream = "europe" // abroad, Royal Mail's Europe zone
	StreamWorld    Stream = "world"  // abroad, the rest of the world
)

// Streams are every stream, in the order packs are numbered and batched.
var Streams = []Stream{StreamUK, StreamBFPO, StreamOverseas, StreamEurope, StreamWorld}

// Abroad reports whether the stream goes abroad.
func (s Stream) Abroad() bool { return s == StreamOverseas || s == StreamEurope || s == StreamWorld }

// Label names the stream for people: "UK", "BFPO", "Overseas",
// "Overseas: Europe", "Overseas: rest of world".
func (s Stream) Label() string {
	switch s {
	case StreamUK:
		return "UK"
	case StreamBFPO:
		return "BFPO"
	case StreamOverseas:
		return "Overseas"
	case StreamEurope:
		return "Overseas: Europe"
	case StreamWorld:
		return "Overseas: rest of world"
	}
	return string(s)
}

// Reply is the reply envelope overseas packs hold.
type Reply string

const (
	// ReplyStamp: an envelope not prepaid from abroad; the member adds
	// the postage to the UK.
	ReplyStamp Reply = "stamp"
	// ReplyBRI: Business Reply International (Royal Mail's International
	// Business Reply Service, IBRS): prepaid from most countries, no stamp.
	ReplyBRI Reply = "bri"
)

// Mail is the election's mail: section, checked.
type Mail struct {
	// Zones splits overseas packs into StreamEurope and StreamWorld;
	// otherwise they are all StreamOverseas.
	Zones bool
	// Reply is the overseas packs' reply envelope.
	Reply Reply

	postage map[Stream]string
	reply   map[string]string                        // by key: uk, bfpo, overseas_stamp, overseas_bri
	wording map[string]map[string]*template.Template // variant → text → template
}

// MaxMailText bounds a postage class or a reply envelope's description:
// one line of the job ticket.
const MaxMailText = 60

// fileMail is the YAML layout of the mail: section.
type fileMail struct {
	OverseasZones bool                         `yaml:"overseas_zones"`
	OverseasReply string                       `yaml:"overseas_reply"`
	Postage       map[string]string            `yaml:"postage"`
	ReplyEnvelope map[string]string            `yaml:"reply_envelope"`
	Wording       map[string]map[string]string `yaml:"wording"`
}

// The keys of the mail: section's maps.
var (
	postageKeys     = []string{"uk", "bfpo", "overseas", "europe", "world"}
	replyKeys       = []string{"uk", "bfpo", "overseas_stamp", "overseas_bri"}
	mailVariants    = []string{"bfpo", "overseas_stamp", "overseas_bri"}
	mailWordingKeys = []string{"postal", "ballot_return"}
)

// Postage is the postage class of a stream's batches, for job.json and
// the job ticket.
func (m *Mail) Postage(s Stream) string { return m.postage[s] }

// ReplyEnvelope is what reply envelope the print house puts in the
// stream's packs.
func (m *Mail) ReplyEnvelope(s Stream) string { return m.reply[m.variant(s)] }

// variant is which wording and reply envelope a stream's packs have: "uk",
// "bfpo", or abroad "overseas_stamp" or "overseas_bri".
func (m *Mail) variant(s Stream) string {
	switch {
	case s.Abroad():
		return "overseas_" + string(m.Reply)
	case s == StreamBFPO:
		return "bfpo"
	}
	return "uk"
}

// PostalWording are the letter's postal paragraph and the ballot paper's
// return instruction for packs of stream s: UK packs have wording.postal
// and wording.ballot_return, and so do BFPO packs unless mail.wording.bfpo
// says otherwise; overseas packs have mail.wording.overseas_stamp or
// overseas_bri, as mail.overseas_reply says.
func (e *Election) PostalWording(s Stream) (postal, ballotReturn *template.Template) {
	postal, ballotReturn = e.Wording.Postal, e.Wording.BallotReturn
	if w := e.Mail.wording[e.Mail.variant(s)]; w != nil {
		postal = cmpOr(w["postal"], postal)
		ballotReturn = cmpOr(w["ballot_return"], ballotReturn)
	}
	return postal, ballotReturn
}

func cmpOr(a, b *template.Template) *template.Template {
	if a != nil {
		return a
	}
	return b
}

// defaultMail is the default election's mail: section.
var defaultMail = sync.OnceValue(func() fileMail {
	var f struct {
		Mail fileMail `yaml:"mail"`
	}
	b, _ := templates.FS.ReadFile(templates.DefaultElection)
	if err := yaml.Unmarshal(b, &f); err != nil {
		panic(err)
	}
	return f.Mail
})

// parseMail checks the mail: section, filling in what it leaves out from
// the default election's: postage, reply envelopes and overseas wording.
// BFPO packs have the UK's reply envelope and wording unless the section
// gives their own; the Europe and rest-of-world postage is the overseas
// one, with the zone's name, unless given.
func (e *Election) parseMail(c *checker, f fileMail) {
	dflt := defaultMail()
	m := Mail{Zones: f.OverseasZones, Reply: Reply(strings.ToLower(strings.TrimSpace(f.OverseasReply))),
		postage: map[Stream]string{}, reply: map[string]string{}, wording: map[string]map[string]*template.Template{}}
	switch m.Reply {
	case "":
		m.Reply = ReplyStamp
	case ReplyStamp, ReplyBRI:
	default:
		c.bad("mail.overseas_reply", fmt.Sprintf("%q is not stamp (the member pays the postage back) or bri (Business Reply International, prepaid from abroad)", f.OverseasReply))
	}

	// One line of text each, for the job ticket.
	texts := func(section string, given, dfltGiven map[string]string, keys []string) map[string]string {
		out := map[string]string{}
		for _, k := range sortedKeys(given) {
			setting := "mail." + section + "." + k
			v := strings.TrimSpace(given[k])
			switch {
			case !slices.Contains(keys, k):
				c.bad(setting, "unknown (known: "+strings.Join(keys, ", ")+")")
			case v == "":
				c.bad(setting, "empty: remove it to have the default")
			case strings.IndexFunc(v, unicode.IsControl) >= 0:
				c.bad(setting, "must be one line, without tabs or control characters")
			case utf8.RuneCountInString(v) > MaxMailText:
				c.bad(setting, fmt.Sprintf("is %d characters long, and the job ticket has room for %d", utf8.RuneCountInString(v), MaxMailText))
			default:
				out[k] = v
			}
		}
		for _, k := range keys {
			if _, ok := out[k]; !ok && dfltGiven[k] != "" {
				out[k] = dfltGiven[k]
			}
		}
		return out
	}
	postage := texts("postage", f.Postage, dflt.Postage, postageKeys)
	for _, s := range Streams {
		m.postage[s] = postage[string(s)]
	}
	if postage["europe"] == "" {
		m.postage[StreamEurope] = postage["overseas"] + " (Europe)"
	}
	if postage["world"] == "" {
		m.postage[StreamWorld] = postage["overseas"] + " (rest of world)"
	}
	m.reply = texts("reply_envelope", f.ReplyEnvelope, dflt.ReplyEnvelope, replyKeys)
	if m.reply["bfpo"] == "" {
		m.reply["bfpo"] = m.reply["uk"]
	}

	// The wording's variants, each text bounded and tried on sample fields
	// as the wording's are.
	for _, v := range sortedKeys(f.Wording) {
		if !slices.Contains(mailVariants, v) {
			c.bad("mail.wording."+v, "unknown (known: "+strings.Join(mailVariants, ", ")+")")
		}
	}
	sample := e.SampleFields()
	for _, v := range mailVariants {
		given := f.Wording[v]
		for _, k := range sortedKeys(given) {
			if !slices.Contains(mailWordingKeys, k) {
				c.bad("mail.wording."+v+"."+k, "unknown text (known: "+strings.Join(mailWordingKeys, ", ")+")")
			}
		}
		for _, k := range mailWordingKeys {
			text, ok := given[k]
			if !ok {
				if text, ok = dflt.Wording[v][k]; !ok {
					continue // BFPO: the UK's
				}
			}
			setting := "mail.wording." + v + "." + k
			t, err := parseText(v+"."+k, text)
			if err == nil {
				err = Execute(io.Discard, t, sample)
			}
			if err != nil {
				c.bad(setting, strings.TrimPrefix(err.Error(), "template: "))
				continue
			}
			if m.wording[v] == nil {
				m.wording[v] = map[string]*template.Template{}
			}
			m.wording[v][k] = t
		}
	}
	e.Mail = m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
