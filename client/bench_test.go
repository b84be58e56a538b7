package client_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

// BenchmarkListCustomers lists every customer of a sandbox with the rate
// limit off, through the client's pager: HTTPS, the body read and bound,
// JSON decoded and every string sanitised; nothing is kept. The sandbox
// generates its data lazily, so the first iteration also pays for that
// (as the app does on every start): run with -benchtime 1x for a cold
// load, more for a warm one.
func BenchmarkListCustomers(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			srv, err := sandbox.Start(sandbox.Options{Customers: n, RateLimit: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			c, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				got := 0
				err := c.ListCustomers(ctx, client.ListOptions{}, func(p client.Page) error {
					got += len(p.Customers)
					return nil
				})
				if err != nil || got != n {
					b.Fatalf("listed %d of %d customers: %v", got, n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/customer")
		})
	}
}
