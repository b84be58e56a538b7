package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	xgolden "github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
	"github.com/mcgdash/mcgdash/ui/signin"
)

// fake is a screen that records what reaches it.
type fake struct {
	id, title string
	capturing bool
	got       []tea.Msg
	w, h      int
}

func (f *fake) ID() string                { return f.id }
func (f *fake) Title() string             { return f.title }
func (f *fake) Init() tea.Cmd             { return nil }
func (f *fake) View() string              { return "screen " + f.id }
func (f *fake) SetSize(w, h int)          { f.w, f.h = w, h }
func (f *fake) Capturing() bool           { return f.capturing }
func (f *fake) ShortHelp() []key.Binding  { return []key.Binding{fakeKey} }
func (f *fake) FullHelp() [][]key.Binding { return [][]key.Binding{{fakeKey}} }
func (f *fake) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	f.got = append(f.got, msg)
	return f, nil
}

var fakeKey = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "do the fake thing"))

type lateAnswer struct{}

func press(a *App, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = a.Update(keytest.Press(k))
	}
	return cmd
}

func typeText(a *App, s string) {
	for _, r := range s {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func newApp(w, h int, opts Options) (*App, *fake, *fake) {
	a1 := &fake{id: "customers", title: "Customers"}
	a2 := &fake{id: "routes", title: "Routes"}
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
	app := New(c, []common.Screen{a1, a2}, opts)
	app.statusTTL = time.Millisecond // tests that run every command do not wait
	app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return app, a1, a2
}

func statusText(a *App) string { return a.status.Text }

func TestCommandLine(t *testing.T) {
	tests := []struct {
		typed      string
		wantActive int
		wantQuit   bool
		wantStatus string
	}{
		{"routes", 1, false, ""},
		{"customers", 0, false, ""},
		{"ROUTES", 1, false, ""},
		{"2", 1, false, ""},
		{"rt", 1, false, ""}, // alias from Options
		{"q", 0, true, ""},
		{"quit", 0, true, ""},
		{"frobnicate", 0, false, "Unknown command :frobnicate — try :customers, :routes, :q"},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			a, _, _ := newApp(80, 24, Options{Aliases: map[string]string{"rt": "routes"}})
			press(a, ":")
			typeText(a, tt.typed)
			cmd := press(a, "enter")
			if isQuit(cmd) != tt.wantQuit {
				t.Errorf("quit = %v, want %v", !tt.wantQuit, tt.wantQuit)
			}
			if a.active != tt.wantActive {
				t.Errorf("active = %d, want %d", a.active, tt.wantActive)
			}
			if statusText(a) != tt.wantStatus {
				t.Errorf("status = %q, want %q", statusText(a), tt.wantStatus)
			}
			if tt.wantStatus != "" && !strings.Contains(ansi.Strip(a.render()), "Unknown command") {
				t.Error("the error is not in the status bar")
			}
		})
	}
}

func TestCommandCompletion(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	press(a, ":")
	typeText(a, "ro")
	press(a, "tab")
	if got := a.cmdline.Value(); got != "routes" {
		t.Fatalf("completed to %q", got)
	}
	press(a, "enter")
	if a.active != 1 {
		t.Fatal("completed command did not run")
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name      string
		capturing bool
		keys      []string
		quit      bool
		active    int
		toScreen  int // keys the active screen received
	}{
		{"q quits", false, []string{"q"}, true, 0, 0},
		{"ctrl+c quits", false, []string{"ctrl+c"}, true, 0, 0},
		{"q goes to a capturing screen", true, []string{"q"}, false, 0, 1},
		{"ctrl+c quits even when capturing", true, []string{"ctrl+c"}, true, 0, 0},
		{"digits switch", false, []string{"2"}, false, 1, 0},
		{"digits go to a capturing screen", true, []string{"2"}, false, 0, 1},
		{"out of range digit is ignored", false, []string{"9"}, false, 0, 0},
		{"other keys go to the screen", false, []string{"x", "j"}, false, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, s1, _ := newApp(80, 24, Options{})
			s1.capturing = tt.capturing
			cmd := press(a, tt.keys...)
			if isQuit(cmd) != tt.quit {
				t.Errorf("quit = %v, want %v", !tt.quit, tt.quit)
			}
			if a.active != tt.active {
				t.Errorf("active = %d, want %d", a.active, tt.active)
			}
			keys := 0
			for _, m := range s1.got {
				if _, ok := m.(tea.KeyPressMsg); ok {
					keys++
				}
			}
			if keys != tt.toScreen {
				t.Errorf("screen got %d keys, want %d", keys, tt.toScreen)
			}
		})
	}
}

