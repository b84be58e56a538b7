// Package sandbox is an embedded Partner Center emulator that speaks real
// HTTPS on loopback. It is mcgdash's default backend when no tenant is
// configured and the backend of the client's tests: the app reaches it
// through the very same client package it uses against the real cloud, so
// paging, continuation tokens, throttling, error bodies, dropped connections
// and hostile data are exercised end to end rather than mocked.
//
// Its data is generated deterministically from a seed, lazily as pages are
// asked for, and mostly derived on demand, so even 1,000,000 customers start
// at once.
package sandbox

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultPartnerName is the partner the sandbox signs in as.
const DefaultPartnerName = "Nordwind IT-Services GmbH"

// DefaultCustomers is the number of customers when Options.Customers is 0.
const DefaultCustomers = 250

// MaxCustomers bounds Options.Customers to keep memory and start-up sane.
const MaxCustomers = 1_000_000

// DefaultRateLimit is Partner Center's documented limit, per minute per key.
const DefaultRateLimit = 500

// Options configure a sandbox. The zero value is a useful default.
type Options struct {
	// Addr is the listen address; "" means "127.0.0.1:0". Only loopback
	// addresses are accepted: by default the sandbox accepts any token.
	Addr string
	// Customers is the number of customers; 0 means DefaultCustomers.
	Customers int
	// Seed makes the data deterministic; 0 means 1.
	Seed int64
	// Latency is added to every Partner Center call, to make loading
	// visible and cancellation testable.
	Latency time.Duration
	// FailRate is the share (0..1) of calls answered 503 with an error body.
	FailRate float64
	// DropRate is the share (0..1) of connections closed without an answer.
	DropRate float64
	// RateLimit is requests per minute per key (the customer for
	// /v1/customers/{id}/…, "partner" otherwise) with a burst of half a
	// minute's worth; 0 means DefaultRateLimit and a negative value
	// disables limiting.
	RateLimit int
	// RetryAfter is the Retry-After sent on 429; 0 computes it from the
	// bucket (whole seconds, at least 1).
	RetryAfter time.Duration
	// Hostile seeds some company names and domains with terminal escape
	// sequences (OSC 52, OSC 8, CSI, \r, \b, C1) to show sanitising.
	Hostile bool
	// PartnerName is the partner's company name; "" means DefaultPartnerName.
	PartnerName string
	// PartnerTenantID and PartnerDomain, if set, make the partner profile
	// match the identity emulator's partner tenant; "" derives them from
	// the seed.
	PartnerTenantID, PartnerDomain string
	// Authorize checks a Partner Center request's credentials. nil accepts
	// any non-empty "Authorization: Bearer x". A non-nil error is answered
	// 401 with a Partner Center–style error body carrying its message. The
	// identity emulator plugs in here.
	Authorize func(*http.Request) error
	// StateDir keeps the mutable state (migrations, the enrollment) in a
	// file per seed, shared with any other sandbox using the same directory;
	// "" keeps it in memory for this server only.
	StateDir string
	// ResetState discards the stored state at start (--sandbox-reset).
	ResetState bool
	// Speed scales the migration clock: 1 (the default for 0) makes a
	// migration take DefaultMigrationDuration, 60 takes a minute's sixtieth.
	Speed float64
	// Now is the clock migrations and the enrollment advance on; nil means
	// time.Now. Tests inject one.
	Now func() time.Time
	// DropAfterCommitRate is the share (0..1) of mutations whose connection
	// is cut after the change was stored (--sandbox-drop-after-commit).
	DropAfterCommitRate float64
	// EnrollmentTenantID and EnrollmentDomain are the tenant the enrollment
	// yields once active; "" means the identity emulator's European tenant
	// with a Global Administrator.
	EnrollmentTenantID, EnrollmentDomain string
	// TargetAccounts are the partner's accounts offered as migration
	// targets; nil means the identity emulator's four worldwide tenants.
	TargetAccounts []TargetAccount
	// Handlers are mounted as-is on the same server (pattern → handler),
	// for the identity emulator and Graph. They see no faults, latency or
	// rate limits: those belong to Partner Center.
	Handlers map[string]http.Handler
}

// Server is a running sandbox.
type Server struct {
	opts    Options
	data    *dataset
	tokens  tokens
	partner partnerProfile
	url     string
	pool    *x509.CertPool
	client  *http.Client
	srv     *http.Server
	ln      net.Listener
	served  chan struct{}
	faults  faults
	limiter *limiter
	idem    *idempotency
	work    http.Handler // the routes behind the idempotency layer
	log     requestLog
	store   *store
	// dropCommits counts DropNextCommit's pending drops.
	dropCommits atomic.Int64
	closeErr    error
	closeOne    sync.Once
}

