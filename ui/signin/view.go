package signin

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
)

// layout is how much decoration a rendering of the screen carries.
type layout struct {
	margin  bool // a blank line above and two columns on the left
	spacing bool // blank lines between the blocks
	box     int  // the code in a box with this many blank lines around it; -1: no box
	hints   bool // the sandbox and clipboard hints
	title   bool
	// essentialsFirst puts the URL and the code above the reason, so that
	// when even the plainest layout is too tall the root's clipping at the
	// bottom takes the reason, not the code.
	essentialsFirst bool
}

// layouts run from the roomiest to the plainest; View takes the first that
// fits the height.
var layouts = []layout{
	{margin: true, spacing: true, box: 1, hints: true, title: true},
	{margin: true, spacing: true, box: 0, hints: true, title: true},
	{spacing: true, box: 0, hints: true, title: true},
	{box: 0, hints: true, title: true},
	{box: -1, hints: true, title: true},
	{box: -1, title: true},
	{box: -1, essentialsFirst: true},
}

// View implements common.Screen. Every line fits the width SetSize gave:
// prose wraps, and the verification URL and the code are never cut (a URL
// wider than the screen breaks onto the next line). When the height is
// short, decoration goes first — blank lines, the code's box, hints, the
// title — so that at 40×12 the URL and the code are still on screen.
func (m *Model) View() string {
	var lines []string
	for _, l := range layouts {
		lines = m.render(l)
		if m.height <= 0 || len(lines) <= m.height {
			break
		}
	}
	return strings.Join(lines, "\n")
}

// render lays the screen out as lines.
func (m *Model) render(l layout) []string {
	st := m.styles()
	indent := 0
	if l.margin && m.width >= 60 {
		indent = 2
	}
	w := max(m.width-indent, 1)
	// wrapped fits prose to the width and styles each line on its own, so
	// that no line is padded out to the longest.
	wrapped := func(style lipgloss.Style, s string) []string {
		lines := strings.Split(lipgloss.Wrap(s, w, ""), "\n")
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		return lines
	}
	plain := lipgloss.NewStyle()

	var blocks [][]string
	add := func(lines ...string) { blocks = append(blocks, lines) }

	var intro [][]string
	if l.title {
		title := "Sign in"
		if m.opts.Purpose != "" {
			title += " to " + model.Sanitize(m.opts.Purpose)
		} else if cloud, ok := model.CloudFor(m.c.Env); ok {
			title += " to " + cloud.DisplayName
		}
		if m.c.Sandbox {
			title += " (sandbox)"
		}
		intro = append(intro, wrapped(st.Title, title))
	}
	if m.notice != "" {
		intro = append(intro, wrapped(st.StatusWarn, m.notice))
	}
	if m.reason != "" && m.phase != signedIn {
		intro = append(intro, wrapped(st.StatusWarn, sentence(m.reason)))
	}
	if !l.essentialsFirst {
		blocks = append(blocks, intro...)
	}

	switch m.phase {
	case idle:
		add(wrapped(plain, "Press enter to sign in.")...)
	case checking:
		add(wrapped(plain, m.spin.View()+" Checking the saved sign-in…")...)
	case requesting:
		add(wrapped(plain, m.spin.View()+" Asking for a sign-in code…")...)
	case waiting:
		m.codeBlocks(st, l, w, wrapped, add)
	case failed:
		add(append(wrapped(st.StatusError, "Sign-in failed"), wrapped(plain, auth.Redact(m.err.Error()))...)...)
		add(wrapped(plain, "Press enter or r to try again.")...)
	case cancelled:
		add(wrapped(plain, "Sign-in cancelled. Press enter or r to start again.")...)
	case signedIn:
		add(wrapped(st.StatusOK, "Signed in as "+m.account+".")...)
	}
	if l.essentialsFirst {
		blocks = append(blocks, intro...)
	}

	var lines []string
	if l.margin {
		lines = append(lines, "")
	}
	pad := strings.Repeat(" ", indent)
	for i, b := range blocks {
		if i > 0 && l.spacing {
			lines = append(lines, "")
		}
		for _, line := range b {
			if line != "" {
				line = pad + line
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// codeBlocks adds where to go, the code and what happens next.
func (m *Model) codeBlocks(st *theme.Styles, l layout, w int, wrapped func(lipgloss.Style, string) []string, add func(...string)) {
	plain := lipgloss.NewStyle()
	url := m.code.VerificationURL
	link := st.Link.Hyperlink(url)
	spaced := strings.Join(strings.Split(m.code.UserCode, ""), " ")
	// The URL and the code sit further in when there is room for it.
	inset := 0
	if l.spacing && w >= len(url)+4 {
		inset = 4
	}
	in := strings.Repeat(" ", inset)
	urlLines := strings.Split(lipgloss.Wrap(url, w-inset, "/"), "\n")
	for i, l := range urlLines {
		urlLines[i] = in + link.Render(l)
	}
	open := "On any device with a browser, open"
	if l.essentialsFirst {
		open = "In a browser, open"
	}
	if l.spacing {
		add(wrapped(plain, open)...)
		add(urlLines...)
		add(wrapped(plain, "and enter the code")...)
	} else {
		add(append(wrapped(plain, open), urlLines...)...)
	}

	code := st.Bold.Foreground(st.Accent)
	// The code is spaced out to read it off one screen and type it into
	// another, but never split across lines: too narrow for the spaces, it
	// is shown as it is.
	shown := spaced
	if lipgloss.Width(shown) > w-inset {
		shown = m.code.UserCode
	}
	switch {
	case l.box >= 0 && lipgloss.Width(spaced)+2+2*(2*l.box+2) <= w-inset:
		box := lipgloss.NewStyle().
			Border(lipgloss.RoundedBorder()).BorderForeground(st.Accent).
			Padding(l.box, 2*l.box+2).MarginLeft(inset).
			Bold(true).Foreground(st.Accent).Render(spaced)
		if l.spacing {
			add(strings.Split(box, "\n")...)
		} else {
			add(append(wrapped(plain, "and enter the code"), strings.Split(box, "\n")...)...)
		}
	case l.spacing:
		lines := strings.Split(lipgloss.Wrap(shown, w-inset, ""), "\n")
		for i := range lines {
			lines[i] = in + code.Render(lines[i])
		}
		add(lines...)
	case lipgloss.Width("and enter the code "+shown) <= w:
		add("and enter the code " + code.Render(shown))
	default:
		add(append(wrapped(plain, "and enter the code"), wrapped(code, shown)...)...)
	}

	wait := m.spin.View() + " Waiting for you to sign in…"
	if l.hints {
		wait += st.Dim.Render(" the code expires at " + m.code.ExpiresOn.Local().Format("15:04") + ".")
	}
	hints := wrapped(plain, wait)
	if l.hints && m.c.Sandbox {
		hints = append(hints, wrapped(st.Dim, "This is the sandbox: it approves the code by itself in a few seconds, nothing to type.")...)
	}
	add(hints...)
	if l.hints {
		add(wrapped(st.Dim, "Press c to copy the code to your clipboard (OSC 52, works over SSH if your terminal allows it).")...)
	}
}

func (m *Model) styles() *theme.Styles {
	if m.c.Styles != nil {
		return m.c.Styles
	}
	return theme.New(true)
}

// sentence capitalises a reason such as "your sign-in has expired" and ends
// it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
