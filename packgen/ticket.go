package packgen

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ballotpack/ballotpack/internal/outfile"
	"github.com/ballotpack/ballotpack/packgen/election"
)

// TicketFile is the job ticket: the manifest's finishing, streams,
// batches and totals as one plain-text page a print-house operator reads.
// It holds postcode ranges, as job.json does: mode 0600.
const TicketFile = "TICKET.txt"

// Finishing is how the print house makes up each pack, in job.json and
// the ticket.
type Finishing struct {
	Paper       string   `json:"paper"` // "A4"
	Sides       string   `json:"sides"` // "simplex"
	Envelope    Envelope `json:"envelope"`
	Fold        string   `json:"fold"`
	InsertOrder []string `json:"insert_order"`
}

// Envelope is the outer envelope and where the address must show through
// its window.
type Envelope struct {
	Size     string  `json:"size"` // DL or C5
	WidthMM  float64 `json:"width_mm"`
	HeightMM float64 `json:"height_mm"`
	// AddressBlock is where the letter prints the address, measured on the
	// letter's first page from its top left corner: the envelope's window
	// must show it once the letter is folded.
	AddressBlock Rect `json:"address_block"`
}

// Rect is a rectangle on a sheet, in millimetres from its top left corner.
type Rect struct {
	XMM      float64 `json:"x_mm"`
	YMM      float64 `json:"y_mm"`
	WidthMM  float64 `json:"width_mm"`
	HeightMM float64 `json:"height_mm"`
}

// StreamTotals are one mail stream's packs in the run, for the print house
// (each stream is posted apart, under its own postage).
type StreamTotals struct {
	Stream        election.Stream `json:"stream"`
	Label         string          `json:"label"`
	Postage       string          `json:"postage"`
	ReplyEnvelope string          `json:"reply_envelope"`
	PagesPerPack  PageCounts      `json:"pages_per_pack"`
	Packs         int             `json:"packs"`
	LargePrint    int             `json:"large_print_packs"`
	Batches       int             `json:"batches"`
	Pages         int             `json:"pages"`
	Sheets        int             `json:"sheets"`
}

// envelopeSizes are the outer envelopes, width × height in millimetres.
var envelopeSizes = map[election.Envelope][2]float64{election.DL: {220, 110}, election.C5: {229, 162}}

// finishing is how el's packs are made up: A4 simplex; a DL envelope takes
// the sheets Z-folded in three, a C5 folded once; the letter's first page
// outermost, so that its address shows in the window.
func finishing(el *election.Election) Finishing {
	win, size := el.Window().Window, envelopeSizes[el.Envelope]
	f := Finishing{Paper: "A4 (210 x 297 mm), portrait", Sides: "simplex: one page per sheet, black only",
		Envelope: Envelope{Size: string(el.Envelope), WidthMM: size[0], HeightMM: size[1],
			AddressBlock: Rect{XMM: win.X, YMM: win.Y, WidthMM: win.W, HeightMM: win.H}},
		InsertOrder: []string{
			"letter, page 1 on top (large print: both letter sheets)",
			"ballot paper behind it; the sheets folded together",
			"reply envelope behind the folded sheets",
		}}
	switch el.Envelope {
	case election.C5:
		f.Fold = "folded once across the middle (to A5), address half outward"
	default:
		f.Fold = "Z-fold in three (99 mm panels), address panel outward"
	}
	return f
}

// streamTotals counts the plan's packs by stream, in the order the streams
// are numbered.
func streamTotals(el *election.Election, batches []*Batch) []StreamTotals {
	var out []StreamTotals
	index := map[election.Stream]int{}
	for _, b := range batches {
		i, ok := index[b.Stream]
		if !ok {
			i = len(out)
			index[b.Stream] = i
			out = append(out, StreamTotals{Stream: b.Stream, Label: b.Stream.Label(), Postage: el.Mail.Postage(b.Stream),
				ReplyEnvelope: el.Mail.ReplyEnvelope(b.Stream), PagesPerPack: PageCounts{Standard: PagesPerPack(false), LargePrint: PagesPerPack(true)}})
		}
		s := &out[i]
		s.Batches++
		for _, p := range b.Packs {
			s.Packs++
			if p.largePrint() {
				s.LargePrint++
			}
			s.Pages += PagesPerPack(p.largePrint())
		}
		s.Sheets = s.Pages // simplex
	}
	return out
}

// writeTicket writes TICKET.txt from the complete run's manifest.
func writeTicket(dir string, man *Manifest) error {
	_, err := outfile.Write(filepath.Join(dir, TicketFile), outfile.Private, nil, func(w io.Writer) error { return WriteTicket(w, man) })
	return err
}

// ticketWidth is the width the ticket keeps within.
const ticketWidth = 78

