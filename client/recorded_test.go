package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// The fixtures in testdata/recorded are written in the shape of recordings
// of the real Partner Center (see partner-center.md, "What recorded traffic
// shows"): a UTF-8 byte-order mark before compact JSON, both forms of
// links.next, list items without billingProfile/commerceId/address, dates
// with 0 to 7 fraction digits, a 404 without a body, an error code that is
// a number, a description with an HTML entity, and the 429 body's own
// schema.

const recordedID = "0b7c5d4a-1e2f-4a3b-8c9d-0e1f2a3b4c5d"

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "recorded", name))
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:3]) != "\ufeff" {
		t.Fatalf("fixture %s lacks the byte-order mark the real service sends", name)
	}
	return b
}

// recordedServer answers as the recordings do and records each request's
// path and query.
type recordedServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []string
}

func (s *recordedServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

func newRecordedServer(t *testing.T) *recordedServer {
	t.Helper()
	s := &recordedServer{}
	send := func(w http.ResponseWriter, status int, ct string, body []byte) {
		h := w.Header()
		h.Set("MS-CV", "xqqtn+OEVE2ridoS.0")
		h.Set("MS-ServerId", "030011719")
		h.Set("X-Locale", "en-US,en-US")
		if ct != "" {
			h.Set("Content-Type", ct)
		}
		// As recorded: the JSON's length plus 3 for the BOM.
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.URL.RequestURI())
		s.mu.Unlock()
		w.Header().Set("MS-CorrelationId", r.Header.Get("MS-CorrelationId"))
		w.Header().Set("MS-RequestId", r.Header.Get("MS-RequestId"))
		const charset = "application/json; charset=utf-8"
		switch p, q := r.URL.Path, r.URL.Query(); {
		case p == "/v1/customers" && q.Get("seekOperation") == "":
			send(w, 200, charset, fixture(t, "customers-page1.json"))
		case p == "/v1/customers" && r.Header.Get("MS-ContinuationToken") == "W3sidG9rZW4iOiIrUklEOn4xIn1d":
			send(w, 200, "application/json", fixture(t, "customers-page2.json"))
		case p == "/v1/customers" && r.Header.Get("MS-ContinuationToken") == "W3sidG9rZW4iOiIrUklEOn4yIn1d":
			send(w, 200, charset, fixture(t, "customers-page3.json"))
		case p == "/v1/customers/"+recordedID:
			send(w, 200, charset, fixture(t, "customer.json"))
		case p == "/v1/customers/"+recordedID+"/subscriptions":
			send(w, 200, charset, fixture(t, "subscriptions.json"))
		case p == "/v1/customers/err-numeric":
			send(w, 400, "application/json", fixture(t, "error-numeric-code.json"))
		case p == "/v1/customers/err-string":
			send(w, 404, charset, fixture(t, "error-string-code.json"))
		case p == "/v1/customers/throttled":
			w.Header().Set("Retry-After", "57")
			send(w, 429, "application/json", fixture(t, "error-throttle.json"))
		default:
			send(w, 404, "", nil) // Content-Length: 0, no body
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func recordedClient(t *testing.T, s *recordedServer) *client.Client {
	t.Helper()
	return newClient(t, s.URL, s.Client())
}

func TestRecordedListingBothLinkForms(t *testing.T) {
	t.Parallel()
	s := newRecordedServer(t)
	c := recordedClient(t, s)
	var got []model.Customer
	err := c.ListCustomers(testContext(t), client.ListOptions{PageSize: 2}, func(p client.Page) error {
		got = append(got, p.Customers...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cu := range got {
		names = append(names, cu.CompanyName)
		if cu.Country != "" || cu.CommerceID != "" {
			t.Errorf("%s: a list item has no country or commerce id, got %q %q", cu.CompanyName, cu.Country, cu.CommerceID)
		}
	}
	want := "Contoso GmbH|Fabrikam AG|Contoso Services KG|Wingtip Toys SE|Northwind Traders GmbH"
	if strings.Join(names, "|") != want {
		t.Errorf("names %q, want %q (the soft hyphen dropped)", names, want)
	}
	reqs := s.requests()
	wantReqs := []string{"/v1/customers?size=2", "/v1/customers?size=2&seekOperation=Next", "/v1/customers?size=2&seekOperation=Next"}
	if strings.Join(reqs, " ") != strings.Join(wantReqs, " ") {
		t.Errorf("requests %q, want %q: both link forms resolve under /v1, never /v1/v1", reqs, wantReqs)
	}
}

func TestRecordedCustomerByID(t *testing.T) {
	t.Parallel()
	c := recordedClient(t, newRecordedServer(t))
	cu, err := c.GetCustomer(testContext(t), recordedID)
	if err != nil {
		t.Fatal(err)
	}
	if cu.Country != "DE" || cu.City != "Berlin" || cu.CommerceID == "" || cu.Email != "jana.petersen@contoso.de" {
		t.Errorf("customer by id: %+v", cu)
	}
}

func TestRecordedSubscriptionDates(t *testing.T) {
	t.Parallel()
	c := recordedClient(t, newRecordedServer(t))
	subs, err := c.ListSubscriptions(testContext(t), recordedID)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 3 {
		t.Fatalf("%d subscriptions", len(subs))
	}
	for _, sub := range subs {
		if _, ok := model.ParseTime(sub.CreationDate); !ok {
			t.Errorf("%s: creation date %q unreadable", sub.OfferName, sub.CreationDate)
		}
		end, never, ok := sub.CommitmentEndTime()
		if !ok {
			t.Errorf("%s: end %q unreadable", sub.OfferName, sub.CommitmentEnd)
		}
		if never != (sub.OfferName == "Microsoft Azure") {
			t.Errorf("%s: never=%v for %q", sub.OfferName, never, sub.CommitmentEnd)
		}
		if !never && end.Year() > 3000 {
			t.Errorf("%s: end %v", sub.OfferName, end)
		}
	}
}

func TestRecordedErrorsReadAsSentences(t *testing.T) {
	t.Parallel()
	c := recordedClient(t, newRecordedServer(t))
	tests := []struct {
		id   string
		want []string
	}{
		{"missing", []string{"not found", "HTTP 404", "correlation id"}},
		{"err-numeric", []string{"We're unable to process the request at this time.", "HTTP 400", "code 3000", "correlation id"}},
		{"err-string", []string{"Customer was not found.", "HTTP 404", "code 600026"}},
		{"throttled", []string{"Rate limit is exceeded. Try again in 57 seconds.", "HTTP 429"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			ctx := client.WithCorrelationID(testContext(t), "5f1c9d2e-0000-4000-8000-00000000c0de")
			_, err := c.GetCustomer(ctx, tt.id)
			var api *client.APIError
			if !errors.As(err, &api) {
				t.Fatalf("got %v, want an APIError", err)
			}
			msg := err.Error()
			for _, w := range append(tt.want, "5f1c9d2e-0000-4000-8000-00000000c0de") {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
			for _, bad := range []string{"&#39;", "unexpected end", "invalid character", "JSON", "{", "\n"} {
				if strings.Contains(msg, bad) {
					t.Errorf("%q contains %q", msg, bad)
				}
			}
		})
	}
}

func TestLinkResolution(t *testing.T) {
	t.Parallel()
	tests := []struct {
		root, link, want, err string
	}{
		{"https://pc.example", "/v1/customers?size=2&seekOperation=Next", "https://pc.example/v1/customers?size=2&seekOperation=Next", ""},
		{"https://pc.example", "/customers?size=2&seekOperation=Next", "https://pc.example/v1/customers?size=2&seekOperation=Next", ""},
		{"https://pc.example", "customers?size=2", "https://pc.example/v1/customers?size=2", ""},
		{"https://pc.example/v1", "/v1/customers", "https://pc.example/v1/customers", ""},
		{"https://pc.example/v1/", "/customers", "https://pc.example/v1/customers", ""},
		{"https://pc.example", "https://pc.example/v1/customers?x=1", "https://pc.example/v1/customers?x=1", ""},
		{"https://pc.example", "https://PC.example/customers", "https://pc.example/v1/customers", ""},
		{"https://pc.example/pc", "/pc/v1/customers", "https://pc.example/pc/v1/customers", ""},
		{"https://pc.example/pc", "/v1/customers", "https://pc.example/pc/v1/customers", ""},
		{"https://pc.example/pc", "/customers", "https://pc.example/pc/v1/customers", ""},
		{"https://pc.example/pc", "https://pc.example/pc/customers", "https://pc.example/pc/v1/customers", ""},
		{"https://pc.example/pc", "https://pc.example/other/v1/customers", "", "outside pc.example/pc"},
		{"https://pc.example/pc", "https://pc.example/pcx/v1/customers", "", "outside"},
		{"https://pc.example", "https://evil.example/v1/customers", "", "another host (evil.example)"},
		{"https://pc.example", "http://pc.example/v1/customers", "", "another host"},
		{"https://pc.example", "https://pc.example:8443/v1/customers", "", "another host"},
		{"https://pc.example", "https://user:pw@pc.example/v1/customers", "", "user info"},
		{"https://pc.example", "//evil.example/v1/customers", "", "another host"},
		{"https://pc.example", "/v1/../admin", "", "climbs out"},
		{"https://pc.example", "https://ev\u202eil.example%1b]52;c;eA==/v1", "", "not a URL"},
	}
	for _, tt := range tests {
		c, err := client.New(client.Options{BaseURL: tt.root, Tokens: client.StaticToken("t")})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.ResolveLink(tt.link)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("root %s, link %s: got %q, %v; want %q", tt.root, tt.link, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("root %s, link %s: got %q, %v; want an error with %q", tt.root, tt.link, got, err, tt.err)
		case err != nil && (strings.Contains(err.Error(), "pw") || strings.ContainsAny(err.Error(), "\x1b\u202e")):
			t.Errorf("error %q carries the link's secrets or escapes", err)
		}
	}
}

func TestBodyTooLargeIsFinal(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		// No Content-Length: the bound must hold while reading.
		fmt.Fprint(w, `{"items":[`)
		chunk := strings.Repeat(`{"id":"x"},`, 1000)
		for written := 0; written <= client.MaxBodySize; written += len(chunk) {
			fmt.Fprint(w, chunk)
		}
		fmt.Fprint(w, `{"id":"x"}]}`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, srv.Client())
	_, _, err := listAll(t, c, client.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "response too large") {
		t.Fatalf("got %v, want 'response too large'", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n != 1 {
		t.Errorf("%d tries, want 1: a response too large will be too large again", n)
	}
}

func TestPageLargerThanRequestedIsRefused(t *testing.T) {
	t.Parallel()
	srv := hostileServer(t, func(int, *http.Request) string { return customersPage(3, 3, "") })
	c := newClient(t, srv.URL, srv.Client())
	names, _, err := listAll(t, c, client.ListOptions{PageSize: 2})
	if err == nil || !strings.Contains(err.Error(), "sent 3 customers for a page of 2") || len(names) != 0 {
		t.Fatalf("got %d customers, %v; want the page refused", len(names), err)
	}
}

// TestOperationDeadline: a server that accepts and never answers, or
// stalls mid-body, costs the operation's Timeout, retries included, and
// then a sentence.
func TestOperationDeadline(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/customers/stall" {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			fmt.Fprint(w, `{"id":`)
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	const timeout = 400 * time.Millisecond
	c, err := client.New(client.Options{BaseURL: srv.URL, HTTPClient: srv.Client(), Tokens: client.StaticToken("t"),
		Retry: fastRetry, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"hang", "stall"} {
		start := time.Now()
		_, err := c.GetCustomer(context.Background(), id)
		took := time.Since(start)
		var te *client.TimeoutError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "did not answer GET /v1/customers/"+id+" within") {
			t.Fatalf("%s: got %v, want a TimeoutError", id, err)
		}
		if took > 5*timeout {
			t.Errorf("%s: took %v with a %v timeout", id, took, timeout)
		}
	}
}

// TestDecodeErrorsInWords: a body that does not fit never shows the
// decoder's message.
func TestDecodeErrorsInWords(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"items":"many"}`, `{"items":[`, ``, `<html>`, "\ufeff\ufeff{}"} {
		srv := hostileServer(t, func(int, *http.Request) string { return body })
		c := newClient(t, srv.URL, srv.Client())
		_, _, err := listAll(t, c, client.ListOptions{})
		if err == nil {
			if body == "\ufeff\ufeff{}" {
				continue
			}
			t.Fatalf("%q: no error", body)
		}
		for _, bad := range []string{"json:", "unexpected end", "invalid character", "Go struct", "model."} {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%q: error %q shows the decoder's %q", body, err, bad)
			}
		}
		if !strings.Contains(err.Error(), "answered GET /v1/customers with") {
			t.Errorf("%q: error %q", body, err)
		}
	}
}

// TestUnsendableHeaderIsFinal: a next link whose header cannot be sent
// fails at once, in words, without another request.
func TestUnsendableHeaderIsFinal(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	srv := hostileServer(t, func(int, *http.Request) string {
		mu.Lock()
		n++
		mu.Unlock()
		return customersPage(4, 2, `{"uri":"/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"a\r\nX-Injected: 1"}]}`)
	})
	c := newClient(t, srv.URL, srv.Client())
	names, _, err := listAll(t, c, client.ListOptions{PageSize: 2})
	if err == nil || !strings.Contains(err.Error(), "cannot be sent") || len(names) != 2 {
		t.Fatalf("%d customers, %v", len(names), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
