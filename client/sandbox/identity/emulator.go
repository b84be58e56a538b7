// Package identity emulates the parts of Azure AD (Microsoft Entra ID) and
// Microsoft Graph that mcgdash talks to: OpenID discovery, the device code
// flow and refresh tokens as MSAL for Go calls them, and the few Graph
// queries the migration checks need. It issues HMAC-signed tokens and
// verifies them for the sandbox's Partner Center endpoints.
//
// Everything here follows the measured facts in the shared sign-in notes;
// where real Azure AD behaviour is unconfirmed, the code says so.
package identity

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Resources (token audiences) the emulator issues tokens for.
const (
	PartnerCenterResource = "https://api.partnercenter.microsoft.com"
	GraphResource         = "https://graph.microsoft.com"
	GermanyGraphResource  = "https://graph.microsoft.de"
)

// Options configure an Emulator.
type Options struct {
	// Issuer returns the server's root, e.g. https://127.0.0.1:8443. It is a
	// function because the port is known only once the server listens.
	Issuer func() string
	// Key signs issued tokens (HMAC-SHA256). A key that stays the same across
	// runs lets a cached sign-in survive a restart of the sandbox; nil means a
	// random key, so every run signs in anew.
	Key []byte
	// ApproveAfter is how long after its creation a device code is approved
	// as if the operator had entered it; 0 means 2 s, negative means only
	// Approve does it.
	ApproveAfter time.Duration
	// PartnerTenant, if set, replaces the id of the built-in partner tenant,
	// so it can match the sandbox's Partner Center data.
	PartnerTenant string
	// Tenants replaces DefaultTenants when non-empty.
	Tenants []Tenant
	// AccessTokenLifetime defaults to one hour. MSAL never serves an access
	// token from its cache when it lives 300 s or less, so a short lifetime
	// makes every call use the refresh token, which is what expiry tests want.
	AccessTokenLifetime time.Duration
	// RefreshTokenLifetime defaults to 90 days.
	RefreshTokenLifetime time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Emulator is the identity provider and Graph of the sandbox. It is safe for
// concurrent use.
type Emulator struct {
	issuer       func() string
	key          []byte
	approveAfter time.Duration
	atLifetime   time.Duration
	rtLifetime   time.Duration
	now          func() time.Time
	tenants      []Tenant

	mu            sync.Mutex
	devices       map[string]*deviceGrant // by device_code
	revokedBefore time.Time               // refresh tokens issued up to this instant are refused
}

// deviceGrant is one device code waiting for, or granted, approval.
type deviceGrant struct {
	userCode  string
	tenant    Tenant
	clientID  string
	scope     string
	expires   time.Time
	approveAt time.Time // zero: only Approve approves
	approved  bool
	redeemed  bool
}

// New returns an Emulator. Issuer is required.
func New(o Options) *Emulator {
	e := &Emulator{
		issuer:       o.Issuer,
		key:          o.Key,
		approveAfter: o.ApproveAfter,
		atLifetime:   o.AccessTokenLifetime,
		rtLifetime:   o.RefreshTokenLifetime,
		now:          o.Now,
		tenants:      o.Tenants,
		devices:      map[string]*deviceGrant{},
	}
	if len(e.key) == 0 {
		e.key = make([]byte, 32)
		_, _ = rand.Read(e.key)
	}
	if e.approveAfter == 0 {
		e.approveAfter = 2 * time.Second
	}
	if e.atLifetime <= 0 {
		e.atLifetime = time.Hour
	}
	if e.rtLifetime <= 0 {
		e.rtLifetime = 90 * 24 * time.Hour
	}
	if e.now == nil {
		e.now = time.Now
	}
	if len(e.tenants) == 0 {
		e.tenants = DefaultTenants()
	}
	if o.PartnerTenant != "" {
		for i := range e.tenants {
			if e.tenants[i].Partner {
				e.tenants[i].ID = o.PartnerTenant
			}
		}
	}
	return e
}

// Tenants returns a copy of the tenants the emulator knows.
func (e *Emulator) Tenants() []Tenant {
	out := make([]Tenant, len(e.tenants))
	for i, t := range e.tenants {
		t.SKUs = append([]SKU(nil), t.SKUs...)
		out[i] = t
	}
	return out
}

// PartnerTenant returns the partner's own tenant.
func (e *Emulator) PartnerTenant() Tenant {
	for _, t := range e.tenants {
		if t.Partner {
			return t
		}
	}
	return e.tenants[0]
}

// Routes returns the emulator's handlers keyed by Go 1.22 ServeMux pattern,
// for mounting beside Partner Center's /v1/ routes on one server. The
// patterns are explicit so they never shadow another handler; note that they
// conflict with a prefix pattern such as "/v1/" (the mux panics: both match
// "/v1/v2.0/.well-known/openid-configuration"), so Partner Center's routes
// must be registered one by one ("GET /v1/customers", …).
func (e *Emulator) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"GET /{tenant}/v2.0/.well-known/openid-configuration":                 http.HandlerFunc(e.discovery),
		"POST /{tenant}/oauth2/v2.0/devicecode":                               http.HandlerFunc(e.deviceCode),
		"POST /{tenant}/oauth2/v2.0/token":                                    http.HandlerFunc(e.token),
		"GET /devicelogin":                                                    http.HandlerFunc(e.deviceLoginPage),
		"POST /devicelogin":                                                   http.HandlerFunc(e.deviceLoginApprove),
		"GET /graph/v1.0/me":                                                  e.graph(e.graphMe),
		"GET /graph/v1.0/organization":                                        e.graph(e.graphOrganization),
		"GET /graph/v1.0/subscribedSkus":                                      e.graph(e.graphSubscribedSKUs),
		"GET /graph/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole": e.graph(e.graphDirectoryRoles),
	}
}

