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
	all := dataset(asyncFrom + 3_000)
	first, late := all[:asyncFrom+1_000], all[asyncFrom+1_000:]
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
	if m.st.job == nil || !m.st.job.resort {
		t.Fatal("s started no sort in the background")
	}
	done := make(chan tea.Msg, 1)
	go func() {
		var msgs []tea.Msg
		for _, c := range cmds {
			msgs = append(msgs, runAll(c)...)
		}
		for _, msg := range msgs {
			if _, ok := msg.(jobMsg); ok {
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
	m.st.replace(7, renamed)
	if got := m.st.customer(7).CompanyName; got != renamed.CompanyName {
		t.Errorf("while the sort runs, customer 7 is %q, want the fresher copy", got)
	}
	for i := 0; i < len(late); i += 500 {
		m.Update(pageMsg{owner: m, page: client.Page{Customers: late[i:min(i+500, len(late))], Total: len(all)}})
	}
	for k := range 30 {
		m.setSummary(int32(k*101), []model.Subscription{{Status: model.SubscriptionSuspended}})
	}
	if len(m.st.order) != len(first) {
		t.Errorf("order changed under the running sort: %d customers, want %d", len(m.st.order), len(first))
	}

	msg := <-done
	if msg == nil {
		t.Fatal("the sort command gave no result")
	}
	cmd := m.Update2(msg)
	if _, ok := m.Sorting(); ok || m.st.sortBy != colDomain {
		t.Fatalf("after the result: sorting %v, sorted by %v", ok, m.st.sortBy)
	}
	// What arrived meanwhile is placed by the next job.
	for _, msg := range runAll(cmd) {
		if _, ok := msg.(jobMsg); ok {
			m.Update(msg)
		}
	}
	if m.st.pending() || m.st.job != nil {
		t.Fatalf("work left after the follow-up job: job %v fresh %d moved %d touched %d repl %d rescan %v resort %v sort %v/%v %v/%v",
			m.st.job != nil, len(m.st.fresh), len(m.st.moved), len(m.st.touched), len(m.st.repl), m.st.rescan, m.st.resortAll, m.st.sortBy, m.st.wantCol, m.st.desc, m.st.wantDesc)
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
// once, the rows follow from a job on another goroutine, keys typed while
// it runs are applied by one job after it, and any key that acts on rows
// acts on what was typed.
func TestFilterCoalescesKeysOverManyCustomers(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 5
	m := loaded(t, fixture(), 120, 30)
	m.settle()
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
	var jobs int
	for len(cmds) > 0 {
		var next []tea.Cmd
		for _, c := range cmds {
			for _, msg := range runAll(c) {
				if _, ok := msg.(jobMsg); ok {
					jobs++
					next = append(next, m.Update2(msg))
				}
			}
		}
		cmds = next
	}
	equal(t, "a scan for the first key and one for the five typed while it ran", jobs, 2)
	equal(t, "shown after the scans", ids(m.Shown()), []string{"c06", "c01"})

	// Typed and accepted, its rows not shown yet: A marks what was typed.
	press(m, "backspace", "backspace", "backspace")
	typeText(m, " !gmbh")
	press(m, "enter", "A")
	got := m.Marked()
	slices.Sort(got)
	equal(t, "marked what was typed", got, []string{"c06"})
}
