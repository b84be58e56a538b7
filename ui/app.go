// Package ui is mcgdash's root frame: the header with environment, partner
// and counts, the numbered tabs, the ":" command line, the status bar and
// the "?" help overlay around whichever screen is active.
package ui

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// Options configure the root frame.
type Options struct {
	// SignIn is shown when a screen sends common.NeedSignInMsg; nil means
	// the operator is told to restart with valid credentials instead.
	SignIn common.Screen
	// PartnerName fetches the partner's name for the header (for example
	// from client.GetOrganizationProfile); nil leaves it out.
	PartnerName func(ctx context.Context) (string, error)
	// Aliases map extra ":" commands to screen ids, e.g. "cust" → "customers".
	Aliases map[string]string
	// Notice is a warning shown in the status bar at start, for example
	// that the sandbox's fixed port was busy. It stays until the first key
	// press or a warning or error; progress lines do not replace it.
	Notice string
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

// signInFirst answers the keys that leave a screen while signing in.
const signInFirst = "Sign in first (esc cancels, q quits)"

// defaultStatusTTL is how long an info or success line stays in the status bar.
const defaultStatusTTL = 4 * time.Second

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

// App is the root tea.Model.
type App struct {
	c       *common.Context
	screens []common.Screen
	active  int
	opts    Options
	keys    KeyMap

	signingIn bool

	partner string
	counts  common.CountsMsg
	status  common.StatusMsg
	// statusGen numbers each status line, so that the expiry of an old
	// line never clears a newer one; statusTTL is how long an info or
	// success line stays.
	statusGen int
	statusTTL time.Duration
	// noticing keeps Options.Notice in the status bar until a key press;
	// noticeToSignIn says the sign-in screen has yet to be given it.
	noticing, noticeToSignIn bool
	// noticeAtSignIn: the notice went to the sign-in screen and returns
	// to the status bar once signed in.
	noticeAtSignIn bool
	// quitArmed is set by a q that only warned because work was in
	// flight; the next key quits if it is q. beforeQuit is the status
	// line the warning covers, put back if the operator goes on.
	quitArmed  bool
	beforeQuit common.StatusMsg

	cmdline    textinput.Model
	commanding bool
	help       bool
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
	a := &App{c: c, screens: screens, opts: opts, keys: DefaultKeyMap(), cmdline: common.NewInput(":", c.Styles),
		statusTTL: defaultStatusTTL}
	a.keys.Command.SetHelp(":", "command ("+a.commandList()+"; tab completes)")
	if opts.Notice != "" {
		a.status = common.StatusMsg{Level: common.Warning, Text: model.Sanitize(opts.Notice)}
		a.noticing, a.noticeToSignIn = true, true
	}
	return a
}

// Init starts every screen, asks for the terminal's background colour and
// fetches the partner's name.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	for _, s := range a.screens {
		cmds = append(cmds, s.Init())
	}
	if a.opts.SignIn != nil {
		cmds = append(cmds, a.opts.SignIn.Init())
	}
	cmds = append(cmds, a.partnerCmd())
	return tea.Batch(cmds...)
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

// current is the screen that gets keys: the sign-in screen while signing in.
func (a *App) current() common.Screen {
	if a.signingIn {
		return a.opts.SignIn
	}
	if len(a.screens) == 0 {
		return nil
	}
	return a.screens[a.active]
}

