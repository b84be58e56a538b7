package client_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

// The fault suite: the sandbox misbehaves the ways the real service and
// the networks in between do; the client must do no work twice, give up
// in time, and say what went wrong in words.

// requestsFor returns the requests the sandbox got for path.
func requestsFor(s *sandbox.Server, path string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range s.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// inWords fails unless err is one line that names the HTTP status or the
// failure and carries none of Go's internals.
func inWords(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%q lacks %q", msg, w)
		}
	}
	for _, bad := range []string{"\n", "context deadline exceeded", "json:", "EOF", "dial tcp", "&#39;", "%!"} {
		if strings.Contains(msg, bad) {
			t.Errorf("%q contains %q", msg, bad)
		}
	}
}

func TestFault429Storm(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 10})
	id := sandbox.Dataset(1, 1)[0].ID
	path := "/v1/customers/" + id

	// A storm whose Retry-After is longer than the client will wait: one
	// try, then the service's own sentence.
	impatient := fastRetry
	impatient.MaxRetryAfter = 500 * time.Millisecond
	c, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t"), Retry: impatient})
	if err != nil {
		t.Fatal(err)
	}
	s.ThrottleNext(50, 30*time.Second)
	_, err = c.GetCustomer(testContext(t), id)
	inWords(t, err, "Rate limit is exceeded. Try again in 30 seconds.", "HTTP 429", "correlation id")
	if n := len(requestsFor(s, path)); n != 1 {
		t.Errorf("%d tries against a 30 s Retry-After, want 1", n)
	}
}

func TestFault429ShortStormIsWaitedOut(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 10})
	c := sandboxClient(t, s)
	id := sandbox.Dataset(1, 1)[0].ID
	s.ThrottleNext(1, time.Second)
	if _, err := c.GetCustomer(testContext(t), id); err != nil {
		t.Fatal(err)
	}
	reqs := requestsFor(s, "/v1/customers/"+id)
	if len(reqs) != 2 || reqs[0].Header.Get("MS-RequestId") != reqs[1].Header.Get("MS-RequestId") {
		t.Errorf("%d tries; a retry must repeat the MS-RequestId", len(reqs))
	}
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < time.Second {
		t.Errorf("retried after %v, before Retry-After", gap)
	}
}

func TestFault5xxBurst(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 10})
	c := sandboxClient(t, s)
	id := sandbox.Dataset(1, 1)[0].ID
	path := "/v1/customers/" + id + "/subscriptions"

	s.FailNext(fastRetry.MaxRetries, http.StatusServiceUnavailable)
	if _, err := c.ListSubscriptions(testContext(t), id); err != nil {
		t.Fatalf("a burst shorter than the retries: %v", err)
	}
	reqs := requestsFor(s, path)
	if !sameID(ids(reqs)) || len(reqs) != fastRetry.MaxRetries+1 {
		t.Errorf("%d tries, ids %v", len(reqs), ids(reqs))
	}

	s.FailNext(100, http.StatusInternalServerError)
	_, err := c.ListSubscriptions(testContext(t), id)
	inWords(t, err, "temporarily unavailable", "HTTP 500", "correlation id")
	if n := len(requestsFor(s, path)) - len(reqs); n != fastRetry.MaxRetries+1 {
		t.Errorf("%d tries in a long burst, want %d", n, fastRetry.MaxRetries+1)
	}
}

func ids(reqs []sandbox.Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Header.Get("MS-RequestId")
	}
	return out
}

// TestFaultHungResponses: a front end that accepts and never answers costs
// the operation's deadline, not retries times the attempt's, and then a
// sentence.
func TestFaultHungResponses(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 10})
	const timeout = 600 * time.Millisecond
	c, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t"),
		Retry: fastRetry, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	s.HangNext(100)
	start := time.Now()
	_, _, err = listAll(t, c, client.ListOptions{PageSize: 5})
	took := time.Since(start)
	var te *client.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a TimeoutError", err)
	}
	inWords(t, err, "did not answer GET /v1/customers within")
	if took > 4*timeout {
		t.Errorf("gave up after %v with a %v deadline", took, timeout)
	}
	if n := len(requestsFor(s, "/v1/customers")); n > 3 {
		t.Errorf("%d tries within one deadline", n)
	}
}

// TestFaultCutAfterCommit: the sandbox does the work, then cuts the
// connection before the answer. The retry repeats the MS-RequestId (so
// Partner Center, and the sandbox's idempotency layer, can recognise a
// repeated mutation), and the listing ends with every customer once.
func TestFaultCutAfterCommit(t *testing.T) {
	t.Parallel()
	const n = 95
	s := startSandbox(t, sandbox.Options{Customers: n})
	c := sandboxClient(t, s)
	p, err := c.Customers(client.ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	seen := map[string]int{}
	for pages := 0; !p.Done(); pages++ {
		if pages%3 == 1 {
			s.DropNext(1) // every third page is cut after it was served
		}
		page, err := p.Next(ctx)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, cu := range page.Customers {
			seen[cu.ID]++
		}
	}
	if len(seen) != n {
		t.Errorf("%d customers, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("customer %s listed %d times", id, k)
		}
	}
	byID := map[string]int{}
	for _, r := range requestsFor(s, "/v1/customers") {
		byID[r.Header.Get("MS-RequestId")]++
	}
	repeated := 0
	for _, k := range byID {
		switch {
		case k == 2:
			repeated++
		case k > 2:
			t.Errorf("a page was asked for %d times", k)
		}
	}
	if repeated != 3 {
		t.Errorf("%d pages retried with their MS-RequestId, want the 3 that were cut", repeated)
	}

	// One cut GET by id: one retry, same id, the right answer.
	want := sandbox.Dataset(1, n)[42]
	s.DropNext(1)
	got, err := c.GetCustomer(ctx, want.ID)
	if err != nil || got.ID != want.ID || got.Country != want.Country {
		t.Fatalf("after a cut: %+v, %v", got, err)
	}
	reqs := requestsFor(s, "/v1/customers/"+want.ID)
	if len(reqs) != 2 || !sameID(ids(reqs)) {
		t.Errorf("%d tries with ids %v", len(reqs), ids(reqs))
	}
}

// TestFaultCutsEveryTime: a connection cut on every try is reported as
// such, after the retries.
func TestFaultCutsEveryTime(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 10})
	c := sandboxClient(t, s)
	s.DropNext(100)
	_, err := c.GetOrganizationProfile(testContext(t))
	inWords(t, err, "closed before an answer arrived")
}

// TestFaultRandomMix: 5xx and cuts at random on a long listing: every
// customer arrives exactly once.
func TestFaultRandomMix(t *testing.T) {
	t.Parallel()
	const n = 1500
	s := startSandbox(t, sandbox.Options{Customers: n, FailRate: 0.2, DropRate: 0.1, Seed: 7})
	patient := fastRetry
	patient.MaxRetries = 12
	c, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t"), Retry: patient})
	if err != nil {
		t.Fatal(err)
	}
	names, _, err := listAll(t, c, client.ListOptions{PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != n {
		t.Fatalf("%d customers, want %d", len(names), n)
	}
	want := sandbox.Dataset(7, n)
	for i := range names {
		if names[i] != want[i].CompanyName {
			t.Fatalf("customer %d is %q, want %q", i, names[i], want[i].CompanyName)
		}
	}
}