func TestMessagesReachInactiveScreens(t *testing.T) {
	a, s1, s2 := newApp(80, 24, Options{})
	press(a, "2")
	a.Update(lateAnswer{})
	if len(s1.got) != 1 || len(s2.got) != 1 {
		t.Fatalf("broadcast: customers got %v, routes got %v", s1.got, s2.got)
	}
	if s1.w != 80 || s1.h != 21 {
		t.Errorf("SetSize gave %d×%d, want 80×21", s1.w, s1.h)
	}
}

func TestSwitchScreenWithCustomer(t *testing.T) {
	a, _, s2 := newApp(80, 24, Options{})
	c := &model.Customer{ID: "c1"}
	a.Update(common.SwitchScreenMsg{ID: "routes", Customer: c})
	if a.active != 1 || len(s2.got) != 1 || s2.got[0].(common.CustomerFocusMsg).Customer != c {
		t.Fatalf("active %d, routes got %v", a.active, s2.got)
	}
	a.Update(common.SwitchScreenMsg{ID: "nowhere"})
	if a.active != 1 || !strings.Contains(statusText(a), "nowhere") {
		t.Errorf("unknown screen: active %d, status %q", a.active, statusText(a))
	}
}

func TestSignIn(t *testing.T) {
	signIn := &fake{id: "signin", title: "Sign in", capturing: true}
	a, s1, s2 := newApp(80, 24, Options{SignIn: signIn})
	press(a, "2")
	a.Update(common.NeedSignInMsg{Reason: "token expired"})
	if !a.signingIn || len(signIn.got) != 1 {
		t.Fatalf("sign-in not shown: %v", signIn.got)
	}
	if !strings.Contains(ansi.Strip(a.render()), "screen signin") {
		t.Error("sign-in screen not rendered")
	}
	press(a, "q")
	if _, ok := signIn.got[len(signIn.got)-1].(tea.KeyPressMsg); !ok {
		t.Error("keys do not reach the sign-in screen")
	}
	a.Update(common.SignedInMsg{Account: "op@partner.de"})
	if a.signingIn || a.active != 1 {
		t.Fatalf("did not return to the previous screen: signingIn %v active %d", a.signingIn, a.active)
	}
	for _, s := range []*fake{s1, s2} {
		if _, ok := s.got[len(s.got)-1].(common.SignedInMsg); !ok {
			t.Errorf("%s did not get SignedInMsg", s.id)
		}
	}
}

