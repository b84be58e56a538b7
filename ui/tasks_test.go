package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
)

// startTask starts t as screen i would and returns the messages its
// commands give once they return, on a channel (the task may block).
func startTask(t *testing.T, a *App, i int, task common.Task) <-chan []tea.Msg {
	t.Helper()
	_, cmd := a.Update(common.Envelope{To: a.screens[i].addr(), Msg: common.TaskStartMsg{Task: task}})
	out := make(chan []tea.Msg, 1)
	go func() { out <- cmdtest.Run(t, cmd) }()
	return out
}

// ended feeds the task's end back to the frame.
func ended(t *testing.T, a *App, msgs []tea.Msg) {
	t.Helper()
	for _, m := range msgs {
		if e, ok := m.(taskEndedMsg); ok {
			settle(t, a, func() tea.Msg { return e })
			return
		}
	}
	t.Fatalf("no task end among %#v", msgs)
}

func last(got []tea.Msg) tea.Msg {
	if len(got) == 0 {
		return nil
	}
	return got[len(got)-1]
}

// TestTask: a running task shows its spinner line over progress lines,
// makes quit ask while it must finish, and when done leaves a result line
// and tells the screen that started it.
func TestTask(t *testing.T) {
	a, s1, _ := newApp(100, 24, Options{})
	release := make(chan struct{})
	done := startTask(t, a, 0, common.Task{ID: "export", Title: "Exporting 3 customers", Done: "Exported 3 customers",
		MustFinish: true, Run: func(ctx context.Context) (string, error) { <-release; return "", nil }})
	a.Update(common.StatusMsg{Text: "Loading customers… 10 of 20"})
	if bar := statusBar(a); !strings.Contains(bar, "Exporting 3 customers…") {
		t.Errorf("status bar while the task runs: %q", bar)
	}
	if isQuit(press(t, a, "q")) || !strings.Contains(ansi.Strip(a.render()), "Exporting 3 customers") {
		t.Fatalf("q did not ask while a task must finish:\n%s", ansi.Strip(a.render()))
	}
	press(t, a, "n")

	// The same id again is refused, and the starter told so.
	again := startTask(t, a, 0, common.Task{ID: "export", Title: "Exporting again"})
	<-again
	if d, ok := last(s1.got).(common.TaskDoneMsg); !ok || !errors.Is(d.Err, common.ErrTaskRunning) {
		t.Errorf("a second task with the same id: screen got %#v", last(s1.got))
	}

	close(release)
	ended(t, a, <-done)
	if d, ok := last(s1.got).(common.TaskDoneMsg); !ok || d.ID != "export" || d.Err != nil {
		t.Errorf("the screen got %#v, want its TaskDoneMsg", last(s1.got))
	}
	if statusText(a) != "Exported 3 customers" || a.status.Level != common.Success {
		t.Errorf("result line %+v", a.status)
	}
	if len(a.Tasks()) != 0 || !isQuit(press(t, a, "q")) {
		t.Error("q does not quit once the task is done")
	}
}

// TestTaskCancelAndStaleOwner: a cancelled task says so and stays an
// error-free warning; the answer for a screen replaced meanwhile is dropped.
func TestTaskCancelAndStaleOwner(t *testing.T) {
	a, s1, _ := newApp(100, 24, Options{})
	done := startTask(t, a, 0, common.Task{ID: "poll", Title: "Polling",
		Run: func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() }})
	fresh := &fake{id: "customers", title: "Customers"}
	a.Update(common.ReplaceScreenMsg{Screen: fresh})
	a.Update(common.TaskCancelMsg{ID: "poll"})
	ended(t, a, <-done)
	if !strings.Contains(statusText(a), "Polling: cancelled") || a.status.Level != common.Warning {
		t.Errorf("status %+v", a.status)
	}
	for _, m := range append(s1.got, fresh.got...) {
		if _, ok := m.(common.TaskDoneMsg); ok {
			t.Errorf("the task's end reached a screen that is not its owner: %#v", m)
		}
	}
}

// activeFake counts activations.
type activeFake struct {
	fake
	on, off int
}

func (f *activeFake) Activate() tea.Cmd { f.on++; return nil }
func (f *activeFake) Deactivate()       { f.off++ }

// TestActivate: the first screen is activated on start; switching tabs
// deactivates the one left and activates the one shown.
func TestActivate(t *testing.T) {
	s1 := &activeFake{fake: fake{id: "customers", title: "Customers"}}
	s2 := &activeFake{fake: fake{id: "routes", title: "Routes"}}
	a := New(&common.Context{Ctx: context.Background()}, []common.Screen{s1, s2}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Init()
	if s1.on != 1 || s2.on != 0 {
		t.Fatalf("on start: %d/%d activations", s1.on, s2.on)
	}
	press(t, a, "2")
	if s1.off != 1 || s2.on != 1 {
		t.Errorf("after 2: customers off %d, routes on %d", s1.off, s2.on)
	}
	press(t, a, "2")
	if s2.on != 1 {
		t.Error("showing the shown screen activated it again")
	}
	press(t, a, "1")
	if s2.off != 1 || s1.on != 2 {
		t.Errorf("after 1: routes off %d, customers on %d", s2.off, s1.on)
	}
}

func TestProgressBar(t *testing.T) {
	for _, tc := range []struct {
		done, total int
		want        string
	}{
		{0, 10, "▕░░░░▏"},
		{10, 10, "▕████▏"},
		{5, 10, "▕██░░▏"},
		{1, 10, "▕▍░░░▏"},
		{20, 10, "▕████▏"},
	} {
		if got := progressBar(tc.done, tc.total, 4); got != tc.want {
			t.Errorf("progressBar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
}
