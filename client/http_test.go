package client_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

// requestIDs returns the MS-RequestId of each recorded request.
func requestIDs(s *sandbox.Server) []string {
	var ids []string
	for _, r := range s.Requests() {
		ids = append(ids, r.Header.Get("MS-RequestId"))
	}
	return ids
}

// sameID reports whether every id is the same non-empty value.
func sameID(ids []string) bool {
	for _, id := range ids {
		if id == "" || id != ids[0] {
			return false
		}
	}
	return len(ids) > 0
}

func TestThrottlingHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := sandboxClient(t, s)
	s.ThrottleNext(1, time.Second)
	start := time.Now()
	if _, err := c.GetOrganizationProfile(testContext(t)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %v, before Retry-After (1 s)", elapsed)
	}
	if ids := requestIDs(s); len(ids) != 2 || !sameID(ids) {
		t.Errorf("request ids %q: want two tries with the same MS-RequestId", ids)
	}
}

func TestTooLongRetryAfterIsReported(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := sandboxClient(t, s)
	s.ThrottleNext(1, time.Minute) // beyond fastRetry.MaxRetryAfter
	start := time.Now()
	_, err := c.GetOrganizationProfile(testContext(t))
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || !strings.Contains(err.Error(), "Rate limit is exceeded") {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 5*time.Second || len(s.Requests()) != 1 {
		t.Errorf("the client waited or retried anyway")
	}
}

func TestRealRateLimitIsWaitedOut(t *testing.T) {
	t.Parallel()
	// 60 per minute: a burst of 30, then one per second.
	s := startSandbox(t, sandbox.Options{Customers: 5, RateLimit: 60})
	c := sandboxClient(t, s)
	ctx := testContext(t)
	start := time.Now()
	for i := range 31 {
		if _, err := c.GetOrganizationProfile(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("31 calls took %v: the 31st should have waited about a second", elapsed)
	}
	if n := len(s.Requests()); n != 32 {
		t.Errorf("%d requests, want 31 plus one throttled", n)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t, sandbox.Options{Customers: 5})
			c := sandboxClient(t, s)
			s.FailNext(2, status)
			if _, err := c.GetOrganizationProfile(testContext(t)); err != nil {
				t.Fatal(err)
			}
			if ids := requestIDs(s); len(ids) != 3 || !sameID(ids) {
				t.Errorf("request ids %q: want three tries with one MS-RequestId", ids)
			}
		})
	}
}

func TestRetriesGiveUp(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := sandboxClient(t, s)
	s.FailNext(100, http.StatusServiceUnavailable)
	_, err := c.GetOrganizationProfile(testContext(t))
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Code != "600061" {
		t.Fatalf("got %#v", err)
	}
	if n := len(s.Requests()); n != fastRetry.MaxRetries+1 {
		t.Errorf("%d tries, want %d", n, fastRetry.MaxRetries+1)
	}
}

func TestErrorBodyIsSurfaced(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := sandboxClient(t, s)
	ctx := client.WithCorrelationID(testContext(t), "5f1c9d2e-0000-4000-8000-00000000c0de")
	_, err := c.GetCustomer(ctx, "00000000-0000-4000-8000-000000000000")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want an APIError", err)
	}
	if apiErr.StatusCode != http.StatusNotFound || apiErr.Code == "" || apiErr.RequestID == "" {
		t.Errorf("APIError %+v", apiErr)
	}
	msg := err.Error()
	for _, want := range []string{"was not found", "5f1c9d2e-0000-4000-8000-00000000c0de", "HTTP 404"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "{") {
		t.Errorf("error %q shows the raw body", msg)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("a 404 was tried %d times", n)
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := sandboxClient(t, s)
	s.DropNext(2)
	if _, err := c.GetOrganizationProfile(testContext(t)); err != nil {
		t.Fatal(err)
	}
	if ids := requestIDs(s); len(ids) != 3 || !sameID(ids) {
		t.Errorf("request ids %q: want three tries with one MS-RequestId", ids)
	}

	s.DropNext(100)
	_, err := c.GetOrganizationProfile(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "connection to 127.0.0.1") || !strings.Contains(err.Error(), "closed before an answer arrived") {
		t.Fatalf("got %v, want a NetworkError", err)
	}
}