// Update routes messages: keys to the current screen, every other message
// to all screens (their own async answers carry the asker, so a late
// answer is taken only by the screen that asked, active or not).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.BackgroundColorMsg:
		a.c.Styles = a.c.Styles.WithDark(msg.IsDark())
		a.applyStyles()
		return a, nil
	case tea.ColorProfileMsg:
		a.c.Styles = a.c.Styles.ForProfile(msg.Profile) // TERM=dumb: markers for attributes
		a.applyStyles()
		return a, nil
	case tea.KeyPressMsg:
		a.noticing = false
		if !a.quitArmed {
			// A warning or an error stays until the operator goes on.
			a.clearStatus(common.Error)
		}
		return a, a.onKey(msg)
	case statusExpiredMsg:
		if msg.gen == a.statusGen {
			a.clearStatus(common.Error) // this very line, whatever its level
		}
		return a, nil
	case tea.PasteMsg:
		return a, a.onPaste(msg)
	case common.StatusMsg:
		if a.noticing && msg.Level < common.Warning {
			return a, nil
		}
		if a.quitArmed && msg.Level < common.Warning {
			// Progress must not hide the quit warning; it shows afterwards.
			a.beforeQuit = msg
			return a, nil
		}
		a.noticing = false
		return a, a.setStatus(msg)
	case common.CountsMsg:
		a.counts = msg
		if a.quitArmed {
			a.setStatus(a.quitWarning())
		}
		return a, nil
	case common.PartnerMsg:
		// A failure stays quiet: the name only decorates the header, the
		// status bar belongs to the operator's work, and the calls that
		// matter report (and ask for sign-in) themselves. The error's text
		// is never shown, so nothing a token source says can reach the screen.
		if msg.Err == nil && msg.Name != "" {
			a.partner = msg.Name
		}
		return a, nil
	case common.SwitchScreenMsg:
		return a, a.switchTo(msg.ID, msg.Customer)
	case common.NeedSignInMsg:
		return a, a.needSignIn(msg)
	case common.SignedInMsg:
		a.signingIn = false
		a.noticing = false
		expire := a.setStatus(common.StatusMsg{Level: common.Success, Text: "Signed in " + msg.Account})
		if a.noticeAtSignIn {
			// The startup notice was on the sign-in screen, now gone: it
			// comes back to the status bar until the operator goes on.
			a.noticeAtSignIn = false
			a.status = common.StatusMsg{Level: common.Warning, Text: model.Sanitize(a.opts.Notice)}
			a.noticing, expire = true, nil
		}
		return a, tea.Batch(a.broadcast(msg, false), a.partnerCmd(), expire)
	}
	return a, a.broadcast(msg, true)
}

// broadcast gives msg to every screen, and to the sign-in screen if asked.
func (a *App) broadcast(msg tea.Msg, signIn bool) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.screens)+1)
	for i, s := range a.screens {
		var cmd tea.Cmd
		a.screens[i], cmd = s.Update(msg)
		cmds = append(cmds, cmd)
	}
	if signIn && a.opts.SignIn != nil {
		var cmd tea.Cmd
		a.opts.SignIn, cmd = a.opts.SignIn.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (a *App) needSignIn(msg common.NeedSignInMsg) tea.Cmd {
	a.noticing = false
	if a.opts.SignIn == nil {
		a.setStatus(common.StatusMsg{Level: common.Error,
			Text: "Sign-in needed: " + msg.Reason + " — restart mcgdash with valid credentials"})
		return nil
	}
	a.setStatus(common.StatusMsg{Level: common.Warning, Text: "Sign-in needed: " + msg.Reason})
	if a.signingIn {
		return nil
	}
	a.signingIn, a.help, a.commanding = true, false, false
	if a.noticeToSignIn {
		// The status bar is about to say "Sign-in needed": the sign-in
		// screen shows the notice instead, so the operator still sees it.
		a.noticeToSignIn, a.noticeAtSignIn = false, true
		a.opts.SignIn, _ = a.opts.SignIn.Update(common.NoticeMsg{Text: model.Sanitize(a.opts.Notice)})
	}
	var cmd tea.Cmd
	a.opts.SignIn, cmd = a.opts.SignIn.Update(msg)
	return cmd
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		return tea.Quit
	}
	if a.quitArmed {
		a.quitArmed = false
		if key.Matches(msg, a.keys.Quit) {
			return tea.Quit
		}
		return tea.Batch(a.setStatus(a.beforeQuit), a.route(msg))
	}
	return a.route(msg)
}

// route gives a key to the command line, the frame or the current screen.
func (a *App) route(msg tea.KeyPressMsg) tea.Cmd {
	if a.commanding {
		return a.onCommandKey(msg)
	}
	cur := a.current()
	capturing := cur != nil && cur.Capturing()
	if a.help {
		// Any key closes help; q still quits.
		a.help = false
		if key.Matches(msg, a.keys.Quit) {
			return a.quit()
		}
		return nil
	}
	if !capturing {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a.quit()
		case key.Matches(msg, a.keys.Help):
			a.help = true
			return nil
		case a.signingIn && (key.Matches(msg, a.keys.Command) || key.Matches(msg, a.keys.Tabs)):
			// The other screens would only ask for the sign-in again.
			a.setStatus(common.StatusMsg{Level: common.Warning, Text: signInFirst})
			return nil
		case key.Matches(msg, a.keys.Command):
			a.commanding = true
			a.cmdline.Reset()
			return a.cmdline.Focus()
		case key.Matches(msg, a.keys.Tabs):
			n, _ := strconv.Atoi(msg.String())
			if n >= 1 && n <= len(a.screens) {
				a.show(n - 1)
			}
			return nil
		}
	}
	if cur == nil {
		return nil
	}
	return a.updateCurrent(msg)
}

