// Package common is what every screen and component of mcgdash shares: the
// Screen interface the root frame plugs screens into, the Context they all
// embed, and the messages that cross screens.
package common

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
)

// Context is shared by pointer between the root and every screen, so no
// screen reaches for globals.
type Context struct {
	// Ctx is cancelled when the program exits; every command uses it.
	Ctx context.Context
	// Width and Height are the terminal's size.
	Width, Height int
	Styles        *theme.Styles
	// Env is the cloud the operator works in; Sandbox says it is emulated.
	Env     model.Environment
	Sandbox bool
	// Endpoint is the Partner Center URL when it is not the cloud's own
	// (--partner-center-url), shown in the header; empty otherwise,
	// sandbox included.
	Endpoint string
	// Partner is the client for Partner Center.
	Partner *client.Client
	// Target is where a migration target tenant signs in (the worldwide
	// authority, or the sandbox's); nil means the wizard cannot sign in.
	Target *auth.Target
	// StateDir is mcgdash's state directory (client.StateDir), where the
	// wizard remembers customers waiting for a new account; "" keeps
	// nothing.
	StateDir string
}

// Screen is one full-screen view of the dashboard (customers, routes, …).
// Only the root returns tea.View; screens return strings.
type Screen interface {
	// ID is the name used by ":" commands, e.g. "customers".
	ID() string
	// Title is the tab label.
	Title() string
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	// SetSize gives the screen the space below the header and above the status bar.
	SetSize(width, height int)
	// KeyMap lists the screen's own keys for "?" and the help line.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports whether the screen has a text input focused; the
	// root then leaves q, digits and ":" to the screen.
	Capturing() bool
}

// Busy may be implemented by a screen with work in flight that quitting
// would cut short, such as customers still loading. While any screen is
// busy, the first q only warns and a second one quits.
type Busy interface {
	Busy() bool
}

// StatusMsg puts a line in the status bar.
type StatusMsg struct {
	Text  string
	Level Level
	// TTL, if set, is how long the line stays whatever its level (a wait
	// that ends); otherwise info and success lines expire and warnings and
	// errors stay until replaced.
	TTL time.Duration
}

// Level says how a status line is styled.
type Level int

// Status levels.
const (
	Info Level = iota
	Success
	Warning
	Error
)

// StatusCmd returns a command that shows text in the status bar.
func StatusCmd(level Level, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Level: level} }
}

// SwitchScreenMsg asks the root to show the screen with the given ID. If
// Customer is set, the target screen is told which customer is at hand.
type SwitchScreenMsg struct {
	ID       string
	Customer *model.Customer
}

// CustomerFocusMsg is delivered to a screen when another screen hands it a
// customer (for example routes for the customer selected in the table).
type CustomerFocusMsg struct {
	Customer *model.Customer
}

// PartnerMsg carries the partner's profile once it is known, for the header.
type PartnerMsg struct {
	Name string
	Err  error
}

// CountsMsg lets the customers screen tell the header how many customers
// are loaded of how many in all.
type CountsMsg struct {
	Loaded, Total int
	Done          bool
	// Stopped says loading stopped on an error: Total is a lower bound
	// and R retries.
	Stopped bool
}

// NeedSignInMsg is sent by a screen whose call failed with a sign-in error
// (client.IsAuth). The root shows the sign-in screen with Reason and, once
// signed in, broadcasts SignedInMsg so the screen retries the failed call.
// What was on screen (filter, selection) stays as it was.
type NeedSignInMsg struct {
	Reason string
}

// SignedInMsg is broadcast to every screen after a successful sign-in.
type SignedInMsg struct {
	Account string
}

// Resizer may be implemented by a screen that has work to do after the
// terminal was resized (SetSize has been called): one that now shows more
// rows may fetch for them.
type Resizer interface {
	Resized() tea.Cmd
}

// NoticeMsg gives the sign-in screen the startup notice (ui.Options.Notice),
// which the sign-in would otherwise hide from the status bar on a fresh
// start — and which often explains why a sign-in is needed at all.
type NoticeMsg struct {
	Text string
}

// JoinLines joins the lines of a multi-line paste with single spaces
// ("gmbh⏎red" is "gmbh red", not "gmbhred"), whatever the line endings.
func JoinLines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var parts []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, " ")
}

// Commander may be implemented by a screen with ":" commands that act
// rather than only show it (":migrate" opens the wizard on the customers
// screen): the frame shows the screen and delivers a CommandMsg to it.
type Commander interface {
	Commands() []string
}

// CommandMsg is a Commander's ":" command, typed by the operator; Args are
// the words after its name.
type CommandMsg struct {
	Name string
	Args []string
}
