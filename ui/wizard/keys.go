package wizard

import "charm.land/bubbles/v2/key"

// KeyMap is the wizard's own keys; the form steps add huh's.
type KeyMap struct {
	Back      key.Binding // a step back (the first step closes the wizard)
	Next      key.Binding // continue
	Recheck   key.Binding // run the checks again
	SignInAs  key.Binding // sign in as someone else
	Copy      key.Binding // copy the enrollment link (OSC 52)
	Enroll    key.Binding // start the enrollment of a new account
	Details   key.Binding // view details of the started migrations
	Dashboard key.Binding // view the migrations dashboard
	Up, Down  key.Binding
	Quit      key.Binding
}

// DefaultKeyMap returns the wizard's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back a step")),
		Next:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Recheck:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "run the checks again")),
		SignInAs:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sign in as someone else")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		Enroll:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "start enrollment")),
		Details:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "view details")),
		Dashboard: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "view dashboard")),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	}
}

// Bindings lists every key of the map, for help and the README check.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Back, k.Next, k.Recheck, k.SignInAs, k.Copy, k.Enroll, k.Details, k.Dashboard, k.Up, k.Down, k.Quit}
}
