// Package signin is the sign-in screen: it runs MSAL's device code flow,
// shows the code and where to enter it — readable from an SSH session with
// no browser at hand — and tells every screen once the operator is in.
package signin

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/ui/common"
)

// ID is the screen's name for ":" commands and SwitchScreenMsg.
const ID = "signin"

// phase is where the sign-in stands.
type phase int

const (
	idle       phase = iota // nothing asked yet
	requesting              // asking for a device code
	waiting                 // code shown, waiting for the operator
	failed                  // the last attempt failed; err says why
	cancelled               // the operator pressed esc
	signedIn
)

// Model is the sign-in screen.
type Model struct {
	c       *common.Context
	session *auth.Session
	keys    KeyMap
	spin    spinner.Model

	phase   phase
	reason  string // why sign-in is needed, e.g. "your sign-in has expired"
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

var _ common.Screen = (*Model)(nil)

// New returns the sign-in screen. It starts a sign-in on Init, or when it
// receives common.NeedSignInMsg; the root should do either only when it
// shows the screen, since each start asks the authority for a new code.
func New(c *common.Context, s *auth.Session) *Model {
	m := &Model{c: c, session: s, keys: DefaultKeyMap(), spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	m.setKeys()
	return m
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

// ID implements common.Screen.
func (m *Model) ID() string { return ID }

// Title implements common.Screen.
func (m *Model) Title() string { return "Sign in" }

// Init starts a sign-in.
func (m *Model) Init() tea.Cmd { return m.start() }

// SetSize implements common.Screen.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Capturing implements common.Screen: the screen has no text input.
func (m *Model) Capturing() bool { return false }

// ShortHelp lists the keys that do something right now.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Copy, m.keys.Cancel, m.keys.Retry}
}

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// start abandons any sign-in under way and asks for a new device code.
func (m *Model) start() tea.Cmd {
	m.stop()
	parent := context.Background()
	if m.c != nil && m.c.Ctx != nil {
		parent = m.c.Ctx
	}
	ctx, cancel := context.WithCancel(parent)
	m.run, m.cancel = ctx, cancel
	m.attempt++
	m.phase, m.err, m.code = requesting, nil, auth.DeviceCode{}
	m.setKeys()
	attempt, s := m.attempt, m.session
	request := func() tea.Msg {
		if s == nil {
			return codeMsg{attempt: attempt, err: errors.New("sign-in is not configured for this environment")}
		}
		code, err := s.DeviceCode(ctx)
		return codeMsg{attempt: attempt, code: code, err: err}
	}
	return tea.Batch(request, m.spin.Tick)
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

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.NoticeMsg:
		m.notice = msg.Text
		return m, nil

	case common.NeedSignInMsg:
		m.reason = msg.Reason
		if m.phase == requesting || m.phase == waiting {
			return m, nil // the code on screen is still good
		}
		return m, m.start()

	case codeMsg:
		if msg.attempt != m.attempt || m.phase != requesting {
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
		m.stop()
		m.phase, m.account, m.reason, m.notice = signedIn, msg.account.Username, "", ""
		m.setKeys()
		account := msg.account.Username
		return m, tea.Batch(
			func() tea.Msg { return common.SignedInMsg{Account: account} },
			common.StatusCmd(common.Success, "Signed in as "+account),
		)

	case spinner.TickMsg:
		if m.phase != requesting && m.phase != waiting {
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
			return m, common.StatusCmd(common.Warning, "Sign-in cancelled")
		case key.Matches(msg, m.keys.Retry):
			return m, m.start()
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
	m.keys.Cancel.SetEnabled(m.phase == requesting || m.phase == waiting)
	m.keys.Retry.SetEnabled(m.phase == idle || m.phase == failed || m.phase == cancelled)
}
