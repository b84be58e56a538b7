package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
)

const clientID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

// syncBuffer is a log sink safe for MSAL's and the test's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// recorder sees every answer of the emulator from the client side: the
// tokens issued (to prove none leaks) and how the token endpoint was used.
type recorder struct {
	next http.RoundTripper

	mu       sync.Mutex
	secrets  []string
	pending  int
	refresh  int
	tokenOKs int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var form []byte
	if req.Body != nil {
		form, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(form))
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token") {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var answer map[string]any
	_ = json.Unmarshal(body, &answer)
	str := func(k string) string { v, _ := answer[k].(string); return v }
	r.mu.Lock()
	defer r.mu.Unlock()
	if str("error") == "authorization_pending" {
		r.pending++
	}
	if bytes.Contains(form, []byte("grant_type=refresh_token")) {
		r.refresh++
	}
	if resp.StatusCode == 200 {
		r.tokenOKs++
		r.secrets = append(r.secrets, str("access_token"), str("refresh_token"), str("id_token"))
	}
	return resp, err
}

func (r *recorder) counts() (pending, refresh, ok int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pending, r.refresh, r.tokenOKs
}

type env struct {
	emu  *identity.Emulator
	srv  *httptest.Server
	rec  *recorder
	dir  string
	logs *syncBuffer
}

func newEnv(t *testing.T, o identity.Options) *env {
	t.Helper()
	var srv *httptest.Server
	o.Issuer = func() string { return srv.URL }
	emu := identity.New(o)
	srv = httptest.NewTLSServer(emu.Handler())
	t.Cleanup(srv.Close)
	return &env{
		emu: emu, srv: srv,
		rec:  &recorder{next: srv.Client().Transport},
		dir:  filepath.Join(t.TempDir(), "mcgdash"),
		logs: &syncBuffer{},
	}
}

// session returns a new Session on the shared cache directory, as a new run
// of mcgdash would have.
func (e *env) session(t *testing.T, tenant string) *auth.Session {
	t.Helper()
	s, err := auth.New(auth.Config{
		Authority: e.srv.URL, Tenant: tenant, ClientID: clientID,
		HTTPClient: &http.Client{Transport: e.rec, Timeout: 10 * time.Second},
		CacheDir:   e.dir,
		Log:        slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func signIn(t *testing.T, s *auth.Session) auth.Account {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dc, err := s.DeviceCode(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if dc.UserCode == "" || !strings.HasSuffix(dc.VerificationURL, "/devicelogin") || !strings.Contains(dc.Message, dc.UserCode) {
		t.Fatalf("device code %+v", dc)
	}
	acct, err := dc.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func TestDeviceCodeSignIn(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: 300 * time.Millisecond})
	s := e.session(t, "")
	acct := signIn(t, s)
	if acct.Username != "operator@contosopartner.onmicrosoft.de" || acct.TenantID != identity.PartnerTenantID {
		t.Errorf("account %+v", acct)
	}
	if pending, _, _ := e.rec.counts(); pending == 0 {
		t.Error("the emulator never answered authorization_pending")
	}
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/v1/customers", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if err := e.emu.Verify(req); err != nil {
		t.Errorf("Partner Center would refuse the token: %v", err)
	}
}

func TestSilentTokenFromPersistedCache(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond})
	signIn(t, e.session(t, identity.PartnerTenantID))
	_, _, before := e.rec.counts()

	fresh := e.session(t, identity.PartnerTenantID)
	if _, err := fresh.Token(context.Background()); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	if _, _, after := e.rec.counts(); after != before {
		t.Errorf("token endpoint called %d times; the cached access token should have served", after-before)
	}
	who, err := fresh.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if who.Username != "operator@contosopartner.onmicrosoft.de" || who.TenantID != identity.PartnerTenantID ||
		time.Until(who.ExpiresOn) < 30*time.Minute || !strings.Contains(who.Authority, e.srv.URL) || who.CachePath != fresh.CachePath() {
		t.Errorf("whoami %+v", who)
	}
}

func TestRefreshAfterExpiry(t *testing.T) {
	// 60 s is below MSAL's 5-minute margin, so every Token call renews.
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond, AccessTokenLifetime: time.Minute})
	signIn(t, e.session(t, ""))
	s := e.session(t, "")
	first, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.session(t, "").Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, refresh, _ := e.rec.counts(); refresh != 2 || first == second {
		t.Errorf("refresh grants %d, tokens equal %v; want 2 renewals with new tokens", refresh, first == second)
	}
}

