// Package ui is mcgdash's root frame: the numbered tab screens with a stack
// of layers above them (sign-in, help, the command line, confirmation
// prompts, wizards), the header, the tabs and the status bar. The frame
// routes and lays out; what it routes is in ui/common (frame.go, task.go)
// and what it draws is in ui/components.
package ui

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/cmdline"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/components/header"
	"github.com/mcgdash/mcgdash/ui/components/keyhelp"
	"github.com/mcgdash/mcgdash/ui/components/statusbar"
	"github.com/mcgdash/mcgdash/ui/signin"
)

// Options configure the root frame.
type Options struct {
	// Session is the partner's sign-in. When a screen sends
	// common.NeedSignInMsg the frame pushes a sign-in layer for it; nil
	// means the operator is told to restart with valid credentials.
	Session *auth.Session
	// PartnerName fetches the partner's name for the header (for example
	// from client.GetOrganizationProfile); nil leaves it out.
	PartnerName func(ctx context.Context) (string, error)
	// Aliases map extra ":" commands to screen ids, e.g. "cust" → "customers".
	Aliases map[string]string
	// Notice is a warning shown in the status bar at start, for example
	// that the sandbox's fixed port was busy. It stays until the first key
	// press or a warning or error; progress lines do not replace it.
	Notice string
	// LogFile and Log are where Run writes a panic's stack; without them
	// it goes to a file in the state directory.
	LogFile string
	Log     *slog.Logger
	// Attach, if set, is given the running program's Send before it
	// starts, for events from outside (a 429 wait reported by the client).
	Attach func(send func(tea.Msg))
}

// Aliased may be implemented by a screen to add ":" commands that reach it.
type Aliased interface {
	Aliases() []string
}

// chromeLines is the header, the tabs and the status bar.
const chromeLines = 3

// defaultStatusTTL is how long an info or success line stays in the status bar.
const defaultStatusTTL = 4 * time.Second

// quitPrompt is the ID of the confirmation asked before cutting work short.
const quitPrompt = "quit"

// statusExpiredMsg ends the status line of generation gen, if it is still shown.
type statusExpiredMsg struct{ gen int }

// KeyMap is the root frame's keys.
type KeyMap struct {
	Quit, ForceQuit, Help, Command, Tabs key.Binding
}

// DefaultKeyMap returns the root frame's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit, always")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command (tab completes)")),
		Tabs:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "switch screen")),
	}
}

// mounted is a screen in its tab, with the generation of its mount.
type mounted struct {
	common.Screen
	gen uint64
}

// stacked is a layer on the stack, with its generation and who pushed it.
type stacked struct {
	common.Layer
	gen    uint64
	opener common.Addr
}

func (s stacked) addr() common.Addr { return common.Addr{ID: "layer", Gen: s.gen} }

func (s stacked) placement() common.Placement {
	if p, ok := s.Layer.(common.Placed); ok {
		return p.Placement()
	}
	return common.Body
}

// App is the root tea.Model.
type App struct {
	c       *common.Context
	screens []mounted
	active  int
	layers  []stacked
	// gen numbers mounts; never reused.
	gen  uint64
	opts Options
	keys KeyMap

	// newSignIn makes the partner's sign-in layer (tests replace it);
	// partnerSignIn is the generation of that layer while it is stacked.
	newSignIn     func(reason, notice string) common.Layer
	partnerSignIn uint64

	partner   string
	signedOut bool
	counts    common.CountsMsg
	// migrations is the migrations dashboard's summary for the header.
	migrations common.MigrationsMsg
	status     common.StatusMsg
	// statusGen numbers each status line, so that the expiry of an old
	// line never clears a newer one; statusTTL is how long an info or
	// success line stays.
	statusGen int
	statusTTL time.Duration
	// noticing keeps Options.Notice in the status bar until a key press;
	// noticeToSignIn says the sign-in layer has yet to be given it.
	noticing, noticeToSignIn bool
	// noticeAtSignIn: the notice went to the sign-in layer and returns
	// to the status bar once signed in.
	noticeAtSignIn bool

	tasks   []*task
	taskSeq uint64
	spin    spinner.Model

	bar *statusbar.Model
	// crash is the first panic a command recovered from (Run saves it).
	crash *common.PanicMsg
}

