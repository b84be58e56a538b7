// Package customers is the customers screen: every customer of the partner
// in a virtualised table that streams in page by page, filters as the
// operator types, sorts, marks rows for bulk review and opens a detail pane.
package customers

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/components/table"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

// ID is the screen's name for ":" commands and SwitchScreenMsg.
const ID = "customers"

// routesID is the screen "r" hands the selected customer to.
const routesID = "routes"

// wideDetail is the width from which the detail pane sits beside the table
// instead of covering it.
const wideDetail = 110

// Model is the customers screen.
type Model struct {
	c    *common.Context
	keys KeyMap
	st   store
	tbl  table.Model
	// styles is what tbl was painted with; a new *theme.Styles in the
	// context (after a background colour report) repaints it.
	styles *theme.Styles

	input      textinput.Model
	filtering  bool
	filterText string

	marked map[string]struct{}
	// markGen counts changes of marks; hiddenCount caches how many marks
	// the filter hides (hiddenMarks).
	markGen     int
	hiddenCount struct {
		key [4]int
		n   int
	}
	// lastMark is the id of the row last marked, where ctrl+space starts.
	lastMark string
	// markDirty are the ids whose mark changed since the review store
	// last saved them (review.go).
	markDirty []string

	pager         *client.Pager
	loading       bool
	loadErr       error
	waitingSignIn bool
	total         int
	// epoch counts sign-ins; calls carry the epoch they started in.
	epoch int

	inFlight   int
	visibleGen int
	// visibleWaiting says the latest visibleMsg is still to come.
	visibleWaiting bool
	// profiles tracks the by-id fetch of customers whose list item lacked
	// a country (profile.go).
	profiles map[string]profileState
	// statusHint is set while the status line says how many statuses
	// are known, so that it is cleared with the status: filter.
	statusHint bool

	detailOpen bool
	details    map[string]*detail
	// pane scrolls the detail pane; paneID is the customer it shows, so
	// that another customer starts at the top.
	pane   viewport.Model
	paneID string
	// paneScrolls says the pane's content is taller than the pane.
	paneScrolls bool

	// contentW is the widest value seen in each column, measured as
	// pages arrive, so the table can give spare width where text is cut.
	contentW [numColumns]int
	// tenantW is the tenant column's width: whole ids show when they fit.
	tenantW int

	// debounce is how long the visible rows must stay put before their
	// subscriptions are fetched (SetDebounce).
	debounce time.Duration
	// hidden is set while another screen is shown (Deactivate); stale
	// says the visible rows changed meanwhile.
	hidden, stale bool

	// fetching says the F task runs; claimed is what it has asked for
	// and not yet had answered (lazy.go).
	fetching bool
	claimed  map[string]uint8
	// bulkRate is how many calls a minute F makes at most; checkRate
	// the same for checks (0: only 429s pace them).
	bulkRate  int
	checkRate int
	// checking says the check task runs (checks.go); checkTarget is
	// the target tenant the checks ask about, once found.
	checking    bool
	checkTarget string
	// fails says why customers' lazy cells failed; retryGen numbers the
	// backoff ticks, retryScale (tests) shortens them.
	fails      map[string]*failure
	retryGen   int
	retryScale func(time.Duration) time.Duration

	// rs keeps the review (review.go); entries are decisions, notes and
	// checks by customer id; touched are the ids whose mark changed
	// before the stored review was loaded (they win over it); pending
	// are changes not saved yet, saving says a save runs.
	rs           *review.Store
	reviewLoaded bool
	entries      map[string]*entry
	touched      map[string]struct{}
	pending      []review.Op
	saving       bool
	saveFailed   bool
	// deciding says d was pressed: the next key is the decision.
	deciding bool
	// noting says the note input has the keyboard, for noteID.
	noting    bool
	noteID    string
	noteInput textinput.Model
	// exporting says the export path prompt has the keyboard (export.go).
	exporting   bool
	export      *exportJob
	exportInput textinput.Model

	// laidOut is what the table was last laid out for.
	laidOut layoutInputs

	width, height int
}

// detail is what the detail pane knows of one customer.
type detail struct {
	loading bool
	cust    model.Customer
	subs    []model.Subscription
	err     error
}

var (
	_ common.Screen    = (*Model)(nil)
	_ common.Activator = (*Model)(nil)
)