func TestSignInWithoutScreen(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	a.Update(common.NeedSignInMsg{Reason: "token expired"})
	if a.signingIn || a.status.Level != common.Error || !strings.Contains(statusText(a), "token expired") {
		t.Errorf("status %+v", a.status)
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	cs := customers.New(c)
	a := New(c, []common.Screen{cs}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(a, "?")
	v := ansi.Strip(a.render())
	groups := append([][]key.Binding{{a.keys.Help, a.keys.Command, a.keys.Tabs, a.keys.Quit, a.keys.ForceQuit}}, cs.FullHelp()...)
	for _, g := range groups {
		for _, k := range g {
			h := k.Help()
			if !strings.Contains(v, h.Key) || !strings.Contains(v, h.Desc) {
				t.Errorf("help lacks %q %q", h.Key, h.Desc)
			}
		}
	}
	press(a, "j")
	if a.help {
		t.Error("a key should close help")
	}
}

func TestBackgroundColour(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	before := a.c.Styles
	a.Update(tea.BackgroundColorMsg{Color: lipglossWhite{}})
	if a.c.Styles == before || a.c.Styles.IsDark {
		t.Error("styles not rebuilt for a light background")
	}
}

type lipglossWhite struct{}

func (lipglossWhite) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestFrameSizes(t *testing.T) {
	for _, s := range []struct {
		w, h   int
		golden bool
	}{{80, 24, true}, {250, 60, true}, {20, 5, true}, {1, 1, false}, {0, 0, false}, {5, 2, false}} {
		name := strings.ReplaceAll(strings.Join([]string{itoa(s.w), itoa(s.h)}, "x"), " ", "")
		t.Run(name, func(t *testing.T) {
			c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
			cs := customers.New(c)
			a := New(c, []common.Screen{cs, &fake{id: "routes", title: "Routes"}}, Options{})
			a.Update(tea.WindowSizeMsg{Width: s.w, Height: s.h})
			a.Update(common.PartnerMsg{Name: "Fabrikam Partner GmbH"})
			a.Update(common.CountsMsg{Loaded: 1500, Total: 12000})
			a.Update(common.StatusMsg{Text: "Loading customers… 1,500 of 12,000"})
			v := a.render()
			lines := strings.Split(v, "\n")
			if s.h > 0 && len(lines) != s.h {
				t.Errorf("%d lines, want %d", len(lines), s.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > s.w {
					t.Errorf("line %d is %d wide", i, w)
				}
			}
			if !a.View().AltScreen {
				t.Error("not in the alternate screen")
			}
			if s.golden {
				golden(t, ascii(v))
			}
		})
	}
}

func itoa(n int) string { return count(n) }

// TestRun drives the whole program through teatest: it starts, shows the
// header and tabs, and quits on q.
func TestRun(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
	app := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}}, Options{
		PartnerName: func(context.Context) (string, error) { return "Fabrikam \x1b[31mPartner", nil },
	})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Fabrikam Partner")) && bytes.Contains(b, []byte("Customers"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(keytest.Press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func ascii(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	_, _ = io.WriteString(w, s)
	return b.String()
}

// golden compares with testdata/<test name>.golden; go test -update
// (the flag of x/exp/golden, which teatest registers) rewrites it.
func golden(t *testing.T, got string) {
	t.Helper()
	xgolden.RequireEqual(t, got)
}

// TestPaste: a terminal paste goes where the keys go, without escape
// sequences or control characters.
func TestPaste(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	cs := customers.New(c)
	a := New(c, []common.Screen{cs, &fake{id: "routes", title: "Routes"}}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(tea.PasteMsg{Content: "ignored"})
	press(a, "/")
	a.Update(tea.PasteMsg{Content: "gm\x1b[31mb\ah"})
	press(a, "enter")
	if v := ansi.Strip(a.render()); !strings.Contains(v, "/gmbh ") {
		t.Errorf("filter after paste:\n%s", v)
	}
	press(a, ":")
	a.Update(tea.PasteMsg{Content: "ro\r"})
	if got := a.cmdline.Value(); got != "ro" {
		t.Fatalf("command line after paste: %q", got)
	}
}

// TestCommandLineFits: the command line never overflows the status bar.
func TestCommandLineFits(t *testing.T) {
	for _, w := range []int{1, 2, 5, 20, 80} {
		a, _, _ := newApp(w, 5, Options{})
		press(a, ":")
		typeText(a, "customers and a lot more than fits")
		lines := strings.Split(a.render(), "\n")
		last := lines[len(lines)-1]
		if got := ansi.StringWidth(last); got > w {
			t.Errorf("width %d: status bar is %d wide: %q", w, got, ansi.Strip(last))
		}
		if w >= 20 && !strings.Contains(ansi.Strip(last), "fits") {
			t.Errorf("width %d: the end of the text, where the cursor is, is not shown: %q", w, ansi.Strip(last))
		}
	}
}

// deliver runs cmd like the Bubble Tea loop and hands the messages of the
// given type back to a.
func deliver[M tea.Msg](a *App, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case M:
			_, next := a.Update(msg)
			queue = append(queue, next)
		}
	}
}

