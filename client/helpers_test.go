package client_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

// fastRetry keeps the suite quick while still retrying: backoff in
// milliseconds, Retry-After up to a few seconds honoured.
var fastRetry = client.RetryPolicy{MaxRetries: 3, BaseDelay: 2 * time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxRetryAfter: 5 * time.Second}

// startSandbox starts a sandbox that is closed when the test ends.
func startSandbox(t *testing.T, o sandbox.Options) *sandbox.Server {
	t.Helper()
	s, err := sandbox.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newClient returns a client for base with fastRetry.
func newClient(t *testing.T, base string, hc *http.Client) *client.Client {
	t.Helper()
	c, err := client.New(client.Options{BaseURL: base, HTTPClient: hc, Tokens: client.StaticToken("test-token"), Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sandboxClient is a client for s at its root URL.
func sandboxClient(t *testing.T, s *sandbox.Server) *client.Client {
	t.Helper()
	return newClient(t, s.URL(), s.HTTPClient())
}

// testContext ends with the test or after a deadline, so that a
// regression that hangs fails instead of stalling the suite.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// listAll collects every customer the client lists.
func listAll(t *testing.T, c *client.Client, o client.ListOptions) ([]string, []client.Page, error) {
	t.Helper()
	var names []string
	var pages []client.Page
	err := c.ListCustomers(testContext(t), o, func(p client.Page) error {
		pages = append(pages, p)
		for _, cu := range p.Customers {
			names = append(names, cu.CompanyName)
		}
		return nil
	})
	return names, pages, err
}
