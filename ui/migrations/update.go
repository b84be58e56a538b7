package migrations

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/internal/securefile"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
)

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StylesMsg:
		m.repaint()
	case listTickMsg:
		if msg.gen == m.listGen {
			return m, m.refresh()
		}
	case listMsg:
		return m, m.onList(msg)
	case paneTickMsg:
		if p, ok := m.panes[msg.id]; ok && p.gen == msg.gen && p.polling {
			return m, m.fetchEvents(p)
		}
	case eventsMsg:
		return m, m.onEvents(msg)
	case spinTickMsg:
		if msg.gen != m.spinGen {
			return m, nil
		}
		m.spinning = false
		m.spinFrame++
		return m, m.startSpinner()
	case journalMsg:
		return m, m.onJournal(msg)
	case seenSavedMsg:
		if msg.err != nil {
			return m, common.StatusCmd(common.Warning, "Could not save what was seen of the migrations started here: "+model.SanitizeMessage(msg.err.Error()))
		}
	case pinsSavedMsg:
		if msg.err != nil {
			return m, common.StatusCmd(common.Warning, "Could not save the pins: "+model.SanitizeMessage(msg.err.Error()))
		}
	case confirm.Answer:
		if len(msg.ID) > len(retryPrompt) && msg.ID[:len(retryPrompt)] == retryPrompt && msg.Yes {
			return m, m.retry(msg.ID[len(retryPrompt):])
		}
	case common.TaskDoneMsg:
		return m, m.onTaskDone(msg)
	case common.SignedInMsg:
		m.askedAuth = false
		return m, m.refresh()
	case common.CustomerFocusMsg:
		if msg.Customer != nil {
			// The migration may be newer than the list: look again after
			// the next refresh too.
			m.pendingFocus = []string{msg.Customer.TenantID, msg.Customer.ID}
			if m.focusCustomer(m.pendingFocus...) {
				m.pendingFocus = nil
			}
			return m, tea.Batch(append(m.startPanes(), m.refresh())...)
		}
	case tea.PasteMsg:
		if m.filtering {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			m.setFilter(m.input.Value())
			return m, cmd
		}
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

