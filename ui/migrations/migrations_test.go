package migrations

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
)

// TestPhasesProgressLive: the dashboard shows the sandbox's migrations,
// and each refresh shows them further along on the sandbox's clock, up to
// completed or failed; the filter finds the failed ones.
func TestPhasesProgressLive(t *testing.T) {
	r := newRig(t, rigOptions{})
	started := r.start(12)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	if len(m.all) != len(started) {
		t.Fatalf("listed %d migrations, started %d", len(m.all), len(started))
	}
	view := plain(m.View())
	if !strings.Contains(view, "12 migrations, 12 running, 0 failed, 0 completed") {
		t.Fatalf("summary missing:\n%s", view)
	}
	if !strings.Contains(view, "Opt-in") {
		t.Errorf("the first phase is not shown:\n%s", view)
	}
	first := m.all[0].Progress()

	r.clock.Advance(90 * time.Second)
	r.refreshNow()
	if got := m.all[0].Progress(); got <= first {
		t.Errorf("progress did not advance with the clock: %.2f then %.2f", first, got)
	}
	if strings.Contains(plain(m.View()), "Opt-in ") && m.all[0].CurrentPhase == "optIn" {
		t.Errorf("still in opt-in after 90s")
	}

	r.clock.Advance(10 * time.Minute)
	r.refreshNow()
	running, failed, completed := m.counts()
	if running != 0 || failed == 0 || completed == 0 {
		t.Fatalf("after the whole duration: %d running, %d failed, %d completed; want none running, some of each", running, failed, completed)
	}
	r.press("/", "s", "t", "a", "t", "u", "s", ":", "f", "a", "i", "l", "enter")
	if len(m.shown) != failed {
		t.Errorf("status:fail shows %d rows, want %d", len(m.shown), failed)
	}
	for _, i := range m.shown {
		if m.all[i].Status != model.MigrationFailed {
			t.Errorf("status:fail shows %s (%s)", m.all[i].CustomerName, m.all[i].Status)
		}
	}
	// Nothing runs: the next refresh is the idle one.
	if got := m.NextRefresh(); got != idleInterval {
		t.Errorf("next refresh in %v with nothing running, want %v", got, idleInterval)
	}
}

// TestFailureAndRetry: a failed migration's pane shows the failed phase
// and its reason; r asks first (the confirm layer), then retries as a task
// with one MS-RequestId that a second try reuses, writes an audit line,
// and the migration resumes from that phase.
func TestFailureAndRetry(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(12)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	r.clock.Advance(10 * time.Minute)
	r.refreshNow()
	failed, ok := r.byStatus(model.MigrationFailed)
	if !ok {
		t.Fatal("no migration failed in the sandbox's plan")
	}
	m.cursorTo(failed.ID)
	r.press("enter")
	view := plain(m.View())
	phase := model.PhaseName(failed.CurrentPhase)
	for _, want := range []string{failed.FailureReason[:30], "retry from " + phase, "✗ " + phase[:min(len(phase), 10)]} {
		if !strings.Contains(strings.ReplaceAll(view, "│", " "), want) && !strings.Contains(view, want) {
			t.Errorf("the failed pane lacks %q:\n%s", want, view)
		}
	}

	// A completed migration has nothing to retry.
	if done, ok := r.byStatus(model.MigrationCompleted); ok {
		m.cursorTo(done.ID)
		m.focus = 0
		msgs := r.press("r")
		if pushed(msgs) {
			t.Error("r on a completed migration asked to retry")
		}
		m.cursorTo(failed.ID)
	}

	msgs := r.press("r")
	var prompt *confirm.Model
	for _, msg := range msgs {
		if p, ok := msg.(common.PushMsg); ok {
			prompt, _ = p.Layer.(*confirm.Model)
		}
	}
	if prompt == nil {
		t.Fatal("r on a failed migration did not ask for confirmation")
	}
	prompt.SetSize(160, 45)
	if q := plain(prompt.View()); !strings.Contains(q, failed.CustomerName) || !strings.Contains(q, "from "+phase[:10]) {
		t.Errorf("the prompt does not say what it retries:\n%s", q)
	}
	before := r.requests("/retry")
	// No: nothing happens.
	_, cmd := m.Update(confirm.Answer{ID: retryPrompt + failed.ID, Yes: false})
	if msgs := r.feed(cmd); taskOf(msgs) != nil || r.requests("/retry") != before {
		t.Fatal("answering no retried anyway")
	}
	_, cmd = m.Update(confirm.Answer{ID: retryPrompt + failed.ID, Yes: true})
	task := taskOf(r.feed(cmd))
	if task == nil {
		t.Fatal("yes started no task")
	}
	if !task.MustFinish {
		t.Error("a retry in flight should make q ask first")
	}
	res, err := task.Run(context.Background())
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if !strings.Contains(res, phase) {
		t.Errorf("result %q does not name the phase it resumed from", res)
	}
	// The same task run again (as after a dropped answer) sends the same
	// MS-RequestId, and the sandbox answers with the same migration.
	if _, err := task.Run(context.Background()); err != nil {
		t.Fatalf("second run: %v", err)
	}
	var ids []string
	for _, q := range r.sb.Requests() {
		if strings.HasSuffix(q.Path, "/retry") {
			ids = append(ids, q.Header.Get("MS-RequestId"))
		}
	}
	if len(ids) != 2 || ids[0] == "" || ids[0] != ids[1] {
		t.Errorf("the retry's MS-RequestIds: %q, want the same one twice", ids)
	}
	audit, _ := os.ReadFile(r.audit)
	if !strings.Contains(string(audit), `"action":"migration.retry"`) || !strings.Contains(string(audit), ids[0]) {
		t.Errorf("no audit line for the retry with its request id:\n%s", audit)
	}
	_, cmd = m.Update(common.TaskDoneMsg{ID: "retry-migration-" + failed.ID, Result: res})
	r.feed(cmd)
	i := m.index[failed.ID]
	if got := m.all[i]; got.Status != model.MigrationProcessing || got.CurrentPhase != failed.CurrentPhase {
		t.Errorf("after the retry: %s at %s, want Processing at %s", got.Status, got.CurrentPhase, failed.CurrentPhase)
	}
	if _, ok := m.retryIDs[failed.ID]; ok {
		t.Error("the request id was kept after the retry succeeded")
	}
	r.clock.Advance(10 * time.Minute)
	r.refreshNow()
	if got := m.all[m.index[failed.ID]]; got.Status != model.MigrationCompleted {
		t.Errorf("after the retry ran its course: %s", got.Status)
	}
}

