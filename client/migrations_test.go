package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
)

const euTarget = "2b6e9d40-1c3a-4f85-b7e2-93a0c5d1f402"

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTestClock() *testClock { return &testClock{t: time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)} }

// migrationClient is a client with an audit log in a temporary state dir.
func migrationClient(t *testing.T, s *sandbox.Server, readOnly bool) (*client.Client, *client.AuditLog) {
	t.Helper()
	audit, err := client.OpenAuditLog(filepath.Join(t.TempDir(), "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	audit.SetOperator("operator@contosopartner.onmicrosoft.de")
	c, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("secret-test-token"),
		Retry: fastRetry, ReadOnly: readOnly, Audit: audit})
	if err != nil {
		t.Fatal(err)
	}
	return c, audit
}

// eligible returns n customers that validation accepts for euTarget.
func eligible(t *testing.T, c *client.Client, n int) []string {
	t.Helper()
	ctx := testContext(t)
	var out []string
	err := c.ListCustomers(ctx, client.ListOptions{}, func(p client.Page) error {
		for _, cu := range p.Customers {
			if len(out) == n {
				return nil
			}
			v, err := c.ValidateMigration(ctx, cu.ID, client.MigrationRequest{TargetTenantID: euTarget})
			if err != nil {
				return err
			}
			if v.Eligible {
				out = append(out, cu.ID)
			}
		}
		return nil
	})
	if err != nil || len(out) < n {
		t.Fatalf("found %d eligible customers: %v", len(out), err)
	}
	return out
}

