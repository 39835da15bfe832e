package election

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDefaultContact(t *testing.T) {
	e := Default()
	want := "phone 020 7946 0000 (Monday to Friday, 9am to 5pm), email returning.officer@example.org or write to Returning Officer, 1 Example Street, LONDON SW1A 1AA"
	if got := e.Contact.Text(); got != want {
		t.Errorf("contact %q\nwant %q", got, want)
	}
	if e.SampleFields().Contact != want {
		t.Error("the wording's fields lack the contact details")
	}
	var b bytes.Buffer
	if err := Execute(&b, e.Wording.Closing, e.SampleFields()); err != nil || !strings.Contains(b.String(), "for a replacement: "+want+".") {
		t.Errorf("closing: %v %q", err, b.String())
	}
}

func TestContactText(t *testing.T) {
	for _, c := range []struct {
		c    Contact
		want string
	}{
		{Contact{}, ""},
		{Contact{Phone: "0800 123 4567"}, "phone 0800 123 4567"},
		{Contact{Email: "ro@example.org"}, "email ro@example.org"},
		{Contact{Phone: "0800 123 4567", Email: "ro@example.org"}, "phone 0800 123 4567 or email ro@example.org"},
		{Contact{Email: "ro@example.org", Address: []string{"PO Box 1", "LEEDS LS1 1AA"}}, "email ro@example.org or write to PO Box 1, LEEDS LS1 1AA"},
	} {
		if got := c.c.Text(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
}

func TestCheckPhone(t *testing.T) {
	for _, s := range []string{"020 7946 0000", "02079460000", "0113 496 0000", "01632 960000", "0800 123 4567", "0800 123 456", "07700 900000",
		"+44 20 7946 0000", "+44 (0)20 7946 0000", "+44 (0) 113 496 0000", "+353 1 234 5678", "00353 1 234 5678", "+1 (555) 010-0199", "+33 1.23.45.67.89"} {
		if err := checkPhone(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for s, want := range map[string]string{
		"999":                   "not a UK phone number, which has 11 digits",
		"020 7946 000":          "not a UK phone number",
		"0400 000 0000":         "not a UK phone number",
		"020 7946 00000 0":      "not a UK phone number",
		"+44 020 7946 0000":     "after +44 comes the number without its first 0",
		"+44 20 7946":           "after +44 comes the number without its first 0",
		"+44 800 123 45":        "after +44 comes",
		"0207 946 000":          "not a UK phone number",
		"+1 555 01":             "not an international phone number",
		"+0 123 456 789":        "not an international phone number",
		"+1 555 0100 0199 9999": "not an international phone number",
		"020 7946 0000 ext 12":  "only digits, spaces and + - . ( ) may be in it",
		"020 +7946 0000":        "only digits",
		"phone us":              "only digits",
	} {
		if err := checkPhone(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want …%s…", s, err, want)
		}
	}
}

func TestCheckEmail(t *testing.T) {
	for _, s := range []string{"returning.officer@example.org", "ro+ballot@sub.example.co.uk", "o'brien@example.ie", "siân@example.cymru", "ro@xn--bcher-kva.example"} {
		if err := checkEmail(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"ro@example", "ro@@example.org", "ro@ex@ample.org", "@example.org", "ro@", "ro@-example.org", "ro@example-.org", "ro example@example.org",
		"ro@example.o", "ro@example.123", "Returning Officer <ro@example.org>", ".ro@example.org", "ro.@example.org", "r..o@example.org", "ro@example..org", "ro(at)example.org"} {
		if err := checkEmail(s); err == nil || !strings.Contains(err.Error(), "does not look like an email address") {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// base is minimal without its contact section.
var base = strings.Replace(minimal, "contact: {email: ro@example.org}\n", "", 1)

func TestContactErrors(t *testing.T) {
	cases := []struct{ name, contact, want string }{
		{"phone", "contact:\n  phone: 020 7946 000\n", `e.yaml line 11, contact.phone: "020 7946 000" is not a UK phone number`},
		{"email", "contact:\n  email: ro@example\n", `e.yaml line 11, contact.email: "ro@example" does not look like an email address`},
		{"empty address line", "contact:\n  address:\n    - PO Box 1\n    - ''\n", `e.yaml line 13, contact.address: line 2 is empty`},
		{"long address", "contact:\n  address: [a, b, c, d, e, f, g]\n", `e.yaml line 11, contact.address: has 7 lines; at most 6 fit the letter`},
		{"long line", "contact:\n  address: [" + strings.Repeat("x", 61) + "]\n", `e.yaml line 11, contact.address[1]: is 61 characters long; at most 60 fit the letter`},
		{"hours alone", "contact:\n  email: ro@example.org\n  hours: 9 to 5\n", `e.yaml line 12, contact.hours: are the hours of the phone line, and no phone is given`},
		{"control character", "contact:\n  hours: \"9\\x01to 5\"\n  phone: 0800 123 4567\n", `e.yaml line 11, contact.hours: holds a control character (U+0001)`},
		{"unprintable", "contact:\n  address: [王府井大街]\n", `e.yaml line 11, contact.address[1]: "王府井大街" has '王', which the pack's fonts cannot print`},
		{"wrong type", "contact:\n  address: PO Box 1\n", `e.yaml line 11, contact.address: should be a list`},
		{"unknown part", "contact:\n  fax: 020 7946 0000\n", `e.yaml line 11, contact.fax: unknown setting`},
		{"missing", "", `e.yaml, contact: missing: wording.closing gives members the returning officer's contact details ({{.Contact}}); give at least one of phone, email and address (the file leaves out closing, so the default wording is used)`},
		{"only hours", "contact:\n  hours: 9 to 5\n", `2 mistakes in e.yaml:
    e.yaml line 10, contact: no phone, email or address: wording.closing gives members the returning officer's contact details ({{.Contact}}); give at least one of phone, email and address (the file leaves out closing, so the default wording is used)
    e.yaml line 11, contact.hours: are the hours of the phone line, and no phone is given: give contact.phone, or leave out the hours`},
		{"used in the file", "wording:\n  closing: Questions? {{.Contact}}.\n", `e.yaml, contact: missing: wording.closing gives members the returning officer's contact details ({{.Contact}}); give at least one of phone, email and address`},
		{"not used", "contact:\n  phone: 0800 123 4567\nwording:\n  closing: Call us.\n", `e.yaml line 10, contact: no text of the wording uses {{.Contact}}, so these details would be printed nowhere`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("e.yaml", []byte(base+c.contact))
			var ee *Error
			if !errors.As(err, &ee) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s…", err, c.want)
			}
			if c.name == "used in the file" && strings.Contains(err.Error(), "default wording") {
				t.Errorf("says the default wording is used: %v", err)
			}
		})
	}
	// Every mistake at once, in file order.
	_, err := Parse("e.yaml", []byte(base+"contact:\n  phone: '999'\n  email: ro@@example.org\n  address: ['']\n  hours: \"\\x07\"\n"))
	want := `4 mistakes in e.yaml:
    e.yaml line 11, contact.phone: "999" is not a UK phone number, which has 11 digits (a few 01 and 0800 numbers 10) and starts 01, 02, 03, 05, 07, 08 or 09 (020 7946 0000, or +353 1 234 5678 abroad)
    e.yaml line 12, contact.email: "ro@@example.org" does not look like an email address (returning.officer@example.org)
    e.yaml line 13, contact.address: line 1 is empty
    e.yaml line 14, contact.hours: holds a control character (U+0007)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// The register's copy of an election file is read without the rules that
// guard letters not yet printed: a file without contact details, as an
// older ballotpack wrote them, still reads, and prints no details.
func TestParseStoredContact(t *testing.T) {
	if _, err := Parse("e.yaml", []byte(base)); err == nil {
		t.Fatal("Parse accepted a letter that refers to contact details without any")
	}
	e, err := ParseStored("e.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Execute(&b, e.Wording.Closing, e.SampleFields()); err != nil || !strings.HasSuffix(strings.TrimSpace(b.String()), "contact the returning officer for a replacement.") {
		t.Errorf("closing: %v %q", err, b.String())
	}
	if _, err := ParseStored("e.yaml", []byte(base+"contact:\n  phone: '999'\n")); err == nil {
		t.Error("ParseStored accepted a bad phone number")
	}
}
