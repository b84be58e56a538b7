package customers

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// statuses runs cmds and returns the status lines they set.
func statuses(cmds []tea.Cmd) []string {
	var out []string
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
		case common.StatusMsg:
			out = append(out, msg.Text)
		}
	}
	for _, c := range cmds {
		run(c)
	}
	return out
}

// TestStatusHintCleared: the note on how many statuses are known goes
// away with the status: filter, and fits 80 columns.
func TestStatusHintCleared(t *testing.T) {
	for _, clear := range [][]string{{"/", "esc"}, {"esc"}} {
		m := loaded(t, fixture(), 80, 24)
		withStatuses(m, map[string]model.CustomerStatus{"c01": model.StatusActive, "c02": model.StatusSuspended})
		var cmds []tea.Cmd
		cmds = append(cmds, press(m, "/")...)
		for _, r := range "status:active" {
			_, cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			cmds = append(cmds, cmd)
		}
		cmds = append(cmds, press(m, "enter")...)
		got := statuses(cmds)
		equal(t, "hint", got[len(got)-1], "status known for 2/10 customers")
		got = statuses(press(m, clear...))
		if len(got) == 0 || got[len(got)-1] != "" {
			t.Errorf("after %v the status lines were %q, want the hint cleared", clear, got)
		}
		if got := statuses(press(m, "j")); len(got) != 0 {
			t.Errorf("an unrelated key set the status: %q", got)
		}
	}
}
