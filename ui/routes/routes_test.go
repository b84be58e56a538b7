package routes

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const tenant = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"

var contoso = model.Customer{ID: tenant, TenantID: tenant, CompanyName: "Contoso GmbH", Domain: "contoso.onmicrosoft.de"}

// newScreen returns the screen with the machine's display and browser
// replaced, so no test depends on (or starts) the real ones.
func newScreen(t *testing.T, env model.Environment, w, h int) (*Model, *common.Context) {
	t.Helper()
	// Styles are pinned to the dark theme; goldens are compared without
	// escape sequences, so the colour profile of the test machine is moot.
	c := &common.Context{Ctx: context.Background(), Width: w, Height: h, Styles: theme.New(true), Env: env}
	m := New(c).(*Model)
	m.hasDisplay = func() bool { return false }
	m.openURL = func(string) error { t.Error("browser opened"); return nil }
	m.getenv = func(string) string { return "" }
	return m, c
}

func press(m *Model, keys ...tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(k)
	}
	return cmd
}

func char(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

var (
	keyDown = tea.KeyPressMsg{Code: tea.KeyDown}
	keyUp   = tea.KeyPressMsg{Code: tea.KeyUp}
	keyEsc  = tea.KeyPressMsg{Code: tea.KeyEscape}
)

// messages runs cmd and every command of a batch it returns.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, messages(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

var clipboardType = reflect.TypeOf(tea.SetClipboard("")())

// clipboard returns what cmd writes to the clipboard over OSC 52.
func clipboard(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	for _, msg := range messages(cmd) {
		if reflect.TypeOf(msg) == clipboardType {
			return reflect.ValueOf(msg).String()
		}
	}
	t.Fatal("no SetClipboard command")
	return ""
}

func status(t *testing.T, cmd tea.Cmd) common.StatusMsg {
	t.Helper()
	for _, msg := range messages(cmd) {
		if s, ok := msg.(common.StatusMsg); ok {
			return s
		}
	}
	t.Fatal("no status message")
	return common.StatusMsg{}
}

func plain(m *Model) string { return ansi.Strip(m.View()) }

func TestIdentity(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 80, 24)
	if m.ID() != "routes" || m.Title() != "Routes" || m.Capturing() || m.Init() != nil {
		t.Fatalf("ID %q Title %q", m.ID(), m.Title())
	}
}

func TestGenericLinksWithoutCustomer(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 200, 200)
	v := plain(m)
	if !strings.Contains(v, "No customer selected: generic links") {
		t.Fatalf("header missing:\n%s", v)
	}
	for _, r := range model.Routes(model.EnvGermany) {
		if !strings.Contains(v, r.Function) {
			t.Errorf("function %q missing", r.Function)
		}
		for _, p := range r.Portals {
			if !strings.Contains(v, p.URL) {
				t.Errorf("%s: URL %s missing", r.ID, p.URL)
			}
		}
	}
	if strings.Contains(v, "[tenant]  ") {
		t.Error("a link is marked tenant-specific without a customer")
	}
}

