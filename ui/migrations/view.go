package migrations

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

const (
	// sideBySide is the narrowest terminal where panes sit side by side.
	sideBySide = 120
	// paneMinWidth is the narrowest pane side by side: 160 columns hold 4.
	paneMinWidth = 38
	// stackedHeight is the least height of a stacked pane: border, title,
	// status, the phase at hand and an event.
	stackedHeight = 6
	// minTable is the least height of the table (header and rows) beside
	// panes.
	minTable = 5
)

// topLines is the summary line, plus the filter line while there is one.
func (m *Model) topLines() int {
	n := 1
	if m.filtering || m.filterText != "" {
		n++
	}
	if m.news != "" {
		n++
	}
	return n
}

// paneSlots is how many panes fit.
func (m *Model) paneSlots() int {
	avail := m.height - m.topLines() - minTable
	if m.width >= sideBySide {
		if avail < 10 {
			return 0
		}
		return max(m.width/paneMinWidth, 1)
	}
	return max(avail/stackedHeight, 0)
}

// geometry is the table's height and the panes' area.
func (m *Model) geometry() (tableH, paneW, paneH, n int, side bool) {
	body := max(m.height-m.topLines(), 0)
	n = len(m.shownPanes())
	if n == 0 {
		return body, 0, 0, 0, false
	}
	if m.width >= sideBySide {
		tableH = max(minTable, body/3)
		return tableH, m.width / n, body - tableH, n, true
	}
	paneH = min(max((body-minTable)/n, stackedHeight), 16)
	tableH = body - paneH*n
	return tableH, m.width, paneH, n, false
}

func (m *Model) layout() {
	th, _, _, _, _ := m.geometry()
	m.tbl.SetSize(m.width, th)
	m.tbl.SetLen(len(m.shown))
}

// Len implements table.Source.
func (m *Model) Len() int { return len(m.shown) }

// Marked implements table.Source: pinned migrations carry the mark.
func (m *Model) Marked(row int) bool {
	id := m.all[m.shown[row]].ID
	for _, p := range m.pins {
		if p == id {
			return true
		}
	}
	return false
}

// Cell implements table.Source.
func (m *Model) Cell(row, col int) (string, table.Tone) {
	i := m.shown[row]
	mg := &m.all[i]
	tone := table.ToneNormal
	if m.lastErr != nil {
		tone = table.ToneDim // stale
	}
	switch col {
	case colCustomer:
		return m.texts[i].name, tone
	case colTarget:
		return mg.Target(), tone
	case colStatus:
		return statusText(mg.Status), statusTone(mg.Status, tone)
	case colPhase:
		return model.PhaseName(mg.CurrentPhase), tone
	case colProgress:
		return m.bar(mg.Progress(), m.tbl.ColumnWidth(colProgress)), statusTone(mg.Status, tone)
	case colElapsed:
		return duration(elapsed(mg, m.opts.Now())), tone
	case colEvent:
		return m.texts[i].event, tone
	}
	return "", tone
}

// texts are a migration's cells that change only with the list, made once
// per refresh rather than once per frame.
type texts struct {
	name, event string
}

func (m *Model) makeTexts() {
	m.texts = slices.Grow(m.texts[:0], len(m.all))[:len(m.all)]
	for i := range m.all {
		mg := &m.all[i]
		name := mg.CustomerName
		if name == "" {
			name = mg.CustomerTenantID
		}
		if m.journal[mg.ID] {
			name = "» " + name
		}
		at, text := lastEvent(mg)
		if !at.IsZero() {
			text = at.Local().Format("15:04:05") + " " + text
		}
		m.texts[i] = texts{name: name, event: text}
	}
}

func statusText(s model.MigrationStatus) string {
	switch s {
	case model.MigrationProcessing:
		return "running"
	case model.MigrationCompleted:
		return "completed"
	case model.MigrationFailed:
		return "FAILED"
	}
	return strings.ToLower(string(s))
}

func statusTone(s model.MigrationStatus, stale table.Tone) table.Tone {
	if stale == table.ToneDim {
		return stale
	}
	switch s {
	case model.MigrationCompleted:
		return table.ToneGood
	case model.MigrationFailed:
		return table.ToneBad
	}
	return table.ToneWarn
}

// bar is a progress bar with its percentage in w cells.
func (m *Model) bar(p float64, w int) string {
	pct := int(p*100 + 0.5)
	k := barKey{pct: pct, w: w}
	if b, ok := m.bars[k]; ok {
		return b
	}
	b := strconv.Itoa(pct) + "%"
	if cells := w - 5; cells >= 3 {
		full, empty := "█", "░"
		if m.theme().Opts.ASCII {
			full, empty = "#", "."
		}
		n := int(p*float64(cells) + 0.5)
		b = strings.Repeat(full, n) + strings.Repeat(empty, cells-n) + fmt.Sprintf("%5s", b)
	}
	if m.bars == nil || len(m.bars) > 4096 {
		m.bars = map[barKey]string{}
	}
	m.bars[k] = b
	return b
}

