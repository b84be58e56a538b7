package migrations

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
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
	if m.filtering || m.filterText != "" {
		return 2
	}
	return 1
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
	mg := &m.all[m.shown[row]]
	tone := table.ToneNormal
	if m.lastErr != nil {
		tone = table.ToneDim // stale
	}
	switch col {
	case colCustomer:
		name := mg.CustomerName
		if name == "" {
			name = mg.CustomerTenantID
		}
		if m.journal[mg.ID] {
			name = "» " + name
		}
		return name, tone
	case colTarget:
		return mg.TargetTenantID, tone
	case colStatus:
		return statusText(mg.Status), statusTone(mg.Status, tone)
	case colPhase:
		return model.PhaseName(mg.CurrentPhase), tone
	case colProgress:
		return m.bar(mg.Progress(), m.tbl.ColumnWidth(colProgress)), statusTone(mg.Status, tone)
	case colElapsed:
		return duration(elapsed(mg, m.opts.Now())), tone
	case colEvent:
		at, text := lastEvent(mg)
		if !at.IsZero() {
			text = at.Local().Format("15:04:05") + " " + text
		}
		return text, tone
	}
	return "", tone
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
	pct := strconv.Itoa(int(p*100+0.5)) + "%"
	cells := w - 5
	if cells < 3 {
		return pct
	}
	full, empty := "█", "░"
	if m.theme().Opts.ASCII {
		full, empty = "#", "."
	}
	n := int(p*float64(cells) + 0.5)
	return strings.Repeat(full, n) + strings.Repeat(empty, cells-n) + fmt.Sprintf("%5s", pct)
}

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
	s := m.theme()
	now := m.opts.Now()
	if !m.loaded {
		if m.lastErr != nil {
			return s.StatusError.Render(fitText("Cannot reach Partner Center: "+model.SanitizeMessage(m.lastErr.Error())+" — retrying in "+duration(m.next), m.width))
		}
		return s.Dim.Render(fitText("Loading the partner's migrations…", m.width))
	}
	running, failed, completed := m.counts()
	left := fmt.Sprintf("%d migrations · %d running · %d failed · %d completed", len(m.all), running, failed, completed)
	if len(m.shown) != len(m.all) {
		left = fmt.Sprintf("%d of %s", len(m.shown), left)
	}
	if m.lastErr != nil {
		warn := "STALE: cannot reach Partner Center — showing data from " + m.refreshed.Local().Format("15:04:05") +
			" (" + ago(now, m.refreshed) + "), retrying in " + duration(m.next) + " — " + model.SanitizeMessage(m.lastErr.Error())
		return s.StatusWarn.Render(fitText(warn, m.width))
	}
	right := "refreshed " + m.refreshed.Local().Format("15:04:05") + " (" + ago(now, m.refreshed) + ")"
	if m.loading {
		right = "refreshing… " + right
	}
	if lipgloss.Width(left)+2+lipgloss.Width(right) > m.width {
		return s.Dim.Render(fitText(left+" · "+right, m.width))
	}
	return s.Value.Render(left) + strings.Repeat(" ", m.width-lipgloss.Width(left)-lipgloss.Width(right)) + s.Dim.Render(right)
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
	if m.filtering || m.filterText != "" {
		if m.filtering {
			lines = append(lines, m.input.View())
		} else {
			lines = append(lines, s.Dim.Render(fitText("filter: "+m.filterText+"  (/ edits, esc clears)", m.width)))
		}
	}
	th, pw, ph, n, side := m.geometry()
	if len(m.all) == 0 && m.loaded {
		lines = append(lines, s.Dim.Render(fitText("No migrations yet. Start one with m on the customers screen, or mcgdash migrate.", m.width)))
		th--
	} else if len(m.shown) == 0 && m.loaded {
		lines = append(lines, s.Dim.Render(fitText("No migration matches the filter ("+model.MigrationFilterQualifiers+"); esc clears it.", m.width)))
		th--
	}
	if th > 0 {
		lines = append(lines, m.tbl.View(m))
	}
	if n > 0 {
		ids := m.shownPanes()
		views := make([]string, n)
		for k, id := range ids {
			w, h := pw, ph
			if side && k == n-1 {
				w = m.width - pw*(n-1)
			}
			views[k] = m.renderPane(id, w, h, m.focus == k+1)
		}
		if side {
			lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, views...))
		} else {
			lines = append(lines, views...)
		}
	}
	return strings.Join(lines, "\n")
}

var spinFrames = spinner.Dot.Frames

