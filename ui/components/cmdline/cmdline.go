// Package cmdline is the ":" command line: a layer drawn in place of the
// status bar, with tab completion and the commands that complete what is
// typed listed after it. Enter answers the opener with Run; esc with nil.
package cmdline

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// Run is the command line's answer: the line typed, trimmed.
type Run struct {
	Line string
}

// KeyMap is the command line's keys.
type KeyMap struct {
	Run, Complete, Cancel key.Binding
}

// DefaultKeyMap returns the command line's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Model is the command line layer.
type Model struct {
	common.End
	styles *theme.Styles
	keys   KeyMap
	input  textinput.Model
	// names are the commands in the order they are offered.
	names []string
	width int
}

var (
	_ common.Layer  = (*Model)(nil)
	_ common.Placed = (*Model)(nil)
)

// New returns an empty command line offering names, in that order.
func New(s *theme.Styles, names []string) *Model {
	m := &Model{styles: s, keys: DefaultKeyMap(), input: common.NewInput(":", s), names: names}
	return m
}

// Init focuses the input.
func (m *Model) Init() tea.Cmd { return m.input.Focus() }

// Title implements common.Layer.
func (m *Model) Title() string { return "Command" }

// Placement implements common.Placed.
func (m *Model) Placement() common.Placement { return common.Bar }

// Capturing implements common.Layer: everything typed is the command's.
func (m *Model) Capturing() bool { return true }

// SetSize implements common.Layer.
func (m *Model) SetSize(width, _ int) { m.width = width }

// ShortHelp implements common.Layer.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Run, m.keys.Complete, m.keys.Cancel}
}

// FullHelp implements common.Layer.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Value is what is typed so far.
func (m *Model) Value() string { return m.input.Value() }

// Update implements common.Layer.
func (m *Model) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StylesMsg:
		m.styles = msg.Styles
		common.StyleInput(&m.input, msg.Styles)
		return m, nil
	case tea.PasteMsg:
		msg.Content = model.Sanitize(msg.Content)
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.Finish(nil)
			return m, nil
		case key.Matches(msg, m.keys.Run):
			m.Finish(Run{Line: strings.TrimSpace(m.input.Value())})
			return m, nil
		case key.Matches(msg, m.keys.Complete):
			m.complete()
			return m, nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// complete extends the line to the longest common prefix of the commands
// it starts.
func (m *Model) complete() {
	typed := strings.ToLower(m.input.Value())
	var matches []string
	for _, name := range m.names {
		if strings.HasPrefix(name, typed) {
			matches = append(matches, name)
		}
	}
	sort.Strings(matches)
	if len(matches) == 0 {
		return
	}
	prefix := matches[0]
	for _, c := range matches[1:] {
		for !strings.HasPrefix(c, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	m.input.SetValue(prefix)
	m.input.CursorEnd()
}

// candidates lists the commands that start with what is typed; nothing
// once a command is typed in full and nothing else matches.
func (m *Model) candidates() []string {
	typed := strings.ToLower(strings.TrimSpace(m.input.Value()))
	var out []string
	for _, name := range m.names {
		if strings.HasPrefix(name, typed) {
			out = append(out, name)
		}
	}
	if len(out) == 1 && out[0] == typed {
		return nil
	}
	return out
}

// View is the input, then the candidates that fit. The input is fitted to
// the room left on a copy, so View changes nothing.
func (m *Model) View() string {
	w := m.width
	input := min(w, max(ansi.StringWidth(m.input.Prompt+m.input.Value())+1, 20))
	var cands strings.Builder
	used := 0
	for _, name := range m.candidates() {
		n := 2 + ansi.StringWidth(name)
		if input+used+n > w {
			break
		}
		cands.WriteString("  " + m.styles.Dim.Render(name))
		used += n
	}
	in := m.input
	common.FitInput(&in, w-used)
	v := in.View()
	if ansi.StringWidth(v) > w-used {
		v = ansi.Truncate(v, w-used, "…")
	}
	return v + cands.String()
}
