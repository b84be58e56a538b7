package sandbox

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func start(t *testing.T, o Options) *Server {
	t.Helper()
	s, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// get calls the sandbox like a client would and decodes the JSON answer.
func get(t *testing.T, s *Server, path string, header map[string]string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if len(body) == 0 && resp.StatusCode == http.StatusNotFound {
		// As the real service: a 404 may have no body at all.
		return resp.StatusCode, resp.Header, v
	}
	// As recorded: a byte-order mark, then compact JSON, counted in
	// Content-Length.
	if strings.HasPrefix(path, "/v1/") {
		if !bytes.HasPrefix(body, []byte("\ufeff")) || bytes.Contains(body, []byte("\n")) {
			t.Fatalf("GET %s: body is not a BOM and compact JSON: %.80q", path, body)
		}
		if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
			t.Errorf("GET %s: Content-Length %s for %d bytes", path, cl, len(body))
		}
		body = body[3:]
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET %s: %d, not JSON: %q", path, resp.StatusCode, body)
	}
	return resp.StatusCode, resp.Header, v
}

func TestDatasetDeterministicUniqueAndPrefixStable(t *testing.T) {
	a, b := Dataset(7, 5000), Dataset(7, 5000)
	small := Dataset(7, 100)
	names, domains, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	domainRE := regexp.MustCompile(`^[a-z0-9]{1,27}\.onmicrosoft\.de$`)
	countries := map[string]int{}
	for i, c := range a {
		if c != b[i] {
			t.Fatalf("customer %d differs between runs: %+v vs %+v", i, c, b[i])
		}
		if i < len(small) && small[i] != c {
			t.Fatalf("customer %d depends on the dataset size", i)
		}
		if names[strings.ToLower(c.CompanyName)] || domains[c.Domain] || ids[c.ID] {
			t.Fatalf("customer %d is not unique: %+v", i, c)
		}
		names[strings.ToLower(c.CompanyName)], domains[c.Domain], ids[c.ID] = true, true, true
		if !domainRE.MatchString(c.Domain) {
			t.Fatalf("domain %q is not a slugified onmicrosoft.de domain", c.Domain)
		}
		if _, ok := parseGUID(c.ID); !ok || c.ID != c.TenantID {
			t.Fatalf("bad ids: %+v", c)
		}
		countries[c.Country]++
	}
	if dach := countries["DE"] + countries["AT"] + countries["CH"]; dach < len(a)*3/4 {
		t.Errorf("only %d of %d customers in DE/AT/CH: %v", dach, len(a), countries)
	}
	if Dataset(8, 1)[0] == a[0] {
		t.Error("the seed does not change the data")
	}
}

func TestLegalFormsMatchCountry(t *testing.T) {
	byCode := map[string]*country{}
	for i := range countries {
		byCode[countries[i].code] = &countries[i]
	}
	for _, c := range Dataset(3, 3000) {
		ok := false
		for _, f := range byCode[c.Country].forms {
			ok = ok || strings.HasSuffix(c.CompanyName, " "+f)
		}
		if !ok {
			t.Fatalf("%q in %s has no legal form of its country", c.CompanyName, c.Country)
		}
	}
}

func TestSubscriptionsShare(t *testing.T) {
	d := newDataset(1, 20000)
	suspended := 0
	for i := range d.len() {
		subs := d.subscriptions(i)
		if len(subs) < 1 || len(subs) > 8 {
			t.Fatalf("customer %d has %d subscriptions", i, len(subs))
		}
		for _, s := range subs {
			if s.status == "suspended" {
				suspended++
				break
			}
		}
	}
	if share := float64(suspended) / float64(d.len()); share < 0.04 || share > 0.08 {
		t.Errorf("%.1f%% of customers have a suspended subscription, want about 6%%", share*100)
	}
}

