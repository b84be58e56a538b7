package customers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// withStatuses gives some fixture customers a known subscription summary.
func withStatuses(m *Model, st map[string]model.CustomerStatus) {
	a := m.anchor()
	defer m.restore(a)
	for id, s := range st {
		m.st.setSummary(m.st.byID[id], knownSummary(model.SubscriptionSummary{Count: 2, Status: s}))
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		query string
		want  []string // ids, in name order
	}{
		{"gmbh", []string{"c02", "c01", "c10", "c07"}},
		{"GMBH", []string{"c02", "c01", "c10", "c07"}},
		{"!gmbh", []string{"c06", "c04", "c03", "c09", "c05", "c08"}},
		{"müller", []string{"c06", "c01"}},
		{"name:müller !kg", []string{"c01"}},
		{"domain:onmicrosoft", []string{"c02", "c03", "c01", "c05", "c10", "c08"}},
		{"country:at", []string{"c03", "c10"}},
		{"rel:advisor", []string{"c03", "c08"}},
		{"tenant:cc33dd", []string{"c03"}},
		{"id:c09", []string{"c09"}},
		{"status:suspended", []string{"c02"}},
		{"status:active gmbh", []string{"c01"}},
		// Unknown statuses are neither active nor not active.
		{"!status:active country:de", []string{"c02"}},
		{"status:? country:de", []string{"c06", "c04", "c08"}},
		{"nothing-matches", []string{}},
		{"", []string{"c06", "c04", "c02", "c03", "c09", "c01", "c05", "c10", "c08", "c07"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m := loaded(t, fixture(), 120, 30)
			withStatuses(m, map[string]model.CustomerStatus{"c01": model.StatusActive, "c02": model.StatusSuspended, "c09": model.StatusActive})
			press(m, "/")
			typeText(m, tt.query)
			press(m, "enter")
			equal(t, "shown", ids(m.Shown()), tt.want)
			if m.Capturing() {
				t.Error("enter should leave the filter input")
			}
			// The table shows exactly the same rows.
			if got := strings.Count(ansi.Strip(m.View()), "\n") - 1; len(tt.want) > 0 && got < len(tt.want) {
				t.Errorf("view has %d rows, want at least %d", got, len(tt.want))
			}
		})
	}
}

// TestFilterIncremental types letter by letter and after each keystroke
// (narrowing and not) compares with a full evaluation of the query.
func TestFilterIncremental(t *testing.T) {
	m := loaded(t, fixture(), 120, 30)
	press(m, "/")
	check := func() {
		t.Helper()
		q := model.ParseQuery(m.filterText)
		var want []string
		for i := range m.st.len() {
			c := m.st.customer(int32(i))
			r := model.NewRecord(c, model.StatusUnknown)
			if q.Match(&r) {
				want = append(want, c.ID)
			}
		}
		got := ids(m.Shown())
		slices.Sort(got)
		slices.Sort(want)
		if want == nil {
			want = []string{}
		}
		equal(t, fmt.Sprintf("after %q", m.filterText), got, want)
	}
	for _, r := range "gmbh !co" {
		if r == ' ' {
			press(m, "space")
		} else {
			typeText(m, string(r))
		}
		check()
	}
	for range 5 {
		press(m, "backspace")
		check()
	}
	press(m, "esc")
	equal(t, "esc clears", m.filterText, "")
	equal(t, "esc leaves input", m.Capturing(), false)
	equal(t, "all shown", len(m.Shown()), len(fixture()))
}

// TestActionRightAfterTyping: an action pressed right after the last
// letter applies to exactly the rows on screen.
func TestActionRightAfterTyping(t *testing.T) {
	m := loaded(t, fixture(), 120, 30)
	press(m, "/")
	typeText(m, "müller")
	press(m, "enter", "A")
	marked := m.Marked()
	slices.Sort(marked)
	equal(t, "marked", marked, []string{"c01", "c06"})

	press(m, "/", "esc", "/") // "/" resumes the current filter; esc clears it
	typeText(m, "!")
	typeText(m, "x")
	press(m, "enter", "U", "space")
	shown := m.Shown()
	equal(t, "space marks the first shown row", m.Marked(), []string{shown[0].ID})
}

func TestSort(t *testing.T) {
	m := loaded(t, fixture(), 200, 30)
	press(m, "j", "j") // Contoso GmbH
	sel, _ := m.Selected()
	tests := []struct {
		keys  []string
		first string
		col   column
		desc  bool
	}{
		{[]string{"s"}, "c06", colDomain, false},              // adatum.de
		{[]string{"S"}, "c08", colDomain, true},               // woodgrove…
		{[]string{"s"}, "c07", colTenant, false},              // 11223344
		{[]string{"s", "s"}, "c03", colCountry, false},        // AT, first arrived
		{[]string{"s", "s", "s", "s"}, "c06", colName, false}, // Subs, Status, Decision, Name
	}
	for _, tt := range tests {
		press(m, tt.keys...)
		equal(t, fmt.Sprintf("first after %v", tt.keys), m.Shown()[0].ID, tt.first)
		equal(t, "sort column", m.st.sortBy, tt.col)
		equal(t, "descending", m.st.desc, tt.desc)
		cur, _ := m.Selected()
		equal(t, "cursor stays on the same customer", cur.ID, sel.ID)
		shown := m.Shown()
		if !slices.IsSortedFunc(m.st.shown, m.st.cmp) || len(shown) != len(fixture()) {
			t.Errorf("shown not sorted by %v", tt.col)
		}
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Name ▲") {
		t.Errorf("header lacks the sort indicator:\n%s", v)
	}
}

