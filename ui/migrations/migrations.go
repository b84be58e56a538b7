// Package migrations is the migrations dashboard (tab 3, :migrations):
// every migration of the partner from the paged partner-wide list, with a
// filter and a sort, updating live; enter opens a migration's live pane
// (phases and event log), p pins it beside others, and a failed phase can
// be retried from where it failed. Polling respects the service: one
// list refresh for all migrations, event polls only for panes on screen,
// slower with more migrations and after 429s, nothing but the header's
// summary while the screen is hidden.
package migrations

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

// ID is the screen's name for ":" commands and SwitchScreenMsg.
const ID = "migrations"

// Options configure the dashboard.
type Options struct {
	// Now is the clock for elapsed times and "refreshed … ago"; nil means
	// time.Now.
	Now func() time.Time
	// After returns a command that delivers msg after d; nil means
	// tea.Tick. Tests inject one so that nothing sleeps.
	After func(d time.Duration, msg tea.Msg) tea.Cmd
	// PinsPath is the file the pins are kept in across restarts; "" keeps
	// them for this run only.
	PinsPath string
	// Journal lists the migrations started from this machine: they are
	// shown first, and the first refresh says what became of them.
	Journal *client.Journal
}

// Model is the migrations dashboard.
type Model struct {
	c    *common.Context
	opts Options
	keys KeyMap

	tbl    table.Model
	styles *theme.Styles

	// all holds the migrations as last listed; recs their searchable
	// forms; index maps an id to its position; shown is the filtered,
	// sorted view (positions in all).
	all   []model.Migration
	recs  []model.MigrationRecord
	index map[string]int
	shown []int

	input      textinput.Model
	filtering  bool
	filterText string
	query      model.Query
	sortCol    int
	sortDesc   bool

	// The list refresh: listGen drops the ticks of a chain replaced (by
	// Activate or R); loading says a refresh is in flight.
	visible   bool
	listGen   int
	loading   bool
	loaded    bool
	refreshed time.Time
	lastErr   error
	failures  int
	next      time.Duration
	askedAuth bool

	// The panes: open is the migration enter opened (if not pinned),
	// pins the pinned ones in order; focus is 0 for the table, k for the
	// k-th pane shown.
	open  string
	pins  []string
	panes map[string]*pane
	focus int

	spinGen, spinFrame int
	spinning           bool

	// journal: the ids started here (shown first), and whether the
	// summary since the last run was given.
	journal     map[string]bool
	entries     []client.JournalEntry
	journalVer  int64
	lastSeen    client.Seen
	journalDone bool
	journalErr  error
	// domains maps target tenant ids (lower-cased) to their domains, ""
	// for a target looked up without one.
	domains   map[string]string
	announced bool
	seen      map[string]model.MigrationStatus
	// Summary is what the first refresh said of the journal's migrations;
	// news is that in words, shown until the next key on this screen.
	Summary client.JournalSummary
	news    string

	// retryIDs keeps the MS-RequestId of a retry whose outcome is not
	// known, so pressing r again sends the same one.
	retryIDs map[string]string
	// pendingFocus is a customer handed over (CustomerFocusMsg) whose
	// migration the list did not have yet.
	pendingFocus []string

	// texts are the cells made once per refresh (by position in all);
	// bars the progress bars drawn so far.
	texts []texts
	bars  map[barKey]string
	// dataGen counts list refreshes (for the panes' caches).
	dataGen int
	// pp are the panes' paints for the styles ppFor.
	pp    *paints
	ppFor *theme.Styles

	// contentW is the widest content seen in each column (only grows).
	contentW [numCols]int

	width, height int
}

// pane is one live pane's state.
type pane struct {
	id      string
	events  []model.MigrationEvent
	scroll  int // events scrolled up from the newest
	gen     int
	polling bool
	busy    bool
	err     error
	fetched time.Time
	// final says the events were fetched after the migration finished:
	// polling stops.
	final bool
	// version counts changes to what the pane shows (events, scroll);
	// cache is its last drawing, for cacheKey.
	version  int
	cache    []string
	cacheKey paneKey
}