var _ tea.Model = (*App)(nil)

// New returns the root frame around screens; the first one is shown first.
func New(c *common.Context, screens []common.Screen, opts Options) *App {
	if c.Styles == nil {
		c.Styles = theme.New(true)
	}
	if c.Ctx == nil {
		c.Ctx = context.Background()
	}
	a := &App{c: c, opts: opts, keys: DefaultKeyMap(), statusTTL: defaultStatusTTL,
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), bar: statusbar.New(c.Styles)}
	for _, s := range screens {
		a.gen++
		a.screens = append(a.screens, mounted{Screen: s, gen: a.gen})
	}
	if opts.Session != nil {
		a.newSignIn = func(reason, notice string) common.Layer {
			return signin.New(c, opts.Session, signin.Options{Reason: reason, Notice: notice})
		}
	}
	a.keys.Command.SetHelp(":", "command ("+a.commandList()+"; tab completes)")
	if opts.Notice != "" {
		a.status = common.StatusMsg{Level: common.Warning, Text: model.Sanitize(opts.Notice)}
		a.noticing, a.noticeToSignIn = true, true
	}
	return a
}

func (m mounted) addr() common.Addr { return common.Addr{ID: m.ID(), Gen: m.gen} }

// Init starts every screen, activates the first, asks for the terminal's
// background colour and fetches the partner's name. No sign-in starts here:
// a screen asks for one (NeedSignInMsg) when a call finds it missing.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	for _, s := range a.screens {
		cmds = append(cmds, s.addr().Wrap(s.Init()))
	}
	if len(a.screens) > 0 {
		cmds = append(cmds, a.activate(a.active))
	}
	cmds = append(cmds, a.partnerCmd())
	return common.Recover(tea.Batch(cmds...))
}

// partnerCmd fetches the partner's name for the header. On a fresh machine
// the first fetch fails for want of a sign-in, so it runs again after each
// one.
func (a *App) partnerCmd() tea.Cmd {
	f := a.opts.PartnerName
	if f == nil {
		return nil
	}
	ctx := a.c.Ctx
	return func() tea.Msg {
		name, err := f(ctx)
		return common.PartnerMsg{Name: model.Sanitize(name), Err: err}
	}
}

// top is the layer on top of the stack, if any.
func (a *App) top() (stacked, bool) {
	if len(a.layers) == 0 {
		return stacked{}, false
	}
	return a.layers[len(a.layers)-1], true
}

// screen is the active screen, or nil.
func (a *App) screen() common.Screen {
	if len(a.screens) == 0 {
		return nil
	}
	return a.screens[a.active].Screen
}

// Update routes messages. Addressed answers (common.Envelope) go to the
// screen or layer that asked, or nowhere if it is gone; keys go to the top
// layer, else to the frame's keys, else to the active screen; a short list
// is broadcast (size, styles, sign-in); anything else goes to the top.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(common.PanicMsg); ok {
		// A command panicked: quit; Run saves the stack.
		if a.crash == nil {
			a.crash = &p
		}
		return a, tea.Quit
	}
	m, cmd := a.update(msg)
	return m, common.Recover(cmd)
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.Envelope:
		if cmd, ok := a.frameMsg(msg.To, msg.Msg); ok {
			return a, cmd
		}
		return a, a.deliver(msg.To, msg.Msg)
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.resize()
		var cmds []tea.Cmd
		for _, s := range a.screens {
			if r, ok := s.Screen.(common.Resizer); ok {
				cmds = append(cmds, s.addr().Wrap(r.Resized()))
			}
		}
		return a, tea.Batch(cmds...)
	case tea.BackgroundColorMsg:
		a.c.Styles = a.c.Styles.WithDark(msg.IsDark())
		a.bar.SetStyles(a.c.Styles)
		return a, a.broadcast(common.StylesMsg{Styles: a.c.Styles})
	case tea.ColorProfileMsg:
		a.c.Styles = a.c.Styles.ForProfile(msg.Profile) // TERM=dumb: markers for attributes
		a.bar.SetStyles(a.c.Styles)
		return a, a.broadcast(common.StylesMsg{Styles: a.c.Styles})
	case tea.KeyPressMsg:
		a.noticing = false
		// A warning or an error stays until the operator goes on.
		a.clearStatus(common.Error)
		return a, a.onKey(msg)
	case tea.PasteMsg:
		return a, a.onPaste(msg)
	case statusExpiredMsg:
		if msg.gen == a.statusGen {
			a.clearStatus(common.Error) // this very line, whatever its level
			a.noticing = false
		}
		return a, nil
	case taskEndedMsg:
		return a, a.onTaskEnded(msg)
	case spinner.TickMsg:
		if msg.ID == a.spin.ID() {
			if len(a.tasks) == 0 {
				return a, nil // let it stop
			}
			var cmd tea.Cmd
			a.spin, cmd = a.spin.Update(msg)
			return a, cmd
		}
	}
	if cmd, ok := a.frameMsg(common.FrameAddr, msg); ok {
		return a, cmd
	}
	return a, a.toTop(msg)
}

