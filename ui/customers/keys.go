package customers

import (
	"charm.land/bubbles/v2/key"

	"github.com/mcgdash/mcgdash/ui/components/table"
)

// KeyMap is every key the customers screen answers to.
type KeyMap struct {
	Nav table.KeyMap
	// Pane scrolls the detail pane while j/k move the customer beside it.
	Pane table.KeyMap
	// PaneFull scrolls the detail pane when it covers the screen: the
	// navigation keys then act on what the operator is looking at.
	PaneFull table.KeyMap

	Filter      key.Binding
	ClearFilter key.Binding
	AcceptInput key.Binding
	Sort        key.Binding
	Reverse     key.Binding
	Mark        key.Binding
	MarkRange   key.Binding
	MarkAll     key.Binding
	Invert      key.Binding
	Unmark      key.Binding
	Detail      key.Binding
	Close       key.Binding
	Routes      key.Binding
	Retry       key.Binding
	FetchAll    key.Binding
	// Decide is a prefix: d, then m, s, f or x.
	Decide         key.Binding
	DecideMigrate  key.Binding
	DecideSkip     key.Binding
	DecideFollowUp key.Binding
	DecideClear    key.Binding
	Note           key.Binding
	Export         key.Binding
	Check          key.Binding
	// Legend is not a key: it says in the help what "…" and "?" mean.
	Legend  key.Binding
	Migrate key.Binding
}

// DefaultKeyMap returns the customers screen's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Nav: table.DefaultKeyMap(),
		Pane: table.KeyMap{
			Up:       key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K/shift+↑", "scroll details up")),
			Down:     key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J/shift+↓", "scroll details down")),
			PageUp:   key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", "details page up")),
			PageDown: key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "details page down")),
		},
		PaneFull: table.KeyMap{
			Up:       key.NewBinding(key.WithKeys("up", "k", "K", "shift+up"), key.WithHelp("↑/k", "scroll up")),
			Down:     key.NewBinding(key.WithKeys("down", "j", "J", "shift+down"), key.WithHelp("↓/j", "scroll down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
			HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
			HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
			Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top of details")),
			Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "end of details")),
		},
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		AcceptInput: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by next column")),
		Reverse:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark/unmark")),
		// Terminals send ctrl+space as NUL, which some report as ctrl+@.
		MarkRange:      key.NewBinding(key.WithKeys("ctrl+space", "ctrl+@"), key.WithHelp("ctrl+space", "mark from last mark to cursor")),
		MarkAll:        key.NewBinding(key.WithKeys("ctrl+a", "A"), key.WithHelp("A/ctrl+a", "mark all shown")),
		Invert:         key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "invert marks of shown")),
		Unmark:         key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "clear marks")),
		Detail:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Close:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close details / clear filter")),
		Routes:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "routes for customer")),
		Retry:          key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "retry loading and failed cells")),
		Decide:         key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "decide (for the marked, else this customer), then:")),
		DecideMigrate:  key.NewBinding(key.WithKeys("m"), key.WithHelp("d m", "migrate")),
		DecideSkip:     key.NewBinding(key.WithKeys("s"), key.WithHelp("d s", "skip")),
		DecideFollowUp: key.NewBinding(key.WithKeys("f"), key.WithHelp("d f", "follow up")),
		DecideClear:    key.NewBinding(key.WithKeys("x"), key.WithHelp("d x", "undecided")),
		Note:           key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note for this customer")),
		Check:          key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "pre-flight check the marked (none: this customer); esc cancels")),
		Export:         key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export the marked (none: the rows shown) to CSV/JSON")),
		FetchAll:       key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "fetch unknown Subs/Status/Country the filter or sort uses")),
		Legend:         key.NewBinding(key.WithKeys("…"), key.WithHelp("… / ?", "cell not fetched yet / fetch failed (R)")),
		Migrate:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "migrate")),
	}
}

// rowActions are the keys that act on the row under the cursor or on the
// rows shown: before them, the rows shown are brought up to date with
// what was typed (Model.exact).
func (k KeyMap) rowActions() []key.Binding {
	return []key.Binding{k.Mark, k.MarkRange, k.MarkAll, k.Invert, k.Unmark, k.Detail, k.Routes, k.FetchAll,
		k.Decide, k.Note, k.Export, k.Check, k.Migrate}
}
