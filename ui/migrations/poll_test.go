package migrations

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/ui/common"
)

func isPane(id string) func(tea.Msg) bool {
	return func(msg tea.Msg) bool {
		p, ok := msg.(paneTickMsg)
		return ok && (id == "" || p.id == id)
	}
}

// TestPinnedPanesUpdateIndependently: two pinned panes each poll their own
// migration's events on their own ticks; one pane's poll fetches only its
// own migration and changes only its own pane.
func TestPinnedPanesUpdateIndependently(t *testing.T) {
	r := newRig(t, rigOptions{})
	started := r.start(4)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	a, b := started[0], started[1]
	m.cursorTo(a.ID)
	r.press("p")
	m.cursorTo(b.ID)
	r.press("p")
	if got := m.Pins(); len(got) != 2 || got[0] != a.ID || got[1] != b.ID {
		t.Fatalf("pins %v, want [%s %s]", got, a.ID, b.ID)
	}
	pa, pb := m.panes[a.ID], m.panes[b.ID]
	if len(pa.events) == 0 || len(pb.events) == 0 {
		t.Fatal("pinning did not fetch the panes' events")
	}
	na, nb := len(pa.events), len(pb.events)
	view := plain(m.View())
	if !strings.Contains(view, "◆ "+a.CustomerName[:8]) || !strings.Contains(view, "◆ "+b.CustomerName[:8]) {
		t.Fatalf("both pinned panes should be on screen:\n%s", view)
	}

	r.clock.Advance(40 * time.Second)
	eventsA := r.requests("/" + a.ID + "/events")
	eventsB := r.requests("/" + b.ID + "/events")
	if !r.fire(isPane(a.ID)) {
		t.Fatal("pane A scheduled no poll")
	}
	if r.requests("/"+a.ID+"/events") != eventsA+1 || r.requests("/"+b.ID+"/events") != eventsB {
		t.Errorf("pane A's tick: A polled %d times, B %d times; want 1 and 0",
			r.requests("/"+a.ID+"/events")-eventsA, r.requests("/"+b.ID+"/events")-eventsB)
	}
	if len(pa.events) <= na {
		t.Errorf("pane A did not update: %d events, was %d", len(pa.events), na)
	}
	if len(pb.events) != nb {
		t.Errorf("pane B changed on pane A's tick: %d events, was %d", len(pb.events), nb)
	}
	if !r.fire(isPane(b.ID)) {
		t.Fatal("pane B scheduled no poll")
	}
	if len(pb.events) <= nb {
		t.Errorf("pane B did not update on its own tick")
	}
	// An unpinned migration polls nothing.
	if c := started[2]; r.requests("/"+c.ID+"/events") != 0 {
		t.Errorf("a migration without a pane was polled")
	}
	// P unpins the one under the cursor; its pending tick is dropped.
	m.cursorTo(b.ID)
	r.press("P")
	before := r.requests("/" + b.ID + "/events")
	r.fire(isPane(b.ID))
	if r.requests("/"+b.ID+"/events") != before {
		t.Error("an unpinned pane still polled")
	}
	if got := m.Pins(); len(got) != 1 || got[0] != a.ID {
		t.Errorf("pins after P: %v", got)
	}
}

// TestPinsRememberedAcrossRestarts: pins are saved in the state directory
// and a new start shows them again.
func TestPinsRememberedAcrossRestarts(t *testing.T) {
	r := newRig(t, rigOptions{})
	started := r.start(3)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	m.cursorTo(started[2].ID)
	r.press("p")
	m.cursorTo(started[0].ID)
	r.press("p")
	m2 := r.screen(160, 48)
	if got := m2.Pins(); len(got) != 2 || got[0] != started[2].ID || got[1] != started[0].ID {
		t.Fatalf("after a restart the pins are %v", got)
	}
	r.feed(m2.Init())
	r.feed(m2.Activate())
	if v := plain(m2.View()); !strings.Contains(v, "◆ "+started[2].CustomerName[:8]) {
		t.Errorf("the pinned pane is not shown after a restart:\n%s", v)
	}
}

