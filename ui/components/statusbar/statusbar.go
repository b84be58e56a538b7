// Package statusbar renders the frame's last line: the status message (or
// the running task with its spinner) on the left and the key hints that
// apply on the right, laid out by bubbles' help.
package statusbar

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// Model holds the help renderer, styled once per styles change.
type Model struct {
	styles *theme.Styles
	help   help.Model
}

// New returns a status bar painted with s.
func New(s *theme.Styles) *Model {
	m := &Model{help: help.New()}
	m.SetStyles(s)
	return m
}

// SetStyles repaints the bar.
func (m *Model) SetStyles(s *theme.Styles) {
	m.styles = s
	m.help.Styles = help.Styles{ShortKey: s.Key, ShortDesc: s.KeyDesc, ShortSeparator: s.Dim, Ellipsis: s.Dim,
		FullKey: s.Key, FullDesc: s.KeyDesc, FullSeparator: s.Dim}
}

// Render is the bar w cells wide. The message wins: it takes what it needs
// and the keys get what is left, dropped from the end; only a message wider
// than the bar on its own is cut. task, when not empty, is shown when there
// is no message (it is already styled: spinner and title).
func (m *Model) Render(status common.StatusMsg, task string, keys []key.Binding, w int) string {
	s := m.styles
	msg := FitMessage(status, w)
	var text string
	switch status.Level {
	case common.Error:
		text = s.StatusError.Render(msg)
	case common.Warning:
		text = s.StatusWarn.Render(msg)
	case common.Success:
		text = s.StatusOK.Render(msg)
	default:
		text = msg
	}
	if msg == "" && task != "" {
		text = ansi.Truncate(task, w, "…")
	}
	tw := ansi.StringWidth(text)
	budget := w
	if tw > 0 {
		budget = w - tw - 2
	}
	if budget <= 0 {
		return text
	}
	h := m.help // a copy: rendering changes nothing
	h.SetWidth(budget)
	// help leaves an item in when even its "…" does not fit, so the
	// hints can come out wider than asked: drop keys from the end (the
	// least important) until they fit, rather than showing none.
	hints := h.ShortHelpView(keys)
	hw := ansi.StringWidth(hints)
	for hw > budget && len(keys) > 1 {
		keys = keys[:len(keys)-1]
		hints = h.ShortHelpView(keys)
		hw = ansi.StringWidth(hints)
	}
	if hints == "" || hw > budget {
		return text
	}
	return text + strings.Repeat(" ", w-tw-hw) + hints
}

// actionSep separates what happened from what to do about it in a status
// line, as in "Sign-in needed: … — restart mcgdash with valid credentials".
const actionSep = " — "

// FitMessage fits a status line into w cells. A warning or an error that
// ends in an action after actionSep keeps the action and loses the middle;
// any other line loses its end (lines that put the action first, such as
// "Loading stopped … (press R to retry): <error>", keep it that way).
func FitMessage(st common.StatusMsg, w int) string {
	text := st.Text
	tw := ansi.StringWidth(text)
	if tw <= w {
		return text
	}
	if st.Level >= common.Warning {
		if i := strings.LastIndex(text, actionSep); i > 0 {
			action := text[i:]
			aw := ansi.StringWidth(action)
			const minHead = 8 // enough of the head to say what it is about
			if aw+minHead <= w {
				return ansi.Truncate(text[:i], w-aw, "…") + action
			}
			return "…" + ansi.TruncateLeft(text, tw-(w-1), "")
		}
	}
	return ansi.Truncate(text, w, "…")
}
