package packgen

import (
	"bytes"
	"fmt"
	"github.com/ballotpack/ballotpack/internal/mailmark"
	"io"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/ballotpack/ballotpack/internal/fpdf"
	"rsc.io/qr"

	"github.com/ballotpack/ballotpack/packgen/election"
	"github.com/ballotpack/ballotpack/packgen/layout"
	"github.com/ballotpack/ballotpack/packgen/roll"
)

// Page geometry, in millimetres, A4 portrait.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 20.0
	marginTop    = 15.0
	bodyW        = pageW - marginL - marginR
	bottomLimit  = markTop - markQuiet - 1 // body text stops above the integrity mark and its quiet zone
)

// Content is everything one pack shows.
type Content struct {
	Member      *roll.Member
	Fields      election.Fields
	Code1       string // ballot code as printed, XXXXX-XXXXC
	Code2       string // secret code as printed, XXXX-XXXX-XXXX-XXXC
	LetterQR    string // payload of the letter's QR code
	BallotQR    string // payload of the ballot paper's QR code
	Seq, Batch  int
	Replacement bool
}

// String names the pack without its codes, so that a Content passed to a
// log line or an error by mistake shows none.
func (c Content) String() string {
	id := ""
	if c.Member != nil {
		id = c.Member.ID
	}
	return fmt.Sprintf("packgen.Content{seq %d, batch %d, member %s}", c.Seq, c.Batch, id)
}

// GoString is the same as String.
func (c Content) GoString() string { return c.String() }

// A Renderer draws packs for one election and job.
type Renderer struct {
	el    *election.Election
	job   string
	fonts layout.FontSet
	Proof bool // watermark every page PROOF — NOT VALID FOR VOTING

	onNewPage func(*Content) // set by WriteBatch: a page of this pack began

	// Per document, set by templates: what every standard pack shares.
	letterTpl, ballotTpl fpdf.Template
	greetingHeight       float64
	tplStream            election.Stream // the mail stream the letter template is worded for

	// Per document: what packs drawn over the templates work out alike,
	// worked out once (the static wording and its line breaks).
	staticTexts map[string]string
	splits      map[splitKey][]string
}

// A splitKey is a paragraph as set in one font: its line breaks are the
// same wherever it is set.
type splitKey struct {
	text, style string
	size        float64
}

// NewRenderer returns a renderer for el; job names the run in every page's
// integrity mark.
func NewRenderer(el *election.Election, fonts layout.FontSet, job string) *Renderer {
	return &Renderer{el: el, job: job, fonts: fonts}
}

// stream is the mail stream of m's pack, whose wording it is printed in.
func (r *Renderer) stream(m *roll.Member) election.Stream { return StreamOf(m, r.el.Mail.Zones) }

// PagesPerPack is the fixed number of pages of a pack: a one-page letter
// and the ballot paper; large print has a two-page letter.
func PagesPerPack(largePrint bool) int {
	if largePrint {
		return 3
	}
	return 2
}

// sizes are the type sizes of one kind of pack, in points.
type sizes struct {
	body, heading, title, code, small, candidate float64
	from, label, address                         float64 // the return address; the codes' labels; the window's, at most
	line                                         float64 // body line height, mm
	fromLine, metaLine                           float64 // line heights of the return address and of the date, mm
}

// Large print is RNIB clear print: every word 16 pt or more (small is the
// smallest size of each kind of pack).
var (
	standardSizes = sizes{body: 10.5, heading: 12, title: 15, code: 15, small: 8.5, candidate: 13, from: 9, label: 9.5, address: layout.AddressPt, line: 4.6, fromLine: 4, metaLine: 4.5}
	largeSizes    = sizes{body: 16, heading: 18, title: 20, code: 20, small: 16, candidate: 18, from: 16, label: 16, address: 16, line: 7.0, fromLine: 6.5, metaLine: 7.0}
)