// TestPartnerNameAfterSignIn: on a fresh machine the first fetch of the
// partner's name fails for want of a sign-in; it is fetched again once
// signed in, and the failure shows nothing, least of all a token.
func TestPartnerNameAfterSignIn(t *testing.T) {
	const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret"
	calls := 0
	a, _, _ := newApp(120, 24, Options{
		SignIn: &fake{id: "signin", title: "Sign in", capturing: true},
		PartnerName: func(context.Context) (string, error) {
			calls++
			if calls == 1 {
				return "", fmt.Errorf("get partner profile: %w", &client.AuthError{Reason: "no cached token " + token})
			}
			return "Fabrikam \x1b[31mPartner GmbH", nil
		},
	})
	a.Update(common.StatusMsg{Text: "Loading customers…"})
	deliver[common.PartnerMsg](a, a.Init())
	if v := ansi.Strip(a.render()); strings.Contains(v, "Fabrikam") || strings.Contains(v, token) ||
		statusText(a) != "Loading customers…" {
		t.Fatalf("after the failed fetch (status %q):\n%s", statusText(a), v)
	}
	a.Update(common.NeedSignInMsg{Reason: "no cached token"})
	_, cmd := a.Update(common.SignedInMsg{Account: "op@partner.de"})
	deliver[common.PartnerMsg](a, cmd)
	if calls != 2 {
		t.Fatalf("partner name fetched %d times, want 2", calls)
	}
	header := strings.Split(ansi.Strip(a.render()), "\n")[0]
	if !strings.Contains(header, "Fabrikam Partner GmbH") {
		t.Errorf("header after sign-in: %q", header)
	}
	if !strings.Contains(statusText(a), "Signed in op@partner.de") {
		t.Errorf("status after sign-in: %q", statusText(a))
	}
	// A later failure (say after another sign-in) keeps the name.
	a.Update(common.PartnerMsg{Err: errors.New("HTTP 503")})
	if a.partner != "Fabrikam Partner GmbH" {
		t.Errorf("a failure dropped the name: %q", a.partner)
	}
}

// TestNotice: a startup notice is a warning in the status bar that
// progress lines do not replace until the operator presses a key.
func TestNotice(t *testing.T) {
	const notice = "sandbox: 127.0.0.1:8443 was busy, using a random port (you will sign in again next time)"
	a, _, _ := newApp(140, 24, Options{Notice: notice})
	check := func(when string, want string, level common.Level) {
		t.Helper()
		if statusText(a) != want || a.status.Level != level {
			t.Errorf("%s: status %+v, want %q at level %d", when, a.status, want, level)
		}
	}
	check("at start", notice, common.Warning)
	lines := strings.Split(ansi.Strip(a.render()), "\n")
	if !strings.Contains(lines[len(lines)-1], notice) {
		t.Errorf("status bar lacks the notice: %q", lines[len(lines)-1])
	}
	a.Update(common.StatusMsg{Text: "Loading customers…"})
	a.Update(common.StatusMsg{Level: common.Success, Text: "Loaded 10 customers"})
	check("after progress lines", notice, common.Warning)
	press(a, "j")
	a.Update(common.StatusMsg{Text: "Marks cleared"})
	check("after a key", "Marks cleared", common.Info)

	a, _, _ = newApp(140, 24, Options{Notice: notice})
	a.Update(common.StatusMsg{Level: common.Error, Text: "Loading stopped"})
	check("an error replaces it", "Loading stopped", common.Error)

	a, _, _ = newApp(140, 24, Options{})
	check("no notice", "", common.Info)
}

// busyFake is a screen with work in flight.
type busyFake struct {
	fake
	busy bool
}

func (b *busyFake) Busy() bool { return b.busy }

func (b *busyFake) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	b.fake.Update(msg)
	return b, nil
}