// barKey names a progress bar drawn once and reused.
type barKey struct{ pct, w int }

// duration is a short elapsed time: 45s, 12m03s, 3h05m, 2d04h.
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + "s"
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
}

// ago says how long ago t was, briefly.
func ago(now, t time.Time) string {
	return duration(max(now.Sub(t), 0)) + " ago"
}

// summaryLine says how many there are, when the list was refreshed, and,
// plainly, when the service cannot be reached.
func (m *Model) summaryLine() string {
	pp := m.paints()
	now := m.opts.Now()
	if !m.loaded {
		if m.lastErr != nil {
			return pp.err.on(fitText("Cannot reach Partner Center: "+model.SanitizeMessage(m.lastErr.Error())+" — retrying in "+duration(m.next), m.width))
		}
		return pp.dim.on(fitText("Loading the partner's migrations…", m.width))
	}
	running, failed, completed := m.counts()
	left := fmt.Sprintf("%d migrations, %d running, %d failed, %d completed", len(m.all), running, failed, completed)
	if len(m.shown) != len(m.all) {
		left = fmt.Sprintf("%d shown of %s", len(m.shown), left)
	}
	if len(m.journal) > 0 && m.width >= 120 {
		left += "; » started here"
	}
	if m.lastErr != nil {
		warn := "STALE: cannot reach Partner Center — showing data from " + m.refreshed.Local().Format("15:04:05") +
			" (" + ago(now, m.refreshed) + "), retrying in " + duration(m.next) + " — " + model.SanitizeMessage(m.lastErr.Error())
		return pp.warn.on(fitText(warn, m.width))
	}
	right := "refreshed " + m.refreshed.Local().Format("15:04:05") + " (" + ago(now, m.refreshed) + ")"
	if m.loading {
		right = "refreshing, " + right
	}
	lw := cellWidth(left)
	if lw+2+len(right) > m.width {
		return pp.dim.on(fit(left+", "+right, m.width))
	}
	return pp.value.on(left) + strings.Repeat(" ", m.width-lw-len(right)) + pp.dim.on(right)
}

func fitText(text string, w int) string {
	if ansi.StringWidth(text) <= w {
		return text
	}
	return ansi.Truncate(text, max(w, 0), "…")
}

// View implements common.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.theme()
	lines := make([]string, 0, m.height)
	lines = append(lines, m.summaryLine())
	if m.news != "" {
		lines = append(lines, m.paints().warn.on(fit(m.news, m.width)))
	}
	if m.filtering || m.filterText != "" {
		if m.filtering {
			lines = append(lines, m.input.View())
		} else {
			lines = append(lines, s.Dim.Render(fitText("filter: "+m.filterText+"  (/ edits, esc clears)", m.width)))
		}
	}
	th, pw, ph, n, side := m.geometry()
	empty := ""
	if len(m.all) == 0 && m.loaded {
		empty = "No migrations yet. Start one with m on the customers screen, or mcgdash migrate."
	} else if len(m.shown) == 0 && m.loaded {
		empty = "No migration matches the filter (" + model.MigrationFilterQualifiers + "); esc clears it."
	}
	if th > 0 {
		tv := m.tbl.View(m)
		if empty != "" {
			// Below the column header, in the first (empty) row.
			head, rest, _ := strings.Cut(tv, "\n")
			lines = append(lines, head, s.Dim.Render(fitText(empty, m.width)))
			if _, rest, ok := strings.Cut(rest, "\n"); ok {
				lines = append(lines, rest)
			}
		} else {
			lines = append(lines, tv)
		}
	} else if empty != "" {
		lines = append(lines, s.Dim.Render(fitText(empty, m.width)))
	}
	if n > 0 {
		ids := m.shownPanes()
		views := make([][]string, n)
		for k, id := range ids {
			w := pw
			if side && k == n-1 {
				w = m.width - pw*(n-1)
			}
			views[k] = m.renderPane(id, w, ph, m.focus == k+1)
		}
		if side {
			var b strings.Builder
			for row := range ph {
				b.Reset()
				for _, v := range views {
					b.WriteString(v[row])
				}
				lines = append(lines, b.String())
			}
		} else {
			for _, v := range views {
				lines = append(lines, v...)
			}
		}
	}
	return strings.Join(lines, "\n")
}