func TestCustomerFocusQualifiesLinks(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 200, 200)
	c := contoso
	m.Update(common.CustomerFocusMsg{Customer: &c})
	c.CompanyName = "changed by the sender" // the screen keeps its own copy
	v := plain(m)
	if !strings.Contains(v, "Links for Contoso GmbH (contoso.onmicrosoft.de, tenant "+tenant+")") {
		t.Fatalf("header missing:\n%s", v)
	}
	for _, want := range []string{
		"https://portal.microsoftazure.de/#@" + tenant + "/blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers",
		"https://portal.office.de/Partner/BeginClientSession.aspx?CTID=" + tenant + "&CSDEST=o365admincenter",
		"[tenant]  Azure portal for Microsoft Cloud Germany",
		"[generic] Partner Center for Microsoft Cloud Germany",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestLinksAreOSC8WithVisibleURL(t *testing.T) {
	m, _ := newScreen(t, model.EnvGlobal, 200, 200)
	m.Update(common.CustomerFocusMsg{Customer: &contoso})
	raw := m.View()
	u := "https://admin.exchange.microsoft.com/?delegatedOrg=contoso.onmicrosoft.de"
	if !strings.Contains(raw, "\x1b]8;id=mcgdash-route-") || !strings.Contains(raw, ansi.ResetHyperlink()) {
		t.Fatal("no OSC 8 hyperlink with an id")
	}
	if !strings.Contains(raw, ";"+u+"\x07") || !strings.Contains(ansi.Strip(raw), u) {
		t.Fatalf("the link to %s is not both a hyperlink and visible text", u)
	}
}

func TestMoveAndCopy(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 80, 24)
	m.Update(common.CustomerFocusMsg{Customer: &contoso})
	want := model.ResolveLinks(model.Routes(model.EnvGermany)[0], &contoso)[0].URL
	if got := clipboard(t, press(m, char('y'))); got != want {
		t.Fatalf("y copied %q, want %q", got, want)
	}
	// Third link: the first of "Customer user management", tenant-qualified.
	cmd := press(m, char('j'), keyDown, char('y'))
	want = "https://portal.office.de/Partner/BeginClientSession.aspx?CTID=" + tenant + "&CSDEST=o365admincenter"
	if got := clipboard(t, cmd); got != want {
		t.Fatalf("y copied %q, want %q", got, want)
	}
	if s := status(t, cmd); s.Level != common.Success || !strings.Contains(s.Text, "Office 365 admin center") {
		t.Errorf("status %+v", s)
	}
	if !strings.Contains(plain(m), "link 3/") {
		t.Errorf("position not shown:\n%s", plain(m))
	}
	press(m, char('k'), keyUp, keyUp) // stops at the first link
	if !strings.Contains(plain(m), "link 1/") {
		t.Errorf("k did not go back to the first link:\n%s", plain(m))
	}
}

func TestOpenWithoutDisplaySaysSo(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 80, 24)
	s := status(t, press(m, char('o')))
	if s.Level != common.Warning || !strings.Contains(s.Text, "no display here") || !strings.Contains(s.Text, "press y") {
		t.Fatalf("status %+v", s)
	}
}

func TestOpenWithDisplay(t *testing.T) {
	m, _ := newScreen(t, model.EnvGlobal, 80, 24)
	m.Update(common.CustomerFocusMsg{Customer: &contoso})
	var opened []string
	m.hasDisplay = func() bool { return true }
	m.openURL = func(u string) error { opened = append(opened, u); return nil }
	press(m, char('G'))
	s := status(t, press(m, char('o')))
	want := "https://admin.exchange.microsoft.com/?delegatedOrg=contoso.onmicrosoft.de"
	if len(opened) != 1 || opened[0] != want || s.Level != common.Info {
		t.Fatalf("opened %q, status %+v", opened, s)
	}
	m.openURL = func(string) error { return errors.New("xdg-open: not found") }
	if s := status(t, press(m, char('o'))); s.Level != common.Error || !strings.Contains(s.Text, "xdg-open: not found") {
		t.Fatalf("status %+v", s)
	}
}

func TestClearCustomer(t *testing.T) {
	for _, k := range []tea.KeyPressMsg{keyEsc, char('x')} {
		m, _ := newScreen(t, model.EnvGermany, 200, 200)
		m.Update(common.CustomerFocusMsg{Customer: &contoso})
		s := status(t, press(m, k))
		v := plain(m)
		if !strings.Contains(v, "No customer selected") || strings.Contains(v, tenant) || s.Level != common.Info {
			t.Errorf("%s did not clear the customer:\n%s", k, v)
		}
		if press(m, k) != nil {
			t.Errorf("%s without a customer did something", k)
		}
	}
	m, _ := newScreen(t, model.EnvGermany, 200, 200)
	m.Update(common.CustomerFocusMsg{Customer: &contoso})
	m.Update(common.CustomerFocusMsg{})
	if !strings.Contains(plain(m), "No customer selected") {
		t.Error("a CustomerFocusMsg without customer did not clear it")
	}
}

// A hostile customer record never puts escape sequences on screen nor a
// link to anywhere but the table's hosts.
func TestHostileCustomer(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 200, 200)
	m.Update(common.CustomerFocusMsg{Customer: &model.Customer{
		ID:          "x",
		TenantID:    "../x",
		Domain:      "#@evil",
		CompanyName: "Evil\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b[2J\r",
	}})
	v := m.View()
	if strings.Contains(v, "evil.example") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\r") {
		t.Fatalf("hostile text reached the screen: %q", v)
	}
	for _, bad := range []string{"#@../x", "#@..%2Fx", "CTID=../x", "#@#@evil", "#@%23"} {
		if strings.Contains(v, bad) {
			t.Fatalf("hostile tenant reached a URL: %s", bad)
		}
	}
	if !strings.Contains(ansi.Strip(v), "Links for Evilclick") {
		t.Errorf("sanitised name missing:\n%s", ansi.Strip(v))
	}
	press(m, char('j'), char('j')) // the first tenant-specific portal
	if !strings.Contains(ansi.Strip(m.View()), "generic link: tenant id \"../x\" is not a GUID") {
		t.Errorf("fallback not explained:\n%s", ansi.Strip(m.View()))
	}
}

