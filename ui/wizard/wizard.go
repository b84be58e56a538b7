// Package wizard is the migration wizard: the layer that moves customers
// from Microsoft Cloud Germany to a tenant in a European region, as
// Partner Center for MCG laid it out.
//
//  1. Target: "I already have a tenant in the European region" (choose
//     one of the partner's accounts or type a tenant id or domain) or "I
//     don't have one" (path B: enroll a new account).
//  2. Sign in to that tenant as its Global Administrator: the sign-in layer
//     with a session on the worldwide authority (common.Context.Target),
//     beside the partner's own.
//  3. Checks: European region, Global Administrator, active; each with its
//     evidence and, when it fails, what to fix. r runs them again, s signs
//     in as someone else.
//  4. Path B: the Partner Center enrollment link; the customers are
//     remembered as waiting; "check again" goes on to 2 once the new
//     account is active.
//  5. Review, then confirm by typing the target's domain (the confirm
//     layer); nothing is created before.
//  6. Started: one migration per customer, each a frame task that quitting
//     asks about; then view details, or the migrations dashboard.
//
// The wizard makes the same calls as `mcgdash target check` and `mcgdash
// migrate`: client.CheckTarget, ValidateMigration, CreateMigration.
package wizard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/signin"
)

// Step is where the wizard stands.
type Step int

// The steps, in order.
const (
	StepTarget Step = iota
	StepSignIn
	StepChecks
	StepEnroll
	StepReview
	StepStarted
	StepDetails
)

// Path choices of the first step.
const (
	pathHave   = "have"
	pathEnroll = "enroll"
	// typeTenant is the select's value for "type a tenant id or domain".
	typeTenant = ""
)

// confirmID is the ID of the typed confirmation.
const confirmID = "migrate"

// inFlight is how many migrations start at once; the others wait their turn.
const inFlight = 4

// reviewWorkers bounds the calls the review makes at once.
const reviewWorkers = 4

// account is a tenant offered in the first step.
type account struct {
	tenant, domain, name string
}

// Model is the wizard layer.
type Model struct {
	c    *common.Context
	keys KeyMap
	now  func() time.Time

	customers []model.Customer
	// left are the marked customers a bulk review leaves out, with why;
	// the review page lists them apart.
	left []LeftOut
	step Step
	self common.Addr

	// Step 1: huh's selects, then (for "another tenant") a text input of
	// our own: huh's Input always blinks its cursor, a repaint twice a
	// second over SSH for nothing.
	form     *huh.Form
	typing   bool
	input    textinput.Model
	inputErr string
	path     string
	choice   string
	typed    string
	accounts []account
	loaded   bool // accounts asked for and answered

	// Steps 2 and 3.
	tenant   string
	session  *auth.Session
	account  string
	checking bool
	checkSeq int
	report   model.TargetReport
	checkErr error

	// Path B.
	waiting    []Waiting
	waitErr    error
	enrollment model.Enrollment
	enrollErr  error
	enrollBusy bool
	checkAgain bool

	// Review.
	reviewSeq int
	reviewing bool
	review    map[string]*reviewed

	// Started.
	outcomes []*outcome
	queue    []int
	running  int

	// Details.
	cursor     int
	details    []model.Migration
	detailsErr error
	detailing  bool

	width, height int
}

var _ common.Layer = (*Model)(nil)

// reviewed is what the review learnt about one customer.
type reviewed struct {
	validation model.MigrationValidation
	subs       []model.Subscription
	err        error
}

// outcome is one customer's migration start. Run fills it in the task's
// goroutine; Update reads it only after the task's TaskDoneMsg.
type outcome struct {
	customer  model.Customer
	state     outcomeState
	requestID string
	migration model.Migration
	reasons   []string
	err       error
}

type outcomeState int

const (
	queued outcomeState = iota
	starting
	started
	ineligible
	failed
)