func TestRevokedRefreshToken(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond, AccessTokenLifetime: time.Minute})
	s := e.session(t, "")
	signIn(t, s)
	e.emu.RevokeRefreshTokens()
	_, err := s.Token(context.Background())
	if !errors.Is(err, auth.ErrRevoked) || !strings.Contains(err.Error(), "AADSTS50173") || !strings.Contains(err.Error(), "sign in again") {
		t.Errorf("got %v, want a revoked error naming AADSTS50173", err)
	}
}

func TestNotSignedIn(t *testing.T) {
	e := newEnv(t, identity.Options{})
	_, err := e.session(t, "").Token(context.Background())
	if !errors.Is(err, auth.ErrNotSignedIn) {
		t.Errorf("got %v, want ErrNotSignedIn", err)
	}
}

func TestInactiveTenant(t *testing.T) {
	e := newEnv(t, identity.Options{})
	_, err := e.session(t, identity.InactiveTenantID).DeviceCode(context.Background())
	if err == nil || !strings.Contains(err.Error(), "AADSTS90002") {
		t.Errorf("got %v, want AADSTS90002", err)
	}
}

func TestWaitCancelled(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: -1})
	s := e.session(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	dc, err := s.DeviceCode(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(100*time.Millisecond, cancel)
	if _, err := dc.Wait(ctx); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("got %v, want cancelled", err)
	}
}

func TestCacheFileModes(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond})
	s := e.session(t, "")
	signIn(t, s)
	fi, err := os.Stat(s.CachePath())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %04o, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %04o, want 0700", di.Mode().Perm())
	}
	if entries, _ := os.ReadDir(e.dir); len(entries) != 1 {
		t.Errorf("cache directory holds %d entries, want only the cache (no temporary files)", len(entries))
	}
}

func TestCacheWithOpenModeRefused(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond})
	s := e.session(t, "")
	signIn(t, s)
	path := s.CachePath()

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var pe *auth.PermissionError
	_, err := auth.New(auth.Config{Authority: e.srv.URL, ClientID: clientID, CacheDir: e.dir})
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("New: got %v, want a refusal saying chmod 600 %s", err, path)
	}
	// A session already open refuses too, rather than reading the tokens.
	if _, err := s.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("Token: got %v, want a refusal", err)
	}

	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(e.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = auth.New(auth.Config{Authority: e.srv.URL, ClientID: clientID, CacheDir: e.dir})
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "chmod 700 "+e.dir) {
		t.Errorf("directory 0755: got %v, want chmod 700", err)
	}
}

func TestLogout(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond})
	s := e.session(t, "")
	signIn(t, s)
	if err := s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.CachePath()); !os.IsNotExist(err) {
		t.Errorf("cache file still there: %v", err)
	}
	for name, sess := range map[string]*auth.Session{"same session": s, "fresh session": e.session(t, "")} {
		if _, err := sess.Token(context.Background()); !errors.Is(err, auth.ErrNotSignedIn) {
			t.Errorf("%s after logout: %v", name, err)
		}
	}
}

// A whole session — sign-in, renewals, revocation, whoami, logout — must
// leave no token in the log or in any error text.
func TestNoTokenInLogsOrErrors(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: 200 * time.Millisecond, AccessTokenLifetime: time.Minute})
	var texts []string
	note := func(err error) {
		if err != nil {
			texts = append(texts, err.Error())
		}
	}
	s := e.session(t, "")
	signIn(t, s)
	_, err := s.Token(context.Background())
	note(err)
	_, err = s.WhoAmI(context.Background())
	note(err)
	e.emu.RevokeRefreshTokens()
	_, err = s.Token(context.Background())
	note(err)
	_, err = s.WhoAmI(context.Background())
	note(err)
	note(s.Logout(context.Background()))
	_, err = s.Token(context.Background())
	note(err)

	if len(texts) < 3 {
		t.Fatalf("expected the revoked and signed-out errors, got %q", texts)
	}
	if e.logs.String() == "" {
		t.Fatal("nothing was logged")
	}
	all := e.logs.String() + strings.Join(texts, "\n")
	e.rec.mu.Lock()
	secrets := append([]string(nil), e.rec.secrets...)
	e.rec.mu.Unlock()
	if len(secrets) < 6 {
		t.Fatalf("only %d tokens seen", len(secrets))
	}
	for _, sec := range secrets {
		if sec == "" {
			t.Fatal("a token answer lacked a token")
		}
		// The signature alone is enough to recognise a leak.
		if sig := sec[strings.LastIndex(sec, ".")+1:]; strings.Contains(all, sec) || strings.Contains(all, sig) {
			t.Errorf("a token appears in the log or an error:\n%s", all)
		}
	}
}
