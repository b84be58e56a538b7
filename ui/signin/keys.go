package signin

import "charm.land/bubbles/v2/key"

// KeyMap is the sign-in screen's keys.
type KeyMap struct {
	Copy   key.Binding
	Cancel key.Binding
	Retry  key.Binding
}

// DefaultKeyMap returns the standard keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy code")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel sign-in")),
		Retry:  key.NewBinding(key.WithKeys("enter", "r"), key.WithHelp("enter/r", "sign in again")),
	}
}