// New returns the wizard for customers; push it with common.Push.
func New(c *common.Context, customers []model.Customer) *Model {
	m := &Model{c: c, keys: DefaultKeyMap(), now: time.Now, customers: customers, path: pathHave, choice: typeTenant}
	return m
}

// Push returns a command that pushes the wizard for customers.
func Push(c *common.Context, customers []model.Customer) tea.Cmd {
	return common.Push(New(c, customers))
}

// LeftOut is a marked customer a bulk migration leaves out, and why (no
// decision to migrate, a failed pre-flight check).
type LeftOut struct {
	Customer model.Customer
	Reason   string
}

// PushBatch pushes the wizard for a bulk review's batch: customers go
// through one run, and left are listed apart on the review page with the
// reason each is left out.
func PushBatch(c *common.Context, customers []model.Customer, left []LeftOut) tea.Cmd {
	m := New(c, customers)
	m.left = left
	return common.Push(m)
}

// Left is what the batch leaves out.
func (m *Model) Left() []LeftOut { return m.left }

// Step reports the current step.
func (m *Model) Step() Step { return m.step }

// Report is the last target check.
func (m *Model) Report() model.TargetReport { return m.report }

// TargetSession is the sign-in to the target tenant, once one was made.
func (m *Model) TargetSession() *auth.Session { return m.session }

// Customers are the customers the wizard moves.
func (m *Model) Customers() []model.Customer { return m.customers }

// Title implements common.Layer.
func (m *Model) Title() string { return "Migrate" }

// SetSize implements common.Layer.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form.WithWidth(min(w, 76))
	}
}

// Capturing reports whether a text input of the form has the keyboard.
func (m *Model) Capturing() bool { return m.step == StepTarget && m.typing }

func (m *Model) ctx() context.Context {
	if m.c != nil && m.c.Ctx != nil {
		return m.c.Ctx
	}
	return context.Background()
}

func (m *Model) styles() *theme.Styles {
	if m.c != nil && m.c.Styles != nil {
		return m.c.Styles
	}
	return theme.New(true)
}

func (m *Model) readOnly() bool { return m.c.Partner != nil && m.c.Partner.ReadOnly() }

func (m *Model) stateDir() string {
	if m.c == nil {
		return ""
	}
	return m.c.StateDir
}

// accountsMsg answers the first step's list of tenants.
type accountsMsg struct {
	accounts []account
	waiting  []Waiting
	waitErr  error
}

// Init loads what the first step offers: the partner's account in a
// European region, once its enrollment is active, and the customers
// already waiting for it.
func (m *Model) Init() tea.Cmd {
	ctx, pc, dir := m.ctx(), m.c.Partner, m.stateDir()
	return func() tea.Msg {
		var msg accountsMsg
		msg.waiting, msg.waitErr = LoadWaiting(dir)
		if pc != nil {
			msg.accounts = loadAccounts(ctx, pc)
		}
		return msg
	}
}

// buildForm makes the first step's form: which path, then which tenant.
// Values live in m, so going back keeps what was chosen.
func (m *Model) buildForm() {
	opts := make([]huh.Option[string], 0, len(m.accounts)+1)
	for _, a := range m.accounts {
		label := a.domain
		if label == "" {
			label = a.tenant
		}
		if a.name != "" {
			label += " (" + a.name + ")"
		}
		opts = append(opts, huh.NewOption(label, a.tenant))
	}
	opts = append(opts, huh.NewOption("Another tenant: type its id or domain", typeTenant))
	if !m.hasAccount(m.choice) {
		m.choice = typeTenant
	}
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false)
	km.Select.Filter.SetEnabled(false)
	km.Select.Prev.SetEnabled(false) // esc goes back
	m.form = huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Key("path").
				Title("Select the European CSP account the customers will move under").
				Description("They need an active CSP account in a European region.").
				Options(
					huh.NewOption("I already have a tenant in the European region", pathHave),
					huh.NewOption("I don't have a tenant in the European region", pathEnroll),
				).Value(&m.path),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Key("tenant").
				Title("Which tenant?").
				Description("You sign in to it as its Global Administrator next.").
				Options(opts...).Value(&m.choice),
		).WithHideFunc(func() bool { return m.path != pathHave || len(m.accounts) == 0 }),
	).WithShowHelp(false).WithKeyMap(km).WithTheme(formTheme(m.styles())).WithWidth(max(min(m.width, 76), 20))
}