// WriteTicket writes the job ticket of a complete run: one plain-text
// page, under 80 columns, for the print-house operator. Everything in it
// is in job.json; nothing depends on when or where it is written, so a
// run, the same run resumed and the merge of its shards write the same
// bytes.
func WriteTicket(w io.Writer, m *Manifest) error {
	b := bufio.NewWriter(w)
	line := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	// field prints a label and its value, wrapped under the value's column.
	const labelWidth = 18
	field := func(label, value string) {
		for i, l := range wrap(value, ticketWidth-labelWidth) {
			if i > 0 {
				label = ""
			}
			line("%-*s%s", labelWidth, label, l)
		}
	}
	head := "JOB TICKET"
	line("%s%*s", head, ticketWidth-len(head), "job "+m.Job)
	for _, l := range wrap(fmt.Sprintf("%s (election %s), %s", m.Title, m.Election, m.Organisation), ticketWidth) {
		line("%s", l)
	}
	t := m.Totals
	line("%d packs in %s, %d pages on %d sheets", t.Packs, plural(t.Batches, "batch"), t.Pages, t.Sheets)
	line("Made by %s", m.Tool)
	line("")

	f := m.Finishing
	line("PRODUCTION")
	field("Paper", f.Paper)
	field("Printing", f.Sides)
	e := f.Envelope
	field("Envelope", fmt.Sprintf("%s (%s x %s mm) window envelope, window on the left", e.Size, mm(e.HeightMM), mm(e.WidthMM)))
	a := e.AddressBlock
	field("Address block", fmt.Sprintf("%s x %s mm, %s mm from the letter's left edge and %s mm from its top: the window must show it",
		mm(a.WidthMM), mm(a.HeightMM), mm(a.XMM), mm(a.YMM)))
	field("Fold", f.Fold)
	for i, step := range f.InsertOrder {
		label := ""
		if i == 0 {
			label = "Insert order"
		}
		field(label, fmt.Sprintf("%d. %s", i+1, step))
	}
	line("")

	line("STREAMS (each posted apart)")
	for _, s := range m.Streams {
		name := s.Label
		if short := shortLabel(s.Stream); short != name {
			name += " (" + short + " below)"
		}
		line("%s", name)
		lp := ""
		if s.LargePrint > 0 {
			lp = fmt.Sprintf(" (%d large print)", s.LargePrint)
		}
		field("  Packs", fmt.Sprintf("%d%s in %s, %d sheets", s.Packs, lp, plural(s.Batches, "batch"), s.Sheets))
		field("  Postage", s.Postage)
		field("  Reply envelope", s.ReplyEnvelope)
		field("  Pages a pack", fmt.Sprintf("%d; large print %d", s.PagesPerPack.Standard, s.PagesPerPack.LargePrint))
		b := Batch{Number: 0, Stream: s.Stream}
		if s.LargePrint < s.Packs {
			field("  Files", strings.Replace(b.File(), "0000", "NNNN", 1))
		}
		if b.LargePrint = true; s.LargePrint > 0 {
			field("  Large print", strings.Replace(b.File(), "0000", "NNNN", 1))
		}
	}
	line("")

	line("BATCHES")
	tab := [][]string{{"Batch", "Stream", "Print", "Packs", "Sheets", "Sequence", "First", "Last"}}
	packs, sheets := 0, 0
	for _, e := range m.Batches {
		n, _ := batchNumber(e)
		size := "standard"
		if e.LargePrint {
			size = "large"
		}
		tab = append(tab, []string{strconv.Itoa(n), shortLabel(e.Stream), size, strconv.Itoa(e.Packs), strconv.Itoa(e.Sheets),
			fmt.Sprintf("%d-%d", e.FirstSeq, e.LastSeq), clip(e.FirstPostcode, 10), clip(e.LastPostcode, 10)})
		packs, sheets = packs+e.Packs, sheets+e.Sheets
	}
	last := 0
	if len(m.Batches) > 0 {
		last = m.Batches[len(m.Batches)-1].LastSeq
	}
	tab = append(tab, []string{"Total", "", "", strconv.Itoa(packs), strconv.Itoa(sheets), fmt.Sprintf("1-%d", last), "", ""})
	columns(b, tab, map[int]bool{0: true, 3: true, 4: true, 5: true})
	line("")

	line("SHA-256 OF EACH BATCH (as in SHA256SUMS)")
	for _, e := range m.Batches {
		n, _ := batchNumber(e)
		line("%5d  %s", n, e.SHA256)
	}
	return b.Flush()
}

// shortLabel names a stream in the ticket's batch table.
func shortLabel(s election.Stream) string {
	switch s {
	case election.StreamEurope:
		return "Europe"
	case election.StreamWorld:
		return "World"
	}
	return s.Label()
}

// plural is "1 batch", "2 batches", "1 pack", "2 packs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// columns writes rows as aligned columns two spaces apart, right-aligned
// where right says (numbers), the last row after a rule.
func columns(w io.Writer, rows [][]string, right map[int]bool) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := 0
	for _, wd := range widths {
		total += wd + 2
	}
	for k, r := range rows {
		if k == len(rows)-1 {
			fmt.Fprintln(w, strings.Repeat("-", total-2))
		}
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// wrap breaks s into lines of at most width characters, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = word
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) > width:
			lines = append(lines, cur)
			cur = word
		default:
			cur += " " + word
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// clip shortens s to n characters, ending "..." when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}

// mm writes a length in millimetres without needless decimals.
func mm(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