// New returns the customers screen. Loading starts with Init.
func New(c *common.Context) *Model {
	m := &Model{
		c:           c,
		keys:        DefaultKeyMap(),
		st:          newStore(),
		marked:      map[string]struct{}{},
		details:     map[string]*detail{},
		entries:     map[string]*entry{},
		input:       common.NewInput("/", c.Styles),
		noteInput:   common.NewInput("note: ", c.Styles),
		exportInput: common.NewInput("export to: ", c.Styles),
		pane:        viewport.New(),
		debounce:    debounce,
		bulkRate:    DefaultBulkRate,
	}
	m.input.Placeholder = "filter: text !exclude " + model.FilterQualifiers
	m.st.review = m.reviewOf
	m.tbl = table.New(columns(), table.Styles{})
	m.tbl.SetSort(int(colName), false)
	m.repaint()
	return m
}

// SetDebounce sets how long the visible rows must stay put before their
// subscriptions are fetched; tests set it to 0.
func (m *Model) SetDebounce(d time.Duration) { m.debounce = max(d, 0) }

// SetBulkRate sets how many calls a minute bulk work (F, checks) makes at
// most; 0 lifts the pace (tests).
func (m *Model) SetBulkRate(perMinute int) { m.bulkRate = max(perMinute, 0) }

// Deactivate stops fetching for rows while the screen is hidden
// (common.Activator); pages still load.
func (m *Model) Deactivate() { m.hidden = true }

// Resized fetches for the rows a taller window shows (common.Resizer).
func (m *Model) Resized() tea.Cmd { return m.visibleCmd() }

// Activate fetches for the rows on screen if they changed while hidden.
func (m *Model) Activate() tea.Cmd {
	m.hidden = false
	if m.stale {
		m.stale = false
		return m.visibleCmd()
	}
	return nil
}

// columns are the table's columns, indexed by column.
func columns() []table.Column {
	cols := make([]table.Column, numColumns)
	cols[colName] = table.Column{Title: "Name", Min: 12, Max: 40, Priority: 0}
	cols[colDomain] = table.Column{Title: "Domain", Min: 12, Max: 36, Priority: 1}
	cols[colTenant] = table.Column{Title: "Tenant", Min: 8, Whole: true, Priority: 3}
	// Max fits the longest relationship, microsoft_support.
	cols[colRel] = table.Column{Title: "Relation", Short: "Rel", Min: 8, Max: 17, Priority: 5}
	cols[colCountry] = table.Column{Title: "Country", Short: "Ctry", Min: 7, Priority: 6}
	cols[colSubs] = table.Column{Title: "Subs", Min: 4, Priority: 4, Align: table.AlignRight}
	cols[colStatus] = table.Column{Title: "Status", Min: 9, Priority: 2}
	// The review's decision and, after it, the check's outcome (✓ ✗ !).
	cols[colDecision] = table.Column{Title: "Decision", Short: "Dec", Min: 9, Max: 14, Priority: 7}
	return cols
}

// ID implements common.Screen.
func (m *Model) ID() string { return ID }

// Title implements common.Screen.
func (m *Model) Title() string { return "Customers" }

// Capturing reports whether the filter input has the keyboard.
func (m *Model) Capturing() bool { return m.filtering || m.noting || m.exporting }

// Busy reports whether customers are still loading (common.Busy).
func (m *Model) Busy() bool { return m.loading }

// SetSize implements common.Screen.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
	m.layout()
	if m.detailOpen {
		m.syncPane()
	}
}

// Init starts loading the first page of customers.
func (m *Model) Init() tea.Cmd {
	var loadReview tea.Cmd
	if !m.reviewLoaded {
		loadReview = m.loadReviewCmd()
	}
	if m.c.Partner == nil {
		m.loadErr = errors.New("no Partner Center client configured")
		return loadReview
	}
	p, err := m.c.Partner.Customers(client.ListOptions{PageSize: client.MaxPageSize})
	if err != nil {
		m.loadErr = fmt.Errorf("list customers: %w", err)
		return tea.Batch(loadReview, common.StatusCmd(common.Error, m.loadErr.Error()))
	}
	m.pager, m.loading = p, true
	return tea.Batch(loadReview, m.nextPageCmd(), common.StatusCmd(common.Info, "Loading customers…"))
}