func (m *Model) hasAccount(tenant string) bool {
	for _, a := range m.accounts {
		if a.tenant == tenant {
			return true
		}
	}
	return false
}

// validTenant accepts a tenant GUID or a domain name.
func validTenant(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return errors.New("type the tenant's id or domain")
	case model.IsGUID(s) || model.IsDomainName(s):
		return nil
	}
	return errors.New("not a tenant id (a GUID) nor a domain")
}

// formTheme paints huh's fields with mcgdash's styles.
func formTheme(s *theme.Styles) huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles {
		t := huh.ThemeBase(s.IsDark)
		t.Focused.Title = s.Title
		t.Focused.Description = s.Dim
		t.Focused.ErrorIndicator = s.StatusError
		t.Focused.ErrorMessage = s.StatusError
		t.Focused.SelectSelector = s.Key.SetString("> ")
		t.Focused.Option = s.Value
		t.Blurred = t.Focused
		t.Blurred.SelectSelector = s.Dim.SetString("  ")
		return t
	})
}

// Update implements common.Layer.
func (m *Model) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	switch msg := msg.(type) {
	case common.PushedMsg:
		m.self = msg.Self
		return m, nil
	case common.StylesMsg:
		if m.form != nil {
			m.form.WithTheme(formTheme(msg.Styles))
		}
		common.StyleInput(&m.input, msg.Styles)
		return m, nil
	case accountsMsg:
		m.accounts, m.waiting, m.waitErr, m.loaded = msg.accounts, msg.waiting, msg.waitErr, true
		m.buildForm()
		return m, m.form.Init()
	case signin.Result:
		return m, m.onSignIn(msg)
	case discoveredMsg:
		return m, m.onDiscovered(msg)
	case checksMsg:
		if msg.seq != m.checkSeq {
			return m, nil
		}
		m.checking, m.report, m.checkErr = false, msg.report, msg.err
		return m, nil
	case enrollmentMsg:
		return m, m.onEnrollment(msg)
	case reviewMsg:
		if msg.seq == m.reviewSeq {
			m.reviewing, m.review = false, msg.review
		}
		return m, nil
	case confirm.Answer:
		if msg.ID == confirmID && msg.Yes && m.step == StepReview {
			return m, m.startMigrations()
		}
		return m, nil
	case common.TaskDoneMsg:
		return m, m.onTaskDone(msg)
	case detailsMsg:
		m.detailing, m.details, m.detailsErr = false, msg.migrations, msg.err
		return m, nil
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.PasteMsg:
		if m.step == StepTarget && m.typing {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	if m.step == StepTarget && m.form != nil {
		return m, m.updateForm(msg)
	}
	return m, nil
}

func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	if m.form.State == huh.StateCompleted {
		return tea.Batch(cmd, m.targetChosen())
	}
	return cmd
}

// targetChosen ends the first step.
func (m *Model) targetChosen() tea.Cmd {
	if m.path == pathEnroll {
		return m.enterEnroll()
	}
	if m.choice == typeTenant {
		m.typing, m.inputErr = true, ""
		m.input = common.NewInput("> ", m.styles())
		m.input.Placeholder = "contoso.onmicrosoft.com"
		m.input.SetValue(m.typed)
		m.input.CursorEnd()
		return m.input.Focus()
	}
	return m.beginTarget(m.choice)
}