func TestStart100kIsFastAndSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("large dataset")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	s := start(t, Options{Customers: 100_000})
	elapsed := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("100,000 customers: start %v, live heap +%.1f MiB", elapsed, float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	if elapsed > time.Second && !raceEnabled {
		t.Errorf("start took %v", elapsed)
	}
	_, _, v := get(t, s, "/v1/customers?size=500", nil)
	if v["totalCount"].(float64) != 100_000 {
		t.Errorf("totalCount = %v", v["totalCount"])
	}
}

func TestCustomerShapes(t *testing.T) {
	s := start(t, Options{Customers: 30})
	code, h, v := get(t, s, "/v1/customers?size=10", map[string]string{"MS-RequestId": "req-1", "MS-CorrelationId": "corr-1"})
	if code != 200 || h.Get("MS-RequestId") != "req-1" || h.Get("MS-CorrelationId") != "corr-1" {
		t.Fatalf("status %d, ids %q %q", code, h.Get("MS-RequestId"), h.Get("MS-CorrelationId"))
	}
	if v["totalCount"].(float64) != 30 || len(v["items"].([]any)) != 10 {
		t.Fatalf("page: %v", v)
	}
	if v["attributes"].(map[string]any)["objectType"] != "Collection" {
		t.Error("collection objectType")
	}
	links := v["links"].(map[string]any)
	if links["self"].(map[string]any)["uri"] != "/v1/customers?size=10" {
		t.Errorf("self link %v", links["self"])
	}
	next := links["next"].(map[string]any)
	if next["uri"] != "/v1/customers?size=10&seekOperation=Next" || next["method"] != "GET" {
		t.Errorf("next link %v", next)
	}
	item := v["items"].([]any)[0].(map[string]any)
	cp := item["companyProfile"].(map[string]any)
	if item["attributes"].(map[string]any)["objectType"] != "Customer" ||
		cp["attributes"].(map[string]any)["objectType"] != "CustomerCompanyProfile" ||
		cp["tenantId"] != item["id"] || item["relationshipToPartner"] == "" {
		t.Errorf("customer item: %v", item)
	}
	for _, k := range []string{"allowDelegatedAccess", "billingProfile", "commerceId"} {
		if _, ok := item[k]; ok {
			t.Errorf("%s is only sent for a single customer", k)
		}
	}
	if _, ok := cp["address"]; ok {
		t.Error("a list item has no address (so no country), as recorded")
	}

	id := strings.ToUpper(item["id"].(string))
	code, _, one := get(t, s, "/v1/customers/"+id, nil)
	if code != 200 || one["id"] != item["id"] {
		t.Fatalf("by upper-case id: %d %v", code, one)
	}
	bp := one["billingProfile"].(map[string]any)
	if _, ok := one["allowDelegatedAccess"].(bool); !ok || bp["defaultAddress"] == nil || one["commerceId"] == "" {
		t.Errorf("customer: %v", one)
	}
	for _, k := range []string{"country", "city", "postalCode", "addressLine1"} {
		if one["companyProfile"].(map[string]any)["address"].(map[string]any)[k] == "" {
			t.Errorf("address.%s empty", k)
		}
	}

	code, _, subs := get(t, s, "/v1/customers/"+id+"/subscriptions", nil)
	if code != 200 || subs["totalCount"].(float64) < 1 {
		t.Fatalf("subscriptions: %d %v", code, subs)
	}
	sub := subs["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "offerId", "entitlementId", "offerName", "friendlyName", "quantity", "unitType",
		"creationDate", "effectiveStartDate", "commitmentEndDate", "status", "autoRenewEnabled", "billingType",
		"billingCycle", "isTrial", "contractType", "orderId", "links", "attributes"} {
		if _, ok := sub[k]; !ok {
			t.Errorf("subscription lacks %s", k)
		}
	}
	if sub["attributes"].(map[string]any)["objectType"] != "Subscription" {
		t.Error("subscription objectType")
	}

	code, _, prof := get(t, s, "/v1/profiles/organization", nil)
	if code != 200 || prof["companyName"] != DefaultPartnerName || prof["domain"] != "nordwinditservices.onmicrosoft.de" {
		t.Errorf("profile: %v", prof)
	}
}

