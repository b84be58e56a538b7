package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// TokenSource supplies the bearer token for a request. The MSAL sign-in and
// a token handed in by the operator both satisfy it.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// ErrSignInRequired is matched (errors.Is) by a TokenSource's error when
// only a new sign-in can help: not signed in, expired, revoked. Any other
// token error (the authority unreachable for a moment) is retried.
var ErrSignInRequired = errors.New("sign-in required")

// StaticToken is a bearer token the operator supplied (MCGDASH_ACCESS_TOKEN
// or --access-token-file), as Microsoft's PowerShell module accepts one.
type StaticToken string

// Token returns the token itself.
func (t StaticToken) Token(context.Context) (string, error) {
	if t == "" {
		return "", fmt.Errorf("no access token: %w", ErrSignInRequired)
	}
	return string(t), nil
}

// RetryPolicy says how often and how patiently failed calls are retried.
type RetryPolicy struct {
	// MaxRetries is how many times a call is repeated after the first try;
	// 0 means the default and a negative value turns retries off.
	MaxRetries int
	// BaseDelay and MaxDelay bound the exponential backoff (with full jitter)
	// used after 5xx answers and dropped connections.
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait out; a
	// longer one is reported to the operator instead.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy: six retries with backoff from 250 ms to 8 s (about
// 16 s at worst on 5xx), so a listing of hundreds of pages survives a
// flaky service, and never a Retry-After over 70 s.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 6, BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second, MaxRetryAfter: 70 * time.Second}

// Options configure a Client.
type Options struct {
	// BaseURL is Partner Center's root, e.g. https://api.partnercenter.microsoft.com.
	// A trailing /v1 is accepted and ignored.
	BaseURL string
	// HTTPClient carries the calls; it decides which certificates are trusted.
	HTTPClient *http.Client
	// Tokens supplies bearer tokens. Required.
	Tokens TokenSource
	// Locale is sent as X-Locale; default en-US.
	Locale string
	// Retry overrides DefaultRetryPolicy when its MaxRetries is non-zero.
	Retry RetryPolicy
	// Log receives one line per HTTP attempt (method, path, status, ids,
	// duration) and never a token. Nil discards.
	Log *slog.Logger
	// OnThrottle, if set, is called before the client waits out a 429's
	// Retry-After, with the wait, so the operator can be told. It is called
	// from the goroutine making the call.
	OnThrottle func(wait time.Duration)
	// ReadOnly refuses every mutating call before it leaves the process
	// (see mutate in migrations.go).
	ReadOnly bool
	// Audit, if set, gets one line per mutating action.
	Audit *AuditLog
}

// Client calls one Partner Center–compatible endpoint.
type Client struct {
	root   *url.URL // scheme://host[/prefix], no trailing slash, no /v1
	http   *http.Client
	tokens TokenSource
	locale string
	retry  RetryPolicy
	log    *slog.Logger

	onThrottle func(time.Duration)
	// readOnly and audit: see Options.
	readOnly bool
	audit    *AuditLog
}

// New checks the options and returns a Client. Plain http is refused unless
// the host is a loopback address, so a token never crosses a network in
// clear text.
func New(o Options) (*Client, error) {
	root, err := ParseEndpoint(o.BaseURL)
	if err != nil {
		return nil, err
	}
	root.Path = strings.TrimSuffix(strings.TrimSuffix(root.Path, "/"), "/v1")
	if o.Tokens == nil {
		return nil, errors.New("partner center client: no token source")
	}
	c := &Client{root: root, tokens: o.Tokens, locale: o.Locale, retry: o.Retry, log: o.Log, onThrottle: o.OnThrottle, readOnly: o.ReadOnly, audit: o.Audit}
	// A copy, so that refusing redirects does not change the caller's client.
	hc := http.Client{Timeout: 60 * time.Second}
	if o.HTTPClient != nil {
		hc = *o.HTTPClient
	}
	// Go keeps Authorization on a redirect to the same host name whatever
	// the scheme or port, so a redirect could carry the token to plain
	// http. Partner Center does not redirect API calls: refuse them all.
	hc.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		return fmt.Errorf("refusing to follow a redirect to %s with a bearer token", model.Sanitize(req.URL.Redacted()))
	}
	c.http = &hc
	if c.locale == "" {
		c.locale = "en-US"
	}
	if c.retry.MaxRetries == 0 {
		c.retry = DefaultRetryPolicy
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// ParseEndpoint validates a service URL given by the operator: absolute,
// https, or http only on a loopback address.
func ParseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http: only https is accepted, except for a loopback address such as 127.0.0.1", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q: give the service root only, without query, fragment or user info", raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Endpoint is the service root the client calls, for display.
func (c *Client) Endpoint() string { return c.root.String() }

// NewGUID returns a random RFC 4122 version 4 GUID, the form Partner Center
// uses for MS-RequestId and MS-CorrelationId.
func NewGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

type correlationKey struct{}

// WithCorrelationID ties every call made with ctx to one operator action.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey{}, id)
}

func correlationID(ctx context.Context) string {
	if id, ok := ctx.Value(correlationKey{}).(string); ok && id != "" {
		return id
	}
	return NewGUID()
}

// call is one logical operation; retries of it share its request id.
type call struct {
	method string
	url    *url.URL
	header http.Header // extra headers, e.g. those listed by links.next
	body   []byte
}

// urlFor joins an API path ("/v1/customers") onto the root, keeping any
// path prefix the root has and never doubling a slash or a /v1.
func (c *Client) urlFor(pathAndQuery string) (*url.URL, error) {
	ref, err := url.Parse(pathAndQuery)
	if err != nil {
		return nil, fmt.Errorf("bad path %q: %w", pathAndQuery, err)
	}
	if ref.IsAbs() {
		// An absolute link must stay on the same service: the bearer token
		// goes with it.
		if ref.Scheme != c.root.Scheme || ref.Host != c.root.Host {
			return nil, fmt.Errorf("refusing to follow a link to another host: %s", ref.Redacted())
		}
		return ref, nil
	}
	u := *c.root
	p := "/" + strings.TrimLeft(ref.Path, "/")
	u.Path = c.root.Path + p
	// Keep the link's own encoding (an escaped %2F stays escaped).
	u.RawPath = ""
	if ref.RawPath != "" {
		u.RawPath = c.root.EscapedPath() + "/" + strings.TrimLeft(ref.RawPath, "/")
	}
	u.RawQuery = ref.RawQuery
	return &u, nil
}

// do performs a call with retries and returns the body of a 2xx answer.
// 429 waits Retry-After; 5xx and dropped connections back off
// exponentially with jitter. The request id stays the same across retries
// so that Partner Center can recognise a repeated mutation.
func (c *Client) do(ctx context.Context, cl call) ([]byte, error) {
	requestID := requestIDFor(ctx)
	corrID := correlationID(ctx)
	var lastErr error
	for attempt := 0; ; attempt++ {
		body, wait, err := c.attempt(ctx, cl, requestID, corrID)
		if err == nil {
			return body, nil
		}
		lastErr = err
		if wait < 0 || attempt >= c.retry.MaxRetries || ctx.Err() != nil {
			return nil, lastErr
		}
		if attempt >= maxDialRetries && isDialFailure(err) {
			// Nothing listens there, or the name does not resolve: that
			// rarely heals in seconds, so say so soon.
			return nil, lastErr
		}
		if wait == 0 {
			wait = c.backoff(attempt)
		} else if c.onThrottle != nil {
			c.onThrottle(wait) // a server-requested wait: 429 Retry-After
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, lastErr
		case <-t.C:
		}
	}
}

// attempt makes one HTTP request. wait < 0 means the error is final; wait
// > 0 is a server-requested delay; 0 means "retry after backoff".
func (c *Client) attempt(ctx context.Context, cl call, requestID, corrID string) (body []byte, wait time.Duration, err error) {
	var rd io.Reader
	if cl.body != nil {
		rd = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url.String(), rd)
	if err != nil {
		return nil, -1, fmt.Errorf("%s %s: %w", cl.method, cl.url.EscapedPath(), err)
	}
	for k, vs := range cl.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	tok, err := c.tokens.Token(ctx)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, -1, ctx.Err()
	case errors.Is(err, ErrSignInRequired):
		return nil, -1, &AuthError{Reason: err.Error(), err: err}
	case isNetwork(err):
		// The authority was out of reach while renewing: retry like any call.
		return nil, 0, fmt.Errorf("get a token: %w", err)
	default:
		return nil, -1, fmt.Errorf("get a token: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("MS-RequestId", requestID)
	req.Header.Set("MS-CorrelationId", corrID)
	req.Header.Set("MS-Contract-Version", "v1")
	req.Header.Set("X-Locale", c.locale)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log.Info("http", "method", cl.method, "path", cl.url.EscapedPath(), "request_id", requestID, "error", model.Sanitize(err.Error()))
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, 0, &NetworkError{Host: cl.url.Host, err: err}
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	c.log.Info("http", "method", cl.method, "path", cl.url.EscapedPath(), "status", resp.StatusCode,
		"request_id", requestID, "correlation_id", corrID, "ms", time.Since(start).Milliseconds())
	if err != nil {
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, 0, &NetworkError{Host: cl.url.Host, err: err}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return body, 0, nil
	}
	apiErr := decodeError(resp, body, cl, corrID)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		ra := retryAfter(resp.Header.Get("Retry-After"))
		if ra > c.retry.MaxRetryAfter {
			return nil, -1, apiErr
		}
		return nil, ra + c.jitter(250*time.Millisecond), apiErr
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, -1, &AuthError{Reason: apiErr.Description, err: apiErr}
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return nil, 0, apiErr
	default:
		return nil, -1, apiErr
	}
}

// maxDialRetries bounds retries when no connection could be made at all.
const maxDialRetries = 2

// isDialFailure reports whether err is a failure to connect (refused, no
// route, unknown host) as opposed to a connection lost mid-call.
func isDialFailure(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// isNetwork reports whether err is a transport fault (refused, reset,
// timed out) rather than an answer.
func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseDelay << attempt
	if d > c.retry.MaxDelay || d <= 0 {
		d = c.retry.MaxDelay
	}
	return d/2 + c.jitter(d/2)
}

func (c *Client) jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(max)))
	if err != nil {
		return 0
	}
	return time.Duration(n.Int64())
}

// retryAfter reads Retry-After in seconds or as an HTTP date; a missing or
// unreadable value means one second.
func retryAfter(v string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
		return 0
	}
	return time.Second
}

// getJSON GETs path and decodes the answer into v.
func (c *Client) getJSON(ctx context.Context, u *url.URL, header http.Header, v any) error {
	body, err := c.do(ctx, call{method: http.MethodGet, url: u, header: header})
	if err != nil {
		return err
	}
	return decodeJSON(body, u, v)
}

func decodeJSON(body []byte, u *url.URL, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s answered GET %s with something that is not the JSON expected (%s)",
			model.Sanitize(u.Host), u.EscapedPath(), model.Sanitize(err.Error()))
	}
	return nil
}
