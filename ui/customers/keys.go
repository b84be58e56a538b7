package customers

import (
	"charm.land/bubbles/v2/key"

	"github.com/mcgdash/mcgdash/ui/components/table"
)

// KeyMap is every key the customers screen answers to.
type KeyMap struct {
	Nav table.KeyMap

	Filter      key.Binding
	ClearFilter key.Binding
	AcceptInput key.Binding
	Sort        key.Binding
	Reverse     key.Binding
	Mark        key.Binding
	MarkRange   key.Binding
	MarkAll     key.Binding
	Unmark      key.Binding
	Detail      key.Binding
	Close       key.Binding
	Routes      key.Binding
	Retry       key.Binding
}

// DefaultKeyMap returns the customers screen's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Nav:         table.DefaultKeyMap(),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		AcceptInput: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by next column")),
		Reverse:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark/unmark")),
		// Terminals send ctrl+space as NUL, which some report as ctrl+@.
		MarkRange: key.NewBinding(key.WithKeys("ctrl+space", "ctrl+@"), key.WithHelp("ctrl+space", "mark from last mark to cursor")),
		MarkAll:   key.NewBinding(key.WithKeys("ctrl+a", "A"), key.WithHelp("A/ctrl+a", "mark all shown")),
		Unmark:    key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "clear marks")),
		Detail:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Close:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close details / clear filter")),
		Routes:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "routes for customer")),
		Retry:     key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "retry loading")),
	}
}
