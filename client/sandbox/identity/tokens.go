package identity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Token kinds, carried in the typ claim so that one kind can never stand in
// for another (an id token presented as an access token, say).
const (
	kindAccess  = "at"
	kindID      = "id"
	kindRefresh = "rt"
)

// claims are the JWT claims the emulator issues. Azure AD's names are kept
// so that code reading real tokens (wids, tid) reads these too.
type claims struct {
	Kind              string   `json:"mcgdash_kind"`
	Issuer            string   `json:"iss"`
	Audience          string   `json:"aud"`
	TenantID          string   `json:"tid"`
	ObjectID          string   `json:"oid"`
	Subject           string   `json:"sub"`
	PreferredUsername string   `json:"preferred_username,omitempty"`
	Name              string   `json:"name,omitempty"`
	Scope             string   `json:"scp,omitempty"`
	Roles             []string `json:"wids,omitempty"`
	ClientID          string   `json:"azp,omitempty"`
	Version           string   `json:"ver"`
	IssuedAt          int64    `json:"iat"`
	NotBefore         int64    `json:"nbf"`
	Expires           int64    `json:"exp"`
	// UniqueID makes every token distinct, as Azure AD's uti does, so a
	// renewed token never equals the one it replaces.
	UniqueID string `json:"uti"`
	// IssuedAtNano orders refresh tokens against RevokeRefreshTokens more
	// finely than iat's seconds.
	IssuedAtNano int64 `json:"mcgdash_iatn,omitempty"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// sign makes a compact JWT signed with the emulator's key. Refresh tokens
// use the same form: clients treat them as opaque.
func (e *Emulator) sign(c claims) string {
	payload, _ := json.Marshal(c)
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(e.mac(unsigned))
}

func (e *Emulator) mac(s string) []byte {
	m := hmac.New(sha256.New, e.key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// Errors Verify and the Graph endpoints report; the sandbox answers 401 with
// their text.
var (
	ErrNoToken      = errors.New("no bearer token")
	ErrInvalidToken = errors.New("the token was not issued by this sandbox or has been altered")
	ErrExpiredToken = errors.New("the token has expired")
	ErrWrongToken   = errors.New("the token is not meant for this service")
)

// parse checks a token's signature, kind and lifetime and returns its claims.
func (e *Emulator) parse(token, kind string) (claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, ErrInvalidToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, e.mac(parts[0]+"."+parts[1])) {
		return claims{}, ErrInvalidToken
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return claims{}, ErrInvalidToken
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return claims{}, ErrInvalidToken
	}
	if c.Kind != kind {
		return claims{}, ErrWrongToken
	}
	if !strings.HasPrefix(c.Issuer, e.root()+"/") {
		return claims{}, ErrInvalidToken
	}
	if !e.now().Before(time.Unix(c.Expires, 0)) {
		return claims{}, ErrExpiredToken
	}
	return c, nil
}

// bearer returns the access token of an Authorization header.
func bearer(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", ErrNoToken
	}
	return strings.TrimSpace(tok), nil
}

// Verify checks that r carries an access token this emulator issued for
// Partner Center (audience and user_impersonation scope) that has not
// expired. The sandbox calls it for every Partner Center request.
func (e *Emulator) Verify(r *http.Request) error {
	tok, err := bearer(r)
	if err != nil {
		return err
	}
	c, err := e.parse(tok, kindAccess)
	if err != nil {
		return err
	}
	if c.Audience != PartnerCenterResource || !slices.Contains(strings.Fields(c.Scope), "user_impersonation") {
		return fmt.Errorf("%w: audience %s, scope %q", ErrWrongToken, c.Audience, c.Scope)
	}
	// Partner Center serves the partner's own tenant: an account signed in
	// to a customer's or a migration target's tenant sees nothing here.
	if !strings.EqualFold(c.TenantID, e.PartnerTenant().ID) {
		return fmt.Errorf("%w: signed in to tenant %s, not the partner's", ErrWrongToken, c.TenantID)
	}
	return nil
}

// grant is what the token endpoint hands out for one user and resource.
type grant struct {
	tenant   Tenant
	clientID string
	scope    string // as requested, echoed back
	audience string
	scp      string
}

// tokenResponse is the token endpoint's success body, field for field what
// MSAL reads.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	ExpiresIn    int64  `json:"expires_in"`
	ExtExpiresIn int64  `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
	ClientInfo   string `json:"client_info"`
}

// issue makes the access, id and refresh tokens for g.
func (e *Emulator) issue(g grant) tokenResponse {
	now := e.now()
	u := g.tenant.User
	base := claims{
		Issuer:   e.root() + "/" + g.tenant.ID + "/v2.0",
		TenantID: g.tenant.ID, ObjectID: u.ObjectID, Subject: u.ObjectID,
		PreferredUsername: u.Username, Name: u.DisplayName,
		ClientID: g.clientID, Version: "2.0",
		IssuedAt: now.Unix(), NotBefore: now.Unix(),
	}
	at := base
	at.Kind, at.Audience, at.Scope = kindAccess, g.audience, g.scp
	at.Expires = now.Add(e.atLifetime).Unix()
	at.UniqueID = randomString(16)
	if u.GlobalAdmin {
		at.Roles = []string{GlobalAdministratorRoleTemplateID}
	}
	id := base
	id.Kind, id.Audience = kindID, g.clientID
	id.Expires = now.Add(time.Hour).Unix()
	id.UniqueID = randomString(16)
	rt := base
	rt.Kind, rt.Audience = kindRefresh, g.clientID
	rt.Expires = now.Add(e.rtLifetime).Unix()
	rt.IssuedAtNano = now.UnixNano()
	rt.UniqueID = randomString(16)

	info, _ := json.Marshal(map[string]string{"uid": u.ObjectID, "utid": g.tenant.ID})
	lifetime := int64(e.atLifetime / time.Second)
	return tokenResponse{
		TokenType: "Bearer", Scope: g.scope,
		ExpiresIn: lifetime, ExtExpiresIn: lifetime,
		AccessToken: e.sign(at), RefreshToken: e.sign(rt), IDToken: e.sign(id),
		ClientInfo: base64.RawURLEncoding.EncodeToString(info),
	}
}

// oidcScopes are granted alongside any resource and name no resource.
var oidcScopes = []string{"openid", "profile", "offline_access", "email"}

// resourceFor works out the audience and scp claim of a scope list as Azure
// AD does: one resource per token; a bare name (User.Read) is Graph's.
func resourceFor(scope string) (audience, scp string, err *oauthError) {
	var names []string
	for _, s := range strings.Fields(scope) {
		if slices.Contains(oidcScopes, strings.ToLower(s)) {
			continue
		}
		res, name := GraphResource, s
		if i := strings.LastIndex(s, "/"); i > 0 && strings.Contains(s, "://") {
			res, name = s[:i], s[i+1:]
		}
		if audience != "" && !strings.EqualFold(audience, res) {
			return "", "", errScopeResources
		}
		audience = strings.ToLower(res)
		names = append(names, name)
	}
	switch audience {
	case "", GraphResource, GermanyGraphResource:
		if audience == "" {
			audience = GraphResource
		}
		if len(names) == 0 || slices.Contains(names, ".default") {
			names = []string{"User.Read", "Directory.Read.All", "Organization.Read.All"}
		}
	case PartnerCenterResource:
		names = []string{"user_impersonation"}
	default:
		return "", "", &oauthError{Code: "invalid_resource", AADSTS: 500011,
			Description: fmt.Sprintf("The resource principal named %s was not found in the tenant.", audience)}
	}
	return audience, strings.Join(names, " "), nil
}