// frameMsg handles the messages meant for the frame; from is who sent it.
func (a *App) frameMsg(from common.Addr, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case common.StatusMsg:
		if a.noticing && msg.Level < common.Warning && msg.TTL == 0 {
			// Progress lines wait behind the startup notice; news that
			// chose how long it stays (the journal's report) does not.
			return nil, true
		}
		// News with a time of its own holds like the notice, so that a
		// progress line arriving in the same frame does not hide it.
		a.noticing = msg.TTL > 0
		return a.setStatus(msg), true
	case common.CountsMsg:
		a.counts = msg
		a.updateQuitPrompt()
		return nil, true
	case common.MigrationsMsg:
		a.migrations = msg
		return nil, true
	case common.PartnerMsg:
		// A failure stays quiet: the name only decorates the header, the
		// status bar belongs to the operator's work, and the calls that
		// matter report (and ask for sign-in) themselves. The error's text
		// is never shown, so nothing a token source says can reach the screen.
		if msg.Err == nil && msg.Name != "" {
			a.partner = msg.Name
		}
		return nil, true
	case common.SwitchScreenMsg:
		return a.switchTo(msg.ID, msg.Customer), true
	case common.NeedSignInMsg:
		return a.needSignIn(msg), true
	case common.SignedInMsg:
		// The partner signed in some other way (a screen of its own).
		return a.signedIn(msg.Account), true
	case common.PushMsg:
		return a.push(from, msg.Layer), true
	case common.PopMsg:
		return a.pop(from, msg.Answer), true
	case common.QuitMsg:
		return a.quit(), true
	case common.ReplaceScreenMsg:
		return a.replace(msg.Screen), true
	case common.TaskStartMsg:
		return a.startTask(from, msg.Task), true
	case common.TaskCancelMsg:
		a.cancelTask(msg.ID)
		return nil, true
	}
	return nil, false
}

// deliver gives msg to the screen or layer at to, if it is still there.
func (a *App) deliver(to common.Addr, msg tea.Msg) tea.Cmd {
	if to == common.FrameAddr {
		return a.onAnswer(msg)
	}
	if to.ID == "layer" {
		for i, l := range a.layers {
			if l.gen == to.Gen {
				return a.updateLayer(i, msg)
			}
		}
		return nil
	}
	for i, s := range a.screens {
		if s.gen == to.Gen && s.ID() == to.ID {
			return a.updateScreen(i, msg)
		}
	}
	return nil // popped or replaced: the answer is stale
}

// toTop gives an unaddressed message to whatever has the keyboard.
func (a *App) toTop(msg tea.Msg) tea.Cmd {
	if len(a.layers) > 0 {
		return a.updateLayer(len(a.layers)-1, msg)
	}
	if len(a.screens) > 0 {
		return a.updateScreen(a.active, msg)
	}
	return nil
}

func (a *App) updateScreen(i int, msg tea.Msg) tea.Cmd {
	s := a.screens[i]
	next, cmd := s.Update(msg)
	a.screens[i].Screen = next
	return s.addr().Wrap(cmd)
}

func (a *App) updateLayer(i int, msg tea.Msg) tea.Cmd {
	l := a.layers[i]
	next, cmd := l.Update(msg)
	a.layers[i].Layer = next
	cmd = l.addr().Wrap(cmd)
	if e, ok := next.(common.Ender); ok {
		if answer, ended := e.Ended(); ended {
			return tea.Batch(cmd, a.pop(l.addr(), answer))
		}
	}
	return cmd
}

