// Package auth signs the operator in with MSAL for Go's device code flow —
// the flow that works from an SSH jump host with no browser — keeps the
// token cache in a private file, and hands Partner Center's client its
// bearer tokens. No token ever leaves this package except through
// Session.Token, and nothing here logs or prints one.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// Config says where and as whom to sign in.
type Config struct {
	// Authority is the sign-in host without a tenant, e.g.
	// https://login.microsoftonline.de or the sandbox's https://127.0.0.1:port.
	Authority string
	// Tenant is the directory to sign in to: an id, a domain, or
	// "organizations" (the default), which lets the account choose.
	Tenant string
	// ClientID is the public client application's id. Required.
	ClientID string
	// Scopes default to Partner Center's delegated scope. MSAL adds openid,
	// profile and offline_access itself.
	Scopes []string
	// HTTPClient carries MSAL's calls and decides which certificates are
	// trusted (the sandbox's, in tests). Nil means MSAL's default.
	HTTPClient *http.Client
	// CacheDir holds the token cache; default os.UserCacheDir()/mcgdash.
	CacheDir string
	// Log receives sign-in events, never a token. Nil discards.
	Log *slog.Logger
}

// Session is one operator's sign-in to one authority and tenant. It is safe
// for concurrent use and satisfies client.TokenSource.
type Session struct {
	pca       public.Client
	cache     *fileCache
	authority string // scheme://host[:port]
	tenant    string
	scopes    []string
	log       *slog.Logger

	mu            sync.Mutex
	homeAccountID string // the account signed in by this process, if any
}

var _ client.TokenSource = (*Session)(nil)

// New checks cfg, opens (without reading) the token cache and returns a
// Session. A cache file or directory that other users can reach is refused
// with the chmod that fixes it.
func New(cfg Config) (*Session, error) {
	authority, err := parseAuthority(cfg.Authority)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.ClientID) == "" {
		return nil, errors.New("sign-in: no client id configured")
	}
	tenant := strings.TrimSpace(cfg.Tenant)
	if tenant == "" {
		tenant = "organizations"
	}
	if strings.ContainsAny(tenant, "/?#") {
		return nil, fmt.Errorf("sign-in: %q is not a tenant id or domain", tenant)
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{model.PartnerCenterScope}
	}
	dir := cfg.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("sign-in: no cache directory (set one explicitly): %w", err)
		}
		dir = filepath.Join(base, "mcgdash")
	}
	fc := &fileCache{path: filepath.Join(dir, cacheFileName(authority, tenant))}
	if err := fc.checkPrivate(); err != nil {
		return nil, err
	}

	// The authority comes from mcgdash's own table of clouds or from the
	// sandbox, never from a server, so MSAL's instance discovery (a call to
	// the worldwide cloud to validate it) adds nothing, and the sandbox's
	// loopback authority would fail it.
	opts := []public.Option{
		public.WithAuthority(authority + "/" + tenant),
		public.WithCache(fc),
		public.WithInstanceDiscovery(false),
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, public.WithHTTPClient(cfg.HTTPClient))
	}
	pca, err := public.New(cfg.ClientID, opts...)
	if err != nil {
		return nil, fmt.Errorf("sign-in: %s", describe(err))
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Session{pca: pca, cache: fc, authority: authority, tenant: tenant, scopes: scopes, log: log}, nil
}

// parseAuthority accepts https://host[:port] with nothing after it; MSAL
// refuses any other scheme, and the tenant is added separately.
func parseAuthority(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(raw), "/"))
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("sign-in: authority %q is not an absolute URL such as https://login.microsoftonline.de", raw)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("sign-in: authority %q must use https", raw)
	}
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("sign-in: give the authority's host only (%s://%s); the tenant is configured separately", u.Scheme, u.Host)
	}
	return u.Scheme + "://" + u.Host, nil
}

var unsafeFileChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// cacheFileName gives each authority and tenant a cache file of its own, so
// that signing out of the sandbox leaves the real cloud's sign-in alone and
// a migration target's sign-in never mixes with the partner's.
func cacheFileName(authority, tenant string) string {
	host := strings.TrimPrefix(authority, "https://")
	name := strings.ToLower(host + "-" + tenant)
	return "msal-cache-" + unsafeFileChars.ReplaceAllString(name, "_") + ".json"
}

// CachePath is the token cache file of this session.
func (s *Session) CachePath() string { return s.cache.path }

// Authority is the sign-in URL, with the tenant.
func (s *Session) Authority() string { return s.authority + "/" + s.tenant }

// Account is who signed in.
type Account struct {
	Username string // user principal name, e.g. operator@contoso.onmicrosoft.de
	TenantID string // the account's home tenant id
}

// accountOf reads the tenant from the home account id ("<oid>.<tid>"), since
// MSAL's Realm is the authority's tenant segment, e.g. "organizations".
func accountOf(a public.Account) Account {
	tenant := a.Realm
	if _, tid, ok := strings.Cut(a.HomeAccountID, "."); ok && tid != "" {
		tenant = tid
	}
	return Account{Username: model.Sanitize(a.PreferredUsername), TenantID: model.Sanitize(tenant)}
}

// account returns the cached account to use: the one this process signed
// in, else the one in the cache (a sign-in removes any other).
func (s *Session) account(ctx context.Context) (public.Account, error) {
	accounts, err := s.pca.Accounts(ctx)
	if err != nil {
		return public.Account{}, keepCause("read token cache: ", err)
	}
	if len(accounts) == 0 {
		return public.Account{}, fmt.Errorf("%w to %s", ErrNotSignedIn, s.Authority())
	}
	s.mu.Lock()
	want := s.homeAccountID
	s.mu.Unlock()
	for _, a := range accounts {
		if a.HomeAccountID == want {
			return a, nil
		}
	}
	sort.Slice(accounts, func(i, j int) bool { return accounts[i].PreferredUsername < accounts[j].PreferredUsername })
	return accounts[0], nil
}