// onInputKey edits the typed tenant; enter goes on once it is a tenant id
// or a domain, esc goes back to the choice.
func (m *Model) onInputKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.typed = m.input.Value()
		return m.backToTarget()
	case key.Matches(msg, m.keys.Next):
		v := strings.TrimSpace(m.input.Value())
		if err := validTenant(v); err != nil {
			m.inputErr = err.Error()
			return nil
		}
		m.typed, m.typing = v, false
		return m.beginTarget(v)
	}
	m.inputErr = ""
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// beginTarget starts on tenant: its discovery document first, so that a
// tenant the authority refuses (AADSTS90002) reads as not active without a
// sign-in that cannot succeed.
func (m *Model) beginTarget(tenant string) tea.Cmd {
	if m.tenant != tenant {
		m.session, m.account = nil, ""
	}
	m.tenant, m.report, m.checkErr = tenant, model.TargetReport{}, nil
	m.step, m.checking = StepSignIn, true
	m.checkSeq++
	seq, ctx, t := m.checkSeq, m.ctx(), m.c.Target
	if t == nil {
		m.step, m.checking = StepChecks, false
		m.checkErr = errors.New("this run cannot sign in to a target tenant (no worldwide sign-in configured)")
		return nil
	}
	return func() tea.Msg {
		_, err := client.DiscoverTenant(ctx, t.HTTPClient, t.Authority, tenant)
		return discoveredMsg{seq: seq, err: err}
	}
}

type discoveredMsg struct {
	seq int
	err error
}

func (m *Model) onDiscovered(msg discoveredMsg) tea.Cmd {
	if msg.seq != m.checkSeq {
		return nil
	}
	if _, ok := client.AsTenantNotFound(m.tenant, msg.err); ok {
		return m.runChecks(nil)
	}
	if msg.err != nil {
		m.step, m.checking, m.checkErr = StepChecks, false, msg.err
		return nil
	}
	return m.signIn(false)
}

// signIn pushes the sign-in layer for the target tenant; interactive skips
// the cached sign-in (s: someone else).
func (m *Model) signIn(interactive bool) tea.Cmd {
	if m.session == nil {
		s, err := m.c.Target.Session(m.tenant)
		if err != nil {
			m.step, m.checking, m.checkErr = StepChecks, false, err
			return nil
		}
		m.session = s
	}
	m.step, m.checking = StepSignIn, true
	purpose := "the target tenant " + model.Sanitize(m.tenant) + " as its Global Administrator (worldwide)"
	reason := "the customers move to this tenant; only its Global Administrator can accept them"
	return signin.Push(m.c, m.session, signin.Options{Purpose: purpose, Reason: reason, Interactive: interactive})
}

func (m *Model) onSignIn(r signin.Result) tea.Cmd {
	if r.Session != m.session || m.session == nil {
		return nil
	}
	switch {
	case r.OK():
		m.account = r.Account.Username
		return m.runChecks(m.session)
	case r.Cancelled:
		m.checking = false
		if m.report.Checks == nil && m.checkErr == nil {
			return m.backToTarget()
		}
		m.step = StepChecks
		return nil
	}
	if tnf, ok := client.AsTenantNotFound(m.tenant, r.Err); ok {
		// The authority refused the sign-in (AADSTS90002): the tenant is
		// not active, whatever its discovery document said.
		return m.runChecksRefused(tnf)
	}
	m.step, m.checking, m.checkErr = StepChecks, false, fmt.Errorf("sign-in to %s: %w", model.Sanitize(m.tenant), r.Err)
	return nil
}

type checksMsg struct {
	seq    int
	report model.TargetReport
	err    error
}

// runChecks runs the three checks, signed in with s (nil: the tenant was
// refused, and the report says so).
func (m *Model) runChecks(s *auth.Session) tea.Cmd {
	m.step, m.checking, m.checkErr = StepChecks, true, nil
	m.checkSeq++
	seq, ctx := m.checkSeq, m.ctx()
	opts := m.c.Target.CheckOptions(m.tenant, s, m.account)
	return func() tea.Msg {
		rep, err := client.CheckTarget(ctx, opts)
		return checksMsg{seq: seq, report: rep, err: err}
	}
}

