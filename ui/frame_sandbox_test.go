package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
	"github.com/mcgdash/mcgdash/ui/routes"
	"github.com/mcgdash/mcgdash/ui/signin"
)

// sandboxFrame is the whole dashboard against a sandbox with its identity
// emulator over HTTPS, wired as cli does it, with the token cache in dir.
func sandboxFrame(t *testing.T, dir, addr string) (*App, *sandbox.Server) {
	t.Helper()
	var root atomic.Value
	root.Store("")
	emu := identity.New(identity.Options{Issuer: func() string { return root.Load().(string) }, ApproveAfter: 30 * time.Millisecond,
		Key: []byte("a signing key that lasts across the two starts")})
	partner := emu.PartnerTenant()
	srv, err := sandbox.Start(sandbox.Options{Addr: addr, Authorize: emu.Verify, Handlers: emu.Routes(),
		PartnerName: partner.Name, PartnerTenantID: partner.ID, PartnerDomain: partner.Domain})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	root.Store(srv.URL())
	s, err := auth.New(auth.Config{Authority: srv.URL(), Tenant: partner.ID, ClientID: "5a1d6e77-9c4b-4f0e-a2d3-6d3b0c0a5e11",
		HTTPClient: srv.HTTPClient(), CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: s})
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany, Sandbox: true, Partner: pc}
	cs := customers.New(c)
	cs.SetDebounce(0)
	a := New(c, []common.Screen{cs, routes.New(c)}, Options{Session: s,
		PartnerName: func(ctx context.Context) (string, error) {
			p, err := pc.GetOrganizationProfile(ctx)
			return p.CompanyName, err
		}})
	return a, srv
}

// TestFrameAgainstSandbox runs the whole frame through teatest against the
// sandbox: the first start signs in with a device code and loads the
// customers; help opens and q closes it without quitting; the routes tab
// shows generic links; q quits. A second start with the same token cache
// signs in silently: no device code is shown.
func TestFrameAgainstSandbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	var srv *sandbox.Server
	addr := "127.0.0.1:0"
	start := func() *teatest.TestModel {
		var a *App
		a, srv = sandboxFrame(t, dir, addr)
		return teatest.NewTestModel(t, a, teatest.WithInitialTermSize(80, 24),
			teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	}
	wait := func(tm *teatest.TestModel, what ...string) []byte {
		t.Helper()
		var seen []byte
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen = append(seen, b...)
			for _, w := range what {
				if !bytes.Contains(seen, []byte(w)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		return seen
	}

	tm := start()
	wait(tm, "devicelogin", "250 customers", "Contoso Partner GmbH")
	tm.Send(keytest.Press("?"))
	wait(tm, "Keys")
	// Keys typed right after the one that closes help go to the frame.
	tm.Send(keytest.Press("q"))
	tm.Send(keytest.Press("2"))
	wait(tm, "generic links")
	tm.Send(keytest.Press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	// The same port: MSAL keys its cache by the authority.
	addr = strings.TrimPrefix(srv.URL(), "https://")
	srv.Close()
	tm = start()
	seen := wait(tm, "250 customers")
	if bytes.Contains(seen, []byte("devicelogin")) {
		t.Error("the second start showed a device code although the cached sign-in is valid")
	}
	tm.Send(keytest.Press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestSecondTenantAgainstSandbox: with the partner signed in, a screen
// pushes a sign-in for another tenant with its own session. The answer
// goes to that screen; the partner's session, the header and the other
// screens are untouched, and nothing says "the partner signed in".
func TestSecondTenantAgainstSandbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	a, srv := sandboxFrame(t, dir, "127.0.0.1:0")
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	settle(t, a, a.Init())
	partner, err := a.opts.Session.WhoAmI(context.Background())
	if err != nil || partner.Username != "operator@contosopartner.onmicrosoft.de" {
		t.Fatalf("the partner is not signed in: %v %v", partner, err)
	}
	wizard := &fake{id: "routes", title: "Wizard"}
	a.Update(common.ReplaceScreenMsg{Screen: wizard})

	eu, err := auth.New(auth.Config{Authority: srv.URL(), Tenant: identity.EUAdminTenantID,
		ClientID: "5a1d6e77-9c4b-4f0e-a2d3-6d3b0c0a5e11", HTTPClient: srv.HTTPClient(), CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	before := ansi.Strip(a.header(100))
	settle(t, a, a.screens[1].addr().Wrap(signin.Push(a.c, eu, signin.Options{Purpose: "contosoeu.onmicrosoft.com"})))

	var res signin.Result
	for _, m := range wizard.got {
		switch m := m.(type) {
		case signin.Result:
			res = m
		case common.SignedInMsg:
			t.Error("the second tenant's sign-in was broadcast as the partner's")
		}
	}
	if !res.OK() || res.Session != eu || res.Account.Username != "admin@contosoeu.onmicrosoft.com" {
		t.Fatalf("the opener got %#v", res)
	}
	if after := ansi.Strip(a.header(100)); after != before || a.signedOut || len(a.layers) != 0 {
		t.Errorf("header %q → %q, signedOut %v, %d layers", before, after, a.signedOut, len(a.layers))
	}
	if still, err := a.opts.Session.WhoAmI(context.Background()); err != nil || still.Username != partner.Username {
		t.Errorf("the partner's session changed: %v %v", still, err)
	}
	if strings.Contains(statusText(a), "admin@contosoeu") {
		t.Errorf("the status bar speaks of the second tenant as a sign-in: %q", statusText(a))
	}
}