// Update implements common.Screen. The table is laid out again here, after
// the message (a page may widen columns, the error line may come or go),
// never in View.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	s, cmd := m.update(msg)
	cmd = tea.Batch(cmd, m.launch())
	if m.layoutInputs() != m.laidOut {
		m.layout()
	}
	if m.detailOpen {
		m.syncPane()
	}
	return s, cmd
}

func (m *Model) update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StylesMsg:
		m.repaint()
		return m, nil
	case common.CommandMsg:
		if msg.Name == MigrateCommand {
			m.exact()
			return m, m.migrate()
		}
		return m, nil
	case common.SignInCancelledMsg:
		// The operator may sign in later (R retries, :signin).
		m.waitingSignIn = false
		return m, nil
	case pageMsg:
		if msg.owner == m && msg.pager == m.pager {
			return m, m.onPage(msg)
		}
		return m, nil
	case roomMsg:
		if msg.owner == m {
			m.st.reserve(msg.room)
		}
		return m, nil
	case jobMsg:
		if msg.owner == m {
			return m, m.onJob(msg)
		}
		return m, nil
	case subsMsg:
		if msg.owner == m {
			return m, m.onSubs(msg)
		}
		return m, nil
	case detailMsg:
		if msg.owner == m {
			return m, m.onDetail(msg)
		}
		return m, nil
	case profileMsg:
		if msg.owner == m {
			return m, m.onProfile(msg)
		}
		return m, nil
	case visibleMsg:
		if msg.owner == m && msg.gen == m.visibleGen {
			m.visibleWaiting = false
			if m.hidden {
				m.stale = true
				return m, nil
			}
			var why tea.Cmd
			if line := m.failureLine(); line != "" {
				why = common.StatusCmd(common.Warning, line)
			}
			return m, tea.Batch(m.startFetches(), why)
		}
		return m, nil
	case exportedMsg:
		if msg.owner == m {
			return m, m.onExported(msg)
		}
		return m, nil
	case confirm.Answer:
		return m, m.onConfirm(msg)
	case reviewLoadedMsg:
		if msg.owner == m {
			return m, m.onReviewLoaded(msg)
		}
		return m, nil
	case reviewSavedMsg:
		if msg.owner == m {
			return m, m.onReviewSaved(msg)
		}
		return m, nil
	case retryCellMsg:
		if msg.owner == m {
			return m, m.onRetryCell(msg)
		}
		return m, nil
	case bulkMsgs:
		if msg.owner == m {
			return m, m.onBulk(msg)
		}
		return m, nil
	case common.TaskDoneMsg:
		switch msg.ID {
		case fetchTaskID:
			return m, m.onFetchDone(msg)
		case checkTaskID:
			return m, m.onCheckDone(msg)
		}
		return m, nil
	case checkMsg:
		if msg.owner == m {
			return m, m.onCheck(msg)
		}
		return m, nil
	case common.SignedInMsg:
		return m, m.onSignedIn()
	case tea.PasteMsg:
		// A terminal paste; the root has stripped escape sequences.
		if m.filtering {
			return m, m.editFilter(msg)
		}
		if m.noting {
			return m, m.onNoteKey(msg)
		}
		if m.exporting {
			return m, m.onExportKey(msg)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

func (m *Model) onPage(msg pageMsg) tea.Cmd {
	var cmds []tea.Cmd
	if len(msg.page.Customers) > 0 {
		b := msg.batch
		if b == nil {
			b = newBatch(msg.page.Customers)
		}
		if m.st.len() == 0 && msg.page.Total >= reserveFrom {
			cmds = append(cmds, m.roomCmd(msg.page.Total))
		}
		m.measure(b)
		a := m.anchor()
		m.st.add(b)
		if m.st.len() < asyncFrom {
			m.restore(a) // placed at once; else a job places them
		}
		cmds = append(cmds, m.visibleSoon())
	}
	loaded := m.st.len()
	if msg.err == nil || msg.page.Total > 0 {
		m.total = max(msg.page.Total, loaded)
	} else {
		// A failed page says nothing of the total: keep what was known.
		m.total = max(m.total, loaded)
	}
	switch {
	case msg.err != nil:
		m.loading = false
		m.loadErr = msg.err
		if msg.done {
			// The pager gave up (endless paging): there is nothing to retry.
			m.pager = nil
		}
		switch {
		case client.IsAuth(msg.err) && msg.epoch != m.epoch:
			cmds = append(cmds, m.retry())
		case client.IsAuth(msg.err):
			cmds = append(cmds, m.needSignIn(msg.err))
		default:
			cmds = append(cmds, common.StatusCmd(common.Error, m.errorLine()))
		}
	case msg.done:
		m.loading = false
		cmds = append(cmds, common.StatusCmd(common.Success, "Loaded "+count(loaded)+" customers"))
	default:
		cmds = append(cmds, m.nextPageCmd(),
			common.StatusCmd(common.Info, "Loading customers… "+count(loaded)+" of "+count(m.total)))
	}
	// The command runs on another goroutine: countsCmd takes copies, never m.
	cmds = append(cmds, m.countsCmd(msg.done && msg.err == nil))
	return tea.Batch(cmds...)
}

// countsCmd tells the header how many customers are loaded of how many,
// and whether loading stopped short.
func (m *Model) countsCmd(done bool) tea.Cmd {
	c := common.CountsMsg{Loaded: m.st.len(), Total: m.total, Done: done, Stopped: m.stopped()}
	return func() tea.Msg { return c }
}

// stopped reports whether loading ended on an error with customers left
// to load, as far as anyone knows.
func (m *Model) stopped() bool { return m.loadErr != nil && !m.loading }

// measure widens contentW to fit a page of customers.
func (m *Model) measure(b *batch) {
	for col, cw := range b.width {
		m.contentW[col] = max(m.contentW[col], cw)
		m.tbl.SetContentWidth(col, m.contentW[col])
	}
}

// errorLine is the one line that says why loading stopped and what to do.
func (m *Model) errorLine() string {
	// The action comes first: a long error is what gets truncated.
	s := "Loading stopped at " + count(m.st.len()) + " customers"
	if m.canRetry() {
		s += " (press R to retry)"
	}
	return s + ": " + m.loadErr.Error()
}

func (m *Model) canRetry() bool {
	return m.loadErr != nil && !m.loading && m.c.Partner != nil && (m.pager == nil || !m.pager.Done())
}

func (m *Model) retry() tea.Cmd {
	if !m.canRetry() {
		return nil
	}
	if m.pager == nil {
		// The listing never started or the pager gave up: start over,
		// dropping nothing already loaded (duplicates are skipped).
		return m.Init()
	}
	m.loadErr, m.loading = nil, true
	return tea.Batch(m.nextPageCmd(), common.StatusCmd(common.Info, "Retrying…"), m.countsCmd(false))
}

func (m *Model) needSignIn(err error) tea.Cmd {
	if m.waitingSignIn {
		return nil
	}
	m.waitingSignIn = true
	var a *client.AuthError
	reason := err.Error()
	if errors.As(err, &a) {
		reason = a.Reason
	}
	return func() tea.Msg { return common.NeedSignInMsg{Reason: reason} }
}

func (m *Model) onSignedIn() tea.Cmd {
	m.waitingSignIn = false
	m.epoch++
	var cmds []tea.Cmd
	if m.loadErr != nil && client.IsAuth(m.loadErr) {
		cmds = append(cmds, m.retry())
	}
	cmds = append(cmds, m.startFetches())
	return tea.Batch(cmds...)
}

func (m *Model) onSubs(msg subsMsg) tea.Cmd {
	if msg.bulk {
		m.answered(msg.id, claimSubs)
	} else {
		m.inFlight = max(m.inFlight-1, 0)
	}
	i, ok := m.st.byID[msg.id]
	if !ok {
		return nil
	}
	if msg.err != nil {
		if client.IsAuth(msg.err) {
			m.st.sums[i].state = summaryUnknown
			if msg.epoch != m.epoch {
				return m.startFetches()
			}
			return m.needSignIn(msg.err)
		}
		m.st.sums[i].state = summaryFailed
		return tea.Batch(m.noteFailure(msg.id, msg.err, nil), m.startFetches())
	}
	if f := m.fails[msg.id]; f != nil {
		f.subs = nil
	}
	m.setSummary(i, msg.subs)
	return tea.Batch(m.startFetches(), m.statusKnownCmd())
}

func (m *Model) setSummary(i int32, subs []model.Subscription) {
	a := m.anchor()
	m.st.setSummary(i, knownSummary(model.Summarize(subs)))
	if m.st.len() < asyncFrom {
		m.restore(a) // moved at once; else by a job
	}
}

func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	if msg.err != nil && client.IsAuth(msg.err) {
		delete(m.details, msg.id)
		if msg.epoch != m.epoch {
			return m.startFetches()
		}
		return m.needSignIn(msg.err)
	}
	d := &detail{cust: msg.cust, subs: msg.subs, err: msg.err}
	m.details[msg.id] = d
	if msg.err == nil && msg.cust.ID != "" {
		m.setProfile(msg.id, msg.cust)
	}
	if msg.err == nil {
		if i, ok := m.st.byID[msg.id]; ok {
			m.setSummary(i, msg.subs)
			return m.statusKnownCmd()
		}
	}
	return nil
}