// Token returns an access token for the configured scopes: from the cache,
// or renewed with the cached refresh token. When neither works the error
// wraps ErrNotSignedIn, ErrExpired, ErrRevoked or ErrRejected and says why;
// the Partner Center client turns it into a client.AuthError.
func (s *Session) Token(ctx context.Context) (string, error) {
	res, err := s.silent(ctx)
	if err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

func (s *Session) silent(ctx context.Context) (public.AuthResult, error) {
	acct, err := s.account(ctx)
	if err != nil {
		return public.AuthResult{}, err
	}
	res, err := s.pca.AcquireTokenSilent(ctx, s.scopes, public.WithSilentAccount(acct))
	if err != nil {
		err = refreshError(err)
		s.log.Warn("signin.silent", "account", acct.PreferredUsername, "error", err.Error())
		return public.AuthResult{}, err
	}
	source := "cache"
	if res.Metadata.TokenSource == public.TokenSourceIdentityProvider {
		source = "refreshed"
	}
	s.log.Debug("signin.silent", "account", acct.PreferredUsername, "source", source, "expires", res.ExpiresOn.Format(time.RFC3339))
	return res, nil
}

// DeviceCode is a started device code sign-in: show UserCode and
// VerificationURL (or Message) to the operator, then call Wait.
type DeviceCode struct {
	UserCode        string
	VerificationURL string
	// Message is the service's own instruction, sanitised.
	Message   string
	ExpiresOn time.Time

	dc      public.DeviceCode
	session *Session
}

// DeviceCode asks the authority for a device code. Cancel ctx, or the
// context given to Wait, to abandon the sign-in.
func (s *Session) DeviceCode(ctx context.Context) (DeviceCode, error) {
	dc, err := s.pca.AcquireTokenByDeviceCode(ctx, s.scopes)
	if err != nil {
		err = fmt.Errorf("start sign-in at %s: %s", s.Authority(), describe(err))
		s.log.Warn("signin.devicecode", "error", err.Error())
		return DeviceCode{}, err
	}
	s.log.Info("signin.devicecode", "authority", s.Authority(), "expires", dc.Result.ExpiresOn.Format(time.RFC3339))
	return DeviceCode{
		UserCode:        model.Sanitize(dc.Result.UserCode),
		VerificationURL: model.Sanitize(dc.Result.VerificationURL),
		Message:         Redact(dc.Result.Message),
		ExpiresOn:       dc.Result.ExpiresOn,
		dc:              dc,
		session:         s,
	}, nil
}

// Wait blocks until the operator has entered the code (the sandbox approves
// it by itself), the code expires, or ctx ends. On success the account is
// the session's from then on, and any other account is removed from the
// cache so the next run picks the right one.
func (d DeviceCode) Wait(ctx context.Context) (Account, error) {
	s := d.session
	if s == nil {
		return Account{}, errors.New("sign-in: no device code was issued")
	}
	res, err := d.dc.AuthenticationResult(ctx)
	if err != nil {
		err = fmt.Errorf("sign-in failed: %s", describe(err))
		s.log.Warn("signin.wait", "error", err.Error())
		return Account{}, err
	}
	s.mu.Lock()
	s.homeAccountID = res.Account.HomeAccountID
	s.mu.Unlock()
	if err := s.forgetOthers(ctx, res.Account.HomeAccountID); err != nil {
		s.log.Warn("signin.cleanup", "error", err.Error())
	}
	acct := accountOf(res.Account)
	s.log.Info("signin.done", "account", acct.Username, "tenant", acct.TenantID, "expires", res.ExpiresOn.Format(time.RFC3339))
	return acct, nil
}

// forgetOthers removes every cached account but keep.
func (s *Session) forgetOthers(ctx context.Context, keep string) error {
	accounts, err := s.pca.Accounts(ctx)
	if err != nil {
		return errors.New(describe(err))
	}
	for _, a := range accounts {
		if a.HomeAccountID != keep {
			if err := s.pca.RemoveAccount(ctx, a); err != nil {
				return errors.New(describe(err))
			}
		}
	}
	return nil
}

// Logout removes every account from the cache and deletes the cache file.
// The tokens stay valid at the service until they expire; deleting the file
// is what keeps them from this machine.
func (s *Session) Logout(ctx context.Context) error {
	accounts, err := s.pca.Accounts(ctx)
	if err != nil && !errors.As(err, new(*PermissionError)) {
		return fmt.Errorf("sign out: %s", describe(err))
	}
	for _, a := range accounts {
		if err := s.pca.RemoveAccount(ctx, a); err != nil {
			return fmt.Errorf("sign out: %s", describe(err))
		}
	}
	s.mu.Lock()
	s.homeAccountID = ""
	s.mu.Unlock()
	if err := s.cache.remove(); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	s.log.Info("signin.logout", "authority", s.Authority(), "accounts", len(accounts))
	return nil
}

// Identity is what whoami shows: who is signed in where and until when.
// It never holds a token.
type Identity struct {
	Account
	// Environment is the sign-in host as MSAL records it (host:port).
	Environment string
	// Authority is the sign-in URL with the tenant.
	Authority string
	// ExpiresOn is when the current access token expires; a new one is
	// fetched silently until the refresh token expires or is revoked.
	ExpiresOn time.Time
	CachePath string
}

// WhoAmI returns the signed-in identity, renewing the access token if it
// must, so a "not signed in" or "expired" answer is the truth.
func (s *Session) WhoAmI(ctx context.Context) (Identity, error) {
	res, err := s.silent(ctx)
	if err != nil {
		return Identity{}, err
	}
	return Identity{
		Account:     accountOf(res.Account),
		Environment: model.Sanitize(res.Account.Environment),
		Authority:   s.Authority(),
		ExpiresOn:   res.ExpiresOn,
		CachePath:   s.cache.path,
	}, nil
}
