package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
)

func TestPagingFollowsContinuationTokens(t *testing.T) {
	t.Parallel()
	const n, size = 1234, 100
	s := startSandbox(t, sandbox.Options{Customers: n})
	c := sandboxClient(t, s)

	names, pages, err := listAll(t, c, client.ListOptions{PageSize: size})
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Dataset(1, n)
	if len(names) != n {
		t.Fatalf("got %d customers, want %d", len(names), n)
	}
	for i, name := range names {
		if name != want[i].CompanyName {
			t.Fatalf("customer %d is %q, want %q", i, name, want[i].CompanyName)
		}
	}
	for _, p := range pages {
		if p.Total != n {
			t.Errorf("page total %d, want %d", p.Total, n)
		}
	}

	reqs := s.Requests()
	if wantPages := (n + size - 1) / size; len(reqs) != wantPages || len(pages) != wantPages {
		t.Fatalf("%d requests and %d pages, want %d", len(reqs), len(pages), wantPages)
	}
	tokens, ids := map[string]bool{}, map[string]bool{}
	for i, r := range reqs {
		tok := r.Header.Get("MS-ContinuationToken")
		if r.Path != "/v1/customers" {
			t.Errorf("request %d: path %q", i, r.Path)
		}
		if i == 0 {
			if tok != "" || r.RawQuery != "size=100" {
				t.Errorf("first request: query %q, token %q", r.RawQuery, tok)
			}
		} else {
			if tok == "" || tokens[tok] || r.RawQuery != "size=100&seekOperation=Next" {
				t.Errorf("request %d: query %q, token %q (new: %v)", i, r.RawQuery, tok, !tokens[tok])
			}
			tokens[tok] = true
		}
		id := r.Header.Get("MS-RequestId")
		if id == "" || ids[id] {
			t.Errorf("request %d: MS-RequestId %q is missing or reused for a new operation", i, id)
		}
		ids[id] = true
	}
}

func TestPagerIsResumableAfterAFailure(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 30})
	c := newClient(t, s.URL(), s.HTTPClient())
	p, err := c.Customers(client.ListOptions{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	if _, err := p.Next(ctx); err != nil {
		t.Fatal(err)
	}
	s.FailNext(fastRetry.MaxRetries+1, http.StatusServiceUnavailable) // every try of one call
	if _, err := p.Next(ctx); err == nil {
		t.Fatal("expected the second page to fail")
	}
	got := 10
	for !p.Done() {
		page, err := p.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got += len(page.Customers)
	}
	if got != 30 {
		t.Errorf("resumed listing ended with %d customers, want 30", got)
	}
}

func TestBaseURLForms(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 25})
	first := sandbox.Dataset(1, 1)[0]
	for _, suffix := range []string{"", "/", "/v1", "/v1/"} {
		t.Run("root"+suffix, func(t *testing.T) {
			before := len(s.Requests())
			c := newClient(t, s.URL()+suffix, s.HTTPClient())
			ctx := testContext(t)
			if _, _, err := listAll(t, c, client.ListOptions{PageSize: 10}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetCustomer(ctx, first.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ListSubscriptions(ctx, first.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetOrganizationProfile(ctx); err != nil {
				t.Fatal(err)
			}
			reqs := s.Requests()[before:]
			if len(reqs) != 6 {
				t.Errorf("%d requests, want 6", len(reqs))
			}
			for _, r := range reqs {
				if !strings.HasPrefix(r.Path, "/v1/") || strings.Contains(r.Path, "//") || strings.Contains(r.Path, "/v1/v1") {
					t.Errorf("bad path %q", r.Path)
				}
			}
		})
	}
}

func TestGetCustomerAndSubscriptions(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 50})
	c := sandboxClient(t, s)
	ctx := testContext(t)
	want := sandbox.Dataset(1, 50)[7]
	got, err := c.GetCustomer(ctx, strings.ToUpper(want.ID))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("GetCustomer:\n got %+v\nwant %+v", got, want)
	}
	subs, err := c.ListSubscriptions(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) < 1 || len(subs) > 8 {
		t.Fatalf("%d subscriptions", len(subs))
	}
	for _, sub := range subs {
		if sub.ID == "" || sub.OfferName == "" || sub.Status == "" || sub.CreationDate < "2017" || sub.CreationDate > "2022" {
			t.Errorf("subscription %+v", sub)
		}
	}
	prof, err := c.GetOrganizationProfile(ctx)
	if err != nil || prof.CompanyName != s.PartnerName() || prof.TenantID == "" || !strings.HasSuffix(prof.Domain, ".onmicrosoft.de") {
		t.Errorf("profile %+v, %v", prof, err)
	}
}

