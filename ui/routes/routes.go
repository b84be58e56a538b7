// Package routes is the task-routing screen: for the current environment,
// which portal does which partner task, with links that point at the
// customer at hand where the portal allows it. Links are OSC 8 hyperlinks
// with the URL visible as text, so they stay readable (and copyable with
// y, over OSC 52) where the terminal cannot click them.
package routes

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// ID is the screen's name for ":" commands and SwitchScreenMsg.
const ID = "routes"

// KeyMap is the screen's own keys.
type KeyMap struct {
	Up, Down, Top, Bottom key.Binding
	Copy, Open, Clear     key.Binding
}

// DefaultKeyMap returns the routing screen's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "previous link")),
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "next link")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first link")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last link")),
		Copy:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		Open:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		Clear:  key.NewBinding(key.WithKeys("esc", "x"), key.WithHelp("esc/x", "generic links")),
	}
}

// focusable is one link on screen, in reading order.
type focusable struct {
	route int
	link  model.Link
}

// Model is the routing screen.
type Model struct {
	c    *common.Context
	keys KeyMap

	env      model.Environment
	routes   []model.Route
	customer *model.Customer
	links    []focusable
	focus    int
	// offset is the first body line shown; the header never scrolls.
	offset        int
	width, height int

	// hasDisplay, openURL and getenv are the machine's; tests replace them.
	hasDisplay func() bool
	openURL    func(string) error
	getenv     func(string) string
}

// New returns the routing screen for c.Env, with generic links until a
// customer is handed to it by a common.CustomerFocusMsg.
func New(c *common.Context) common.Screen {
	m := &Model{c: c, keys: DefaultKeyMap(), width: c.Width, height: c.Height,
		hasDisplay: hasDisplay, openURL: openBrowser, getenv: os.Getenv}
	m.load()
	return m
}

// ID implements common.Screen.
func (m *Model) ID() string { return ID }

// Title implements common.Screen.
func (m *Model) Title() string { return "Routes" }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Capturing implements common.Screen: the screen has no text input.
func (m *Model) Capturing() bool { return false }

// SetSize implements common.Screen.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.scroll()
}

// ShortHelp implements common.Screen.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Down, m.keys.Up, m.keys.Copy, m.keys.Open, m.keys.Clear}
}

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{m.keys.Down, m.keys.Up, m.keys.Top, m.keys.Bottom},
		{m.keys.Copy, m.keys.Open, m.keys.Clear},
	}
}

// load (re)builds the links from the environment's table for the current
// customer. The focus stays on the same link: both tables keep their shape
// whatever the customer.
func (m *Model) load() {
	if m.env != m.c.Env || m.routes == nil {
		m.env = m.c.Env
		m.routes = model.Routes(m.env)
	}
	m.links = m.links[:0]
	for i, r := range m.routes {
		for _, l := range model.ResolveLinks(r, m.customer) {
			m.links = append(m.links, focusable{route: i, link: l})
		}
	}
	m.focus = min(max(m.focus, 0), max(len(m.links)-1, 0))
	m.scroll()
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m.env != m.c.Env {
		m.load()
	}
	switch msg := msg.(type) {
	case common.CustomerFocusMsg:
		m.setCustomer(msg.Customer)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) setCustomer(c *model.Customer) {
	if c != nil {
		cp := *c // the sender keeps its own; ours must not change under us
		c = &cp
	}
	m.customer = c
	m.load()
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Down):
		m.move(m.focus + 1)
	case key.Matches(msg, m.keys.Up):
		m.move(m.focus - 1)
	case key.Matches(msg, m.keys.Top):
		m.move(0)
	case key.Matches(msg, m.keys.Bottom):
		m.move(len(m.links) - 1)
	case key.Matches(msg, m.keys.Copy):
		l, ok := m.focused()
		if !ok {
			return nil
		}
		return tea.Batch(tea.SetClipboard(l.URL),
			common.StatusCmd(common.Success, "copied the "+l.Portal+" link (OSC 52)"))
	case key.Matches(msg, m.keys.Open):
		l, ok := m.focused()
		if !ok {
			return nil
		}
		return m.open(l)
	case key.Matches(msg, m.keys.Clear):
		if m.customer == nil {
			return nil
		}
		m.setCustomer(nil)
		return common.StatusCmd(common.Info, "no customer selected: generic links")
	}
	return nil
}

func (m *Model) move(to int) {
	if len(m.links) == 0 {
		return
	}
	m.focus = min(max(to, 0), len(m.links)-1)
	m.scroll()
}

func (m *Model) focused() (model.Link, bool) {
	if len(m.links) == 0 {
		return model.Link{}, false
	}
	return m.links[m.focus].link, true
}