func TestErrors(t *testing.T) {
	s := start(t, Options{Customers: 30})
	bad := url.QueryEscape(`{"Field":"CompanyName","Value":"a","Operator":"contains"}`)
	tests := []struct {
		name, path string
		header     map[string]string
		status     int
	}{
		{"size 0", "/v1/customers?size=0", nil, 400},
		{"size 501", "/v1/customers?size=501", nil, 400},
		{"size not a number", "/v1/customers?size=x", nil, 400},
		{"filter operator", "/v1/customers?filter=" + bad, nil, 400},
		{"filter not JSON", "/v1/customers?filter=abc", nil, 400},
		{"filter field", "/v1/customers?filter=" + url.QueryEscape(`{"Field":"Country","Value":"a","Operator":"starts_with"}`), nil, 400},
		{"next without token", "/v1/customers?size=10&seekOperation=Next", nil, 400},
		{"next with forged token", "/v1/customers?size=10&seekOperation=Next", map[string]string{"MS-ContinuationToken": "AQoKAA.AAAAAAAAAAAAAAAAAAAAAA"}, 400},
		{"seek previous", "/v1/customers?seekOperation=Previous", nil, 400},
		{"unknown customer", "/v1/customers/00000000-0000-4000-8000-000000000000", nil, 404},
		{"not a guid", "/v1/customers/contoso", nil, 404},
		{"unknown customer subscriptions", "/v1/customers/00000000-0000-4000-8000-000000000000/subscriptions", nil, 404},
		{"unknown path", "/v1/invoices", nil, 404},
		{"outside v1", "/nothing", nil, 404},
		{"no token", "/v1/customers", map[string]string{"Authorization": ""}, 401},
		{"basic auth", "/v1/customers", map[string]string{"Authorization": "Basic eDp5"}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, v := get(t, s, tt.path, tt.header)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, v)
			}
			if v == nil {
				// An unknown path: 404 without a body, as recorded.
				if code != 404 || h.Get("Content-Length") != "0" {
					t.Errorf("an empty body for %d, Content-Length %q", code, h.Get("Content-Length"))
				}
				return
			}
			if _, ok := v["code"].(float64); !ok || v["source"] != "PartnerFD" || v["description"] == "" {
				t.Errorf("error body %v (code must be a JSON number)", v)
			}
			if _, ok := v["data"].([]any); !ok {
				t.Errorf("data is not an array: %v", v)
			}
			if h.Get("MS-RequestId") == "" || h.Get("MS-CorrelationId") == "" {
				t.Error("ids not echoed")
			}
		})
	}
}

func TestTokenIsBoundToItsCursor(t *testing.T) {
	tk := tokens{key: []byte("k")}
	tok := tk.issue(cursor{offset: 500, size: 500, filter: filter{field: fieldDomain, value: "nord"}})
	c, err := tk.check(tok)
	if err != nil || c.offset != 500 || c.size != 500 || c.filter != (filter{fieldDomain, "nord"}) {
		t.Fatalf("round trip: %+v %v", c, err)
	}
	for _, forged := range []string{"", tok + "x", "x" + tok, strings.Replace(tok, "A", "B", 1), tokens{key: []byte("other")}.issue(cursor{size: 1})} {
		if forged == tok {
			continue
		}
		if _, err := tk.check(forged); err == nil {
			t.Errorf("accepted %q", forged)
		}
	}
}

