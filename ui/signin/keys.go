package signin

import "charm.land/bubbles/v2/key"

// KeyMap is the sign-in layer's keys.
type KeyMap struct {
	Copy      key.Binding
	Cancel    key.Binding
	Retry     key.Binding
	Quit      key.Binding
	Elsewhere key.Binding // keys that would leave for a screen: digits, ":"
}

// DefaultKeyMap returns the standard keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Copy:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy code")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel sign-in")),
		Retry:     key.NewBinding(key.WithKeys("enter", "r"), key.WithHelp("enter/r", "sign in again")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Elsewhere: key.NewBinding(key.WithKeys(":", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
	}
}