// startFetches fetches subscriptions for visible rows whose status is not
// known, up to maxInFlight at a time, and the detail pane's customer.
func (m *Model) startFetches() tea.Cmd {
	if m.c.Partner == nil || m.waitingSignIn {
		return nil
	}
	var cmds []tea.Cmd
	if m.detailOpen {
		cmds = append(cmds, m.ensureDetail())
	}
	from, to := m.tbl.VisibleRange()
	for r := from; r < to && m.inFlight < maxInFlight; r++ {
		i := m.st.shown[r]
		if m.st.sums[i].state != summaryUnknown {
			continue
		}
		// Loading ranks like unknown, so neither order nor filter moves.
		m.st.sums[i].state = summaryLoading
		m.inFlight++
		cmds = append(cmds, m.subsCmd(m.st.id(i)))
	}
	// Then the countries the list left out, with what capacity is left.
	for r := from; r < to && m.inFlight < maxInFlight; r++ {
		if cmd := m.profileFetch(m.st.shown[r]); cmd != nil {
			m.inFlight++
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) ensureDetail() tea.Cmd {
	c, ok := m.current()
	if !ok || m.c.Partner == nil {
		return nil
	}
	if _, ok := m.details[c.ID]; ok {
		return nil
	}
	m.details[c.ID] = &detail{loading: true}
	return m.detailCmd(c.ID)
}

// statusKnownCmd says, while the filter tests status, how many statuses it
// can test: the others are not loaded yet and so do not match. Once the
// filter no longer tests status it clears the line it put up.
func (m *Model) statusKnownCmd() tea.Cmd {
	if m.fetching {
		return nil // F's progress is in the status bar
	}
	if !m.st.query.HasField(model.FieldStatus) {
		if !m.statusHint {
			return nil
		}
		m.statusHint = false
		return common.StatusCmd(common.Info, "")
	}
	m.statusHint = true
	return common.StatusCmd(common.Warning, "status known for "+count(m.st.statusKnown)+"/"+
		count(m.st.len())+" customers")
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.filtering {
		return m.onFilterKey(msg)
	}
	if m.noting {
		return m.onNoteKey(msg)
	}
	if m.exporting {
		return m.onExportKey(msg)
	}
	if key.Matches(msg, m.keys.rowActions()...) {
		// A key that acts on rows acts on those the filter typed
		// shows, not on the rows before it. (Text typed into the note
		// or the export path is not one: their rows were taken when
		// they opened.)
		m.exact()
	}
	if m.deciding {
		return m.onDecideKey(msg)
	}
	if m.detailOpen && m.paneFull() && m.scrollPane(msg, m.keys.PaneFull) {
		return nil
	}
	if m.detailOpen && m.scrollPane(msg, m.keys.Pane) {
		return nil
	}
	switch {
	case m.tbl.HandleKey(msg):
		return m.visibleCmd()
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		m.input.SetValue(m.filterText)
		m.input.CursorEnd()
		m.layout()
		return m.input.Focus()
	case key.Matches(msg, m.keys.Close):
		if m.detailOpen {
			m.detailOpen = false
			m.layout()
			return nil
		}
		if id := m.runningTask(); id != "" {
			return common.CancelTask(id)
		}
		if m.filterText != "" {
			return m.applyFilter("")
		}
	case key.Matches(msg, m.keys.Detail):
		if _, ok := m.current(); !ok {
			return noSelection()
		}
		m.detailOpen = true
		m.layout()
		return m.ensureDetail()
	case key.Matches(msg, m.keys.Sort):
		col, _ := m.st.wantSort()
		return m.applySort((col+1)%numColumns, false)
	case key.Matches(msg, m.keys.Reverse):
		col, desc := m.st.wantSort()
		return m.applySort(col, !desc)
	case key.Matches(msg, m.keys.Mark):
		return m.toggleMark()
	case key.Matches(msg, m.keys.MarkRange):
		return m.markRange()
	case key.Matches(msg, m.keys.MarkAll):
		return m.markShown()
	case key.Matches(msg, m.keys.Invert):
		return m.invertShown()
	case key.Matches(msg, m.keys.Unmark):
		return m.clearMarks()
	case key.Matches(msg, m.keys.Routes):
		c, ok := m.current()
		if !ok {
			return noSelection()
		}
		return func() tea.Msg { return common.SwitchScreenMsg{ID: routesID, Customer: &c} }
	case key.Matches(msg, m.keys.Retry):
		n, cells := m.retryFailed()
		cells = tea.Batch(cells, m.saveNext())
		if r := m.retry(); r != nil || n == 0 {
			return tea.Batch(r, cells)
		}
		return tea.Batch(cells, common.StatusCmd(common.Info, "Fetching "+count(n)+" failed cells again"))
	case key.Matches(msg, m.keys.FetchAll):
		return m.fetchAll()
	case key.Matches(msg, m.keys.Decide):
		if len(m.targets()) == 0 {
			return noSelection()
		}
		m.deciding = true
		who := "this customer"
		if n := len(m.marked); n > 0 {
			who = count(n) + " marked"
		}
		return common.StatusCmd(common.Info, "Decide for "+who+": m migrate · s skip · f follow up · x undecided")
	case key.Matches(msg, m.keys.Note):
		return m.startNote()
	case key.Matches(msg, m.keys.Export):
		return m.startExport()
	case key.Matches(msg, m.keys.Check):
		return m.startChecks()
	case key.Matches(msg, m.keys.Migrate):
		return m.migrate()
	}
	return nil
}

// MigrateCommand is the ":" command that opens the migration wizard here.
const MigrateCommand = "migrate"

// Commands implements common.Commander: :migrate opens the wizard.
func (m *Model) Commands() []string { return []string{MigrateCommand} }

// migrate pushes the migration wizard for the marked customers, or the
// selected one when none is marked.
func (m *Model) migrate() tea.Cmd {
	if m.reviewing() {
		// A review is under way: only the customers decided migrate whose
		// check passed go, and the review page lists the others apart.
		include, left := m.MigrationBatch()
		if len(include) == 0 {
			return common.StatusCmd(common.Warning, fmt.Sprintf("None of the %s marked customers is decided migrate (d m) with a passed check (c): nothing to migrate", count(len(left))))
		}
		return wizard.PushBatch(m.c, include, left)
	}
	var cs []model.Customer
	for _, id := range m.Marked() {
		if i, ok := m.st.byID[id]; ok {
			cs = append(cs, m.st.customer(i))
		}
	}
	if len(cs) == 0 {
		c, ok := m.current()
		if !ok {
			return noSelection()
		}
		cs = []model.Customer{c}
	}
	slices.SortFunc(cs, func(a, b model.Customer) int { return strings.Compare(a.CompanyName, b.CompanyName) })
	return wizard.Push(m.c, cs)
}

// reviewing reports whether any marked customer has a decision or a
// check result: then m migrates the review's batch rather than every mark.
func (m *Model) reviewing() bool {
	for _, id := range m.Marked() {
		if d, chk, _ := m.Decision(id); d != model.DecisionNone || chk != model.CheckNone {
			return true
		}
	}
	return false
}

func (m *Model) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.ClearFilter):
		m.filtering = false
		m.input.Blur()
		m.layout()
		return m.applyFilter("")
	case key.Matches(msg, m.keys.AcceptInput):
		m.filtering = false
		m.input.Blur()
		m.layout()
		return nil
	}
	// Arrows still move the cursor while typing; letters are the filter's.
	switch msg.String() {
	case "up", "down", "pgup", "pgdown":
		m.tbl.HandleKey(msg)
		return m.visibleCmd()
	}
	return m.editFilter(msg)
}

