package customers

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

// rows adapts the store to table.Source.
type rows struct{ m *Model }

func (r rows) Len() int { return len(r.m.st.shown) }

func (r rows) Marked(row int) bool {
	_, ok := r.m.marked[r.m.st.id(r.m.st.shown[row])]
	return ok
}

func (r rows) Cell(row, col int) (string, table.Tone) {
	i := r.m.st.shown[row]
	st := &r.m.st
	switch column(col) {
	case colName:
		return st.field(i, dName), table.ToneNormal
	case colDomain:
		return st.field(i, dDomain), table.ToneNormal
	case colTenant:
		t := st.field(i, dTenant)
		if len(t) <= r.m.tenantW {
			return t, table.ToneDim
		}
		return model.Customer{TenantID: t}.ShortTenantID(), table.ToneDim
	case colRel:
		return st.field(i, dRel), table.ToneNormal
	case colCountry:
		return r.m.countryCell(i)
	case colDecision:
		return r.m.decisionCell(i)
	}
	s := r.m.st.sums[i]
	switch s.state {
	case summaryKnown:
	case summaryFailed:
		return "?", table.ToneWarn
	default:
		return "…", table.ToneDim
	}
	if column(col) == colSubs {
		return strconv.Itoa(int(s.count)), table.ToneNormal
	}
	switch st := s.Status(); st {
	case model.StatusActive:
		return string(st), table.ToneGood
	case model.StatusSuspended:
		return string(st), table.ToneBad
	case model.StatusPending:
		return string(st), table.ToneWarn
	default:
		return string(st), table.ToneDim
	}
}

func (m *Model) theme() *theme.Styles {
	if m.c.Styles == nil {
		m.c.Styles = theme.New(true)
	}
	return m.c.Styles
}

// repaint follows the context's styles, which the root replaces once the
// terminal reports its background.
func (m *Model) repaint() {
	s := m.theme()
	if s == m.styles {
		return
	}
	m.styles = s
	var st table.Styles
	st.Header, st.Cursor, st.Mark = s.TableHeader, s.TableCursor, s.TableMarked
	st.Tones[table.ToneDim] = s.Dim
	st.Tones[table.ToneGood] = s.StatusActive
	st.Tones[table.ToneWarn] = s.StatusPend
	st.Tones[table.ToneBad] = s.StatusBad
	st.MarkGlyph, st.CursorGlyph = s.MarkGlyph, s.CursorGlyph
	m.tbl.SetStyles(st)
	common.StyleInput(&m.input, s)
}

// paneSep is what stands between the table and the detail pane: a border
// with a cell of room on either side.
const paneSep = " │ "

// paneMin is the narrowest the detail pane is beside the table: a label and
// a whole GUID, since a cut id is of no use.
const paneMin = labelWidth + 36

// split is the width of the table and of the detail pane beside it (0 when
// the pane is closed or covers the screen).
func (m *Model) split() (tableW, paneW int) {
	if m.detailOpen && m.width >= wideDetail {
		paneW = min(max(m.width*2/5, paneMin), 64)
		return m.width - paneW - ansi.StringWidth(paneSep), paneW
	}
	return m.width, 0
}

// paneFull reports whether the detail pane, when open, covers the screen.
func (m *Model) paneFull() bool { return m.width < wideDetail }

// paneSize is the detail pane's width and height.
func (m *Model) paneSize() (w, h int) {
	if m.paneFull() {
		return m.width, m.height
	}
	_, pw := m.split()
	return pw, m.height - m.chrome()
}

// chrome is the number of lines above the table: the filter/count line
// and, when loading stopped, the error line.
func (m *Model) chrome() int {
	n := 1
	if m.loadErr != nil {
		n++
	}
	return min(n, m.height)
}

func (m *Model) layout() {
	tw, _ := m.split()
	m.tbl.SetSize(tw, m.height-m.chrome())
	m.tenantW = m.tbl.ColumnWidth(int(colTenant))
	m.laidOut = m.layoutInputs()
}

// layoutInputs is what the layout depends on: Update lays the table out
// again only when it changed.
type layoutInputs struct {
	w, h, chrome int
	detail       bool
	content      [numColumns]int
}

func (m *Model) layoutInputs() layoutInputs {
	return layoutInputs{w: m.width, h: m.height, chrome: m.chrome(), detail: m.detailOpen, content: m.contentW}
}

