package routes

import (
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

func TestBrowserCommand(t *testing.T) {
	const u = "https://portal.azure.de/#@contoso"
	cmd, err := browserCommand("no-such-browser-xyz:true --new-tab:w3m", u)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cmd.Args, " "); got != "true --new-tab "+u {
		t.Errorf("args %q: want the first installed entry with the URL last", got)
	}
	cmd, err = browserCommand("true --url=%s --x", u)
	if err != nil || strings.Join(cmd.Args, " ") != "true --url="+u+" --x" {
		t.Errorf("%%s not replaced: %v %v", cmd, err)
	}
	if _, err := browserCommand("no-such-browser-xyz", u); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Errorf("err %v", err)
	}
}

// TestOpenHonoursBROWSER: $BROWSER wins even without a display; when no
// opener exists the operator is told to copy with y.
func TestOpenHonoursBROWSER(t *testing.T) {
	m, _ := newScreen(t, model.EnvGlobal, 80, 24)
	m.Update(common.CustomerFocusMsg{Customer: &contoso})
	m.getenv = func(k string) string {
		if k == "BROWSER" {
			return "true"
		}
		return ""
	}
	cmd := press(m, char('o'))
	if cmd == nil {
		t.Fatal("o with $BROWSER does nothing")
	}
	// tea.ExecProcess's message is the program's to run; it is not a status line.
	if _, ok := cmd().(common.StatusMsg); ok {
		t.Error("$BROWSER was not run through tea.ExecProcess")
	}

	m.getenv = func(k string) string {
		if k == "BROWSER" {
			return "no-such-browser-xyz"
		}
		return ""
	}
	s := status(t, press(m, char('o')))
	if s.Level != common.Warning || !strings.Contains(s.Text, "press y to copy the link instead") || !strings.Contains(s.Text, "no-such-browser-xyz") {
		t.Errorf("status %+v", s)
	}

	m.getenv = func(string) string { return "" }
	s = status(t, press(m, char('o')))
	if !strings.Contains(s.Text, "press y to copy the link instead") {
		t.Errorf("no opener: %+v", s)
	}
}