func TestFilterAndPaging(t *testing.T) {
	s := start(t, Options{Customers: 2000})
	all := Dataset(1, 2000)
	want := 0
	for _, c := range all {
		if strings.HasPrefix(strings.ToLower(c.CompanyName), "mü") {
			want++
		}
	}
	if want < 3 {
		t.Fatalf("test data has only %d names starting with mü", want)
	}
	f := url.QueryEscape(`{"Field":"CompanyName","Value":"MÜ","Operator":"starts_with"}`)
	path, hdr := "/v1/customers?size=2&filter="+f, map[string]string(nil)
	got := 0
	forms := map[bool]bool{}
	defer func() {
		if !forms[true] || !forms[false] {
			t.Errorf("next links in one form only (from the host: %v, from /v1: %v)", forms[true], forms[false])
		}
	}()
	for pages := 0; path != ""; pages++ {
		code, _, v := get(t, s, path, hdr)
		if code != 200 || int(v["totalCount"].(float64)) != want {
			t.Fatalf("status %d, totalCount %v, want %d", code, v["totalCount"], want)
		}
		for _, it := range v["items"].([]any) {
			name := it.(map[string]any)["companyProfile"].(map[string]any)["companyName"].(string)
			if !strings.HasPrefix(strings.ToLower(name), "mü") {
				t.Errorf("%q does not match", name)
			}
			got++
		}
		path = ""
		if next, ok := v["links"].(map[string]any)["next"].(map[string]any); ok {
			path = next["uri"].(string)
			// Both recorded forms: from the host, and the older one from /v1.
			forms[strings.HasPrefix(path, "/v1/")] = true
			if !strings.HasPrefix(path, "/v1/") {
				path = "/v1" + path
			}
			h := next["headers"].([]any)[0].(map[string]any)
			hdr = map[string]string{h["key"].(string): h["value"].(string)}
		}
		if pages > want {
			t.Fatal("paging does not end")
		}
	}
	if got != want {
		t.Errorf("got %d customers over all pages, want %d", got, want)
	}
}

func TestFaultsAndRequests(t *testing.T) {
	s := start(t, Options{Customers: 5, RateLimit: -1})
	s.FailNext(1, 500)
	s.ThrottleNext(1, 1500*time.Millisecond)
	if code, _, v := get(t, s, "/v1/profiles/organization", nil); code != 500 || v["source"] != "PartnerFD" {
		t.Errorf("FailNext: %d %v", code, v)
	}
	code, h, v := get(t, s, "/v1/profiles/organization", nil)
	if code != 429 || h.Get("Retry-After") != "2" || v["message"] != "Rate limit is exceeded. Try again in 2 seconds." || v["statusCode"] != 429.0 {
		t.Errorf("ThrottleNext: %d %q %v", code, h.Get("Retry-After"), v)
	}
	s.DropNext(1)
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/profiles/organization", nil)
	req.Header.Set("Authorization", "Bearer x")
	// A fresh transport, so that Go's own retry of a reused connection
	// does not hide the drop.
	tr := &http.Transport{TLSClientConfig: s.HTTPClient().Transport.(*http.Transport).TLSClientConfig}
	defer tr.CloseIdleConnections()
	if resp, err := (&http.Client{Transport: tr}).Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("DropNext: got an answer %d", resp.StatusCode)
	}
	if code, _, _ := get(t, s, "/v1/profiles/organization", nil); code != 200 {
		t.Errorf("after the faults: %d", code)
	}
	if n := len(s.Requests()); n != 4 {
		t.Errorf("recorded %d requests, want 4", n)
	}
	get(t, s, "/elsewhere", nil)
	if n := len(s.Requests()); n != 4 {
		t.Errorf("a non-Partner Center request was recorded")
	}
}

func TestRequestRingIsBounded(t *testing.T) {
	s := &Server{log: requestLog{max: 3}}
	for i := range 5 {
		s.log.add(Request{Path: fmt.Sprint(i)})
	}
	var paths []string
	for _, r := range s.Requests() {
		paths = append(paths, r.Path)
	}
	if strings.Join(paths, ",") != "2,3,4" {
		t.Errorf("ring holds %v", paths)
	}
}