// noSelection says why a key that acts on the customer under the cursor
// did nothing: there is none.
func noSelection() tea.Cmd {
	return common.StatusCmd(common.Info, "No customer selected")
}

// editFilter gives msg (a key or a paste) to the filter input and applies
// the filter if the text changed. Over many customers the rows follow in
// the background (a viewJob), one scan for all the keys typed while the
// last ran, so keys never queue behind scans.
func (m *Model) editFilter(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); v != m.filterText {
		return tea.Batch(cmd, m.applyFilter(v))
	}
	return cmd
}

// markRange marks every shown row from the last marked one to the cursor,
// both included, as k9s does; the cursor row becomes the last mark.
func (m *Model) markRange() tea.Cmd {
	cur := m.anchor()
	if cur < 0 {
		return noSelection()
	}
	i, ok := m.st.byID[m.lastMark]
	from := -1
	if ok {
		from = m.st.position(i)
	}
	if from < 0 {
		return common.StatusCmd(common.Info, "Mark a row with space first; ctrl+space then marks from it to the cursor")
	}
	to := m.tbl.Cursor()
	if from > to {
		from, to = to, from
	}
	m.markMany(slices.Clone(m.st.shown[from:to+1]), true)
	m.lastMark = m.st.id(cur)
	m.restore(cur)
	return tea.Batch(m.saveMarksCmd(), common.StatusCmd(common.Info, "Marked "+count(to-from+1)+" rows; "+count(len(m.marked))+" marked in all"))
}