// TestQuitWhileBusy: while a screen is busy the first q warns with what
// is still loading and a second q quits; ctrl+c and :q! quit at once.
func TestQuitWhileBusy(t *testing.T) {
	newBusy := func() (*App, *busyFake) {
		b := &busyFake{fake: fake{id: "customers", title: "Customers"}, busy: true}
		a := New(&common.Context{Ctx: context.Background(), Env: model.EnvGermany},
			[]common.Screen{b, &fake{id: "routes", title: "Routes"}}, Options{})
		a.statusTTL = time.Millisecond
		a.Update(tea.WindowSizeMsg{Width: 140, Height: 24})
		a.Update(common.CountsMsg{Loaded: 1500, Total: 12000})
		a.Update(common.StatusMsg{Text: "Loading customers… 1,500 of 12,000"})
		return a, b
	}
	const warning = "Still loading 1,500 of 12,000 customers — press q again to quit"

	t.Run("q twice", func(t *testing.T) {
		a, _ := newBusy()
		if isQuit(press(a, "q")) {
			t.Fatal("the first q quit")
		}
		if !strings.HasPrefix(statusText(a), warning) || a.status.Level != common.Warning {
			t.Fatalf("status %+v", a.status)
		}
		if !strings.Contains(ansi.Strip(a.render()), warning) {
			t.Error("the warning is not in the status bar")
		}
		// Progress does not hide the warning but updates its figures.
		a.Update(common.StatusMsg{Text: "Loading customers… 2,000 of 12,000"})
		a.Update(common.CountsMsg{Loaded: 2000, Total: 12000})
		if !strings.HasPrefix(statusText(a), "Still loading 2,000 of 12,000 customers") {
			t.Fatalf("status %+v", a.status)
		}
		if !isQuit(press(a, "q")) {
			t.Fatal("the second q did not quit")
		}
	})
	t.Run("another key disarms", func(t *testing.T) {
		a, _ := newBusy()
		press(a, "q")
		a.Update(common.StatusMsg{Text: "Loading customers… 2,000 of 12,000"})
		if isQuit(press(a, "j")) {
			t.Fatal("j quit")
		}
		if statusText(a) != "Loading customers… 2,000 of 12,000" {
			t.Errorf("status not put back: %q", statusText(a))
		}
		if isQuit(press(a, "q")) {
			t.Fatal("q after another key quit at once")
		}
	})
	t.Run("ctrl+c", func(t *testing.T) {
		a, _ := newBusy()
		if !isQuit(press(a, "ctrl+c")) {
			t.Fatal("ctrl+c did not quit")
		}
		a, _ = newBusy()
		press(a, "q")
		if !isQuit(press(a, "ctrl+c")) {
			t.Fatal("ctrl+c after q did not quit")
		}
	})
	t.Run("commands", func(t *testing.T) {
		a, _ := newBusy()
		press(a, ":")
		typeText(a, "q")
		if isQuit(press(a, "enter")) || !strings.HasPrefix(statusText(a), warning) {
			t.Fatalf(":q quit or did not warn: %q", statusText(a))
		}
		press(a, ":")
		typeText(a, "q!")
		if !isQuit(press(a, "enter")) {
			t.Fatal(":q! did not quit")
		}
	})
	t.Run("help open", func(t *testing.T) {
		a, _ := newBusy()
		press(a, "?")
		if isQuit(press(a, "q")) || !strings.HasPrefix(statusText(a), warning) {
			t.Fatal("q in help quit while busy")
		}
	})
	t.Run("no longer busy", func(t *testing.T) {
		a, b := newBusy()
		b.busy = false
		if !isQuit(press(a, "q")) {
			t.Fatal("q did not quit an idle dashboard")
		}
	})
	t.Run("busy without counts", func(t *testing.T) {
		b := &busyFake{fake: fake{id: "x", title: "X"}, busy: true}
		a := New(&common.Context{Ctx: context.Background()}, []common.Screen{b}, Options{})
		press(a, "q")
		if !strings.HasPrefix(statusText(a), "Work still running — press q again to quit") {
			t.Fatalf("status %q", statusText(a))
		}
	})
}

// TestStatusBarPriority: the message wins over the key hints, which get
// only the space it leaves; a warning too long for the bar keeps its
// action, an error that puts the action first keeps its start.
func TestStatusBarPriority(t *testing.T) {
	tests := []struct {
		name      string
		status    common.StatusMsg
		want      []string
		wantHints bool
	}{
		{"short line and hints", common.StatusMsg{Text: "Loading customers… 1,500 of 12,000"},
			[]string{"Loading customers… 1,500 of 12,000"}, true},
		{"long line whole, no hints", common.StatusMsg{Text: "Still loading 11,500 of 100,000 customers — the first page took a long while"},
			[]string{"Still loading 11,500 of 100,000 customers — the first page took a long while"}, false},
		{"error with its action first", common.StatusMsg{Level: common.Error,
			Text: "Loading stopped at 0 customers (press R to retry): list customers: connection refused by the server"},
			[]string{"Loading stopped at 0 customers (press R to retry)", "…"}, false},
		{"warning keeps its action", common.StatusMsg{Level: common.Warning,
			Text: "Still loading 11,500 of 100,000 customers — press q again to quit (ctrl+c quits at once)"},
			[]string{"Still loading", "… — press q again to quit (ctrl+c quits at once)"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, _ := newApp(80, 24, Options{})
			a.Update(tt.status)
			lines := strings.Split(ansi.Strip(a.render()), "\n")
			bar := lines[len(lines)-1]
			if w := ansi.StringWidth(bar); w > 80 {
				t.Errorf("status bar is %d wide: %q", w, bar)
			}
			for _, want := range tt.want {
				if !strings.Contains(bar, want) {
					t.Errorf("status bar %q lacks %q", bar, want)
				}
			}
			if got := strings.Contains(bar, "? help"); got != tt.wantHints {
				t.Errorf("hints shown = %v, want %v: %q", got, tt.wantHints, bar)
			}
		})
	}
}

