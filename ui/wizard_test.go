package ui

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
	"github.com/mcgdash/mcgdash/ui/signin"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

const wizardClientID = "5a1d6e77-9c4b-4f0e-a2d3-6d3b0c0a5e11"

// testClock is the sandbox's clock: the enrollment becomes active when the
// test says so, not after a sleep.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingTransport counts the target's discovery documents fetched, to
// tell that r ran the checks again.
type countingTransport struct {
	next        http.RoundTripper
	discoveries atomic.Int32
	deviceCodes atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
		c.discoveries.Add(1)
	}
	if strings.HasSuffix(r.URL.Path, "/devicecode") {
		c.deviceCodes.Add(1)
	}
	return c.next.RoundTrip(r)
}

// wizEnv is the whole program against the real sandbox: Partner Center,
// the identity emulator (worldwide authority and Graph for the target
// tenants) and the partner signed in; the customers screen loaded.
type wizEnv struct {
	app      *App
	srv      *sandbox.Server
	pc       *client.Client
	clock    *testClock
	audit    string
	stateDir string
	target   *countingTransport
}

func newWizEnv(t *testing.T, readOnly bool, width, height int, opts ...func(*sandbox.Options)) *wizEnv {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	var root atomic.Value
	root.Store("")
	emu := identity.New(identity.Options{Issuer: func() string { return root.Load().(string) }, ApproveAfter: time.Millisecond})
	partner := emu.PartnerTenant()
	so := sandbox.Options{
		Customers: 12, Authorize: emu.Verify, Handlers: emu.Routes(), RateLimit: -1,
		PartnerName: partner.Name, PartnerTenantID: partner.ID, PartnerDomain: partner.Domain,
		StateDir: t.TempDir(), Now: clock.Now,
	}
	for _, o := range opts {
		o(&so)
	}
	srv, err := sandbox.Start(so)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	root.Store(srv.URL())
	cache := filepath.Join(t.TempDir(), "cache")
	ps, err := auth.New(auth.Config{Authority: srv.URL(), Tenant: partner.ID, ClientID: wizardClientID, HTTPClient: srv.HTTPClient(), CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dc, err := ps.DeviceCode(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dc.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	auditPath := filepath.Join(t.TempDir(), "audit.jsonl")
	al, err := client.OpenAuditLog(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	al.SetOperator("operator@contosopartner.onmicrosoft.de")
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: ps, ReadOnly: readOnly, Audit: al})
	if err != nil {
		t.Fatal(err)
	}
	ct := &countingTransport{next: srv.HTTPClient().Transport}
	stateDir := filepath.Join(t.TempDir(), "state")
	c := &common.Context{
		Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany, Sandbox: true, Partner: pc,
		Target: &auth.Target{Authority: srv.URL(), Graph: emu.GraphRoot(), ClientID: wizardClientID, CacheDir: cache,
			HTTPClient: &http.Client{Transport: ct, Timeout: 20 * time.Second}, Sandbox: true},
		StateDir: stateDir,
	}
	a := New(c, []common.Screen{customers.New(c), &fake{id: "routes", title: "Routes"}, &fake{id: "migrations", title: "Migrations"}}, Options{})
	a.statusTTL = time.Millisecond
	a.Update(tea.WindowSizeMsg{Width: width, Height: height})
	settle(t, a, a.Init())
	return &wizEnv{app: a, srv: srv, pc: pc, clock: clock, audit: auditPath, stateDir: stateDir, target: ct}
}

// wiz is the wizard layer, wherever it is on the stack.
func (e *wizEnv) wiz(t *testing.T) *wizard.Model {
	t.Helper()
	for i := len(e.app.layers) - 1; i >= 0; i-- {
		if w, ok := e.app.layers[i].Layer.(*wizard.Model); ok {
			return w
		}
	}
	t.Fatal("the wizard is not open")
	return nil
}

func (e *wizEnv) top() common.Layer {
	if l, ok := e.app.top(); ok {
		return l.Layer
	}
	return nil
}

func (e *wizEnv) screen() string { return ansi.Strip(e.app.render()) }

// typeIn types s key by key, as a terminal would.
func (e *wizEnv) typeIn(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		press(t, e.app, string(r))
	}
}

// migrations lists what the sandbox holds.
func (e *wizEnv) migrations(t *testing.T) []model.Migration {
	t.Helper()
	var out []model.Migration
	if err := e.pc.ListMigrations(context.Background(), func(p client.MigrationPage) error {
		out = append(out, p.Migrations...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *wizEnv) auditLines(t *testing.T) []client.AuditEntry {
	t.Helper()
	f, err := os.Open(e.audit)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []client.AuditEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a client.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// toChecks opens the wizard with m and walks to the checks of tenant,
// typed; the sign-in layer runs for real against the identity emulator.
func (e *wizEnv) toChecks(t *testing.T, tenant string) *wizard.Model {
	t.Helper()
	press(t, e.app, "m")
	w := e.wiz(t)
	if w.Step() != wizard.StepTarget {
		t.Fatalf("step %v, want the target", w.Step())
	}
	press(t, e.app, "enter") // I already have a tenant
	// The partner's accounts in European regions are listed first; the
	// selection starts on "Another tenant: type its id or domain".
	if v := ansi.Strip(e.app.View().Content); !strings.Contains(v, "Which tenant?") || !strings.Contains(v, "contosoeu.onmicrosoft.com") {
		t.Fatalf("the partner's European accounts are not offered:\n%s", v)
	}
	press(t, e.app, "enter")
	if !w.Capturing() {
		t.Fatal("the tenant input does not have the keyboard")
	}
	e.typeIn(t, tenant)
	press(t, e.app, "enter")
	if w.Step() != wizard.StepChecks {
		t.Fatalf("step %v after signing in to %s, want the checks; screen:\n%s", w.Step(), tenant, e.screen())
	}
	return w
}

func check(rep model.TargetReport, id model.TargetCheckID) model.TargetCheck {
	for _, c := range rep.Checks {
		if c.ID == id {
			return c
		}
	}
	return model.TargetCheck{}
}

// TestWizardPathA walks path A with two marked customers: the typed
// confirmation (enter alone creates nothing), one migration per customer
// with its own request id, quitting while they start asks first, details
// and the dashboard.
func TestWizardPathA(t *testing.T) {
	e := newWizEnv(t, false, 80, 24)
	press(t, e.app, "A") // mark all 12
	w := e.toChecks(t, "contosoeu.onmicrosoft.com")
	if n := len(w.Customers()); n != 12 {
		t.Fatalf("%d customers in the wizard, want the 12 marked", n)
	}
	eligible := 0
	for _, c := range w.Customers() {
		v, err := e.pc.ValidateMigration(context.Background(), c.TenantID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID})
		if err != nil {
			t.Fatal(err)
		}
		if v.Eligible {
			eligible++
		}
	}
	if eligible < 2 || eligible == 12 {
		t.Fatalf("%d of 12 eligible: the test wants some of each", eligible)
	}
	if !w.Report().Passed() {
		t.Fatalf("checks of the EU tenant with its GA: %+v", w.Report())
	}
	t.Run("checks", func(t *testing.T) { golden(t, ascii(e.app.render())) })
	if e.app.partnerSignIn != 0 || strings.Contains(e.screen(), "admin@contosoeu") && strings.Contains(strings.Split(e.screen(), "\n")[0], "admin@") {
		t.Error("the target sign-in took the partner's place")
	}

	press(t, e.app, "enter")
	if w.Step() != wizard.StepReview {
		t.Fatalf("step %v, want the review", w.Step())
	}
	t.Run("review", func(t *testing.T) { golden(t, ascii(e.app.render())) })
	for _, want := range []string{"Microsoft Cloud Germany", "contosoeu.onmicrosoft.com", "3 passed", "subscription"} {
		if !strings.Contains(e.screen(), want) {
			t.Errorf("the review lacks %q:\n%s", want, e.screen())
		}
	}
	if got := e.migrations(t); len(got) != 0 {
		t.Fatalf("%d migrations before the confirmation", len(got))
	}

	// Someone starts one of them elsewhere meanwhile: that customer fails,
	// the others go on.
	var taken model.Customer
	for _, c := range w.Customers() {
		v, _ := e.pc.ValidateMigration(context.Background(), c.TenantID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID})
		if v.Eligible {
			taken = c
			break
		}
	}
	if _, err := e.pc.CreateMigration(context.Background(), taken.TenantID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID}); err != nil {
		t.Fatal(err)
	}

	press(t, e.app, "enter")
	if _, ok := e.top().(*confirm.Model); !ok {
		t.Fatalf("enter on the review pushed %T, want the confirmation", e.top())
	}
	t.Run("confirm", func(t *testing.T) { golden(t, ascii(e.app.render())) })
	press(t, e.app, "enter") // enter alone
	if _, ok := e.top().(*confirm.Model); !ok || len(e.migrations(t)) != 1 {
		t.Fatal("enter alone confirmed")
	}
	e.typeIn(t, "contosoeu.onmicrosoft.co")
	press(t, e.app, "enter") // almost the domain
	if _, ok := e.top().(*confirm.Model); !ok || len(e.migrations(t)) != 1 {
		t.Fatal("a wrong word confirmed")
	}
	press(t, e.app, "m")

	// The migrations start as frame tasks; hold their ends back to quit
	// while they run.
	_, cmd := e.app.Update(keytest.Press("enter"))
	held := cmdtest.Loop(t, func(msg tea.Msg) tea.Cmd { _, c := e.app.Update(msg); return c }, cmd, func(msg tea.Msg) bool {
		_, ok := msg.(common.Envelope)
		return ok
	})
	if w.Step() != wizard.StepStarted || len(e.app.tasks) != min(eligible, 4) {
		t.Fatalf("step %v with %d tasks, want started with one task per customer:\n%s", w.Step(), len(e.app.tasks), e.screen())
	}
	if !strings.Contains(e.screen(), "not eligible") {
		t.Errorf("the ineligible customers are not shown:\n%s", e.screen())
	}
	press(t, e.app, "q")
	if c, ok := e.top().(*confirm.Model); !ok || !strings.Contains(ansi.Strip(c.View()), "Quit mcgdash?") {
		t.Fatalf("q while migrations start: top %T, want the quit prompt", e.top())
	}
	press(t, e.app, "n")
	// At most four start at once; the next start as each ends.
	for _, msg := range held {
		if _, ok := msg.(taskEndedMsg); ok {
			settle(t, e.app, func() tea.Msg { return msg })
		}
	}
	if len(e.app.tasks) != 0 {
		t.Fatal("tasks still running")
	}

	got := e.migrations(t)
	seen := map[string]bool{}
	for _, m := range got {
		seen[m.CustomerTenantID] = true
	}
	if len(got) != eligible || len(seen) != eligible {
		t.Fatalf("%d migrations for %d customers, want one per eligible customer (%d)", len(got), len(seen), eligible)
	}
	ids := map[string]bool{}
	failedLines := 0
	for _, a := range e.auditLines(t) {
		if a.Action == client.ActionMigrationCreate {
			if a.TargetTenant != identity.EUAdminTenantID {
				t.Errorf("audit %+v", a)
			}
			if a.Outcome == client.OutcomeFailed && len(a.Customers) == 1 && a.Customers[0] == taken.TenantID {
				failedLines++
			}
			ids[a.RequestID] = true
		}
	}
	// The one started elsewhere, then one per customer of the wizard.
	if len(ids) != eligible+1 || failedLines != 1 {
		t.Errorf("request ids %v (want one of its own per customer), %d failed lines for %s", ids, failedLines, taken.CompanyName)
	}
	if s := e.screen(); !strings.Contains(s, fmt.Sprintf("%d started", eligible-1)) || !strings.Contains(s, "1 failed") {
		t.Errorf("the started step does not count them:\n%s", s)
	}

	for _, l := range strings.Split(e.screen(), "\n") {
		if strings.HasPrefix(l, taken.CompanyName[:min(len(taken.CompanyName), 20)]) && !strings.Contains(l, "failed") {
			t.Errorf("the customer started elsewhere does not say it failed: %q", l)
		}
	}
	press(t, e.app, "d")
	if w.Step() != wizard.StepDetails || !strings.Contains(e.screen(), "Opt-in") || !strings.Contains(e.screen(), "Exchange Online") {
		t.Fatalf("details:\n%s", e.screen())
	}
	press(t, e.app, "v")
	if e.top() != nil || e.app.screen().ID() != "migrations" {
		t.Fatalf("v: top %T, screen %s; want the migrations dashboard", e.top(), e.app.screen().ID())
	}
}

// TestWizardFailedChecks: each of the three failures says which check
// failed, with its evidence and the fix; r runs the checks again; esc and
// another tenant passes.
func TestWizardFailedChecks(t *testing.T) {
	for _, tc := range []struct {
		name, tenant string
		failed       model.TargetCheckID
		evidence     string
	}{
		{"not-global-admin", "contosoeustaff.onmicrosoft.com", model.CheckGlobalAdmin, "holds no directory role"},
		{"north-america", "contosous.onmicrosoft.com", model.CheckRegion, "NA — North America"},
		{"inactive", "contosodormant.onmicrosoft.com", model.CheckActive, "AADSTS90002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newWizEnv(t, false, 80, 24)
			w := e.toChecks(t, tc.tenant)
			c := check(w.Report(), tc.failed)
			if w.Report().Passed() || c.Passed || !strings.Contains(c.Evidence, tc.evidence) || c.Fix == "" {
				t.Fatalf("%s: %+v", tc.tenant, w.Report())
			}
			scr := e.screen()
			for _, want := range []string{"FAIL", c.Title, "Fix:"} {
				if !strings.Contains(scr, want) {
					t.Errorf("the checks screen lacks %q:\n%s", want, scr)
				}
			}
			golden(t, ascii(e.app.render()))
			press(t, e.app, "enter")
			if w.Step() != wizard.StepChecks {
				t.Fatal("enter went on past a failed check")
			}
			before := e.target.discoveries.Load()
			press(t, e.app, "r")
			if e.target.discoveries.Load() == before || check(w.Report(), tc.failed).Passed {
				t.Fatalf("r did not run the checks again (%d discoveries)", e.target.discoveries.Load()-before)
			}
			if tc.failed == model.CheckGlobalAdmin {
				// s: a new device code, not the cached sign-in.
				codes := e.target.deviceCodes.Load()
				press(t, e.app, "s")
				if e.target.deviceCodes.Load() == codes || w.Step() != wizard.StepChecks || w.Report().Account == "" {
					t.Fatalf("s: step %v, report %+v", w.Step(), w.Report())
				}
			}
			press(t, e.app, "esc")
			if w.Step() != wizard.StepTarget {
				t.Fatalf("esc: step %v, want the target", w.Step())
			}
			press(t, e.app, "enter", "enter") // the path, then "Another tenant"
			for range len(tc.tenant) {
				press(t, e.app, "backspace")
			}
			e.typeIn(t, "contosoeu.onmicrosoft.com")
			press(t, e.app, "enter")
			if !w.Report().Passed() {
				t.Fatalf("another tenant: %+v", w.Report())
			}
		})
	}
}

// TestWizardReadOnly: the wizard can be walked and the checks run, the
// review says plainly that read-only refuses, enter pushes no
// confirmation, the header shows READ-ONLY, nothing is created.
func TestWizardReadOnly(t *testing.T) {
	e := newWizEnv(t, true, 80, 24)
	w := e.toChecks(t, "contosoeu.onmicrosoft.com")
	if !w.Report().Passed() {
		t.Fatalf("%+v", w.Report())
	}
	press(t, e.app, "enter", "enter")
	if w.Step() != wizard.StepReview {
		t.Fatalf("step %v", w.Step())
	}
	if _, ok := e.top().(*wizard.Model); !ok {
		t.Fatalf("read-only: enter pushed %T", e.top())
	}
	scr := e.screen()
	if !strings.Contains(strings.Split(scr, "\n")[0], "READ-ONLY") || !strings.Contains(scr, "refuses to start migrations") {
		t.Errorf("read-only is not plain:\n%s", scr)
	}
	golden(t, ascii(e.app.render()))
	if len(e.migrations(t)) != 0 {
		t.Fatal("read-only created a migration")
	}
}

// TestWizardPathB: "I don't have a tenant": the enrollment link (OSC 8, y
// copies with OSC 52), the customer remembered in the state directory, and
// check again goes on to the sign-in once the sandbox's enrollment is
// active; the migration then forgets the waiting customer.
func TestWizardPathB(t *testing.T) {
	e := newWizEnv(t, false, 80, 24)
	press(t, e.app, "m")
	w := e.wiz(t)
	t.Run("target", func(t *testing.T) { golden(t, ascii(e.app.render())) })
	press(t, e.app, "down", "enter")
	if w.Step() != wizard.StepEnroll {
		t.Fatalf("step %v, want the enrollment", w.Step())
	}
	v := w.View()
	if !strings.Contains(v, ansi.SetHyperlink(model.PartnerEnrollmentURL, "mcgdash-enroll")) {
		t.Error("the enrollment link is not an OSC 8 hyperlink")
	}
	msgs := press(t, e.app, "y")
	copied := false
	for _, m := range msgs {
		if strings.Contains(fmt.Sprintf("%T %v", m, m), "Clipboard") && strings.Contains(fmt.Sprint(m), model.PartnerEnrollmentURL) {
			copied = true
		}
	}
	if !copied {
		t.Errorf("y: %#v, want the link set on the clipboard", msgs)
	}
	waiting, err := wizard.LoadWaiting(e.stateDir)
	if err != nil || len(waiting) != 1 || waiting[0].ID != w.Customers()[0].ID {
		t.Fatalf("waiting %+v, %v", waiting, err)
	}
	press(t, e.app, "n") // start the enrollment
	press(t, e.app, "enter")
	if w.Step() != wizard.StepEnroll || !strings.Contains(e.screen(), "not active yet") {
		t.Fatalf("check again before the account is active:\n%s", e.screen())
	}

	e.clock.Advance(2 * time.Minute)
	press(t, e.app, "enter") // check again
	if w.Step() != wizard.StepChecks || !w.Report().Passed() || w.Report().TenantID != identity.EUAdminTenantID {
		t.Fatalf("once active: step %v, report %+v", w.Step(), w.Report())
	}
	press(t, e.app, "enter", "enter")
	e.typeIn(t, "contosoeu.onmicrosoft.com")
	press(t, e.app, "enter")
	if len(e.migrations(t)) != 1 {
		t.Fatal("no migration started")
	}
	if waiting, _ := wizard.LoadWaiting(e.stateDir); len(waiting) != 0 {
		t.Errorf("still waiting after the migration started: %+v", waiting)
	}
}

// TestMigrateCommand: :migrate opens the wizard on the selected customer.
func TestMigrateCommand(t *testing.T) {
	e := newWizEnv(t, false, 160, 48)
	press(t, e.app, ":")
	e.typeIn(t, "migrate")
	press(t, e.app, "enter")
	w := e.wiz(t)
	if len(w.Customers()) != 1 {
		t.Fatalf("customers %+v", w.Customers())
	}
	golden(t, ascii(e.app.render()))
	press(t, e.app, "esc")
	if e.top() != nil {
		t.Fatalf("esc on the first step left %T", e.top())
	}
}

// TestWizardDropAfterCommit: every create's connection is cut after the
// sandbox stored it; the client retries with the same MS-RequestId and the
// wizard still makes exactly one migration.
func TestWizardDropAfterCommit(t *testing.T) {
	e := newWizEnv(t, false, 80, 24, func(o *sandbox.Options) { o.DropAfterCommitRate = 1 })
	w := e.toChecks(t, "contosoeu.onmicrosoft.com")
	press(t, e.app, "enter")
	if w.Step() != wizard.StepReview {
		t.Fatalf("step %v", w.Step())
	}
	press(t, e.app, "enter")
	e.typeIn(t, "contosoeu.onmicrosoft.com")
	press(t, e.app, "enter")
	if got := e.migrations(t); len(got) != 1 {
		t.Fatalf("%d migrations after a dropped commit, want 1", len(got))
	}
	if !strings.Contains(e.screen(), "1 started") {
		t.Errorf("started:\n%s", e.screen())
	}
}

// TestWizardRefusedSignIn: a sign-in the authority refuses with AADSTS90002
// reads as "tenant not active", with the authority's words as evidence.
func TestWizardRefusedSignIn(t *testing.T) {
	e := newWizEnv(t, false, 80, 24)
	w := e.toChecks(t, "contosoeu.onmicrosoft.com")
	l, _ := e.app.top()
	refused := signin.Result{Session: w.TargetSession(), Err: errors.New("device code: invalid_request: AADSTS90002: Tenant 'contosoeu.onmicrosoft.com' not found")}
	settle(t, e.app, l.addr().Wrap(func() tea.Msg { return refused }))
	active, region := check(w.Report(), model.CheckActive), check(w.Report(), model.CheckRegion)
	if active.Passed || !strings.Contains(active.Evidence, "AADSTS90002") || !region.Passed || w.Report().Passed() {
		t.Fatalf("%+v", w.Report())
	}
	if !strings.Contains(e.screen(), "Tenant is active") || !strings.Contains(e.screen(), "FAIL") {
		t.Errorf("screen:\n%s", e.screen())
	}
}

// TestWizardASCII: under --ascii the wizard's glyphs (checks, steps,
// huh's field border) become ASCII of the same width.
func TestWizardASCII(t *testing.T) {
	e := newWizEnv(t, false, 80, 24)
	press(t, e.app, "m")
	e.app.c.Styles = theme.NewWith(theme.Options{Dark: true, ASCII: true})
	first := e.app.View().Content
	press(t, e.app, "enter", "enter") // the path, then "Another tenant"
	e.typeIn(t, "contosous.onmicrosoft.com")
	press(t, e.app, "enter")
	checks := e.app.View().Content
	for _, v := range []string{first, checks} {
		for _, g := range []string{"✓", "✗", "›", "┃", "–"} {
			if strings.Contains(v, g) {
				t.Errorf("%q under --ascii:\n%s", g, ansi.Strip(v))
			}
		}
	}
	if !strings.Contains(ansi.Strip(checks), "x FAIL") || !strings.Contains(ansi.Strip(checks), "+ PASS") {
		t.Errorf("checks under --ascii:\n%s", ansi.Strip(checks))
	}
}