// renderPane draws one migration's live pane in w×h cells: its phases in
// order with their state and times, the failure and how to retry, and the
// newest events (scrollable).
func (m *Model) renderPane(id string, w, h int, focused bool) string {
	s := m.theme()
	iw, ih := max(w-2, 1), max(h-2, 1)
	var head, phases, tail []string
	i, ok := m.index[id]
	p := m.panes[id]
	pinned := false
	for _, x := range m.pins {
		pinned = pinned || x == id
	}
	mark := ""
	if pinned {
		mark = "◆ "
		if s.Opts.ASCII {
			mark = "+ "
		}
	}
	if !ok {
		head = append(head, s.Title.Render(fitText(mark+id, iw)), s.Dim.Render(fitText("not in the partner's list (yet)", iw)))
	} else {
		mg := &m.all[i]
		head = append(head, s.Title.Render(fitText(mark+mg.CustomerName+" → "+mg.TargetTenantID, iw)))
		st := statusText(mg.Status) + " · " + strconv.Itoa(int(mg.Progress()*100+0.5)) + "% · " + duration(elapsed(mg, m.opts.Now()))
		head = append(head, m.toneStyle(mg.Status).Render(fitText(st, iw)))
		cur := -1
		for k, ph := range mg.Phases {
			line, style := m.phaseLine(ph, iw)
			phases = append(phases, style.Render(line))
			if ph.Status == model.PhaseRunning || ph.Status == model.PhaseFailed {
				cur = k
			}
		}
		if mg.Status == model.MigrationFailed {
			reason := mg.FailureReason
			if cur >= 0 && mg.Phases[cur].FailureReason != "" {
				reason = mg.Phases[cur].FailureReason
			}
			for _, l := range strings.Split(lipgloss.Wrap(reason, iw, ""), "\n") {
				tail = append(tail, s.StatusError.Render(l))
			}
			tail = append(tail, s.Key.Render("r")+" "+s.KeyDesc.Render(fitText("retry from "+model.PhaseName(mg.CurrentPhase), iw-2)))
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
	for len(lines) < ih {
		lines = append(lines, "")
	}
	border := s.Border
	if focused {
		border = border.BorderForeground(s.Accent)
	}
	return border.Width(w).Height(h).Render(strings.Join(lines, "\n"))
}

func (m *Model) toneStyle(st model.MigrationStatus) lipgloss.Style {
	s := m.theme()
	switch st {
	case model.MigrationCompleted:
		return s.StatusActive
	case model.MigrationFailed:
		return s.StatusBad
	}
	return s.StatusPend
}

// phaseLine is one phase: a glyph for its state, its name and its times.
func (m *Model) phaseLine(ph model.PhaseProgress, w int) (string, lipgloss.Style) {
	s := m.theme()
	var glyph, when string
	style := s.Dim
	switch ph.Status {
	case model.PhaseCompleted:
		glyph, style = "✓", s.Value
		when = clock(ph.StartedTime) + "–" + clock(ph.CompletedTime)
	case model.PhaseRunning:
		glyph, style = strings.TrimSpace(spinFrames[m.spinFrame%len(spinFrames)]), s.StatusPend
		when = "since " + clock(ph.StartedTime)
	case model.PhaseFailed:
		glyph, style = "✗", s.StatusBad
		when = "failed " + clock(ph.CompletedTime)
	default:
		glyph, when = "·", "pending"
	}
	if s.Opts.ASCII {
		switch ph.Status {
		case model.PhaseCompleted:
			glyph = "v"
		case model.PhaseFailed:
			glyph = "x"
		}
	}
	name := ph.Name
	if name == "" {
		name = model.PhaseName(ph.Code)
	}
	room := w - 2 - ansi.StringWidth(when) - 1
	if room < 8 {
		return fitText(glyph+" "+name, w), style
	}
	name = fitText(name, room)
	pad := max(room-ansi.StringWidth(name), 0)
	return glyph + " " + name + strings.Repeat(" ", pad) + " " + when, style
}

func clock(t time.Time) string {
	if t.IsZero() {
		return "--:--:--"
	}
	return t.Local().Format("15:04:05")
}

// eventLines are the events that fit in room lines, newest last,
// scrolled up by the pane's scroll.
func (m *Model) eventLines(p *pane, w, room int) []string {
	s := m.theme()
	out := []string{s.Label.Render(fitText("Events", w))}
	room--
	if p.err != nil {
		out = append(out, s.StatusWarn.Render(fitText("events: "+model.SanitizeMessage(p.err.Error()), w)))
		room--
	}
	if room <= 0 {
		return out[:1]
	}
	if len(p.events) == 0 {
		if p.fetched.IsZero() {
			return append(out, s.Dim.Render("loading…"))
		}
		return append(out, s.Dim.Render("none yet"))
	}
	end := max(len(p.events)-p.scroll, 0)
	from := max(end-room, 0)
	for _, e := range p.events[from:end] {
		out = append(out, s.Dim.Render(clock(e.Time))+" "+s.Value.Render(fitText(e.Message, max(w-9, 1))))
	}
	if p.scroll > 0 && len(out) > 1 {
		out[0] = s.Label.Render(fitText(fmt.Sprintf("Events (%d newer below; J)", p.scroll), w))
	}
	return out
}
