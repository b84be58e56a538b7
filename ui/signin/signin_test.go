package signin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// deviceCodes counts the device codes asked of the emulator, per test.
var deviceCodes = map[*testing.T]*atomic.Int32{}

// newScreen returns the layer signing in against a real emulator over HTTPS.
func newScreen(t *testing.T, o identity.Options, tenant string) (*Model, *identity.Emulator) {
	t.Helper()
	var srv *httptest.Server
	o.Issuer = func() string { return srv.URL }
	emu := identity.New(o)
	codes := &atomic.Int32{}
	deviceCodes[t] = codes
	h := emu.Handler()
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "devicecode") {
			codes.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s, err := auth.New(auth.Config{
		Authority: srv.URL, Tenant: tenant, ClientID: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
		HTTPClient: &http.Client{Transport: srv.Client().Transport, Timeout: 10 * time.Second},
		CacheDir:   filepath.Join(t.TempDir(), "mcgdash"),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := &common.Context{Ctx: ctx, Width: 100, Height: 30, Styles: theme.New(true), Env: model.EnvGermany, Sandbox: true}
	m := New(c, s, Options{})
	m.SetSize(100, 28)
	return m, emu
}

// run executes cmd as Bubble Tea would and returns the messages it yields,
// with batches flattened and spinner ticks dropped.
func run(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("command did not return")
	}
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(t, c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// feed passes every message to the screen and returns the commands it gave back.
func feed(m *Model, msgs []tea.Msg) []tea.Cmd {
	var cmds []tea.Cmd
	for _, msg := range msgs {
		if _, cmd := m.Update(msg); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// view is the screen as text, without styling.
func view(m *Model) string { return ansi.Strip(m.View()) }

func press(m *Model, k string) tea.Cmd {
	var msg tea.KeyPressMsg
	switch k {
	case "esc":
		msg = tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		msg = tea.KeyPressMsg{Code: tea.KeyEnter}
	default:
		msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
	}
	_, cmd := m.Update(msg)
	return cmd
}

// showCode starts the layer (the silent attempt fails: nothing is cached)
// and returns the command waiting for approval.
func showCode(t *testing.T, m *Model) tea.Cmd {
	t.Helper()
	cmds := feed(m, run(t, m.Init()))
	if len(cmds) != 1 || m.phase != requesting {
		t.Fatalf("after the silent attempt: phase %v, %d commands, err %v", m.phase, len(cmds), m.err)
	}
	cmds = feed(m, run(t, cmds[0]))
	if len(cmds) != 1 || m.phase != waiting {
		t.Fatalf("phase %v, %d commands, err %v: want the code shown and one wait", m.phase, len(cmds), m.err)
	}
	return cmds[0]
}

func TestCodeShownAndCopied(t *testing.T) {
	m, _ := newScreen(t, identity.Options{ApproveAfter: -1}, "")
	showCode(t, m)
	code := m.code.UserCode
	text := view(m)
	for _, want := range []string{strings.Join(strings.Split(code, ""), " "), m.code.VerificationURL, "Microsoft Cloud Germany", "approves the code by itself"} {
		if !strings.Contains(text, want) {
			t.Errorf("view lacks %q:\n%s", want, text)
		}
	}
	msgs := run(t, press(m, "c"))
	found := false
	for _, msg := range msgs {
		if msg == tea.SetClipboard(code)() {
			found = true
		}
	}
	if !found {
		t.Errorf("c gave %#v, want SetClipboard(%q)", msgs, code)
	}
}

func TestSuccessEmitsSignedIn(t *testing.T) {
	m, _ := newScreen(t, identity.Options{ApproveAfter: 50 * time.Millisecond}, "")
	waitCmd := showCode(t, m)
	var got []tea.Msg
	for _, cmd := range feed(m, run(t, waitCmd)) {
		got = append(got, run(t, cmd)...)
	}
	answer, ended := m.Ended()
	res, _ := answer.(Result)
	if !ended || len(got) != 0 || !res.OK() || res.Silent || res.Session != m.Session() || res.Account.Username != "operator@contosopartner.onmicrosoft.de" {
		t.Errorf("ended %v with %#v; messages %#v", ended, answer, got)
	}
}

// TestSilentFirst: with a valid cached sign-in, the layer answers at once
// and asks the authority for no device code — the defect was a new code
// on every start.
func TestSilentFirst(t *testing.T) {
	m, _ := newScreen(t, identity.Options{ApproveAfter: 20 * time.Millisecond}, "")
	waitCmd := showCode(t, m)
	for _, cmd := range feed(m, run(t, waitCmd)) {
		run(t, cmd)
	}
	if n := deviceCodes[t].Load(); n != 1 {
		t.Fatalf("%d device codes for the first sign-in", n)
	}
	again := New(m.c, m.Session(), Options{})
	msgs := run(t, again.Init())
	cmds := feed(again, msgs)
	answer, ended := again.Ended()
	res, _ := answer.(Result)
	if len(cmds) != 0 || !ended || !res.OK() || !res.Silent || res.Account.Username == "" {
		t.Errorf("%d commands, ended %v with %#v, want a silent success (phase %v, err %v)", len(cmds), ended, answer, again.phase, again.err)
	}
	if n := deviceCodes[t].Load(); n != 1 {
		t.Errorf("%d device codes after a silent sign-in, want still 1", n)
	}
}

// TestInteractiveSkipsSilent: Options.Interactive asks for a code at once.
func TestInteractiveSkipsSilent(t *testing.T) {
	m, _ := newScreen(t, identity.Options{ApproveAfter: -1}, "")
	m.opts.Interactive = true
	cmds := feed(m, run(t, m.Init()))
	if len(cmds) != 1 || m.phase != waiting || deviceCodes[t].Load() != 1 {
		t.Errorf("phase %v, %d commands, %d codes", m.phase, len(cmds), deviceCodes[t].Load())
	}
}

func TestEscCancels(t *testing.T) {
	m, emu := newScreen(t, identity.Options{ApproveAfter: -1}, "")
	waitCmd := showCode(t, m)
	code := m.code.UserCode
	run(t, press(m, "esc"))
	if answer, ended := m.Ended(); m.phase != cancelled || !ended || answer != (Result{Session: m.Session(), Cancelled: true}) {
		t.Fatalf("after esc: phase %v, ended %v with %#v", m.phase, ended, answer)
	}
	// Approval after the cancel must not sign in: the wait ended with esc.
	_ = emu.Approve(code)
	if cmds := feed(m, run(t, waitCmd)); len(cmds) != 0 || m.phase != cancelled {
		t.Errorf("the cancelled wait still acted: phase %v, %d commands", m.phase, len(cmds))
	}
	if press(m, "c") != nil {
		t.Error("c copies a code that is no longer valid")
	}
	feed(m, run(t, press(m, "enter")))
	if m.phase != waiting || m.code.UserCode == code {
		t.Errorf("enter after cancel: phase %v, code %q (old %q)", m.phase, m.code.UserCode, code)
	}
}

func TestFailureShownAndRetried(t *testing.T) {
	m, _ := newScreen(t, identity.Options{}, identity.InactiveTenantID)
	for _, c := range feed(m, run(t, m.Init())) {
		feed(m, run(t, c))
	}
	text := view(m)
	if m.phase != failed || !strings.Contains(text, "AADSTS90002") || !strings.Contains(text, "try again") {
		t.Fatalf("phase %v:\n%s", m.phase, text)
	}
	first := m.attempt
	feed(m, run(t, press(m, "r")))
	if m.attempt != first+1 || m.phase != failed {
		t.Errorf("r did not retry: attempt %d phase %v", m.attempt, m.phase)
	}
}

func TestNeedSignInShowsReason(t *testing.T) {
	m, _ := newScreen(t, identity.Options{ApproveAfter: -1}, "")
	_, cmd := m.Update(common.NeedSignInMsg{Reason: "your sign-in has expired"})
	for _, c := range feed(m, run(t, cmd)) {
		feed(m, run(t, c))
	}
	if m.phase != waiting || !strings.Contains(view(m), "Your sign-in has expired.") {
		t.Errorf("phase %v:\n%s", m.phase, view(m))
	}
	// A second request while the code is on screen keeps the code.
	code := m.code.UserCode
	if _, cmd := m.Update(common.NeedSignInMsg{Reason: "again"}); cmd != nil || m.code.UserCode != code {
		t.Error("a second NeedSignInMsg replaced the code on screen")
	}
}
