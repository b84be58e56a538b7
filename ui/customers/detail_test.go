package customers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
)

// withDetail opens the detail pane on the customer under the cursor and
// delivers n subscriptions for it, as the detail call would.
func withDetail(t *testing.T, m *Model, n int) model.Customer {
	t.Helper()
	press(m, "enter")
	c, ok := m.Selected()
	if !ok {
		t.Fatal("no customer selected")
	}
	subs := make([]model.Subscription, n)
	for i := range subs {
		subs[i] = model.Subscription{ID: fmt.Sprint("s", i), OfferName: fmt.Sprintf("Offer %02d", i+1),
			Status: model.SubscriptionActive, Quantity: i + 1, TermDuration: "P1Y", BillingCycle: "monthly",
			CommitmentEnd: "2022-08-11T00:00:00Z"}
	}
	m.Update(detailMsg{owner: m, epoch: m.epoch, id: c.ID, cust: c, subs: subs})
	return c
}

func TestDetailShowsWholeIDs(t *testing.T) {
	for _, size := range [][2]int{{110, 30}, {160, 40}, {40, 12}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := loaded(t, fixture(), size[0], size[1])
			c := withDetail(t, m, 1)
			v := paneText(m)
			if !(m.width < wideDetail) {
				// Beside the table a GUID fits on one line.
				for _, id := range []string{c.TenantID} {
					if !strings.Contains(v, id) {
						t.Errorf("pane cuts %q:\n%s", id, v)
					}
				}
			}
			flat := strings.Join(strings.Fields(v), "")
			if !strings.Contains(flat, c.TenantID) || !strings.Contains(flat, c.ID) {
				t.Errorf("pane lacks whole ids %q, %q:\n%s", c.TenantID, c.ID, v)
			}
			if strings.Contains(v, "…") && !strings.Contains(v, "more lines") {
				t.Errorf("pane cuts a value:\n%s", v)
			}
			if m.width < wideDetail {
				press(m, "G") // down to the subscriptions
			}
			if v := paneText(m); strings.Contains(v, "T00:00") || !strings.Contains(v, "ends 2022-08-11") {
				t.Errorf("commitment end should be a date:\n%s", v)
			}
		})
	}
}

// paneText is the detail pane's part of the screen, without styles.
func paneText(m *Model) string {
	v := ansi.Strip(m.View())
	if m.width < wideDetail {
		return v
	}
	var pane []string
	for _, l := range strings.Split(v, "\n") {
		if _, p, ok := strings.Cut(l, "│"); ok {
			pane = append(pane, p)
		}
	}
	return strings.Join(pane, "\n")
}

// TestDetailGap: the table does not touch the pane's border.
func TestDetailGap(t *testing.T) {
	m := loaded(t, fixture(), 120, 30)
	withStatuses(m, map[string]model.CustomerStatus{"c06": model.StatusSuspended})
	withDetail(t, m, 1)
	for i, l := range strings.Split(ansi.Strip(m.View()), "\n")[1:] {
		k := strings.Index(l, "│")
		if k < 1 || l[k-1] != ' ' || !strings.HasPrefix(l[k+len("│"):], " ") {
			t.Errorf("line %d: want a cell of room either side of the border: %q", i, l)
		}
	}
}

// TestDetailScrolls: every subscription can be reached by keyboard, full
// screen (j/k scroll the pane) and beside the table (j/k move the
// customer, J/K scroll the pane).
func TestDetailScrolls(t *testing.T) {
	const n = 12
	last := fmt.Sprintf("Offer %02d", n)
	t.Run("full screen", func(t *testing.T) {
		m := loaded(t, fixture(), 40, 12)
		c := withDetail(t, m, n)
		if v := ansi.Strip(m.View()); strings.Contains(v, last) || !strings.Contains(v, "more lines") {
			t.Fatalf("want the last subscription below the fold, with a hint:\n%s", v)
		}
		press(m, "j")
		if v := ansi.Strip(m.View()); strings.HasPrefix(v, c.CompanyName) || !strings.HasPrefix(v, "esc to close") {
			t.Errorf("j should scroll the pane by a line:\n%s", v)
		}
		for range 20 {
			press(m, "pgdown")
		}
		if v := ansi.Strip(m.View()); !strings.Contains(v, last) {
			t.Errorf("pgdown should reach the last subscription:\n%s", v)
		}
		press(m, "g")
		if v := ansi.Strip(m.View()); !strings.Contains(v, c.CompanyName) {
			t.Errorf("g goes back to the top:\n%s", v)
		}
		press(m, "G")
		if v := ansi.Strip(m.View()); !strings.Contains(v, last) {
			t.Errorf("G goes to the end:\n%s", v)
		}
		cur, _ := m.Selected()
		equal(t, "customer under the pane", cur.ID, c.ID)
		var help []string
		for _, g := range m.FullHelp() {
			for _, b := range g {
				help = append(help, b.Help().Key+" "+b.Help().Desc)
			}
		}
		if h := strings.Join(help, "\n"); !strings.Contains(h, "↓/j scroll down") {
			t.Errorf("help should say j scrolls the pane:\n%s", h)
		}
	})
	t.Run("beside", func(t *testing.T) {
		m := loaded(t, fixture(), 120, 14)
		c := withDetail(t, m, n)
		if v := ansi.Strip(m.View()); strings.Contains(v, last) {
			t.Fatalf("want the last subscription below the fold:\n%s", v)
		}
		for range 40 {
			press(m, "J")
		}
		if v := ansi.Strip(m.View()); !strings.Contains(v, last) {
			t.Errorf("J should scroll the pane to the last subscription:\n%s", v)
		}
		cur, _ := m.Selected()
		equal(t, "J leaves the customer", cur.ID, c.ID)
		press(m, "j")
		cur, _ = m.Selected()
		if cur.ID == c.ID {
			t.Error("j should move to the next customer")
		}
		if v := ansi.Strip(m.View()); !strings.Contains(v, cur.CompanyName+" ") && !strings.Contains(v, "Loading subscriptions") {
			t.Errorf("the pane should follow the cursor to the top of %s:\n%s", cur.CompanyName, v)
		}
	})
}

// TestDetailNoEnd: Partner Center's 9999-12-14 reads "no end", never as a
// date, and a 7-digit fraction without a zone still reads as a day.
func TestDetailNoEnd(t *testing.T) {
	m := loaded(t, fixture(), 160, 40)
	press(m, "enter")
	c, _ := m.Selected()
	subs := []model.Subscription{
		{ID: "a", OfferName: "Azure plan", Status: model.SubscriptionActive, Quantity: 1, CommitmentEnd: "9999-12-14T00:00:00Z"},
		{ID: "b", OfferName: "Office 365 E3", Status: model.SubscriptionActive, Quantity: 2, CommitmentEnd: "2027-03-01T00:00:00.1234567"},
	}
	m.Update(detailMsg{owner: m, epoch: m.epoch, id: c.ID, cust: c, subs: subs})
	v := paneText(m)
	if strings.Contains(v, "9999") || !strings.Contains(v, "qty 1 · no end") {
		t.Errorf("the no-end date should read 'no end':\n%s", v)
	}
	if !strings.Contains(v, "ends 2027-03-01") {
		t.Errorf("a 7-digit fraction without zone should read as a day:\n%s", v)
	}
}
