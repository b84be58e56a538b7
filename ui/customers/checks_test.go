package customers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// sandboxScreen is a screen on a sandbox of n customers, loaded.
func sandboxScreen(t *testing.T, n int) (*Model, *sandbox.Server) { return sandboxScreenB(t, n) }

func sandboxScreenB(t testing.TB, n int) (*Model, *sandbox.Server) {
	t.Helper()
	s, err := sandbox.Start(sandbox.Options{Customers: n, StateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	cl, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	m := newModel(c)
	m.SetSize(200, 10)
	m.visibleGen = -1000 // the table's own fetches are not under test here
	cmd := m.Init()
	for _, c := range cmd().(tea.BatchMsg) {
		if msg, ok := c().(pageMsg); ok {
			m.Update(msg)
		}
	}
	for m.loading {
		m.Update(m.nextPageCmd()())
	}
	if m.st.len() != n {
		t.Fatalf("loaded %d of %d", m.st.len(), n)
	}
	// One check first: the target is found then, and kept.
	press(m, "g")
	frameLoop(t, m, press(m, "c")[0], nil)
	if m.checkTarget == "" {
		t.Fatal("no target after a first check")
	}
	return m, s
}

// TestChecksUnder429s: c checks every marked customer; 429s on the way
// are waited out by all workers (no storm), every row gets its result as
// it arrives, and the end sums the outcomes up by reason.
func TestChecksUnder429s(t *testing.T) {
	const n = 40
	m, s := sandboxScreen(t, n)
	press(m, "A")
	s.ThrottleNext(3, time.Second)
	var tasks []common.Task
	start := len(s.Requests())
	out := frameLoop(t, m, press(m, "c")[0], &tasks)
	if len(tasks) != 1 || tasks[0].ID != checkTaskID {
		t.Fatalf("tasks: %+v", tasks)
	}
	if done, total := tasks[0].Progress(); done != n || total != n {
		t.Errorf("progress %d/%d", done, total)
	}
	var result string
	for _, msg := range out {
		if d, ok := msg.(common.TaskDoneMsg); ok {
			result = d.Result
			if d.Err != nil {
				t.Fatal(d.Err)
			}
		}
	}
	if !strings.HasPrefix(result, "Checked 40: ") || !strings.Contains(result, "eligible") || !strings.Contains(result, "throttled") {
		t.Errorf("summary: %q", result)
	}
	checked, throttled := 0, 0
	for _, e := range m.entries {
		if e.check != model.CheckNone {
			checked++
		}
		if e.check == model.CheckError {
			t.Errorf("a check failed to run: %s", e.checkReason)
		}
	}
	if checked != n {
		t.Errorf("%d of %d checked", checked, n)
	}
	for _, r := range s.Requests()[start:] {
		if strings.HasSuffix(r.Path, "/validate") {
			throttled++
		}
	}
	// One call per customer and one more for each of the three injected
	// 429s, not one more: the others waited instead of running into it.
	if throttled != n+3 {
		t.Errorf("%d validate calls for %d customers and 3 429s", throttled, n)
	}
	if m.checking {
		t.Error("still checking")
	}
	press(m, "/")
	typeText(m, "check:inel")
	if len(m.Shown()) == 0 || len(m.Shown()) == n {
		t.Errorf("check:inel shows %d of %d", len(m.Shown()), n)
	}
}

// TestChecksCancel: esc cancels the checks; what was answered stays,
// nothing else is marked checked, and the screen can check again.
func TestChecksCancel(t *testing.T) {
	const n = 60
	m, s := sandboxScreen(t, n)
	press(m, "A")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	answered := 0
	s.ThrottleNext(1, time.Second) // hold the rest back for a moment
	out := frameLoopCtx(t, ctx, m, press(m, "c")[0], nil, func(msg tea.Msg) bool {
		if b, ok := msg.(bulkMsgs); ok && len(b.msgs) > 0 && answered == 0 {
			answered += len(b.msgs)
			// esc, as the frame would act on it.
			if c, ok := press(m, "esc")[0]().(common.TaskCancelMsg); !ok || c.ID != checkTaskID {
				t.Errorf("esc: %#v", c)
			}
			cancel()
		}
		return false
	})
	var err error
	for _, msg := range out {
		if d, ok := msg.(common.TaskDoneMsg); ok {
			err = d.Err
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("the task ended with %v", err)
	}
	checked := 0
	for _, e := range m.entries {
		if e.check != model.CheckNone {
			checked++
		}
	}
	if checked == 0 || checked >= n {
		t.Errorf("%d of %d checked after cancel", checked, n)
	}
	if m.checking {
		t.Error("still checking after cancel")
	}
}

// BenchmarkChecks1000 checks 1,000 customers against the sandbox at its
// default rate limit (sandbox.DefaultRateLimit a minute per key), from
// the key to the summary:
//
//	go test ./ui/customers -run '^$' -bench Checks1000 -benchtime 3x
func BenchmarkChecks1000(b *testing.B) {
	for range b.N {
		b.StopTimer()
		m, s := sandboxScreenB(b, 1000)
		press(m, "A")
		start := len(s.Requests())
		b.StartTimer()
		frameLoop(b, m, press(m, "c")[0], nil)
		b.StopTimer()
		calls := 0
		for _, r := range s.Requests()[start:] {
			if strings.HasSuffix(r.Path, "/validate") {
				calls++
			}
		}
		b.ReportMetric(float64(calls), "calls/op")
	}
}
