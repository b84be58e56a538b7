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
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	segjson "github.com/segmentio/encoding/json"

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
	// Timeout bounds one operation, every retry and wait included: a server
	// that accepts and never answers, or stalls mid-body, costs at most this
	// long. 0 means DefaultTimeout.
	Timeout time.Duration
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
	// Journal, if set, records every migration this client creates (see
	// Journal), so the next start can say what became of it.
	Journal *Journal
}

// DefaultTimeout is the longest one operation (one page, one customer)
// may take with all its retries.
const DefaultTimeout = time.Minute

// MaxBodySize bounds a response body. A page of 500 customers is well under
// 1 MiB; a larger answer is refused as "response too large" rather than
// read into memory.
const MaxBodySize = 8 << 20

// Client calls one Partner Center–compatible endpoint.
type Client struct {
	root    *url.URL // scheme://host[/prefix], no trailing slash, no /v1
	http    *http.Client
	tokens  TokenSource
	locale  string
	retry   RetryPolicy
	timeout time.Duration
	// attemptTimeout bounds one HTTP attempt, body included.
	attemptTimeout time.Duration
	log            *slog.Logger

	onThrottle func(time.Duration)
	// readOnly and audit: see Options.
	readOnly bool
	audit    *AuditLog
	journal  *Journal
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
	c := &Client{root: root, tokens: o.Tokens, locale: o.Locale, retry: o.Retry, timeout: o.Timeout, log: o.Log,
		onThrottle: o.OnThrottle, readOnly: o.ReadOnly, audit: o.Audit, journal: o.Journal}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	// A copy, so that refusing redirects does not change the caller's client.
	// One attempt may take half the operation's time, so a hung first try
	// still leaves room for a second. The attempt's deadline is a context
	// of the client's own rather than http.Client.Timeout, so that attempt
	// can tell an answer that raced with it from a real one.
	c.attemptTimeout = c.timeout / 2
	var hc http.Client
	if o.HTTPClient != nil {
		hc = *o.HTTPClient
		if hc.Timeout > 0 && hc.Timeout < c.attemptTimeout {
			c.attemptTimeout = hc.Timeout
		}
	}
	hc.Timeout = 0
	// Go keeps Authorization on a redirect to the same host name whatever
	// the scheme or port, so a redirect could carry the token to plain
	// http. Partner Center does not redirect API calls: refuse them all.
	hc.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		return &localError{msg: "refusing to follow a redirect to " + model.Sanitize(req.URL.Host) + " with a bearer token"}
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
		return nil, fmt.Errorf("%q: give the service root only, without query, fragment or user info", u.Redacted())
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
		return nil, fmt.Errorf("bad path %q", model.Sanitize(pathAndQuery))
	}
	if ref.IsAbs() || ref.Host != "" || ref.User != nil {
		return c.resolveLink(pathAndQuery)
	}
	return c.join(ref), nil
}

// versionRoot is the API version's path under the root.
const versionRoot = "/v1"

// resolveLink turns a link the server sent (links.next.uri) into a URL.
// Partner Center writes them in two forms: "/v1/customers?…" (from the
// host) and the older "/customers?…" (from the API version root); both
// resolve under the configured root and its /v1, never to /v1/v1. An
// absolute link must stay on the same scheme and host, under the root's
// path, without user info: the bearer token goes with it. Errors name the
// host at most, sanitised, never the whole link.
func (c *Client) resolveLink(raw string) (*url.URL, error) {
	ref, err := url.Parse(raw)
	if err != nil {
		return nil, &localError{msg: "the server sent a link that is not a URL"}
	}
	if ref.User != nil {
		return nil, &localError{msg: "refusing to follow a link with user info"}
	}
	if ref.IsAbs() || ref.Host != "" {
		if !strings.EqualFold(ref.Scheme, c.root.Scheme) || !strings.EqualFold(ref.Host, c.root.Host) {
			return nil, &localError{msg: "refusing to follow a link to another host (" + model.Sanitize(ref.Host) + ")"}
		}
		p := ref.Path
		if c.root.Path != "" {
			rest, ok := strings.CutPrefix(p, c.root.Path)
			if !ok || (rest != "" && rest[0] != '/') {
				return nil, &localError{msg: "refusing to follow a link outside " + model.Sanitize(c.root.Host+c.root.Path)}
			}
			p = rest
			if ref.RawPath != "" {
				ref.RawPath = strings.TrimPrefix(ref.RawPath, c.root.EscapedPath())
			}
		}
		ref.Path = p
	} else if c.root.Path != "" {
		// A link from the host that repeats the root's prefix.
		if rest, ok := strings.CutPrefix(ref.Path, c.root.Path+"/"); ok {
			ref.Path = "/" + rest
			if ref.RawPath != "" {
				ref.RawPath = "/" + strings.TrimPrefix(ref.RawPath, c.root.EscapedPath()+"/")
			}
		}
	}
	if strings.Contains(ref.Path, "/../") || strings.HasSuffix(ref.Path, "/..") || strings.HasPrefix(ref.Path, "../") {
		return nil, &localError{msg: "refusing to follow a link that climbs out of the API"}
	}
	if p := "/" + strings.TrimLeft(ref.Path, "/"); p != versionRoot && !strings.HasPrefix(p, versionRoot+"/") {
		// The older form: relative to the version root.
		ref.Path = versionRoot + p
		if ref.RawPath != "" {
			ref.RawPath = versionRoot + "/" + strings.TrimLeft(ref.RawPath, "/")
		}
	}
	ref.Scheme, ref.Host, ref.Fragment, ref.RawFragment = "", "", "", ""
	return c.join(ref), nil
}

