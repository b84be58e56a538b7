package customers

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// fakePartnerCenter serves the fixture in two pages. While page2Status is
// not 200 the second page fails with that status, as an expired sign-in
// (401) or a server fault would.
//
// subs401 and get401 make that many subscription and single-customer calls
// answer 401 before the service answers normally again.
type fakePartnerCenter struct {
	custs       []model.Customer
	page2Status atomic.Int32
	calls       atomic.Int32
	subs401     atomic.Int32
	get401      atomic.Int32
}

// unauthorized answers 401 while n is above zero, counting it down.
func unauthorized(w http.ResponseWriter, n *atomic.Int32) bool {
	if n.Add(-1) < 0 {
		n.Store(0)
		return false
	}
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(`{"code": 600061, "description": "Token expired"}`))
	return true
}

func (f *fakePartnerCenter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	if debugCalls {
		println("call", r.URL.Path)
	}
	w.Header().Set("Content-Type", "application/json")
	wire := func(c model.Customer) map[string]any {
		return map[string]any{"id": c.ID, "commerceId": c.CommerceID, "relationshipToPartner": c.Relationship,
			"companyProfile": map[string]any{"tenantId": c.TenantID, "domain": c.Domain, "companyName": c.CompanyName,
				"email": c.Email, "address": map[string]string{"country": c.Country, "city": c.City}}}
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1/customers")
	switch {
	case path == "":
		half := len(f.custs) / 2
		page, next := f.custs[:half], any(map[string]any{"uri": "/v1/customers?size=500&seekOperation=Next",
			"headers": []map[string]string{{"key": "MS-ContinuationToken", "value": "page2"}}})
		if r.Header.Get("MS-ContinuationToken") == "page2" {
			if st := int(f.page2Status.Load()); st != http.StatusOK {
				w.WriteHeader(st)
				_, _ = w.Write([]byte(`{"code": 600061, "description": "Token expired or page unavailable"}`))
				return
			}
			page, next = f.custs[half:], nil
		}
		items := make([]any, len(page))
		for i, c := range page {
			items[i] = wire(c)
		}
		links := map[string]any{}
		if next != nil {
			links["next"] = next
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"totalCount": len(f.custs), "items": items, "links": links})
	case strings.HasSuffix(path, "/subscriptions"):
		if unauthorized(w, &f.subs401) {
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"totalCount": 2, "items": []map[string]any{
			{"id": "s1", "offerName": "Office 365 E3", "quantity": 25, "status": "active", "termDuration": "P1Y",
				"billingCycle": "monthly", "commitmentEndDate": "2027-03-01"},
			{"id": "s2", "offerName": "Exchange Online (Plan 1)", "quantity": 3, "status": "suspended", "isTrial": true},
		}})
	default:
		if unauthorized(w, &f.get401) {
			return
		}
		id := strings.TrimPrefix(path, "/")
		for _, c := range f.custs {
			if c.ID == id {
				_ = json.NewEncoder(w).Encode(wire(c))
				return
			}
		}
		http.NotFound(w, r)
	}
}

