package identity

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"
)

// oauthError is Azure AD's error body. MSAL only looks at error; operators
// read the AADSTS code in error_description.
type oauthError struct {
	Code        string
	AADSTS      int
	Description string
}

func (o *oauthError) write(w http.ResponseWriter, status int) {
	desc := o.Description
	codes := []int{}
	if o.AADSTS != 0 {
		desc = fmt.Sprintf("AADSTS%d: %s", o.AADSTS, desc)
		codes = append(codes, o.AADSTS)
	}
	writeJSON(w, status, map[string]any{
		"error": o.Code, "error_description": desc, "error_codes": codes,
		"timestamp": time.Now().UTC().Format("2006-01-02 15:04:05Z"),
	})
}

var (
	errPending        = &oauthError{Code: "authorization_pending", Description: "The user has not yet completed authentication."}
	errScopeResources = &oauthError{Code: "invalid_scope", AADSTS: 28000,
		Description: "Provided value for the input parameter scope is not valid because it contains more than one resource."}
	errRevoked = &oauthError{Code: "invalid_grant", AADSTS: 50173,
		Description: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password."}
	errRefreshExpired = &oauthError{Code: "invalid_grant", AADSTS: 700082,
		Description: "The refresh token has expired due to inactivity."}
	errBadGrant = &oauthError{Code: "invalid_grant", AADSTS: 9002313, Description: "Invalid request. Request is malformed or invalid."}
)

// tenantNotFound is what Azure AD answers for an unknown tenant and for one
// with no active subscriptions.
func tenantNotFound(segment string) *oauthError {
	return &oauthError{Code: "invalid_tenant", AADSTS: 90002, Description: fmt.Sprintf(
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. "+
			"Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", segment)}
}

// activeTenant resolves a path's tenant segment, answering AADSTS90002 for
// unknown and inactive tenants.
func (e *Emulator) activeTenant(w http.ResponseWriter, segment, loginHint string) (Tenant, bool) {
	t, ok := e.resolveTenant(segment, loginHint)
	if !ok || !t.Active() {
		tenantNotFound(segment).write(w, http.StatusBadRequest)
		return Tenant{}, false
	}
	return t, true
}

// discovery serves the OpenID configuration. Besides what MSAL needs it
// carries tenant_region_scope and cloud_instance_name, which the migration
// checks read to tell a European tenant from another.
func (e *Emulator) discovery(w http.ResponseWriter, r *http.Request) {
	segment := r.PathValue("tenant")
	t, ok := e.activeTenant(w, segment, "")
	if !ok {
		return
	}
	base := e.root() + "/" + segment
	doc := map[string]any{
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"HS256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"tenant_region_scope":                   t.Region,
		"cloud_instance_name":                   t.CloudInstance,
	}
	if isMultiTenant(segment) {
		// Azure AD leaves the tenant as a placeholder for multi-tenant authorities.
		doc["issuer"] = e.root() + "/{tenantid}/v2.0"
		doc["tenant_region_scope"] = nil
	} else {
		doc["issuer"] = e.root() + "/" + t.ID + "/v2.0"
	}
	writeJSON(w, http.StatusOK, doc)
}

// deviceCode starts the device code flow (RFC 8628 section 3.1).
func (e *Emulator) deviceCode(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		(&oauthError{Code: "invalid_request", AADSTS: 900144, Description: "The request body must be form encoded."}).write(w, http.StatusBadRequest)
		return
	}
	clientID := r.PostForm.Get("client_id")
	if clientID == "" {
		(&oauthError{Code: "invalid_request", AADSTS: 900144, Description: "The request body must contain the following parameter: 'client_id'."}).write(w, http.StatusBadRequest)
		return
	}
	t, ok := e.activeTenant(w, r.PathValue("tenant"), r.PostForm.Get("login_hint"))
	if !ok {
		return
	}
	scope := r.PostForm.Get("scope")
	if _, _, oerr := resourceFor(scope); oerr != nil {
		oerr.write(w, http.StatusBadRequest)
		return
	}

	now := e.now()
	g := &deviceGrant{userCode: newUserCode(), tenant: t, clientID: clientID, scope: scope, expires: now.Add(15 * time.Minute)}
	if e.approveAfter > 0 {
		g.approveAt = now.Add(e.approveAfter)
	}
	device := randomString(32)
	e.mu.Lock()
	for k, old := range e.devices {
		if now.After(old.expires) {
			delete(e.devices, k)
		}
	}
	e.devices[device] = g
	e.mu.Unlock()

	verify := e.root() + "/devicelogin"
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code": device, "user_code": g.userCode, "verification_uri": verify,
		"expires_in": 900, "interval": 5,
		"message": fmt.Sprintf("To sign in, use a web browser to open the page %s and enter the code %s to authenticate.", verify, g.userCode),
	})
}