// updateCurrent gives msg to the screen that has the keyboard.
func (a *App) updateCurrent(msg tea.Msg) tea.Cmd {
	next, cmd := a.current().Update(msg)
	if a.signingIn {
		a.opts.SignIn = next
	} else {
		a.screens[a.active] = next
	}
	return cmd
}

func (a *App) onCommandKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		a.commanding = false
		a.clearStatus(common.Success)
		return nil
	case "enter":
		a.commanding = false
		a.clearStatus(common.Success)
		return a.run(strings.TrimSpace(a.cmdline.Value()))
	case "tab":
		a.complete()
		return nil
	}
	var cmd tea.Cmd
	a.cmdline, cmd = a.cmdline.Update(msg)
	return cmd
}

// onPaste gives a terminal paste to whatever has the keyboard, as a key
// would be, after the same sanitising as text from an API.
func (a *App) onPaste(msg tea.PasteMsg) tea.Cmd {
	msg.Content = common.JoinLines(model.Sanitize(common.JoinLines(msg.Content)))
	if a.commanding {
		var cmd tea.Cmd
		a.cmdline, cmd = a.cmdline.Update(msg)
		return cmd
	}
	cur := a.current()
	if a.help || cur == nil || !cur.Capturing() {
		return nil
	}
	return a.updateCurrent(msg)
}

// quit quits, unless a screen has work in flight: then it warns, and the
// next key quits if it is q again (terminal.md: quit while jobs run: warn).
func (a *App) quit() tea.Cmd {
	if !a.busy() {
		return tea.Quit
	}
	a.quitArmed, a.beforeQuit = true, a.status
	a.setStatus(a.quitWarning())
	return nil
}

// busy reports whether any screen has work in flight.
func (a *App) busy() bool {
	for _, s := range a.screens {
		if b, ok := s.(common.Busy); ok && b.Busy() {
			return true
		}
	}
	return false
}

func (a *App) quitWarning() common.StatusMsg {
	what := "Work still running"
	if c := a.counts; !c.Done && c.Total > 0 {
		what = "Still loading " + count(c.Loaded) + " of " + count(c.Total) + " customers"
	}
	return common.StatusMsg{Level: common.Warning, Text: what + " — press q again to quit (ctrl+c quits at once)"}
}

// commands lists every ":" command with the screen id it leads to ("" for quit).
func (a *App) commands() map[string]string {
	cmds := map[string]string{"q": "", "quit": "", "q!": ""}
	for _, s := range a.screens {
		cmds[s.ID()] = s.ID()
		if al, ok := s.(Aliased); ok {
			for _, name := range al.Aliases() {
				cmds[name] = s.ID()
			}
		}
	}
	for name, id := range a.opts.Aliases {
		if a.index(id) >= 0 {
			cmds[name] = id
		}
	}
	return cmds
}