func serve(t *testing.T) (*fakePartnerCenter, *common.Context) {
	t.Helper()
	f := &fakePartnerCenter{custs: fixture()}
	f.page2Status.Store(http.StatusOK)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cl, err := client.New(client.Options{BaseURL: srv.URL, HTTPClient: srv.Client(), Tokens: client.StaticToken("t"),
		Retry: client.RetryPolicy{MaxRetries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	return f, c
}

func TestAuthErrorAsksForSignInAndResumes(t *testing.T) {
	f, c := serve(t)
	f.page2Status.Store(http.StatusUnauthorized)
	m := newModel(c)
	m.SetSize(120, 20)
	out := drain(t, m, m.Init())
	var need []common.NeedSignInMsg
	for _, msg := range out {
		if n, ok := msg.(common.NeedSignInMsg); ok {
			need = append(need, n)
		}
	}
	if len(need) != 1 || !strings.Contains(need[0].Reason, "Token expired") {
		t.Fatalf("want one NeedSignInMsg with the reason, got %v", need)
	}
	equal(t, "first page kept", m.st.len(), 5)

	f.page2Status.Store(http.StatusOK)
	_, cmd := m.Update(common.SignedInMsg{Account: "op@partner.de"})
	out = drain(t, m, cmd)
	equal(t, "all loaded after sign-in, none twice", m.st.len(), 10)
	equal(t, "no error left", m.loadErr, nil)
	var done bool
	for _, msg := range out {
		if c, ok := msg.(common.CountsMsg); ok {
			done = c.Done
		}
	}
	equal(t, "counts done", done, true)
	// The visible rows got their statuses from the lazy fetch.
	if v := ansi.Strip(m.View()); !strings.Contains(v, "suspended") {
		t.Errorf("statuses not fetched for visible rows:\n%s", v)
	}
}

func TestLoadErrorOffersRetry(t *testing.T) {
	f, c := serve(t)
	f.page2Status.Store(http.StatusNotFound)
	m := newModel(c)
	m.SetSize(100, 20)
	drain(t, m, m.Init())
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Loading stopped at 5 customers") || !strings.Contains(v, "press R to retry") {
		t.Fatalf("no actionable error line:\n%s", v)
	}
	press(m, "/")
	typeText(m, "gmbh")
	press(m, "enter")
	f.page2Status.Store(http.StatusOK)
	drain(t, m, press(m, "R")[0])
	equal(t, "loaded after retry", m.st.len(), 10)
	equal(t, "filter applied to the retried page", ids(m.Shown()), []string{"c02", "c01", "c10", "c07"})
	if strings.Contains(ansi.Strip(m.View()), "stopped") {
		t.Error("error line still shown after a successful retry")
	}
}

func TestDetailPane(t *testing.T) {
	tests := []struct {
		name  string
		width int
		table bool // the table stays visible beside the pane
	}{
		{"wide", 160, true},
		{"narrow", 80, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := serve(t)
			m := newModel(c)
			m.SetSize(tt.width, 24)
			drain(t, m, m.Init())
			press(m, "/")
			typeText(m, "contoso")
			press(m, "enter")
			drain(t, m, press(m, "enter")[0])
			v := ansi.Strip(m.View())
			for _, want := range []string{"Contoso GmbH", "bb22cc33-0000-4000-8000-000000000002", "cm-c02",
				"it@contoso.onmicrosoft.de", "DE / Berlin", "Subscriptions (2)", "Office 365 E3", "qty 25 · P1Y · monthly · ends 2027-03-01",
				"Exchange Online (Plan 1)", "trial"} {
				if !strings.Contains(v, want) {
					t.Errorf("detail lacks %q:\n%s", want, v)
				}
			}
			equal(t, "table beside", strings.Contains(v, "Name ▲"), tt.table)
			press(m, "esc")
			if v := ansi.Strip(m.View()); strings.Contains(v, "Subscriptions (") {
				t.Errorf("esc did not close the pane:\n%s", v)
			}
		})
	}
}

func TestRoutesKeyHandsOverTheCustomer(t *testing.T) {
	m := loaded(t, fixture(), 120, 20)
	press(m, "j")
	msg := press(m, "r")[0]()
	sw, ok := msg.(common.SwitchScreenMsg)
	if !ok || sw.ID != "routes" || sw.Customer == nil || sw.Customer.ID != "c04" {
		t.Fatalf("got %#v", msg)
	}
}

// signInRequests picks the NeedSignInMsgs out of what drain returned.
func signInRequests(out []tea.Msg) []common.NeedSignInMsg {
	var need []common.NeedSignInMsg
	for _, msg := range out {
		if n, ok := msg.(common.NeedSignInMsg); ok {
			need = append(need, n)
		}
	}
	return need
}

// TestAuthErrorFromEveryCall: a 401 from the subscription prefetch or the
// detail pane asks for sign-in once, like one from the page load, and the
// failed call is made again after sign-in, with filter and selection kept.
// A call that started before a sign-in and fails with the old token is
// retried without asking again.
func TestAuthErrorFromEveryCall(t *testing.T) {
	tests := []struct {
		name   string
		fail   func(*fakePartnerCenter)
		detail bool
		// stale: the sign-in completes while the failing call is in flight.
		stale bool
	}{
		{"subscription prefetch", func(f *fakePartnerCenter) { f.subs401.Store(1) }, false, false},
		{"detail pane", func(f *fakePartnerCenter) { f.get401.Store(1) }, true, false},
		{"subscription prefetch started before sign-in", func(f *fakePartnerCenter) { f.subs401.Store(1) }, false, true},
		{"detail pane started before sign-in", func(f *fakePartnerCenter) { f.get401.Store(1) }, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := serve(t)
			m := newModel(c)
			// Room for three rows: the filter below brings rows whose
			// subscriptions were not fetched with the first screenful.
			m.SetSize(160, 5)
			drain(t, m, m.Init())
			press(m, "/")
			typeText(m, "gmbh")
			press(m, "enter", "j") // Müller Maschinenbau GmbH
			tt.fail(f)
			var cmd tea.Cmd
			if tt.detail {
				cmd = press(m, "enter")[0]
			} else {
				_, cmd = m.Update(visibleMsg{owner: m, gen: m.visibleGen})
			}
			if tt.stale {
				_, signedIn := m.Update(common.SignedInMsg{Account: "op@partner.de"})
				cmd = tea.Batch(cmd, signedIn)
			} else {
				need := signInRequests(drain(t, m, cmd))
				if len(need) != 1 || !strings.Contains(need[0].Reason, "Token expired") {
					t.Fatalf("want one NeedSignInMsg with the reason, got %v", need)
				}
				_, cmd = m.Update(common.SignedInMsg{Account: "op@partner.de"})
			}
			if need := signInRequests(drain(t, m, cmd)); len(need) != 0 {
				t.Fatalf("asked to sign in again: %v", need)
			}
			equal(t, "every 401 answered", f.subs401.Load()+f.get401.Load(), int32(0))
			equal(t, "filter kept", m.filterText, "gmbh")
			equal(t, "rows kept", ids(m.Shown()), []string{"c02", "c01", "c10", "c07"})
			cur, _ := m.Selected()
			equal(t, "selection kept", cur.ID, "c01")
			from, to := m.tbl.VisibleRange()
			if to-from < 2 {
				t.Fatalf("visible rows %d..%d", from, to)
			}
			for _, i := range m.st.shown[from:to] {
				if st := m.st.sums[i].state; st != summaryKnown {
					t.Errorf("%s: subscriptions %v after sign-in, want known", m.st.id(i), st)
				}
			}
			if tt.detail {
				m.SetSize(160, 20)
				v := ansi.Strip(m.View())
				if !strings.Contains(v, "Subscriptions (2)") || !strings.Contains(v, "cm-c01") {
					t.Errorf("detail pane not loaded after sign-in:\n%s", v)
				}
			}
		})
	}
}

