// Package signin is the sign-in layer: pushed with the session it signs
// in, it first tries the cached sign-in silently and only when that fails
// runs MSAL's device code flow, showing the code and where to enter it —
// readable from an SSH session with no browser at hand. It answers the one
// who pushed it with a Result for that session alone, so a wizard signing
// in to a second tenant never looks like "the partner signed in".
//
//	// in a screen or a wizard:
//	return m, signin.Push(m.c, target, signin.Options{Purpose: "the tenant contoso.eu"})
//	…
//	case signin.Result:
//		if msg.Session == target && msg.Err == nil { … msg.Account.Username … }
package signin

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// phase is where the sign-in stands.
type phase int

const (
	idle       phase = iota // nothing asked yet
	checking                // trying the cached sign-in, silently
	requesting              // asking for a device code
	waiting                 // code shown, waiting for the operator
	failed                  // the last attempt failed; err says why
	cancelled               // the operator pressed esc
	signedIn
)

// signInFirst answers the keys that would leave the layer while signing in.
const signInFirst = "Sign in first (esc cancels, q quits)"

// Options describe one sign-in.
type Options struct {
	// Purpose names what is signed in to, for the title ("Sign in to
	// <Purpose>"); "" names the cloud (the partner's own sign-in).
	Purpose string
	// Reason says why, e.g. "your sign-in has expired".
	Reason string
	// Notice is the startup notice, shown until signed in.
	Notice string
	// Interactive skips the silent attempt: a device code at once (to
	// sign in as someone else).
	Interactive bool
}

// Result is the layer's answer to whoever pushed it.
type Result struct {
	// Session is the session the layer was pushed with.
	Session *auth.Session
	// Account is who signed in, when Err is nil and not Cancelled.
	Account auth.Account
	// Silent says the cached sign-in was still good: no code was shown.
	Silent    bool
	Cancelled bool
	Err       error
}

// OK reports whether the sign-in succeeded.
func (r Result) OK() bool { return r.Err == nil && !r.Cancelled }

// Model is the sign-in layer.
type Model struct {
	common.End
	c       *common.Context
	session *auth.Session
	opts    Options
	keys    KeyMap
	spin    spinner.Model

	phase   phase
	reason  string // why sign-in is needed
	notice  string // the startup notice, shown until signed in
	code    auth.DeviceCode
	err     error
	account string

	// attempt numbers each sign-in, so that the answer of a cancelled one
	// never lands in the next.
	attempt int
	run     context.Context
	cancel  context.CancelFunc

	width, height int
}

var (
	_ common.Layer  = (*Model)(nil)
	_ common.Closer = (*Model)(nil)
)

// New returns the sign-in layer for session s. It starts on Init.
func New(c *common.Context, s *auth.Session, o Options) *Model {
	m := &Model{c: c, session: s, opts: o, keys: DefaultKeyMap(), spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		reason: model.Sanitize(o.Reason), notice: model.Sanitize(o.Notice)}
	m.setKeys()
	return m
}

// Push returns a command that pushes a sign-in layer for s; its Result
// comes back to the screen or layer that returned the command.
func Push(c *common.Context, s *auth.Session, o Options) tea.Cmd {
	return common.Push(New(c, s, o))
}

// Session is the session the layer signs in.
func (m *Model) Session() *auth.Session { return m.session }

// silentMsg is the answer of the silent attempt.
type silentMsg struct {
	attempt int
	account auth.Account
	err     error
}

// codeMsg carries a device code, or why there is none.
type codeMsg struct {
	attempt int
	code    auth.DeviceCode
	err     error
}

// resultMsg is the end of the wait for the operator.
type resultMsg struct {
	attempt int
	account auth.Account
	err     error
}

// Title implements common.Layer.
func (m *Model) Title() string { return "Sign in" }

// Init starts the sign-in: silently first, unless Interactive.
func (m *Model) Init() tea.Cmd {
	if m.opts.Interactive {
		return m.start()
	}
	return m.check()
}

// SetSize implements common.Layer.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Capturing implements common.Layer: the layer has no text input.
func (m *Model) Capturing() bool { return false }

// Close cancels the sign-in under way (common.Closer).
func (m *Model) Close() { m.stop() }

// ShortHelp lists the keys that do something right now.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Copy, m.keys.Cancel, m.keys.Retry, m.keys.Quit}
}

// FullHelp implements common.Layer.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// begin makes a new attempt with its own context.
func (m *Model) begin(p phase) context.Context {
	m.stop()
	parent := context.Background()
	if m.c != nil && m.c.Ctx != nil {
		parent = m.c.Ctx
	}
	ctx, cancel := context.WithCancel(parent)
	m.run, m.cancel = ctx, cancel
	m.attempt++
	m.phase, m.err, m.code = p, nil, auth.DeviceCode{}
	m.setKeys()
	return ctx
}