func TestFilterByPrefix(t *testing.T) {
	t.Parallel()
	const n = 1500
	s := startSandbox(t, sandbox.Options{Customers: n})
	c := sandboxClient(t, s)
	data := sandbox.Dataset(1, n)
	tests := []struct {
		name   string
		opts   client.ListOptions
		field  func(i int) string
		prefix string
	}{
		{"name, lower case", client.ListOptions{NamePrefix: "sch"}, func(i int) string { return data[i].CompanyName }, "sch"},
		{"name, umlaut upper case", client.ListOptions{NamePrefix: "MÜ"}, func(i int) string { return data[i].CompanyName }, "mü"},
		{"domain", client.ListOptions{DomainPrefix: "nord"}, func(i int) string { return data[i].Domain }, "nord"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for i := range data {
				if strings.HasPrefix(strings.ToLower(tt.field(i)), tt.prefix) {
					want = append(want, data[i].CompanyName)
				}
			}
			if len(want) < 2 {
				t.Fatalf("the test data has only %d matches for %q", len(want), tt.prefix)
			}
			tt.opts.PageSize = 7
			got, pages, err := listAll(t, c, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got %d customers %q,\nwant %d %q", len(got), got, len(want), want)
			}
			if pages[0].Total != len(want) {
				t.Errorf("totalCount %d, want %d", pages[0].Total, len(want))
			}
		})
	}
}

func TestHostileDataIsSanitisedAtIngest(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, sandbox.Options{Customers: 300, Hostile: true})

	// First make sure the sandbox really sends escape sequences, or this
	// test would prove nothing.
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/customers?size=300", nil)
	req.Header.Set("Authorization", "Bearer x")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Items []struct {
			ID             string
			CompanyProfile struct{ CompanyName, Domain string }
		}
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bytes.TrimPrefix(body, []byte("\ufeff")), &raw); err != nil {
		t.Fatal(err)
	}
	var hostileIDs []string
	for _, it := range raw.Items {
		if dangerous(it.CompanyProfile.CompanyName + it.CompanyProfile.Domain) {
			hostileIDs = append(hostileIDs, it.ID)
		}
	}
	if len(hostileIDs) < 5 {
		t.Fatalf("the hostile sandbox sent only %d dangerous customers", len(hostileIDs))
	}

	c := sandboxClient(t, s)
	count := 0
	err = c.ListCustomers(testContext(t), client.ListOptions{PageSize: 50}, func(p client.Page) error {
		for _, cu := range p.Customers {
			count++
			if dangerous(cu.CompanyName) || dangerous(cu.Domain) {
				t.Errorf("unsanitised customer %q / %q", cu.CompanyName, cu.Domain)
			}
		}
		return nil
	})
	if err != nil || count != 300 {
		t.Fatalf("%d customers, %v", count, err)
	}
	for _, id := range hostileIDs[:3] {
		cu, err := c.GetCustomer(testContext(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if dangerous(cu.CompanyName) || dangerous(cu.Domain) {
			t.Errorf("GetCustomer: unsanitised %q / %q", cu.CompanyName, cu.Domain)
		}
	}
}

// dangerous reports whether s holds something a terminal would act on:
// ESC, \r, \b, another C0 control, DEL or a C1 control.
func dangerous(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return true
		}
	}
	return false
}

// hostileServer is a tiny plain-HTTP server on loopback that answers
// /v1/customers with whatever page returns for the n-th call.
func hostileServer(t *testing.T, page func(n int, r *http.Request) string) *httptest.Server {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, page(int(calls.Add(1)), r))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func customersPage(total, items int, next string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"totalCount":%d,"items":[`, total)
	for i := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"c%d","companyProfile":{"companyName":"Customer %d"}}`, i, i)
	}
	b.WriteString(`],"links":{`)
	if next != "" {
		b.WriteString(`"next":` + next)
	}
	b.WriteString(`}}`)
	return b.String()
}

func TestHostilePagersEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		page func(n int, r *http.Request) string
	}{
		// No totalCount, so only spotting the repeat can end this one.
		{"the same next link forever", func(int, *http.Request) string {
			return customersPage(0, 2, `{"uri":"/v1/customers?size=2&seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"same"}]}`)
		}},
		{"empty pages that link on", func(n int, _ *http.Request) string {
			return customersPage(1000, 0, fmt.Sprintf(`{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"t%d"}]}`, n))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hostileServer(t, tt.page)
			c := newClient(t, srv.URL, srv.Client())
			_, _, err := listAll(t, c, client.ListOptions{})
			if !errors.Is(err, client.ErrEndlessPaging) {
				t.Fatalf("got %v, want ErrEndlessPaging", err)
			}
		})
	}
}

func TestMalformedJSONIsAClearError(t *testing.T) {
	t.Parallel()
	srv := hostileServer(t, func(int, *http.Request) string { return `{"totalCount": 3, "items": [{"id": "a"` })
	c := newClient(t, srv.URL, srv.Client())
	_, _, err := listAll(t, c, client.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "not the JSON expected") || !strings.Contains(err.Error(), "list customers") {
		t.Fatalf("got %v", err)
	}
}

func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	t.Parallel()
	var stolen atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		io.WriteString(w, customersPage(4, 2, ""))
	}))
	t.Cleanup(other.Close)
	srv := hostileServer(t, func(int, *http.Request) string {
		return customersPage(4, 2, `{"uri":"`+other.URL+`/v1/customers?seekOperation=Next","headers":[]}`)
	})
	c := newClient(t, srv.URL, srv.Client())
	_, _, err := listAll(t, c, client.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if stolen.Load() != 0 {
		t.Error("the other host was called, with the bearer token")
	}
}

// TestTotalCountOfThePageOnly follows the reference's own sample, where
// totalCount counts the page's items while links.next goes on: every page
// must still be read.
func TestTotalCountOfThePageOnly(t *testing.T) {
	t.Parallel()
	srv := hostileServer(t, func(n int, r *http.Request) string {
		if n < 3 {
			if n > 1 && r.Header.Get("MS-ContinuationToken") != fmt.Sprintf("t%d", n-1) {
				return `{"code":400,"description":"missing continuation token"}`
			}
			return customersPage(2, 2, fmt.Sprintf(`{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"t%d"}]}`, n))
		}
		return customersPage(2, 2, "")
	})
	c := newClient(t, srv.URL, srv.Client())
	got, _, err := listAll(t, c, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("got %d customers, want 6 over three pages", len(got))
	}
}

func TestNextLinkWithUnsendableHeader(t *testing.T) {
	t.Parallel()
	srv := hostileServer(t, func(n int, _ *http.Request) string {
		return customersPage(0, 1, `{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"a\r\nX-Evil: 1"}]}`)
	})
	c := newClient(t, srv.URL, srv.Client())
	_, _, err := listAll(t, c, client.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot be sent") {
		t.Fatalf("got %v, want a clear refusal", err)
	}
}

// TestMigrationPagesFollowBothLinkForms: the partner-wide migrations list
// resolves its next links as customers do: the older form relative to the
// version root (/migrations/germany?…) and the newer /v1/… form, with the
// continuation token sent as a header; never /v1/v1.
func TestMigrationPagesFollowBothLinkForms(t *testing.T) {
	var paths []string
	srv := hostileServer(t, func(n int, r *http.Request) string {
		paths = append(paths, r.URL.Path+" "+r.Header.Get("MS-ContinuationToken"))
		item := fmt.Sprintf(`{"id":"m%d","status":"Processing","customerTenantId":"c%d","targetTenantId":"t"}`, n, n)
		switch n {
		case 1:
			return "\ufeff" + `{"totalCount":3,"items":[` + item + `],"links":{"next":{"uri":"/migrations/germany?size=1&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"p2"}]}}}`
		case 2:
			return `{"totalCount":3,"items":[` + item + `],"links":{"next":{"uri":"/v1/migrations/germany?size=1&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"p3"}]}}}`
		}
		return `{"totalCount":3,"items":[` + item + `],"links":{}}`
	})
	c, err := client.New(client.Options{BaseURL: srv.URL, Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := c.ListMigrations(t.Context(), func(p client.MigrationPage) error { got += len(p.Migrations); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{"/v1/migrations/germany ", "/v1/migrations/germany p2", "/v1/migrations/germany p3"}
	if got != 3 || strings.Join(paths, "|") != strings.Join(want, "|") {
		t.Fatalf("%d migrations over %q, want 3 over %q", got, paths, want)
	}
}