// broadcast gives msg to every screen and layer: only size, styles and
// sign-in news are sent this way.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.screens)+len(a.layers))
	for i := range a.screens {
		cmds = append(cmds, a.updateScreen(i, msg))
	}
	for i := range a.layers {
		cmds = append(cmds, a.updateLayer(i, msg))
	}
	return tea.Batch(cmds...)
}

// push puts l on top of the stack; opener gets its answer.
func (a *App) push(opener common.Addr, l common.Layer) tea.Cmd {
	if l == nil {
		return nil
	}
	a.gen++
	s := stacked{Layer: l, gen: a.gen, opener: opener}
	a.layers = append(a.layers, s)
	a.sizeLayer(s)
	next, cmd := l.Update(common.PushedMsg{Self: s.addr(), Opener: opener})
	a.layers[len(a.layers)-1].Layer = next
	return tea.Batch(s.addr().Wrap(cmd), s.addr().Wrap(next.Init()))
}

// pop removes the layer from (and every layer above it) and gives answer
// to its opener. A Pop from anything that is not a stacked layer is ignored.
func (a *App) pop(from common.Addr, answer tea.Msg) tea.Cmd {
	i := slices.IndexFunc(a.layers, func(l stacked) bool { return l.addr() == from })
	if i < 0 {
		return nil
	}
	opener := a.layers[i].opener
	for _, l := range a.layers[i:] {
		if c, ok := l.Layer.(common.Closer); ok {
			c.Close()
		}
		if l.gen == a.partnerSignIn {
			a.partnerSignIn = 0
		}
	}
	a.layers = a.layers[:i]
	if answer == nil {
		return nil
	}
	return a.deliver(opener, answer)
}

// replace puts s in place of the screen with the same ID, as a new mount.
func (a *App) replace(s common.Screen) tea.Cmd {
	i := a.index(s.ID())
	if i < 0 {
		a.setStatus(common.StatusMsg{Level: common.Error, Text: "No screen called " + s.ID()})
		return nil
	}
	if d, ok := a.screens[i].Screen.(common.Activator); ok && i == a.active {
		d.Deactivate()
	}
	a.gen++
	a.screens[i] = mounted{Screen: s, gen: a.gen}
	s.SetSize(max(a.c.Width, 0), a.bodyHeight())
	cmds := []tea.Cmd{a.screens[i].addr().Wrap(s.Init())}
	if i == a.active {
		cmds = append(cmds, a.activate(i))
	}
	return tea.Batch(cmds...)
}

// onAnswer handles the answers of the layers the frame pushed.
func (a *App) onAnswer(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case cmdline.Run:
		return a.run(msg.Line)
	case confirm.Answer:
		if msg.ID == quitPrompt && msg.Yes {
			return tea.Quit
		}
	case signin.Result:
		switch {
		case msg.OK():
			return a.signedIn(msg.Account.Username)
		case msg.Cancelled:
			a.signedOut = true
			a.setStatus(common.StatusMsg{Level: common.Warning, Text: "Not signed in — :signin signs in"})
			return a.broadcast(common.SignInCancelledMsg{})
		}
	}
	return nil
}

// signedIn records the partner's sign-in and tells every screen.
func (a *App) signedIn(account string) tea.Cmd {
	a.signedOut, a.noticing = false, false
	expire := a.setStatus(common.StatusMsg{Level: common.Success, Text: "Signed in as " + model.Sanitize(account)})
	if a.noticeAtSignIn {
		// The startup notice was on the sign-in layer, now gone: it comes
		// back to the status bar until the operator goes on.
		a.noticeAtSignIn = false
		a.status = common.StatusMsg{Level: common.Warning, Text: model.Sanitize(a.opts.Notice)}
		a.noticing, expire = true, nil
	}
	return tea.Batch(a.broadcast(common.SignedInMsg{Account: account}), a.partnerCmd(), expire)
}

