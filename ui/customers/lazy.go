package customers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// The Subs, Status and Country columns are fetched per customer, after the
// list: until then their value is unknown ("…"), and a filter or sort on
// them is computed over what is known. This file makes that visible and
// fixable: the info line counts the unknown values while a filter or sort
// uses such a column, F fetches them for everything the filter covers (a
// frame task with a progress bar, paced under the rate limit), and a
// failed fetch says why and is tried again, on R and after a backoff.

// fetchTaskID names the F task in the frame.
const fetchTaskID = "customers.fetch"

// DefaultBulkRate is how many calls a minute F makes at most; 0 leaves
// the pace to the server: bulkWorkers calls at a time, all paused by a
// 429 for its Retry-After. (Partner Center and the sandbox limit calls
// per customer, so one call per customer is rarely throttled.)
const DefaultBulkRate = 0

// bulkWorkers bounds the calls bulk work has in flight at once.
const bulkWorkers = 4

// Backoff before a failed cell is fetched again by itself: it doubles
// from retryFirst up to retryMax.
const (
	retryFirst = 5 * time.Second
	retryMax   = 2 * time.Minute
)

// failure is why a customer's lazy cells could not be fetched.
type failure struct {
	subs, profile error
	attempts      int
}

// retryCellMsg asks to fetch a failed customer's cells again.
type retryCellMsg struct {
	owner *Model
	id    string
	gen   int
}

// lazyUse says which lazy values the current filter or sort depends on.
func (m *Model) lazyUse() (status, country bool) {
	col, _ := m.st.wantSort()
	status = m.st.query.HasField(model.FieldStatus) || col == colSubs || col == colStatus
	country = m.st.query.HasField(model.FieldCountry) || col == colCountry
	return status, country
}

// unknownNote is what the info line says of unknown values while the
// filter or sort uses them, e.g. "4,789 status unknown · F fetches".
func (m *Model) unknownNote() string {
	status, country := m.lazyUse()
	n := 0
	what := ""
	if status {
		if u := m.st.len() - m.st.statusKnown; u > 0 {
			n, what = u, "status"
		}
	}
	if country {
		if u := m.st.len() - m.st.countryKnown; u > 0 {
			if what != "" {
				what += "/"
			}
			n, what = max(n, u), what+"country"
		}
	}
	if n == 0 {
		return ""
	}
	if m.fetching {
		return count(n) + " " + what + " unknown, fetching"
	}
	return count(n) + " " + what + " unknown, F fetches"
}

// fetchAll starts the F task: every customer the filter covers (its
// terms on lazy columns aside) whose status or country, as the filter or
// sort uses them, is not known is fetched, a few at a time, paced.
func (m *Model) fetchAll() tea.Cmd {
	if m.c.Partner == nil {
		return common.StatusCmd(common.Error, "No Partner Center client configured")
	}
	status, country := m.lazyUse()
	if !status && !country {
		return common.StatusCmd(common.Info, "F fetches Subs/Status or Country for what the filter covers: filter or sort by one of them first")
	}
	if m.fetching {
		return common.StatusCmd(common.Info, "Already fetching; esc cancels")
	}
	q := m.st.query.Without(model.FieldStatus, model.FieldCountry)
	var jobs []func(context.Context) tea.Msg
	for _, i := range m.st.everyone() {
		if !q.Match(&m.st.recs[i]) {
			continue
		}
		id := m.st.id(i)
		if status && m.st.sums[i].state != summaryKnown && m.st.sums[i].state != summaryLoading {
			m.st.sums[i].state = summaryLoading
			m.claim(id, claimSubs)
			jobs = append(jobs, m.subsJob(id))
		}
		if country && m.profileOf(i) != profileKnown && m.profileOf(i) != profileLoading {
			if m.profiles == nil {
				m.profiles = map[string]profileState{}
			}
			m.profiles[id] = profileLoading
			m.claim(id, claimProfile)
			jobs = append(jobs, m.profileJob(id))
		}
	}
	if len(jobs) == 0 {
		return common.StatusCmd(common.Info, "Nothing to fetch: every value the filter covers is known or on its way")
	}
	m.fetching = true
	var clear tea.Cmd
	if m.statusHint {
		// The info line counts what is unknown; the task's progress
		// takes the status bar.
		m.statusHint = false
		clear = common.StatusCmd(common.Info, "")
	}
	run := newBulk(jobs, m.bulkRate)
	return tea.Batch(m.c.StartTask(common.Task{
		ID:       fetchTaskID,
		Title:    "Fetching " + count(len(jobs)) + " values",
		Progress: run.progress,
		Run:      run.run,
	}), run.drain(m, (*Model).endFetch), clear)
}