// TestRetryReadOnly: in read-only mode r asks nothing; the client refuses
// before sending, and the refusal is audited.
func TestRetryReadOnly(t *testing.T) {
	rw := newRig(t, rigOptions{})
	rw.start(12)
	ro := newRig(t, rigOptions{readOnly: true})
	ro.sb = rw.sb
	var err error
	ro.pc, err = client.New(client.Options{BaseURL: rw.sb.URL(), HTTPClient: rw.sb.HTTPClient(), Tokens: client.StaticToken("t"), ReadOnly: true, Audit: mustAudit(t, ro.audit)})
	if err != nil {
		t.Fatal(err)
	}
	ro.clock = rw.clock
	m := ro.screen(120, 40)
	ro.feed(m.Init())
	ro.feed(m.Activate())
	rw.clock.Advance(10 * time.Minute)
	ro.refreshNow()
	failed, ok := ro.byStatus(model.MigrationFailed)
	if !ok {
		t.Fatal("no failed migration")
	}
	m.cursorTo(failed.ID)
	msgs := ro.press("r")
	if pushed(msgs) {
		t.Error("read-only: r asked for a confirmation it cannot act on")
	}
	task := taskOf(msgs)
	if task == nil {
		t.Fatal("read-only: r did nothing at all")
	}
	before := rw.requests("/retry")
	if _, err := task.Run(context.Background()); !errors.Is(err, client.ErrReadOnly) {
		t.Errorf("read-only retry: %v, want ErrReadOnly", err)
	}
	if rw.requests("/retry") != before {
		t.Error("read-only: the retry was sent")
	}
	audit, _ := os.ReadFile(ro.audit)
	if !strings.Contains(string(audit), client.OutcomeRefused) {
		t.Errorf("the refusal was not audited:\n%s", audit)
	}
}

func mustAudit(t *testing.T, path string) *client.AuditLog {
	a, err := client.OpenAuditLog(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pushed(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(common.PushMsg); ok {
			return true
		}
	}
	return false
}

func taskOf(msgs []tea.Msg) *common.Task {
	for _, m := range msgs {
		if t, ok := m.(common.TaskStartMsg); ok {
			return &t.Task
		}
	}
	return nil
}

// TestCustomerHandOver: the wizard's "View details" hands the dashboard a
// customer whose migration was just created: the dashboard refreshes and
// opens that migration's pane.
func TestCustomerHandOver(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(2)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	fresh := r.start(3)[2] // created after the screen's last refresh
	if _, ok := m.index[fresh.ID]; ok {
		t.Fatal("the new migration is already listed")
	}
	_, cmd := m.Update(common.CustomerFocusMsg{Customer: &model.Customer{ID: fresh.CustomerTenantID, TenantID: fresh.CustomerTenantID}})
	r.feed(cmd)
	if m.open != fresh.ID || m.subject() != fresh.ID {
		t.Fatalf("handed %s, the open pane is %q and the cursor on %q", fresh.ID, m.open, m.subject())
	}
	if len(m.panes[fresh.ID].events) == 0 {
		t.Error("the opened pane fetched no events")
	}
	if v := plain(m.View()); !strings.Contains(v, fresh.CustomerName+" → ") {
		t.Errorf("the pane is not shown:\n%s", v)
	}
}