// complete extends the command line to the longest common prefix of the
// commands it starts; the command bar lists them as the operator types.
func (a *App) complete() {
	typed := strings.ToLower(a.cmdline.Value())
	var matches []string
	for name := range a.commands() {
		if strings.HasPrefix(name, typed) {
			matches = append(matches, name)
		}
	}
	sort.Strings(matches)
	if len(matches) == 0 {
		return
	}
	prefix := matches[0]
	for _, m := range matches[1:] {
		for !strings.HasPrefix(m, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	a.cmdline.SetValue(prefix)
	a.cmdline.CursorEnd()
}

func (a *App) run(line string) tea.Cmd {
	if line == "" {
		return nil
	}
	name := strings.ToLower(strings.Fields(line)[0])
	id, ok := a.commands()[name]
	switch {
	case ok && id == "" && name == "q!":
		return tea.Quit
	case ok && id == "":
		return a.quit()
	case ok:
		return a.switchTo(id, nil)
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(a.screens) {
		a.show(n - 1)
		return nil
	}
	names := make([]string, 0, len(a.screens))
	for _, s := range a.screens {
		names = append(names, ":"+s.ID())
	}
	names = append(names, ":q")
	a.setStatus(common.StatusMsg{Level: common.Error,
		Text: "Unknown command :" + name + " — try " + strings.Join(names, ", ")})
	return nil
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

// show makes screen i the active one. What the status bar said about the
// screen left behind is no longer news.
func (a *App) show(i int) {
	if i != a.active {
		a.clearStatus(common.Success)
	}
	a.active = i
}

func (a *App) index(id string) int {
	return slices.IndexFunc(a.screens, func(s common.Screen) bool { return s.ID() == id })
}

func (a *App) switchTo(id string, c *model.Customer) tea.Cmd {
	i := a.index(id)
	if i < 0 {
		a.setStatus(common.StatusMsg{Level: common.Error, Text: "No screen called " + id})
		return nil
	}
	a.show(i)
	if c == nil {
		return nil
	}
	var cmd tea.Cmd
	a.screens[i], cmd = a.screens[i].Update(common.CustomerFocusMsg{Customer: c})
	return cmd
}

func (a *App) bodyHeight() int { return max(a.c.Height-chromeLines, 0) }

func (a *App) resize() {
	w, h := max(a.c.Width, 0), a.bodyHeight()
	for _, s := range a.screens {
		s.SetSize(w, h)
	}
	if a.opts.SignIn != nil {
		a.opts.SignIn.SetSize(w, h)
	}
}

func (a *App) applyStyles() {
	common.StyleInput(&a.cmdline, a.c.Styles)
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
	lines := make([]string, 0, h)
	lines = append(lines, a.header(w), a.tabs(w))
	body := ""
	switch cur := a.current(); {
	case a.help:
		body = a.helpView(w, a.bodyHeight())
	case cur != nil:
		body = cur.View()
	}
	bh := a.bodyHeight()
	n := 0
	for line := range strings.SplitSeq(body, "\n") {
		if n == bh {
			break
		}
		lines = append(lines, clip(line, w))
		n++
	}
	for ; n < bh; n++ {
		lines = append(lines, "")
	}
	lines = append(lines, a.statusBar(w))
	if len(lines) > h {
		// Too short for the whole frame: the status bar matters most, then the header.
		keep := append(lines[:max(h-1, 0):max(h-1, 0)], lines[len(lines)-1])
		lines = keep[len(keep)-h:]
	}
	return strings.Join(lines, "\n")
}

func clip(line string, w int) string {
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// header reads, for example,
// " SANDBOX · Microsoft Cloud Germany · Contoso Partner GmbH    1,000 of 100,000 customers (loading)".
// When it does not fit, the counts get shorter, then the cloud's name goes;
// the partner's name is cut only as a last resort.
func (a *App) header(w int) string {
	s := a.c.Styles
	sep := s.HeaderDim.Render(" · ")
	lead := " "
	if a.c.Sandbox {
		lead = s.Badge("SANDBOX") + sep // the badge has its own padding
	}
	var where []string
	if a.c.Endpoint != "" {
		where = append(where, s.Header.Render(endpointHost(a.c.Endpoint)))
	}
	if a.partner != "" {
		where = append(where, s.Header.Render(a.partner))
	}
	lefts := []string{lead + strings.Join(where, sep)}
	if cl, ok := model.CloudFor(a.c.Env); ok {
		lefts = append([]string{lead + strings.Join(append([]string{s.Header.Render(cl.DisplayName)}, where...), sep)}, lefts...)
	}
	for i, l := range lefts {
		lefts[i] = strings.TrimSuffix(l, sep)
	}
	rights := a.countsVariants()
	if len(rights) == 0 {
		rights = []string{""}
	}
	for _, left := range lefts {
		for _, right := range rights {
			if ansi.StringWidth(left)+2+ansi.StringWidth(right) <= w {
				return spread(left, s.HeaderDim.Render(right), w)
			}
		}
	}
	left := lefts[len(lefts)-1]
	if ansi.StringWidth(left) <= w {
		return left
	}
	return clip(left, w)
}

// countsVariants are the header's customer counts from the longest to the shortest.
func (a *App) countsVariants() []string {
	c := a.counts
	if c.Total <= 0 && c.Loaded <= 0 {
		return nil
	}
	if c.Stopped {
		// Not complete, though it may look it: say so, and how to go on.
		n := count(c.Loaded)
		long, of, short := n+" customers loaded", n+" loaded", n+"+"
		if c.Total > c.Loaded {
			of, short = n+" of at least "+count(c.Total), n+" of ≥"+count(c.Total)
			long = of + " customers"
		}
		return []string{long + " — loading stopped, R retries", of + " — loading stopped, R retries", short + " — stopped", short}
	}
	if c.Done || c.Loaded >= c.Total {
		n := count(max(c.Loaded, c.Total))
		return []string{n + " customers", n}
	}
	of := count(c.Loaded) + " of " + count(c.Total)
	return []string{of + " customers (loading)", of + " (loading)", of, count(c.Loaded) + "/" + count(c.Total)}
}

// endpointHost is the host (and port) of a Partner Center URL, for the header.
func endpointHost(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return model.Sanitize(u.Host)
	}
	return model.Sanitize(endpoint)
}

// spread puts left and right on one line of width w. When both do not
// fit, left is cut to make room for a short right; a long right is dropped.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		if rw == 0 || rw+1 > w/2 {
			return clip(left, w)
		}
		left = clip(left, w-rw-1)
		lw = ansi.StringWidth(left)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

func (a *App) tabs(w int) string {
	s := a.c.Styles
	var b strings.Builder
	for i, sc := range a.screens {
		label := strconv.Itoa(i+1) + " " + sc.Title()
		if i == a.active && !a.signingIn {
			b.WriteString(s.TabActive.Render(label))
		} else {
			b.WriteString(s.Tab.Render(label))
		}
	}
	if a.signingIn {
		b.WriteString(s.TabActive.Render("Sign in"))
	}
	return clip(b.String(), w)
}

func (a *App) statusBar(w int) string {
	s := a.c.Styles
	if a.commanding {
		return a.commandBar(w)
	}
	// The message wins: it takes what it needs and the keys get what is
	// left, dropped from the end; only a message wider than the bar on its
	// own is cut.
	msg := fitMessage(a.status, w)
	var text string
	switch a.status.Level {
	case common.Error:
		text = s.StatusError.Render(msg)
	case common.Warning:
		text = s.StatusWarn.Render(msg)
	case common.Success:
		text = s.StatusOK.Render(msg)
	default:
		text = msg
	}
	// "? help" always comes first: it leads to everything else. While the
	// screen captures text, ? and q type themselves: only its keys apply.
	var keys []key.Binding
	cur := a.current()
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
	tw := ansi.StringWidth(text)
	budget := w
	if tw > 0 {
		budget = w - tw - 2
	}
	hints := a.shortHelp(keys, budget)
	if hints == "" {
		return text
	}
	return text + strings.Repeat(" ", w-tw-ansi.StringWidth(hints)) + hints
}

// commandBar is the open command line, with the commands that complete
// what is typed so far listed after it while they fit.
func (a *App) commandBar(w int) string {
	// The input keeps room for what is typed and a little more.
	input := min(w, max(ansi.StringWidth(a.cmdline.Prompt+a.cmdline.Value())+1, 20))
	var cands strings.Builder
	used := 0
	for _, name := range a.candidates() {
		n := 2 + ansi.StringWidth(name)
		if input+used+n > w {
			break
		}
		cands.WriteString("  " + a.c.Styles.Dim.Render(name))
		used += n
	}
	common.FitInput(&a.cmdline, w-used)
	return clip(a.cmdline.View(), w-used) + cands.String()
}

// candidates lists the commands that start with what is typed, screens in
// tab order first, then aliases, then quit; nothing once a command is
// typed in full and nothing else matches.
func (a *App) candidates() []string {
	typed := strings.ToLower(strings.TrimSpace(a.cmdline.Value()))
	var out []string
	for _, name := range a.commandNames() {
		if strings.HasPrefix(name, typed) {
			out = append(out, name)
		}
	}
	if len(out) == 1 && out[0] == typed {
		return nil
	}
	return out
}

// commandNames lists every ":" command: each screen's id in tab order,
// then aliases in order, then quit.
func (a *App) commandNames() []string {
	cmds := a.commands()
	var ids, aliases []string
	for _, sc := range a.screens {
		ids = append(ids, sc.ID())
	}
	for name, id := range cmds {
		if id != "" && !slices.Contains(ids, name) {
			aliases = append(aliases, name)
		}
	}
	sort.Strings(aliases)
	return append(append(ids, aliases...), "q", "quit", "q!")
}

// commandList describes the ":" commands for help, for example
// ":customers (:cust), :routes, :q".
func (a *App) commandList() string {
	cmds := a.commands()
	var parts []string
	for _, sc := range a.screens {
		part := ":" + sc.ID()
		var aliases []string
		for name, id := range cmds {
			if id == sc.ID() && name != id {
				aliases = append(aliases, ":"+name)
			}
		}
		if len(aliases) > 0 {
			sort.Strings(aliases)
			part += " (" + strings.Join(aliases, " ") + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(append(parts, ":q"), ", ")
}

// actionSep separates what happened from what to do about it in a status
// line, as in "Still loading … — press q again to quit".
const actionSep = " — "

// fitMessage fits a status line into w cells. A warning or an error that
// ends in an action after actionSep keeps the action and loses the middle;
// any other line loses its end (lines that put the action first, such as
// "Loading stopped … (press R to retry): <error>", keep it that way).
func fitMessage(st common.StatusMsg, w int) string {
	text := st.Text
	tw := ansi.StringWidth(text)
	if tw <= w {
		return text
	}
	if st.Level >= common.Warning {
		if i := strings.LastIndex(text, actionSep); i > 0 {
			action := text[i:]
			aw := ansi.StringWidth(action)
			const minHead = 8 // enough of the head to say what it is about
			if aw+minHead <= w {
				return ansi.Truncate(text[:i], w-aw, "…") + action
			}
			return "…" + ansi.TruncateLeft(text, tw-(w-1), "")
		}
	}
	return ansi.Truncate(text, w, "…")
}

// shortHelp lists as many keys as fit in budget cells.
func (a *App) shortHelp(keys []key.Binding, budget int) string {
	s := a.c.Styles
	var b strings.Builder
	used := 0
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		h := k.Help()
		n := ansi.StringWidth(h.Key) + 1 + ansi.StringWidth(h.Desc)
		if used > 0 {
			n += 3
		}
		if used+n > budget {
			break
		}
		if used > 0 {
			b.WriteString(s.Dim.Render(" • "))
		}
		b.WriteString(s.Key.Render(h.Key) + " " + s.KeyDesc.Render(h.Desc))
		used += n
	}
	return b.String()
}

// helpView lists every key of the frame and of the current screen, in
// columns that wrap to the width available.
func (a *App) helpView(w, h int) string {
	s := a.c.Styles
	frame := []key.Binding{a.keys.Help, a.keys.Command, a.keys.Tabs, a.keys.Quit, a.keys.ForceQuit}
	if a.signingIn {
		// Screens and commands wait for the sign-in.
		frame = []key.Binding{a.keys.Help, a.keys.Quit, a.keys.ForceQuit}
	}
	groups := [][]key.Binding{frame}
	title := "Keys"
	if cur := a.current(); cur != nil {
		groups = append(groups, cur.FullHelp()...)
		title = "Keys — " + cur.Title()
	}
	var blocks [][]string
	for _, g := range groups {
		kw := 0
		for _, k := range g {
			kw = max(kw, ansi.StringWidth(k.Help().Key))
		}
		var block []string
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			hk := k.Help()
			block = append(block, s.Key.Render(hk.Key+strings.Repeat(" ", kw-ansi.StringWidth(hk.Key)))+"  "+s.KeyDesc.Render(hk.Desc))
		}
		blocks = append(blocks, block)
	}
	lines := []string{s.Title.Render(title) + s.Dim.Render("  (any key closes)"), ""}
	// Lay the blocks out left to right, starting a new band when full.
	var band [][]string
	bandW := 0
	flush := func() {
		if len(band) == 0 {
			return
		}
		rows := 0
		for _, b := range band {
			rows = max(rows, len(b))
		}
		widths := make([]int, len(band))
		for i, b := range band {
			for _, l := range b {
				widths[i] = max(widths[i], ansi.StringWidth(l))
			}
		}
		for r := range rows {
			var line strings.Builder
			for i, b := range band {
				cell := ""
				if r < len(b) {
					cell = b[r]
				}
				line.WriteString(cell)
				if i < len(band)-1 {
					line.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+3))
				}
			}
			lines = append(lines, line.String())
		}
		lines = append(lines, "")
		band, bandW = nil, 0
	}
	for _, b := range blocks {
		bw := 0
		for _, l := range b {
			bw = max(bw, ansi.StringWidth(l))
		}
		if bandW > 0 && bandW+3+bw > w {
			flush()
		}
		band = append(band, b)
		bandW += bw + 3
	}
	flush()
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// count formats n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(max(n, 0))
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