var (
	_ common.Screen    = (*Model)(nil)
	_ common.Activator = (*Model)(nil)
	_ table.Source     = (*Model)(nil)
)

// Columns.
const (
	colCustomer = iota
	colTarget
	colStatus
	colPhase
	colProgress
	colElapsed
	colEvent
	numCols
)

func columns() []table.Column {
	return []table.Column{
		{Title: "Customer", Min: 12, Max: 32, Priority: 0},
		{Title: "Target tenant", Short: "Target", Min: 10, Max: 36, Priority: 6},
		{Title: "Status", Min: 10, Max: 10, Priority: 1},
		{Title: "Phase", Min: 12, Max: 30, Priority: 2},
		{Title: "Progress", Short: "%", Min: 9, Max: 16, Priority: 2},
		{Title: "Elapsed", Short: "Time", Min: 7, Max: 8, Priority: 4, Align: table.AlignRight},
		{Title: "Last event", Short: "Event", Min: 12, Max: 60, Priority: 5},
	}
}

// New returns the dashboard; nothing is fetched before Init.
func New(c *common.Context, o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}
	}
	m := &Model{c: c, opts: o, keys: DefaultKeyMap(), index: map[string]int{}, panes: map[string]*pane{},
		journal: map[string]bool{}, seen: map[string]model.MigrationStatus{}, retryIDs: map[string]string{},
		sortCol: colStatus}
	m.tbl = table.New(columns(), table.Styles{})
	m.input = common.NewInput("/", m.theme())
	m.input.Placeholder = model.MigrationFilterQualifiers
	m.repaint()
	m.pins = loadPins(o.PinsPath)
	m.width, m.height = c.Width, c.Height
	m.tbl.SetSort(m.sortCol, m.sortDesc)
	return m
}

func (m *Model) theme() *theme.Styles {
	if m.c != nil && m.c.Styles != nil {
		return m.c.Styles
	}
	return theme.New(true)
}

func (m *Model) repaint() {
	s := m.theme()
	if s == m.styles {
		return
	}
	m.styles = s
	m.bars = nil
	var st table.Styles
	st.Header, st.Cursor, st.Mark = s.TableHeader, s.TableCursor, s.TableMarked
	st.Tones[table.ToneDim] = s.Dim
	st.Tones[table.ToneGood] = s.StatusActive
	st.Tones[table.ToneWarn] = s.StatusPend
	st.Tones[table.ToneBad] = s.StatusBad
	st.MarkGlyph, st.CursorGlyph = "◆", s.CursorGlyph
	if s.Opts.ASCII {
		st.MarkGlyph = "+"
	}
	m.tbl.SetStyles(st)
	common.StyleInput(&m.input, s)
}

// ID implements common.Screen.
func (m *Model) ID() string { return ID }

// Title implements common.Screen.
func (m *Model) Title() string { return "Migrations" }

// Aliases adds ":mig" for the dashboard.
func (m *Model) Aliases() []string { return []string{"mig", "dashboard"} }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.filtering }

// SetSize implements common.Screen.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layout()
}

// ShortHelp implements common.Screen.
func (m *Model) ShortHelp() []key.Binding {
	if m.filtering {
		return []key.Binding{m.keys.AcceptInput, m.keys.ClearFilter}
	}
	// Most important first: the status bar drops hints from the end to
	// fit (at 80 columns the first four or five show). The filter's
	// qualifiers are for ? only.
	filter := key.NewBinding(key.WithKeys(m.keys.Filter.Keys()...), key.WithHelp(m.keys.Filter.Help().Key, "filter"))
	return []key.Binding{m.keys.Open, filter, m.keys.Retry, m.keys.Pin, m.keys.Unpin, m.keys.Sort}
}

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		m.keys.Nav.Bindings(),
		{m.keys.Open, m.keys.Close, m.keys.Pin, m.keys.Unpin, m.keys.NextPane, m.keys.ScrollDown, m.keys.ScrollUp},
		{m.keys.Retry, m.keys.Refresh, m.keys.Filter, m.keys.AcceptInput, m.keys.Sort, m.keys.Reverse},
	}
}