// needSignIn pushes the partner's sign-in layer, once.
func (a *App) needSignIn(msg common.NeedSignInMsg) tea.Cmd {
	a.noticing = false
	if a.newSignIn == nil {
		a.setStatus(common.StatusMsg{Level: common.Error,
			Text: "Sign-in needed: " + msg.Reason + " — restart mcgdash with valid credentials"})
		return nil
	}
	a.setStatus(common.StatusMsg{Level: common.Warning, Text: "Sign-in needed: " + msg.Reason})
	if a.partnerSignIn != 0 {
		// Already open: it shows the latest reason.
		return a.deliver(common.Addr{ID: "layer", Gen: a.partnerSignIn}, msg)
	}
	notice := ""
	if a.noticeToSignIn {
		// The status bar is about to say "Sign-in needed": the sign-in
		// layer shows the notice instead, so the operator still sees it.
		a.noticeToSignIn, a.noticeAtSignIn = false, true
		notice = model.Sanitize(a.opts.Notice)
	}
	cmd := a.push(common.FrameAddr, a.newSignIn(msg.Reason, notice))
	a.partnerSignIn = a.gen
	return cmd
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		return tea.Quit
	}
	if top, ok := a.top(); ok {
		if _, isHelp := top.Layer.(*keyhelp.Model); !isHelp && !top.Capturing() && key.Matches(msg, a.keys.Help) {
			return a.openHelp()
		}
		return a.updateLayer(len(a.layers)-1, msg)
	}
	cur := a.screen()
	if cur == nil || !cur.Capturing() {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a.quit()
		case key.Matches(msg, a.keys.Help):
			return a.openHelp()
		case key.Matches(msg, a.keys.Command):
			return a.push(common.FrameAddr, cmdline.New(a.c.Styles, a.commandNames()))
		case key.Matches(msg, a.keys.Tabs):
			n, _ := strconv.Atoi(msg.String())
			if n >= 1 && n <= len(a.screens) {
				return a.show(n - 1)
			}
			return nil
		}
	}
	if cur == nil {
		return nil
	}
	return a.updateScreen(a.active, msg)
}

// onPaste gives a terminal paste to whatever has the keyboard, if it takes
// text, after the same sanitising as text from an API.
func (a *App) onPaste(msg tea.PasteMsg) tea.Cmd {
	msg.Content = common.JoinLines(model.Sanitize(common.JoinLines(msg.Content)))
	if top, ok := a.top(); ok {
		if !top.Capturing() {
			return nil
		}
		return a.updateLayer(len(a.layers)-1, msg)
	}
	if cur := a.screen(); cur == nil || !cur.Capturing() {
		return nil
	}
	return a.updateScreen(a.active, msg)
}

// openHelp pushes the help for what has the keyboard.
func (a *App) openHelp() tea.Cmd {
	var groups [][]key.Binding
	title := "Keys"
	if top, ok := a.top(); ok {
		groups = append([][]key.Binding{{a.keys.Help, a.keys.ForceQuit}}, top.FullHelp()...)
		title += " — " + top.Title()
	} else {
		groups = [][]key.Binding{{a.keys.Help, a.keys.Command, a.keys.Tabs, a.keys.Quit, a.keys.ForceQuit}}
		if cur := a.screen(); cur != nil {
			groups = append(groups, cur.FullHelp()...)
			title += " — " + cur.Title()
		}
	}
	return a.push(common.FrameAddr, keyhelp.New(a.c.Styles, title, groups))
}

// quit quits, unless work would be cut short: then it asks first
// (terminal.md: quit while jobs run: warn); q or y there quits.
func (a *App) quit() tea.Cmd {
	why := a.unfinished()
	if why == "" {
		return tea.Quit
	}
	for _, l := range a.layers {
		if _, ok := l.Layer.(*confirm.Model); ok && l.opener == common.FrameAddr {
			return nil // already asking
		}
	}
	return a.push(common.FrameAddr, confirm.New(a.c, confirm.Options{
		ID: quitPrompt, Question: "Quit mcgdash?", Effect: quitEffect(why),
		YesKeys: []string{"q", "y"}, Yes: "quit", No: "stay",
	}))
}

func quitEffect(why string) string { return why + ". Quitting now cuts it short." }

// updateQuitPrompt keeps the figures of an open quit prompt current.
func (a *App) updateQuitPrompt() {
	for _, l := range a.layers {
		if p, ok := l.Layer.(*confirm.Model); ok && l.opener == common.FrameAddr && p.ID() == quitPrompt {
			if why := a.unfinished(); why != "" {
				p.SetEffect(quitEffect(why))
			}
		}
	}
}