// check tries the cached sign-in; no device code is asked for unless it fails.
func (m *Model) check() tea.Cmd {
	ctx := m.begin(checking)
	attempt, s := m.attempt, m.session
	return tea.Batch(func() tea.Msg {
		if s == nil {
			return silentMsg{attempt: attempt, err: auth.ErrNotSignedIn}
		}
		id, err := s.WhoAmI(ctx)
		return silentMsg{attempt: attempt, account: id.Account, err: err}
	}, m.spin.Tick)
}

// start abandons any sign-in under way and asks for a new device code.
func (m *Model) start() tea.Cmd {
	ctx := m.begin(requesting)
	return tea.Batch(m.request(ctx), m.spin.Tick)
}

func (m *Model) request(ctx context.Context) tea.Cmd {
	attempt, s := m.attempt, m.session
	return func() tea.Msg {
		if s == nil {
			return codeMsg{attempt: attempt, err: errors.New("sign-in is not configured for this environment")}
		}
		code, err := s.DeviceCode(ctx)
		return codeMsg{attempt: attempt, code: code, err: err}
	}
}

// stop cancels the sign-in under way, if any.
func (m *Model) stop() {
	if m.cancel != nil {
		m.cancel()
		m.run, m.cancel = nil, nil
	}
}

// wait blocks until the operator has signed in with code.
func wait(ctx context.Context, attempt int, code auth.DeviceCode) tea.Cmd {
	return func() tea.Msg {
		acct, err := code.Wait(ctx)
		return resultMsg{attempt: attempt, account: acct, err: err}
	}
}

// done ends the layer with the account signed in.
func (m *Model) done(acct auth.Account, silent bool) tea.Cmd {
	m.stop()
	m.phase, m.account, m.reason, m.notice = signedIn, acct.Username, "", ""
	m.setKeys()
	m.Finish(Result{Session: m.session, Account: acct, Silent: silent})
	return nil
}

// Update implements common.Layer.
func (m *Model) Update(msg tea.Msg) (common.Layer, tea.Cmd) {
	switch msg := msg.(type) {
	case common.NoticeMsg:
		m.notice = msg.Text
		return m, nil

	case common.NeedSignInMsg:
		m.reason = model.Sanitize(msg.Reason)
		if m.phase == checking || m.phase == requesting || m.phase == waiting {
			return m, nil // the attempt under way still stands
		}
		return m, m.check()

	case silentMsg:
		if msg.attempt != m.attempt || m.phase != checking {
			return m, nil
		}
		if msg.err == nil {
			return m, m.done(msg.account, true)
		}
		// Only now is a device code worth asking for.
		m.phase = requesting
		m.setKeys()
		return m, m.request(m.run)

	case codeMsg:
		if msg.attempt != m.attempt || (m.phase != requesting && m.phase != checking) {
			return m, nil
		}
		if msg.err != nil {
			m.fail(msg.err)
			return m, nil
		}
		m.phase, m.code = waiting, msg.code
		m.setKeys()
		return m, wait(m.run, m.attempt, msg.code)

	case resultMsg:
		if msg.attempt != m.attempt || m.phase != waiting {
			return m, nil
		}
		if msg.err != nil {
			m.fail(msg.err)
			return m, nil
		}
		return m, m.done(msg.account, false)

	case spinner.TickMsg:
		if m.phase != checking && m.phase != requesting && m.phase != waiting {
			return m, nil // let the spinner stop
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd

	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Copy):
			return m, tea.Batch(tea.SetClipboard(m.code.UserCode),
				common.StatusCmd(common.Info, "Code "+m.code.UserCode+" copied to the clipboard"))
		case key.Matches(msg, m.keys.Cancel):
			m.stop()
			m.phase = cancelled
			m.setKeys()
			m.Finish(Result{Session: m.session, Cancelled: true})
			return m, nil
		case key.Matches(msg, m.keys.Retry):
			return m, m.start()
		case key.Matches(msg, m.keys.Quit):
			return m, common.Quit
		case key.Matches(msg, m.keys.Elsewhere):
			// The screens would only ask for the sign-in again.
			return m, common.StatusCmd(common.Warning, signInFirst)
		}
	}
	return m, nil
}

// fail shows err and offers a retry.
func (m *Model) fail(err error) {
	m.stop()
	m.phase, m.err = failed, err
	m.setKeys()
}

// setKeys enables only the keys that do something in the current phase, so
// help never offers a dead key.
func (m *Model) setKeys() {
	m.keys.Copy.SetEnabled(m.phase == waiting)
	m.keys.Cancel.SetEnabled(true)
	m.keys.Retry.SetEnabled(m.phase == idle || m.phase == failed || m.phase == cancelled)
}