func (r *Renderer) newDoc() *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	// fpdf writes into the font bytes it is given (utf8FontFile.getMetrics
	// appends to a slice of them), which races between documents and changes
	// later output: each document gets its own copy.
	pdf.AddUTF8FontFromBytes("sans", "", bytes.Clone(r.fonts.Regular))
	pdf.AddUTF8FontFromBytes("sans", "B", bytes.Clone(r.fonts.Bold))
	pdf.AddUTF8FontFromBytes("mono", "", bytes.Clone(r.fonts.Mono))
	pdf.PackPages() // each page compressed as it ends: a batch's raw pages are never all held
	pdf.SetMargins(marginL, marginTop, marginR)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreationDate(r.el.LetterDate)
	pdf.SetModificationDate(r.el.LetterDate)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("ballotpack", false)
	pdf.SetCreator("ballotpack", false)
	pdf.SetTitle(r.el.Title, true)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
	return pdf
}

// A pass says what a drawing run puts on paper. Content that is the same in
// every standard pack is drawn once per batch into a template (passStatic)
// that each page reuses; the rest is drawn over it (passDynamic). Layout is
// computed the same way in every pass, so both land where they belong.
type pass uint8

const (
	passAll     pass = iota // everything, directly on the page
	passStatic              // only what every pack shares
	passDynamic             // only what is the pack's own
)

// on reports whether this pass draws content that is static or not.
func (p pass) on(static bool) bool { return p == passAll || (p == passStatic) == static }

// cell draws a one-line cell, or only moves past it when this pass does not
// draw it; ln as for fpdf.CellFormat (0 right, 1 next line, 2 below).
func cell(pdf *fpdf.Fpdf, draw bool, w, h float64, text string, ln int, align string) {
	if draw {
		pdf.CellFormat(w, h, text, "", ln, align, false, 0, "")
		return
	}
	switch x, y := pdf.GetXY(); ln {
	case 0:
		pdf.SetX(x + w)
	case 1:
		pdf.SetY(y + h)
	default:
		pdf.SetY(y + h)
		pdf.SetX(x)
	}
}

// multi draws a wrapped block like fpdf.MultiCell, or only moves past it.
func multi(pdf *fpdf.Fpdf, draw bool, w, h float64, text, align string) {
	if draw {
		pdf.MultiCell(w, h, text, "", align, false)
		return
	}
	pdf.SetY(pdf.GetY() + h*float64(len(pdf.SplitText(text, w))))
}

// owner is the pack the current page belongs to, for the integrity mark
// that the footer draws when the page is finished.
type owner struct {
	c            *Content
	start, pages int
}

// WriteBatch renders packs into one PDF on w and returns its page count.
// Several batches may be written at once.
func (shared *Renderer) WriteBatch(w io.Writer, packs []Content) (int, error) {
	r := *shared // this batch's own page bookkeeping
	pdf := r.newDoc()
	var own owner
	pdf.SetFooterFunc(func() {
		if own.c != nil {
			r.mark(pdf, own.c, pdf.PageNo()-own.start+1, own.pages)
		}
	})
	r.onNewPage = func(c *Content) {
		if own.c != c {
			own = owner{c: c, start: pdf.PageNo(), pages: PagesPerPack(c.Member.LargePrint)}
		}
	}
	r.tplStream = election.StreamUK
	if len(packs) > 0 {
		r.tplStream = r.stream(packs[0].Member) // a batch is of one stream
	}
	r.templates(pdf)
	r.staticTexts, r.splits = map[string]string{}, map[splitKey][]string{}
	for i := range packs {
		c := &packs[i]
		start, pages := pdf.PageNo()+1, PagesPerPack(c.Member.LargePrint)
		if err := r.pack(pdf, c, pages); err != nil {
			return 0, fmt.Errorf("pack %d (member %s): %w", c.Seq, c.Member.ID, err)
		}
		if got := pdf.PageNo() - start + 1; got != pages {
			return 0, fmt.Errorf("pack %d (member %s) came out as %d pages, not %d", c.Seq, c.Member.ID, got, pages)
		}
	}
	if err := pdf.Output(w); err != nil {
		return 0, err
	}
	return pdf.PageCount(), nil
}