// open starts a browser only where one can appear: over SSH without a
// forwarded display it would open on a screen nobody is looking at, or
// fail after a long wait, so the operator is told to copy instead.
func (m *Model) open(l model.Link) tea.Cmd {
	if b := m.getenv("BROWSER"); b != "" {
		// The operator's choice wins, display or not (w3m over SSH works).
		cmd, err := browserCommand(b, l.URL)
		if err != nil {
			return common.StatusCmd(common.Warning, err.Error()+": press y to copy the link instead")
		}
		portal := l.Portal
		// ExecProcess hands it the terminal: a text browser needs it, and
		// the dashboard comes back when it exits.
		return tea.ExecProcess(cmd, func(err error) tea.Msg {
			if err != nil {
				return common.StatusMsg{Level: common.Error, Text: "$BROWSER: " + err.Error() + " (press y to copy the link)"}
			}
			return common.StatusMsg{Level: common.Info, Text: "opened " + portal + " with $BROWSER"}
		})
	}
	if !m.hasDisplay() {
		return common.StatusCmd(common.Warning, "no display here and $BROWSER is not set: press y to copy the link instead")
	}
	openURL := m.openURL
	return func() tea.Msg {
		if err := openURL(l.URL); err != nil {
			return common.StatusMsg{Level: common.Error, Text: "open browser: " + err.Error() + " (press y to copy the link)"}
		}
		return common.StatusMsg{Level: common.Info, Text: "opened " + l.Portal + " in the browser"}
	}
}

// hasDisplay reports whether a browser started here would be seen: a
// desktop session on macOS or Windows, an X11 or Wayland display
// elsewhere. An SSH session counts only with a forwarded X11 display.
func hasDisplay() bool {
	if os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return true
	}
	if os.Getenv("SSH_CONNECTION") != "" || os.Getenv("SSH_TTY") != "" {
		return false
	}
	return runtime.GOOS == "darwin" || runtime.GOOS == "windows"
}

// browserCommand is the command $BROWSER names for u: the first of its
// colon-separated entries that is installed, with %s replaced by the URL
// or, without %s, the URL as the last argument (the convention of
// Python's webbrowser and man's $BROWSER).
func browserCommand(browser, u string) (*exec.Cmd, error) {
	for _, entry := range strings.Split(browser, ":") {
		args := strings.Fields(entry)
		if len(args) == 0 {
			continue
		}
		if _, err := exec.LookPath(args[0]); err != nil {
			continue
		}
		withURL := false
		for i, a := range args[1:] {
			if strings.Contains(a, "%s") {
				args[i+1] = strings.ReplaceAll(a, "%s", u)
				withURL = true
			}
		}
		if !withURL {
			args = append(args, u)
		}
		return exec.Command(args[0], args[1:]...), nil
	}
	return nil, fmt.Errorf("$BROWSER (%s) is not installed here", model.Sanitize(browser))
}

// openBrowser hands u to the desktop's opener. It does not wait: some
// openers stay until the browser closes, and the dashboard must not.
func openBrowser(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		if _, err := exec.LookPath("xdg-open"); err != nil {
			return errors.New("no browser opener (xdg-open) here")
		}
		cmd = exec.Command("xdg-open", u)
	}
	// The browser inherits nothing secret: a token in the environment
	// would be readable by every process it starts.
	cmd.Env = childEnv(os.Environ())
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap the opener; its exit status says nothing useful
	return nil
}