// Messages.
type (
	listTickMsg struct{ gen int }
	listMsg     struct {
		migrations []model.Migration
		err        error
		// throttled is the longest Retry-After the service asked for
		// during the refresh (0: none).
		throttled time.Duration
		// journal holds the journal's entries when it changed since
		// last read (journalRead), at version journalVer.
		journal     []client.JournalEntry
		journalRead bool
		journalVer  int64
		// domains replaces the targets' domains when they were looked
		// up during the refresh.
		domains map[string]string
	}
	paneTickMsg struct {
		id  string
		gen int
	}
	eventsMsg struct {
		id     string
		gen    int
		events []model.MigrationEvent
		err    error
	}
	spinTickMsg struct{ gen int }
	journalMsg  struct {
		ver     int64
		entries []client.JournalEntry
		seen    client.Seen
		err     error
	}
	seenSavedMsg struct{ err error }
	pinsSavedMsg struct{ err error }
)

// retryPrompt is the confirm ID of a retry; the migration id follows.
const retryPrompt = "retry:"

// Init starts the first refresh (which feeds the header even while the
// screen is hidden) and reads the journal.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.readJournal(), m.refresh())
}

func (m *Model) readJournal() tea.Cmd {
	j := m.opts.Journal
	if j == nil {
		m.journalDone = true
		return nil
	}
	return func() tea.Msg {
		ver := j.Version()
		entries, err := j.Entries()
		if err != nil {
			return journalMsg{err: err}
		}
		seen, err := j.LastSeen()
		return journalMsg{ver: ver, entries: entries, seen: seen, err: err}
	}
}

// Activate implements common.Activator: the screen is shown; refresh now
// and start the panes' polls.
func (m *Model) Activate() tea.Cmd {
	m.visible = true
	cmds := []tea.Cmd{m.refresh()}
	cmds = append(cmds, m.startPanes()...)
	cmds = append(cmds, m.startSpinner())
	return tea.Batch(cmds...)
}

// Deactivate implements common.Activator: the screen is hidden; the panes
// and the spinner stop, and the list refreshes slowly, for the header.
func (m *Model) Deactivate() {
	m.visible = false
	for _, p := range m.panes {
		p.gen++
		p.polling = false
	}
	m.spinGen++
	m.spinning = false
}

// refresh starts a refresh of the list now, replacing the scheduled one,
// unless one is in flight (its answer schedules the next).
func (m *Model) refresh() tea.Cmd {
	m.listGen++
	if m.loading || m.c.Partner == nil {
		return nil
	}
	m.loading = true
	pc, ctx := m.c.Partner, m.c.Ctx
	// Migrations started during this run (the wizard records them in
	// the journal) are marked and sorted first at the next refresh: the
	// journal is read again when it changed.
	var j *client.Journal
	if m.journalDone && m.journalErr == nil {
		j = m.opts.Journal
	}
	lastVer := m.journalVer
	domains := m.domains // never changed in place: replaced
	return func() tea.Msg {
		var msg listMsg
		if ver := j.Version(); j != nil && ver != lastVer {
			if entries, err := j.Entries(); err == nil {
				msg.journal, msg.journalRead, msg.journalVer = entries, true, ver
			}
		}
		var wait atomic.Int64
		ctx := client.WithThrottleObserver(ctx, func(d time.Duration) {
			for {
				old := wait.Load()
				if int64(d) <= old || wait.CompareAndSwap(old, int64(d)) {
					return
				}
			}
		})
		var all []model.Migration
		err := pc.ListMigrations(ctx, func(p client.MigrationPage) error {
			all = append(all, p.Migrations...)
			return nil
		})
		var api *client.APIError
		if errors.As(err, &api) && api.StatusCode == http.StatusTooManyRequests && int64(api.RetryAfter) > wait.Load() {
			// A wait longer than the client would sit out: the next
			// refresh waits it instead.
			wait.Store(int64(max(api.RetryAfter, time.Second)))
		} else if api != nil && api.StatusCode == http.StatusTooManyRequests && wait.Load() == 0 {
			wait.Store(int64(time.Second))
		}
		msg.domains = lookUpTargets(ctx, pc, all, domains)
		if msg.domains != nil {
			domains = msg.domains
		}
		model.SetTargetDomains(all, domains)
		msg.migrations, msg.err, msg.throttled = all, err, time.Duration(wait.Load())
		return msg
	}
}