func (r *Renderer) pack(pdf *fpdf.Fpdf, c *Content, pages int) error {
	sz := standardSizes
	if c.Member.LargePrint {
		sz = largeSizes
	}
	letterPass, ballotPass := passAll, passAll
	if r.letterTpl != nil && r.fitsTemplate(pdf, c) {
		letterPass = passDynamic
	}
	if r.ballotTpl != nil && !c.Member.LargePrint {
		ballotPass = passDynamic
	}
	if err := r.letter(pdf, c, sz, pages-1, letterPass); err != nil {
		return err
	}
	return r.ballot(pdf, c, sz, ballotPass)
}

// templates draws, once per document, the parts of a standard pack's
// letter and ballot paper that every pack shares, when the election's
// wording allows: texts that do not change with the member.
func (r *Renderer) templates(pdf *fpdf.Fpdf) {
	r.letterTpl, r.ballotTpl = nil, nil
	sample := r.el.SampleFields()
	w := r.el.Wording
	same := func(ts ...*template.Template) bool {
		for _, t := range ts {
			if usesMember(t) {
				return false
			}
		}
		return true
	}
	probe := &Content{Member: &roll.Member{ID: sample.MembershipNumber, Surname: sample.Surname}, Fields: sample}
	postal, _ := r.el.PostalWording(r.tplStream)
	if same(w.Introduction, w.Online, postal, w.Deadline, w.Rule, w.Closing) {
		var err error
		tpl := pdf.CreateTemplate(func(t *fpdf.Tpl) {
			t.SetMargins(marginL, marginTop, marginR)
			t.SetAutoPageBreak(false, 0)
			err = r.letter(&t.Fpdf, probe, standardSizes, 1, passStatic)
		})
		if err == nil {
			r.letterTpl = tpl
			r.greetingHeight = textHeight(pdf, firstOf(exec(w.Greeting, sample)), standardSizes)
		}
	}
	if same(w.BallotInstruction) {
		var err error
		tpl := pdf.CreateTemplate(func(t *fpdf.Tpl) {
			t.SetMargins(marginL, marginTop, marginR)
			t.SetAutoPageBreak(false, 0)
			err = r.ballot(&t.Fpdf, probe, standardSizes, passStatic)
		})
		if err == nil {
			r.ballotTpl = tpl
		}
	}
}

// memberFields are the wording fields that differ between members.
// (Replacement differs too, but only standard first-issue packs, where it
// is always false, are drawn over the shared template.)
var memberFields = map[string]bool{"Name": true, "Forename": true, "Surname": true, "MembershipNumber": true}

// usesMember reports whether a wording template may say something
// different for different members: whether its parse tree reaches a
// member's field, or the whole dot.
func usesMember(t *template.Template) bool {
	return t.Tree == nil || reachesMember(t.Tree.Root)
}

func reachesMember(n parse.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if reachesMember(c) {
				return true
			}
		}
		return false
	case *parse.ActionNode:
		return reachesMember(n.Pipe)
	case *parse.IfNode:
		return reachesBranch(&n.BranchNode)
	case *parse.RangeNode:
		return reachesBranch(&n.BranchNode)
	case *parse.WithNode:
		return reachesBranch(&n.BranchNode)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if reachesMember(c) {
				return true
			}
		}
		return false
	case *parse.CommandNode:
		for _, a := range n.Args {
			if reachesMember(a) {
				return true
			}
		}
		return false
	case *parse.FieldNode:
		return memberFields[n.Ident[0]]
	case *parse.ChainNode:
		return reachesMember(n.Node) || (len(n.Field) > 0 && memberFields[n.Field[0]])
	case *parse.VariableNode:
		return n.Ident[0] == "$" && (len(n.Ident) == 1 || memberFields[n.Ident[1]])
	case *parse.DotNode, *parse.TemplateNode:
		return true // the whole of the data, or another template: assume so
	}
	return false // text, numbers, strings, booleans, nil, comments
}

