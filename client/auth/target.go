package auth

import (
	"errors"
	"net/http"

	"github.com/mcgdash/mcgdash/client"
)

// Target is where a migration target tenant signs in: the worldwide
// authority and Graph whatever cloud the partner works in (in the sandbox,
// the identity emulator playing them), with the partner's client id and
// token cache directory. The CLI (`target check`, `migrate`) and the
// wizard both build their target sign-ins here, so they sign in the same
// way and share the cache.
type Target struct {
	Authority string
	Graph     string
	ClientID  string
	// CacheDir is "" for the default, the partner's cache directory.
	CacheDir   string
	HTTPClient *http.Client
	// Sandbox says the authority is the sandbox's, which approves device
	// codes by itself after a few seconds.
	Sandbox bool
}

// Session is the sign-in to tenant: another Config beside the partner's,
// never replacing it; its tokens go to the same protected cache
// directory, in a file of their own.
func (t Target) Session(tenant string) (*Session, error) {
	if t.ClientID == "" {
		return nil, errors.New("signing in to a target tenant needs a client id: pass --client-id (a multi-tenant public client application)")
	}
	return New(Config{
		Authority: t.Authority, Tenant: tenant, ClientID: t.ClientID,
		Scopes: client.TargetGraphScopes, HTTPClient: t.HTTPClient, CacheDir: t.CacheDir,
	})
}

// CheckOptions are client.CheckTarget's options for tenant, signed in with
// s as account (nil s runs the region check only).
func (t Target) CheckOptions(tenant string, s *Session, account string) client.TargetOptions {
	o := client.TargetOptions{Authority: t.Authority, Tenant: tenant, GraphRoot: t.Graph, HTTPClient: t.HTTPClient, Account: account}
	if s != nil {
		o.Tokens = s
	}
	return o
}
