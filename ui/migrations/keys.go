package migrations

import (
	"charm.land/bubbles/v2/key"

	"github.com/mcgdash/mcgdash/ui/components/table"
)

// KeyMap is every key the migrations dashboard answers to.
type KeyMap struct {
	Nav table.KeyMap

	Filter      key.Binding
	ClearFilter key.Binding
	AcceptInput key.Binding
	Sort        key.Binding
	Reverse     key.Binding
	Open        key.Binding
	Close       key.Binding
	Pin         key.Binding
	Unpin       key.Binding
	NextPane    key.Binding
	ScrollUp    key.Binding
	ScrollDown  key.Binding
	Retry       key.Binding
	Refresh     key.Binding
}

// DefaultKeyMap returns the dashboard's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Nav:         table.DefaultKeyMap(),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter (status: phase: target:)")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		AcceptInput: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by next column")),
		Reverse:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open live pane")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close pane / clear filter")),
		Pin:         key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pin pane")),
		Unpin:       key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "unpin pane")),
		NextPane:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		ScrollUp:    key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K/shift+↑", "scroll events up")),
		ScrollDown:  key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J/shift+↓", "scroll events down")),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry failed phase")),
		Refresh:     key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refresh now")),
	}
}