// Start draws a fresh self-signed certificate and starts
// serving HTTPS on a loopback address. If Options.Addr is busy, Start
// fails; the caller may retry with "127.0.0.1:0".
func Start(o Options) (*Server, error) {
	if err := o.normalise(); err != nil {
		return nil, err
	}
	cert, pool, err := selfSigned()
	if err != nil {
		return nil, fmt.Errorf("sandbox: certificate: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("sandbox: token key: %w", err)
	}
	st, err := openStore(o.StateDir, o.Seed, o.ResetState)
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:   st,
		opts:    o,
		data:    newLazyDataset(o.Seed, o.Customers),
		tokens:  tokens{key: key},
		pool:    pool,
		served:  make(chan struct{}),
		limiter: newLimiter(o.RateLimit),
		idem:    newIdempotency(10_000),
		log:     requestLog{max: 10_000},
	}
	s.partner = newPartnerProfile(o.Seed, o.PartnerName).withIdentity(o.PartnerTenantID, o.PartnerDomain)
	// Faults are random per run, not per data seed: a seeded sequence made
	// the same page fail the same way on every run, which no real outage
	// does. Tests that need exact faults use FailNext, ThrottleNext, DropNext.
	s.faults.rand = mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64()))
	s.work = s.idem.wrap(http.HandlerFunc(s.route))
	s.faults.failP, s.faults.dropP = o.FailRate, o.DropRate

	// Partner Center's /v1/ is routed before the mux rather than as a "/v1/"
	// pattern: such a prefix conflicts (the mux panics) with the identity
	// emulator's "/{tenant}/v2.0/…", since both match "/v1/v2.0/…".
	mux := http.NewServeMux()
	for pattern, h := range o.Handlers {
		if err := mount(mux, pattern, h); err != nil {
			return nil, err
		}
	}
	if _, ok := o.Handlers["/"]; !ok {
		if err := mount(mux, "/", http.HandlerFunc(s.notFound)); err != nil {
			return nil, err
		}
	}

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen on %s: %w", o.Addr, err)
	}
	s.ln = ln
	s.url = "https://" + ln.Addr().String()
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/v1/") {
				s.serveAPI(w, r)
				return
			}
			mux.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{cert},
			MinVersion:   tls.VersionTLS12,
			// HTTP/1.1 only: dropping a connection needs Hijack, which
			// HTTP/2 does not offer.
			NextProtos: []string{"http/1.1"},
		},
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		// Handshake errors (a client that does not trust the certificate)
		// would otherwise be printed to stderr, across the dashboard.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.client = &http.Client{
		Timeout: 2*time.Minute + o.Latency,
		Transport: &http.Transport{
			TLSClientConfig:       &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
			DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: time.Minute + o.Latency,
			IdleConnTimeout:       time.Minute,
			MaxIdleConnsPerHost:   16,
		},
	}
	go func() {
		defer close(s.served)
		_ = s.srv.ServeTLS(ln, "", "")
	}()
	return s, nil
}

// mount registers a handler, turning the mux's panic on a bad or
// conflicting pattern into an error.
func mount(mux *http.ServeMux, pattern string, h http.Handler) (err error) {
	if h == nil {
		return fmt.Errorf("sandbox: handler for %q is nil", pattern)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sandbox: cannot mount %q: %v", pattern, r)
		}
	}()
	mux.Handle(pattern, h)
	return nil
}

func (o *Options) normalise() error {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("sandbox: address %q: %w", o.Addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("sandbox: address %q is not a loopback address: the sandbox accepts any token, so it must not be reachable from the network", o.Addr)
	}
	switch {
	case o.Customers == 0:
		o.Customers = DefaultCustomers
	case o.Customers < 0 || o.Customers > MaxCustomers:
		return fmt.Errorf("sandbox: %d customers: choose 1..%d", o.Customers, MaxCustomers)
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Latency < 0 {
		return errors.New("sandbox: latency must not be negative")
	}
	switch {
	case o.Speed == 0:
		o.Speed = 1
	case math.IsNaN(o.Speed) || o.Speed < 0.001 || o.Speed > 1e6:
		return fmt.Errorf("sandbox: speed %v: choose 0.001..1000000", o.Speed)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.TargetAccounts == nil {
		o.TargetAccounts = defaultTargetAccounts()
	}
	if o.EnrollmentTenantID == "" {
		o.EnrollmentTenantID, o.EnrollmentDomain = defaultEnrollmentTenantID, defaultEnrollmentDomain
	}
	for name, r := range map[string]float64{"FailRate": o.FailRate, "DropRate": o.DropRate, "DropAfterCommitRate": o.DropAfterCommitRate} {
		if math.IsNaN(r) || r < 0 || r > 1 {
			return fmt.Errorf("sandbox: %s %v is not between 0 and 1", name, r)
		}
	}
	if o.RateLimit == 0 {
		o.RateLimit = DefaultRateLimit
	}
	if o.RetryAfter < 0 {
		return errors.New("sandbox: RetryAfter must not be negative")
	}
	if o.PartnerName = strings.TrimSpace(o.PartnerName); o.PartnerName == "" {
		o.PartnerName = DefaultPartnerName
	}
	return nil
}

// URL is the server's root, e.g. "https://127.0.0.1:50123"; give it to the
// client as its base URL.
func (s *Server) URL() string { return s.url }

// HTTPClient returns a client that trusts only this server's certificate,
// with timeouts that allow for Options.Latency. It is shared: do not
// change it.
func (s *Server) HTTPClient() *http.Client { return s.client }

// CertPool holds only this server's certificate, for callers that build
// their own transport.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// PartnerName is the partner's company name, as the profile reports it.
func (s *Server) PartnerName() string { return s.opts.PartnerName }

// Close stops the server, closing open connections, and waits for it.
// Closing twice is harmless.
func (s *Server) Close() error {
	s.closeOne.Do(func() {
		s.closeErr = s.srv.Close()
		<-s.served
		s.client.CloseIdleConnections()
	})
	return s.closeErr
}
