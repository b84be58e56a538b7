package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/internal/securefile"
	"github.com/mcgdash/mcgdash/model"
)

// sandboxClientID is the public-client id the app presents to the sandbox's
// identity emulator.
const sandboxClientID = "5a1d6e77-9c4b-4f0e-a2d3-6d3b0c0a5e11"

// backend is what a run talks to: Partner Center (real or sandbox) and,
// unless a bearer token was handed in, a sign-in session.
type backend struct {
	env     model.Environment
	partner *client.Client
	session *auth.Session   // nil with a static token
	sandbox *sandbox.Server // nil against a real endpoint
	// notice is a line for the operator about how the backend was set up
	// (e.g. the sandbox fell back to a random port).
	notice string
	// tempCache is a token cache to remove at exit (sandbox on a random port).
	tempCache string
	// target is where a migration target tenant signs in (target.go).
	target auth.Target
	// audit receives a line per mutating action.
	audit *client.AuditLog
}

// Close stops the sandbox, if any, and removes a temporary token cache.
func (b *backend) Close() {
	if b.sandbox != nil {
		_ = b.sandbox.Close()
	}
	if b.tempCache != "" {
		_ = os.RemoveAll(b.tempCache)
	}
}

// openBackend chooses the backend from the configuration: a
// --partner-center-url with a bearer token, a real tenant with MSAL
// sign-in, or (no tenant) the embedded sandbox with its identity emulator.
//
// onThrottle, if not nil, hears of every 429 wait (see throttleLine).
func openBackend(cfg *Config, log *slog.Logger, onThrottle func(time.Duration)) (*backend, error) {
	b, err := openPartnerBackend(cfg, log, onThrottle)
	if err != nil {
		return nil, err
	}
	if b.target.Authority == "" {
		b.target = auth.Target{Authority: client.WorldwideAuthority, Graph: client.WorldwideGraph, ClientID: cfg.ClientID}
	}
	return b, nil
}

// safety is what every Partner Center client of a run shares: read-only
// mode, the audit log and the journal of migrations started here.
func safety(cfg *Config) (client.Options, *client.AuditLog, error) {
	path, err := client.DefaultAuditPath()
	if err != nil {
		return client.Options{}, nil, err
	}
	audit, err := client.OpenAuditLog(path)
	if err != nil {
		return client.Options{}, nil, err
	}
	jpath, err := client.DefaultJournalPath()
	if err != nil {
		return client.Options{}, nil, err
	}
	journal, err := client.OpenJournal(jpath)
	if err != nil {
		return client.Options{}, nil, err
	}
	return client.Options{ReadOnly: cfg.ReadOnly, Audit: audit, Journal: journal}, audit, nil
}

func openPartnerBackend(cfg *Config, log *slog.Logger, onThrottle func(time.Duration)) (*backend, error) {
	safe, audit, err := safety(cfg)
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.PartnerCenterURL != "":
		tok, err := staticToken(cfg.AccessTokenFile)
		if err != nil {
			return nil, err
		}
		pc, err := client.New(client.Options{BaseURL: cfg.PartnerCenterURL, Tokens: tok, Locale: cfg.Locale, Log: log, ReadOnly: safe.ReadOnly, Audit: safe.Audit, Journal: safe.Journal, OnThrottle: onThrottle})
		if err != nil {
			return nil, err
		}
		return &backend{env: cfg.Env, partner: pc, audit: audit}, nil
	case cfg.Tenant != "":
		cloud, _ := model.CloudFor(cfg.Env)
		s, err := auth.New(auth.Config{Authority: cloud.Authority, Tenant: cfg.Tenant, ClientID: cfg.ClientID, Log: log})
		if err != nil {
			return nil, err
		}
		pc, err := client.New(client.Options{BaseURL: model.PartnerCenterAPI, Tokens: s, Locale: cfg.Locale, Log: log, ReadOnly: safe.ReadOnly, Audit: safe.Audit, Journal: safe.Journal, OnThrottle: onThrottle})
		if err != nil {
			return nil, err
		}
		return &backend{env: cfg.Env, partner: pc, session: s, audit: audit}, nil
	default:
		b, err := openSandbox(cfg, log, safe, onThrottle)
		if b != nil {
			b.audit = audit
		}
		return b, err
	}
}

// staticToken reads the bearer token for --partner-center-url.
func staticToken(file string) (client.StaticToken, error) {
	if file != "" {
		// Refused, as the token cache is, when others can read or change it.
		b, err := securefile.ReadFile(file, 64<<10)
		if err != nil {
			return "", fmt.Errorf("access token file: %w", err)
		}
		if t := strings.TrimSpace(string(b)); t != "" {
			return client.StaticToken(t), nil
		}
		return "", fmt.Errorf("access token file %s is empty", model.Sanitize(file))
	}
	if t := strings.TrimSpace(os.Getenv("MCGDASH_ACCESS_TOKEN")); t != "" {
		return client.StaticToken(t), nil
	}
	return "", errors.New("--partner-center-url needs a bearer token: set MCGDASH_ACCESS_TOKEN or --access-token-file")
}

