package common

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/mcgdash/mcgdash/theme"
)

// NewInput returns the one-line input used for the filter and the command
// line: bubbles' textinput with a steady cursor (a blinking one would
// repaint twice a second, which costs bytes over SSH for nothing) and no
// ctrl+v, which would read the clipboard of the machine mcgdash runs on —
// over SSH not the operator's. A terminal paste arrives as tea.PasteMsg.
func NewInput(prompt string, s *theme.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.KeyMap.Paste.SetEnabled(false)
	StyleInput(&in, s)
	return in
}

// StyleInput paints in with s; the root calls it again when the terminal
// reports its background.
func StyleInput(in *textinput.Model, s *theme.Styles) {
	if s == nil {
		s = theme.New(true)
	}
	state := textinput.StyleState{Text: s.Value, Placeholder: s.Dim, Suggestion: s.Dim, Prompt: s.Prompt}
	in.SetStyles(textinput.Styles{
		Focused: state,
		Blurred: state,
		Cursor:  textinput.CursorStyle{Shape: tea.CursorBlock},
	})
}

// FitInput gives in width cells in all, prompt and cursor included, and
// scrolls its text so that the cursor stays in view at the new width.
func FitInput(in *textinput.Model, width int) {
	w := max(width-lipgloss.Width(in.Prompt)-1, 1)
	if in.Width() == w {
		return
	}
	in.SetWidth(w)
	in.SetCursor(in.Position())
}