// View implements common.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.detailOpen && m.paneFull() {
		return m.detailView()
	}
	var b strings.Builder
	b.WriteString(m.infoLine())
	if m.loadErr != nil && m.height > 1 {
		b.WriteByte('\n')
		b.WriteString(m.styles.StatusError.Render(truncate(m.errorLine(), m.width)))
	}
	if m.height > m.chrome() {
		b.WriteByte('\n')
		tv := m.tbl.View(rows{m})
		tw, pw := m.split()
		if len(m.st.shown) == 0 && m.filterText != "" {
			tv = m.noMatches(tv, tw)
		}
		if pw > 0 {
			tv = beside(tv, tw, m.styles.Dim.Render(paneSep), m.detailView())
		}
		b.WriteString(tv)
	}
	return b.String()
}

// noMatches writes, centred in the empty body of table view tv (w cells
// wide), why nothing is shown: the query matched nothing, and if it has a
// qualifier that is not a field, which fields there are.
func (m *Model) noMatches(tv string, w int) string {
	lines := strings.Split(tv, "\n")
	say := []string{`No customers match "` + m.filterText + `"`}
	if q := unknownQualifier(m.filterText); q != "" {
		say = append(say, q+": is not a field — fields: "+model.FilterQualifiers)
	}
	body := len(lines) - 1
	at := 1 + max(body-len(say), 0)/2
	for k, text := range say {
		if at+k >= len(lines) {
			break
		}
		text = truncate(text, w)
		pad := strings.Repeat(" ", max(w-ansi.StringWidth(text), 0)/2)
		lines[at+k] = pad + m.styles.Dim.Render(text)
	}
	return strings.Join(lines, "\n")
}

// unknownQualifier is the first word:value term of a filter whose word is
// not a field (such a term is searched for literally, which is rarely what
// was meant), or "".
func unknownQualifier(filter string) string {
	for _, word := range strings.Fields(filter) {
		word = strings.TrimPrefix(word, "!")
		q, value, ok := strings.Cut(word, ":")
		if !ok || q == "" || value == "" {
			continue
		}
		// Probe the parser, so that aliases (company:) count as fields.
		if t := model.ParseQuery(q + ":x").Terms; len(t) == 1 && t[0].Field == model.FieldAny {
			return q
		}
	}
	return ""
}

// infoLine shows the filter (or how to start one) and, at the right, the
// position indicator and the counts.
func (m *Model) infoLine() string {
	s := m.styles
	var r string
	rw := 0
	for _, v := range m.counterVariants() {
		// The filter keeps room for its prompt and a word or two.
		if w := ansi.StringWidth(v); w+12 <= m.width || v == "" {
			r, rw = v, w
			break
		}
	}
	lw := m.width - rw - 1
	var left string
	switch {
	case m.noting:
		in := m.noteInput
		common.FitInput(&in, lw)
		left = in.View()
	case m.exporting:
		in := m.exportInput
		common.FitInput(&in, lw)
		left = in.View()
	case m.filtering:
		in := m.input // fitted on a copy: View changes nothing
		common.FitInput(&in, lw)
		left = in.View()
	case m.filterText != "":
		left = s.Prompt.Render("/") + truncate(m.filterText, lw-1)
	default:
		left = s.Dim.Render(truncate("/ to filter, ? for help", lw))
	}
	left = ansi.Truncate(left, max(lw, 0), "…")
	gap := max(m.width-ansi.StringWidth(left)-rw, 0)
	if m.stopped() {
		return left + strings.Repeat(" ", gap) + s.StatusWarn.Render(r)
	}
	return left + strings.Repeat(" ", gap) + s.Dim.Render(r)
}

// counterVariants are the top right's texts, longest first, ending with
// "": "row 1,234 of 5,000 · 2 marked"; "row 3 of 12 matching · 5,000
// loaded"; after a failure "3,000 of at least 5,000 — loading stopped, R
// retries", since the rows shown are then not all there are.
func (m *Model) counterVariants() []string {
	shown, loaded := len(m.st.shown), m.st.len()
	pos := count(shown) + " rows"
	if shown > 0 {
		pos = "row " + count(m.tbl.Cursor()+1) + " of " + count(shown)
	}
	filtered := m.filterText != ""
	if filtered {
		pos += " matching"
	}
	marked := m.markedNote()
	if note := m.unknownNote(); note != "" {
		// For as long as the filter or sort depends on values not known
		// yet, the count says so: the rows are not final.
		marked = " · " + note + marked
	}
	if m.stopped() {
		of := count(loaded) + " loaded"
		short := count(loaded) + "+"
		if m.total > loaded {
			of = count(loaded) + " of at least " + count(m.total)
			short = count(loaded) + " of ≥" + count(m.total)
		}
		stop := of + " — loading stopped, R retries"
		return []string{pos + " · " + stop + marked, stop + marked, stop, short + " — stopped, R retries", pos, ""}
	}
	if filtered {
		// Over many customers the rows follow the filter typed a moment
		// later, and a sort runs in the background: the count says so.
		busy := pos
		if what, sorting := m.Sorting(); sorting {
			busy += " (" + what + ")"
		} else if !m.st.filtered() {
			busy += " (filtering)"
		}
		all := " · " + count(loaded) + " loaded"
		if m.loading {
			all += " so far"
		}
		return []string{busy + all + marked, busy + marked, busy, pos, ""}
	}
	switch what, sorting := m.Sorting(); {
	case m.loading && sorting:
		pos += " (loading, " + what + ")"
	case m.loading:
		pos += " (loading)"
	case sorting:
		pos += " (" + what + ")"
	}
	return []string{pos + marked, pos, ""}
}

