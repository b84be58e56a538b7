package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// clock is a controlled migration clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

const target = "2b6e9d40-1c3a-4f85-b7e2-93a0c5d1f402"

// send makes a request with a JSON body and decodes the answer.
func send(t *testing.T, s *Server, method, path string, body any, header map[string]string) (int, map[string]any, error) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // the recorded wire's byte-order mark
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %q", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, v, nil
}

func mustSend(t *testing.T, s *Server, method, path string, body any, header map[string]string) (int, map[string]any) {
	t.Helper()
	code, v, err := send(t, s, method, path, body, header)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return code, v
}

// eligibleCustomers returns the tenant ids of customers that validation
// accepts, those whose first migration fails (fails=true) or not.
func eligibleCustomers(s *Server, n int, fails bool) []string {
	var out []string
	st, _ := s.store.read()
	s.data.ensure(s.data.len()) // the data is generated lazily, as pages are asked for
	for i := 0; i < s.data.len() && len(out) < n; i++ {
		el, err := s.eligibility(i, st, migrationBody{TargetTenantID: target})
		id := formatGUID(s.data.recs[i].tenant)
		if _, _, f := failurePlan(s.opts.Seed, id, 0); err == nil && len(el.reasons) == 0 && f == fails {
			out = append(out, id)
		}
	}
	return out
}

func phaseStatuses(v map[string]any) []string {
	var out []string
	for _, p := range v["phases"].([]any) {
		out = append(out, p.(map[string]any)["status"].(string))
	}
	return out
}

func TestMigrationPhasesAdvanceOnTheClock(t *testing.T) {
	c := newClock()
	s := start(t, Options{Customers: 200, Now: c.Now, Speed: 1})
	id := eligibleCustomers(s, 1, false)[0]
	code, m := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, map[string]string{"MS-RequestId": "r1"})
	if code != http.StatusCreated || m["status"] != "Processing" || m["currentPhase"] != "optIn" || m["customerTenantId"] != id || m["targetTenantId"] != target {
		t.Fatalf("create: %d %v", code, m)
	}
	if got := len(m["phases"].([]any)); got != len(model.MigrationPhases) {
		t.Fatalf("%d phases", got)
	}
	mid := m["id"].(string)
	path := "/v1/customers/" + id + "/migrations/germany/" + mid
	unit := DefaultMigrationDuration / time.Duration(migrationUnits)
	// After opt-in (1 unit) and pre-work (2 units) plus a bit, Azure AD runs.
	c.Advance(3*unit + unit/2)
	_, m = mustSend(t, s, "GET", path, nil, nil)
	want := []string{"completed", "completed", "running", "pending"}
	if got := phaseStatuses(m)[:4]; strings.Join(got, ",") != strings.Join(want, ",") || m["currentPhase"] != "azureAD" {
		t.Fatalf("after 3.5 units: %v, current %v", got, m["currentPhase"])
	}
	c.Advance(DefaultMigrationDuration)
	_, m = mustSend(t, s, "GET", path, nil, nil)
	if m["status"] != "Completed" || m["completedTime"] == nil || m["percentComplete"].(float64) != 100 {
		t.Fatalf("after the whole duration: %v", m)
	}
	_, ev := mustSend(t, s, "GET", path+"/events", nil, nil)
	items := ev["items"].([]any)
	// created + started/completed per phase + completed
	if len(items) != 2+2*len(model.MigrationPhases) {
		t.Fatalf("%d events", len(items))
	}
	last := items[len(items)-1].(map[string]any)
	if last["eventType"] != "migrationCompleted" {
		t.Fatalf("last event %v", last)
	}
	// A migrated customer is not migrated again: validate says why, and a
	// new create (another request id) is refused.
	_, v := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany/validate", map[string]any{"targetTenantId": target}, nil)
	if reasons, _ := v["reasons"].([]any); v["isEligible"] != false || len(reasons) != 1 || reasons[0].(map[string]any)["code"] != string(model.ReasonAlreadyMigrated) {
		t.Fatalf("validate after completion: %v", v)
	}
	if code, again := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, map[string]string{"MS-RequestId": "r2"}); code != http.StatusConflict {
		t.Fatalf("a second migration of a migrated customer: %d %v", code, again)
	}
}

func TestSpeedScalesTheClock(t *testing.T) {
	c := newClock()
	s := start(t, Options{Customers: 200, Now: c.Now, Speed: 60})
	id := eligibleCustomers(s, 1, false)[0]
	_, m := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil)
	c.Advance(DefaultMigrationDuration/60 + time.Millisecond)
	_, m = mustSend(t, s, "GET", "/v1/customers/"+id+"/migrations/germany/"+m["id"].(string), nil, nil)
	if m["status"] != "Completed" {
		t.Fatalf("at speed 60 a migration takes 4 s: %v", m["status"])
	}
}

