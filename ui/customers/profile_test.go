package customers

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
)

// TestCountryIsFetchedByID: the sandbox lists customers as Partner Center
// does, without an address. The table says the country is not known yet
// ("…"), fetches visible customers by id, then shows their countries and
// filters on them; rows never shown cost no call.
func TestCountryIsFetchedByID(t *testing.T) {
	const n = 60
	s, err := sandbox.Start(sandbox.Options{Customers: n})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	cl, err := client.New(client.Options{BaseURL: s.URL(), HTTPClient: s.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	m := New(c)
	m.SetSize(160, 16)

	// The first page alone: every country is "not known yet".
	var next tea.Cmd
	for _, c := range m.Init()().(tea.BatchMsg) {
		if msg, ok := c().(pageMsg); ok {
			_, next = m.Update(msg)
		}
	}
	equal(t, "loaded", m.st.len(), n)
	for k := range n {
		if cell, _ := m.countryCell(int32(k)); cell != "…" {
			t.Fatalf("customer %d shows country %q before it was fetched", k, cell)
		}
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Country") || strings.Count(v, "…") < 5 {
		t.Fatalf("the country column should say 'not known yet':\n%s", v)
	}

	drain(t, m, next)
	from, to := m.tbl.VisibleRange()
	want := sandbox.Dataset(1, n)
	byID := map[string]model.Customer{}
	for _, w := range want {
		byID[w.ID] = w
	}
	for r := from; r < to; r++ {
		i := m.st.shown[r]
		got := m.st.customer(i)
		if cell, _ := m.countryCell(i); cell != byID[got.ID].Country || got.CommerceID == "" {
			t.Errorf("row %d (%s): country %q, commerce id %q; want %q", r, got.CompanyName, cell, got.CommerceID, byID[got.ID].Country)
		}
	}
	gets := 0
	for _, r := range s.Requests() {
		if strings.Count(r.Path, "/") == 3 { // /v1/customers/{id}
			gets++
		}
	}
	if gets != to-from {
		t.Errorf("%d customers fetched by id for %d visible rows", gets, to-from)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, " DE ") && !strings.Contains(v, " AT ") && !strings.Contains(v, " CH ") {
		t.Errorf("no country shown after the fetch:\n%s", v)
	}
	// A fetched country is filterable.
	first := m.st.customer(m.st.shown[from])
	press(m, "/")
	typeText(m, "country:"+strings.ToLower(first.Country))
	found := false
	for _, c := range m.Shown() {
		found = found || c.ID == first.ID
	}
	if !found {
		t.Errorf("country:%s does not find %s", first.Country, first.CompanyName)
	}
}