// TestPageFailedBeforeSignInIsRetried: a page that failed with the token
// of before the latest sign-in is fetched again without asking.
func TestPageFailedBeforeSignInIsRetried(t *testing.T) {
	f, c := serve(t)
	f.page2Status.Store(http.StatusUnauthorized)
	m := newModel(c)
	m.SetSize(120, 20)
	m.Init()
	// The first page, then the second, which fails with the old token.
	m.Update(m.nextPageCmd()())
	page2 := m.nextPageCmd()()
	if p, ok := page2.(pageMsg); !ok || !client.IsAuth(p.err) {
		t.Fatalf("second page: %#v", page2)
	}
	f.page2Status.Store(http.StatusOK)
	_, signedIn := m.Update(common.SignedInMsg{Account: "op@partner.de"})
	_, retry := m.Update(page2)
	if need := signInRequests(drain(t, m, tea.Batch(signedIn, retry))); len(need) != 0 {
		t.Fatalf("asked to sign in again: %v", need)
	}
	equal(t, "all loaded", m.st.len(), 10)
	equal(t, "no error left", m.loadErr, nil)
}

// TestHiddenFetchesNothing: while another screen is shown (Deactivate) the
// rows' subscriptions are not fetched; once shown again (Activate) they are.
func TestHiddenFetchesNothing(t *testing.T) {
	f, c := serve(t)
	m := newModel(c)
	m.SetSize(120, 20)
	m.Deactivate()
	drain(t, m, m.Init())
	pages := f.calls.Load()
	if pages != 2 {
		t.Fatalf("%d calls while hidden, want the 2 pages only", pages)
	}
	if v := ansi.Strip(m.View()); strings.Contains(v, "suspended") {
		t.Errorf("statuses fetched while hidden:\n%s", v)
	}
	drain(t, m, m.Activate())
	if f.calls.Load() == pages {
		t.Fatal("activating fetched nothing")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "suspended") {
		t.Errorf("statuses not fetched once shown:\n%s", v)
	}
}

var debugCalls = false
