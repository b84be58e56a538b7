package common

import (
	"reflect"
	"runtime/debug"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/theme"
)

// The frame (package ui) holds the tab screens and a stack of layers above
// them. This file is the contract between the frame and what it holds:
//
//   - Layers: a Layer is pushed with Push and gets the keys while it is on
//     top; it leaves with Pop(answer), and the answer goes to whoever pushed
//     it. Sign-in, help, the command line, confirmation prompts and wizards
//     are layers.
//   - Addresses: every command a screen or a layer returns from Init or
//     Update is wrapped by the frame so that its message comes back in an
//     Envelope addressed to that screen or layer alone. Each mount (a layer
//     pushed, a screen put in place) has its own generation, so an answer
//     for a popped layer or a replaced screen is dropped. Screens and layers
//     need do nothing for this; they simply return commands.
//   - Broadcasts are only tea.WindowSizeMsg (as SetSize), StylesMsg,
//     SignedInMsg and SignInCancelledMsg.
//   - Tasks: Context.StartTask runs a named background task that the frame
//     shows in the status bar (see task.go).
//
// A wizard, for example, is a Layer that embeds End:
//
//	// from a screen's Update: push it; its answer comes back to this screen
//	return m, common.Push(wizard.New(m.c, customers))
//
//	// in the wizard's Update
//	case tea.KeyPressMsg:           // it has the keys while on top
//		if msg.String() == "esc" {
//			w.Finish(wizard.Result{Cancelled: true}) // popped at once
//		}
//	case signin.Result:             // the sign-in it pushed for the target
//	case confirm.Answer:            // the prompt it pushed
//	case common.TaskDoneMsg:        // the task it started
//
// Its commands (HTTP calls, ticks) need no address: their messages come
// back to the wizard alone, and are dropped once it is popped.

// Addr is where a message goes: a screen (ID is the screen's ID) or a layer
// (ID "layer"), and the generation of that mount. Generations are never
// reused, so an Addr names one screen or layer instance for good.
type Addr struct {
	ID  string
	Gen uint64
}

// FrameAddr is the frame itself: layers the frame pushes answer it.
var FrameAddr = Addr{ID: "frame"}

// IsZero reports whether a is no address at all.
func (a Addr) IsZero() bool { return a == Addr{} }

// Envelope is a message addressed to one screen or layer: the one whose
// command produced it. The frame delivers Msg to To alone, or drops it when
// To was popped or replaced. Messages for the frame itself (StatusMsg,
// PushMsg, PopMsg, TaskStartMsg, …) arrive in envelopes too, which is how
// the frame knows who asked.
type Envelope struct {
	To  Addr
	Msg tea.Msg
}

// Wrap returns cmd with its message (and those of any batch or sequence it
// returns) put in an Envelope to a. Messages of Bubble Tea itself (quit,
// clipboard, window title, …) are left for the runtime. The frame wraps
// every command of the screens and layers it holds; a component that holds
// components of its own does not need to.
func (a Addr) Wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer recoverTo(&msg)
		return a.envelop(cmd())
	}
}

// PanicMsg is what a command that panicked returns instead of its message:
// the frame then quits and Run saves Stack (see ui.CrashError).
type PanicMsg struct {
	Value any
	Stack []byte
}

// recoverTo turns a panic into a PanicMsg in *msg; deferred by commands.
func recoverTo(msg *tea.Msg) {
	if r := recover(); r != nil {
		*msg = PanicMsg{Value: r, Stack: debug.Stack()}
	}
}

// Recover returns cmd (and the commands of a batch or sequence it returns)
// with a panic turned into a PanicMsg, for commands that are not wrapped
// with an address.
func Recover(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer recoverTo(&msg)
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = Recover(c)
			}
			return out
		}
		return msg
	}
}

var (
	cmdType    = reflect.TypeFor[tea.Cmd]()
	teaPkgPath = reflect.TypeFor[tea.QuitMsg]().PkgPath()
)

func (a Addr) envelop(msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case nil:
		return nil
	case Envelope, PanicMsg:
		return m // already addressed (Send), or for the frame
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(m))
		for i, c := range m {
			out[i] = a.Wrap(c)
		}
		return out
	}
	t := reflect.TypeOf(msg)
	if t.Kind() == reflect.Slice && t.Elem() == cmdType {
		// tea.Sequence's message: same order, each result addressed.
		v := reflect.ValueOf(msg)
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(a.Wrap(c)))
		}
		return out.Interface()
	}
	if t.PkgPath() == teaPkgPath {
		return msg
	}
	return Envelope{To: a, Msg: msg}
}