// applyFilter filters synchronously, so that the rows on screen are the
// rows any next key acts on.
func (m *Model) applyFilter(text string) tea.Cmd {
	a := m.anchor()
	m.filterText = text
	m.st.setFilter(model.ParseQuery(text))
	m.tbl.SetLen(len(m.st.shown))
	if !m.restore(a) {
		m.tbl.SetCursor(0)
	}
	return tea.Batch(m.visibleCmd(), m.statusKnownCmd())
}

// applySort sorts by col. Over many customers the sort runs in the
// background (the table keeps its order and keys stay live until it is
// done, and the header says "sorting"); a later sort supersedes it.
func (m *Model) applySort(col column, desc bool) tea.Cmd {
	a := m.anchor()
	m.st.setSort(col, desc)
	m.restore(a)
	m.tbl.SetSort(int(m.st.sortBy), m.st.desc)
	return m.visibleCmd()
}

// jobMsg is a view job's result.
type jobMsg struct {
	owner *Model
	res   viewResult
}

// launch starts the pending view job, if there is one and none runs: at
// once over few customers, else on another goroutine (jobMsg brings the
// result).
func (m *Model) launch() tea.Cmd {
	if m.st.job != nil || !m.st.pending() {
		return nil
	}
	if m.st.len() < asyncFrom {
		m.restore(m.anchor())
		return nil
	}
	j := m.st.start()
	run := func() tea.Msg { return jobMsg{owner: m, res: j.result()} }
	if !j.resort {
		return run
	}
	return tea.Batch(run, common.StatusCmd(common.Info, "Sorting "+count(j.n)+" customers by "+columns()[j.col].Title+"…"))
}