// Handler serves Routes on a mux of its own, for tests and for running the
// emulator alone.
func (e *Emulator) Handler() http.Handler {
	mux := http.NewServeMux()
	for pattern, h := range e.Routes() {
		mux.Handle(pattern, h)
	}
	return mux
}

// GraphRoot is where the emulated Microsoft Graph lives, the counterpart of
// https://graph.microsoft.de.
func (e *Emulator) GraphRoot() string { return e.root() + "/graph" }

// Approve approves the device code the operator would have typed in, as if
// they had signed in on another device.
func (e *Emulator) Approve(userCode string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	norm := normaliseUserCode(userCode)
	for _, g := range e.devices {
		if g.userCode == norm && !g.redeemed {
			g.approved = true
			return nil
		}
	}
	return fmt.Errorf("no pending device code %q", userCode)
}

// RevokeRefreshTokens makes every refresh token issued so far invalid, as a
// password reset or an administrator's revocation does.
func (e *Emulator) RevokeRefreshTokens() {
	e.mu.Lock()
	e.revokedBefore = e.now()
	e.mu.Unlock()
}

func (e *Emulator) root() string { return strings.TrimSuffix(e.issuer(), "/") }

// resolveTenant finds the tenant a path segment names. "organizations" and
// "common" resolve to the tenant of loginHint's domain, else the partner's.
func (e *Emulator) resolveTenant(segment, loginHint string) (Tenant, bool) {
	if isMultiTenant(segment) {
		if _, domain, ok := strings.Cut(loginHint, "@"); ok {
			for _, t := range e.tenants {
				if strings.EqualFold(t.Domain, domain) {
					return t, true
				}
			}
		}
		return e.PartnerTenant(), true
	}
	for _, t := range e.tenants {
		if t.matches(segment) {
			return t, true
		}
	}
	return Tenant{}, false
}

func isMultiTenant(segment string) bool {
	return strings.EqualFold(segment, "organizations") || strings.EqualFold(segment, "common")
}

// tenantByID finds a tenant by id, for tokens that carry one.
func (e *Emulator) tenantByID(id string) (Tenant, bool) {
	for _, t := range e.tenants {
		if strings.EqualFold(t.ID, id) {
			return t, true
		}
	}
	return Tenant{}, false
}