func TestFitsAndScrolls(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 12}, {200, 60}} {
		m, _ := newScreen(t, model.EnvGermany, size[0], size[1])
		m.Update(common.CustomerFocusMsg{Customer: &contoso})
		total := len(m.links)
		for i := 0; i <= total; i++ {
			v := m.View()
			lines := strings.Split(v, "\n")
			if len(lines) > size[1] {
				t.Fatalf("%v: %d lines", size, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Fatalf("%v: line %d wide: %q", size, w, ansi.Strip(l))
				}
			}
			if !strings.Contains(ansi.Strip(v), "▸ ") {
				t.Fatalf("%v: focused link %d off screen:\n%s", size, m.focus, ansi.Strip(v))
			}
			press(m, char('j'))
		}
		if m.focus != total-1 {
			t.Fatalf("%v: focus %d after moving past the end of %d", size, m.focus, total)
		}
		press(m, char('g'))
		if v := plain(m); !strings.Contains(v, "link 1/") || !strings.Contains(v, "▸ ") {
			t.Fatalf("%v: g did not scroll back to the first link:\n%s", size, v)
		}
		if size[1] >= 24 && !strings.Contains(plain(m), "Partner user management") {
			t.Fatalf("%v: the first route's title is off screen", size)
		}
	}
}

func TestEnvironmentChange(t *testing.T) {
	m, c := newScreen(t, model.EnvGermany, 200, 200)
	c.Env = model.EnvGlobal
	m.Update(nil)
	v := plain(m)
	if !strings.Contains(v, "Microsoft Cloud (worldwide)") || !strings.Contains(v, "https://entra.microsoft.com/") || strings.Contains(v, "portal.office.de") {
		t.Fatalf("still the Germany table:\n%s", v)
	}
	c.Env = "mars"
	m.Update(nil)
	if !strings.Contains(plain(m), `No routing table for environment "mars"`) || press(m, char('y')) != nil {
		t.Fatal("an unknown environment is not reported")
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	m, _ := newScreen(t, model.EnvGermany, 80, 24)
	var keys []string
	for _, group := range m.FullHelp() {
		for _, b := range group {
			keys = append(keys, b.Keys()...)
		}
	}
	for _, k := range []string{"j", "k", "up", "down", "g", "G", "y", "o", "esc", "x"} {
		if !strings.Contains(" "+strings.Join(keys, " ")+" ", " "+k+" ") {
			t.Errorf("key %q not in FullHelp", k)
		}
	}
	if len(m.ShortHelp()) == 0 {
		t.Error("no ShortHelp")
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		env  model.Environment
		w, h int
		cust bool
		keys []tea.KeyPressMsg
	}{
		{"germany-80x24-generic", model.EnvGermany, 80, 24, false, nil},
		{"germany-80x24-contoso-password", model.EnvGermany, 80, 24, true, []tea.KeyPressMsg{char('j'), char('j'), char('j'), char('j')}},
		{"global-140x40-contoso", model.EnvGlobal, 140, 40, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newScreen(t, tt.env, tt.w, tt.h)
			if tt.cust {
				m.Update(common.CustomerFocusMsg{Customer: &contoso})
			}
			press(m, tt.keys...)
			got := plain(m) + "\n"
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				t.Errorf("view differs from %s (run with -update to accept):\n%s", path, got)
			}
		})
	}
}

// TestBrowserGetsNoToken: the browser that o starts must not inherit the
// operator's bearer token.
func TestBrowserGetsNoToken(t *testing.T) {
	env := []string{"PATH=/usr/bin", "MCGDASH_ACCESS_TOKEN=eyJsecret", "mcgdash_access_token=x", "MCGDASH_ENV=germany", "DISPLAY=:0", "MCGDASH_CLIENT_SECRET=s"}
	got := strings.Join(childEnv(env), " ")
	if got != "PATH=/usr/bin MCGDASH_ENV=germany DISPLAY=:0" {
		t.Errorf("child environment %q", got)
	}
}