// beside joins two blocks line by line, padding the left one to w cells.
func beside(left string, w int, sep, right string) string {
	ll, rl := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(ll), len(rl)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if i < len(ll) {
			l = ll[i]
		}
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", max(w-ansi.StringWidth(l), 0)))
		b.WriteString(sep)
		if i < len(rl) {
			b.WriteString(rl[i])
		}
	}
	return b.String()
}

// labelWidth is the width of the detail pane's labels, with their gap.
const labelWidth = 13

// scrollPane scrolls the detail pane for a key in k and reports whether
// the key was one.
func (m *Model) scrollPane(msg tea.KeyPressMsg, k table.KeyMap) bool {
	if !key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom) {
		return false
	}
	m.syncPane()
	p := &m.pane
	switch {
	case key.Matches(msg, k.Up):
		p.ScrollUp(1)
	case key.Matches(msg, k.Down):
		p.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		p.PageUp()
	case key.Matches(msg, k.PageDown):
		p.PageDown()
	case key.Matches(msg, k.HalfUp):
		p.HalfPageUp()
	case key.Matches(msg, k.HalfDown):
		p.HalfPageDown()
	case key.Matches(msg, k.Top):
		p.GotoTop()
	case key.Matches(msg, k.Bottom):
		p.GotoBottom()
	}
	return true
}

// syncPane fills the pane's viewport with the customer under the cursor at
// the pane's current size, and reports whether it needs scrolling (the
// last line is then a footer that says so).
func (m *Model) syncPane() (scrolls bool) {
	w, h := m.paneSize()
	c, _ := m.current()
	if c.ID != m.paneID {
		m.paneID = c.ID
		m.pane.GotoTop()
	}
	lines := m.paneLines(max(w, 1))
	scrolls = len(lines) > h && h > 1
	if scrolls {
		h--
	}
	m.pane.SetWidth(max(w, 0))
	m.pane.SetHeight(max(h, 0))
	m.pane.SetContentLines(lines)
	m.paneScrolls = scrolls
	return scrolls
}

// detailView renders the detail pane at its size.
// The pane was filled (syncPane) when the last message was handled.
func (m *Model) detailView() string {
	scrolls := m.paneScrolls
	v := m.pane.View()
	if !scrolls {
		return v
	}
	keys := "J/K"
	if m.paneFull() {
		keys = "j/k pgdn"
	}
	p := &m.pane
	below := max(p.TotalLineCount()-p.YOffset()-p.VisibleLineCount(), 0)
	foot := "↓ " + strconv.Itoa(below) + " more lines · " + keys + " scroll"
	if below == 0 {
		foot = "end · " + keys + " scroll"
	}
	return v + "\n" + m.styles.Dim.Render(truncate(foot, p.Width()))
}

