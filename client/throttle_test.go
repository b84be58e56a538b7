package client_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
)

// TestOnThrottleHearsRetryAfter: the hook hears each 429 wait, and only
// those — a 5xx backoff is not a throttle.
func TestOnThrottleHearsRetryAfter(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		call := n
		mu.Unlock()
		switch call {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.Write([]byte(`{"companyName":"Contoso"}`))
		}
	}))
	t.Cleanup(srv.Close)
	var waits []time.Duration
	c, err := client.New(client.Options{BaseURL: srv.URL, Tokens: client.StaticToken("t"),
		Retry:      client.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: 5 * time.Second},
		OnThrottle: func(d time.Duration) { mu.Lock(); waits = append(waits, d); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetOrganizationProfile(testContext(t)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 1 || waits[0] < time.Second || waits[0] > 2*time.Second {
		t.Errorf("waits %v, want one of about 1 s", waits)
	}
}
