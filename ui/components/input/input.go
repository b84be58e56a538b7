// Package input is a one-line text input for the filter and the command
// line. bubbles' textinput would do, but it pulls in a clipboard module the
// project does not depend on, and these inputs need nothing beyond editing
// one short line.
package input

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Model is a single-line input with a prompt and a block cursor.
type Model struct {
	Prompt      string
	Placeholder string
	// PromptStyle, TextStyle, PlaceholderStyle and CursorStyle paint the parts.
	PromptStyle, TextStyle, PlaceholderStyle, CursorStyle lipgloss.Style

	value   []rune
	pos     int
	focused bool
}

// New returns an empty input with the given prompt.
func New(prompt string) Model {
	return Model{Prompt: prompt, CursorStyle: lipgloss.NewStyle().Reverse(true)}
}

// Value is the text typed so far.
func (m *Model) Value() string { return string(m.value) }

// SetValue replaces the text and puts the cursor at its end.
func (m *Model) SetValue(s string) {
	m.value = []rune(s)
	m.pos = len(m.value)
}

// Focused reports whether the input takes keys.
func (m *Model) Focused() bool { return m.focused }

// Focus gives the input the keyboard.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away.
func (m *Model) Blur() { m.focused = false }

// Update edits the text for a key press and reports whether the key was
// taken. Enter, esc and tab are left to the caller.
func (m *Model) Update(msg tea.KeyPressMsg) bool {
	if !m.focused {
		return false
	}
	switch msg.String() {
	case "backspace", "ctrl+h":
		if m.pos > 0 {
			m.value = append(m.value[:m.pos-1], m.value[m.pos:]...)
			m.pos--
		}
	case "delete", "ctrl+d":
		if m.pos < len(m.value) {
			m.value = append(m.value[:m.pos], m.value[m.pos+1:]...)
		}
	case "left", "ctrl+b":
		m.pos = max(m.pos-1, 0)
	case "right", "ctrl+f":
		m.pos = min(m.pos+1, len(m.value))
	case "home", "ctrl+a":
		m.pos = 0
	case "end", "ctrl+e":
		m.pos = len(m.value)
	case "ctrl+u":
		m.value = m.value[m.pos:]
		m.pos = 0
	case "ctrl+k":
		m.value = m.value[:m.pos]
	case "ctrl+w":
		start := m.pos
		for start > 0 && m.value[start-1] == ' ' {
			start--
		}
		for start > 0 && m.value[start-1] != ' ' {
			start--
		}
		m.value = append(m.value[:start], m.value[m.pos:]...)
		m.pos = start
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return false
		}
		// Control characters never enter the text: it is shown on screen.
		text := []rune(ansi.Strip(msg.Text))
		text = []rune(strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, string(text)))
		m.value = append(m.value[:m.pos], append(text, m.value[m.pos:]...)...)
		m.pos += len(text)
	}
	return true
}

// View renders the prompt and text in at most width cells, scrolling so
// that the cursor stays visible.
func (m *Model) View(width int) string {
	if width <= 0 {
		return ""
	}
	prompt := ansi.Truncate(m.Prompt, width, "")
	avail := width - ansi.StringWidth(prompt)
	out := m.PromptStyle.Render(prompt)
	if avail <= 0 {
		return out
	}
	if len(m.value) == 0 && !m.focused {
		return out + m.PlaceholderStyle.Render(ansi.Truncate(m.Placeholder, avail, "…"))
	}
	if len(m.value) == 0 {
		ph := ansi.Truncate(m.Placeholder, avail-1, "…")
		return out + m.CursorStyle.Render(" ") + m.PlaceholderStyle.Render(ph)
	}
	// Show the end of long text: the cursor is usually there.
	start := 0
	for ansi.StringWidth(string(m.value[start:m.pos])) >= avail {
		start++
	}
	before := string(m.value[start:m.pos])
	if !m.focused {
		return out + m.TextStyle.Render(ansi.Truncate(string(m.value[start:]), avail, "…"))
	}
	at, after := " ", ""
	if m.pos < len(m.value) {
		at, after = string(m.value[m.pos]), string(m.value[m.pos+1:])
	}
	rest := avail - ansi.StringWidth(before) - ansi.StringWidth(at)
	return out + m.TextStyle.Render(before) + m.CursorStyle.Render(at) +
		m.TextStyle.Render(ansi.Truncate(after, max(rest, 0), "…"))
}