// TestNoPollingWhileHidden: hidden, the panes stop and only the slow list
// refresh (the header's summary) goes on; shown again, all resume.
func TestNoPollingWhileHidden(t *testing.T) {
	r := newRig(t, rigOptions{})
	started := r.start(3)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	for _, s := range started[:2] {
		m.cursorTo(s.ID)
		r.press("p")
	}
	m.Deactivate()
	events := r.requests("/events")
	lists := r.requests("/v1/migrations/germany")
	// The ticks already scheduled arrive: they must do nothing.
	for r.fire(isPane("")) {
	}
	r.fire(func(msg tea.Msg) bool { _, ok := msg.(spinTickMsg); return ok })
	if got := r.requests("/events"); got != events {
		t.Errorf("hidden: %d event polls", got-events)
	}
	if ticks := r.scheduledTicks(isPane("")); len(ticks) != 0 {
		t.Errorf("hidden: %d pane polls scheduled", len(ticks))
	}
	// The list refresh goes on, slowly, for the header.
	r.refreshNow()
	if got := r.requests("/v1/migrations/germany"); got != lists+1 {
		t.Errorf("hidden: %d list refreshes, want 1", got-lists)
	}
	if m.NextRefresh() != idleInterval {
		t.Errorf("hidden: next refresh in %v, want %v", m.NextRefresh(), idleInterval)
	}
	var summary *common.MigrationsMsg
	for _, msg := range r.out {
		if s, ok := msg.(common.MigrationsMsg); ok {
			summary = &s
		}
	}
	if summary == nil || summary.Running != 3 {
		t.Errorf("hidden: the header's summary is %+v", summary)
	}
	r.feed(m.Activate())
	if got := r.requests("/events"); got != events+2 {
		t.Errorf("shown again: %d event polls, want 2 (one per pane)", got-events)
	}
	if m.NextRefresh() >= idleInterval {
		t.Errorf("shown with migrations running: next refresh in %v", m.NextRefresh())
	}
}

// TestPollingUnder429: a 429 makes the next refresh wait its Retry-After;
// 429s in a row back off further; a good answer brings the normal pace
// back. Meanwhile the data stays on screen, marked stale.
func TestPollingUnder429(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(3)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	normal := m.NextRefresh()
	if normal != listInterval(3, 3, true) {
		t.Fatalf("normal interval %v", normal)
	}
	r.sb.ThrottleNext(1, 20*time.Second) // more than the client waits out
	r.refreshNow()
	if got := m.NextRefresh(); got < 20*time.Second {
		t.Errorf("after a 429 with Retry-After 20s the next refresh is in %v", got)
	}
	if len(m.all) != 3 {
		t.Fatal("the list was dropped on a 429")
	}
	v := plain(m.View())
	if !strings.Contains(v, "STALE") || m.lastErr == nil || !strings.Contains(m.lastErr.Error(), "429") {
		t.Errorf("a failed refresh is not marked stale:\n%s", v)
	}
	first := m.NextRefresh()
	r.sb.ThrottleNext(1, time.Second)
	r.refreshNow()
	if got := m.NextRefresh(); got < 2*normal {
		t.Errorf("a second 429 in a row: next refresh in %v, want at least %v (backoff)", got, 2*normal)
	}
	_ = first
	r.refreshNow()
	if got := m.NextRefresh(); got != normal {
		t.Errorf("after a good answer: next refresh in %v, want %v", got, normal)
	}
	if strings.Contains(plain(m.View()), "STALE") {
		t.Error("still marked stale after a good answer")
	}
}

// TestUnreachable: when the service cannot be reached the screen says so
// plainly and keeps what it had.
func TestUnreachable(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(2)
	m := r.screen(100, 30)
	r.feed(m.Init())
	r.feed(m.Activate())
	_ = r.sb.Close()
	r.clock.Advance(time.Minute)
	r.refreshNow()
	v := plain(m.View())
	if !strings.Contains(v, "STALE: cannot reach Partner Center") || !strings.Contains(v, "showing data from") {
		t.Errorf("unreachable service not said plainly:\n%s", v)
	}
	if len(m.shown) != 2 {
		t.Error("stale rows were hidden")
	}
	var summary common.MigrationsMsg
	for _, msg := range r.out {
		if s, ok := msg.(common.MigrationsMsg); ok {
			summary = s
		}
	}
	if !summary.Stale {
		t.Error("the header was not told the data is stale")
	}
}

