package customers

import (
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

// Partner Center's customer list leaves out what only GET
// /v1/customers/{id} returns: the billing profile (and so the address and
// country), commerceId, allowDelegatedAccess. The screen fetches a visible
// customer by id, as it fetches subscriptions, and until then says that the
// country is not known yet rather than showing it blank.

// profileState says how far a customer's by-id fields have got.
type profileState uint8

const (
	profileUnknown profileState = iota
	profileLoading
	profileKnown
	profileFailed
)

// profileMsg answers the fetch of one customer by id.
type profileMsg struct {
	owner *Model
	epoch int
	id    string
	cust  model.Customer
	err   error
	bulk  bool // F asked (lazy.go)
}

// profileOf is customer i's state. A customer that came with a country
// (a server whose list items have addresses) needs no fetch.
func (m *Model) profileOf(i int32) profileState {
	if st, ok := m.profiles[m.st.id(i)]; ok {
		return st
	}
	if m.st.field(i, dCountry) != "" {
		return profileKnown
	}
	return profileUnknown
}

// countryCell is the country column: the country once known, "…" while
// not known yet, "?" when the fetch failed.
func (m *Model) countryCell(i int32) (string, table.Tone) {
	switch m.profileOf(i) {
	case profileKnown:
		return m.st.field(i, dCountry), table.ToneNormal
	case profileFailed:
		return "?", table.ToneWarn
	}
	return "…", table.ToneDim
}

// profileFetch marks customer i as loading and returns the call, or nil
// when its profile is known or on the way.
func (m *Model) profileFetch(i int32) tea.Cmd {
	if m.profileOf(i) != profileUnknown {
		return nil
	}
	if m.profiles == nil {
		m.profiles = map[string]profileState{}
	}
	id := m.st.id(i)
	m.profiles[id] = profileLoading
	cl, ctx, epoch := m.c.Partner, m.c.Ctx, m.epoch
	return func() tea.Msg {
		c, err := cl.GetCustomer(client.WithCorrelationID(ctx, client.NewGUID()), id)
		return profileMsg{owner: m, epoch: epoch, id: id, cust: c, err: err}
	}
}

func (m *Model) onProfile(msg profileMsg) tea.Cmd {
	if msg.bulk {
		m.answered(msg.id, claimProfile)
	} else {
		m.inFlight = max(m.inFlight-1, 0)
	}
	if _, ok := m.st.byID[msg.id]; !ok {
		return nil
	}
	if msg.err != nil {
		if client.IsAuth(msg.err) {
			delete(m.profiles, msg.id)
			if msg.epoch != m.epoch {
				return m.startFetches()
			}
			return m.needSignIn(msg.err)
		}
		m.profiles[msg.id] = profileFailed
		return tea.Batch(m.noteFailure(msg.id, nil, msg.err), m.startFetches())
	}
	if f := m.fails[msg.id]; f != nil {
		f.profile = nil
	}
	m.setProfile(msg.id, msg.cust)
	return m.startFetches()
}

// setProfile takes a customer fetched by id into the table: its country
// and the other by-id fields, keeping the cursor on the same customer.
func (m *Model) setProfile(id string, c model.Customer) {
	i, ok := m.st.byID[id]
	if !ok {
		return
	}
	if m.profiles == nil {
		m.profiles = map[string]profileState{}
	}
	m.profiles[id] = profileKnown
	a := m.anchor()
	m.measure(m.st.replace(i, c))
	m.restore(a)
}