func TestRateLimitPerKey(t *testing.T) {
	l := newLimiter(120) // 2 per second, burst 60
	now := time.Unix(0, 0)
	l.now = func() time.Time { return now }
	for i := range 60 {
		if ok, _ := l.take("partner"); !ok {
			t.Fatalf("throttled after %d", i)
		}
	}
	ok, wait := l.take("partner")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("61st call: ok %v, wait %v", ok, wait)
	}
	if ok, _ := l.take("customer x"); !ok {
		t.Error("another key is throttled too")
	}
	now = now.Add(time.Second)
	if ok, _ := l.take("partner"); !ok {
		t.Error("no refill")
	}
	if newLimiter(-1) != nil {
		t.Error("negative rate limit should mean unlimited")
	}
}

func TestDefaultRateLimitAllowsAFullLoadButNotALoop(t *testing.T) {
	s := start(t, Options{Customers: 10})
	throttledAt := -1
	for i := range 300 {
		code, h, _ := get(t, s, "/v1/customers?size=1", nil)
		if code == 429 {
			if h.Get("Retry-After") != "1" {
				t.Errorf("Retry-After %q", h.Get("Retry-After"))
			}
			throttledAt = i
			break
		}
	}
	if throttledAt < 200 {
		t.Errorf("throttled after %d calls: a 200-page load must pass", throttledAt)
	}
}

func TestIdempotencyReplaysMutations(t *testing.T) {
	var calls atomic.Int32
	h := newIdempotency(2).wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Location", fmt.Sprint("/v1/things/", n))
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%d}`, n)
	}))
	do := func(method, path, id string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, nil)
		if id != "" {
			r.Header.Set("MS-RequestId", id)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	first := do("POST", "/v1/things", "a")
	again := do("POST", "/v1/things", "a")
	if calls.Load() != 1 || again.Code != 201 || again.Body.String() != first.Body.String() || again.Header().Get("Location") != "/v1/things/1" {
		t.Fatalf("repeat was not replayed: %d calls, %d %q", calls.Load(), again.Code, again.Body)
	}
	if w := do("POST", "/v1/other", "a"); w.Code != http.StatusConflict {
		t.Errorf("same id, other request: %d", w.Code)
	}
	do("POST", "/v1/things", "b")
	do("POST", "/v1/things", "")
	do("GET", "/v1/things", "b")
	if calls.Load() != 4 {
		t.Errorf("new ids, no id and GET must do the work: %d calls", calls.Load())
	}
	do("POST", "/v1/things", "c")
	do("POST", "/v1/things", "a") // evicted (max 2): done again
	if calls.Load() != 6 {
		t.Errorf("eviction: %d calls", calls.Load())
	}
}

func TestHostile(t *testing.T) {
	s := start(t, Options{Customers: 100, Hostile: true})
	_, _, v := get(t, s, "/v1/customers?size=100", nil)
	hostile := 0
	for _, it := range v["items"].([]any) {
		cp := it.(map[string]any)["companyProfile"].(map[string]any)
		if strings.ContainsAny(cp["companyName"].(string)+cp["domain"].(string), "\x1b\r\b\u009b\u009d") {
			hostile++
		}
	}
	if hostile < 3 {
		t.Errorf("only %d hostile customers of 100", hostile)
	}
}

func TestStartRefuses(t *testing.T) {
	busy := start(t, Options{Customers: 1})
	addr := strings.TrimPrefix(busy.URL(), "https://")
	for _, o := range []Options{
		{Addr: "0.0.0.0:0"},
		{Addr: ":0"},
		{Addr: "192.0.2.1:0"},
		{Addr: "nonsense"},
		{Addr: addr},
		{Customers: -1},
		{FailRate: 2},
		{Handlers: map[string]http.Handler{"GET /x": nil}},
		{Handlers: map[string]http.Handler{"BAD PATTERN WITH SPACES": http.NotFoundHandler()}},
	} {
		if s, err := Start(o); err == nil {
			s.Close()
			t.Errorf("Start(%+v) succeeded", o)
		}
	}
}

func TestCertificateIsOwnAndHandlersMount(t *testing.T) {
	s := start(t, Options{Customers: 1, Handlers: map[string]http.Handler{
		"/common/discovery": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"ok":true}`) }),
		// The identity emulator's pattern, which a "/v1/" pattern would conflict with.
		"GET /{tenant}/v2.0/.well-known/openid-configuration": http.NotFoundHandler(),
	}})
	if _, err := http.Get(s.URL() + "/common/discovery"); err == nil {
		t.Error("the default client trusts the sandbox certificate")
	}
	code, _, v := get(t, s, "/common/discovery", nil)
	if code != 200 || v["ok"] != true {
		t.Errorf("mounted handler: %d %v", code, v)
	}
	if len(s.Requests()) != 0 {
		t.Error("a mounted handler's call was recorded as Partner Center's")
	}
}