func allMigrations(t *testing.T, c *client.Client) []model.Migration {
	t.Helper()
	var out []model.Migration
	if err := c.ListMigrations(testContext(t), func(p client.MigrationPage) error {
		out = append(out, p.Migrations...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func auditLines(t *testing.T, a *client.AuditLog) []client.AuditEntry {
	t.Helper()
	f, err := os.Open(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []client.AuditEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e client.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

// postsByRequestID counts the POSTs to create migrations per MS-RequestId.
func postsByRequestID(s *sandbox.Server) map[string]int {
	out := map[string]int{}
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/migrations/germany") {
			out[r.Header.Get("MS-RequestId")]++
		}
	}
	return out
}

func TestDropAfterCommitNeverMakesTwoMigrations(t *testing.T) {
	for _, n := range []int{1, 50} {
		t.Run(map[int]string{1: "one customer", 50: "fifty customers"}[n], func(t *testing.T) {
			// Every commit's answer is lost: the client only succeeds if its
			// retry carries the same MS-RequestId and the service replays.
			s := startSandbox(t, sandbox.Options{Customers: 200, DropAfterCommitRate: 1, RateLimit: -1})
			c, audit := migrationClient(t, s, false)
			ids := eligible(t, c, n)
			var wg sync.WaitGroup
			results := make([]client.MigrationResult, n)
			errs := make([]error, n)
			sem := make(chan struct{}, 8)
			for i, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					results[i], errs[i] = c.CreateMigration(testContext(t), id, client.MigrationRequest{TargetTenantID: euTarget})
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("customer %s: %v", ids[i], err)
				}
				if results[i].Migration.CustomerTenantID != ids[i] || results[i].Migration.ID == "" {
					t.Fatalf("customer %s: %+v", ids[i], results[i].Migration)
				}
			}
			per := map[string]int{}
			for _, m := range allMigrations(t, c) {
				per[m.CustomerTenantID]++
			}
			if len(per) != n {
				t.Fatalf("%d customers have migrations, want %d", len(per), n)
			}
			for id, k := range per {
				if k != 1 {
					t.Fatalf("customer %s has %d migrations", id, k)
				}
			}
			posts := postsByRequestID(s)
			if len(posts) != n {
				t.Fatalf("%d request ids for %d creates", len(posts), n)
			}
			for rid, k := range posts {
				if k < 2 {
					t.Fatalf("request %s was sent %d times; the fault drops every first answer", rid, k)
				}
			}
			lines := auditLines(t, audit)
			if len(lines) != n {
				t.Fatalf("%d audit lines for %d creates", len(lines), n)
			}
			for _, l := range lines {
				if l.Outcome != client.OutcomeSucceeded || posts[l.RequestID] == 0 || l.MigrationID == "" {
					t.Fatalf("audit line %+v", l)
				}
			}
		})
	}
}

func TestReadOnlyRefusesBeforeSending(t *testing.T) {
	s := startSandbox(t, sandbox.Options{Customers: 100})
	rw, _ := migrationClient(t, s, false)
	id := eligible(t, rw, 1)[0]
	ro, audit := migrationClient(t, s, true)
	before := len(s.Requests())
	_, err := ro.CreateMigration(testContext(t), id, client.MigrationRequest{TargetTenantID: euTarget})
	if !errors.Is(err, client.ErrReadOnly) || !strings.Contains(err.Error(), "--readonly") {
		t.Fatalf("create: %v", err)
	}
	if _, err := ro.RetryMigration(testContext(t), id, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, client.ErrReadOnly) {
		t.Fatalf("retry: %v", err)
	}
	if _, err := ro.StartEnrollment(testContext(t), "x"); !errors.Is(err, client.ErrReadOnly) {
		t.Fatalf("enrollment: %v", err)
	}
	if got := len(s.Requests()); got != before {
		t.Fatalf("%d requests reached the service", got-before)
	}
	// Reading and validating still work.
	if _, err := ro.ValidateMigration(testContext(t), id, client.MigrationRequest{TargetTenantID: euTarget}); err != nil {
		t.Fatal(err)
	}
	lines := auditLines(t, audit)
	if len(lines) != 3 || lines[0].Outcome != client.OutcomeRefused || lines[0].Action != client.ActionMigrationCreate || lines[0].Customers[0] != id {
		t.Fatalf("audit: %+v", lines)
	}
}

func TestAuditLineContentsAndFileMode(t *testing.T) {
	s := startSandbox(t, sandbox.Options{Customers: 100})
	c, audit := migrationClient(t, s, false)
	id := eligible(t, c, 1)[0]
	ctx := client.WithCorrelationID(testContext(t), "11111111-2222-4333-8444-555555555555")
	res, err := c.CreateMigration(ctx, id, client.MigrationRequest{TargetTenantID: euTarget})
	if err != nil {
		t.Fatal(err)
	}
	// A refused second create is audited as failed, with the reason.
	if _, err := c.CreateMigration(ctx, id, client.MigrationRequest{TargetTenantID: euTarget}); err == nil {
		t.Fatal("a second migration of a customer was accepted")
	}
	lines := auditLines(t, audit)
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	l := lines[0]
	if l.Operator != "operator@contosopartner.onmicrosoft.de" || l.Action != "migration.create" || len(l.Customers) != 1 || l.Customers[0] != id ||
		l.TargetTenant != euTarget || l.RequestID != res.RequestID || l.CorrelationID != "11111111-2222-4333-8444-555555555555" ||
		l.Outcome != "succeeded" || l.MigrationID != res.Migration.ID || time.Since(l.Time) > time.Minute {
		t.Fatalf("line %+v", l)
	}
	if lines[1].Outcome != client.OutcomeFailed || !strings.Contains(lines[1].Detail, "already running") || lines[1].RequestID == l.RequestID {
		t.Fatalf("second line %+v", lines[1])
	}
	raw, _ := os.ReadFile(audit.Path())
	if strings.Contains(string(raw), "secret-test-token") || strings.Contains(string(raw), "Bearer") {
		t.Fatal("the audit log holds a token")
	}
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(audit.Path())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
}

func TestAuditRefusesSymlinkAndOpenFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "audit.jsonl")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := client.OpenAuditLog(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlink: %v", err)
	}
	open := filepath.Join(dir, "open.jsonl")
	if err := os.WriteFile(open, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := client.OpenAuditLog(open); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("mode 0644: %v", err)
	}
	// A log that became readable after opening is refused at the next line.
	good := filepath.Join(dir, "good.jsonl")
	a, err := client.OpenAuditLog(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Append(client.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(good, 0o644)
	if err := a.Append(client.AuditEntry{Action: "x"}); err == nil {
		t.Fatal("appended to a world-readable audit log")
	}
}

func TestMigrationLifecycleThroughTheClient(t *testing.T) {
	clk := newTestClock()
	s := startSandbox(t, sandbox.Options{Customers: 300, Now: clk.Now})
	c, audit := migrationClient(t, s, false)
	ids := eligible(t, c, 12)
	ctx := testContext(t)
	byID := map[string]client.MigrationResult{}
	for _, id := range ids {
		r, err := c.CreateMigration(ctx, id, client.MigrationRequest{TargetTenantID: euTarget})
		if err != nil {
			t.Fatal(err)
		}
		if r.Migration.Status != model.MigrationProcessing || len(r.Migration.Phases) != len(model.MigrationPhases) ||
			r.Migration.Phases[0].Name != "Opt-in" || r.Migration.StartedTime.IsZero() {
			t.Fatalf("created: %+v", r.Migration)
		}
		byID[id] = r
	}
	clk.Advance(2 * sandbox.DefaultMigrationDuration)
	// The list pages (size 5) and every migration has finished.
	p, err := c.Migrations(5)
	if err != nil {
		t.Fatal(err)
	}
	var all []model.Migration
	for pages := 0; !p.Done(); pages++ {
		page, err := p.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Migrations...)
		if pages > 4 {
			t.Fatal("paging does not end")
		}
	}
	if len(all) != len(ids) {
		t.Fatalf("%d migrations listed", len(all))
	}
	var failed *model.Migration
	for i, m := range all {
		if !m.Status.Finished() {
			t.Fatalf("still %s: %+v", m.Status, m)
		}
		if m.Status == model.MigrationFailed && failed == nil {
			failed = &all[i]
		}
	}
	if failed == nil {
		t.Skip("no migration of these customers fails with this seed")
	}
	if failed.FailureReason == "" || !failed.CanRetry() || failed.Progress() >= 1 {
		t.Fatalf("failed: %+v", failed)
	}
	r, err := c.RetryMigration(ctx, failed.CustomerTenantID, failed.ID)
	if err != nil || r.Migration.Status != model.MigrationProcessing || r.Migration.CurrentPhase != failed.CurrentPhase || r.Migration.Attempts != 2 {
		t.Fatalf("retry: %+v %v", r.Migration, err)
	}
	clk.Advance(2 * sandbox.DefaultMigrationDuration)
	m, err := c.GetMigration(ctx, failed.CustomerTenantID, failed.ID)
	if err != nil || m.Status != model.MigrationCompleted || m.Progress() != 1 || m.CompletedTime.IsZero() {
		t.Fatalf("after retry: %+v %v", m, err)
	}
	ev, err := c.MigrationEvents(ctx, failed.CustomerTenantID, failed.ID)
	if err != nil || len(ev) == 0 || ev[len(ev)-1].Type != "migrationCompleted" || ev[0].Time.IsZero() {
		t.Fatalf("events: %v %v", ev, err)
	}
	last := auditLines(t, audit)
	if l := last[len(last)-1]; l.Action != client.ActionMigrationRetry || l.Customers[0] != failed.CustomerTenantID || l.MigrationID != failed.ID {
		t.Fatalf("retry audit %+v", l)
	}
}

func TestEnrollmentThroughTheClient(t *testing.T) {
	clk := newTestClock()
	s := startSandbox(t, sandbox.Options{Now: clk.Now})
	c, _ := migrationClient(t, s, false)
	ctx := testContext(t)
	if _, err := c.GetEnrollment(ctx); !errors.Is(err, client.ErrNoEnrollment) {
		t.Fatalf("before: %v", err)
	}
	e, err := c.StartEnrollment(ctx, "Nordwind Europe")
	if err != nil || e.Status != model.EnrollmentPending || e.EnrollmentURL == "" {
		t.Fatalf("start: %+v %v", e, err)
	}
	clk.Advance(10 * time.Minute)
	e, err = c.GetEnrollment(ctx)
	if err != nil || e.Status != model.EnrollmentActive || e.TenantID != euTarget {
		t.Fatalf("active: %+v %v", e, err)
	}
}

func TestSameRequestIDOnRetryAfterDrop(t *testing.T) {
	s := startSandbox(t, sandbox.Options{Customers: 100})
	c, _ := migrationClient(t, s, false)
	id := eligible(t, c, 1)[0]
	s.DropNext(2) // two plain drops (after the work) before an answer gets through
	ctx := client.WithRequestID(context.Background(), "9d2f0e1a-3b4c-4d5e-8f60-718293a4b5c6")
	r, err := c.CreateMigration(ctx, id, client.MigrationRequest{TargetTenantID: euTarget})
	if err != nil || r.RequestID != "9d2f0e1a-3b4c-4d5e-8f60-718293a4b5c6" {
		t.Fatalf("%+v %v", r, err)
	}
	if n := postsByRequestID(s)[r.RequestID]; n != 3 {
		t.Fatalf("sent %d times", n)
	}
	if got := len(allMigrations(t, c)); got != 1 {
		t.Fatalf("%d migrations", got)
	}
}

func TestTargetAccounts(t *testing.T) {
	s := startSandbox(t, sandbox.Options{})
	c, _ := migrationClient(t, s, true)
	accts, err := c.ListTargetAccounts(testContext(t))
	if err != nil || len(accts) != 4 || accts[0].TenantID != euTarget || accts[0].Domain != "contosoeu.onmicrosoft.com" {
		t.Fatalf("%+v %v", accts, err)
	}
}

func TestRetryIsIdempotentAfterDroppedCommit(t *testing.T) {
	clk := newTestClock()
	s := startSandbox(t, sandbox.Options{Customers: 300, Now: clk.Now})
	c, _ := migrationClient(t, s, false)
	ctx := testContext(t)
	for _, id := range eligible(t, c, 20) {
		if _, err := c.CreateMigration(ctx, id, client.MigrationRequest{TargetTenantID: euTarget}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(2 * sandbox.DefaultMigrationDuration)
	var failed *model.Migration
	for _, m := range allMigrations(t, c) {
		if m.Status == model.MigrationFailed {
			failed = &m
			break
		}
	}
	if failed == nil {
		t.Fatal("none of 20 migrations failed")
	}
	s.DropNextCommit(1)
	r, err := c.RetryMigration(ctx, failed.CustomerTenantID, failed.ID)
	if err != nil || r.Migration.Attempts != 2 {
		t.Fatalf("retry: %+v %v", r.Migration, err)
	}
	if m, _ := c.GetMigration(ctx, failed.CustomerTenantID, failed.ID); m.Attempts != 2 || m.Status != model.MigrationProcessing {
		t.Fatalf("after retry: %+v", m)
	}
}