// unfinished says what quitting would cut short: tasks that must finish
// and screens with work in flight (common.Busy); "" if nothing.
func (a *App) unfinished() string {
	var what []string
	for _, t := range a.tasks {
		if t.MustFinish {
			what = append(what, t.Title)
		}
	}
	for _, s := range a.screens {
		if b, ok := s.Screen.(common.Busy); ok && b.Busy() {
			w := s.Title() + " still working"
			if c := a.counts; !c.Done && c.Total > 0 && s.ID() == "customers" {
				w = "Still loading " + header.Count(c.Loaded) + " of " + header.Count(c.Total) + " customers"
			}
			what = append(what, w)
		}
	}
	return strings.Join(what, "; ")
}

// setStatus puts st in the status bar. An info or success line expires
// after statusTTL; warnings and errors stay until replaced or the next key.
func (a *App) setStatus(st common.StatusMsg) tea.Cmd {
	a.status = st
	a.statusGen++
	ttl := a.statusTTL
	switch {
	case st.Text == "":
		return nil
	case st.TTL > 0:
		ttl = st.TTL
	case st.Level >= common.Warning:
		return nil
	}
	gen := a.statusGen
	return tea.Tick(ttl, func(time.Time) tea.Msg { return statusExpiredMsg{gen: gen} })
}

// clearStatus empties the status bar if its line is of level upTo or lower.
func (a *App) clearStatus(upTo common.Level) {
	if a.status.Level <= upTo && a.status.Text != "" {
		a.status = common.StatusMsg{}
		a.statusGen++
	}
}

// show makes screen i the active one: the one left is deactivated and the
// one shown activated. What the status bar said about the screen left
// behind is no longer news.
func (a *App) show(i int) tea.Cmd {
	if i == a.active {
		return nil
	}
	a.clearStatus(common.Success)
	if d, ok := a.screens[a.active].Screen.(common.Activator); ok {
		d.Deactivate()
	}
	a.active = i
	return a.activate(i)
}

func (a *App) activate(i int) tea.Cmd {
	if d, ok := a.screens[i].Screen.(common.Activator); ok {
		return a.screens[i].addr().Wrap(d.Activate())
	}
	return nil
}

func (a *App) index(id string) int {
	return slices.IndexFunc(a.screens, func(s mounted) bool { return s.ID() == id })
}

func (a *App) switchTo(id string, c *model.Customer) tea.Cmd {
	i := a.index(id)
	if i < 0 {
		a.setStatus(common.StatusMsg{Level: common.Error, Text: "No screen called " + id})
		return nil
	}
	cmd := a.show(i)
	if c == nil {
		return cmd
	}
	return tea.Batch(cmd, a.updateScreen(i, common.CustomerFocusMsg{Customer: c}))
}

func (a *App) bodyHeight() int { return max(a.c.Height-chromeLines, 0) }

func (a *App) resize() {
	w, h := max(a.c.Width, 0), a.bodyHeight()
	for _, s := range a.screens {
		s.SetSize(w, h)
	}
	for _, l := range a.layers {
		a.sizeLayer(l)
	}
}

func (a *App) sizeLayer(l stacked) {
	w := max(a.c.Width, 0)
	if l.placement() == common.Bar {
		l.SetSize(w, 1)
		return
	}
	l.SetSize(w, a.bodyHeight())
}

// View renders the frame. It clips every line to the terminal so that no
// screen can push the status bar off at any size.
func (a *App) View() tea.View {
	v := tea.NewView(a.c.Styles.Frame(a.render()))
	v.AltScreen = true
	v.WindowTitle = "mcgdash"
	return v
}

func (a *App) render() string {
	w, h := a.c.Width, a.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	bh := a.bodyHeight()
	lines := make([]string, 0, h)
	lines = append(lines, a.header(w), a.tabs(w))
	body := fitLines(a.screenView(), w, bh)
	for _, l := range a.layers {
		switch l.placement() {
		case common.Body:
			body = fitLines(l.View(), w, bh)
		case common.Centered:
			body = overlay(body, strings.Split(l.View(), "\n"), w)
		}
	}
	lines = append(lines, body...)
	lines = append(lines, a.statusBar(w))
	if len(lines) > h {
		// Too short for the whole frame: the status bar matters most, then the header.
		keep := append(lines[:max(h-1, 0):max(h-1, 0)], lines[len(lines)-1])
		lines = keep[len(keep)-h:]
	}
	return strings.Join(lines, "\n")
}

