package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/mcgdash/mcgdash/model"
)

// A migration target lives in the worldwide cloud whatever cloud the
// partner works in: its sign-in and Graph are the worldwide ones.
const (
	WorldwideAuthority = "https://login.microsoftonline.com"
	WorldwideGraph     = "https://graph.microsoft.com"
)

// TargetGraphScopes are the delegated scopes the target sign-in asks for:
// the account (User.Read) and the directory's roles and subscribed SKUs
// (Directory.Read.All).
var TargetGraphScopes = []string{WorldwideGraph + "/User.Read", WorldwideGraph + "/Directory.Read.All"}

// TenantDiscovery is what a tenant's OpenID discovery document says about
// where it lives. MSAL does not expose these fields.
type TenantDiscovery struct {
	Issuer        string
	RegionScope   string // tenant_region_scope: EU, NA, WW, …
	CloudInstance string // cloud_instance_name, e.g. microsoftonline.com
}

// TenantNotFoundError is the authority refusing a tenant with AADSTS90002:
// unknown, or with no active subscriptions.
type TenantNotFoundError struct {
	Tenant string
	Detail string // the authority's description, sanitised
}

func (e *TenantNotFoundError) Error() string {
	return "tenant " + e.Tenant + " was refused by the sign-in authority: " + e.Detail
}

var aadsts90002 = regexp.MustCompile(`AADSTS90002\b`)

// AsTenantNotFound turns a sign-in error that carries AADSTS90002 (from
// discovery, the device code request or the token endpoint) into a
// TenantNotFoundError.
func AsTenantNotFound(tenant string, err error) (*TenantNotFoundError, bool) {
	var tnf *TenantNotFoundError
	if errors.As(err, &tnf) {
		return tnf, true
	}
	if err != nil && aadsts90002.MatchString(err.Error()) {
		msg := err.Error()
		if i := strings.Index(msg, "AADSTS90002"); i >= 0 {
			msg = msg[i:]
		}
		if r := []rune(msg); len(r) > 320 {
			msg = string(r[:320]) + "…"
		}
		return &TenantNotFoundError{Tenant: model.Sanitize(tenant), Detail: model.Sanitize(msg)}, true
	}
	return nil, false
}

