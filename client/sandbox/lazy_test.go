package sandbox

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// A million-customer sandbox answers its first page without generating
// the rest; a customer past what was generated is still found, and the
// data is the same as generated at once.
func TestLazyDataset(t *testing.T) {
	s := start(t, Options{Customers: MaxCustomers, RateLimit: -1})
	code, _, body := get(t, s, "/v1/customers?size=500", nil)
	if code != 200 || len(body["items"].([]any)) != 500 || body["totalCount"].(float64) != MaxCustomers {
		t.Fatalf("first page: %d, %v items, total %v", code, len(body["items"].([]any)), body["totalCount"])
	}
	if n := s.data.ready.Load(); n > 10_000 {
		t.Fatalf("%d customers generated for the first page", n)
	}
	// The next pages are generated in the background, and no further.
	for deadline := time.Now().Add(10 * time.Second); s.data.ready.Load() < 500*(1+readAheadPages) || s.data.ahead.Load(); {
		if time.Now().After(deadline) {
			t.Fatalf("read-ahead: %d customers generated after the first page, want %d", s.data.ready.Load(), 500*(1+readAheadPages))
		}
		runtime.Gosched()
	}
	if n := s.data.ready.Load(); n > 10_000 {
		t.Fatalf("%d customers generated after the first page", n)
	}

	want := Dataset(1, 3000)
	// Concurrent pages and look-ups past the generated prefix, under -race.
	var wg sync.WaitGroup
	for _, k := range []int{2999, 1700, 600} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := s.data
			d.ensure(k + 1)
			if got := d.customer(k); got != want[k] {
				t.Errorf("customer %d = %+v, want %+v", k, got, want[k])
			}
		}()
	}
	wg.Wait()

	small := start(t, Options{Customers: 5000, RateLimit: -1})
	late := Dataset(1, 5000)[4321]
	if code, _, body := get(t, small, "/v1/customers/"+late.ID, nil); code != 200 || body["id"] != late.ID {
		t.Errorf("customer 4321 before its page: %d %v", code, body["id"])
	}
	if small.data.names != nil {
		t.Error("the seen-name sets are kept after everything was generated")
	}
}
