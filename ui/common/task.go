package common

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Task is named background work the frame runs and shows: while it runs,
// the status bar shows a spinner and Title; when it ends, a result line
// that expires (or an error that stays until the next key), and the one
// that started it gets a TaskDoneMsg.
type Task struct {
	// ID names the task; a task is not started while one with the same ID
	// runs (the starter gets a TaskDoneMsg with ErrTaskRunning).
	ID string
	// Title is the status line while the task runs, e.g. "Migrating
	// Contoso GmbH".
	Title string
	// Done is the result line on success, unless Run returns one.
	Done string
	// MustFinish says that quitting would cut short something that should
	// not be (a migration step): while it runs, q and :q ask first.
	MustFinish bool
	// Progress, if set, says how far the task has got (done of total);
	// the frame reads it whenever it draws the task's line, from the UI
	// loop, so it must be safe to call while Run runs (use atomics).
	Progress func() (done, total int)
	// Run does the work. ctx is cancelled by CancelTask or when the
	// program ends. A non-empty result replaces Done.
	Run func(ctx context.Context) (result string, err error)
}

// TaskStartMsg asks the frame to start a task (Context.StartTask).
type TaskStartMsg struct {
	Task Task
}

// TaskDoneMsg is delivered to whoever started the task, when it ends.
type TaskDoneMsg struct {
	ID     string
	Result string
	Err    error
}

// TaskCancelMsg asks the frame to cancel the task with ID.
type TaskCancelMsg struct {
	ID string
}

// ErrTaskRunning answers a start of a task whose ID is already running.
var ErrTaskRunning = taskError("a task with this id is already running")

type taskError string

func (e taskError) Error() string { return string(e) }

// StartTask returns a command that starts t in the frame, as gh-dash's
// StartTask does; its TaskDoneMsg comes back to the screen or layer that
// returned the command.
func (c *Context) StartTask(t Task) tea.Cmd {
	return func() tea.Msg { return TaskStartMsg{Task: t} }
}

// CancelTask returns a command that cancels the task with id.
func CancelTask(id string) tea.Cmd {
	return func() tea.Msg { return TaskCancelMsg{ID: id} }
}