// join puts a host-relative reference under the root.
func (c *Client) join(ref *url.URL) *url.URL {
	u := *c.root
	p := "/" + strings.TrimLeft(ref.Path, "/")
	u.Path = c.root.Path + p
	// Keep the link's own encoding (an escaped %2F stays escaped).
	u.RawPath = ""
	if ref.RawPath != "" {
		u.RawPath = c.root.EscapedPath() + "/" + strings.TrimLeft(ref.RawPath, "/")
	}
	u.RawQuery = ref.RawQuery
	return &u
}

// do performs a call with retries and returns the body of a 2xx answer.
// 429 waits Retry-After; 5xx and dropped connections back off
// exponentially with jitter. The request id stays the same across retries
// so that Partner Center can recognise a repeated mutation.
//
// The whole operation, retries and waits included, ends after the client's
// Timeout with a TimeoutError; a failure that would recur on every try (a
// refused redirect, a response too large) is returned at once, so the
// token is not sent again for nothing.
func (c *Client) do(ctx context.Context, cl call) ([]byte, error) {
	requestID := requestIDFor(ctx)
	corrID := correlationID(ctx)
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errOperationTimeout)
	defer cancel()
	timedOut := func(last error) error {
		if parent.Err() == nil && errors.Is(context.Cause(ctx), errOperationTimeout) {
			return &TimeoutError{Method: cl.method, Path: cl.url.EscapedPath(), Host: cl.url.Host, After: c.timeout, Last: last}
		}
		return nil
	}
	var lastErr error
	for attempt := 0; ; attempt++ {
		body, wait, err := c.attempt(ctx, cl, requestID, corrID)
		if err == nil {
			return body, nil
		}
		if t := timedOut(lastErr); t != nil {
			return nil, t
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
		} else {
			// A server-requested wait: 429 Retry-After.
			if c.onThrottle != nil {
				c.onThrottle(wait)
			}
			if f, ok := ctx.Value(throttleKey{}).(func(time.Duration)); ok {
				f(wait)
			}
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// Waiting would outlast the operation: say why now.
			return nil, lastErr
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if t := timedOut(lastErr); t != nil {
				return nil, t
			}
			return nil, lastErr
		case <-t.C:
		}
	}
}

var (
	errOperationTimeout = errors.New("operation timed out")
	errAttemptTimeout   = errors.New("attempt timed out")
)

// ended is attempt's result once its context is done: the operation's end
// (cancelled, or its deadline, which do turns into a TimeoutError) is
// final; the attempt's own deadline is retried like a dropped connection.
func (c *Client) ended(opCtx context.Context, cl call, err error) ([]byte, time.Duration, error) {
	if opCtx.Err() != nil {
		return nil, -1, opCtx.Err()
	}
	if err == nil {
		err = context.DeadlineExceeded
	}
	// The attempt's deadline: "did not answer in time", and retried.
	return nil, 0, &NetworkError{Host: cl.url.Host, err: errors.Join(context.DeadlineExceeded, err)}
}