func TestCancellationDuringLatency(t *testing.T) {
	t.Parallel()
	// The latency is far beyond the bound, so that a loaded machine's
	// slowness is not taken for a call that ignored its cancellation.
	s := startSandbox(t, sandbox.Options{Customers: 5, Latency: time.Minute})
	c := sandboxClient(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetOrganizationProfile(ctx)
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	var netErr *client.NetworkError
	if errors.As(err, &netErr) {
		t.Errorf("a cancelled call is reported as a network failure: %v", err)
	}
}

func TestUnauthorizedAsksForSignIn(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5, Authorize: func(r *http.Request) error {
		if r.Header.Get("Authorization") != "Bearer test-token" {
			return errors.New("wrong token")
		}
		return errors.New("The access token has expired.")
	}})
	c := sandboxClient(t, s)
	_, err := c.GetOrganizationProfile(testContext(t))
	if !client.IsAuth(err) || !strings.Contains(err.Error(), "The access token has expired.") {
		t.Fatalf("got %v, want an AuthError with the server's reason", err)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("a 401 was tried %d times", n)
	}
}

func TestUnreachableIsANetworkError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := newClient(t, "https://"+addr, nil)
	_, err = c.GetOrganizationProfile(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) {
		t.Fatalf("got %v, want a NetworkError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "cannot reach "+addr) || !strings.Contains(msg, "refused") {
		t.Errorf("unclear message %q", msg)
	}
}

func TestUntrustedCertificateIsRefused(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	c := newClient(t, s.URL(), &http.Client{Timeout: 5 * time.Second})
	if _, err := c.GetOrganizationProfile(testContext(t)); err == nil {
		t.Fatal("a client with the system roots accepted the sandbox's self-signed certificate")
	}
}

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw string
		ok  bool
	}{
		{"https://api.partnercenter.microsoft.com", true},
		{"https://api.partnercenter.microsoft.com/v1", true},
		{"http://127.0.0.1:8443", true},
		{"http://localhost:8443", true},
		{"http://[::1]:8443", true},
		{"http://api.partnercenter.microsoft.com", false},
		{"http://10.0.0.5:8080", false},
		{"http://127.0.0.1.evil.example", false},
		{"ftp://api.partnercenter.microsoft.com", false},
		{"api.partnercenter.microsoft.com", false},
		{"https://", false},
		{"https://api.partnercenter.microsoft.com?x=1", false},
		{"https://user:pw@api.partnercenter.microsoft.com", false},
		{"", false},
	}
	for _, tt := range tests {
		_, err := client.ParseEndpoint(tt.raw)
		if (err == nil) != tt.ok {
			t.Errorf("ParseEndpoint(%q) error %v, want ok=%v", tt.raw, err, tt.ok)
		}
		if _, err := client.New(client.Options{BaseURL: tt.raw, Tokens: client.StaticToken("t")}); (err == nil) != tt.ok {
			t.Errorf("New(%q) error %v, want ok=%v", tt.raw, err, tt.ok)
		}
	}
	if _, err := client.ParseEndpoint("http://api.partnercenter.microsoft.com"); err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("the refusal of plain http does not say why: %v", err)
	}
	if _, err := client.ParseEndpoint("https://user:s3cret@api.partnercenter.microsoft.com"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the refusal of user info repeats the password: %v", err)
	}
}

func TestPagingWithoutTotalCountIsBounded(t *testing.T) {
	// Not parallel: it lowers a package-wide cap.
	defer client.SetMaxCustomers(50_000)()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No totalCount and a fresh token every time: only a cap can stop it.
		i := n.Add(1)
		items := strings.Repeat(`{"id":"x"},`, 499) + `{"id":"x"}`
		fmt.Fprintf(w, `{"items":[%s],"links":{"next":{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"t%d"}]}}}`, items, i)
	}))
	defer srv.Close()
	c, err := client.New(client.Options{BaseURL: srv.URL, Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	err = c.ListCustomers(testContext(t), client.ListOptions{}, func(client.Page) error { return nil })
	if !errors.Is(err, client.ErrEndlessPaging) {
		t.Fatalf("got %v, want ErrEndlessPaging", err)
	}
}

// TestRedirectsAreRefused: Go keeps Authorization on a redirect to the same
// host name on another port or scheme, so a redirect must not be followed.
func TestRedirectsAreRefused(t *testing.T) {
	t.Parallel()
	var leaked atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
	}))
	defer other.Close()
	var tries atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tries.Add(1)
		w.Header().Set("Location", other.URL+r.URL.Path+"/%1B%5D52;c;eA==%07%E2%80%AE")
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	// Retries are on: a refused redirect is final all the same, so the
	// token is not sent again.
	c, err := client.New(client.Options{BaseURL: srv.URL, Tokens: client.StaticToken("SECRET-TOKEN"), Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetOrganizationProfile(testContext(t))
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("got %v, want a refused redirect", err)
	}
	if n := tries.Load(); n != 1 {
		t.Errorf("%d tries, want 1: a refused redirect is not retried", n)
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07\u202e") || strings.Contains(err.Error(), "52;c") {
		t.Errorf("the error carries the server's URL: %q", err)
	}
	if v, _ := leaked.Load().(string); v != "" {
		t.Errorf("the token followed the redirect: %q", v)
	}
}