// runChecksRefused runs the region check of a tenant whose sign-in the
// authority refused, and reports it as not active.
func (m *Model) runChecksRefused(tnf *client.TenantNotFoundError) tea.Cmd {
	cmd := m.runChecks(nil)
	seq := m.checkSeq
	return func() tea.Msg {
		msg, _ := cmd().(checksMsg)
		msg.seq = seq
		if msg.err != nil {
			return msg
		}
		var checks []model.TargetCheck
		for _, c := range msg.report.Checks {
			switch c.ID {
			case model.CheckGlobalAdmin:
				c = model.NotChecked(model.CheckGlobalAdmin, "the sign-in was refused")
			case model.CheckActive:
				c = model.InactiveAtSignIn(tnf.Detail)
			}
			checks = append(checks, c)
		}
		msg.report.Checks = checks
		return msg
	}
}

func (m *Model) backToTarget() tea.Cmd {
	m.step, m.checking, m.typing = StepTarget, false, false
	m.checkSeq++ // an answer under way is no longer wanted
	m.buildForm()
	return m.form.Init()
}

// target names the target tenant: its domain once known.
func (m *Model) target() string {
	switch {
	case m.report.Domain != "":
		return m.report.Domain
	case m.tenant != "":
		return model.Sanitize(m.tenant)
	}
	return "the target tenant"
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.step == StepTarget && m.typing {
		return m.onInputKey(msg)
	}
	if m.step == StepTarget {
		if key.Matches(msg, m.keys.Back) {
			return common.Pop(nil)
		}
		if key.Matches(msg, m.keys.Quit) && !m.Capturing() {
			return common.Quit
		}
		if m.form == nil {
			return nil
		}
		return m.updateForm(msg)
	}
	if key.Matches(msg, m.keys.Quit) {
		return common.Quit
	}
	switch m.step {
	case StepSignIn:
		if key.Matches(msg, m.keys.Back) {
			return m.backToTarget()
		}
	case StepChecks:
		return m.onChecksKey(msg)
	case StepEnroll:
		return m.onEnrollKey(msg)
	case StepReview:
		return m.onReviewKey(msg)
	case StepStarted:
		return m.onStartedKey(msg)
	case StepDetails:
		return m.onDetailsKey(msg)
	}
	return nil
}

func (m *Model) onChecksKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.backToTarget()
	case m.checking:
		return nil
	case key.Matches(msg, m.keys.Recheck):
		if m.session == nil || m.account == "" {
			return m.beginTarget(m.tenant)
		}
		return m.runChecks(m.session)
	case key.Matches(msg, m.keys.SignInAs):
		if m.c.Target == nil {
			return nil
		}
		m.account = ""
		return m.signIn(true)
	case key.Matches(msg, m.keys.Next):
		if !m.report.Passed() {
			return common.StatusCmd(common.Warning, "The target did not pass every check: fix what it says, then r runs them again")
		}
		return m.enterReview()
	}
	return nil
}

// Keys of each step, for the help line and "?".
func (m *Model) stepKeys() []key.Binding {
	k := m.keys
	switch m.step {
	case StepTarget:
		back := k.Back
		back.SetHelp("esc", "close")
		if m.typing {
			back.SetHelp("esc", "back")
			return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "sign in to it")), back}
		}
		return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")), back}
	case StepSignIn:
		return []key.Binding{k.Back}
	case StepChecks:
		next := k.Next
		next.SetEnabled(m.report.Passed() && !m.checking)
		next.SetHelp("enter", "review")
		return []key.Binding{next, k.Recheck, k.SignInAs, k.Back}
	case StepEnroll:
		next := k.Next
		next.SetHelp("enter", "check again")
		return []key.Binding{next, k.Copy, k.Enroll, k.Back}
	case StepReview:
		next := k.Next
		next.SetHelp("enter", "confirm…")
		next.SetEnabled(!m.readOnly() && !m.reviewing && m.eligibleCount() > 0)
		return []key.Binding{next, k.Back}
	case StepStarted:
		back := k.Back
		back.SetHelp("esc", "close")
		return []key.Binding{k.Details, k.Dashboard, back}
	case StepDetails:
		refresh := k.Recheck
		refresh.SetHelp("r", "refresh")
		return []key.Binding{k.Up, k.Down, refresh, k.Dashboard, k.Back}
	}
	return nil
}

