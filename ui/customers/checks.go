package customers

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
	"github.com/mcgdash/mcgdash/ui/common"
)

// c runs the pre-flight check (POST …/migrations/germany/validate) for the
// marked customers (none marked: the one under the cursor), a few at a
// time, pausing all on a 429 for its Retry-After, as a frame task with a
// progress bar. Each answer shows in the Decision column as it arrives
// and is saved in the review; the end says how many passed and why the
// others did not. esc cancels: what was answered stays.
//
// The check asks about the partner's first target account (the target's
// own checks — region, Global Administrator, active — are the wizard's):
// what it tells here is the customer's side, which does not depend on the
// target.

// checkTaskID names the check task in the frame.
const checkTaskID = "customers.check"

// checkMsg is one customer's check.
type checkMsg struct {
	owner *Model
	id    string
	v     model.MigrationValidation
	err   error
	// target is the tenant checked against, kept for the next checks.
	target string
}

// tally counts the checks' outcomes by reason, for the summary.
type tally struct {
	mu     sync.Mutex
	counts map[string]int
}

func (t *tally) add(msg checkMsg) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	switch {
	case msg.err != nil:
		t.counts["check failed to run"]++
	case msg.v.Eligible:
		t.counts["eligible"]++
	case len(msg.v.Reasons) == 0:
		t.counts["not eligible"]++
	default:
		for _, r := range msg.v.Reasons {
			t.counts[reasonText(r.Code)]++
		}
	}
}

// summary is "612 eligible · 201 no reseller relationship · …", most first.
func (t *tally) summary(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range t.counts {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].v != all[b].v {
			return all[a].v > all[b].v
		}
		return all[a].k < all[b].k
	})
	parts := make([]string, len(all))
	for k, x := range all {
		parts[k] = count(x.v) + " " + x.k
	}
	return "Checked " + count(n) + ": " + strings.Join(parts, " · ")
}

// reasonText is an ineligibility code in words.
func reasonText(c model.IneligibleReason) string {
	switch c {
	case model.ReasonNoResellerRelationship:
		return "no reseller relationship"
	case model.ReasonCustomerNotActive:
		return "not active"
	case model.ReasonNoSubscriptions:
		return "no subscriptions"
	case model.ReasonMigrationInProgress:
		return "migration already running"
	case model.ReasonAlreadyMigrated:
		return "already migrated"
	}
	return strings.ToLower(string(c))
}

// startChecks starts the check task.
func (m *Model) startChecks() tea.Cmd {
	if m.c.Partner == nil {
		return common.StatusCmd(common.Error, "No Partner Center client configured")
	}
	if m.checking {
		return common.StatusCmd(common.Info, "Checks are running; esc cancels them")
	}
	ids := m.targets()
	if len(ids) == 0 {
		return noSelection()
	}
	cl := m.c.Partner
	// The target: the one found last time, else looked up by the task
	// before any job runs.
	target := m.checkTarget
	jobs := make([]func(context.Context) tea.Msg, len(ids))
	for k, id := range ids {
		jobs[k] = func(ctx context.Context) tea.Msg {
			v, err := cl.ValidateMigration(client.WithCorrelationID(ctx, client.NewGUID()), id, client.MigrationRequest{TargetTenantID: target})
			return checkMsg{owner: m, id: id, v: v, err: err, target: target}
		}
	}
	run := newBulk(jobs, m.checkRate)
	t := &tally{}
	run.observe = func(msg tea.Msg) {
		if c, ok := msg.(checkMsg); ok && !errors.Is(c.err, context.Canceled) {
			t.add(c)
		}
	}
	m.checking = true
	return tea.Batch(m.c.StartTask(common.Task{
		ID:       checkTaskID,
		Title:    "Checking " + count(len(ids)) + " customers",
		Progress: run.progress,
		Run: func(ctx context.Context) (string, error) {
			if target == "" {
				targets, err := cl.ListTargetAccounts(ctx)
				if err != nil {
					close(run.out)
					return "", err
				}
				if len(targets) == 0 {
					close(run.out)
					return "", errors.New("no target account to check against: enroll one in a European region first")
				}
				target = targets[0].TenantID
			}
			if _, err := run.run(ctx); err != nil {
				return "", err
			}
			s := t.summary(len(ids))
			if n := run.throttled.Load(); n > 0 {
				s += " (" + count(int(n)) + " throttled calls waited out)"
			}
			return s, nil
		},
	}), run.drain(m, (*Model).endChecks))
}

// onCheck records one customer's check as it arrives.
func (m *Model) onCheck(msg checkMsg) tea.Cmd {
	if errors.Is(msg.err, context.Canceled) {
		return nil
	}
	if msg.err == nil {
		m.checkTarget = msg.target
	}
	state, why := model.CheckEligible, ""
	switch {
	case msg.err != nil:
		state, why = model.CheckError, msg.err.Error()
	case !msg.v.Eligible:
		state, why = model.CheckFailed, msg.v.Summary()
	}
	e := m.entryFor(msg.id)
	e.check, e.checkReason = state, why
	a := m.anchor()
	if i, ok := m.st.byID[msg.id]; ok {
		m.st.recs[i].SetCheck(state)
		m.st.reviewChanged(i)
	}
	m.restore(a)
	return m.save(review.SetCheck(msg.id, state, why))
}

func (m *Model) endChecks() tea.Cmd {
	m.checking = false
	return nil
}

// onCheckDone: a task that never started has a channel nobody closes.
func (m *Model) onCheckDone(msg common.TaskDoneMsg) tea.Cmd {
	if errors.Is(msg.Err, common.ErrTaskRunning) {
		m.checking = false
	}
	return nil
}
