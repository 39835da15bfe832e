package election

import (
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode"
	"unicode/utf8"
)

// Contact is how members reach the returning officer (a lost pack, a
// question): printed where the wording says {{.Contact}}, as Text.
// Each part is optional; a file whose wording uses {{.Contact}} must give
// at least a phone number, an email address or a postal address.
type Contact struct {
	Phone   string   // as written, spaces run together: a UK number or one with + and a country code
	Email   string   // an address only, no name
	Address []string // postal address lines
	Hours   string   // when the phone line is open, e.g. "Monday to Friday, 9am to 5pm"
}

// fileContact is the YAML layout of the contact section.
type fileContact struct {
	Phone   string   `yaml:"phone"`
	Email   string   `yaml:"email"`
	Address []string `yaml:"address"`
	Hours   string   `yaml:"hours"`
}

// Limits on the contact details, which go into a sentence of the letter.
const (
	maxContactLine  = 60 // characters in a phone number, the hours or an address line
	maxContactLines = 6  // address lines
	maxEmail        = 254
)

// ParseStored is Parse for an election file that packs have been made
// with: the register's copy, read again by every command after generate.
// Rules that guard letters not yet printed (that a letter referring to the
// returning officer's contact details has some) are not applied to it, so
// that a file accepted by an older ballotpack still reads.
func ParseStored(source string, b []byte) (*Election, error) { return parseFile(source, b, true) }

// Text is the contact details in words, for the wording's
// {{.Contact}}: "phone 020 7946 0000 (Monday to Friday, 9am to 5pm),
// email ballot@example.org or write to Returning Officer, 1 Example
// Street, LONDON SW1A 1AA"; empty when the file gives none.
func (c Contact) Text() string {
	var parts []string
	if c.Phone != "" {
		p := "phone " + c.Phone
		if c.Hours != "" {
			p += " (" + c.Hours + ")"
		}
		parts = append(parts, p)
	}
	if c.Email != "" {
		parts = append(parts, "email "+c.Email)
	}
	if len(c.Address) > 0 {
		parts = append(parts, "write to "+strings.Join(c.Address, ", "))
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// parseContact checks the contact section and whether the wording refers
// to it: a text using {{.Contact}} needs details to print, and details no
// text uses would be printed nowhere. It runs once the wording and fonts
// are read.
func (e *Election) parseContact(c *checker, f fileContact) {
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	ct := Contact{Phone: clean(f.Phone), Email: strings.TrimSpace(f.Email), Hours: clean(f.Hours)}
	text := func(setting, value string, limit int) bool {
		switch r, bad := badRune(value, e); {
		case bad && unicode.IsControl(r):
			c.bad(setting, fmt.Sprintf("holds a control character (%U)", r))
		case bad:
			c.bad(setting, fmt.Sprintf("%q has %q, which the pack's fonts cannot print", value, r))
		case utf8.RuneCountInString(value) > limit:
			c.bad(setting, fmt.Sprintf("is %d characters long; at most %d fit the letter", utf8.RuneCountInString(value), limit))
		default:
			return true
		}
		return false
	}
	if ct.Phone != "" && text("contact.phone", ct.Phone, maxContactLine) {
		if err := checkPhone(ct.Phone); err != nil {
			c.bad("contact.phone", err.Error())
		}
	}
	if ct.Email != "" && text("contact.email", ct.Email, maxEmail) {
		if err := checkEmail(ct.Email); err != nil {
			c.bad("contact.email", err.Error())
		}
	}
	if len(f.Address) > maxContactLines {
		c.bad("contact.address", fmt.Sprintf("has %d lines; at most %d fit the letter", len(f.Address), maxContactLines))
	}
	for i, l := range f.Address {
		setting := fmt.Sprintf("contact.address[%d]", i+1)
		if l = clean(l); l == "" {
			c.badAt(c.pos.line[setting], "contact.address", fmt.Sprintf("line %d is empty", i+1))
			continue
		}
		if text(setting, l, maxContactLine) {
			ct.Address = append(ct.Address, l)
		}
	}
	if ct.Hours != "" && text("contact.hours", ct.Hours, maxContactLine) && ct.Phone == "" {
		c.bad("contact.hours", "are the hours of the phone line, and no phone is given: give contact.phone, or leave out the hours")
	}
	e.Contact = ct

	// What the wording says of it: not for the register's copy, nor when
	// part of the section could not be read (that is said already).
	if c.stored {
		return
	}
	for _, f := range c.failed {
		if within(f, "contact") {
			return
		}
	}
	var users []string
	for _, k := range wordingKeys {
		if t := *e.Wording.slot(k); t != nil && usesField(t, "Contact") {
			users = append(users, "wording."+k)
		}
	}
	given := ct.Phone != "" || ct.Email != "" || len(f.Address) > 0
	switch _, inFile := c.pos.line["contact"]; {
	case len(users) > 0 && !given:
		what := "missing"
		if inFile {
			what = "no phone, email or address"
		}
		c.bad("contact", fmt.Sprintf("%s: %s gives members the returning officer's contact details ({{.Contact}}); give at least one of phone, email and address%s",
			what, strings.Join(users, " and "), defaultNote(users, c)))
	case len(users) == 0 && inFile && (given || ct.Hours != ""):
		c.bad("contact", "no text of the wording uses {{.Contact}}, so these details would be printed nowhere: add {{.Contact}} where the letter tells members how to reach the returning officer")
	}
}

// defaultNote says which of the texts that use {{.Contact}} are the default
// wording's, which a file may not know it uses.
func defaultNote(users []string, c *checker) string {
	var dflt []string
	for _, u := range users {
		if _, ok := c.pos.line[u]; !ok {
			dflt = append(dflt, strings.TrimPrefix(u, "wording."))
		}
	}
	if len(dflt) == 0 {
		return ""
	}
	return fmt.Sprintf(" (the file leaves out %s, so the default wording is used)", strings.Join(dflt, " and "))
}

// badRune returns the first character of s that is a control character or
// that the election's fonts cannot print.
func badRune(s string, e *Election) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) || (e.Coverage != nil && !e.Coverage.Covers(r)) {
			return r, true
		}
	}
	return 0, false
}