// DiscoverTenant fetches {authority}/{tenant}/v2.0/.well-known/openid-configuration.
// The document is public: no token is sent, so this is a plain GET rather
// than a Partner Center call.
func DiscoverTenant(ctx context.Context, hc *http.Client, authority, tenant string) (TenantDiscovery, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	tenant = strings.TrimSpace(tenant)
	if tenant == "" || strings.ContainsAny(tenant, "/?#% ") {
		return TenantDiscovery{}, fmt.Errorf("%q is not a tenant id or domain", model.Sanitize(tenant))
	}
	u := strings.TrimSuffix(authority, "/") + "/" + url.PathEscape(tenant) + "/v2.0/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return TenantDiscovery{}, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return TenantDiscovery{}, &NetworkError{Host: req.URL.Host, err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return TenantDiscovery{}, &NetworkError{Host: req.URL.Host, err: err}
	}
	if resp.StatusCode != http.StatusOK {
		var oe struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &oe)
		err := fmt.Errorf("tenant discovery for %s: HTTP %d %s: %s", model.Sanitize(tenant), resp.StatusCode, model.Sanitize(oe.Error), model.Sanitize(oe.Description))
		if tnf, ok := AsTenantNotFound(tenant, err); ok {
			return TenantDiscovery{}, tnf
		}
		return TenantDiscovery{}, err
	}
	var doc struct {
		Issuer        string  `json:"issuer"`
		RegionScope   *string `json:"tenant_region_scope"`
		CloudInstance string  `json:"cloud_instance_name"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return TenantDiscovery{}, fmt.Errorf("tenant discovery for %s: not a discovery document", model.Sanitize(tenant))
	}
	d := TenantDiscovery{Issuer: model.Sanitize(doc.Issuer), CloudInstance: model.Sanitize(doc.CloudInstance)}
	if doc.RegionScope != nil {
		d.RegionScope = model.Sanitize(*doc.RegionScope)
	}
	return d, nil
}

// TargetOptions say where a migration target tenant is and how to reach it.
type TargetOptions struct {
	// Authority is the worldwide sign-in host (WorldwideAuthority, or the
	// sandbox's root).
	Authority string
	// Tenant is the target's id or domain.
	Tenant string
	// GraphRoot is the worldwide Graph (WorldwideGraph, or the sandbox's).
	GraphRoot string
	// HTTPClient carries discovery and Graph calls.
	HTTPClient *http.Client
	// Tokens are the target sign-in's Graph tokens (an auth.Session for the
	// target tenant with TargetGraphScopes). Nil runs the region check only.
	Tokens TokenSource
	// Account is who signed in, for the evidence.
	Account string
	Log     *slog.Logger
}

// CheckTarget runs the three checks on a migration target — region from the
// discovery document, Global Administrator from Graph (and the token's wids
// claim), active from Graph's subscribed SKUs — each with its evidence. A
// tenant the authority refuses (AADSTS90002) is reported as not active. The
// error is for what stops the checks from running at all (the network).
func CheckTarget(ctx context.Context, o TargetOptions) (model.TargetReport, error) {
	rep := model.TargetReport{TenantID: model.Sanitize(o.Tenant), Account: model.Sanitize(o.Account)}
	disc, err := DiscoverTenant(ctx, o.HTTPClient, o.Authority, o.Tenant)
	if tnf, ok := AsTenantNotFound(o.Tenant, err); ok {
		rep.Checks = []model.TargetCheck{
			model.NotChecked(model.CheckRegion, "the authority does not serve this tenant's discovery document"),
			model.NotChecked(model.CheckGlobalAdmin, "no sign-in to this tenant is possible"),
			model.InactiveAtSignIn(tnf.Detail),
		}
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	if m := guidInIssuer.FindString(disc.Issuer); m != "" {
		rep.TenantID = m
	}
	rep.Checks = append(rep.Checks, model.RegionCheck(disc.RegionScope))
	if o.Tokens == nil {
		rep.Checks = append(rep.Checks,
			model.NotChecked(model.CheckGlobalAdmin, "not signed in to the tenant"),
			model.NotChecked(model.CheckActive, "not signed in to the tenant"))
		return rep, nil
	}
	g, err := New(Options{BaseURL: o.GraphRoot, HTTPClient: o.HTTPClient, Tokens: o.Tokens, Log: o.Log})
	if err != nil {
		return rep, err
	}
	var org struct {
		Value []struct {
			ID              string `json:"id"`
			DisplayName     string `json:"displayName"`
			VerifiedDomains []struct {
				Name      string `json:"name"`
				IsInitial bool   `json:"isInitial"`
				IsDefault bool   `json:"isDefault"`
			} `json:"verifiedDomains"`
		} `json:"value"`
	}
	if err := g.graphGet(ctx, "/v1.0/organization", &org); err != nil {
		if tnf, ok := AsTenantNotFound(o.Tenant, err); ok {
			rep.Checks = append(rep.Checks, model.NotChecked(model.CheckGlobalAdmin, "sign-in refused"), model.InactiveAtSignIn(tnf.Detail))
			return rep, nil
		}
		return rep, fmt.Errorf("read the target tenant: %w", err)
	}
	if len(org.Value) > 0 {
		o0 := org.Value[0]
		rep.TenantID = model.Sanitize(o0.ID)
		rep.DisplayName = model.Sanitize(o0.DisplayName)
		for _, d := range o0.VerifiedDomains {
			if d.IsInitial || (rep.Domain == "" && d.IsDefault) {
				rep.Domain = model.Sanitize(d.Name)
			}
		}
	}
	if rep.Account == "" {
		var me struct {
			UPN string `json:"userPrincipalName"`
		}
		if err := g.graphGet(ctx, "/v1.0/me", &me); err == nil {
			rep.Account = model.Sanitize(me.UPN)
		}
	}
	var roles struct {
		Value []struct {
			DisplayName    string `json:"displayName"`
			RoleTemplateID string `json:"roleTemplateId"`
		} `json:"value"`
	}
	var wids []string
	if tok, err := o.Tokens.Token(ctx); err == nil {
		wids = tokenWids(tok)
	}
	if err := g.graphGet(ctx, "/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole", &roles); err != nil {
		if len(wids) == 0 {
			return rep, fmt.Errorf("read the account's directory roles: %w", err)
		}
	}
	dr := make([]model.DirectoryRole, len(roles.Value))
	for i, r := range roles.Value {
		dr[i] = model.DirectoryRole{DisplayName: model.Sanitize(r.DisplayName), RoleTemplateID: model.Sanitize(r.RoleTemplateID)}
	}
	rep.Checks = append(rep.Checks, model.GlobalAdminCheck(rep.Account, dr, wids))
	var skus struct {
		Value []struct {
			PartNumber       string `json:"skuPartNumber"`
			CapabilityStatus string `json:"capabilityStatus"`
		} `json:"value"`
	}
	if err := g.graphGet(ctx, "/v1.0/subscribedSkus", &skus); err != nil {
		return rep, fmt.Errorf("read the tenant's subscribed SKUs: %w", err)
	}
	ss := make([]model.SubscribedSKU, len(skus.Value))
	for i, s := range skus.Value {
		ss[i] = model.SubscribedSKU{PartNumber: model.Sanitize(s.PartNumber), CapabilityStatus: model.Sanitize(s.CapabilityStatus)}
	}
	rep.Checks = append(rep.Checks, model.ActiveCheck(ss))
	return rep, nil
}

var guidInIssuer = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// graphGet GETs a Graph path below the client's root.
func (c *Client) graphGet(ctx context.Context, path string, v any) error {
	u, err := c.urlFor(path)
	if err != nil {
		return err
	}
	return c.getJSON(ctx, u, nil, v)
}

// tokenWids reads the wids claim (directory role template ids) of an access
// token, without checking its signature: it is evidence shown to the
// operator beside Graph's answer, not an authorisation decision.
func tokenWids(tok string) []string {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	var c struct {
		Wids []string `json:"wids"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return nil
	}
	out := make([]string, 0, len(c.Wids))
	for _, w := range c.Wids {
		out = append(out, model.Sanitize(w))
	}
	return out
}