// attempt makes one HTTP request. wait < 0 means the error is final; wait
// > 0 is a server-requested delay; 0 means "retry after backoff".
func (c *Client) attempt(ctx context.Context, cl call, requestID, corrID string) (body []byte, wait time.Duration, err error) {
	opCtx := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.attemptTimeout, errAttemptTimeout)
	defer cancel()
	var rd io.Reader
	if cl.body != nil {
		rd = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url.String(), rd)
	if err != nil {
		return nil, -1, &localError{msg: fmt.Sprintf("%s %s cannot be sent", model.Sanitize(cl.method), model.Sanitize(cl.url.EscapedPath())), err: err}
	}
	for k, vs := range cl.header {
		for _, v := range vs {
			if !validHeader(k, v) {
				return nil, -1, &localError{msg: "a header from the server cannot be sent (" + model.Sanitize(k) + ")"}
			}
			req.Header.Add(k, v)
		}
	}
	tok, err := c.tokens.Token(ctx)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return c.ended(opCtx, cl, err)
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
			return c.ended(opCtx, cl, err)
		}
		if l := asLocal(err); l != nil {
			return nil, -1, l
		}
		return nil, 0, &NetworkError{Host: cl.url.Host, err: err}
	}
	defer resp.Body.Close()
	if resp.ContentLength > MaxBodySize {
		return nil, -1, tooLarge(cl)
	}
	body, err = readBody(resp)
	c.log.Info("http", "method", cl.method, "path", cl.url.EscapedPath(), "status", resp.StatusCode,
		"request_id", requestID, "correlation_id", corrID, "ms", time.Since(start).Milliseconds())
	if ctx.Err() != nil {
		// The attempt ended while the answer came in. net/http hands over
		// a response that raced with the cancellation, and a server that
		// saw the connection go may have answered in its last moment (an
		// empty 200 from a handler that merely returned): not an answer.
		return c.ended(opCtx, cl, err)
	}
	if err != nil {
		return nil, 0, &NetworkError{Host: cl.url.Host, err: err}
	}
	if len(body) > MaxBodySize {
		return nil, -1, tooLarge(cl)
	}
	// Partner Center puts a UTF-8 byte-order mark before its JSON.
	body = bytes.TrimPrefix(body, utf8BOM)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if len(body) > 0 && isHTML(resp.Header.Get("Content-Type")) {
			// A proxy's or a sign-in page where the API should answer.
			return nil, -1, &localError{msg: fmt.Sprintf("%s answered %s %s with a web page, not JSON (HTTP %d)",
				model.Sanitize(cl.url.Host), cl.method, model.Sanitize(cl.url.EscapedPath()), resp.StatusCode)}
		}
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

// readBody reads at most MaxBodySize+1 bytes of the body, into a buffer
// the size Content-Length announces (a page of customers is 300 KB, which
// io.ReadAll would reach by growing and copying a dozen times).
func readBody(resp *http.Response) ([]byte, error) {
	var b bytes.Buffer
	if n := resp.ContentLength; n > 0 && n <= MaxBodySize {
		b.Grow(int(n) + bytes.MinRead) // ReadFrom wants MinRead free before its last read
	}
	_, err := b.ReadFrom(io.LimitReader(resp.Body, MaxBodySize+1))
	return b.Bytes(), err
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

// decodeJSON decodes a body (a leading byte-order mark is skipped) into v.
// A body that does not fit is reported in words, never with the decoder's
// message: that names Go types and offsets, nothing an operator can use.
//
// The decoding is segmentio/encoding/json's, a drop-in for encoding/json
// that decodes a page of 500 customers about five times faster (the
// standard decoder scans the whole body once to validate it before it
// decodes) under the same rules: strings copied out of the body, invalid
// UTF-8 replaced, unknown fields skipped, keys matched without case. A body
// it refuses is decoded again by encoding/json, so that the field named in
// the error reads as it always has (segmentio's names Go types).
func decodeJSON(body []byte, u *url.URL, v any) error {
	body = bytes.TrimPrefix(body, utf8BOM)
	if segjson.Unmarshal(body, v) == nil {
		return nil
	}
	what := "something that is not the JSON expected"
	if len(bytes.TrimSpace(body)) == 0 {
		what = "an empty body"
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			what = "JSON whose " + model.Sanitize(te.Field) + " is not what Partner Center sends"
			if te.Field == "" {
				what = "JSON of another shape than Partner Center's"
			}
		}
	}
	return &DecodeError{Host: model.Sanitize(u.Host), Path: model.Sanitize(u.EscapedPath()), What: what}
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// isHTML reports whether a Content-Type is a web page. application/json
// comes with and without "; charset=utf-8"; anything but HTML is left to
// the JSON decoder to judge.
func isHTML(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (strings.EqualFold(mt, "text/html") || strings.EqualFold(mt, "application/xhtml+xml"))
}

func tooLarge(cl call) error {
	return &localError{msg: fmt.Sprintf("response too large: %s answered %s %s with more than %d MiB",
		model.Sanitize(cl.url.Host), cl.method, model.Sanitize(cl.url.EscapedPath()), MaxBodySize>>20)}
}

type throttleKey struct{}

// WithThrottleObserver makes every call with ctx tell f of each 429
// Retry-After wait before the client waits it out, so a poller can slow
// down (the Options.OnThrottle of one call). f runs on the calling goroutine.
func WithThrottleObserver(ctx context.Context, f func(wait time.Duration)) context.Context {
	return context.WithValue(ctx, throttleKey{}, f)
}
