package customers

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// TestLoadFailureSaysIncomplete: after a failed page the counter does not
// read as complete, and R leads the hints.
func TestLoadFailureSaysIncomplete(t *testing.T) {
	c := newContext()
	pc, err := client.New(client.Options{BaseURL: "http://127.0.0.1:1", Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	c.Partner = pc
	m := New(c)
	m.SetSize(80, 24)
	m.loading = true
	all := fixture()
	drain(t, m, func() tea.Msg { return pageMsg{owner: m, page: client.Page{Customers: all[:3], Total: 5000}} })
	var counts []common.CountsMsg
	for _, msg := range drain(t, m, func() tea.Msg {
		return pageMsg{owner: m, err: errors.New("HTTP 503")} // a failed page knows no total
	}) {
		if c, ok := msg.(common.CountsMsg); ok {
			counts = append(counts, c)
		}
	}
	if len(counts) != 1 || !counts[0].Stopped || counts[0].Done || counts[0].Loaded != 3 || counts[0].Total != 5000 {
		t.Errorf("counts %+v", counts)
	}
	info := ansi.Strip(strings.Split(m.View(), "\n")[0])
	if !strings.Contains(info, "3 of at least 5,000 — loading stopped, R retries") {
		t.Errorf("info line %q", info)
	}
	if h := m.ShortHelp(); len(h) == 0 || h[0].Help().Key != "R" {
		t.Errorf("R does not lead the hints: %v", h)
	}
}

// TestExplanationStaysAfterEnter: a filter that matches nothing, or has a
// qualifier that is no field, keeps saying so once Enter keeps it.
func TestExplanationStaysAfterEnter(t *testing.T) {
	for _, q := range []string{"foo:bar", "zzzz"} {
		m := loaded(t, fixture(), 80, 24)
		press(m, "/")
		typeText(m, q)
		press(m, "enter")
		if m.filtering {
			t.Fatal("enter did not keep the filter")
		}
		v := ansi.Strip(m.View())
		if !strings.Contains(v, `No customers match "`+q+`"`) {
			t.Errorf("%s: explanation gone after enter:\n%s", q, v)
		}
		if q == "foo:bar" && !strings.Contains(v, "foo: is not a field — fields: name:") {
			t.Errorf("qualifier explanation gone after enter:\n%s", v)
		}
	}
}

func TestPositionIndicator(t *testing.T) {
	m := loaded(t, fixture(), 80, 24)
	press(m, "j", "j", "j")
	if info := ansi.Strip(strings.Split(m.View(), "\n")[0]); !strings.HasSuffix(info, "row 4 of 10") {
		t.Errorf("info line %q", info)
	}
	press(m, "/")
	typeText(m, "gmbh")
	press(m, "enter", "G")
	if info := ansi.Strip(strings.Split(m.View(), "\n")[0]); !strings.HasSuffix(info, "row 4 of 4 matching · 10 loaded") {
		t.Errorf("filtered info line %q", info)
	}
}

// TestValuesThatFitAreNotCut: at 120 columns "microsoft_support" is
// whole, where spare room used to go to the long names first.
func TestValuesThatFitAreNotCut(t *testing.T) {
	m := loaded(t, fixture(), 120, 24)
	v := ansi.Strip(m.View())
	for _, want := range []string{"microsoft_support", "mueller-mb.onmicrosoft.de", "Müller Maschinenbau GmbH"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q is cut at 120 columns:\n%s", want, v)
		}
	}
}

// TestSubsCountedAlike: the Subs column and the detail pane count the
// same subscriptions, and the pane says which it leaves out.
func TestSubsCountedAlike(t *testing.T) {
	m := loaded(t, fixture(), 160, 30)
	subs := []model.Subscription{
		{ID: "s1", OfferName: "Office 365 E3", Status: model.SubscriptionActive, Quantity: 5},
		{ID: "s2", OfferName: "Exchange Online", Status: model.SubscriptionSuspended, Quantity: 1},
		{ID: "s3", OfferName: "Old Trial", Status: model.SubscriptionDeleted, Quantity: 1},
	}
	cur, _ := m.Selected()
	press(m, "enter")
	m.Update(detailMsg{owner: m, id: cur.ID, cust: cur, subs: subs})
	v := ansi.Strip(m.View())
	row := ""
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, cur.Domain) {
			row = l
			break
		}
	}
	if !strings.Contains(row, "  2  suspended") {
		t.Errorf("Subs column: %q", row)
	}
	if !strings.Contains(v, "Subscriptions (2)") || !strings.Contains(v, "Deleted (1, not counted)") {
		t.Errorf("detail pane counts differently:\n%s", v)
	}
}
