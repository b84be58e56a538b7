package signin

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
)

// View implements common.Screen.
func (m *Model) View() string {
	st := m.styles()
	var b []string
	title := "Sign in"
	if cloud, ok := model.CloudFor(m.c.Env); ok {
		title += " to " + cloud.DisplayName
	}
	if m.c.Sandbox {
		title += " (sandbox)"
	}
	b = append(b, st.Title.Render(title), "")
	if m.reason != "" && m.phase != signedIn {
		b = append(b, st.StatusWarn.Render(sentence(m.reason)), "")
	}

	switch m.phase {
	case idle:
		b = append(b, "Press enter to sign in.")
	case requesting:
		b = append(b, m.spin.View()+" Asking for a sign-in code…")
	case waiting:
		b = append(b,
			"On any device with a browser, open",
			"",
			"    "+st.Link.Render(m.code.VerificationURL),
			"",
			"and enter the code",
			"",
			m.codeBox(st),
			"",
			m.spin.View()+" Waiting for you to sign in…"+st.Dim.Render(" the code expires at "+m.code.ExpiresOn.Local().Format("15:04")+"."),
		)
		if m.c.Sandbox {
			b = append(b, st.Dim.Render("This is the sandbox: it approves the code by itself in a few seconds, nothing to type."))
		}
		b = append(b, "", st.Dim.Render("Press c to copy the code to your clipboard (OSC 52, works over SSH if your terminal allows it)."))
	case failed:
		b = append(b,
			st.StatusError.Render("Sign-in failed"),
			wrap(auth.Redact(m.err.Error()), m.width),
			"", "Press enter or r to try again.")
	case cancelled:
		b = append(b, "Sign-in cancelled. Press enter or r to start again.")
	case signedIn:
		b = append(b, st.StatusOK.Render("Signed in as "+m.account+"."))
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(strings.Join(b, "\n"))
}

// codeBox renders the user code large and unmistakable: letters spaced out
// in a box, as an operator reads it off one screen and types it into another.
func (m *Model) codeBox(st *theme.Styles) string {
	spaced := strings.Join(strings.Split(m.code.UserCode, ""), " ")
	return lipgloss.NewStyle().
		Border(lipgloss.RoundedBorder()).BorderForeground(st.Accent).
		Padding(1, 4).MarginLeft(4).
		Bold(true).Foreground(st.Accent).
		Render(spaced)
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

// wrap fits an error message to the screen width, inside View's padding.
func wrap(s string, width int) string {
	if width <= 20 {
		return s
	}
	return lipgloss.NewStyle().Width(width - 6).Render(s)
}