// ShortHelp implements common.Layer.
func (m *Model) ShortHelp() []key.Binding { return m.stepKeys() }

// FullHelp implements common.Layer: this step's keys, then all the wizard's.
func (m *Model) FullHelp() [][]key.Binding {
	all := m.keys.Bindings()
	return [][]key.Binding{m.stepKeys(), all}
}

// Path B.

type enrollmentMsg struct {
	enrollment model.Enrollment
	err        error
	started    bool
}

// enterEnroll remembers the customers as waiting and looks up the
// enrollment.
func (m *Model) enterEnroll() tea.Cmd {
	m.step = StepEnroll
	ws, err := addWaiting(m.stateDir(), m.customers, m.now())
	if err == nil {
		m.waiting = ws
	}
	m.waitErr = err
	return m.fetchEnrollment()
}

func (m *Model) fetchEnrollment() tea.Cmd {
	if m.c.Partner == nil {
		return nil
	}
	m.enrollBusy = true
	ctx, pc := m.ctx(), m.c.Partner
	return func() tea.Msg {
		e, err := pc.GetEnrollment(ctx)
		return enrollmentMsg{enrollment: e, err: err}
	}
}

func (m *Model) onEnrollment(msg enrollmentMsg) tea.Cmd {
	m.enrollBusy = false
	m.enrollment, m.enrollErr = msg.enrollment, msg.err
	if msg.err == nil && msg.started {
		m.enrollErr = nil
	}
	if m.checkAgain && msg.err == nil && m.enrollment.Status == model.EnrollmentActive && m.step == StepEnroll {
		m.checkAgain = false
		return m.continueEnrolled()
	}
	m.checkAgain = false
	return nil
}

// continueEnrolled goes on with the new account: the waiting customers
// join the ones at hand, and the sign-in to its tenant follows.
func (m *Model) continueEnrolled() tea.Cmd {
	for _, w := range m.waiting {
		if !m.hasCustomer(w.ID) {
			m.customers = append(m.customers, w.customer())
		}
	}
	tenant := m.enrollment.TenantID
	if m.enrollment.Domain != "" {
		tenant = m.enrollment.Domain
	}
	m.path, m.choice = pathHave, m.enrollment.TenantID
	if !m.hasAccount(m.enrollment.TenantID) {
		m.accounts = append(m.accounts, account{tenant: m.enrollment.TenantID, domain: m.enrollment.Domain, name: m.enrollment.CompanyName})
	}
	return m.beginTarget(tenant)
}

func (m *Model) hasCustomer(id string) bool {
	for _, c := range m.customers {
		if c.ID == id {
			return true
		}
	}
	return false
}

func (m *Model) enrollURL() string {
	if m.enrollment.EnrollmentURL != "" && strings.HasPrefix(m.enrollment.EnrollmentURL, "https://") {
		return m.enrollment.EnrollmentURL
	}
	return model.PartnerEnrollmentURL
}

func (m *Model) onEnrollKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.backToTarget()
	case key.Matches(msg, m.keys.Copy):
		u := m.enrollURL()
		return tea.Batch(tea.SetClipboard(u), common.StatusCmd(common.Info, "Enrollment link copied to the clipboard"))
	case m.enrollBusy:
		return nil
	case key.Matches(msg, m.keys.Next):
		if m.enrollment.Status == model.EnrollmentActive {
			return m.continueEnrolled()
		}
		m.checkAgain = true
		return m.fetchEnrollment()
	case key.Matches(msg, m.keys.Enroll):
		if m.c.Partner == nil {
			return nil
		}
		m.enrollBusy = true
		ctx, pc := m.ctx(), m.c.Partner
		return func() tea.Msg {
			e, err := pc.StartEnrollment(ctx, "")
			return enrollmentMsg{enrollment: e, err: err, started: true}
		}
	}
	return nil
}