// token is the token endpoint: the device code grant (short form, as MSAL
// sends it, and the RFC 8628 URN) and the refresh token grant.
func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		(&oauthError{Code: "invalid_request", AADSTS: 900144, Description: "The request body must be form encoded."}).write(w, http.StatusBadRequest)
		return
	}
	segment := r.PathValue("tenant")
	if _, ok := e.activeTenant(w, segment, ""); !ok {
		return
	}
	var (
		g    grant
		oerr *oauthError
	)
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "device_code", "urn:ietf:params:oauth:grant-type:device_code":
		g, oerr = e.redeemDeviceCode(r.PostForm.Get("device_code"), r.PostForm.Get("client_id"))
	case "refresh_token":
		g, oerr = e.redeemRefreshToken(segment, r.PostForm.Get("refresh_token"), r.PostForm.Get("client_id"), r.PostForm.Get("scope"))
	default:
		oerr = &oauthError{Code: "unsupported_grant_type", AADSTS: 70003, Description: fmt.Sprintf("The app requested an unsupported grant type '%s'.", gt)}
	}
	if oerr != nil {
		oerr.write(w, http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, e.issue(g))
}

func (e *Emulator) redeemDeviceCode(device, clientID string) (grant, *oauthError) {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.devices[device]
	switch {
	case !ok || d.redeemed || d.clientID != clientID:
		return grant{}, errBadGrant
	case now.After(d.expires):
		delete(e.devices, device)
		return grant{}, &oauthError{Code: "expired_token", AADSTS: 70020, Description: "The provided value for the input parameter 'device_code' is not valid. This device code has expired."}
	case !d.approved && (d.approveAt.IsZero() || now.Before(d.approveAt)):
		return grant{}, errPending
	}
	d.redeemed = true
	aud, scp, _ := resourceFor(d.scope)
	return grant{tenant: d.tenant, clientID: clientID, scope: d.scope, audience: aud, scp: scp}, nil
}

func (e *Emulator) redeemRefreshToken(segment, token, clientID, scope string) (grant, *oauthError) {
	c, err := e.parse(token, kindRefresh)
	switch {
	case errors.Is(err, ErrExpiredToken):
		return grant{}, errRefreshExpired
	case err != nil, c.Audience != clientID:
		return grant{}, errBadGrant
	}
	e.mu.Lock()
	revoked := !time.Unix(0, c.IssuedAtNano).After(e.revokedBefore)
	e.mu.Unlock()
	if revoked {
		return grant{}, errRevoked
	}
	t, ok := e.tenantByID(c.TenantID)
	if !ok || !t.Active() {
		return grant{}, tenantNotFound(c.TenantID)
	}
	if !isMultiTenant(segment) && !t.matches(segment) {
		return grant{}, &oauthError{Code: "invalid_grant", AADSTS: 50020, Description: fmt.Sprintf(
			"User account '%s' does not exist in tenant '%s'.", t.User.Username, segment)}
	}
	aud, scp, oerr := resourceFor(scope)
	if oerr != nil {
		return grant{}, oerr
	}
	return grant{tenant: t, clientID: clientID, scope: scope, audience: aud, scp: scp}, nil
}

// deviceLoginPage stands in for https://microsoft.com/devicelogin: the
// sandbox has no browser sign-in, so it explains what happens instead.
func (e *Emulator) deviceLoginPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	msg := "Device codes are approved only by the sandbox's tests."
	if e.approveAfter > 0 {
		msg = fmt.Sprintf("The mcgdash sandbox approves every device code automatically %s after it is issued.", e.approveAfter)
	}
	fmt.Fprintf(w, `<!doctype html><title>mcgdash sandbox sign-in</title><p>%s</p>
<form method="post"><label>Code <input name="user_code"></label> <button>Approve now</button></form>`, html.EscapeString(msg))
}

// deviceLoginApprove approves a code typed into deviceLoginPage.
func (e *Emulator) deviceLoginApprove(w http.ResponseWriter, r *http.Request) {
	if err := e.Approve(r.FormValue("user_code")); err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	fmt.Fprintln(w, "Approved. Return to mcgdash.")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// userCodeAlphabet leaves out letters and digits that read alike.
const userCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newUserCode returns a nine-character code like Azure AD's.
func newUserCode() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = userCodeAlphabet[int(b[i])%len(userCodeAlphabet)]
	}
	return string(b)
}

func normaliseUserCode(s string) string {
	return strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(s))
}