// tokenSource returns its errors in turn, then a token.
type tokenSource struct {
	errs  []error
	calls atomic.Int32
}

func (s *tokenSource) Token(context.Context) (string, error) {
	i := int(s.calls.Add(1)) - 1
	if i < len(s.errs) {
		return "", s.errs[i]
	}
	return "t", nil
}

func TestTokenSourceErrors(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 5})
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name      string
		errs      []error
		wantAuth  bool
		wantOK    bool
		wantCalls int32
	}{
		{"sign-in required is final and asks for sign-in", []error{fmt.Errorf("expired: %w", client.ErrSignInRequired)}, true, false, 1},
		{"a network fault while renewing is retried", []error{fmt.Errorf("renew: %w", netErr)}, false, true, 2},
		{"another failure is final but not a sign-in", []error{errors.New("cache unreadable")}, false, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := &tokenSource{errs: tt.errs}
			c, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: ts,
				Retry: client.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: time.Second}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetOrganizationProfile(testContext(t))
			if (err == nil) != tt.wantOK || client.IsAuth(err) != tt.wantAuth || ts.calls.Load() != tt.wantCalls {
				t.Errorf("err %v (auth %v), %d token calls", err, client.IsAuth(err), ts.calls.Load())
			}
		})
	}

	// A cancelled context stays a cancellation, not a sign-in.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, _ := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: &tokenSource{errs: []error{context.Canceled}}})
	if _, err := c.GetOrganizationProfile(ctx); !errors.Is(err, context.Canceled) || client.IsAuth(err) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestConnectionRefusedIsReportedSoon(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := client.New(client.Options{BaseURL: url, Tokens: client.StaticToken("t"),
		Retry: client.RetryPolicy{MaxRetries: 6, BaseDelay: 20 * time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetOrganizationProfile(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("got %v, want connection refused", err)
	}
	// Two retries at 20–40 ms and 40–80 ms, not six up to a second each.
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("took %v to report a refused connection", d)
	}
}

// lateAnswer answers every request with 200 and an empty body once the
// request's context has ended: net/http hands over a response that raced
// with the cancellation ("use the response if available"), and a server
// whose handler merely returns when the client goes sends exactly that.
type lateAnswer struct {
	tries   atomic.Int32
	started chan struct{} // if set, gets a value when a request is in flight
}

func (l *lateAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	l.tries.Add(1)
	if l.started != nil {
		l.started <- struct{}{}
	}
	<-req.Context().Done()
	return &http.Response{StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: http.NoBody, ContentLength: 0, Request: req}, nil
}

// TestAnswerRacingCancellationIsNoAnswer: an answer that arrives as the
// client gives up is not taken for the service's answer: the operation's
// deadline is a TimeoutError after a retry of the hung attempt, and the
// caller's cancellation is context.Canceled.
func TestAnswerRacingCancellationIsNoAnswer(t *testing.T) {
	t.Parallel()
	rt := &lateAnswer{}
	c, err := client.New(client.Options{BaseURL: "http://127.0.0.1:9", HTTPClient: &http.Client{Transport: rt},
		Tokens: client.StaticToken("t"), Retry: fastRetry, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetOrganizationProfile(testContext(t))
	var te *client.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("at the deadline: got %v, want a TimeoutError", err)
	}

	// The attempt's own deadline (here the caller's http.Client.Timeout,
	// far shorter than the operation's): retried, then said in words.
	rt = &lateAnswer{}
	c, err = client.New(client.Options{BaseURL: "http://127.0.0.1:9", HTTPClient: &http.Client{Transport: rt, Timeout: 20 * time.Millisecond},
		Tokens: client.StaticToken("t"), Retry: fastRetry, Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetOrganizationProfile(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Fatalf("at the attempt's deadline: got %v, want a NetworkError", err)
	}
	if n := rt.tries.Load(); n != int32(fastRetry.MaxRetries+1) {
		t.Errorf("%d tries: an attempt that hit its own deadline is retried, %d in all", n, fastRetry.MaxRetries+1)
	}

	ctx, cancel := context.WithCancel(testContext(t))
	rt = &lateAnswer{started: make(chan struct{}, 1)}
	c, err = client.New(client.Options{BaseURL: "http://127.0.0.1:9", HTTPClient: &http.Client{Transport: rt},
		Tokens: client.StaticToken("t"), Retry: fastRetry, Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.GetOrganizationProfile(ctx)
		done <- err
	}()
	<-rt.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v, want context.Canceled", err)
	}
}
