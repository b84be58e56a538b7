// Package keytest builds the key presses a terminal sends, for tests that
// drive screens with real tea.KeyPressMsg values.
package keytest

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Press builds the key press a terminal would send for s: a named key
// ("enter", "esc", "space", "ctrl+a", "ctrl+space" …) or a single
// character, with shift set for upper case ("A").
func Press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+a":
		return tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Mod: tea.ModCtrl}
	case "ctrl+@":
		return tea.KeyPressMsg{Code: '@', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	k := tea.KeyPressMsg{Code: r, Text: s}
	if lower := []rune(strings.ToLower(s))[0]; lower != r {
		k.Code, k.ShiftedCode, k.Mod = lower, r, tea.ModShift
	}
	return k
}