// openSandbox starts the embedded sandbox: Partner Center, the identity
// emulator and Graph on one HTTPS loopback server, reached through the same
// client and MSAL code as the real clouds.
func openSandbox(cfg *Config, log *slog.Logger, safe client.Options, onThrottle func(time.Duration)) (*backend, error) {
	cacheDir, err := cacheDir()
	if err != nil {
		return nil, err
	}
	key, err := sandboxKey(cacheDir)
	if err != nil {
		return nil, err
	}
	var root atomic.Value
	root.Store("")
	emu := identity.New(identity.Options{Issuer: func() string { return root.Load().(string) }, Key: key})
	partner := emu.PartnerTenant()
	opts := sandbox.Options{
		Addr: cfg.Sandbox.Addr, Customers: cfg.Sandbox.Customers, Seed: cfg.Sandbox.Seed,
		Latency: cfg.Sandbox.Latency, FailRate: cfg.Sandbox.FailRate, DropRate: cfg.Sandbox.DropRate,
		Hostile: cfg.Sandbox.Hostile, Authorize: emu.Verify, Handlers: emu.Routes(),
		PartnerName: partner.Name, PartnerTenantID: partner.ID, PartnerDomain: partner.Domain,
		Speed: cfg.Sandbox.Speed, ResetState: cfg.Sandbox.Reset, DropAfterCommitRate: cfg.Sandbox.DropAfterCommit,
		RateLimit: cfg.Sandbox.RateLimit,
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1 // the sandbox's "no limit"; its 0 is the default
	}
	if opts.StateDir, err = sandboxStateDir(); err != nil {
		return nil, err
	}
	var notice, tempCache string
	srv, err := sandbox.Start(opts)
	if err == nil && strings.HasSuffix(opts.Addr, ":0") {
		// A random port asked for: MSAL keys its cache by port, so keep
		// this run's sign-in in a cache removed at exit.
		tempCache, err = os.MkdirTemp("", "mcgdash-sandbox-")
		if err != nil {
			srv.Close()
		}
	} else if errors.Is(err, syscall.EADDRINUSE) {
		// The fixed port keeps the sign-in across runs; without it the app
		// still works, it signs in again. MSAL keys its cache by port, so
		// that one-off sign-in goes to a cache removed at exit rather than
		// leaving a refresh token behind per random port.
		opts.Addr = "127.0.0.1:0"
		srv, err = sandbox.Start(opts)
		if err == nil {
			notice = fmt.Sprintf("sandbox: %s is in use (another mcgdash?), using %s", cfg.Sandbox.Addr, strings.TrimPrefix(srv.URL(), "https://"))
			if tempCache, err = os.MkdirTemp("", "mcgdash-sandbox-"); err != nil {
				srv.Close()
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	root.Store(srv.URL())
	authCache := cacheDir
	if tempCache != "" {
		authCache = tempCache
	}
	s, err := auth.New(auth.Config{
		Authority: srv.URL(), Tenant: partner.ID, ClientID: sandboxClientID,
		HTTPClient: srv.HTTPClient(), CacheDir: authCache, Log: log,
	})
	if err != nil {
		srv.Close()
		return nil, err
	}
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: s, Locale: cfg.Locale, Log: log,
		ReadOnly: safe.ReadOnly, Audit: safe.Audit, Journal: safe.Journal, OnThrottle: onThrottle})
	if err != nil {
		srv.Close()
		return nil, err
	}
	// The sandbox emulates Microsoft Cloud Germany by default; --env global
	// shows the worldwide portals and names instead. Its identity emulator
	// also plays the worldwide authority and Graph for migration targets.
	target := auth.Target{Authority: srv.URL(), Graph: emu.GraphRoot(), ClientID: sandboxClientID, CacheDir: authCache, HTTPClient: srv.HTTPClient(), Sandbox: true}
	return &backend{env: cfg.Env, partner: pc, session: s, sandbox: srv, notice: notice, tempCache: tempCache, target: target}, nil
}

// cacheDir is where the token cache lives: os.UserCacheDir()/mcgdash.
func cacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the token cache: %w (set XDG_CACHE_HOME or HOME)", err)
	}
	return filepath.Join(d, "mcgdash"), nil
}

// sandboxKey is the sandbox's token-signing key, random once per user and
// kept beside the token cache, so that a sandbox sign-in survives a
// restart and nobody else can mint tokens it accepts. The directory is
// checked before anything is read or written (not a link, the operator's,
// mode 0700), and a new key is written without following links and renamed
// into place (securefile).
func sandboxKey(dir string) ([]byte, error) {
	if err := securefile.PrivateDir(dir); err != nil {
		return nil, fmt.Errorf("sandbox key: %w", err)
	}
	p := filepath.Join(dir, "sandbox.key")
	if b, err := securefile.ReadFile(p, 4096); err == nil && len(b) >= 32 {
		return b, nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("sandbox key: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if err := securefile.WriteFile(p, b); err != nil {
		return nil, fmt.Errorf("sandbox key: %w", err)
	}
	return b, nil
}

// ensureSignedIn makes sure a scriptable command has a token. In the
// sandbox it signs in with a device code that the emulator approves by
// itself; against a real tenant it asks the operator to run `mcgdash login`
// rather than block a script on a prompt.
func (b *backend) ensureSignedIn(ctx context.Context, stderr io.Writer) error {
	if b.session == nil {
		return nil
	}
	if _, err := b.session.Token(ctx); err == nil {
		return nil
	} else if b.sandbox == nil {
		return fmt.Errorf("not signed in (%s): run 'mcgdash login' first", oneLine(err.Error()))
	}
	return deviceLogin(ctx, b, stderr)
}

// deviceLogin runs the device code flow, writing the instructions to w.
func deviceLogin(ctx context.Context, b *backend, w io.Writer) error {
	dc, err := b.session.DeviceCode(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, dc.Message)
	if b.sandbox != nil {
		fmt.Fprintf(w, "(the sandbox on %s approves the code by itself in a few seconds)\n", b.sandboxAddr())
	}
	acct, err := dc.Wait(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Signed in as %s.\n", acct.Username)
	return nil
}

// sandboxAddr is the address the sandbox listens on in this run (which is
// not the configured one when that was busy).
func (b *backend) sandboxAddr() string {
	if b.sandbox == nil {
		return ""
	}
	return strings.TrimPrefix(b.sandbox.URL(), "https://")
}