// focusCustomer puts the cursor on the newest migration of the customer
// and opens its pane (the wizard's "View details").
func (m *Model) focusCustomer(ids ...string) bool {
	best := -1
	for i := range m.all {
		if !slices.Contains(ids, m.all[i].CustomerTenantID) {
			continue
		}
		if best < 0 || m.all[i].StartedTime.After(m.all[best].StartedTime) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	if !slices.Contains(m.shown, best) {
		m.setFilter("")
	}
	m.cursorTo(m.all[best].ID)
	m.openPane(m.all[best].ID)
	return true
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.news != "" {
		m.news = ""
		m.layout()
	}
	if m.filtering {
		switch {
		case key.Matches(msg, m.keys.AcceptInput):
			m.filtering = false
			m.input.Blur()
			m.layout()
			return nil
		case key.Matches(msg, m.keys.ClearFilter):
			m.filtering = false
			m.input.Blur()
			m.input.SetValue("")
			m.setFilter("")
			m.layout()
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.setFilter(m.input.Value())
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		m.input.SetValue(m.filterText)
		m.input.CursorEnd()
		m.layout()
		return m.input.Focus()
	case key.Matches(msg, m.keys.Close):
		switch {
		case m.focus > 0:
			m.focus = 0
		case m.open != "":
			m.closePane(m.open)
		case m.filterText != "":
			m.input.SetValue("")
			m.setFilter("")
		}
		m.layout()
		return nil
	case key.Matches(msg, m.keys.Sort):
		m.sortCol = (m.sortCol + 1) % numCols
		m.resort()
		return nil
	case key.Matches(msg, m.keys.Reverse):
		m.sortDesc = !m.sortDesc
		m.resort()
		return nil
	case key.Matches(msg, m.keys.Refresh):
		m.failures = 0
		return m.refresh()
	case key.Matches(msg, m.keys.NextPane):
		n := len(m.shownPanes())
		if n == 0 {
			return nil
		}
		m.focus = (m.focus + 1) % (n + 1)
		return nil
	case key.Matches(msg, m.keys.ScrollUp), key.Matches(msg, m.keys.ScrollDown):
		p := m.focusedPane()
		if p == nil {
			return nil
		}
		p.version++
		if key.Matches(msg, m.keys.ScrollUp) {
			p.scroll = min(p.scroll+1, max(len(p.events)-1, 0))
		} else {
			p.scroll = max(p.scroll-1, 0)
		}
		return nil
	}
	id := m.subject()
	switch {
	case key.Matches(msg, m.keys.Open):
		if id == "" {
			return nil
		}
		m.openPane(id)
		return tea.Batch(m.startPanes()...)
	case key.Matches(msg, m.keys.Pin):
		if id == "" {
			return nil
		}
		return tea.Batch(append(m.pin(id), m.startPanes()...)...)
	case key.Matches(msg, m.keys.Unpin):
		if id == "" || !slices.Contains(m.pins, id) {
			return common.StatusCmd(common.Info, "Not pinned: nothing to unpin")
		}
		return m.unpin(id)
	case key.Matches(msg, m.keys.Retry):
		return m.askRetry(id)
	}
	if m.focus == 0 && m.tbl.HandleKey(msg) {
		return nil
	}
	return nil
}

// subject is the migration a key acts on: the focused pane's, else the
// one under the cursor.
func (m *Model) subject() string {
	if m.focus > 0 {
		if ps := m.shownPanes(); m.focus-1 < len(ps) {
			return ps[m.focus-1]
		}
	}
	return m.subjectRow()
}

func (m *Model) focusedPane() *pane {
	ps := m.shownPanes()
	if len(ps) == 0 {
		return nil
	}
	k := 0
	if m.focus > 0 && m.focus-1 < len(ps) {
		k = m.focus - 1
	}
	return m.panes[ps[k]]
}

func (m *Model) setFilter(text string) {
	cur := m.subjectRow()
	m.filterText = text
	m.query = model.ParseMigrationQuery(text)
	m.apply()
	if cur != "" {
		m.cursorTo(cur)
	}
}

func (m *Model) resort() {
	cur := m.subjectRow()
	m.tbl.SetSort(m.sortCol, m.sortDesc)
	m.apply()
	if cur != "" {
		m.cursorTo(cur)
	}
}

// paneIDs are the migrations with a pane, in order: the one opened
// (unless pinned), then the pins.
func (m *Model) paneIDs() []string {
	ids := make([]string, 0, len(m.pins)+1)
	if m.open != "" && !slices.Contains(m.pins, m.open) {
		ids = append(ids, m.open)
	}
	return append(ids, m.pins...)
}

// shownPanes are the panes that fit on screen: only they poll.
func (m *Model) shownPanes() []string {
	ids := m.paneIDs()
	return ids[:min(len(ids), m.paneSlots())]
}

func (m *Model) openPane(id string) {
	m.open = id
	if m.panes[id] == nil {
		m.panes[id] = &pane{id: id}
	}
	m.layout()
}

func (m *Model) closePane(id string) {
	if m.open == id {
		m.open = ""
	}
	if !slices.Contains(m.pins, id) {
		if p := m.panes[id]; p != nil {
			p.gen++
			delete(m.panes, id)
		}
	}
	m.focus = min(m.focus, len(m.shownPanes()))
	m.layout()
}

func (m *Model) pin(id string) []tea.Cmd {
	if slices.Contains(m.pins, id) {
		return []tea.Cmd{common.StatusCmd(common.Info, "Already pinned")}
	}
	m.pins = append(m.pins, id)
	if p := m.panes[id]; p != nil {
		p.version++ // the pin mark
	}
	if m.open == id {
		m.open = ""
	}
	if m.panes[id] == nil {
		m.panes[id] = &pane{id: id}
	}
	m.layout()
	cmds := []tea.Cmd{m.savePins()}
	if len(m.paneIDs()) > m.paneSlots() {
		cmds = append(cmds, common.StatusCmd(common.Info, "Pinned; only the first panes fit this terminal — a wider one shows more"))
	}
	return cmds
}

func (m *Model) unpin(id string) tea.Cmd {
	m.pins = slices.DeleteFunc(m.pins, func(s string) bool { return s == id })
	if p := m.panes[id]; p != nil {
		p.version++
	}
	if m.open != id {
		if p := m.panes[id]; p != nil {
			p.gen++
			delete(m.panes, id)
		}
	}
	m.focus = min(m.focus, len(m.shownPanes()))
	m.layout()
	return tea.Batch(append([]tea.Cmd{m.savePins()}, m.startPanes()...)...)
}

// Pins are the pinned migrations, in order.
func (m *Model) Pins() []string { return slices.Clone(m.pins) }

func loadPins(path string) []string {
	if path == "" {
		return nil
	}
	b, err := securefile.ReadFile(path, 1<<20)
	if err != nil {
		return nil
	}
	var pins []string
	if json.Unmarshal(b, &pins) != nil {
		return nil
	}
	out := pins[:0]
	for _, p := range pins {
		if p = model.Sanitize(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func (m *Model) savePins() tea.Cmd {
	path := m.opts.PinsPath
	if path == "" {
		return nil
	}
	b, _ := json.Marshal(m.pins)
	return func() tea.Msg {
		err := securefile.WriteFile(path, b)
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		return pinsSavedMsg{err: err}
	}
}

// startPanes starts the event polls of the panes on screen that are not
// polling, while the screen is visible.
func (m *Model) startPanes() []tea.Cmd {
	if !m.visible {
		return nil
	}
	var cmds []tea.Cmd
	for _, id := range m.shownPanes() {
		p := m.panes[id]
		if p == nil {
			p = &pane{id: id}
			m.panes[id] = p
		}
		if p.polling {
			continue
		}
		if p.final {
			// Finished when last fetched: poll again only if it changed
			// since (a retry).
			if i, ok := m.index[id]; ok && m.all[i].Status.Finished() {
				continue
			}
			p.final = false
		}
		p.polling = true
		cmds = append(cmds, m.fetchEvents(p))
	}
	return cmds
}

// fetchEvents polls one pane's migration's events.
func (m *Model) fetchEvents(p *pane) tea.Cmd {
	i, ok := m.index[p.id]
	if !ok || m.c.Partner == nil || p.busy {
		p.polling = false
		return nil
	}
	p.busy = true
	pc, ctx, cust, id, gen := m.c.Partner, m.c.Ctx, m.all[i].CustomerTenantID, p.id, p.gen
	return func() tea.Msg {
		evs, err := pc.MigrationEvents(ctx, cust, id)
		return eventsMsg{id: id, gen: gen, events: evs, err: err}
	}
}

func (m *Model) onEvents(msg eventsMsg) tea.Cmd {
	p, ok := m.panes[msg.id]
	if !ok {
		return nil
	}
	p.busy = false
	p.version++
	if msg.err == nil {
		if p.scroll > 0 {
			p.scroll += max(len(msg.events)-len(p.events), 0) // keep the lines read in place
		}
		p.events, p.err, p.fetched = msg.events, nil, m.opts.Now()
	} else {
		p.err = msg.err
	}
	if msg.gen != p.gen || !p.polling {
		return nil // hidden or closed meanwhile: stop
	}
	running, _, _ := m.counts()
	if i, ok := m.index[p.id]; ok && m.all[i].Status.Finished() && msg.err == nil && finishedIn(msg.events, m.all[i].Status) {
		p.final, p.polling = true, false
		return nil
	}
	d := paneInterval(running)
	if msg.err != nil {
		d = backoff(d, 0, 2)
	}
	return m.opts.After(d, paneTickMsg{id: p.id, gen: p.gen})
}

// finishedIn reports whether the events already tell the end the list
// reports, so the pane has nothing more to fetch.
func finishedIn(evs []model.MigrationEvent, s model.MigrationStatus) bool {
	if len(evs) == 0 {
		return false
	}
	last := evs[len(evs)-1].Type
	switch s {
	case model.MigrationCompleted:
		return last == "migrationCompleted" || last == "phaseCompleted"
	case model.MigrationFailed:
		return last == "phaseFailed" || last == "migrationFailed"
	}
	return false
}

// startSpinner keeps the running phases' spinner turning while a pane
// with a running phase is on screen.
func (m *Model) startSpinner() tea.Cmd {
	if !m.visible || m.spinning {
		return nil
	}
	any := false
	for _, id := range m.shownPanes() {
		if i, ok := m.index[id]; ok && m.all[i].Status == model.MigrationProcessing {
			any = true
			break
		}
	}
	if !any {
		return nil
	}
	m.spinning = true
	m.spinGen++
	return m.opts.After(spinInterval, spinTickMsg{gen: m.spinGen})
}

const spinInterval = 150 * time.Millisecond

// askRetry asks before resuming a failed migration from its failed phase.
// In read-only mode the client refuses the call (and audits the refusal)
// before anything is sent, so it is made at once.
func (m *Model) askRetry(id string) tea.Cmd {
	i, ok := m.index[id]
	if id == "" || !ok {
		return nil
	}
	mg := m.all[i]
	if !mg.CanRetry() {
		return common.StatusCmd(common.Info, mg.CustomerName+": the migration has not failed — nothing to retry")
	}
	if m.c.Partner != nil && m.c.Partner.ReadOnly() {
		return m.retry(id)
	}
	phase := model.PhaseName(mg.CurrentPhase)
	effect := "The phase " + phase + " runs again; the phases already done are kept. It failed: " + mg.FailureReason
	return common.Push(confirm.New(m.c, confirm.Options{
		ID:       retryPrompt + id,
		Question: "Retry the migration of " + mg.CustomerName + " from " + phase + "?",
		Effect:   effect, Yes: "retry", No: "cancel",
	}))
}

// retry resumes the migration as a task. Its MS-RequestId is kept until
// the outcome is known, so a retry after a dropped connection reuses it.
func (m *Model) retry(id string) tea.Cmd {
	i, ok := m.index[id]
	if !ok || m.c.Partner == nil {
		return nil
	}
	mg := m.all[i]
	rid := m.retryIDs[id]
	if rid == "" {
		rid = client.NewGUID()
		m.retryIDs[id] = rid
	}
	pc, cust, name := m.c.Partner, mg.CustomerTenantID, mg.CustomerName
	return m.c.StartTask(common.Task{
		ID: "retry-migration-" + id, Title: "Retrying the migration of " + name, MustFinish: true,
		Run: func(ctx context.Context) (string, error) {
			res, err := pc.RetryMigration(client.WithRequestID(ctx, rid), cust, id)
			if err != nil {
				return "", err
			}
			return "Retry of " + name + " started at " + model.PhaseName(res.Migration.CurrentPhase) + " (request id " + res.RequestID + ")", nil
		},
	})
}

func (m *Model) onTaskDone(msg common.TaskDoneMsg) tea.Cmd {
	const prefix = "retry-migration-"
	if len(msg.ID) <= len(prefix) || msg.ID[:len(prefix)] != prefix {
		return nil
	}
	id := msg.ID[len(prefix):]
	if msg.Err != nil && errors.As(msg.Err, new(*client.NetworkError)) {
		return nil // outcome unknown: r again sends the same request id
	}
	delete(m.retryIDs, id)
	if msg.Err != nil {
		return nil
	}
	if p := m.panes[id]; p != nil {
		p.final = false
	}
	m.failures = 0
	return m.refresh()
}