// TestSteadyStateBudget: with 1,000 active migrations and four panes the
// planned calls stay well inside the sandbox's default limit (500 a
// minute per key: "partner" for the list, each customer for its events),
// so there are no 429s in steady state.
func TestSteadyStateBudget(t *testing.T) {
	const total, active = 1000, 1000
	list := listInterval(total, active, true)
	perMinute := float64(pages(total)) * float64(time.Minute) / float64(list)
	if perMinute > float64(RateLimit)/2 {
		t.Errorf("the list refresh makes %.0f calls a minute on the partner key; the limit is %d", perMinute, RateLimit)
	}
	// The sandbox's bucket holds half a minute's worth: the list never
	// comes near it.
	pane := paneInterval(active)
	if perPane := float64(time.Minute) / float64(pane); perPane > float64(RateLimit)/10 {
		t.Errorf("a pane makes %.0f event calls a minute", perPane)
	}
	if list < 5*time.Second {
		t.Errorf("1,000 active migrations refresh every %v", list)
	}
	if got := listInterval(3, 3, true); got != minInterval+9*time.Millisecond {
		t.Errorf("a few active migrations refresh every %v", got)
	}
	if got := listInterval(200_000, 1000, true); got < time.Duration(pages(200_000))*time.Minute/time.Duration(RateLimit/listShare) {
		t.Errorf("400 pages refresh every %v", got)
	}
	if got := listInterval(200_000, 0, false); got < 3*time.Minute {
		t.Errorf("hidden, 400 pages refresh every %v: more than a quarter of the limit", got)
	}
	if backoff(5*time.Second, 30*time.Second, 0) != 30*time.Second {
		t.Error("Retry-After is not honoured first")
	}
	if backoff(5*time.Second, 0, 3) != 40*time.Second || backoff(5*time.Second, 0, 20) != maxBackoff {
		t.Error("backoff does not double up to its bound")
	}
}

// TestSteadyStateAgainstSandbox: 1,000 active migrations in the sandbox
// with its default rate limit; refreshes at the planned pace (the clock
// of the limit is real, so the test compresses nothing: it makes as many
// refreshes as a minute would at most, back to back, which is harsher)
// see no 429.
func TestSteadyStateAgainstSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 1,000 migrations")
	}
	// A sandbox with no limit creates them fast; another at the default
	// limit, sharing its state, serves the dashboard.
	dir := filepath.Join(t.TempDir(), "sandbox")
	fast := newRig(t, rigOptions{customers: 1600, rateLimit: -1, sandboxSt: dir})
	fast.startMany(1000)
	slow := newRig(t, rigOptions{customers: 1600, sandboxSt: dir})
	m := slow.screen(160, 48)
	slow.feed(m.Init())
	slow.feed(m.Activate())
	if len(m.all) < 1000 {
		t.Fatalf("listed %d", len(m.all))
	}
	ids := []string{m.all[0].ID, m.all[1].ID, m.all[2].ID, m.all[3].ID}
	for _, id := range ids {
		m.cursorTo(id)
		slow.press("p")
	}
	// A minute's worth of refreshes at the planned pace, and every pane's
	// polls in that minute.
	refreshes := int(time.Minute / m.NextRefresh())
	for range refreshes {
		slow.refreshNow()
		for _, id := range ids {
			slow.fire(isPane(id))
		}
	}
	if m.lastErr != nil {
		t.Errorf("a refresh failed: %v", m.lastErr)
	}
	for _, id := range ids {
		if p := m.panes[id]; p.err != nil {
			t.Errorf("pane %s: %v", id, p.err)
		}
	}
	if running, _, _ := m.counts(); running < 900 {
		t.Errorf("only %d running: not the steady state of 1,000 active", running)
	}
}

// TestFinishedPanesStopPolling: once its migration finished and the pane
// has its last events, the pane schedules no more polls.
func TestFinishedPanesStopPolling(t *testing.T) {
	r := newRig(t, rigOptions{})
	started := r.start(2)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	m.cursorTo(started[0].ID)
	r.press("p")
	r.clock.Advance(10 * time.Minute)
	r.refreshNow()
	for r.fire(isPane(started[0].ID)) {
	}
	p := m.panes[started[0].ID]
	if !p.final || p.polling {
		t.Fatalf("finished migration's pane: final=%v polling=%v", p.final, p.polling)
	}
	before := r.requests("/events")
	r.refreshNow()
	r.fire(isPane(""))
	if got := r.requests("/events"); got != before {
		t.Errorf("a finished pane polled %d more times", got-before)
	}
	if !strings.Contains(plain(m.View()), "Migration ") {
		t.Error("the finished pane lost its events")
	}
}
