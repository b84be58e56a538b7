// Package keyhelp is the "?" help: a layer listing every key of the frame
// and of what is under it, in columns laid out by bubbles' help, that
// scrolls when it does not fit. Scroll keys scroll; any other key — q
// included — closes it.
package keyhelp

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// KeyMap is the help's own keys.
type KeyMap struct {
	Down, Up, PageDown, PageUp, Top, Bottom, Close key.Binding
}

// DefaultKeyMap returns the help's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "scroll down")),
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "scroll up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", "space"), key.WithHelp("pgdn", "page down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Close:    key.NewBinding(key.WithKeys("esc", "q", "?"), key.WithHelp("any other key", "close help")),
	}
}

// Model is the help layer.
type Model struct {
	common.End
	styles *theme.Styles
	title  string
	groups [][]key.Binding
	keys   KeyMap
	help   help.Model
	vp     viewport.Model
	// lines is the laid out help for width; layout runs on size and style
	// changes only.
	lines         []string
	width, height int
}

var _ common.Layer = (*Model)(nil)

// New returns the help for title ("Keys — Customers") with groups of keys,
// each group a column.
func New(s *theme.Styles, title string, groups [][]key.Binding) *Model {
	if s == nil {
		s = theme.New(true)
	}
	m := &Model{styles: s, title: title, groups: groups, keys: DefaultKeyMap(), help: help.New(), vp: viewport.New()}
	m.vp.KeyMap = viewport.KeyMap{} // the layer handles keys itself
	m.vp.SoftWrap = false
	m.paint()
	return m
}

func (m *Model) paint() {
	s := m.styles
	m.help.Styles = help.Styles{
		ShortKey: s.Key, ShortDesc: s.KeyDesc, ShortSeparator: s.Dim,
		FullKey: s.Key, FullDesc: s.KeyDesc, FullSeparator: s.Dim, Ellipsis: s.Dim,
	}
	m.help.FullSeparator = "   "
}

// Init implements common.Layer.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Layer.
func (m *Model) Title() string { return "Help" }

// Capturing implements common.Layer.
func (m *Model) Capturing() bool { return false }

// ShortHelp implements common.Layer.
func (m *Model) ShortHelp() []key.Binding {
	if m.scrolls() {
		return []key.Binding{m.keys.Down, m.keys.PageDown, m.keys.Close}
	}
	return []key.Binding{m.keys.Close}
}

// FullHelp implements common.Layer.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Down, m.keys.Up, m.keys.PageDown, m.keys.PageUp, m.keys.Top, m.keys.Bottom, m.keys.Close}}
}

// SetSize lays the help out for the new size.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layout()
}

func (m *Model) scrolls() bool { return len(m.lines) > m.vp.Height() }

// layout puts the groups side by side while they fit the width, in bands
// one under the other; a group wider than the screen is cut by the frame,
// never dropped.
func (m *Model) layout() {
	var lines []string
	var band [][]key.Binding
	bandW := 0
	sep := ansi.StringWidth(m.help.FullSeparator)
	flush := func() {
		if len(band) == 0 {
			return
		}
		lines = append(lines, strings.Split(m.help.FullHelpView(band), "\n")...)
		lines = append(lines, "")
		band, bandW = nil, 0
	}
	for _, g := range m.groups {
		gw := ansi.StringWidth(firstLine(m.help.FullHelpView([][]key.Binding{g})))
		if gw == 0 {
			continue // nothing enabled
		}
		if bandW > 0 && bandW+sep+gw > m.width {
			flush()
		}
		band = append(band, g)
		bandW += gw + sep
	}
	flush()
	m.lines = lines
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(max(m.height-2, 1)) // title and blank line
	m.vp.SetContent(strings.Join(lines, "\n"))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Update scrolls on scroll keys and closes on any other key.
func (m *Model) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StylesMsg:
		m.styles = msg.Styles
		m.paint()
		m.layout()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Down):
			m.vp.ScrollDown(1)
		case key.Matches(msg, m.keys.Up):
			m.vp.ScrollUp(1)
		case key.Matches(msg, m.keys.PageDown):
			m.vp.PageDown()
		case key.Matches(msg, m.keys.PageUp):
			m.vp.PageUp()
		case key.Matches(msg, m.keys.Top):
			m.vp.GotoTop()
		case key.Matches(msg, m.keys.Bottom):
			m.vp.GotoBottom()
		default:
			m.Finish(nil)
		}
	}
	return m, nil
}

// View implements common.Layer.
func (m *Model) View() string {
	s := m.styles
	hint := "  (any other key closes)"
	if m.scrolls() {
		hint = "  (j/k scroll, g/G top/bottom; any other key closes)"
		if pct := m.vp.ScrollPercent(); pct < 1 {
			hint = "  ↓ more — j/k/pgdn scroll; any other key closes"
		}
	}
	head := s.Title.Render(m.title) + s.Dim.Render(hint)
	return head + "\n\n" + m.vp.View()
}
