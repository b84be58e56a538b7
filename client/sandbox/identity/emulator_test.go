package identity

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const testClient = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

// fakeClock is a settable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newServer(t *testing.T, o Options) (*Emulator, *httptest.Server) {
	t.Helper()
	var srv *httptest.Server
	o.Issuer = func() string { return srv.URL }
	e := New(o)
	srv = httptest.NewTLSServer(e.Handler())
	t.Cleanup(srv.Close)
	return e, srv
}

type answer struct {
	status int
	body   map[string]any
}

func (a answer) str(k string) string { s, _ := a.body[k].(string); return s }

func post(t *testing.T, srv *httptest.Server, path string, form url.Values) answer {
	t.Helper()
	resp, err := srv.Client().PostForm(srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(&a.body); err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return a
}

func get(t *testing.T, srv *httptest.Server, path, token string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(&a.body); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return a
}

// signIn runs the device code flow by hand and returns the token answer.
func signIn(t *testing.T, e *Emulator, srv *httptest.Server, tenant, scope, grantType string) answer {
	t.Helper()
	dc := post(t, srv, "/"+tenant+"/oauth2/v2.0/devicecode", url.Values{"client_id": {testClient}, "scope": {scope}})
	if dc.status != http.StatusOK {
		t.Fatalf("devicecode: %d %v", dc.status, dc.body)
	}
	form := url.Values{"client_id": {testClient}, "grant_type": {grantType}, "device_code": {dc.str("device_code")}}
	pending := post(t, srv, "/"+tenant+"/oauth2/v2.0/token", form)
	if pending.status != http.StatusBadRequest || pending.str("error") != "authorization_pending" {
		t.Fatalf("before approval: %d %v", pending.status, pending.body)
	}
	if err := e.Approve(dc.str("user_code")); err != nil {
		t.Fatal(err)
	}
	tok := post(t, srv, "/"+tenant+"/oauth2/v2.0/token", form)
	if tok.status != http.StatusOK {
		t.Fatalf("after approval: %d %v", tok.status, tok.body)
	}
	return tok
}

const pcScope = "https://api.partnercenter.microsoft.com/user_impersonation openid profile offline_access"
const graphScope = "https://graph.microsoft.com/.default openid profile offline_access"

func TestDiscovery(t *testing.T) {
	_, srv := newServer(t, Options{})
	tests := []struct {
		tenant, region, cloud string
		status                int
	}{
		{PartnerTenantID, "DE", "microsoftonline.de", 200},
		{"ContosoPartner.OnMicrosoft.DE", "DE", "microsoftonline.de", 200}, // domain, any case
		{strings.ToUpper(EUAdminTenantID), "EU", "microsoftonline.com", 200},
		{NorthAmericaTenantID, "NA", "microsoftonline.com", 200},
		{InactiveTenantID, "", "", 400},
		{"nosuch.onmicrosoft.com", "", "", 400},
	}
	for _, tt := range tests {
		a := get(t, srv, "/"+tt.tenant+"/v2.0/.well-known/openid-configuration", "")
		if a.status != tt.status {
			t.Errorf("%s: status %d, want %d (%v)", tt.tenant, a.status, tt.status, a.body)
			continue
		}
		if tt.status != 200 {
			if !strings.Contains(a.str("error_description"), "AADSTS90002") {
				t.Errorf("%s: %v, want AADSTS90002", tt.tenant, a.body)
			}
			continue
		}
		if a.str("tenant_region_scope") != tt.region || a.str("cloud_instance_name") != tt.cloud {
			t.Errorf("%s: region %q cloud %q", tt.tenant, a.str("tenant_region_scope"), a.str("cloud_instance_name"))
		}
		if !strings.HasPrefix(a.str("issuer"), srv.URL+"/") || a.str("token_endpoint") != srv.URL+"/"+tt.tenant+"/oauth2/v2.0/token" {
			t.Errorf("%s: issuer %q token endpoint %q", tt.tenant, a.str("issuer"), a.str("token_endpoint"))
		}
		if a.str("device_authorization_endpoint") != srv.URL+"/"+tt.tenant+"/oauth2/v2.0/devicecode" {
			t.Errorf("%s: device endpoint %q", tt.tenant, a.str("device_authorization_endpoint"))
		}
	}
}

func TestDeviceCodeGrantTypes(t *testing.T) {
	for _, gt := range []string{"device_code", "urn:ietf:params:oauth:grant-type:device_code"} {
		e, srv := newServer(t, Options{ApproveAfter: -1})
		tok := signIn(t, e, srv, "organizations", pcScope, gt)
		for _, k := range []string{"access_token", "refresh_token", "id_token", "client_info"} {
			if tok.str(k) == "" {
				t.Errorf("%s: no %s", gt, k)
			}
		}
		if n, _ := tok.body["expires_in"].(float64); n <= 300 {
			t.Errorf("expires_in %v: MSAL would never cache it", n)
		}
		if strings.Contains(tok.str("client_info"), "=") {
			t.Errorf("client_info %q is padded", tok.str("client_info"))
		}
		c, err := e.parse(tok.str("id_token"), kindID)
		if err != nil || c.TenantID != PartnerTenantID || c.ObjectID == "" || c.Subject == "" || c.PreferredUsername == "" {
			t.Errorf("id token claims %+v, %v", c, err)
		}
	}
}

func TestDeviceCodeApprovedAutomatically(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	_, srv := newServer(t, Options{ApproveAfter: 2 * time.Second, Now: clock.Now})
	dc := post(t, srv, "/organizations/oauth2/v2.0/devicecode", url.Values{"client_id": {testClient}, "scope": {pcScope}})
	form := url.Values{"client_id": {testClient}, "grant_type": {"device_code"}, "device_code": {dc.str("device_code")}}
	if a := post(t, srv, "/organizations/oauth2/v2.0/token", form); a.str("error") != "authorization_pending" {
		t.Fatalf("got %v, want pending", a.body)
	}
	clock.Advance(2 * time.Second)
	if a := post(t, srv, "/organizations/oauth2/v2.0/token", form); a.status != 200 {
		t.Fatalf("got %d %v, want tokens", a.status, a.body)
	}
	if a := post(t, srv, "/organizations/oauth2/v2.0/token", form); a.str("error") != "invalid_grant" {
		t.Fatalf("second redemption: %v, want invalid_grant", a.body)
	}
}

func TestVerify(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	e, srv := newServer(t, Options{ApproveAfter: -1, Now: clock.Now})
	pc := signIn(t, e, srv, PartnerTenantID, pcScope, "device_code")
	graph := signIn(t, e, srv, PartnerTenantID, graphScope, "device_code")
	other := New(Options{Issuer: func() string { return srv.URL }, ApproveAfter: -1}) // another key
	foreign := other.issue(grant{tenant: e.PartnerTenant(), clientID: testClient, audience: PartnerCenterResource, scp: "user_impersonation"})

	req := func(tok string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/v1/customers", nil)
		if tok != "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		return r
	}
	if err := e.Verify(req(pc.str("access_token"))); err != nil {
		t.Fatalf("own Partner Center token refused: %v", err)
	}
	tampered := pc.str("access_token")
	tampered = tampered[:len(tampered)-4] + "AAAA"
	target := signIn(t, e, srv, EUAdminTenantID, pcScope, "device_code")
	for name, tok := range map[string]string{
		"another tenant's Partner Center token": target.str("access_token"),
		"none":                                  "", "foreign key": foreign.AccessToken, "graph audience": graph.str("access_token"),
		"id token": pc.str("id_token"), "refresh token": pc.str("refresh_token"), "tampered": tampered, "garbage": "abc",
	} {
		if err := e.Verify(req(tok)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	clock.Advance(time.Hour + time.Second)
	if err := e.Verify(req(pc.str("access_token"))); err != ErrExpiredToken {
		t.Errorf("expired token: %v, want ErrExpiredToken", err)
	}
}

func TestRefresh(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	e, srv := newServer(t, Options{ApproveAfter: -1, Now: clock.Now, RefreshTokenLifetime: 24 * time.Hour})
	tok := signIn(t, e, srv, PartnerTenantID, pcScope, "device_code")
	refresh := func(tenant, rt, scope string) answer {
		return post(t, srv, "/"+tenant+"/oauth2/v2.0/token", url.Values{
			"client_id": {testClient}, "grant_type": {"refresh_token"}, "refresh_token": {rt}, "scope": {scope}})
	}
	// A refresh token serves any resource: here Graph.
	g := refresh("organizations", tok.str("refresh_token"), graphScope)
	if g.status != 200 {
		t.Fatalf("refresh: %d %v", g.status, g.body)
	}
	if a := refresh(EUAdminTenantID, tok.str("refresh_token"), pcScope); a.str("error") != "invalid_grant" {
		t.Errorf("refresh in another tenant: %v", a.body)
	}
	if a := refresh(PartnerTenantID, tok.str("refresh_token"), "https://management.azure.com/.default"); a.str("error") != "invalid_resource" {
		t.Errorf("unknown resource: %v", a.body)
	}
	e.RevokeRefreshTokens()
	clock.Advance(time.Millisecond)
	a := refresh(PartnerTenantID, g.str("refresh_token"), pcScope)
	if a.str("error") != "invalid_grant" || !strings.Contains(a.str("error_description"), "AADSTS50173") {
		t.Errorf("revoked: %v", a.body)
	}
	fresh := signIn(t, e, srv, PartnerTenantID, pcScope, "device_code")
	clock.Advance(25 * time.Hour)
	a = refresh(PartnerTenantID, fresh.str("refresh_token"), pcScope)
	if !strings.Contains(a.str("error_description"), "AADSTS700082") {
		t.Errorf("expired refresh token: %v", a.body)
	}
}

func TestInactiveTenantSignIn(t *testing.T) {
	_, srv := newServer(t, Options{})
	a := post(t, srv, "/"+InactiveTenantID+"/oauth2/v2.0/devicecode", url.Values{"client_id": {testClient}, "scope": {pcScope}})
	if a.status != 400 || !strings.Contains(a.str("error_description"), "AADSTS90002") {
		t.Errorf("got %d %v", a.status, a.body)
	}
}

func TestGraph(t *testing.T) {
	e, srv := newServer(t, Options{ApproveAfter: -1})
	admin := signIn(t, e, srv, EUAdminTenantID, graphScope, "device_code").str("access_token")
	staff := signIn(t, e, srv, "contosoeustaff.onmicrosoft.com", "User.Read", "device_code").str("access_token")
	pc := signIn(t, e, srv, EUAdminTenantID, pcScope, "device_code").str("access_token")

	if a := get(t, srv, "/graph/v1.0/me", admin); a.status != 200 || a.str("userPrincipalName") != "admin@contosoeu.onmicrosoft.com" {
		t.Errorf("me: %d %v", a.status, a.body)
	}
	org := get(t, srv, "/graph/v1.0/organization", admin)
	if v, _ := org.body["value"].([]any); len(v) != 1 || v[0].(map[string]any)["id"] != EUAdminTenantID {
		t.Errorf("organization: %v", org.body)
	}
	skus := get(t, srv, "/graph/v1.0/subscribedSkus", staff)
	if v, _ := skus.body["value"].([]any); len(v) != 1 || v[0].(map[string]any)["capabilityStatus"] != SKUWarning {
		t.Errorf("subscribedSkus: %v", skus.body)
	}
	roles := func(tok string) []any {
		a := get(t, srv, "/graph/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole", tok)
		v, _ := a.body["value"].([]any)
		return v
	}
	if r := roles(admin); len(r) != 1 || r[0].(map[string]any)["roleTemplateId"] != GlobalAdministratorRoleTemplateID {
		t.Errorf("admin roles: %v", r)
	}
	if r := roles(staff); len(r) != 0 {
		t.Errorf("staff roles: %v", r)
	}
	for name, tok := range map[string]string{"no token": "", "Partner Center token": pc, "garbage": "x.y.z"} {
		if a := get(t, srv, "/graph/v1.0/me", tok); a.status != 401 {
			t.Errorf("%s: %d %v", name, a.status, a.body)
		}
	}
}

// The routes must mount beside Partner Center's, registered one by one, on
// the sandbox's mux without a pattern conflict (which panics).
func TestRoutesMountBesidePartnerCenter(t *testing.T) {
	e := New(Options{Issuer: func() string { return "https://127.0.0.1:1" }})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/customers", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("GET /v1/customers/{id}/subscriptions", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("GET /v1/profiles/mpn", func(http.ResponseWriter, *http.Request) {})
	for p, h := range e.Routes() {
		mux.Handle(p, h)
	}
	r := httptest.NewRequest(http.MethodGet, "/"+PartnerTenantID+"/v2.0/.well-known/openid-configuration", nil)
	if _, pattern := mux.Handler(r); !strings.Contains(pattern, "openid-configuration") {
		t.Errorf("discovery routed to %q", pattern)
	}
}