// lookUpTargets returns the targets' domains from the partner's target
// accounts when a migration's target is not in known (one request per
// refresh at most, and only for a target never looked up), else nil.
// Targets not among the accounts (or all, when the lookup fails) are
// remembered without a domain, so they are not looked up again.
func lookUpTargets(ctx context.Context, pc *client.Client, all []model.Migration, known map[string]string) map[string]string {
	missing := false
	for i := range all {
		if _, ok := known[strings.ToLower(all[i].TargetTenantID)]; !ok {
			missing = true
			break
		}
	}
	if !missing {
		return nil
	}
	out := maps.Clone(known)
	if out == nil {
		out = map[string]string{}
	}
	if accounts, err := pc.ListTargetAccounts(ctx); err == nil {
		maps.Copy(out, model.TargetDomains(accounts))
	}
	for i := range all {
		if id := strings.ToLower(all[i].TargetTenantID); id != "" {
			if _, ok := out[id]; !ok {
				out[id] = ""
			}
		}
	}
	return out
}

// counts are the running, failed and completed migrations.
func (m *Model) counts() (running, failed, completed int) {
	for i := range m.all {
		switch m.all[i].Status {
		case model.MigrationCompleted:
			completed++
		case model.MigrationFailed:
			failed++
		default:
			running++
		}
	}
	return
}

// NextRefresh is the wait before the next list refresh, as last planned.
func (m *Model) NextRefresh() time.Duration { return m.next }

func (m *Model) onList(msg listMsg) tea.Cmd {
	m.loading = false
	var cmds []tea.Cmd
	if msg.err != nil && len(msg.migrations) == 0 {
		m.lastErr = msg.err
		m.failures++
		if client.IsAuth(msg.err) && !m.askedAuth {
			m.askedAuth = true
			cmds = append(cmds, func() tea.Msg { return common.NeedSignInMsg{Reason: "the migrations list needs a sign-in"} })
		}
	} else {
		m.lastErr = msg.err // a partial list is shown, and marked
		if msg.err == nil {
			m.failures = 0
		} else {
			m.failures++
		}
		m.askedAuth = false
		if msg.domains != nil {
			m.domains = msg.domains
		}
		if msg.journalRead {
			m.addEntries(msg.journalVer, msg.journal)
		}
		m.setMigrations(msg.migrations)
		if m.pendingFocus != nil && m.focusCustomer(m.pendingFocus...) {
			m.pendingFocus = nil
		}
		m.refreshed = m.opts.Now()
		m.loaded = true
		cmds = append(cmds, m.journalNews()...)
		cmds = append(cmds, m.startPanes()...)
		cmds = append(cmds, m.startSpinner())
	}
	running, failed, completed := m.counts()
	normal := listInterval(len(m.all), running, m.visible)
	switch {
	case msg.throttled > 0:
		m.failures = max(m.failures, 1)
		m.next = backoff(normal, msg.throttled, m.failures-1)
	case m.failures > 0:
		m.next = backoff(normal, 0, m.failures)
	default:
		m.next = normal
	}
	summary := common.MigrationsMsg{Running: running, Failed: failed, Completed: completed, Refreshed: m.refreshed, Stale: m.lastErr != nil}
	cmds = append(cmds, func() tea.Msg { return summary }, m.opts.After(m.next, listTickMsg{gen: m.listGen}))
	return tea.Batch(cmds...)
}

