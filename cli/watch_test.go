package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
)

type watchClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *watchClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *watchClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// watchRig is a sandbox on a controlled clock with n migrations started.
func watchRig(t *testing.T, n int) (*backend, *watchClock, []model.Migration) {
	t.Helper()
	clk := &watchClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	sb, err := sandbox.Start(sandbox.Options{Now: clk.Now, Customers: 40})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	pc, err := client.New(client.Options{BaseURL: sb.URL(), HTTPClient: sb.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	var made []model.Migration
	_ = pc.ListCustomers(context.Background(), client.ListOptions{}, func(p client.Page) error {
		for _, c := range p.Customers {
			if len(made) < n {
				if res, err := pc.CreateMigration(context.Background(), c.ID, client.MigrationRequest{TargetTenantID: identity.EUAdminTenantID}); err == nil {
					made = append(made, res.Migration)
				}
			}
		}
		return nil
	})
	if len(made) < n {
		t.Fatalf("started %d of %d", len(made), n)
	}
	return &backend{partner: pc}, clk, made
}

// TestWatchJSON: one JSON object per change, in order, until all finished;
// a failure makes it end with an error (exit 1). Waiting advances the
// sandbox's clock: nothing sleeps.
func TestWatchJSON(t *testing.T) {
	b, clk, made := watchRig(t, 8)
	var out, errOut bytes.Buffer
	waits := 0
	err := runWatch(context.Background(), b, watchOptions{Output: "json", Interval: 20 * time.Second, now: clk.Now,
		wait: func(_ context.Context, d time.Duration) error { waits++; clk.Advance(d); return nil }}, &out, &errOut)
	if !errors.Is(err, errSomeFailed) {
		t.Fatalf("watch ended with %v; the sandbox fails some migrations, so want errSomeFailed", err)
	}
	lines := map[string][]watchLine{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var l watchLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not one JSON object a line: %q", sc.Text())
		}
		lines[l.MigrationID] = append(lines[l.MigrationID], l)
	}
	if len(lines) != len(made) {
		t.Fatalf("changes of %d migrations, want %d", len(lines), len(made))
	}
	for id, ls := range lines {
		if ls[0].Status != "Processing" || ls[0].Event == "" {
			t.Errorf("%s: first line %+v", id, ls[0])
		}
		last := ls[len(ls)-1]
		if last.Status != "Completed" && last.Status != "Failed" {
			t.Errorf("%s: ended at %s", id, last.Status)
		}
		if last.Status == "Failed" && last.FailureReason == "" {
			t.Errorf("%s: failed without a reason", id)
		}
		if len(ls) < 3 {
			t.Errorf("%s: only %d changes over a whole migration", id, len(ls))
		}
		for k := 1; k < len(ls); k++ {
			if ls[k] == ls[k-1] {
				t.Errorf("%s: the same line twice: not a change", id)
			}
		}
	}
	if waits == 0 || waits > 30 {
		t.Errorf("%d refreshes", waits)
	}
}

// TestWatchNarrowTable: --id narrows to one migration; table lines, one per
// change; exit 0 when it completed.
func TestWatchNarrowTable(t *testing.T) {
	b, clk, made := watchRig(t, 8)
	// Find one that completes: run the clock to the end and look.
	clk.Advance(time.Hour)
	var done model.Migration
	_ = b.partner.ListMigrations(context.Background(), func(p client.MigrationPage) error {
		for _, m := range p.Migrations {
			if m.Status == model.MigrationCompleted && done.ID == "" {
				done = m
			}
		}
		return nil
	})
	if done.ID == "" {
		t.Fatal("none completed")
	}
	_ = made
	var out, errOut bytes.Buffer
	err := runWatch(context.Background(), b, watchOptions{Output: "table", IDs: []string{done.ID}, now: clk.Now,
		wait: func(context.Context, time.Duration) error { t.Fatal("waited for a finished migration"); return nil }}, &out, &errOut)
	if err != nil {
		t.Fatalf("watching a completed migration: %v", err)
	}
	got := strings.TrimSpace(out.String())
	if strings.Count(got, "\n") != 0 || !strings.Contains(got, done.ID) || !strings.Contains(got, "completed") {
		t.Errorf("table output %q", got)
	}
	if !strings.Contains(errOut.String(), "all 1 watched migrations completed") {
		t.Errorf("stderr %q", errOut.String())
	}
	// --customer with nothing of that name is an error.
	err = runWatch(context.Background(), b, watchOptions{Output: "table", Customers: []string{"nobody"}, now: clk.Now}, &out, &errOut)
	if err == nil {
		t.Error("--customer matching nothing: no error")
	}
	if err := runWatch(context.Background(), b, watchOptions{Output: "csv"}, &out, &errOut); !isUsage(err) {
		t.Errorf("--output csv: %v, want a usage error", err)
	}
}

// TestWatchFlags: the watch-only flags need --watch, and --watch prints no
// CSV; both are usage errors (exit 2) before anything is called.
func TestWatchFlags(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{
		{"migrations", "--id", "x"},
		{"migrations", "--customer", "x"},
		{"migrations", "--interval", "2s"},
		{"migrations", "--watch", "-o", "csv"},
	} {
		if code, _, errOut := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%q)", args, code, exitUsage, errOut)
		}
	}
}
