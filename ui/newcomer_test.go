package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/signin"
)

// TestPasteJoinsLines: a multi-line paste is one line with spaces where
// the line breaks were, whatever the terminal sends for them.
func TestPasteJoinsLines(t *testing.T) {
	for _, paste := range []string{"gmbh\nred", "gmbh\r\nred", "gmbh\rred", "gmbh  \r\n\r\n  red\n"} {
		c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
		a := New(c, []common.Screen{customers.New(c)}, Options{})
		a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		press(t, a, "/")
		a.Update(tea.PasteMsg{Content: paste})
		if v := ansi.Strip(a.render()); !strings.Contains(v, "/gmbh red ") {
			t.Errorf("%q pasted:\n%s", paste, v)
		}
	}
	if got := common.JoinLines("a\r\n b \n\nc"); got != "a b c" {
		t.Errorf("JoinLines = %q", got)
	}
}

// TestHeaderAfterLoadFailure: the header does not read as complete.
func TestHeaderAfterLoadFailure(t *testing.T) {
	a, _, _ := newApp(120, 24, Options{})
	a.Update(common.CountsMsg{Loaded: 3000, Total: 5000, Stopped: true})
	if h := ansi.Strip(a.header(120)); !strings.HasSuffix(h, "3,000 of at least 5,000 customers — loading stopped, R retries") {
		t.Errorf("header %q", h)
	}
	a.Update(common.CountsMsg{Loaded: 3000, Total: 3000, Stopped: true})
	if h := ansi.Strip(a.header(120)); !strings.HasSuffix(h, "3,000 customers loaded — loading stopped, R retries") {
		t.Errorf("header without a known total %q", h)
	}
	if h := ansi.Strip(a.header(40)); !strings.Contains(h, "3,000+") {
		t.Errorf("narrow header %q", h)
	}
}

// TestNoticeAfterSignIn: the "port busy" notice, shown on the sign-in
// screen, comes back to the status bar once signed in and stays there
// through progress lines until a key.
func TestNoticeAfterSignIn(t *testing.T) {
	const notice = "sandbox: 127.0.0.1:47443 is in use (another mcgdash?), using 127.0.0.1:39211"
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
	a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}}, Options{Notice: notice})
	a.newSignIn = func(reason, notice string) common.Layer { return &fakeLayer{title: "Sign in"} }
	a.statusTTL = time.Millisecond
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(common.NeedSignInMsg{Reason: "not signed in"})
	res := signin.Result{Account: auth.Account{Username: "operator@contosopartner.onmicrosoft.de"}}
	settle(t, a, a.layers[0].addr().Wrap(common.Pop(res)))
	a.Update(common.StatusMsg{Text: "Loading customers… 500 of 5,000"})
	if !strings.Contains(statusBar(a), notice) {
		t.Errorf("after sign-in the status bar reads %q", statusBar(a))
	}
	press(t, a, "j")
	if strings.Contains(statusBar(a), notice) {
		t.Error("the notice outlived the next key")
	}
}

// TestPlainTerminalBadge: TERM=dumb has no reverse video; the SANDBOX
// badge is bracketed, and --ascii survives a background report.
func TestPlainTerminalBadge(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true,
		Styles: theme.NewWith(theme.Options{Dark: true, ASCII: true})}
	a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(tea.ColorProfileMsg{Profile: colorprofile.NoTTY})
	a.Update(tea.BackgroundColorMsg{Color: lipglossWhite{}})
	if !c.Styles.Opts.ASCII || !c.Styles.Opts.Plain || c.Styles.IsDark {
		t.Fatalf("options after the terminal's reports: %+v", c.Styles.Opts)
	}
	v := ansi.Strip(a.View().Content)
	if !strings.HasPrefix(v, "[SANDBOX] . ") {
		t.Errorf("header %q", strings.SplitN(v, "\n", 2)[0])
	}
}

// TestNewsHoldsOverProgress: a status line with a time of its own (the
// journal's report at start) is not replaced by a progress line that
// arrives right after it, even behind the startup notice.
func TestNewsHoldsOverProgress(t *testing.T) {
	const news = "Since the last run, of the migrations started here: 2 finished, 0 failed, 1 still running"
	a, _, _ := newApp(160, 24, Options{Notice: "Microsoft Cloud Germany takes no new customers"})
	a.Update(common.StatusMsg{Level: common.Success, Text: news, TTL: time.Minute})
	a.Update(common.StatusMsg{Level: common.Success, Text: "Loaded 250 customers"})
	if !strings.Contains(statusBar(a), news) {
		t.Fatalf("the news was replaced: %q", statusBar(a))
	}
	press(t, a, "j")
	a.Update(common.StatusMsg{Level: common.Success, Text: "Loaded 250 customers"})
	if !strings.Contains(statusBar(a), "Loaded 250 customers") {
		t.Fatalf("after a key, progress lines show again: %q", statusBar(a))
	}
}
