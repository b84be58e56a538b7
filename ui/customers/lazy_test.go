package customers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
)

// frameLoop runs cmd like drain, and plays the frame's part for tasks: a
// TaskStartMsg runs the task's work (as a command, concurrently) and its
// end comes back as a TaskDoneMsg, as the frame delivers it. tasks gets
// every task started.
func frameLoop(t testing.TB, m *Model, cmd tea.Cmd, tasks *[]common.Task, also ...func(tea.Msg) bool) []tea.Msg {
	t.Helper()
	return frameLoopCtx(t, context.Background(), m, cmd, tasks, also...)
}

// frameLoopCtx is frameLoop with the context tasks run under.
func frameLoopCtx(t testing.TB, ctx context.Context, m *Model, cmd tea.Cmd, tasks *[]common.Task, also ...func(tea.Msg) bool) []tea.Msg {
	t.Helper()
	var ended []tea.Msg
	out := cmdtest.Loop(t, func(msg tea.Msg) tea.Cmd {
		if d, ok := msg.(common.TaskDoneMsg); ok {
			ended = append(ended, d)
		}
		if s, ok := msg.(common.TaskStartMsg); ok {
			if tasks != nil {
				*tasks = append(*tasks, s.Task)
			}
			return func() tea.Msg {
				res, err := s.Task.Run(ctx)
				return common.TaskDoneMsg{ID: s.Task.ID, Result: res, Err: err}
			}
		}
		_, c := m.Update(msg)
		return c
	}, cmd, func(msg tea.Msg) bool {
		for _, f := range also {
			if f(msg) {
				return true
			}
		}
		switch msg.(type) {
		case pageMsg, subsMsg, detailMsg, visibleMsg, profileMsg, bulkMsgs, common.TaskStartMsg, common.TaskDoneMsg:
			return true
		}
		return false
	})
	// The tasks' ends went to the screen; they are returned too.
	return append(out, ended...)
}

// TestFilterOnUnknownStatus: a status filter over statuses not fetched
// yet shows nothing on a guess, says how many are unknown for as long as
// it applies, and F fetches them all as a task with progress; afterwards
// the filter is exact.
func TestFilterOnUnknownStatus(t *testing.T) {
	f, c := serve(t)
	m := newModel(c)
	m.SetBulkRate(0)
	m.SetSize(140, 5) // two visible rows: most statuses stay unknown
	m.Update(pageMsg{owner: m, page: client.Page{Customers: fixture(), Total: 10}, done: true})
	press(m, "/")
	typeText(m, "!status:active")
	press(m, "enter")
	// Not one unknown status is taken for "not active".
	equal(t, "shown while unknown", len(m.Shown()), 0)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "10 status unknown, F fetches") {
		t.Fatalf("the info line does not say how many are unknown:\n%s", v)
	}
	press(m, "/")
	typeText(m, " ")
	press(m, "backspace", "enter")
	press(m, "/", "ctrl+u")
	typeText(m, "status:?")
	press(m, "enter")
	equal(t, "status:?", len(m.Shown()), 10)

	var tasks []common.Task
	calls := f.calls.Load()
	frameLoop(t, m, press(m, "F")[0], &tasks)
	if len(tasks) != 1 || tasks[0].ID != fetchTaskID || tasks[0].Progress == nil {
		t.Fatalf("F should start one task with progress, got %+v", tasks)
	}
	if done, total := tasks[0].Progress(); done != 10 || total != 10 {
		t.Errorf("progress at the end: %d/%d", done, total)
	}
	if got := f.calls.Load() - calls; got != 10 {
		t.Errorf("F made %d calls for 10 unknown statuses", got)
	}
	equal(t, "status:? after F", len(m.Shown()), 0)
	equal(t, "known", m.st.statusKnown, 10)
	if v := ansi.Strip(m.View()); strings.Contains(v, "unknown") {
		t.Errorf("nothing is unknown any more:\n%s", v)
	}
	if m.fetching || len(m.claimed) != 0 {
		t.Errorf("the task's state outlived it: fetching %v, claimed %v", m.fetching, m.claimed)
	}
	// A second F has nothing to do.
	if msgs := statusTexts(drain(t, m, press(m, "F")[0])); len(msgs) != 1 || !strings.Contains(msgs[0], "Nothing to fetch") {
		t.Errorf("second F: %v", msgs)
	}
}

// TestFetchAllCovershWhatTheFilterCovers: F fetches for the customers the
// filter's other terms select, not for everyone.
func TestFetchAllCoversWhatTheFilterCovers(t *testing.T) {
	f, c := serve(t)
	m := newModel(c)
	m.SetBulkRate(0)
	m.SetSize(140, 3)
	m.Update(pageMsg{owner: m, page: client.Page{Customers: fixture(), Total: 10}, done: true})
	press(m, "/")
	typeText(m, "gmbh status:susp")
	press(m, "enter")
	calls := f.calls.Load()
	frameLoop(t, m, press(m, "F")[0], nil)
	if got := f.calls.Load() - calls; got != 4 {
		t.Errorf("F made %d calls; the filter covers 4 GmbHs", got)
	}
	equal(t, "shown", ids(m.Shown()), []string{"c02", "c01", "c10", "c07"})
}