// TestStatusExpires: info and success lines go after a while, and an old
// line's expiry never clears a newer one; leaving a screen or the command
// line clears them; warnings and errors stay until the next key.
func TestStatusExpires(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	_, first := a.Update(common.StatusMsg{Text: "Marks cleared"})
	_, second := a.Update(common.StatusMsg{Level: common.Success, Text: "Marked 3 rows"})
	deliver[statusExpiredMsg](a, first)
	if statusText(a) != "Marked 3 rows" {
		t.Fatalf("an old line's expiry cleared a newer one: %q", statusText(a))
	}
	deliver[statusExpiredMsg](a, second)
	if statusText(a) != "" {
		t.Fatalf("the line did not expire: %q", statusText(a))
	}

	_, cmd := a.Update(common.StatusMsg{Level: common.Warning, Text: "Sign-in cancelled"})
	deliver[statusExpiredMsg](a, cmd)
	if statusText(a) != "Sign-in cancelled" {
		t.Fatalf("a warning expired: %q", statusText(a))
	}
	press(a, "x")
	if statusText(a) != "" {
		t.Fatalf("a warning outlived the next key: %q", statusText(a))
	}

	a.Update(common.StatusMsg{Text: "Marks cleared"})
	press(a, "2")
	if statusText(a) != "" {
		t.Errorf("a line about the screen left behind stayed: %q", statusText(a))
	}

	a.Update(common.StatusMsg{Text: "Marks cleared"})
	press(a, ":", "esc")
	if statusText(a) != "" {
		t.Errorf("a line stayed after the command line closed: %q", statusText(a))
	}
}

func statusBar(a *App) string {
	lines := strings.Split(ansi.Strip(a.render()), "\n")
	return lines[len(lines)-1]
}

// TestHintsWhileCapturing: while a screen captures text, ? and q type
// themselves, so the bar offers only the screen's keys.
func TestHintsWhileCapturing(t *testing.T) {
	a, s1, _ := newApp(80, 24, Options{})
	if bar := statusBar(a); !strings.Contains(bar, "? help") || !strings.Contains(bar, "q quit") {
		t.Fatalf("bar without the frame's keys: %q", bar)
	}
	s1.capturing = true
	bar := statusBar(a)
	if strings.Contains(bar, "? help") || strings.Contains(bar, "q quit") || !strings.Contains(bar, "x do the fake thing") {
		t.Errorf("bar while capturing: %q", bar)
	}
}

// TestCommandHelp: ? lists every ":" command, aliases included.
func TestCommandHelp(t *testing.T) {
	a, _, _ := newApp(120, 24, Options{Aliases: map[string]string{"rt": "routes"}})
	press(a, "?")
	if v := ansi.Strip(a.render()); !strings.Contains(v, ":customers, :routes (:rt), :q") {
		t.Errorf("help lacks the commands:\n%s", v)
	}
}

// TestCommandCandidates: while the command line is open, the commands
// that complete it are listed after it, narrowing as one types; they go
// when it closes.
func TestCommandCandidates(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{Aliases: map[string]string{"rt": "routes"}})
	press(a, ":")
	if bar := statusBar(a); !strings.Contains(bar, "customers  routes  rt  q  quit  q!") {
		t.Errorf("empty command line: %q", bar)
	}
	typeText(a, "r")
	if bar := statusBar(a); !strings.Contains(bar, "routes  rt") || strings.Contains(bar, "customers") {
		t.Errorf("after r: %q", bar)
	}
	press(a, "esc")
	if bar := statusBar(a); strings.Contains(bar, "routes") {
		t.Errorf("candidates after esc: %q", bar)
	}
}