func TestRandomFaultRates(t *testing.T) {
	failing := start(t, Options{Customers: 5, FailRate: 1})
	for range 3 {
		if code, _, v := get(t, failing, "/v1/profiles/organization", nil); code != 503 || v["code"] != 600061.0 {
			t.Fatalf("FailRate 1: %d %v", code, v)
		}
	}
	dropping := start(t, Options{Customers: 5, DropRate: 1})
	req, _ := http.NewRequest(http.MethodGet, dropping.URL()+"/v1/profiles/organization", nil)
	req.Header.Set("Authorization", "Bearer x")
	if resp, err := dropping.HTTPClient().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("DropRate 1 answered %d", resp.StatusCode)
	}
}

func TestRetryAfterOption(t *testing.T) {
	s := start(t, Options{Customers: 5, RateLimit: 2, RetryAfter: 3 * time.Second}) // burst 1
	get(t, s, "/v1/profiles/organization", nil)
	code, h, v := get(t, s, "/v1/profiles/organization", nil)
	if code != 429 || h.Get("Retry-After") != "3" || v["message"] != "Rate limit is exceeded. Try again in 3 seconds." {
		t.Fatalf("%d %q %v", code, h.Get("Retry-After"), v)
	}
	// Another customer has its own bucket.
	id := Dataset(1, 1)[0].ID
	if code, _, _ := get(t, s, "/v1/customers/"+id+"/subscriptions", nil); code != 200 {
		t.Errorf("customer bucket: %d", code)
	}
}

// BenchmarkCustomersPage measures serving one full page of 500 customers
// from a 100,000-customer sandbox, TLS and JSON included.
func BenchmarkCustomersPage(b *testing.B) {
	s, err := Start(Options{Customers: 100_000, RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/customers?size=500", nil)
	req.Header.Set("Authorization", "Bearer x")
	for b.Loop() {
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// TestAbandonedRequestsGetNoAnswer: a client that gives up on a hung or
// slow request sends TLS close_notify before it closes its socket, and
// that ends the request's context on the server. Had the handler merely
// returned, net/http would answer 200 with an empty body, and the client,
// still reading, could take that for the answer. The sandbox must write
// nothing at all.
func TestAbandonedRequestsGetNoAnswer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  Options
		fault func(*Server)
	}{
		{"hang", Options{Customers: 5}, func(s *Server) { s.HangNext(1) }},
		{"latency", Options{Customers: 5, Latency: time.Minute}, func(*Server) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := start(t, tc.opts)
			tc.fault(s)
			cfg := s.HTTPClient().Transport.(*http.Transport).TLSClientConfig.Clone()
			cfg.NextProtos = []string{"http/1.1"}
			conn, err := tls.Dial("tcp", strings.TrimPrefix(s.URL(), "https://"), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_, err = io.WriteString(conn, "GET /v1/profiles/organization HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer x\r\n\r\n")
			if err != nil {
				t.Fatal(err)
			}
			for len(s.Requests()) == 0 {
				runtime.Gosched() // the request has not reached the handler yet
			}
			// Give up as net/http does: close_notify, then (here: later) close.
			if err := conn.CloseWrite(); err != nil {
				t.Fatal(err)
			}
			_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
			got, err := io.ReadAll(conn)
			if len(got) > 0 {
				t.Fatalf("an abandoned request was answered: %q", got)
			}
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatalf("the connection stayed open after the client gave up: %v", err)
			}
		})
	}
}