func reachesBranch(b *parse.BranchNode) bool {
	return reachesMember(b.Pipe) || reachesMember(b.List) || reachesMember(b.ElseList)
}

// textHeight is how much height flow.paragraphs takes for text.
func textHeight(pdf *fpdf.Fpdf, text string, sz sizes) float64 {
	pdf.SetFont("sans", "", sz.body)
	h := 0.0
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		if para == "" {
			continue
		}
		h += float64(len(pdf.SplitText(para, bodyW)))*sz.line + sz.line*0.5
	}
	return h
}

// fitsTemplate reports whether pack c's letter can be drawn over the
// letter template: a standard, first-issue pack whose greeting takes as
// much room as the sample's.
func (r *Renderer) fitsTemplate(pdf *fpdf.Fpdf, c *Content) bool {
	if c.Member.LargePrint || c.Replacement || r.stream(c.Member) != r.tplStream {
		return false
	}
	g, err := exec(r.el.Wording.Greeting, c.Fields)
	if err != nil {
		return false
	}
	return textHeight(pdf, g, standardSizes) == r.greetingHeight
}

// firstOf returns s, ignoring err: for texts already tried at load time.
func firstOf(s string, _ error) string { return s }

// exec runs one of the election's texts for this pack, within the bounds
// the election file was checked against.
func exec(t *template.Template, f election.Fields) (string, error) {
	var b bytes.Buffer
	if err := election.Execute(&b, t, f); err != nil {
		return "", fmt.Errorf("wording %s: %w", t.Name(), err)
	}
	return strings.TrimSpace(b.String()), nil
}

// flow writes paragraphs (separated by blank lines) at the current
// position, turning to a new letter page when the body would run into the
// mark; it returns an error when the letter needs more than maxPage pages.
// A paragraph is kept whole on one page, moved to the next when it does not
// fit the rest of this one (only one longer than a whole page is broken, at
// a line), and a heading is kept with the paragraph after it.
type flow struct {
	pdf           *fpdf.Fpdf
	r             *Renderer
	c             *Content
	sz            sizes
	page, maxPage int
	pass          pass
}

// pageTop is where the body starts on a letter's second and later pages.
const pageTop = marginTop + 5

func (fl *flow) need(h float64) error {
	if fl.pdf.GetY()+h <= bottomLimit {
		return nil
	}
	if fl.page == fl.maxPage || fl.pass == passStatic {
		return fmt.Errorf("the letter does not fit on %d page(s): shorten the wording in the election file", fl.maxPage)
	}
	fl.page++
	fl.r.newPage(fl.pdf, fl.c)
	fl.pdf.SetXY(marginL, pageTop)
	return nil
}

// lines breaks a paragraph set in style and size into lines of the body's
// width; static paragraphs over the template break the same in every pack,
// and are broken once.
func (fl *flow) lines(para, style string, size float64, static bool) []string {
	cached := static && fl.pass == passDynamic && fl.r.splits != nil
	k := splitKey{para, style, size}
	if cached {
		if lines, ok := fl.r.splits[k]; ok {
			return lines
		}
	}
	var lines []string
	if p := strings.Join(strings.Fields(para), " "); p != "" {
		fl.pdf.SetFont("sans", style, size)
		lines = fl.pdf.SplitText(p, bodyW)
	}
	if cached {
		fl.r.splits[k] = lines
	}
	return lines
}

// firstHeight is the height of text's first paragraph, for a heading to
// keep with it.
func (fl *flow) firstHeight(text, style string, size float64, static bool) float64 {
	first, _, _ := strings.Cut(text, "\n\n")
	return float64(len(fl.lines(first, style, size, static))) * fl.sz.line
}

