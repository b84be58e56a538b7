package customers

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// The screen's own messages carry the *Model that asked, so that the root
// may broadcast them and a late answer is only ever taken by its owner.
// They also carry the sign-in epoch the call started in: a sign-in error
// from a call that began before the latest sign-in used the old token, so
// it is retried rather than asking the operator to sign in once more.

// pageMsg is one page of customers, or the error that stopped loading.
type pageMsg struct {
	owner *Model
	epoch int
	pager *client.Pager
	page  client.Page
	// batch is the page prepared for the store, off the UI loop.
	batch *batch
	done  bool
	err   error
}

// subsMsg answers a subscription fetch for one row's summary.
type subsMsg struct {
	owner *Model
	epoch int
	id    string
	subs  []model.Subscription
	err   error
	// bulk says F asked, not the table: no slot of maxInFlight was taken.
	bulk bool
}

// detailMsg answers the detail pane's fetch of one customer.
type detailMsg struct {
	owner *Model
	epoch int
	id    string
	cust  model.Customer
	subs  []model.Subscription
	err   error
}

// visibleMsg fires after the table has been still for a moment; only the
// latest one (gen) starts fetches, which debounces scrolling.
type visibleMsg struct {
	owner *Model
	gen   int
}

// debounce is how long the visible rows must stay put before their
// subscriptions are fetched: holding j should not fire a call per row.
const debounce = 150 * time.Millisecond

// maxInFlight bounds concurrent subscription calls; Partner Center allows
// 500 calls a minute and a jump host link is narrow.
const maxInFlight = 4

func (m *Model) nextPageCmd() tea.Cmd {
	p, ctx, epoch := m.pager, m.c.Ctx, m.epoch
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		page, err := p.Next(ctx)
		var b *batch
		if len(page.Customers) > 0 {
			b = newBatch(page.Customers)
		}
		return pageMsg{owner: m, epoch: epoch, pager: p, page: page, batch: b, done: p.Done(), err: err}
	}
}

// roomMsg brings storage for every customer of a long list.
type roomMsg struct {
	owner *Model
	room  *room
}

// roomCmd makes storage for n customers off the UI loop, once the first
// page is on screen (for a million, it takes a quarter of a second).
func (m *Model) roomCmd(n int) tea.Cmd {
	return func() tea.Msg { return roomMsg{owner: m, room: newRoom(n)} }
}

func (m *Model) subsCmd(id string) tea.Cmd {
	cl, ctx, epoch := m.c.Partner, m.c.Ctx, m.epoch
	return func() tea.Msg {
		subs, err := cl.ListSubscriptions(client.WithCorrelationID(ctx, client.NewGUID()), id)
		return subsMsg{owner: m, epoch: epoch, id: id, subs: subs, err: err}
	}
}

func (m *Model) detailCmd(id string) tea.Cmd {
	cl, ctx, epoch := m.c.Partner, m.c.Ctx, m.epoch
	return func() tea.Msg {
		// One correlation id ties both calls to the operator's "open".
		ctx := client.WithCorrelationID(ctx, client.NewGUID())
		cust, err := cl.GetCustomer(ctx, id)
		if err != nil {
			return detailMsg{owner: m, epoch: epoch, id: id, err: err}
		}
		subs, err := cl.ListSubscriptions(ctx, id)
		return detailMsg{owner: m, epoch: epoch, id: id, cust: cust, subs: subs, err: err}
	}
}

// visibleSoon is visibleCmd for changes the operator did not make (a page,
// a background job's result): it does not restart a wait under way, so
// that pages arriving faster than the debounce do not keep the visible
// rows' values from ever being fetched.
func (m *Model) visibleSoon() tea.Cmd {
	if m.visibleWaiting {
		return nil
	}
	return m.visibleCmd()
}

func (m *Model) visibleCmd() tea.Cmd {
	m.visibleGen++
	m.visibleWaiting = true
	gen := m.visibleGen
	return tea.Tick(m.debounce, func(time.Time) tea.Msg { return visibleMsg{owner: m, gen: gen} })
}