// TestFetchAllCancel: esc cancels F; what it had not fetched is unknown
// again (fetched when visible), never stuck "loading".
func TestFetchAllCancel(t *testing.T) {
	_, c := serve(t)
	m := newModel(c)
	m.SetSize(140, 3)
	m.Update(pageMsg{owner: m, page: client.Page{Customers: fixture(), Total: 10}, done: true})
	press(m, "s", "s", "s", "s", "s") // sort by Subs
	equal(t, "sort", m.st.sortBy, colSubs)
	cmd := press(m, "F")[0]
	if !m.fetching {
		t.Fatal("F did not start")
	}
	var start common.TaskStartMsg
	var drainCmd tea.Cmd
	for _, c := range cmd().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		if drainCmd == nil && start.Task.Run != nil {
			drainCmd = c
			continue
		}
		if s, ok := c().(common.TaskStartMsg); ok {
			start = s
		}
	}
	cancel := press(m, "esc")[0]
	if got, ok := cancel().(common.TaskCancelMsg); !ok || got.ID != fetchTaskID {
		t.Fatalf("esc while fetching: %#v", got)
	}
	ctx, stop := context.WithCancel(context.Background())
	stop()
	_, err := start.Task.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled run ends with %v", err)
	}
	m.Update(common.TaskDoneMsg{ID: fetchTaskID, Err: err})
	// The run's channel closes; its end lets go of the claims.
	m.Update(drainCmd())
	// Only the visible rows are loading again, for the table itself.
	loading := 0
	for _, s := range m.st.sums {
		if s.state == summaryLoading {
			loading++
		}
	}
	if from, to := m.tbl.VisibleRange(); loading != to-from || m.inFlight != loading {
		t.Errorf("%d loading, %d in flight, after cancel; %d visible", loading, m.inFlight, to-from)
	}
	if m.fetching {
		t.Error("still fetching")
	}
}

// TestFailedCellsSayWhyAndComeBack: a fetch that fails shows "?", the
// status bar says why when the cursor rests on it, R fetches it again,
// and so does the backoff by itself.
func TestFailedCellsSayWhyAndComeBack(t *testing.T) {
	s, err := sandbox.Start(sandbox.Options{Customers: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	cl, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t"),
		Retry: client.RetryPolicy{MaxRetries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	m := newModel(c)
	m.SetSize(160, 8)
	var waits []time.Duration
	m.retryScale = func(d time.Duration) time.Duration { waits = append(waits, d); return 0 }
	cmd := m.Init()
	// The list page comes through; every call after it fails once.
	out := drain(t, m, func() tea.Msg {
		for _, c := range cmd().(tea.BatchMsg) {
			if msg, ok := c().(pageMsg); ok {
				s.FailNext(6, http.StatusServiceUnavailable) // 3 subs, 3 profiles
				return msg
			}
		}
		return nil
	})
	_ = out
	failed := 0
	for _, sm := range m.st.sums {
		if sm.state == summaryFailed {
			failed++
		}
	}
	if failed != 3 {
		t.Fatalf("%d of 3 cells failed", failed)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "?") {
		t.Errorf("a failed cell shows ?:\n%s", v)
	}
	line := m.failureLine()
	if !strings.Contains(line, "subscriptions:") || !strings.Contains(line, "R retries") {
		t.Errorf("failure line: %q", line)
	}
	if len(waits) == 0 || waits[0] != retryFirst {
		t.Errorf("backoffs: %v", waits)
	}
	// R: fetched again, and known now.
	drain(t, m, press(m, "R")[0])
	for k, sm := range m.st.sums {
		if sm.state != summaryKnown {
			t.Errorf("customer %d: state %d after R", k, sm.state)
		}
	}
	if line := m.failureLine(); line != "" {
		t.Errorf("failure line after success: %q", line)
	}

	// The backoff alone: fail once more, then let the tick through.
	m2 := newModel(c)
	m2.SetSize(160, 8)
	m2.retryScale = func(time.Duration) time.Duration { return 0 }
	cmd = m2.Init()
	frameLoop(t, m2, func() tea.Msg {
		for _, c := range cmd().(tea.BatchMsg) {
			if msg, ok := c().(pageMsg); ok {
				msg.owner = m2
				s.FailNext(6, http.StatusServiceUnavailable) // 3 subs, 3 profiles
				return msg
			}
		}
		return nil
	}, nil, func(msg tea.Msg) bool { _, ok := msg.(retryCellMsg); return ok })
	for k, sm := range m2.st.sums {
		if sm.state != summaryKnown {
			t.Errorf("customer %d: state %d after the backoff", k, sm.state)
		}
	}
}

// TestGrowingWindowFetchesNewRows: the rows a taller window adds are
// fetched.
func TestGrowingWindowFetchesNewRows(t *testing.T) {
	f, c := serve(t)
	m := newModel(c)
	m.SetSize(140, 4)
	drain(t, m, m.Update2(pageMsg{owner: m, page: client.Page{Customers: fixture(), Total: 10}, done: true}))
	before := f.calls.Load()
	m.SetSize(140, 12)
	drain(t, m, m.Resized())
	if f.calls.Load() == before {
		t.Error("a taller window fetched nothing for the rows it shows")
	}
	from, to := m.tbl.VisibleRange()
	for r := from; r < to; r++ {
		if st := m.st.sums[m.st.shown[r]].state; st != summaryKnown {
			t.Errorf("row %d: state %d", r, st)
		}
	}
}

func statusTexts(msgs []tea.Msg) []string {
	var out []string
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && s.Text != "" {
			out = append(out, s.Text)
		}
	}
	return out
}

var _ = model.StatusActive