// onJob takes a view job's result, keeping the cursor on its customer (on
// the first row if a new filter hides it).
func (m *Model) onJob(msg jobMsg) tea.Cmd {
	a := m.anchor()
	j := msg.res.job
	var sorted tea.Cmd
	if j.resort {
		sorted = common.StatusCmd(common.Info, "Sorted "+count(j.n)+" customers by "+
			columns()[j.col].Title+" in "+msg.res.took.Round(time.Millisecond).String())
	}
	if !m.st.take(msg.res) {
		return sorted // exact took it: only the word is left to say
	}
	m.tbl.SetSort(int(m.st.sortBy), m.st.desc)
	if !m.restore(a) && j.rescan {
		m.tbl.SetCursor(0)
	}
	return tea.Batch(m.visibleSoon(), sorted)
}

// exact brings shown up to date with the filter typed before a key that
// acts on rows: it waits for the running job and runs what is pending at
// once. Rows still to be merged or sorted do not hold the key up: it acts
// on the rows the table shows.
func (m *Model) exact() {
	if m.st.filtered() {
		return
	}
	a := m.anchor()
	if j := m.st.job; j != nil {
		m.st.take(j.result())
	}
	if !m.st.filtered() {
		// The filter before a sort (viewJob): this job is the filter's.
		j := m.st.start()
		j.cores = runtime.GOMAXPROCS(0)
		m.st.take(j.run())
	}
	m.tbl.SetSort(int(m.st.sortBy), m.st.desc)
	if !m.restore(a) {
		m.tbl.SetCursor(0) // the filter hides it: the first row, as applyFilter
	}
}