func (a *App) screenView() string {
	if cur := a.screen(); cur != nil {
		return cur.View()
	}
	return ""
}

// fitLines is view as exactly h lines, each clipped to w.
func fitLines(view string, w, h int) []string {
	out := make([]string, 0, h)
	for line := range strings.SplitSeq(view, "\n") {
		if len(out) == h {
			break
		}
		out = append(out, header.Clip(line, w))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// overlay draws box in the middle of base (lines of width w), leaving
// what is around it visible.
func overlay(base, box []string, w int) []string {
	bw := 0
	for _, l := range box {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, w)
	top := max((len(base)-len(box))/2, 0)
	left := max((w-bw)/2, 0)
	out := slices.Clone(base)
	for i, l := range box {
		y := top + i
		if y >= len(out) {
			break
		}
		under := out[y]
		l = header.Clip(l, bw)
		l += strings.Repeat(" ", bw-ansi.StringWidth(l))
		leftPart := ansi.Truncate(under, left, "")
		leftPart += strings.Repeat(" ", left-ansi.StringWidth(leftPart))
		out[y] = leftPart + "\x1b[m" + l + "\x1b[m" + ansi.TruncateLeft(under, left+bw, "")
	}
	return out
}

func (a *App) header(w int) string {
	return header.Render(a.c.Styles, header.Info{Migrations: migrationsSummary(a.migrations),
		Sandbox: a.c.Sandbox, ReadOnly: a.c.Partner != nil && a.c.Partner.ReadOnly(), Env: a.c.Env, Endpoint: a.c.Endpoint, Partner: a.partner, SignedOut: a.signedOut,
		Loaded: a.counts.Loaded, Total: a.counts.Total, Done: a.counts.Done, Stopped: a.counts.Stopped,
	}, w)
}

// tabs lists the screens; a layer that covers the body is the active tab.
func (a *App) tabs(w int) string {
	s := a.c.Styles
	cover := ""
	for _, l := range a.layers {
		if l.placement() == common.Body {
			cover = l.Title()
		}
	}
	var b strings.Builder
	for i, sc := range a.screens {
		label := strconv.Itoa(i+1) + " " + sc.Title()
		if i == a.active && cover == "" {
			b.WriteString(s.TabActive.Render(label))
		} else {
			b.WriteString(s.Tab.Render(label))
		}
	}
	if cover != "" {
		b.WriteString(s.TabActive.Render(cover))
	}
	return header.Clip(b.String(), w)
}

func (a *App) statusBar(w int) string {
	top, layered := a.top()
	if layered && top.placement() == common.Bar {
		return header.Clip(top.View(), w)
	}
	// "? help" always comes first: it leads to everything else. While
	// something captures text, ? and q type themselves: only its keys apply.
	var keys []key.Binding
	switch {
	case layered:
		if !top.Capturing() {
			keys = append(keys, a.keys.Help)
		}
		keys = append(keys, top.ShortHelp()...)
	default:
		cur := a.screen()
		capturing := cur != nil && cur.Capturing()
		if !capturing {
			keys = append(keys, a.keys.Help)
		}
		if cur != nil {
			keys = append(keys, cur.ShortHelp()...)
		}
		if !capturing {
			keys = append(keys, a.keys.Quit)
		}
	}
	status := a.status
	task := a.taskLine()
	if task != "" && status.Level == common.Info {
		// A running task wins over progress lines; news and trouble win over it.
		status = common.StatusMsg{}
	}
	return a.bar.Render(status, task, keys, w)
}

// migrationsSummary is the header's word on the migrations: how many run
// and failed, and "stale" when the last refresh could not reach the
// service; "" before the first refresh or when there are none.
func migrationsSummary(m common.MigrationsMsg) string {
	if m.Refreshed.IsZero() || m.Running+m.Failed == 0 && !m.Stale {
		return ""
	}
	s := strconv.Itoa(m.Running) + " migrating"
	if m.Failed > 0 {
		s += ", " + strconv.Itoa(m.Failed) + " failed"
	}
	if m.Stale {
		s += " (stale " + m.Refreshed.Local().Format("15:04") + ")"
	}
	return s
}