func (fl *flow) paragraphs(text string, style string, size float64, static bool) error {
	for _, para := range strings.Split(text, "\n\n") {
		lines := fl.lines(para, style, size, static)
		if len(lines) == 0 {
			continue
		}
		// Whole on this page, or whole on the next; only a paragraph longer
		// than a page is broken.
		if h := float64(len(lines)) * fl.sz.line; h <= bottomLimit-pageTop {
			if err := fl.need(h); err != nil {
				return err
			}
		}
		fl.pdf.SetFont("sans", style, size)
		for _, l := range lines {
			if err := fl.need(fl.sz.line); err != nil {
				return err
			}
			fl.pdf.SetX(marginL)
			cell(fl.pdf, fl.pass.on(static), bodyW, fl.sz.line, l, 1, "L")
		}
		fl.pdf.SetY(fl.pdf.GetY() + fl.sz.line*0.5)
	}
	return nil
}

// heading writes a heading, on the page where next (the height of what
// follows it, kept with it) fits too.
func (fl *flow) heading(text string, next float64) error {
	if err := fl.need(fl.sz.line*1.5 + max(next, fl.sz.line*1.5)); err != nil {
		return err
	}
	fl.pdf.SetY(fl.pdf.GetY() + fl.sz.line*0.3)
	fl.pdf.SetFont("sans", "B", fl.sz.heading)
	cell(fl.pdf, fl.pass.on(true), bodyW, fl.sz.line*1.2, text, 1, "L")
	return nil
}

func (r *Renderer) newPage(pdf *fpdf.Fpdf, c *Content) {
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: pageW, Ht: pageH}) // the footer marks the page before
	if r.onNewPage != nil {
		r.onNewPage(c)
	}
	if r.Proof {
		r.watermark(pdf)
	}
}