// setMigrations replaces the list, keeping the cursor on the same
// migration.
func (m *Model) setMigrations(ms []model.Migration) {
	cur := m.subjectRow()
	m.all = ms
	m.dataGen++
	m.recs = make([]model.MigrationRecord, len(ms))
	clear(m.index)
	for i := range ms {
		m.recs[i] = model.NewMigrationRecord(&ms[i])
		m.index[ms[i].ID] = i
	}
	m.makeTexts()
	m.apply()
	if cur != "" {
		m.cursorTo(cur)
	}
}

func (m *Model) subjectRow() string {
	if c := m.tbl.Cursor(); c >= 0 && c < len(m.shown) {
		return m.all[m.shown[c]].ID
	}
	return ""
}

func (m *Model) cursorTo(id string) {
	for k, i := range m.shown {
		if m.all[i].ID == id {
			m.tbl.SetCursor(k)
			return
		}
	}
}

// apply filters and sorts: the migrations started here first, then by
// the sort column, then by start time.
func (m *Model) apply() {
	m.shown = m.shown[:0]
	for i := range m.recs {
		if m.query.MatchMigration(&m.recs[i]) {
			m.shown = append(m.shown, i)
		}
	}
	now := m.opts.Now()
	slices.SortStableFunc(m.shown, func(a, b int) int {
		ja, jb := m.journal[m.all[a].ID], m.journal[m.all[b].ID]
		if ja != jb {
			if ja {
				return -1
			}
			return 1
		}
		c := m.compare(&m.all[a], &m.all[b], now)
		if m.sortDesc {
			c = -c
		}
		if c == 0 {
			c = m.all[b].StartedTime.Compare(m.all[a].StartedTime)
		}
		return c
	})
	m.tbl.SetLen(len(m.shown))
	m.contentWidths()
}

// contentWidths tells the table how wide each column's content is, so
// that space goes where it is needed and little is cut.
func (m *Model) contentWidths() {
	var name, target, phase, event int
	for _, i := range m.shown {
		mg := &m.all[i]
		name = max(name, cellWidth(mg.CustomerName)+2)
		target = max(target, cellWidth(mg.Target()))
		phase = max(phase, len(model.PhaseName(mg.CurrentPhase)))
		_, ev := lastEvent(mg)
		event = max(event, cellWidth(ev)+9)
	}
	// Widths only grow (as on the customers screen), so columns do not
	// jump between refreshes or as the filter changes.
	for col, w := range map[int]int{colCustomer: name, colTarget: target, colPhase: phase, colEvent: event} {
		m.contentW[col] = max(m.contentW[col], w)
		m.tbl.SetContentWidth(col, m.contentW[col])
	}
	m.layout()
}

// statusRank orders failed first, then running, then completed.
func statusRank(s model.MigrationStatus) int {
	switch s {
	case model.MigrationFailed:
		return 0
	case model.MigrationCompleted:
		return 2
	}
	return 1
}