// paneLines renders the customer under the cursor in lines of at most w
// cells. Values wrap rather than being cut: a cut id is useless.
func (m *Model) paneLines(w int) []string {
	s := m.styles
	c, ok := m.current()
	if !ok {
		return []string{s.Dim.Render(truncate("No customer selected — esc to close", w))}
	}
	d := m.details[c.ID]
	if d != nil && !d.loading && d.err == nil {
		c = d.cust
	}
	var lines []string
	field := func(label, value string) {
		if value == "" {
			value = "—"
		}
		vw := w - labelWidth
		if vw < 8 {
			// Too narrow for a column of values: the value goes under its label.
			lines = append(lines, truncate(s.Label.Render(label), w))
			for _, l := range wrap(value, w-2, "-.@") {
				lines = append(lines, "  "+s.Value.Render(l))
			}
			return
		}
		for k, l := range wrap(value, vw, "-.@") {
			lead := strings.Repeat(" ", labelWidth)
			if k == 0 {
				lead = s.Label.Render(padRight(label, labelWidth))
			}
			lines = append(lines, lead+s.Value.Render(l))
		}
	}
	for _, l := range wrap(c.CompanyName, w, "") {
		lines = append(lines, s.Title.Render(l))
	}
	lines = append(lines, s.Dim.Render(truncate("esc to close", w)))
	field("Domain", c.Domain)
	field("Tenant ID", c.TenantID)
	field("Customer ID", c.ID)
	field("Relationship", string(c.Relationship))
	place := c.Country
	if c.City != "" {
		place = strings.TrimPrefix(place+" / "+c.City, " / ")
	}
	if place == "" && (d == nil || d.loading) {
		place = "not known yet…"
	}
	field("Country/City", place)
	field("Email", c.Email)
	field("Commerce ID", c.CommerceID)
	if d, chk, why := m.Decision(c.ID); d != model.DecisionNone || chk != model.CheckNone {
		field("Decision", string(d))
		if chk != model.CheckNone {
			field("Check", strings.TrimSuffix(string(chk)+": "+why, ": "))
		}
	}
	if note := m.Note(c.ID); note != "" {
		field("Note", note)
	}
	lines = append(lines, "")
	switch {
	case d == nil || d.loading:
		lines = append(lines, s.Dim.Render(truncate("Loading subscriptions…", w)))
	case d.err != nil:
		for _, l := range wrap("Could not load: "+d.err.Error(), w, "") {
			lines = append(lines, s.StatusError.Render(l))
		}
	default:
		// Counted as the Subs column counts them (model.Summarize leaves
		// deleted ones out); deleted ones follow, said to be left out.
		var live, deleted []model.Subscription
		for _, sub := range d.subs {
			if sub.Status == model.SubscriptionDeleted {
				deleted = append(deleted, sub)
			} else {
				live = append(live, sub)
			}
		}
		lines = append(lines, s.Title.Render(truncate("Subscriptions ("+strconv.Itoa(model.Summarize(d.subs).Count)+")", w)))
		if len(live) == 0 {
			lines = append(lines, s.Dim.Render("none"))
		}
		for _, sub := range live {
			lines = append(lines, subLines(s, sub, w)...)
		}
		if len(deleted) > 0 {
			lines = append(lines, "", s.Dim.Render(truncate("Deleted ("+strconv.Itoa(len(deleted))+", not counted)", w)))
			for _, sub := range deleted {
				lines = append(lines, subLines(s, sub, w)...)
			}
		}
	}
	return lines
}

// subLines is one subscription: its name and status, then its facts,
// wrapped to w cells.
func subLines(s *theme.Styles, sub model.Subscription, w int) []string {
	name := sub.OfferName
	if name == "" {
		name = sub.FriendlyName
	}
	st := s.Value
	switch sub.Status {
	case model.SubscriptionActive:
		st = s.StatusActive
	case model.SubscriptionSuspended:
		st = s.StatusBad
	case model.SubscriptionPending:
		st = s.StatusPend
	case model.SubscriptionDeleted:
		st = s.Dim
	}
	var out []string
	for k, l := range wrap(name, w-2, "") {
		lead := "  "
		if k == 0 {
			lead = "• "
		}
		out = append(out, lead+l)
	}
	status := string(sub.Status)
	if last := len(out) - 1; ansi.StringWidth(out[last])+2+ansi.StringWidth(status) <= w {
		out[last] += "  " + st.Render(status)
	} else {
		out = append(out, "  "+st.Render(truncate(status, w-2)))
	}
	for _, l := range joinFit(subFacts(sub), " · ", w-2) {
		out = append(out, "  "+s.Dim.Render(l))
	}
	return out
}

// subFacts is what follows a subscription's name: quantity, term, billing
// cycle, trial and the end of the commitment.
func subFacts(sub model.Subscription) []string {
	facts := []string{"qty " + strconv.Itoa(sub.Quantity)}
	for _, f := range []string{sub.TermDuration, sub.BillingCycle} {
		if f != "" {
			facts = append(facts, f)
		}
	}
	if sub.IsTrial {
		facts = append(facts, "trial")
	}
	if _, never, ok := sub.CommitmentEndTime(); ok && never {
		facts = append(facts, "no end")
	} else if sub.CommitmentEnd != "" {
		facts = append(facts, "ends "+day(sub.CommitmentEnd))
	}
	return facts
}

// joinFit joins items with sep into lines of at most w cells, starting a
// new line rather than splitting an item (one wider than w is wrapped).
func joinFit(items []string, sep string, w int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= w:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
		if ansi.StringWidth(line) > w {
			parts := wrap(line, w, "")
			lines = append(lines, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	return append(lines, line)
}

// day shows a timestamp from Partner Center as its date: the time of day
// of a commitment's end is always midnight and only adds noise. The
// year-9999 date reads "no end".
func day(ts string) string { return model.DayText(ts) }

// wrap breaks plain text into lines of at most w cells: at spaces (and
// after any of breaks) where it can, anywhere where it must.
func wrap(text string, w int, breaks string) []string {
	if w <= 0 {
		return []string{""}
	}
	return strings.Split(ansi.Wrap(text, w, breaks), "\n")
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0))
}