// Review.

type reviewMsg struct {
	seq    int
	review map[string]*reviewed
}

// enterReview validates each customer against the target and fetches its
// subscriptions: changes nothing (read-only allows it).
func (m *Model) enterReview() tea.Cmd {
	m.step, m.reviewing = StepReview, true
	m.reviewSeq++
	seq, ctx, pc, target := m.reviewSeq, m.ctx(), m.c.Partner, m.report.TenantID
	customers := append([]model.Customer(nil), m.customers...)
	return func() tea.Msg {
		out := make(map[string]*reviewed, len(customers))
		var mu sync.Mutex
		sem := make(chan struct{}, reviewWorkers)
		var wg sync.WaitGroup
		for _, c := range customers {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				r := &reviewed{}
				if pc == nil {
					r.err = errors.New("no Partner Center client")
				} else {
					r.validation, r.err = pc.ValidateMigration(ctx, c.TenantID, client.MigrationRequest{TargetTenantID: target})
					if r.err == nil {
						r.subs, _ = pc.ListSubscriptions(ctx, c.ID)
					}
				}
				mu.Lock()
				out[c.ID] = r
				mu.Unlock()
			}()
		}
		wg.Wait()
		return reviewMsg{seq: seq, review: out}
	}
}

func (m *Model) eligibleCount() int {
	n := 0
	for _, c := range m.customers {
		if r := m.review[c.ID]; r != nil && r.err == nil && r.validation.Eligible {
			n++
		}
	}
	return n
}

func (m *Model) onReviewKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.step = StepChecks
		return nil
	case key.Matches(msg, m.keys.Next):
		switch {
		case m.readOnly():
			return common.StatusCmd(common.Warning, "Read-only: mcgdash refuses to start migrations (restart without --readonly)")
		case m.reviewing:
			return nil
		case m.eligibleCount() == 0:
			return common.StatusCmd(common.Warning, "No customer can move to "+m.target()+" now: see the reasons")
		}
		n := m.eligibleCount()
		return common.Push(confirm.New(m.c, confirm.Options{
			ID:       confirmID,
			Question: fmt.Sprintf("Migrate %s to %s?", plural(n, "customer"), m.target()),
			Effect: fmt.Sprintf("One migration per customer starts now: the subscriptions move to the tenant %s (%s); "+
				"Partner Center runs the phases over days and MCG keeps nothing.", m.target(), m.report.TenantID),
			Word: m.target(),
			Yes:  "start", No: "back",
		}))
	}
	return nil
}

// Started.

// startMigrations starts one migration per eligible customer, inFlight at
// a time, each a frame task that quitting asks about.
func (m *Model) startMigrations() tea.Cmd {
	m.step = StepStarted
	m.outcomes, m.queue, m.running = nil, nil, 0
	for _, c := range m.customers {
		o := &outcome{customer: c}
		r := m.review[c.ID]
		switch {
		case r == nil:
			o.state, o.err = failed, errors.New("not reviewed")
		case r.err != nil:
			o.state, o.err = failed, r.err
		case !r.validation.Eligible:
			o.state = ineligible
			for _, x := range r.validation.Reasons {
				o.reasons = append(o.reasons, x.Description)
			}
		default:
			m.queue = append(m.queue, len(m.outcomes))
		}
		m.outcomes = append(m.outcomes, o)
	}
	return m.next()
}

func taskID(o *outcome) string { return "migrate:" + o.customer.ID }