func TestMigrationFailsDeterministicallyAndRetryResumes(t *testing.T) {
	c := newClock()
	s := start(t, Options{Customers: 300, Now: c.Now})
	id := eligibleCustomers(s, 1, true)[0]
	failPhase, reason, _ := failurePlan(s.opts.Seed, id, 0)
	_, m := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil)
	path := "/v1/customers/" + id + "/migrations/germany/" + m["id"].(string)
	c.Advance(2 * DefaultMigrationDuration)
	_, m = mustSend(t, s, "GET", path, nil, nil)
	if m["status"] != "Failed" || m["currentPhase"] != model.MigrationPhases[failPhase].Code || m["failureReason"] != reason {
		t.Fatalf("want failed in %s: %v", model.MigrationPhases[failPhase].Code, m)
	}
	st := phaseStatuses(m)
	for k := range failPhase {
		if st[k] != "completed" {
			t.Fatalf("phase %d before the failure is %s", k, st[k])
		}
	}
	if st[failPhase] != "failed" || st[failPhase+1] != "pending" {
		t.Fatalf("statuses %v", st)
	}
	// Validation says it waits for a retry; a new migration is refused.
	_, v := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany/validate", map[string]any{"targetTenantId": target}, nil)
	if v["isEligible"] != false || !strings.Contains(v["reasons"].([]any)[0].(map[string]any)["description"].(string), "waits for a retry") {
		t.Fatalf("validate: %v", v)
	}
	if code, _ := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil); code != http.StatusConflict {
		t.Fatalf("second migration: %d", code)
	}

	code, m := mustSend(t, s, "POST", path+"/retry", nil, map[string]string{"MS-RequestId": "retry-1"})
	if code != http.StatusOK || m["status"] != "Processing" || m["currentPhase"] != model.MigrationPhases[failPhase].Code || m["attempts"].(float64) != 2 {
		t.Fatalf("retry: %d %v", code, m)
	}
	st = phaseStatuses(m)
	if st[failPhase] != "running" || st[failPhase-1] != "completed" {
		t.Fatalf("after retry: %v", st)
	}
	// The same retry again changes nothing; another one is refused while it runs.
	if _, m2 := mustSend(t, s, "POST", path+"/retry", nil, map[string]string{"MS-RequestId": "retry-1"}); m2["attempts"].(float64) != 2 {
		t.Fatalf("repeated retry: %v", m2)
	}
	if code, _ := mustSend(t, s, "POST", path+"/retry", nil, map[string]string{"MS-RequestId": "retry-2"}); code != http.StatusConflict {
		t.Fatalf("retry of a running migration: %d", code)
	}
	c.Advance(2 * DefaultMigrationDuration)
	_, m = mustSend(t, s, "GET", path, nil, nil)
	if m["status"] != "Completed" {
		t.Fatalf("after retry: %v", m)
	}
	_, ev := mustSend(t, s, "GET", path+"/events", nil, nil)
	var types []string
	for _, e := range ev["items"].([]any) {
		types = append(types, e.(map[string]any)["eventType"].(string))
	}
	joined := strings.Join(types, " ")
	if !strings.Contains(joined, "phaseFailed retryRequested phaseStarted") {
		t.Fatalf("events: %s", joined)
	}
}

func TestSomeMigrationsFailAndNotAll(t *testing.T) {
	s := start(t, Options{Customers: 400})
	fail, ok := len(eligibleCustomers(s, 400, true)), len(eligibleCustomers(s, 400, false))
	if fail == 0 || ok == 0 || fail > ok {
		t.Fatalf("%d fail, %d do not", fail, ok)
	}
}

func TestValidateReasons(t *testing.T) {
	c := newClock()
	s := start(t, Options{Customers: 400, Now: c.Now})
	want := map[model.IneligibleReason]bool{}
	s.data.ensure(s.data.len())
	for i := range s.data.len() {
		id := formatGUID(s.data.recs[i].tenant)
		_, v := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany/validate", map[string]any{"targetTenantId": target}, nil)
		for _, r := range v["reasons"].([]any) {
			want[model.IneligibleReason(r.(map[string]any)["code"].(string))] = true
		}
		if len(want) == 3 {
			break
		}
	}
	for _, r := range []model.IneligibleReason{model.ReasonNoResellerRelationship, model.ReasonCustomerNotActive} {
		if !want[r] {
			t.Errorf("no customer is refused for %s: %v", r, want)
		}
	}
	id := eligibleCustomers(s, 1, false)[0]
	mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil)
	_, v := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany/validate", map[string]any{"targetTenantId": target}, nil)
	if v["isEligible"] != false || v["reasons"].([]any)[0].(map[string]any)["code"] != string(model.ReasonMigrationInProgress) || v["existingMigrationId"] == nil {
		t.Fatalf("running migration: %v", v)
	}
	if code, _ := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany/validate", map[string]any{"targetTenantId": "nope"}, nil); code != http.StatusBadRequest {
		t.Fatalf("bad target: %d", code)
	}
	if code, _ := mustSend(t, s, "GET", "/v1/customers/"+id+"/migrations/germany/validate", nil, nil); code != http.StatusMethodNotAllowed {
		t.Fatalf("GET validate: %d", code)
	}
}