var spinFrames = spinner.Dot.Frames

// paint is a style reduced to the escape sequences around its text, so a
// line costs two string writes instead of a lipgloss Render call (the
// table does the same).
type paint struct{ pre, post string }

func newPaint(st lipgloss.Style) paint {
	const probe = "\x00"
	out := st.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(probe):]}
}

func (p paint) on(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

// paints are the panes' styles, made once per theme.
type paints struct {
	title, value, dim, label, pend, good, bad, warn, err, key, keyDesc, border, focus paint
	// Border glyphs: corners, horizontal and vertical lines.
	tl, tr, bl, br, h, v string
}

func (m *Model) paints() *paints {
	s := m.theme()
	if m.pp != nil && m.ppFor == s {
		return m.pp
	}
	b := s.Border.GetBorderStyle()
	m.pp = &paints{
		title: newPaint(s.Title), value: newPaint(s.Value), dim: newPaint(s.Dim), label: newPaint(s.Label),
		pend: newPaint(s.StatusPend), good: newPaint(s.StatusActive), bad: newPaint(s.StatusBad), warn: newPaint(s.StatusWarn),
		err: newPaint(s.StatusError), key: newPaint(s.Key), keyDesc: newPaint(s.KeyDesc),
		border: newPaint(lipgloss.NewStyle().Foreground(s.Muted)), focus: newPaint(lipgloss.NewStyle().Foreground(s.Accent).Bold(true)),
		tl: b.TopLeft, tr: b.TopRight, bl: b.BottomLeft, br: b.BottomRight, h: b.Top, v: b.Left,
	}
	if m.pp.h == "" {
		m.pp.tl, m.pp.tr, m.pp.bl, m.pp.br, m.pp.h, m.pp.v = "+", "+", "+", "+", "-", "|"
	}
	m.ppFor = s
	return m.pp
}

// cellWidth is the display width of s, without grapheme work for ASCII.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// fit cuts s to w cells with "…" and pads it to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cellWidth(s)
	if sw > w {
		if sw == len(s) {
			return s[:w-1] + "…"
		}
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", max(w-sw, 0))
}

// line is one line of a pane's content: plain text and its paint; w, if
// not 0, is its width in cells, known to be the pane's inner width.
type line struct {
	text string
	p    paint
	w    int
}

// renderPane draws one migration's live pane in w×h cells, one string a
// row: its phases in order with their state and times, the failure and how
// to retry, and the newest events (scrollable).
func (m *Model) renderPane(id string, w, h int, focused bool) []string {
	p := m.panes[id]
	key := paneKey{data: m.dataGen, w: w, h: h, focused: focused, styles: m.theme(), now: m.opts.Now().Unix()}
	if p != nil {
		key.pane = p.version
		if i, ok := m.index[id]; ok && m.all[i].Status == model.MigrationProcessing {
			key.spin = m.spinFrame
		}
		if p.cacheKey == key && p.cache != nil {
			return p.cache
		}
	}
	out := m.drawPane(id, w, h, focused)
	if p != nil {
		p.cacheKey, p.cache = key, out
	}
	return out
}

// paneKey is everything a pane's drawing depends on: when it is the same,
// the last drawing is reused.
type paneKey struct {
	data, pane, spin int
	w, h             int
	focused          bool
	styles           *theme.Styles
	now              int64
}

// drawPane draws a pane (renderPane caches it).
func (m *Model) drawPane(id string, w, h int, focused bool) []string {
	pp := m.paints()
	s := m.theme()
	iw, ih := max(w-2, 1), max(h-2, 1)
	var head, phases, tail []line
	i, ok := m.index[id]
	p := m.panes[id]
	mark := ""
	if slices.Contains(m.pins, id) {
		mark = "◆ "
		if s.Opts.ASCII {
			mark = "+ "
		}
	}
	if !ok {
		head = append(head, line{text: mark + id, p: pp.title}, line{text: "not in the partner's list (yet)", p: pp.dim})
	} else {
		mg := &m.all[i]
		head = append(head, line{text: mark + mg.CustomerName + " → " + mg.Target(), p: pp.title})
		st := statusText(mg.Status) + " · " + strconv.Itoa(int(mg.Progress()*100+0.5)) + "% · " + duration(elapsed(mg, m.opts.Now()))
		tone := pp.pend
		switch mg.Status {
		case model.MigrationCompleted:
			tone = pp.good
		case model.MigrationFailed:
			tone = pp.bad
		}
		head = append(head, line{text: st, p: tone})
		cur := -1
		for k, ph := range mg.Phases {
			phases = append(phases, m.phaseLine(ph, iw))
			if ph.Status == model.PhaseRunning || ph.Status == model.PhaseFailed {
				cur = k
			}
		}
		if mg.Status == model.MigrationFailed {
			reason := mg.FailureReason
			if cur >= 0 && mg.Phases[cur].FailureReason != "" {
				reason = mg.Phases[cur].FailureReason
			}
			wrapped := strings.Split(lipgloss.Wrap(reason, iw, ""), "\n")
			// Short of room, the reason gives way before the failed phase
			// and the hint.
			if most := max(ih-len(head)-2, 1); len(wrapped) > most {
				wrapped = wrapped[:most]
				wrapped[most-1] = fit(wrapped[most-1]+" …", iw)
			}
			for _, l := range wrapped {
				tail = append(tail, line{text: l, p: pp.err})
			}
			tail = append(tail, line{text: "r: retry from " + model.PhaseName(mg.CurrentPhase), p: pp.key})
		}
		// Not all phases fit: keep those around the one at hand.
		room := ih - len(head) - len(tail) - 2
		if len(phases) > room {
			keep := max(room, 1)
			if cur < 0 {
				cur = len(phases) - 1
			}
			from := min(max(cur-keep/2, 0), max(len(phases)-keep, 0))
			phases = phases[from:min(from+keep, len(phases))]
		}
	}
	lines := append(append(head, phases...), tail...)
	if room := ih - len(lines); room > 0 && p != nil {
		lines = append(lines, m.eventLines(p, iw, room)...)
	}
	if len(lines) > ih {
		lines = lines[:ih]
	}
	bp := pp.border
	if focused {
		bp = pp.focus
	}
	out := make([]string, 0, h)
	out = append(out, bp.on(pp.tl+strings.Repeat(pp.h, iw)+pp.tr))
	side := bp.on(pp.v)
	for k := range ih {
		text := ""
		var lp paint
		if k < len(lines) {
			text, lp = lines[k].text, lines[k].p
		}
		if k < len(lines) && lines[k].w == iw {
			out = append(out, side+lp.on(text)+side)
			continue
		}
		out = append(out, side+lp.on(fit(text, iw))+side)
	}
	return append(out, bp.on(pp.bl+strings.Repeat(pp.h, iw)+pp.br))
}

// phaseLine is one phase: a glyph for its state, its name and its times.
func (m *Model) phaseLine(ph model.PhaseProgress, w int) line {
	pp := m.paints()
	ascii := m.theme().Opts.ASCII
	var glyph, when string
	p := pp.dim
	switch ph.Status {
	case model.PhaseCompleted:
		glyph, p = "✓", pp.value
		if ascii {
			glyph = "v"
		}
		when = clock(ph.StartedTime) + "-" + clock(ph.CompletedTime)
	case model.PhaseRunning:
		glyph, p = strings.TrimSpace(spinFrames[m.spinFrame%len(spinFrames)]), pp.pend
		when = "since " + clock(ph.StartedTime)
	case model.PhaseFailed:
		glyph, p = "✗", pp.bad
		if ascii {
			glyph = "x"
		}
		when = "failed " + clock(ph.CompletedTime)
	default:
		glyph, when = "·", "pending"
	}
	name := ph.Name
	if name == "" {
		name = model.PhaseName(ph.Code)
	}
	room := w - 2 - len(when) - 1 // when is ASCII; the glyph is one cell
	if room < 8 {
		return line{text: glyph + " " + name, p: p}
	}
	return line{text: glyph + " " + fit(name, room) + " " + when, p: p, w: w}
}

func clock(t time.Time) string {
	if t.IsZero() {
		return "--:--:--"
	}
	return t.Local().Format("15:04:05")
}

// eventLines are the events that fit in room lines, newest last,
// scrolled up by the pane's scroll.
func (m *Model) eventLines(p *pane, w, room int) []line {
	pp := m.paints()
	out := []line{{text: "Events", p: pp.label}}
	room--
	if p.err != nil {
		out = append(out, line{text: "events: " + model.SanitizeMessage(p.err.Error()), p: pp.warn})
		room--
	}
	if room <= 0 {
		return out[:1]
	}
	if len(p.events) == 0 {
		if p.fetched.IsZero() {
			return append(out, line{text: "loading…", p: pp.dim})
		}
		return append(out, line{text: "none yet", p: pp.dim})
	}
	end := max(len(p.events)-p.scroll, 0)
	from := max(end-room, 0)
	for _, e := range p.events[from:end] {
		out = append(out, line{text: clock(e.Time) + " " + e.Message, p: pp.value})
	}
	if p.scroll > 0 && len(out) > 1 {
		out[0].text = fmt.Sprintf("Events (%d newer below; J)", p.scroll)
	}
	return out
}
