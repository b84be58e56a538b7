package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
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

// BenchmarkListCustomers compares fetching and decoding 100,000 customers
// from the sandbox (rate limit off) with the same listing written out by
// `mcgdash customers --output json|csv` (writeCustomers, to io.Discard).
// The three run in turn within each iteration, so that a slower moment of
// a shared machine falls on all of them; json/fetch and csv/fetch are the
// ratios of their total times (the goal is at most 1.1).
func BenchmarkListCustomers(b *testing.B) {
	const n = 100_000
	pc := listingClient(b, n)
	ctx := context.Background()
	fetch := func() error {
		got := 0
		err := pc.ListCustomers(ctx, client.ListOptions{}, func(p client.Page) error { got += len(p.Customers); return nil })
		if err == nil && got != n {
			err = fmt.Errorf("listed %d of %d", got, n)
		}
		return err
	}
	// Once, so that the sandbox has generated its data before timing.
	if err := fetch(); err != nil {
		b.Fatal(err)
	}
	var took [3]time.Duration
	runs := []func() error{
		fetch,
		func() error { return writeCustomers(ctx, io.Discard, pc, "json") },
		func() error { return writeCustomers(ctx, io.Discard, pc, "csv") },
	}
	b.ReportAllocs()
	for b.Loop() {
		for k, run := range runs {
			t0 := time.Now()
			if err := run(); err != nil {
				b.Fatal(err)
			}
			took[k] += time.Since(t0)
		}
	}
	b.ReportMetric(float64(took[0].Milliseconds())/float64(b.N), "fetch-ms/op")
	b.ReportMetric(float64(took[1].Milliseconds())/float64(b.N), "json-ms/op")
	b.ReportMetric(float64(took[2].Milliseconds())/float64(b.N), "csv-ms/op")
	b.ReportMetric(float64(took[1])/float64(took[0]), "json/fetch")
	b.ReportMetric(float64(took[2])/float64(took[0]), "csv/fetch")
}

func toCustomerJSON(c model.Customer) customerJSON {
	return customerJSON{ID: c.ID, TenantID: c.TenantID, CompanyName: c.CompanyName, Domain: c.Domain,
		Relationship: string(c.Relationship), Country: c.Country, City: c.City, Email: c.Email}
}

// A row of --output json is what json.Marshal writes for customerJSON,
// whatever the strings hold (after or before sanitising: HTML characters,
// quotes, U+2028, invalid UTF-8, controls).
func TestCustomerJSONRow(t *testing.T) {
	odd := []string{"", "Müller & Söhne <GmbH>", "\"q\" \\ /", "a\u2028b\u2029c", "a\xffb\xc3", "\x00\x1b[31m\t\r\n\x7f\u0085", "😀 é", "=SUM(A1)"}
	cs := sandbox.Dataset(3, 200)
	for k := range odd {
		c := cs[k]
		c.CompanyName, c.City, c.Email = odd[k], odd[(k+3)%len(odd)], odd[(k+5)%len(odd)]
		c.Relationship = model.Relationship(odd[(k+1)%len(odd)])
		cs = append(cs, c)
	}
	for _, c := range cs {
		want, err := json.Marshal(toCustomerJSON(c))
		if err != nil {
			t.Fatal(err)
		}
		if got := appendCustomerJSON(nil, c); string(got) != string(want) {
			t.Fatalf("row\n got %s\nwant %s", got, want)
		}
	}
}

// listAhead hands the pages over in order; a failing writer stops the
// listing (the sandbox is not asked for the rest) and its error is the one
// returned.
func TestListAheadStopsWithTheWriter(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Customers: 5000, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Dataset(1, 5000)
	var got []string
	full := errors.New("disk full")
	err = listAhead(context.Background(), pc, func(p client.Page) error {
		for _, c := range p.Customers {
			got = append(got, c.ID)
		}
		if len(got) == 1500 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Fatalf("error %v, want the writer's", err)
	}
	for i, id := range got {
		if id != want[i].ID {
			t.Fatalf("customer %d is %s, want %s: pages out of order", i, id, want[i].ID)
		}
	}
	if n := len(srv.Requests()); n > 5 {
		t.Errorf("%d pages asked for after the writer failed on the third of ten", n)
	}
	// And a whole listing arrives whole.
	got = got[:0]
	if err := listAhead(context.Background(), pc, func(p client.Page) error {
		for _, c := range p.Customers {
			got = append(got, c.ID)
		}
		return nil
	}); err != nil || len(got) != 5000 || got[4999] != want[4999].ID {
		t.Fatalf("%d customers, %v", len(got), err)
	}
}