func (m *Model) subsJob(id string) func(context.Context) tea.Msg {
	cl, epoch := m.c.Partner, m.epoch
	return func(ctx context.Context) tea.Msg {
		subs, err := cl.ListSubscriptions(client.WithCorrelationID(ctx, client.NewGUID()), id)
		return subsMsg{owner: m, epoch: epoch, id: id, subs: subs, err: err, bulk: true}
	}
}

func (m *Model) profileJob(id string) func(context.Context) tea.Msg {
	cl, epoch := m.c.Partner, m.epoch
	return func(ctx context.Context) tea.Msg {
		c, err := cl.GetCustomer(client.WithCorrelationID(ctx, client.NewGUID()), id)
		return profileMsg{owner: m, epoch: epoch, id: id, cust: c, err: err, bulk: true}
	}
}

// onFetchDone ends the F task: what was never answered (cancelled) is
// unknown again, to be fetched as it becomes visible.
//
// The answers come through the run's channel, which closes after the last
// one: the claims are let go then (endFetch), not when the frame reports
// the end, which may overtake answers still in the channel.
func (m *Model) onFetchDone(msg common.TaskDoneMsg) tea.Cmd {
	var st tea.Cmd
	if msg.Err != nil && !errors.Is(msg.Err, context.Canceled) {
		st = common.StatusCmd(common.Error, "Fetching stopped: "+msg.Err.Error())
	}
	if errors.Is(msg.Err, common.ErrTaskRunning) {
		// The run never started, so its channel will never close.
		return tea.Batch(st, m.endFetch())
	}
	return st
}

// endFetch lets go of what F claimed and had not had answered.
func (m *Model) endFetch() tea.Cmd {
	if !m.fetching {
		return nil
	}
	m.fetching = false
	for id, what := range m.claimed {
		i, ok := m.st.byID[id]
		if !ok {
			continue
		}
		if what&claimSubs != 0 && m.st.sums[i].state == summaryLoading {
			m.st.sums[i].state = summaryUnknown
		}
		if what&claimProfile != 0 && m.profiles[id] == profileLoading {
			delete(m.profiles, id)
		}
	}
	m.claimed = nil
	return m.startFetches()
}

// What F has claimed of a customer and not yet had answered.
const (
	claimSubs uint8 = 1 << iota
	claimProfile
)

func (m *Model) claim(id string, what uint8) {
	if m.claimed == nil {
		m.claimed = map[string]uint8{}
	}
	m.claimed[id] |= what
}

// answered drops what of id from F's claims.
func (m *Model) answered(id string, what uint8) {
	if v, ok := m.claimed[id]; ok {
		if v &^= what; v == 0 {
			delete(m.claimed, id)
		} else {
			m.claimed[id] = v
		}
	}
}

// noteFailure records why customer id's cells failed and schedules the
// next try after a backoff.
func (m *Model) noteFailure(id string, subsErr, profErr error) tea.Cmd {
	if m.fails == nil {
		m.fails = map[string]*failure{}
	}
	f := m.fails[id]
	if f == nil {
		f = &failure{}
		m.fails[id] = f
	}
	if subsErr != nil {
		f.subs = subsErr
	}
	if profErr != nil {
		f.profile = profErr
	}
	f.attempts++
	wait := retryFirst << min(f.attempts-1, 8)
	wait = min(wait, retryMax)
	m.retryGen++
	gen := m.retryGen
	return tea.Tick(m.backoff(wait), func(time.Time) tea.Msg { return retryCellMsg{owner: m, id: id, gen: gen} })
}

// backoff is the wait before a failed cell is tried again; tests scale it.
func (m *Model) backoff(d time.Duration) time.Duration {
	if m.retryScale != nil {
		return m.retryScale(d)
	}
	return d
}

// onRetryCell makes a failed customer's cells unknown again, so that
// they are fetched when visible (or by F).
func (m *Model) onRetryCell(msg retryCellMsg) tea.Cmd {
	if m.resetFailed(msg.id) {
		return m.startFetches()
	}
	return nil
}

// resetFailed turns customer id's failed cells back to unknown and
// reports whether it had any.
func (m *Model) resetFailed(id string) bool {
	i, ok := m.st.byID[id]
	if !ok {
		return false
	}
	any := false
	if m.st.sums[i].state == summaryFailed {
		m.st.sums[i].state = summaryUnknown
		any = true
	}
	if m.profiles[id] == profileFailed {
		delete(m.profiles, id)
		any = true
	}
	return any
}