func TestSortByStatusMovesRowsAsStatusesArrive(t *testing.T) {
	m := loaded(t, fixture(), 200, 30)
	for m.st.sortBy != colStatus {
		press(m, "s")
	}
	sel, _ := m.Selected()
	withStatuses(m, map[string]model.CustomerStatus{"c09": model.StatusSuspended})
	equal(t, "suspended first", m.Shown()[0].ID, "c09")
	cur, _ := m.Selected()
	equal(t, "cursor kept", cur.ID, sel.ID)
}

func TestMarksSurviveFilterAndSort(t *testing.T) {
	m := loaded(t, fixture(), 120, 30)
	press(m, "space", "space", "k", "k") // mark first two, cursor back on first
	press(m, "/")
	typeText(m, "zzz")
	press(m, "enter", "esc", "s", "S")
	got := m.Marked()
	slices.Sort(got)
	equal(t, "marks", got, []string{"c04", "c06"})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "2 marked") || strings.Count(v, "●") != 2 {
		t.Errorf("view should show 2 marks:\n%s", v)
	}
	press(m, "U")
	equal(t, "cleared", len(m.Marked()), 0)
}

func TestPagesStreamIn(t *testing.T) {
	all := fixture()
	m := newModel(newContext())
	m.SetSize(120, 20)
	press(m, "/")
	typeText(m, "gmbh")
	press(m, "enter")
	var counts []common.CountsMsg
	for i, page := range [][]model.Customer{all[:3], all[3:7], all[7:]} {
		last := i == 2
		_, cmd := m.Update(pageMsg{owner: m, page: client.Page{Customers: page, Total: len(all)}, done: last})
		for _, msg := range drain(t, m, cmd) {
			if c, ok := msg.(common.CountsMsg); ok {
				counts = append(counts, c)
			}
		}
		if i == 0 {
			press(m, "j") // cursor on Müller
		}
	}
	equal(t, "filtered as appended", ids(m.Shown()), []string{"c02", "c01", "c10", "c07"})
	cur, _ := m.Selected()
	equal(t, "cursor stayed on Müller", cur.ID, "c01")
	equal(t, "counts", counts, []common.CountsMsg{{Loaded: 3, Total: 10}, {Loaded: 7, Total: 10}, {Loaded: 10, Total: 10, Done: true}})
	// A page from a pager that is no longer current is ignored.
	m.Update(pageMsg{owner: m, pager: &client.Pager{}, page: client.Page{Customers: []model.Customer{{ID: "late", CompanyName: "Late GmbH"}}}})
	equal(t, "late page ignored", m.st.len(), 10)
}

func TestBusyWhileLoading(t *testing.T) {
	all := fixture()
	m := newModel(newContext())
	m.SetSize(120, 20)
	m.loading = true // as Init leaves it
	m.Update(pageMsg{owner: m, page: client.Page{Customers: all[:5], Total: len(all)}})
	equal(t, "busy after the first page", m.Busy(), true)
	m.Update(pageMsg{owner: m, page: client.Page{Customers: all[5:], Total: len(all)}, done: true})
	equal(t, "busy when done", m.Busy(), false)
}

// TestRangeMarks: ctrl+space marks every row from the last marked one to
// the cursor, downwards or upwards, and chains from there.
func TestRangeMarks(t *testing.T) {
	// In name order: c06 c04 c02 c03 c09 c01 c05 c10 c08 c07.
	tests := []struct {
		name   string
		keys   []string
		want   []string
		status string
	}{
		{"down", []string{"space", "j", "j", "ctrl+space"}, []string{"c02", "c03", "c04", "c06"}, "Marked 4 rows; 4 marked in all"},
		{"chained", []string{"space", "j", "j", "ctrl+space", "j", "j", "ctrl+@"},
			[]string{"c01", "c02", "c03", "c04", "c06", "c09"}, "Marked 3 rows; 6 marked in all"},
		{"up", []string{"G", "space", "k", "k", "k", "ctrl+space"}, []string{"c05", "c07", "c08", "c10"}, "Marked 4 rows; 4 marked in all"},
		{"no mark yet", []string{"j", "ctrl+space"}, []string{}, "Mark a row with space first"},
		{"last mark unmarked", []string{"space", "k", "space", "j", "ctrl+space"}, []string{}, "Mark a row with space first"},
		{"after U", []string{"space", "U", "ctrl+space"}, []string{}, "Mark a row with space first"},
		{"last mark filtered out", []string{"space", "/", "g", "m", "b", "h", "enter", "ctrl+space"}, []string{"c06"}, "Mark a row with space first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loaded(t, fixture(), 120, 30)
			cmds := press(m, tt.keys...)
			got := m.Marked()
			slices.Sort(got)
			equal(t, "marked", got, tt.want)
			msg, _ := cmds[len(cmds)-1]().(common.StatusMsg)
			if !strings.HasPrefix(msg.Text, tt.status) {
				t.Errorf("status %q, want %q…", msg.Text, tt.status)
			}
			onScreen := 0
			for _, id := range ids(m.Shown()) {
				if slices.Contains(tt.want, id) {
					onScreen++
				}
			}
			if v := ansi.Strip(m.View()); strings.Count(v, "●") != onScreen {
				t.Errorf("view should show %d marks:\n%s", onScreen, v)
			}
		})
	}
}