// Sorting reports whether a sort runs in the background, and what it is,
// for the header (and for a frame that lists background tasks).
func (m *Model) Sorting() (string, bool) {
	if col, ok := m.st.sortingTo(); ok {
		return "sorting by " + strings.ToLower(columns()[col].Title), true
	}
	return "", false
}

// anchor is the customer under the cursor, or -1.
func (m *Model) anchor() int32 {
	if c := m.tbl.Cursor(); c < len(m.st.shown) {
		return m.st.shown[c]
	}
	return -1
}

// restore puts the cursor back on customer a after shown changed, and
// reports whether a is still shown.
func (m *Model) restore(a int32) bool {
	if m.st.len() < asyncFrom {
		m.st.settle()
	}
	m.tbl.SetLen(len(m.st.shown))
	if a < 0 {
		return false
	}
	if p := m.st.position(a); p >= 0 {
		m.tbl.SetCursor(p)
		return true
	}
	return false
}

// current is the customer under the cursor.
func (m *Model) current() (model.Customer, bool) {
	if a := m.anchor(); a >= 0 {
		return m.st.customer(a), true
	}
	return model.Customer{}, false
}

// Marked returns the ids of the marked customers, for bulk actions.
func (m *Model) Marked() []string {
	ids := make([]string, 0, len(m.marked))
	for id := range m.marked {
		ids = append(ids, id)
	}
	return ids
}

// Shown returns the customers on screen, in order, after filter and sort:
// exactly what an action on "all shown" applies to.
func (m *Model) Shown() []model.Customer {
	out := make([]model.Customer, len(m.st.shown))
	for k, i := range m.st.shown {
		out[k] = m.st.customer(i)
	}
	return out
}

// Selected returns the customer under the cursor.
func (m *Model) Selected() (model.Customer, bool) { return m.current() }

// ShortHelp implements common.Screen.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.filtering:
		return []key.Binding{m.keys.ClearFilter, m.keys.AcceptInput}
	case m.deciding:
		return []key.Binding{m.keys.DecideMigrate, m.keys.DecideSkip, m.keys.DecideFollowUp, m.keys.DecideClear}
	case m.noting, m.exporting:
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save (.json: JSON, else CSV)")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	case m.detailOpen && m.paneFull():
		return []key.Binding{m.keys.PaneFull.Down, m.keys.PaneFull.PageDown, m.keys.Close}
	case m.detailOpen:
		return []key.Binding{m.keys.Pane.Down, m.keys.Pane.Up, m.keys.Close, m.keys.Mark, m.keys.Routes}
	}
	keys := []key.Binding{m.keys.Filter, m.keys.Migrate, m.keys.Detail, m.keys.Mark, m.keys.Sort, m.keys.Routes}
	if m.canRetry() {
		// Loading stopped: retrying is what matters now.
		keys = append([]key.Binding{m.keys.Retry}, keys...)
	}
	return keys
}

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding {
	if m.detailOpen && m.paneFull() {
		return [][]key.Binding{append(m.keys.PaneFull.Bindings(), m.keys.Close, m.keys.Routes)}
	}
	return [][]key.Binding{
		m.keys.Nav.Bindings(),
		m.keys.Pane.Bindings(),
		{m.keys.Filter, m.keys.ClearFilter, m.keys.AcceptInput, m.keys.Sort, m.keys.Reverse},
		{m.keys.Decide, m.keys.DecideMigrate, m.keys.DecideSkip, m.keys.DecideFollowUp, m.keys.DecideClear, m.keys.Note, m.keys.Check, m.keys.Export},
		{m.keys.Mark, m.keys.MarkRange, m.keys.MarkAll, m.keys.Invert, m.keys.Unmark, m.keys.Detail, m.keys.Close, m.keys.Routes, m.keys.Retry, m.keys.FetchAll, m.keys.Legend, m.keys.Migrate},
	}
}

// count formats n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 && n > -1000 {
		return s
	}
	var b strings.Builder
	neg := s[0] == '-'
	if neg {
		b.WriteByte('-')
		s = s[1:]
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncate cuts s to w cells with "…".
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}