// retryFailed fetches every failed cell again (R).
func (m *Model) retryFailed() (int, tea.Cmd) {
	n := 0
	for id := range m.fails {
		if m.resetFailed(id) {
			n++
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, m.startFetches()
}

// failureLine says why the customer under the cursor has a "?" cell, or "".
func (m *Model) failureLine() string {
	c, ok := m.current()
	if !ok {
		return ""
	}
	f := m.fails[c.ID]
	i := m.st.byID[c.ID]
	if f == nil {
		return ""
	}
	var why string
	switch {
	case m.st.sums[i].state == summaryFailed && f.subs != nil:
		why = "subscriptions: " + f.subs.Error()
	case m.profiles[c.ID] == profileFailed && f.profile != nil:
		why = "country: " + f.profile.Error()
	default:
		return ""
	}
	return "? for " + c.CompanyName + ": " + why + " (R retries; tried again by itself)"
}

// bulk runs jobs with bulkWorkers at a time, starting at most rate a
// minute, and hands their messages to the screen through a channel as
// they arrive.
//
// A 429 that any call waits out (client.WithThrottleObserver) pauses every
// worker until its Retry-After has passed, so the others do not each run
// into the limit in turn.
type bulk struct {
	jobs  []func(context.Context) tea.Msg
	out   chan tea.Msg
	done  atomic.Int64
	every time.Duration
	// pauseUntil is when the workers may start calls again (Unix ns).
	pauseUntil atomic.Int64
	// throttled counts the 429s waited out.
	throttled atomic.Int64
	// observe, if set, sees every answer on the worker's goroutine.
	observe func(tea.Msg)
}

// throttle is the client's report of a 429 wait.
func (b *bulk) throttle(wait time.Duration) {
	b.throttled.Add(1)
	until := time.Now().Add(wait).UnixNano()
	for {
		cur := b.pauseUntil.Load()
		if cur >= until || b.pauseUntil.CompareAndSwap(cur, until) {
			return
		}
	}
}

// gate waits while the workers are paused after a 429.
func (b *bulk) gate(ctx context.Context) error {
	for {
		d := time.Until(time.Unix(0, b.pauseUntil.Load()))
		if d <= 0 {
			return ctx.Err()
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

func newBulk(jobs []func(context.Context) tea.Msg, rate int) *bulk {
	b := &bulk{jobs: jobs, out: make(chan tea.Msg, 64)}
	if rate > 0 {
		b.every = time.Minute / time.Duration(rate)
	}
	return b
}

func (b *bulk) progress() (int, int) { return int(b.done.Load()), len(b.jobs) }

// run is the frame task's work: it returns when every job has answered
// or ctx is cancelled, and closes out either way.
func (b *bulk) run(ctx context.Context) (string, error) {
	defer close(b.out)
	ctx = client.WithThrottleObserver(ctx, b.throttle)
	next := make(chan func(context.Context) tea.Msg)
	var wg sync.WaitGroup
	for range min(bulkWorkers, len(b.jobs)) {
		wg.Go(func() {
			for job := range next {
				if b.gate(ctx) != nil {
					return
				}
				msg := job(ctx)
				if ctx.Err() != nil {
					return // a cancelled call's answer says nothing
				}
				if b.observe != nil {
					b.observe(msg)
				}
				b.done.Add(1)
				select {
				case b.out <- msg:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	var tick *time.Ticker
	if b.every > 0 {
		tick = time.NewTicker(b.every)
		defer tick.Stop()
	}
feed:
	for k, job := range b.jobs {
		if tick != nil && k > 0 {
			select {
			case <-tick.C:
			case <-ctx.Done():
				break feed
			}
		}
		select {
		case next <- job:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return "", nil
}

// bulkMsgs is a handful of answers from a bulk run; closed says the run
// has ended and no more will come.
type bulkMsgs struct {
	owner  *Model
	msgs   []tea.Msg
	closed bool
	next   tea.Cmd
	// end is what the screen does when the run has ended.
	end func(*Model) tea.Cmd
}

// drain waits for the next answers of b, taking what is ready at once.
func (b *bulk) drain(m *Model, end func(*Model) tea.Cmd) tea.Cmd {
	var cmd tea.Cmd
	cmd = func() tea.Msg {
		msg, ok := <-b.out
		if !ok {
			return bulkMsgs{owner: m, closed: true, end: end}
		}
		msgs := []tea.Msg{msg}
		for len(msgs) < 256 {
			select {
			case msg, ok := <-b.out:
				if !ok {
					return bulkMsgs{owner: m, msgs: msgs, next: cmd}
				}
				msgs = append(msgs, msg)
				continue
			default:
			}
			break
		}
		return bulkMsgs{owner: m, msgs: msgs, next: cmd}
	}
	return cmd
}

// onBulk applies a handful of answers and waits for more.
func (m *Model) onBulk(msg bulkMsgs) tea.Cmd {
	if msg.closed {
		return msg.end(m)
	}
	cmds := []tea.Cmd{msg.next}
	for _, inner := range msg.msgs {
		_, cmd := m.update(inner)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// runningTask is the screen's bulk task that esc cancels, or "".
func (m *Model) runningTask() string {
	switch {
	case m.checking:
		return checkTaskID
	case m.fetching:
		return fetchTaskID
	}
	return ""
}