func (r *Renderer) letter(pdf *fpdf.Fpdf, c *Content, sz sizes, maxPages int, p pass) error {
	el := r.el
	if p != passStatic {
		r.newPage(pdf, c)
	}
	if p == passDynamic {
		pdf.UseTemplate(r.letterTpl)
	}

	// Return address, top right.
	pdf.SetFont("sans", "B", max(12, sz.from))
	pdf.SetXY(110, marginTop)
	cell(pdf, p.on(true), pageW-110-marginR, sz.fromLine+1.5, el.Organisation, 2, "R")
	pdf.SetFont("sans", "", sz.from)
	for _, l := range el.ReturnAddress {
		cell(pdf, p.on(true), pageW-110-marginR, sz.fromLine, l, 2, "R")
	}

	if p.on(false) {
		if err := r.address(pdf, c, sz); err != nil {
			return err
		}
		// Date and membership number, right, level with the window's foot
		// and clear of everything it may show; the number under its label
		// when both will not go on one line (large print).
		win := el.Window()
		pdf.SetFont("sans", "", sz.small+1)
		metaX := max(120.0, win.Ever().Right()+3)
		lines := []string{el.LetterDate.Format("2 January 2006"), "Membership number " + c.Member.ID}
		if pdf.GetStringWidth(lines[1]) > pageW-metaX-marginR-2*pdf.GetCellMargin() {
			lines = []string{lines[0], "Membership number", c.Member.ID}
		}
		pdf.SetXY(metaX, win.Always().Bottom()-float64(len(lines))*sz.metaLine)
		for _, l := range lines {
			pdf.CellFormat(pageW-metaX-marginR, sz.metaLine, l, "", 2, "R", false, 0, "")
		}
	}

	// The title starts below anything the window may show.
	pdf.SetXY(marginL, el.Window().Ever().Bottom()+4)
	pdf.SetFont("sans", "B", sz.title)
	title := el.Title
	if c.Replacement {
		title += " — replacement pack"
	}
	multi(pdf, p.on(true), bodyW, sz.line*1.4, title, "L")
	pdf.SetY(pdf.GetY() + sz.line*0.5)

	fl := &flow{pdf: pdf, r: r, c: c, sz: sz, page: 1, maxPage: maxPages, pass: p}
	w := el.Wording
	stream := r.tplStream // the template's
	if p != passStatic {
		stream = r.stream(c.Member)
	}
	postal, _ := el.PostalWording(stream) // worded for where the vote is posted back from
	texts := map[string]string{}
	for name, t := range map[string]*template.Template{
		"greeting": w.Greeting, "introduction": w.Introduction, "online": w.Online, "postal": postal,
		"deadline": w.Deadline, "rule": w.Rule, "closing": w.Closing,
	} {
		// Over the template, every text but the greeting is the same in
		// every pack (templates checked that none uses the member).
		if s, ok := r.staticTexts[name]; ok && p == passDynamic {
			texts[name] = s
			continue
		}
		s, err := exec(t, c.Fields)
		if err != nil {
			return err
		}
		texts[name] = s
		if p == passDynamic && name != "greeting" && r.staticTexts != nil {
			r.staticTexts[name] = s
		}
	}
	steps := []func() error{
		func() error { return fl.paragraphs(texts["greeting"], "", sz.body, false) },
		func() error { return fl.paragraphs(texts["introduction"], "", sz.body, true) },
		func() error {
			return fl.heading("How to vote online", fl.firstHeight(texts["online"], "", sz.body, true))
		},
		func() error { return fl.paragraphs(texts["online"], "", sz.body, true) },
		func() error { return r.codesBox(fl, c) },
		func() error {
			return fl.heading("How to vote by post", fl.firstHeight(texts["postal"], "", sz.body, true))
		},
		func() error { return fl.paragraphs(texts["postal"], "", sz.body, true) },
		func() error { return fl.paragraphs(texts["deadline"], "B", sz.body, true) },
		func() error { return fl.paragraphs(texts["rule"], "B", sz.body, true) },
		func() error { return fl.paragraphs(texts["closing"], "", sz.body, true) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for fl.page < maxPages {
		fl.page++
		r.newPage(pdf, c)
		pdf.SetFont("sans", "", sz.body)
		pdf.SetXY(marginL, pageTop)
		pdf.CellFormat(bodyW, sz.line, "This page is intentionally blank.", "", 1, "C", false, 0, "")
	}
	return nil
}

// address prints the member's address in the envelope window, Royal Mail
// style: name, address lines, post town in capitals, postcode alone on the
// last line, country in capitals abroad. It is set inside what the window
// shows in every position of the letter, with clear space all round
// (layout.Window), at 10 pt (large print: 16 pt, smaller only when the
// lines would not fit); never below 10 pt, though an address abroad may
// shrink to 8 pt. check has refused any address that does not fit.
func (r *Renderer) address(pdf *fpdf.Fpdf, c *Content, sz sizes) error {
	m := c.Member
	win := r.el.Window()
	lines := m.WindowLines()
	minPt := layout.MinUKPt
	if m.Overseas() {
		minPt = layout.MinAbroadPt
	}
	size, _ := win.FitFrom(lines, pdfWidther{pdf}, max(sz.address, layout.AddressPt), minPt)
	pdf.SetFont("sans", "", size)
	lh := size * layout.LineFactor
	text := win.Text()
	// A cell's text starts a cell margin in from its edge, and the tallest
	// letters (accents on capitals) reach a little above a cell's top: the
	// block starts that much lower, and still ends above the clear space.
	x := text.X - pdf.GetCellMargin()
	pdf.SetXY(x, text.Y+0.03*size)
	for _, l := range lines {
		pdf.SetX(x)
		pdf.CellFormat(text.W, lh, l, "", 1, "L", false, 0, "")
	}
	// The Mailmark barcode, for UK post only (Royal Mail's inland service).
	if mm := r.el.Mailmark; mm != nil && r.stream(m) == election.StreamUK && !c.Replacement {
		sym, err := mailmark.Encode(mm.Fields(c.Seq, m.Postcode))
		if err != nil {
			return fmt.Errorf("pack %d: the Mailmark barcode: %w", c.Seq, err)
		}
		at := win.MailmarkAt()
		drawMatrix(pdf, sym, at.X, at.Y, layout.MailmarkModuleMM)
	}
	return nil
}

// pdfWidther measures text in the document's sans face, as it prints.
type pdfWidther struct{ pdf *fpdf.Fpdf }

func (w pdfWidther) WidthMM(s string, pt float64) float64 {
	w.pdf.SetFont("sans", "", pt)
	return w.pdf.GetStringWidth(s)
}

// codesBox prints both codes, large, in the mono face, with the QR code
// that opens the voting page.
func (r *Renderer) codesBox(fl *flow, c *Content) error {
	pdf, sz := fl.pdf, fl.sz
	qrSize := 30.0
	if c.Member.LargePrint {
		qrSize = 36
	}
	// The QR code keeps its quiet zone (4 modules; a module is about 1 mm
	// at this size) clear of the box's border.
	const quiet = 5.0
	h := qrSize + 2*quiet
	if err := fl.need(h + 2); err != nil {
		return err
	}
	y := pdf.GetY() + 1
	p := fl.pass
	if p.on(true) {
		pdf.SetLineWidth(0.3)
		pdf.Rect(marginL, y, bodyW, h, "D")
	}
	// Each code under its label, left; the QR code right.
	codeW := bodyW - qrSize - 14
	labelH, codeH := sz.line, sz.code*0.5
	top := y + (h-2*(labelH+codeH)-2)/2
	for i, row := range [][2]string{{"Ballot code", c.Code1}, {"Secret code", c.Code2}} {
		pdf.SetXY(marginL+5, top+float64(i)*(labelH+codeH+2))
		pdf.SetFont("sans", "", sz.label)
		cell(pdf, p.on(true), codeW, labelH, row[0], 2, "L")
		pdf.SetFont("mono", "", sz.code)
		cell(pdf, p.on(false), codeW, codeH, row[1], 2, "L")
	}
	if p.on(false) {
		if err := drawQR(pdf, c.LetterQR, marginL+bodyW-qrSize-quiet, y+quiet, qrSize, qr.M); err != nil {
			return err
		}
	}
	pdf.SetXY(marginL, y+h+3)
	return nil
}

func (r *Renderer) ballot(pdf *fpdf.Fpdf, c *Content, sz sizes, p pass) error {
	el := r.el
	if p != passStatic {
		r.newPage(pdf, c)
	}
	if p == passDynamic {
		pdf.UseTemplate(r.ballotTpl)
	}
	// Code 1 as text and QR code, for the count, at the foot above the
	// integrity mark; never code 2. Beside the QR code: the code and the
	// return instruction, which may be taller than the QR code in large
	// print.
	const qrSize = 26.0
	_, retText := el.PostalWording(r.stream(c.Member))
	ret, err := exec(retText, c.Fields)
	if err != nil {
		return err
	}
	ret = strings.Join(strings.Fields(ret), " ")
	retPt := sz.small + 0.5
	retW, retLine := bodyW-qrSize-6, max(sz.line*0.9, retPt*0.42)
	k := splitKey{ret, "return", retPt} // a style of its own: broken at its own width
	lines, ok := r.splits[k]
	if !ok {
		pdf.SetFont("sans", "", retPt)
		lines = pdf.SplitText(ret, retW)
		if r.splits != nil {
			r.splits[k] = lines
		}
	}
	textH := sz.line + sz.line*1.6 + 1 + float64(len(lines))*retLine
	y := bottomLimit - max(qrSize, textH) - 2
	if p.on(true) {
		if err := r.ballotStatic(pdf, c, sz); err != nil {
			return err
		}
		if pdf.GetY() > y-2 {
			kind := "a ballot paper"
			if c.Member.LargePrint {
				kind = "a large-print ballot paper"
			}
			return fmt.Errorf("%d candidates do not fit on %s: they would run into its ballot code", len(el.Candidates), kind)
		}
	}
	if !p.on(false) {
		return nil
	}
	if err := drawQR(pdf, c.BallotQR, marginL, y, qrSize, qr.M); err != nil {
		return err
	}
	pdf.SetXY(marginL+qrSize+6, y)
	pdf.SetFont("sans", "", sz.small+1)
	pdf.CellFormat(60, sz.line, "Ballot code", "", 2, "L", false, 0, "")
	pdf.SetFont("mono", "", sz.code)
	pdf.CellFormat(80, sz.line*1.6, c.Code1, "", 2, "L", false, 0, "")
	pdf.SetFont("sans", "", retPt)
	pdf.SetXY(marginL+qrSize+6, pdf.GetY()+1)
	pdf.MultiCell(retW, retLine, ret, "", "L", false)
	return nil
}

// ballotStatic draws what every ballot paper shares: title, instruction,
// candidates and their boxes.
func (r *Renderer) ballotStatic(pdf *fpdf.Fpdf, c *Content, sz sizes) error {
	el := r.el
	// Large print: rows and gaps a little tighter, for its larger type
	// leaves less room; six candidates fit (nine in standard print).
	rowH, gap := 18.0, sz.line
	if c.Member.LargePrint {
		rowH, gap = 22, sz.line/2
	}
	pdf.SetXY(marginL, marginTop+4)
	pdf.SetFont("sans", "B", sz.title+3)
	pdf.CellFormat(bodyW, sz.line*2, "BALLOT PAPER", "", 1, "C", false, 0, "")
	pdf.SetFont("sans", "B", sz.title)
	pdf.MultiCell(bodyW, sz.line*1.5, el.Organisation+" — "+el.Title, "", "C", false)
	pdf.Ln(gap)
	instr, err := exec(el.Wording.BallotInstruction, c.Fields)
	if err != nil {
		return err
	}
	pdf.SetFont("sans", "B", sz.heading)
	pdf.MultiCell(bodyW, sz.line*1.3, instr, "", "C", false)
	pdf.Ln(gap)

	// Candidates, each in a row with a box to mark.
	box := rowH - 6
	pdf.SetLineWidth(0.4)
	for _, cand := range el.Candidates {
		y := pdf.GetY()
		pdf.Rect(marginL, y, bodyW, rowH, "D")
		pdf.SetXY(marginL+4, y+2)
		pdf.SetFont("sans", "B", sz.candidate)
		pdf.CellFormat(bodyW-box-12, rowH/2-1, cand.Name, "", 2, "L", false, 0, "")
		if cand.Description != "" {
			pdf.SetFont("sans", "", sz.small+1)
			pdf.CellFormat(bodyW-box-12, rowH/2-3, cand.Description, "", 2, "L", false, 0, "")
		}
		pdf.SetLineWidth(0.6)
		pdf.Rect(marginL+bodyW-box-4, y+3, box, box, "D")
		pdf.SetLineWidth(0.4)
		pdf.SetXY(marginL, y+rowH)
	}
	return nil
}

func (r *Renderer) watermark(pdf *fpdf.Fpdf) {
	pdf.TransformBegin()
	pdf.TransformRotate(55, pageW/2, pageH/2)
	pdf.SetFont("sans", "B", 40)
	pdf.SetTextColor(190, 190, 190)
	text := "PROOF — NOT VALID FOR VOTING"
	pdf.Text(pageW/2-pdf.GetStringWidth(text)/2, pageH/2, text)
	pdf.SetTextColor(0, 0, 0)
	pdf.TransformEnd()
	// And once across the top, where it reads (and extracts) as a line.
	pdf.SetFont("sans", "B", 9)
	pdf.SetXY(marginL, 5)
	pdf.CellFormat(bodyW, 4, text, "", 0, "C", false, 0, "")
}