// next starts queued migrations while fewer than inFlight run.
func (m *Model) next() tea.Cmd {
	var cmds []tea.Cmd
	for m.running < inFlight && len(m.queue) > 0 {
		o := m.outcomes[m.queue[0]]
		m.queue = m.queue[1:]
		m.running++
		o.state = starting
		pc, target, c := m.c.Partner, m.report.TenantID, o.customer
		var subs []string
		if r := m.review[c.ID]; r != nil {
			subs = r.validation.SubscriptionIDs
		}
		cmds = append(cmds, m.c.StartTask(common.Task{
			ID: taskID(o), Title: "Starting the migration of " + c.CompanyName, MustFinish: true,
			Run: func(ctx context.Context) (string, error) {
				// One MS-RequestId per customer, the same on every retry.
				res, err := pc.CreateMigration(ctx, c.TenantID, client.MigrationRequest{TargetTenantID: target, SubscriptionIDs: subs})
				o.requestID, o.migration, o.err = res.RequestID, res.Migration, err
				if err != nil {
					return "", err
				}
				return "Migration of " + c.CompanyName + " started", nil
			},
		}))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onTaskDone(msg common.TaskDoneMsg) tea.Cmd {
	for _, o := range m.outcomes {
		if taskID(o) != msg.ID || o.state != starting {
			continue
		}
		m.running--
		if msg.Err != nil {
			o.state = failed
			if o.err == nil {
				o.err = msg.Err
			}
		} else {
			o.state = started
		}
		cmd := m.next()
		if m.running == 0 && len(m.queue) == 0 {
			var ids []string
			for _, o := range m.outcomes {
				if o.state == started {
					ids = append(ids, o.customer.ID)
				}
			}
			if err := removeWaiting(m.stateDir(), ids); err != nil {
				return tea.Batch(cmd, common.StatusCmd(common.Warning, "The list of waiting customers could not be updated: "+err.Error()))
			}
		}
		return cmd
	}
	return nil
}

func (m *Model) busyStarting() bool { return m.running > 0 || len(m.queue) > 0 }

func (m *Model) onStartedKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		if m.busyStarting() {
			return common.StatusCmd(common.Warning, "Migrations are still being started: esc once they are")
		}
		return common.Pop(nil)
	case key.Matches(msg, m.keys.Details):
		if m.busyStarting() {
			return common.StatusCmd(common.Info, "Details once every migration has started")
		}
		m.step, m.cursor = StepDetails, 0
		return m.fetchDetails()
	case key.Matches(msg, m.keys.Dashboard):
		return m.dashboard()
	}
	return nil
}

// dashboard shows the migrations screen (tab 3), leaving the wizard once
// nothing is left to start.
func (m *Model) dashboard() tea.Cmd {
	sw := func() tea.Msg { return common.SwitchScreenMsg{ID: "migrations"} }
	if m.busyStarting() {
		return sw
	}
	return tea.Sequence(common.Pop(nil), sw)
}

// Details.

type detailsMsg struct {
	migrations []model.Migration
	err        error
}

func (m *Model) startedOutcomes() []*outcome {
	var out []*outcome
	for _, o := range m.outcomes {
		if o.state == started {
			out = append(out, o)
		}
	}
	return out
}

func (m *Model) fetchDetails() tea.Cmd {
	m.detailing = true
	ctx, pc := m.ctx(), m.c.Partner
	type ref struct{ customer, id string }
	var refs []ref
	for _, o := range m.startedOutcomes() {
		refs = append(refs, ref{o.customer.TenantID, o.migration.ID})
	}
	return func() tea.Msg {
		var out []model.Migration
		var errs []error
		for _, r := range refs {
			mg, err := pc.GetMigration(ctx, r.customer, r.id)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, mg)
		}
		return detailsMsg{migrations: out, err: errors.Join(errs...)}
	}
}

func (m *Model) onDetailsKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.step = StepStarted
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(m.cursor+1, max(len(m.details)-1, 0))
	case key.Matches(msg, m.keys.Recheck):
		return m.fetchDetails()
	case key.Matches(msg, m.keys.Dashboard):
		return m.dashboard()
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