// childEnv is env without mcgdash's secrets (MCGDASH_ACCESS_TOKEN, and any
// other MCGDASH_ variable naming a token, secret or password), for a
// process mcgdash starts.
func childEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		up := strings.ToUpper(name)
		if strings.HasPrefix(up, "MCGDASH_") &&
			(strings.Contains(up, "TOKEN") || strings.Contains(up, "SECRET") || strings.Contains(up, "PASSWORD")) {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// page is the laid-out screen: a fixed header and a scrolling body, with
// where the focused link (and its route) sit in the body.
type page struct {
	header, body         []string
	focusStart, focusEnd int // body lines of the focused link, inclusive
	routeStart           int // body line of the focused link's route title
}

func (m *Model) styles() *theme.Styles {
	if m.c.Styles != nil {
		return m.c.Styles
	}
	return theme.New(true)
}

// layout renders every line for the current width. The body is small (a
// dozen routes), so it is rebuilt whole rather than cached.
func (m *Model) layout() page {
	st := m.styles()
	w := max(m.width, 20)
	var p page

	cloud := string(m.env)
	if c, ok := model.CloudFor(m.env); ok {
		cloud = c.DisplayName
	}
	if c := m.customer; c != nil {
		who := c.CompanyName
		if who == "" {
			who = c.ID
		}
		// The customer came from another screen; sanitise again rather than
		// trust every sender to have done it.
		line := model.Sanitize("Links for " + who + customerDetail(c))
		for i, l := range wrap(line, w) {
			if i == 2 {
				break // two lines hold any real name, domain and GUID
			}
			p.header = append(p.header, st.Title.Render(ansi.Truncate(l, w, "…")))
		}
	} else {
		p.header = append(p.header, st.Dim.Render(ansi.Truncate("No customer selected: generic links", w, "…")))
	}
	legend := cloud + " · [tenant] customer's tenant, [generic] any"
	if len(m.links) > 0 {
		legend = fmt.Sprintf("link %d/%d · ", m.focus+1, len(m.links)) + legend
	}
	p.header = append(p.header, st.Dim.Render(ansi.Truncate(legend, w, "…")), "")

	if len(m.routes) == 0 {
		p.body = append(p.body, st.StatusWarn.Render(ansi.Truncate(fmt.Sprintf("No routing table for environment %q.", string(m.env)), w, "…")))
		return p
	}

	focusRoute := -1
	if len(m.links) > 0 {
		focusRoute = m.links[m.focus].route
	}
	li := 0
	for ri, r := range m.routes {
		start := len(p.body)
		p.body = append(p.body, st.Bold.Render(ansi.Truncate(r.Function, w, "…")))
		// The why is read in full for the route at hand; the others get
		// one line each, so that more of the table fits at 80×24.
		if ri == focusRoute {
			for _, line := range wrap(r.Why, w-2) {
				p.body = append(p.body, "  "+st.Dim.Render(line))
			}
		} else {
			p.body = append(p.body, "  "+st.Dim.Render(ansi.Truncate(r.Why, w-2, "…")))
		}
		for ; li < len(m.links) && m.links[li].route == ri; li++ {
			focused := li == m.focus
			if focused {
				p.focusStart, p.routeStart = len(p.body), start
			}
			p.body = append(p.body, m.linkLines(m.links[li].link, li, focused, w)...)
			if focused {
				p.focusEnd = len(p.body) - 1
			}
		}
		p.body = append(p.body, "")
	}
	return p
}

// customerDetail is what identifies the customer's tenant in the header.
func customerDetail(c *model.Customer) string {
	var parts []string
	if c.Domain != "" {
		parts = append(parts, c.Domain)
	}
	if c.TenantID != "" {
		parts = append(parts, "tenant "+c.TenantID)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// linkLines renders one link: the portal line, then its URL. The focused
// URL is wrapped so that all of it can be read; the others are cut short
// (the hyperlink still carries the whole URL).
func (m *Model) linkLines(l model.Link, index int, focused bool, w int) []string {
	st := m.styles()
	scope := "[generic]"
	if l.TenantSpecific {
		scope = "[tenant] "
	}
	cursor := "  "
	if focused {
		cursor = "▸ "
	}
	title := cursor + scope + " " + l.Portal
	if l.Note != "" {
		title += " — " + l.Note
	}
	var lines []string
	if focused {
		// The focused link is read in full: its note may say why the link
		// fell back to the generic one.
		for i, line := range wrap(title, w-2) {
			if i > 0 {
				line = "  " + line
			}
			lines = append(lines, st.TableCursor.Render(line))
		}
	} else {
		lines = append(lines, st.Value.Render(ansi.Truncate(title, w, "…")))
	}

	const indent = "    "
	room := max(w-len(indent), 10)
	id := fmt.Sprintf("id=mcgdash-route-%d", index)
	if !focused {
		text := ansi.Truncate(l.URL, room, "…")
		return append(lines, indent+hyperlink(l.URL, id, st.Link.Render(text)))
	}
	for _, part := range chunks(l.URL, room) {
		lines = append(lines, indent+hyperlink(l.URL, id, st.Link.Render(part)))
	}
	return lines
}

// hyperlink wraps text in an OSC 8 hyperlink to u. The shared id lets a
// terminal treat the pieces of a wrapped URL as one link. u is built from
// the routing table and a validated tenant, so it holds no control bytes.
func hyperlink(u, id, text string) string {
	return ansi.SetHyperlink(u, id) + text + ansi.ResetHyperlink()
}

// chunks cuts an ASCII URL into pieces of at most n bytes.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// wrap word-wraps plain text to width, breaking words longer than a line.
func wrap(s string, width int) []string {
	return strings.Split(ansi.Wrap(s, max(width, 10), ""), "\n")
}

// scroll keeps the focused link on screen, with its route's title and why
// above it when they fit.
func (m *Model) scroll() {
	p := m.layout()
	h := m.height - len(p.header)
	if h <= 0 {
		m.offset = 0
		return
	}
	top := p.focusStart
	if p.focusEnd-p.routeStart < h {
		top = p.routeStart
	}
	if top < m.offset {
		m.offset = top
	}
	if p.focusEnd >= m.offset+h {
		m.offset = p.focusEnd - h + 1
	}
	m.offset = min(max(m.offset, 0), max(len(p.body)-h, 0))
}

// View implements common.Screen.
func (m *Model) View() string {
	p := m.layout()
	lines := p.header
	if h := m.height - len(p.header); m.height <= 0 {
		lines = append(lines, p.body...)
	} else if h > 0 {
		end := min(m.offset+h, len(p.body))
		lines = append(lines, p.body[min(m.offset, end):end]...)
	}
	if m.height > 0 && len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}