func TestRepeatedRequestIDAfterDroppedCommit(t *testing.T) {
	s := start(t, Options{Customers: 200})
	id := eligibleCustomers(s, 1, false)[0]
	s.DropNextCommit(1)
	h := map[string]string{"MS-RequestId": "3f0c1f59-2d0e-4d7e-9b1a-6f5b2e0c9d11"}
	body := map[string]any{"targetTenantId": target}
	if _, _, err := send(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", body, h); err == nil {
		t.Fatal("the commit's connection was not dropped")
	}
	code, m := mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", body, h)
	if code != http.StatusCreated {
		t.Fatalf("repeat: %d %v", code, m)
	}
	_, list := mustSend(t, s, "GET", "/v1/migrations/germany", nil, nil)
	if list["totalCount"].(float64) != 1 || list["items"].([]any)[0].(map[string]any)["id"] != m["id"] {
		t.Fatalf("list: %v", list)
	}
}

func TestPartnerWideListPages(t *testing.T) {
	s := start(t, Options{Customers: 300})
	ids := eligibleCustomers(s, 5, false)
	for _, id := range ids {
		mustSend(t, s, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil)
	}
	seen := map[string]bool{}
	path, header := "/v1/migrations/germany?size=2", map[string]string{}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		_, v := mustSend(t, s, "GET", path, nil, header)
		for _, it := range v["items"].([]any) {
			seen[it.(map[string]any)["customerTenantId"].(string)] = true
		}
		next, ok := v["links"].(map[string]any)["next"].(map[string]any)
		if !ok {
			break
		}
		path = next["uri"].(string)
		hs := next["headers"].([]any)
		header = map[string]string{"MS-ContinuationToken": hs[0].(map[string]any)["value"].(string)}
	}
	if len(seen) != len(ids) {
		t.Fatalf("saw %d of %d", len(seen), len(ids))
	}
}

func TestStatePersistsAcrossInstancesAndReset(t *testing.T) {
	dir := t.TempDir()
	c := newClock()
	a := start(t, Options{Customers: 300, StateDir: dir, Now: c.Now})
	ids := eligibleCustomers(a, 40, false)
	code, m := mustSend(t, a, "POST", "/v1/customers/"+ids[0]+"/migrations/germany", map[string]any{"targetTenantId": target}, nil)
	if code != http.StatusCreated {
		t.Fatal(code)
	}
	// A second sandbox on the same state, at the same time (another port).
	b := start(t, Options{Customers: 300, StateDir: dir, Now: c.Now})
	c.Advance(DefaultMigrationDuration / 2)
	_, got := mustSend(t, b, "GET", "/v1/customers/"+ids[0]+"/migrations/germany/"+m["id"].(string), nil, nil)
	if got["status"] != "Processing" || got["currentPhase"] == "optIn" {
		t.Fatalf("second instance: %v", got)
	}
	// Both create at once, for different customers: nothing is lost.
	var wg sync.WaitGroup
	for k, id := range ids[1:] {
		srv := a
		if k%2 == 1 {
			srv = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _, err := send(t, srv, "POST", "/v1/customers/"+id+"/migrations/germany", map[string]any{"targetTenantId": target}, nil); err != nil || code != http.StatusCreated {
				t.Errorf("create %s: %d %v", id, code, err)
			}
		}()
	}
	wg.Wait()
	for _, srv := range []*Server{a, b} {
		_, list := mustSend(t, srv, "GET", "/v1/migrations/germany", nil, nil)
		if n := int(list["totalCount"].(float64)); n != len(ids) {
			t.Fatalf("%d migrations, want %d", n, len(ids))
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "sandbox-seed-1.json"))
	if err != nil || !json.Valid(raw) {
		t.Fatalf("state file: %v", err)
	}
	// A restart sees them; a reset starts clean.
	a.Close()
	b.Close()
	again := start(t, Options{Customers: 300, StateDir: dir, Now: c.Now})
	if _, list := mustSend(t, again, "GET", "/v1/migrations/germany", nil, nil); int(list["totalCount"].(float64)) != len(ids) {
		t.Fatalf("after restart: %v", list["totalCount"])
	}
	again.Close()
	clean := start(t, Options{Customers: 300, StateDir: dir, Now: c.Now, ResetState: true})
	if _, list := mustSend(t, clean, "GET", "/v1/migrations/germany", nil, nil); list["totalCount"].(float64) != 0 {
		t.Fatalf("after reset: %v", list["totalCount"])
	}
}