func (m *Model) compare(a, b *model.Migration, now time.Time) int {
	switch m.sortCol {
	case colCustomer:
		return strings.Compare(strings.ToLower(a.CustomerName), strings.ToLower(b.CustomerName))
	case colTarget:
		return strings.Compare(a.Target(), b.Target())
	case colStatus:
		return statusRank(a.Status) - statusRank(b.Status)
	case colPhase:
		return model.PhaseIndex(a.CurrentPhase) - model.PhaseIndex(b.CurrentPhase)
	case colProgress:
		return cmpFloat(a.Progress(), b.Progress())
	case colElapsed:
		return int(elapsed(a, now) - elapsed(b, now))
	case colEvent:
		ta, _ := lastEvent(a)
		tb, _ := lastEvent(b)
		return tb.Compare(ta) // newest first
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// elapsed is how long the migration has run (until it completed).
func elapsed(m *model.Migration, now time.Time) time.Duration {
	if m.StartedTime.IsZero() {
		return 0
	}
	end := now
	if m.Status == model.MigrationCompleted && !m.CompletedTime.IsZero() {
		end = m.CompletedTime
	} else if m.Status == model.MigrationFailed && !m.LastModified.IsZero() {
		end = m.LastModified
	}
	return max(end.Sub(m.StartedTime), 0)
}

// lastEvent is the newest thing that happened to the migration, from the
// phases the list carries.
func lastEvent(m *model.Migration) (time.Time, string) {
	if m.Status == model.MigrationCompleted {
		at := m.CompletedTime
		if at.IsZero() {
			at = m.LastModified
		}
		return at, "completed"
	}
	at, idx, what := m.StartedTime, -1, ""
	for k := range m.Phases {
		p := &m.Phases[k]
		if !p.StartedTime.IsZero() && !p.StartedTime.Before(at) {
			at, idx, what = p.StartedTime, k, " started"
		}
		if !p.CompletedTime.IsZero() && !p.CompletedTime.Before(at) {
			at, idx, what = p.CompletedTime, k, " done"
		}
		if p.Status == model.PhaseFailed {
			idx, what = k, " failed"
			if !p.CompletedTime.IsZero() {
				at = p.CompletedTime
			}
		}
	}
	if idx < 0 {
		return at, "started"
	}
	name := m.Phases[idx].Name
	if name == "" {
		name = model.PhaseName(m.Phases[idx].Code)
	}
	return at, name + what
}

// journalNews says, once, what became of the migrations started here
// since mcgdash last looked, and saves what it sees whenever one of them
// changes, so the next start compares with the latest.
func (m *Model) journalNews() []tea.Cmd {
	if m.opts.Journal == nil || !m.journalDone || !m.loaded {
		return nil
	}
	var cmds []tea.Cmd
	if !m.announced {
		m.announced = true
		current := make(map[string]model.Migration, len(m.entries))
		for _, e := range m.entries {
			if i, ok := m.index[e.MigrationID]; ok {
				current[e.MigrationID] = m.all[i]
			}
		}
		sum := client.SummarizeJournal(m.entries, m.lastSeen, current)
		if text := sum.String(); text != "" {
			level := common.Success
			if sum.Failed > 0 {
				level = common.Warning
				text += " — filter status:failed to see them, r retries"
			}
			st := common.StatusMsg{Level: level, Text: text, TTL: 20 * time.Second}
			cmds = append(cmds, func() tea.Msg { return st })
			// The status bar may soon say something else: the screen
			// keeps the news until the operator acts on it.
			m.news = text
			m.layout()
		}
		m.Summary = sum
	}
	changed := false
	statuses := make(map[string]model.MigrationStatus, len(m.journal))
	for id := range m.journal {
		if i, ok := m.index[id]; ok {
			statuses[id] = m.all[i].Status
			if m.seen[id] != m.all[i].Status {
				changed = true
			}
		} else if s, ok := m.seen[id]; ok {
			statuses[id] = s
		}
	}
	if changed {
		m.seen = statuses
		j := m.opts.Journal
		snapshot := client.Seen{Statuses: statuses}
		cmds = append(cmds, func() tea.Msg { return seenSavedMsg{err: j.SetSeen(snapshot)} })
	}
	return cmds
}

func (m *Model) onJournal(msg journalMsg) tea.Cmd {
	m.journalDone = true
	if msg.err != nil {
		m.announced = true
		m.journalErr = msg.err
		return common.StatusCmd(common.Warning, "The journal of migrations started here could not be read: "+model.SanitizeMessage(msg.err.Error()))
	}
	m.lastSeen = msg.seen
	m.addEntries(msg.ver, msg.entries)
	for k, v := range msg.seen.Statuses {
		m.seen[k] = v
	}
	if !m.loaded {
		return nil
	}
	m.makeTexts() // the » of the migrations started here
	m.apply()
	return tea.Batch(m.journalNews()...)
}

// addEntries takes the journal's entries as read at version ver.
func (m *Model) addEntries(ver int64, entries []client.JournalEntry) {
	m.journalVer, m.entries = ver, entries
	for _, e := range entries {
		m.journal[e.MigrationID] = true
	}
}
