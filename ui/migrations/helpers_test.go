package migrations

import (
	"cmp"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

// testClock is a controlled testClock shared by the sandbox and the screen.
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

// scheduled is what the injected After returns instead of sleeping: the
// test decides when the tick is delivered.
type scheduled struct {
	d   time.Duration
	msg tea.Msg
}

// rig is a sandbox on a controlled testClock, a client for it and a screen.
type rig struct {
	t     *testing.T
	clock *testClock
	sb    *sandbox.Server
	pc    *client.Client
	audit string
	dir   string
	m     *Model
	// out holds the messages the loop did not feed (ticks, frame
	// messages), oldest first.
	out []tea.Msg
}

type rigOptions struct {
	readOnly  bool
	retry     client.RetryPolicy
	stateDir  string
	sandboxSt string
	customers int
	rateLimit int
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	r := &rig{t: t, clock: &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	r.dir = o.stateDir
	if r.dir == "" {
		r.dir = filepath.Join(t.TempDir(), "state")
	}
	sb, err := sandbox.Start(sandbox.Options{Now: r.clock.Now, Customers: cmp.Or(o.customers, 60), StateDir: o.sandboxSt, RateLimit: o.rateLimit})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	r.sb = sb
	r.audit = filepath.Join(r.dir, "audit.jsonl")
	audit, err := client.OpenAuditLog(r.audit)
	if err != nil {
		t.Fatal(err)
	}
	journal, err := client.OpenJournal(filepath.Join(r.dir, "migrations.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	retry := o.retry
	if retry.MaxRetries == 0 {
		retry = client.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Millisecond}
	}
	r.pc, err = client.New(client.Options{BaseURL: sb.URL(), HTTPClient: sb.HTTPClient(), Tokens: client.StaticToken("t"),
		Retry: retry, ReadOnly: o.readOnly, Audit: audit, Journal: journal})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// screen makes a new screen (a new start of the program) of w×h.
func (r *rig) screen(w, h int) *Model {
	c := &common.Context{Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany, Partner: r.pc, Width: w, Height: h}
	r.m = New(c, Options{Now: r.clock.Now, PinsPath: filepath.Join(r.dir, "pins.json"), Journal: r.pc.Journal(),
		After: func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return scheduled{d, msg} } }})
	r.m.SetSize(w, h)
	r.out = nil
	return r.m
}

// start creates migrations for the first n eligible customers of the
// sandbox (with the journal) and returns them.
func (r *rig) start(n int) []model.Migration {
	r.t.Helper()
	return r.startWith(r.pc, n)
}

// startWith creates them with pc.
func (r *rig) startWith(pc *client.Client, n int) []model.Migration {
	r.t.Helper()
	var out []model.Migration
	err := pc.ListCustomers(context.Background(), client.ListOptions{}, func(p client.Page) error {
		for _, c := range p.Customers {
			if len(out) == n {
				return nil
			}
			res, err := pc.CreateMigration(context.Background(), c.ID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID})
			if err == nil {
				out = append(out, res.Migration)
			}
		}
		return nil
	})
	if err != nil || len(out) < n {
		r.t.Fatalf("started %d of %d migrations: %v", len(out), n, err)
	}
	return out
}

// startMany creates n migrations with 8 calls at a time.
func (r *rig) startMany(n int) {
	r.t.Helper()
	var custs []model.Customer
	if err := r.pc.ListCustomers(context.Background(), client.ListOptions{}, func(p client.Page) error {
		custs = append(custs, p.Customers...)
		return nil
	}); err != nil {
		r.t.Fatal(err)
	}
	var mu sync.Mutex
	made := 0
	next := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				mu.Lock()
				if made >= n || next >= len(custs) {
					mu.Unlock()
					return
				}
				c := custs[next]
				next++
				mu.Unlock()
				if _, err := r.pc.CreateMigration(context.Background(), c.ID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID}); err == nil {
					mu.Lock()
					made++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if made < n {
		r.t.Fatalf("started %d of %d", made, n)
	}
}

// feed runs cmd the way Bubble Tea does, feeding the screen every message
// but the scheduled ticks and the frame's messages, which are kept in out.
func (r *rig) feed(cmd tea.Cmd) []tea.Msg {
	r.t.Helper()
	msgs := cmdtest.Loop(r.t, func(msg tea.Msg) tea.Cmd {
		_, c := r.m.Update(msg)
		return c
	}, cmd, func(msg tea.Msg) bool {
		switch msg.(type) {
		case scheduled, common.StatusMsg, common.MigrationsMsg, common.PushMsg, common.TaskStartMsg, common.NeedSignInMsg:
			return false
		}
		return true
	})
	r.out = append(r.out, msgs...)
	return msgs
}

// press sends keys to the screen and runs what they return.
func (r *rig) press(keys ...string) []tea.Msg {
	var msgs []tea.Msg
	for _, k := range keys {
		_, cmd := r.m.Update(keytest.Press(k))
		msgs = append(msgs, r.feed(cmd)...)
	}
	return msgs
}

// tick delivers the newest scheduled tick of the list (fn matches it)
// and runs what follows; false if none was scheduled.
func (r *rig) fire(match func(tea.Msg) bool) bool {
	for i := len(r.out) - 1; i >= 0; i-- {
		if s, ok := r.out[i].(scheduled); ok && match(s.msg) {
			r.out = append(r.out[:i], r.out[i+1:]...)
			_, cmd := r.m.Update(s.msg)
			r.feed(cmd)
			return true
		}
	}
	return false
}

func isList(msg tea.Msg) bool { _, ok := msg.(listTickMsg); return ok }

// refreshNow fires the scheduled list tick.
func (r *rig) refreshNow() {
	r.t.Helper()
	if !r.fire(isList) {
		r.t.Fatal("no list refresh was scheduled")
	}
}

// scheduledTicks lists the ticks waiting, of the kind match says.
func (r *rig) scheduledTicks(match func(tea.Msg) bool) []scheduled {
	var out []scheduled
	for _, m := range r.out {
		if s, ok := m.(scheduled); ok && match(s.msg) {
			out = append(out, s)
		}
	}
	return out
}

// statuses returns the status lines the screen sent.
func (r *rig) statuses() []string {
	var out []string
	for _, m := range r.out {
		if s, ok := m.(common.StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}

// requests counts the sandbox's Partner Center requests whose path has sub.
func (r *rig) requests(sub string) int {
	n := 0
	for _, q := range r.sb.Requests() {
		if strings.Contains(q.Path, sub) {
			n++
		}
	}
	return n
}

func plain(s string) string { return ansi.Strip(s) }

// byStatus finds a migration of the list with the status.
func (r *rig) byStatus(s model.MigrationStatus) (model.Migration, bool) {
	for _, m := range r.m.all {
		if m.Status == s {
			return m, true
		}
	}
	return model.Migration{}, false
}