func TestDamagedStateIsReported(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sandbox-seed-1.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Start(Options{StateDir: dir}); err == nil || !strings.Contains(err.Error(), "--sandbox-reset") {
		t.Fatalf("damaged state: %v", err)
	}
}

func TestEnrollmentBecomesActive(t *testing.T) {
	c := newClock()
	s := start(t, Options{Now: c.Now})
	if code, _ := mustSend(t, s, "GET", "/v1/enrollments/europe", nil, nil); code != http.StatusNotFound {
		t.Fatalf("before start: %d", code)
	}
	code, e := mustSend(t, s, "POST", "/v1/enrollments/europe", map[string]any{"companyName": "Nordwind Europe"}, nil)
	if code != http.StatusCreated || e["status"] != "Pending" || e["tenantId"] != nil {
		t.Fatalf("start: %d %v", code, e)
	}
	if code, again := mustSend(t, s, "POST", "/v1/enrollments/europe", nil, nil); code != http.StatusOK || again["id"] != e["id"] {
		t.Fatalf("second start: %d %v", code, again)
	}
	c.Advance(enrollmentDelay)
	if _, e = mustSend(t, s, "GET", "/v1/enrollments/europe", nil, nil); e["status"] != "Active" || e["tenantId"] != defaultEnrollmentTenantID {
		t.Fatalf("after the delay: %v", e)
	}
}

func TestMigrationsAreRateLimited(t *testing.T) {
	s := start(t, Options{Customers: 50, RateLimit: 2})
	throttled := false
	for range 5 {
		if code, _ := mustSend(t, s, "GET", "/v1/migrations/germany", nil, nil); code == http.StatusTooManyRequests {
			throttled = true
		}
	}
	if !throttled {
		t.Fatal("the partner-wide list is not rate limited")
	}
}

func TestRepeatedRequestIDAcrossInstances(t *testing.T) {
	dir := t.TempDir()
	a := start(t, Options{Customers: 200, StateDir: dir})
	b := start(t, Options{Customers: 200, StateDir: dir})
	id := eligibleCustomers(a, 1, false)[0]
	h := map[string]string{"MS-RequestId": "5b0e8c2a-1f3d-4e6a-9b7c-0d1e2f3a4b5c"}
	body := map[string]any{"targetTenantId": target}
	_, first := mustSend(t, a, "POST", "/v1/customers/"+id+"/migrations/germany", body, h)
	// The other sandbox has no memory of the request; the stored id answers.
	code, again := mustSend(t, b, "POST", "/v1/customers/"+id+"/migrations/germany", body, h)
	if code != http.StatusCreated || again["id"] != first["id"] {
		t.Fatalf("repeat on the other instance: %d %v", code, again)
	}
	other := eligibleCustomers(a, 2, false)[1]
	if code, _ := mustSend(t, b, "POST", "/v1/customers/"+other+"/migrations/germany", body, h); code != http.StatusConflict {
		t.Fatalf("the same id for another customer: %d", code)
	}
}

func BenchmarkListMigrations(b *testing.B) {
	s, err := Start(Options{Customers: 2000, RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, _ := s.store.read()
	var ids []string
	for i := 0; i < s.data.len() && len(ids) < 1000; i++ {
		if el, err := s.eligibility(i, st, migrationBody{TargetTenantID: target}); err == nil && len(el.reasons) == 0 {
			ids = append(ids, formatGUID(s.data.recs[i].tenant))
		}
	}
	now := time.Now()
	_ = s.store.update(func(st *state) error {
		for k, id := range ids {
			st.Migrations = append(st.Migrations, &migrationRecord{ID: newGUID(), Seq: int64(k), CustomerTenantID: id, TargetTenantID: target,
				Created: now, UnitNanos: int64(s.unit()), Attempts: []attempt{{Start: now.Add(-time.Duration(k) * 100 * time.Millisecond)}}})
		}
		return nil
	})
	req, _ := http.NewRequest("GET", s.URL()+"/v1/migrations/germany?size=500", nil)
	req.Header.Set("Authorization", "Bearer x")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
