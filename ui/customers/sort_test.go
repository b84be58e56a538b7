package customers

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// A sort of many customers runs in the background: keys stay live, the
// header says "sorting", pages and statuses that arrive meanwhile (and a
// customer rewritten in place) end up in the right place, under -race.
func TestBackgroundSort(t *testing.T) {
	all := dataset(syncSortBelow + 3_000)
	first, late := all[:syncSortBelow+1_000], all[syncSortBelow+1_000:]
	m := New(newContext())
	m.SetSize(120, 30)
	loadPages(m, first)

	cmds := press(m, "s") // by domain
	if what, ok := m.Sorting(); !ok || what != "sorting by domain" {
		t.Fatalf("Sorting() = %q, %v after s", what, ok)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "sorting by domain") {
		t.Errorf("header does not say sorting:\n%s", v)
	}
	done := make(chan tea.Msg, 1)
	go func() {
		var msgs []tea.Msg
		for _, c := range cmds {
			msgs = append(msgs, runAll(c)...)
		}
		for _, msg := range msgs {
			if _, ok := msg.(sortedMsg); ok {
				done <- msg
				return
			}
		}
		done <- nil
	}()

	// Meanwhile: keys, a page, statuses and an in-place rewrite.
	press(m, "j", "j", "/")
	typeText(m, "gmbh")
	press(m, "esc")
	renamed := m.st.customer(7)
	renamed.CompanyName, renamed.Domain = "AAA Renamed GmbH", "aaa-renamed.onmicrosoft.de"
	b := newBatch([]model.Customer{renamed})
	m.st.writable(7)
	m.st.disp[7], m.st.recs[7], m.st.names[7] = b.disp[0], b.recs[0], b.names[0]
	m.st.dirty = append(m.st.dirty, 7)
	for i := 0; i < len(late); i += 500 {
		m.Update(pageMsg{owner: m, page: client.Page{Customers: late[i:min(i+500, len(late))], Total: len(all)}})
	}
	for k := range 30 {
		m.setSummary(int32(k*101), []model.Subscription{{Status: model.SubscriptionSuspended}})
	}

	msg := <-done
	if msg == nil {
		t.Fatal("the sort command gave no result")
	}
	m.Update(msg)
	if _, ok := m.Sorting(); ok || m.st.sortBy != colDomain {
		t.Fatalf("after the result: sorting %v, sorted by %v", ok, m.st.sortBy)
	}
	if len(m.st.order) != len(all) || !slices.IsSortedFunc(m.st.order, m.st.cmp) {
		t.Fatalf("order: %d customers, sorted %v", len(m.st.order), slices.IsSortedFunc(m.st.order, m.st.cmp))
	}
	seen := make([]bool, len(all))
	for _, i := range m.st.order {
		if seen[i] {
			t.Fatalf("customer %d twice in order", i)
		}
		seen[i] = true
	}
	if got := m.Shown()[0]; got.ID != renamed.ID {
		t.Errorf("first by domain is %s %q, want the renamed customer", got.ID, got.Domain)
	}
}

// runAll runs cmd and what it batches, as Bubble Tea would, and returns
// the messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// Over many customers typing does not wait for scans: the text shows at
// once, one filterMsg applies everything typed meanwhile, and any other
// key applies the typed filter first, so it acts on what was typed.
func TestFilterCoalescesKeysOverManyCustomers(t *testing.T) {
	defer func(n int) { asyncFilterFrom = n }(asyncFilterFrom)
	asyncFilterFrom = 5
	m := loaded(t, fixture(), 120, 30)
	press(m, "/")
	var cmds []tea.Cmd
	for _, r := range "müller" {
		_, cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	if !strings.Contains(ansi.Strip(m.View()), "/müller") {
		t.Error("the typed text does not show at once")
	}
	equal(t, "rows before the scan", len(m.Shown()), len(fixture()))
	var filters int
	for _, c := range cmds {
		for _, msg := range runAll(c) {
			if _, ok := msg.(filterMsg); ok {
				filters++
				m.Update(msg)
			}
		}
	}
	equal(t, "one scan for six keys", filters, 1)
	equal(t, "shown after the scan", ids(m.Shown()), []string{"c06", "c01"})

	// Typed and accepted before any filterMsg: enter applies it.
	press(m, "backspace", "backspace", "backspace")
	typeText(m, " !gmbh")
	press(m, "enter", "A")
	got := m.Marked()
	slices.Sort(got)
	equal(t, "marked what was typed", got, []string{"c06"})
}