// checkPhone reports whether s is a plausible phone number: a UK number
// (11 digits starting 01, 02, 03, 05, 07, 08 or 09, or 10 for some 01 and
// 0800 numbers), or one abroad written with + (or 00) and its country
// code, 8 to 15 digits in all (E.164), +44 followed by a UK number without
// its 0 (a "(0)" is allowed). Spaces, hyphens, dots and brackets may group
// the digits.
func checkPhone(s string) error {
	example := "020 7946 0000, or +353 1 234 5678 abroad"
	var digits []byte
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return fmt.Errorf("%q is not a phone number: only digits, spaces and + - . ( ) may be in it (%s)", s, example)
		}
	}
	d := string(digits)
	intl := strings.HasPrefix(s, "+")
	if !intl && strings.HasPrefix(d, "00") {
		intl, d = true, d[2:]
	}
	if !intl {
		if len(d) < 2 || d[0] != '0' || !ukNational(d[1:]) {
			return fmt.Errorf("%q is not a UK phone number, which has 11 digits (a few 01 and 0800 numbers 10) and starts 01, 02, 03, 05, 07, 08 or 09 (%s)", s, example)
		}
		return nil
	}
	if rest, ok := strings.CutPrefix(d, "44"); ok {
		if strings.Contains(strings.ReplaceAll(s, " ", ""), "(0)") {
			rest = strings.TrimPrefix(rest, "0")
		}
		if !ukNational(rest) {
			return fmt.Errorf("%q is not a UK phone number: after +44 comes the number without its first 0, 10 digits (a few 9) (+44 20 7946 0000)", s)
		}
		return nil
	}
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return fmt.Errorf("%q is not an international phone number: + and a country code, 8 to 15 digits in all (%s)", s, example)
	}
	return nil
}

// ukNational reports whether d, digits, is a UK number after its leading
// 0: 10 digits starting 1, 2, 3, 5, 7, 8 or 9, or 9 starting 1 or 800.
func ukNational(d string) bool {
	switch {
	case len(d) == 10:
		return strings.ContainsRune("1235789", rune(d[0]))
	case len(d) == 9:
		return d[0] == '1' || strings.HasPrefix(d, "800")
	}
	return false
}

// checkEmail reports whether s looks like an email address: a name of the
// characters an address may use, @, and a domain of two or more labels of
// letters, digits and hyphens whose last is letters only.
func checkEmail(s string) error {
	bad := fmt.Errorf("%q does not look like an email address (returning.officer@example.org)", s)
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return bad
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return bad
	}
	for _, r := range local {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~.-", r)) {
			return bad
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return bad
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return bad
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return bad
			}
		}
	}
	tld := labels[len(labels)-1]
	if utf8.RuneCountInString(tld) < 2 || slices.ContainsFunc([]rune(tld), func(r rune) bool { return !unicode.IsLetter(r) }) {
		return bad
	}
	return nil
}

// usesField reports whether a wording template refers to the field name
// anywhere in its parse tree.
func usesField(t *template.Template, name string) bool {
	if t.Tree == nil {
		return false
	}
	found := false
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		if found || n == nil {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			found = n.Ident[0] == name
		case *parse.ChainNode:
			walk(n.Node)
			found = found || (len(n.Field) > 0 && n.Field[0] == name)
		case *parse.VariableNode:
			found = len(n.Ident) > 1 && n.Ident[0] == "$" && n.Ident[1] == name
		}
	}
	walk(t.Tree.Root)
	return found
}
