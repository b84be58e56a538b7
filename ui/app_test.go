package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
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
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/cmdline"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
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

// press sends keys and runs what they return as Bubble Tea would, feeding
// back the addressed answers (pops, statuses from layers); it returns the
// other messages of the last key.
func press(t testing.TB, a *App, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := a.Update(keytest.Press(k))
		out = settle(t, a, cmd)
	}
	return out
}

// settle runs cmd concurrently, as Bubble Tea does, and feeds back every
// message addressed to a screen, a layer or the frame, and task ends; it
// returns the rest (quit, status expiries, ticks) for the test to look at.
func settle(t testing.TB, a *App, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return cmdtest.Loop(t, func(msg tea.Msg) tea.Cmd { _, c := a.Update(msg); return c }, cmd, func(msg tea.Msg) bool {
		switch msg.(type) {
		case common.Envelope, taskEndedMsg:
			return true
		}
		return false
	})
}

func typeText(a *App, s string) {
	for _, r := range s {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func isQuit(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
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
			press(t, a, ":")
			typeText(a, tt.typed)
			cmd := press(t, a, "enter")
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
	press(t, a, ":")
	typeText(a, "ro")
	press(t, a, "tab")
	if got := a.layers[len(a.layers)-1].Layer.(*cmdline.Model).Value(); got != "routes" {
		t.Fatalf("completed to %q", got)
	}
	press(t, a, "enter")
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
			cmd := press(t, a, tt.keys...)
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

// TestAddressedMessages: an answer goes to the screen that asked, shown or
// not, and to no other; an answer for a screen that was replaced or a
// layer that was popped is dropped.
func TestAddressedMessages(t *testing.T) {
	a, s1, s2 := newApp(80, 24, Options{})
	press(t, a, "2")
	to1 := a.screens[0].addr()
	settle(t, a, to1.Wrap(func() tea.Msg { return lateAnswer{} }))
	if len(s1.got) != 1 || len(s2.got) != 0 {
		t.Fatalf("addressed to customers: customers got %v, routes got %v", s1.got, s2.got)
	}
	a.Update(lateAnswer{}) // unaddressed: to whatever has the keyboard
	if len(s1.got) != 1 || len(s2.got) != 1 {
		t.Fatalf("unaddressed: customers got %v, routes got %v", s1.got, s2.got)
	}
	if s1.w != 80 || s1.h != 21 {
		t.Errorf("SetSize gave %d×%d, want 80×21", s1.w, s1.h)
	}

	// Replaced: the old instance's answer reaches neither it nor the new one.
	fresh := &fake{id: "customers", title: "Customers"}
	a.Update(common.ReplaceScreenMsg{Screen: fresh})
	a.Update(common.Envelope{To: to1, Msg: lateAnswer{}})
	if len(s1.got) != 1 || len(fresh.got) != 0 {
		t.Errorf("stale answer delivered: old got %v, new got %v", s1.got, fresh.got)
	}
	a.Update(common.Envelope{To: a.screens[0].addr(), Msg: lateAnswer{}})
	if len(fresh.got) != 1 || fresh.w != 80 {
		t.Errorf("the new screen: got %v, width %d", fresh.got, fresh.w)
	}

	// Popped: a layer's late answer is dropped, even when a new layer of
	// the same kind is on top.
	first := &fakeLayer{title: "Wizard"}
	settle(t, a, a.screens[1].addr().Wrap(common.Push(first)))
	addr := a.layers[0].addr()
	settle(t, a, addr.Wrap(common.Pop("done")))
	if len(a.layers) != 0 || s2.got[len(s2.got)-1] != "done" {
		t.Fatalf("pop: %d layers, routes got %v", len(a.layers), s2.got)
	}
	second := &fakeLayer{title: "Wizard"}
	settle(t, a, a.screens[1].addr().Wrap(common.Push(second)))
	n := len(first.got)
	a.Update(common.Envelope{To: addr, Msg: lateAnswer{}})
	if len(first.got) != n || len(second.got) != 1 { // second got only PushedMsg
		t.Errorf("answer for a popped layer delivered: first %v, second %v", first.got, second.got)
	}
}

// fakeLayer is a layer that records what reaches it and pops on esc.
type fakeLayer struct {
	title     string
	capturing bool
	place     common.Placement
	got       []tea.Msg
	closed    bool
	w, h      int
}

func (f *fakeLayer) Init() tea.Cmd               { return nil }
func (f *fakeLayer) View() string                { return "layer " + f.title }
func (f *fakeLayer) SetSize(w, h int)            { f.w, f.h = w, h }
func (f *fakeLayer) Title() string               { return f.title }
func (f *fakeLayer) ShortHelp() []key.Binding    { return []key.Binding{fakeKey} }
func (f *fakeLayer) FullHelp() [][]key.Binding   { return [][]key.Binding{{fakeKey}} }
func (f *fakeLayer) Capturing() bool             { return f.capturing }
func (f *fakeLayer) Placement() common.Placement { return f.place }
func (f *fakeLayer) Close()                      { f.closed = true }
func (f *fakeLayer) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	f.got = append(f.got, msg)
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" {
		return f, common.Pop(signin.Result{Cancelled: true})
	}
	return f, nil
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
	a, s1, s2 := newApp(80, 24, Options{})
	var layer *fakeLayer
	a.newSignIn = func(reason, notice string) common.Layer {
		layer = &fakeLayer{title: "Sign in", capturing: true}
		return layer
	}
	press(t, a, "2")
	a.Update(common.NeedSignInMsg{Reason: "token expired"})
	if a.partnerSignIn == 0 || len(a.layers) != 1 {
		t.Fatalf("sign-in not pushed: %d layers", len(a.layers))
	}
	if !strings.Contains(ansi.Strip(a.render()), "layer Sign in") {
		t.Error("sign-in layer not rendered")
	}
	a.Update(common.NeedSignInMsg{Reason: "again"})
	if len(a.layers) != 1 {
		t.Fatal("a second request pushed a second sign-in")
	}
	press(t, a, "q")
	if _, ok := layer.got[len(layer.got)-1].(tea.KeyPressMsg); !ok {
		t.Error("keys do not reach the sign-in layer")
	}
	res := signin.Result{Account: auth.Account{Username: "op@partner.de"}}
	settle(t, a, a.layers[0].addr().Wrap(common.Pop(res)))
	if len(a.layers) != 0 || a.partnerSignIn != 0 || a.active != 1 {
		t.Fatalf("did not return to the previous screen: %d layers, active %d", len(a.layers), a.active)
	}
	for _, s := range []*fake{s1, s2} {
		if _, ok := s.got[len(s.got)-1].(common.SignedInMsg); !ok {
			t.Errorf("%s did not get SignedInMsg", s.id)
		}
	}
}

// TestSignInCancelled: after esc the screens that need no sign-in are
// reachable, the header says no one is signed in, and :signin asks again.
func TestSignInCancelled(t *testing.T) {
	a, s1, _ := newApp(100, 24, Options{})
	a.newSignIn = func(reason, notice string) common.Layer { return &fakeLayer{title: "Sign in"} }
	a.Update(common.PartnerMsg{Name: "Contoso Partner GmbH"})
	a.Update(common.NeedSignInMsg{Reason: "not signed in"})
	press(t, a, "esc")
	if len(a.layers) != 0 {
		t.Fatal("esc did not pop the sign-in")
	}
	if _, ok := s1.got[len(s1.got)-1].(common.SignInCancelledMsg); !ok {
		t.Errorf("customers was not told: %v", s1.got)
	}
	head := strings.Split(ansi.Strip(a.render()), "\n")[0]
	if !strings.Contains(head, "not signed in") || strings.Contains(head, "Contoso") {
		t.Errorf("header after esc: %q", head)
	}
	press(t, a, "2")
	if a.active != 1 {
		t.Error("routes is not reachable after esc")
	}
	press(t, a, ":")
	typeText(a, "signin")
	press(t, a, "enter")
	if a.partnerSignIn == 0 {
		t.Error(":signin did not open the sign-in")
	}
}

// TestSecondTenantSignIn: a sign-in pushed by a screen for another tenant
// answers that screen alone; no SignedInMsg, the header and the partner's
// state stay as they were.
func TestSecondTenantSignIn(t *testing.T) {
	a, s1, s2 := newApp(100, 24, Options{})
	a.Update(common.PartnerMsg{Name: "Contoso Partner GmbH"})
	layer := &fakeLayer{title: "Sign in"}
	settle(t, a, a.screens[1].addr().Wrap(common.Push(layer)))
	if a.partnerSignIn != 0 {
		t.Fatal("a second-tenant sign-in counts as the partner's")
	}
	res := signin.Result{Account: auth.Account{Username: "admin@target.eu"}}
	settle(t, a, a.layers[0].addr().Wrap(common.Pop(res)))
	if got := s2.got[len(s2.got)-1]; got != res {
		t.Errorf("the opener got %#v, want the result", got)
	}
	for _, m := range append(s1.got, s2.got...) {
		if _, ok := m.(common.SignedInMsg); ok {
			t.Error("a second-tenant sign-in was broadcast as the partner's")
		}
	}
	if strings.Contains(statusText(a), "admin@target.eu") || !strings.Contains(ansi.Strip(a.render()), "Contoso Partner GmbH") {
		t.Errorf("status %q, header changed", statusText(a))
	}
}

func TestSignInWithoutScreen(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	a.Update(common.NeedSignInMsg{Reason: "token expired"})
	if len(a.layers) != 0 || a.status.Level != common.Error || !strings.Contains(statusText(a), "token expired") {
		t.Errorf("status %+v", a.status)
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	cs := customers.New(c)
	a := New(c, []common.Screen{cs}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, a, "?")
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
	press(t, a, "x")
	if len(a.layers) != 0 {
		t.Error("a key that does not scroll should close help")
	}
}

// TestHelpScrolls: at 80×24 the customers' help does not fit; j, pgdown
// and G reach every key, and q closes help without quitting.
func TestHelpScrolls(t *testing.T) {
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	cs := customers.New(c)
	a := New(c, []common.Screen{cs}, Options{})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(t, a, "?")
	seen := ansi.Strip(a.render())
	if !strings.Contains(seen, "more") {
		t.Fatalf("help at 80x24 does not say there is more:\n%s", seen)
	}
	for range 40 {
		press(t, a, "j")
		seen += ansi.Strip(a.render())
	}
	for _, g := range cs.FullHelp() {
		for _, k := range g {
			if h := k.Help(); !strings.Contains(seen, h.Desc) {
				t.Errorf("scrolling never showed %q %q", h.Key, h.Desc)
			}
		}
	}
	press(t, a, "g")
	press(t, a, "G")
	if len(a.layers) != 1 {
		t.Fatal("a scroll key closed help")
	}
	if isQuit(press(t, a, "q")) || len(a.layers) != 0 {
		t.Errorf("q quit or left help open: %d layers", len(a.layers))
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

func itoa(n int) string { return strconv.Itoa(n) }

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
	press(t, a, "/")
	a.Update(tea.PasteMsg{Content: "gm\x1b[31mb\ah"})
	press(t, a, "enter")
	if v := ansi.Strip(a.render()); !strings.Contains(v, "/gmbh ") {
		t.Errorf("filter after paste:\n%s", v)
	}
	press(t, a, ":")
	a.Update(tea.PasteMsg{Content: "ro\r"})
	if got := a.layers[len(a.layers)-1].Layer.(*cmdline.Model).Value(); got != "ro" {
		t.Fatalf("command line after paste: %q", got)
	}
}

// TestCommandLineFits: the command line never overflows the status bar.
func TestCommandLineFits(t *testing.T) {
	for _, w := range []int{1, 2, 5, 20, 80} {
		a, _, _ := newApp(w, 5, Options{})
		press(t, a, ":")
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
		PartnerName: func(context.Context) (string, error) {
			calls++
			if calls == 1 {
				return "", fmt.Errorf("get partner profile: %w", &client.AuthError{Reason: "no cached token " + token})
			}
			return "Fabrikam \x1b[31mPartner GmbH", nil
		},
	})
	a.newSignIn = func(string, string) common.Layer { return &fakeLayer{title: "Sign in"} }
	a.Update(common.StatusMsg{Text: "Loading customers…"})
	deliver[common.PartnerMsg](a, a.Init())
	if v := ansi.Strip(a.render()); strings.Contains(v, "Fabrikam") || strings.Contains(v, token) ||
		statusText(a) != "Loading customers…" {
		t.Fatalf("after the failed fetch (status %q):\n%s", statusText(a), v)
	}
	a.Update(common.NeedSignInMsg{Reason: "no cached token"})
	_, cmd := a.Update(common.Envelope{To: a.layers[0].addr(), Msg: common.PopMsg{Answer: signin.Result{Account: auth.Account{Username: "op@partner.de"}}}})
	deliver[common.PartnerMsg](a, cmd)
	if calls != 2 {
		t.Fatalf("partner name fetched %d times, want 2", calls)
	}
	header := strings.Split(ansi.Strip(a.render()), "\n")[0]
	if !strings.Contains(header, "Fabrikam Partner GmbH") {
		t.Errorf("header after sign-in: %q", header)
	}
	if !strings.Contains(statusText(a), "Signed in as op@partner.de") {
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
	press(t, a, "j")
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

// TestQuitWhileBusy: while a screen is busy q asks first, saying what is
// still loading; q or y there quits, n or esc stays; ctrl+c and :q! quit at
// once.
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
	const what = "Still loading 1,500 of 12,000 customers"
	asking := func(a *App) bool {
		top, ok := a.top()
		_, isConfirm := top.Layer.(*confirm.Model)
		return ok && isConfirm && strings.Contains(ansi.Strip(a.render()), what)
	}

	t.Run("q twice", func(t *testing.T) {
		a, _ := newBusy()
		if isQuit(press(t, a, "q")) {
			t.Fatal("the first q quit")
		}
		if !asking(a) {
			t.Fatalf("no prompt:\n%s", ansi.Strip(a.render()))
		}
		// Progress updates the prompt's figures.
		a.Update(common.CountsMsg{Loaded: 2000, Total: 12000})
		if v := ansi.Strip(a.render()); !strings.Contains(v, "Still loading 2,000 of 12,000 customers") {
			t.Errorf("the prompt's figures did not follow:\n%s", v)
		}
		if !isQuit(press(t, a, "q")) {
			t.Fatal("the second q did not quit")
		}
	})
	t.Run("y quits, n and enter stay", func(t *testing.T) {
		for _, k := range []string{"n", "esc", "enter"} {
			a, _ := newBusy()
			press(t, a, "q")
			if isQuit(press(t, a, k)) || len(a.layers) != 0 {
				t.Fatalf("%s quit or left the prompt open", k)
			}
		}
		a, _ := newBusy()
		press(t, a, "q")
		if !isQuit(press(t, a, "y")) {
			t.Fatal("y did not quit")
		}
	})
	t.Run("ctrl+c", func(t *testing.T) {
		a, _ := newBusy()
		if !isQuit(press(t, a, "ctrl+c")) {
			t.Fatal("ctrl+c did not quit")
		}
		a, _ = newBusy()
		press(t, a, "q")
		if !isQuit(press(t, a, "ctrl+c")) {
			t.Fatal("ctrl+c after q did not quit")
		}
	})
	t.Run("commands", func(t *testing.T) {
		a, _ := newBusy()
		press(t, a, ":")
		typeText(a, "q")
		if isQuit(press(t, a, "enter")) || !asking(a) {
			t.Fatal(":q quit or did not ask")
		}
		press(t, a, "n")
		press(t, a, ":")
		typeText(a, "q!")
		if !isQuit(press(t, a, "enter")) {
			t.Fatal(":q! did not quit")
		}
	})
	t.Run("help open", func(t *testing.T) {
		a, _ := newBusy()
		press(t, a, "?")
		if isQuit(press(t, a, "q")) || len(a.layers) != 0 {
			t.Fatal("q in help quit, or did not close it")
		}
	})
	t.Run("no longer busy", func(t *testing.T) {
		a, b := newBusy()
		b.busy = false
		if !isQuit(press(t, a, "q")) {
			t.Fatal("q did not quit an idle dashboard")
		}
	})
	t.Run("busy without counts", func(t *testing.T) {
		b := &busyFake{fake: fake{id: "x", title: "X"}, busy: true}
		a := New(&common.Context{Ctx: context.Background()}, []common.Screen{b}, Options{})
		a.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
		press(t, a, "q")
		if v := ansi.Strip(a.render()); !strings.Contains(v, "X still working") {
			t.Fatalf("prompt:\n%s", v)
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
	press(t, a, "x")
	if statusText(a) != "" {
		t.Fatalf("a warning outlived the next key: %q", statusText(a))
	}

	a.Update(common.StatusMsg{Text: "Marks cleared"})
	press(t, a, "2")
	if statusText(a) != "" {
		t.Errorf("a line about the screen left behind stayed: %q", statusText(a))
	}

	a.Update(common.StatusMsg{Text: "Marks cleared"})
	press(t, a, ":", "esc")
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
	press(t, a, "?")
	if v := ansi.Strip(a.render()); !strings.Contains(v, ":customers, :routes (:rt), :q") {
		t.Errorf("help lacks the commands:\n%s", v)
	}
}

// TestCommandCandidates: while the command line is open, the commands
// that complete it are listed after it, narrowing as one types; they go
// when it closes.
func TestCommandCandidates(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{Aliases: map[string]string{"rt": "routes"}})
	press(t, a, ":")
	if bar := statusBar(a); !strings.Contains(bar, "customers  routes  rt  q  quit  q!") {
		t.Errorf("empty command line: %q", bar)
	}
	typeText(a, "r")
	if bar := statusBar(a); !strings.Contains(bar, "routes  rt") || strings.Contains(bar, "customers") {
		t.Errorf("after r: %q", bar)
	}
	press(t, a, "esc")
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
		a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}}, Options{Notice: notice})
		a.newSignIn = func(reason, notice string) common.Layer {
			return signin.New(c, nil, signin.Options{Reason: reason, Notice: notice})
		}
		a.statusTTL = time.Millisecond
		a.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		a.Update(common.NeedSignInMsg{Reason: "not signed in"})
		if a.partnerSignIn == 0 {
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
	a := New(c, []common.Screen{&fake{id: "customers", title: "Customers"}, &fake{id: "routes", title: "Routes"}},
		Options{})
	a.newSignIn = func(reason, notice string) common.Layer {
		return signin.New(c, nil, signin.Options{Reason: reason, Notice: notice})
	}
	a.statusTTL = time.Millisecond
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(common.NeedSignInMsg{Reason: "not signed in"})
	for _, k := range []string{"2", ":"} {
		press(t, a, k)
		if top, ok := a.top(); !ok || top.gen != a.partnerSignIn || a.active != 0 {
			t.Fatalf("%s left the sign-in: %d layers, active %d", k, len(a.layers), a.active)
		}
		if statusText(a) != "Sign in first (esc cancels, q quits)" || a.status.Level != common.Warning {
			t.Errorf("%s: status %+v", k, a.status)
		}
		press(t, a, "x") // any other key clears the warning
	}
	press(t, a, "?")
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
