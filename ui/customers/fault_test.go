package customers

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

// run starts cmd the way Bubble Tea does, on its own goroutine (batches
// fanned out), and delivers what it returns on out.
func run(cmd tea.Cmd, out chan<- tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				run(c, out)
			}
			return
		}
		if msg != nil {
			out <- msg
		}
	}()
}

// drainNow returns the messages already delivered, without waiting.
func drainNow(msgs chan tea.Msg) []tea.Msg {
	var out []tea.Msg
	for {
		select {
		case m := <-msgs:
			out = append(out, m)
		default:
			return out
		}
	}
}

// TestUIAnswersKeysWhileCallsHang: Partner Center accepts the listing and
// never answers. The screen keeps taking keys (filter, cursor, help) while
// the call hangs, and when the client's deadline ends the call, the
// operator reads why in words, with the way to retry.
func TestUIAnswersKeysWhileCallsHang(t *testing.T) {
	s, err := sandbox.Start(sandbox.Options{Customers: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.HangNext(1000)
	// The deadline is well beyond the bound on one key, so that an Update
	// that waited for the call would take longer than the bound, while a
	// loaded machine's slowness (under -race, two cores) stays within it.
	const timeout, perKey = 3 * time.Second, time.Second
	cl, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t"),
		Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	m := New(c)
	m.SetSize(100, 20)
	msgs := make(chan tea.Msg, 64)
	run(m.Init(), msgs)

	// The listing call is on its way to a server that will not answer;
	// the screen takes keys all the same.
	for _, k := range []string{"/", "a", "b", "c", "enter", "j", "k", "s", "S", "?"} {
		start := time.Now()
		_, cmd := m.Update(keytest.Press(k))
		run(cmd, msgs)
		if d := time.Since(start); d > perKey {
			t.Errorf("key %q took %v while a call hangs", k, d)
		}
	}
	if !m.Busy() || m.filterText != "abc" || m.st.sortBy != colDomain || !m.st.desc {
		t.Fatalf("keys not taken while loading: busy=%v filter=%q sort=%v desc=%v", m.Busy(), m.filterText, m.st.sortBy, m.st.desc)
	}
	for _, msg := range drainNow(msgs) {
		if _, ok := msg.(pageMsg); ok {
			t.Fatal("the hung call answered before its deadline: this test proves nothing")
		}
		_, cmd := m.Update(msg)
		run(cmd, msgs)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "abc") {
		t.Errorf("the filter typed while loading is not shown:\n%s", v)
	}

	// The deadline ends the call; its message arrives like any other.
	never := time.After(30 * time.Second)
	for m.Busy() {
		select {
		case msg := <-msgs:
			_, cmd := m.Update(msg)
			run(cmd, msgs)
		case <-never:
			t.Fatal("the hung call never ended")
		}
	}
	if m.loadErr == nil {
		t.Fatal("no error after the deadline")
	}
	line := m.errorLine()
	for _, want := range []string{"Loading stopped at 0 customers", "press R to retry", "did not answer GET /v1/customers within"} {
		if !strings.Contains(line, want) {
			t.Errorf("error line %q lacks %q", line, want)
		}
	}
	for _, bad := range []string{"context deadline exceeded", "Client.Timeout"} {
		if strings.Contains(line, bad) {
			t.Errorf("error line %q shows Go's %q", line, bad)
		}
	}
}

// Pages that arrive faster than the debounce do not keep postponing the
// fetch of the visible rows' values (a million customers at 500 calls a
// minute arrive for minutes); a key still restarts the wait.
func TestPagesDoNotPostponeVisibleFetches(t *testing.T) {
	_, c := serve(t)
	m := newModel(c)
	m.SetSize(120, 30)
	custs := fixture()
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs[:5], Total: len(custs)}})
	gen := m.visibleGen
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs[5:], Total: len(custs)}})
	if m.visibleGen != gen {
		t.Fatal("a page restarted the wait for the visible rows")
	}
	m.Update(visibleMsg{owner: m, gen: gen})
	if m.inFlight == 0 {
		t.Fatal("nothing fetched for the visible rows")
	}
	press(m, "j")
	if m.visibleGen == gen {
		t.Fatal("a key did not restart the wait")
	}
}
