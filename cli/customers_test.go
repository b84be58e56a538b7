package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

// countingWriter counts the writes that reach it, as write(2) calls would.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

func listingClient(t testing.TB, n int) *client.Client {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{Customers: n, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	return pc
}

// The listing is written through a buffer: a few writes per page of 500
// customers, not one per row, and the document is whole.
func TestWriteCustomersBuffersPerPage(t *testing.T) {
	pc := listingClient(t, 1200) // three pages
	for _, format := range []string{"json", "csv", "table"} {
		var w countingWriter
		if err := writeCustomers(context.Background(), &w, pc, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		// 64 KiB buffer: a page of 500 rows is 1–3 buffers' worth.
		if w.writes > 3*4 {
			t.Errorf("%s: %d writes for 3 pages, want a few per page", format, w.writes)
		}
		if format == "json" {
			var rows []customerJSON
			if err := json.Unmarshal(w.Bytes(), &rows); err != nil || len(rows) != 1200 {
				t.Errorf("json: %d rows, %v", len(rows), err)
			}
		}
		if format == "csv" && strings.Count(w.String(), "\n") != 1201 {
			t.Errorf("csv: %d lines, want 1201", strings.Count(w.String(), "\n"))
		}
	}
}

// BenchmarkListCustomers compares fetching and decoding 20,000 customers
// from the sandbox with writing them out: the writing should add little.
func BenchmarkListCustomers(b *testing.B) {
	pc := listingClient(b, 20_000)
	ctx := context.Background()
	b.Run("fetch", func(b *testing.B) {
		for b.Loop() {
			n := 0
			if err := pc.ListCustomers(ctx, client.ListOptions{}, func(p client.Page) error { n += len(p.Customers); return nil }); err != nil || n != 20_000 {
				b.Fatal(n, err)
			}
		}
	})
	for _, format := range []string{"json", "csv"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if err := writeCustomers(ctx, io.Discard, pc, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