// Send returns a command that delivers msg to a, for a component that
// knows another's address (for example from a PushedMsg).
func Send(to Addr, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return Envelope{To: to, Msg: msg} }
}

// Layer is what the frame stacks above the screens. The top layer gets
// every key but ctrl+c (and "?", which opens its help, unless it captures
// text), supplies the key hints, and decides what esc does — usually
// Finish(answer) of an embedded End (or return Pop(answer)).
type Layer interface {
	Init() tea.Cmd
	Update(tea.Msg) (Layer, tea.Cmd)
	// View renders the layer into the size SetSize gave it.
	View() string
	SetSize(width, height int)
	// Title names the layer in the tab line while it covers the body.
	Title() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports whether a text input has the keyboard; "?" then
	// types itself.
	Capturing() bool
}

// Placement is where a layer is drawn.
type Placement int

const (
	// Body covers the screens below the tabs (sign-in, help, wizard).
	Body Placement = iota
	// Centered draws the layer's view in the middle of what is below it,
	// which stays visible around it (confirmation prompts).
	Centered
	// Bar replaces the status bar (the command line); SetSize gives it
	// one line.
	Bar
)

// Placed may be implemented by a layer not drawn over the whole body.
type Placed interface {
	Placement() Placement
}

// Closer may be implemented by a layer that holds something to let go of
// (a sign-in under way): the frame calls Close whenever it pops the layer,
// by Pop or because the program ends.
type Closer interface {
	Close()
}

// PushMsg asks the frame to push Layer on top of the stack. Whoever sent
// it becomes the layer's opener and gets its answer.
type PushMsg struct {
	Layer Layer
}

// Push returns a command that pushes l. The layer's answer (PopMsg) goes to
// the screen or layer that returned this command.
func Push(l Layer) tea.Cmd {
	return func() tea.Msg { return PushMsg{Layer: l} }
}

// PushedMsg tells a layer its own address and its opener's right after it
// is pushed (before Init's messages arrive), for layers that talk to their
// opener while they are open.
type PushedMsg struct {
	Self, Opener Addr
}

// PopMsg, returned by a layer, pops it (with any layers above it) and
// delivers Answer, if not nil, to the opener: the screen or layer that
// pushed it, if that is still there.
type PopMsg struct {
	Answer tea.Msg
}

// Pop returns a command that pops the layer returning it and hands answer
// to its opener.
func Pop(answer tea.Msg) tea.Cmd {
	return func() tea.Msg { return PopMsg{Answer: answer} }
}

// Ender may be implemented by a layer that leaves the stack in the very
// Update in which it decides to: the frame asks after every message it
// gives the layer, pops it at once and hands the answer to its opener, so
// a key typed right after the closing one already goes to what is below.
// (Pop does the same from a command, which runs later.) Embed End.
type Ender interface {
	Ended() (answer tea.Msg, ended bool)
}

// End implements Ender: a layer embeds it and calls Finish in Update.
type End struct {
	answer tea.Msg
	ended  bool
}

// Finish ends the layer with answer (nil: no answer) once Update returns.
func (e *End) Finish(answer tea.Msg) { e.answer, e.ended = answer, true }

// Ended implements Ender.
func (e *End) Ended() (tea.Msg, bool) { return e.answer, e.ended }

// QuitMsg asks the frame to quit as q does: at once, unless work would be
// cut short, in which case the operator is asked first.
type QuitMsg struct{}

// Quit returns a command that quits as q does; layers that leave q to
// quitting return it.
func Quit() tea.Msg { return QuitMsg{} }

// ReplaceScreenMsg puts Screen in place of the screen with the same ID. The
// old one's pending answers are dropped.
type ReplaceScreenMsg struct {
	Screen Screen
}

// Activator may be implemented by a screen that runs ticks or timers: the
// frame calls Deactivate when the screen is hidden (another tab shown) and
// Activate when it is shown again, so a hidden screen polls nothing. The
// first screen is activated after Init.
type Activator interface {
	Activate() tea.Cmd
	Deactivate()
}

// StylesMsg is broadcast when the styles change (the terminal reported its
// background); screens repaint what they cache from Context.Styles.
type StylesMsg struct {
	Styles *theme.Styles
}

// SignInCancelledMsg is broadcast when the operator cancelled the
// partner's sign-in: screens waiting for it stop waiting, and may ask again
// (NeedSignInMsg) when the operator retries.
type SignInCancelledMsg struct{}
