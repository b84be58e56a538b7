// Package confirm is the reusable confirmation prompt: a layer with a
// question, what will happen, and either y/n or a word to type (for
// example the target domain of a migration). The answer is No unless the
// operator says yes: enter alone answers No to a y/n prompt, and never
// confirms a typed one until the word is typed.
//
//	return m, common.Push(confirm.New(m.c, confirm.Options{
//		ID:       "migrate",
//		Question: "Migrate 3 customers to contoso.eu?",
//		Effect:   "Their subscriptions move to the tenant contoso.eu; MCG keeps none.",
//		Word:     "contoso.eu",
//	}))
//
// and later, in Update:
//
//	case confirm.Answer:
//		if msg.ID == "migrate" && msg.Yes { … }
package confirm

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// Options describe one prompt.
type Options struct {
	// ID comes back in the Answer, so an opener with several prompts
	// knows which one answered.
	ID string
	// Question is asked in one line, e.g. "Quit mcgdash?".
	Question string
	// Effect says what will happen on yes; it wraps.
	Effect string
	// Word, if set, must be typed (case-insensitively) and confirmed with
	// enter; y and n are then just letters.
	Word string
	// YesKeys are the keys that mean yes in a y/n prompt; default "y".
	YesKeys []string
	// Yes and No label the choices; default "yes" and "no".
	Yes, No string
}

// Answer is what the prompt answers its opener.
type Answer struct {
	ID  string
	Yes bool
}

// KeyMap is the prompt's keys.
type KeyMap struct {
	Yes, No, Enter key.Binding
}

// Model is the confirmation layer.
type Model struct {
	common.End
	c     *common.Context
	o     Options
	keys  KeyMap
	input textinput.Model
	// wrong is set when enter was pressed on a word that does not match.
	wrong         bool
	width, height int
}

var (
	_ common.Layer  = (*Model)(nil)
	_ common.Placed = (*Model)(nil)
)

// New returns a prompt; push it with common.Push.
func New(c *common.Context, o Options) *Model {
	o.Question = model.Sanitize(o.Question)
	o.Effect = model.Sanitize(o.Effect)
	o.Word = model.Sanitize(o.Word)
	if len(o.YesKeys) == 0 {
		o.YesKeys = []string{"y"}
	}
	if o.Yes == "" {
		o.Yes = "yes"
	}
	if o.No == "" {
		o.No = "no"
	}
	m := &Model{c: c, o: o}
	m.keys = KeyMap{
		Yes: key.NewBinding(key.WithKeys(o.YesKeys...), key.WithHelp(strings.Join(o.YesKeys, "/"), o.Yes)),
		// Enter answers the default, No.
		No:    key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/esc/enter", o.No)),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", o.No)),
	}
	m.keys.Enter.SetEnabled(false)
	if o.Word != "" {
		m.input = common.NewInput("> ", c.Styles)
		// No placeholder: without colour it would read as typed already.
		m.input.Focus()
		m.keys.No = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", o.No))
		m.keys.Enter.SetHelp("enter", o.Yes+" (once typed)")
		m.keys.Enter.SetEnabled(true)
		m.keys.Yes.SetEnabled(false)
	}
	return m
}

// SetEffect replaces what the prompt says will happen, for an opener whose
// figures change while it asks (customers still loading).
func (m *Model) SetEffect(text string) { m.o.Effect = model.Sanitize(text) }

// ID is the prompt's Options.ID.
func (m *Model) ID() string { return m.o.ID }

// Init implements common.Layer.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Layer.
func (m *Model) Title() string { return "Confirm" }

// Placement draws the prompt in the middle of what it asks about.
func (m *Model) Placement() common.Placement { return common.Centered }

// Capturing reports whether a word is to be typed.
func (m *Model) Capturing() bool { return m.o.Word != "" }

// SetSize implements common.Layer.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// ShortHelp implements common.Layer.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Yes, m.keys.Enter, m.keys.No}
}

// FullHelp implements common.Layer.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

func (m *Model) answer(yes bool) tea.Cmd {
	m.Finish(Answer{ID: m.o.ID, Yes: yes})
	return nil
}

// Update implements common.Layer.
func (m *Model) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StylesMsg:
		if m.o.Word != "" {
			common.StyleInput(&m.input, msg.Styles)
		}
	case tea.PasteMsg:
		if m.o.Word != "" {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.No) {
			return m, m.answer(false)
		}
		if m.o.Word == "" {
			if key.Matches(msg, m.keys.Yes) {
				return m, m.answer(true)
			}
			return m, nil
		}
		if key.Matches(msg, m.keys.Enter) {
			typed := strings.TrimSpace(m.input.Value())
			if typed != "" && strings.EqualFold(typed, m.o.Word) {
				return m, m.answer(true)
			}
			m.wrong = true
			return m, nil
		}
		m.wrong = false
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) styles() *theme.Styles {
	if m.c != nil && m.c.Styles != nil {
		return m.c.Styles
	}
	return theme.New(true)
}

// View renders a bordered box no wider than the space given.
func (m *Model) View() string {
	s := m.styles()
	inner := max(min(m.width-4, 72), 10)
	var lines []string
	wrap := func(style lipgloss.Style, text string) {
		for l := range strings.SplitSeq(lipgloss.Wrap(text, inner, ""), "\n") {
			lines = append(lines, style.Render(l))
		}
	}
	wrap(s.Title, m.o.Question)
	if m.o.Effect != "" {
		lines = append(lines, "")
		wrap(s.Value, m.o.Effect)
	}
	lines = append(lines, "")
	if m.o.Word == "" {
		yes := strings.Join(m.o.YesKeys, "/")
		lines = append(lines, s.Key.Render(yes)+" "+s.KeyDesc.Render(m.o.Yes)+s.Dim.Render(" · ")+
			s.Key.Render("n")+" "+s.KeyDesc.Render(m.o.No)+s.Dim.Render(" (so do enter and esc)"))
	} else {
		wrap(s.Dim, "Type "+m.o.Word+" and press enter to confirm (esc: "+m.o.No+").")
		in := m.input // fitted on a copy: View changes nothing
		common.FitInput(&in, inner)
		lines = append(lines, in.View())
		if m.wrong {
			wrap(s.StatusWarn, "That is not "+m.o.Word+": nothing was done.")
		}
	}
	box := s.Border.Padding(0, 1)
	if m.o.Word != "" {
		box = box.BorderForeground(s.Warn)
	}
	return box.Render(strings.Join(lines, "\n"))
}
