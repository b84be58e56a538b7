package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// task is a running common.Task.
type task struct {
	common.Task
	owner  common.Addr
	seq    uint64
	cancel context.CancelFunc
}

// taskEndedMsg is the end of the task numbered seq.
type taskEndedMsg struct {
	seq    uint64
	result string
	err    error
}

// startTask runs t for owner, unless a task with its ID is running.
func (a *App) startTask(owner common.Addr, t common.Task) tea.Cmd {
	for _, r := range a.tasks {
		if r.ID == t.ID {
			return a.deliver(owner, common.TaskDoneMsg{ID: t.ID, Err: common.ErrTaskRunning})
		}
	}
	ctx, cancel := context.WithCancel(a.c.Ctx)
	a.taskSeq++
	r := &task{Task: t, owner: owner, seq: a.taskSeq, cancel: cancel}
	r.Title = model.Sanitize(r.Title)
	a.tasks = append(a.tasks, r)
	seq, run := r.seq, t.Run
	work := func() tea.Msg {
		if run == nil {
			return taskEndedMsg{seq: seq}
		}
		res, err := run(ctx)
		return taskEndedMsg{seq: seq, result: res, err: err}
	}
	if len(a.tasks) == 1 {
		return tea.Batch(work, a.spin.Tick)
	}
	return work
}

// onTaskEnded shows the task's result, which expires unless it is an
// error, and tells its owner.
func (a *App) onTaskEnded(msg taskEndedMsg) tea.Cmd {
	i := -1
	for k, r := range a.tasks {
		if r.seq == msg.seq {
			i = k
		}
	}
	if i < 0 {
		return nil
	}
	r := a.tasks[i]
	a.tasks = append(a.tasks[:i], a.tasks[i+1:]...)
	r.cancel()
	var st common.StatusMsg
	switch {
	case errors.Is(msg.err, context.Canceled):
		st = common.StatusMsg{Level: common.Warning, Text: r.Title + ": cancelled"}
	case msg.err != nil:
		st = common.StatusMsg{Level: common.Error, Text: r.Title + " failed: " + model.Sanitize(msg.err.Error())}
	default:
		text := model.Sanitize(msg.result)
		if text == "" {
			text = r.Done
		}
		if text == "" {
			text = r.Title + ": done"
		}
		st = common.StatusMsg{Level: common.Success, Text: text}
	}
	a.noticing = false
	return tea.Batch(a.setStatus(st),
		a.deliver(r.owner, common.TaskDoneMsg{ID: r.ID, Result: msg.result, Err: msg.err}))
}

// cancelTask cancels the running task with id, if any.
func (a *App) cancelTask(id string) {
	for _, r := range a.tasks {
		if r.ID == id {
			r.cancel()
		}
	}
}

// taskLine is the newest running task with the spinner, and how many more run.
func (a *App) taskLine() string {
	if len(a.tasks) == 0 {
		return ""
	}
	r := a.tasks[len(a.tasks)-1]
	line := a.spin.View() + " " + r.Title + "…"
	if r.Progress != nil {
		if done, total := r.Progress(); total > 0 {
			line += " " + progressBar(done, total, 12) + " " + strconv.Itoa(done) + "/" + strconv.Itoa(total)
		}
	}
	if n := len(a.tasks) - 1; n > 0 {
		line += a.c.Styles.Dim.Render(" (+" + strconv.Itoa(n) + " more)")
	}
	return line
}

// Tasks lists the titles of the running tasks, oldest first.
func (a *App) Tasks() []string {
	out := make([]string, len(a.tasks))
	for i, r := range a.tasks {
		out[i] = r.Title
	}
	return out
}

// progressBar draws done of total in w cells, with eighths for the edge.
func progressBar(done, total, w int) string {
	done = min(max(done, 0), total)
	eighths := done * w * 8 / total
	full, part := eighths/8, eighths%8
	b := strings.Repeat("█", full)
	if full < w {
		if part > 0 {
			b += string([]rune(" ▏▎▍▌▋▊▉")[part])
			full++
		}
		b += strings.Repeat("░", w-full)
	}
	return "▕" + b + "▏"
}