// TestNoticeOnSignIn: on a fresh start the sign-in takes the status bar at
// once; the startup notice is then shown on the sign-in screen.
func TestNoticeOnSignIn(t *testing.T) {
	const notice = "sandbox: 127.0.0.1:47443 is in use (another mcgdash?), so this run uses a random port and signs in anew"
	for _, w := range []int{80, 140} {
		c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
		a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}},
			Options{SignIn: signin.New(c, nil), Notice: notice})
		a.statusTTL = time.Millisecond
		a.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		a.Update(common.NeedSignInMsg{Reason: "not signed in"})
		if !a.signingIn {
			t.Fatal("the sign-in screen is not shown")
		}
		if v := strings.Join(strings.Fields(ansi.Strip(a.render())), " "); !strings.Contains(v, notice) {
			t.Errorf("width %d: the notice is not on screen:\n%s", w, ansi.Strip(a.render()))
		}
	}
}

// TestKeysWhileSigningIn: digits and ":" do not leave the sign-in screen;
// they say why, and help does not offer them.
func TestKeysWhileSigningIn(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true}
	si := signin.New(c, nil)
	a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}, &fake{id: "routes", title: "Routes"}},
		Options{SignIn: si})
	a.statusTTL = time.Millisecond
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(common.NeedSignInMsg{Reason: "not signed in"})
	for _, k := range []string{"2", ":"} {
		press(a, k)
		if !a.signingIn || a.commanding || a.active != 0 {
			t.Fatalf("%s left the sign-in: signingIn %v commanding %v active %d", k, a.signingIn, a.commanding, a.active)
		}
		if statusText(a) != signInFirst || a.status.Level != common.Warning {
			t.Errorf("%s: status %+v", k, a.status)
		}
		press(a, "x") // any other key clears the warning
	}
	press(a, "?")
	if v := ansi.Strip(a.render()); strings.Contains(v, "switch screen") || strings.Contains(v, "command (") {
		t.Errorf("help offers keys that wait for the sign-in:\n%s", v)
	}
}

// TestHeader: environment, cloud, endpoint and partner on the left, the
// counts in words on the right; the partner's name is cut last.
func TestHeader(t *testing.T) {
	tests := []struct {
		name      string
		w         int
		sandbox   bool
		endpoint  string
		counts    common.CountsMsg
		want      []string
		wantStart string
	}{
		{"wide, loading", 120, true, "", common.CountsMsg{Loaded: 1000, Total: 100000},
			[]string{"SANDBOX  · Microsoft Cloud Germany · Contoso Partner GmbH", "1,000 of 100,000 customers (loading)"}, " SANDBOX"},
		{"80, loading", 80, true, "", common.CountsMsg{Loaded: 11500, Total: 100000},
			[]string{"Microsoft Cloud Germany · Contoso Partner GmbH", "11,500 of 100,000"}, " SANDBOX"},
		{"done", 120, true, "", common.CountsMsg{Loaded: 100000, Total: 100000, Done: true},
			[]string{"100,000 customers"}, " SANDBOX"},
		{"custom endpoint", 120, false, "https://pc.contoso.test:8443/v1", common.CountsMsg{},
			[]string{"Microsoft Cloud Germany · pc.contoso.test:8443 · Contoso Partner GmbH"}, " Microsoft"},
		{"narrow keeps the partner", 50, true, "", common.CountsMsg{Loaded: 1000, Total: 100000},
			[]string{"Contoso Partner GmbH"}, " SANDBOX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: tt.sandbox, Endpoint: tt.endpoint}
			a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}}, Options{})
			a.Update(tea.WindowSizeMsg{Width: tt.w, Height: 24})
			a.Update(common.PartnerMsg{Name: "Contoso Partner GmbH"})
			a.Update(tt.counts)
			header := strings.Split(ansi.Strip(a.render()), "\n")[0]
			if w := ansi.StringWidth(header); w > tt.w {
				t.Errorf("header is %d wide", w)
			}
			if !strings.HasPrefix(header, tt.wantStart) {
				t.Errorf("header %q does not start with %q", header, tt.wantStart)
			}
			for _, want := range tt.want {
				if !strings.Contains(header, want) {
					t.Errorf("header %q lacks %q", header, want)
				}
			}
		})
	}
}
