package customers

import (
	tea "charm.land/bubbletea/v2"
	"fmt"
	"github.com/mcgdash/mcgdash/client"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/model"
)

// A filter job reads a customer's state, and the UI loop changes it before
// the result is taken (the job is done, its jobMsg waits in the queue
// behind a subsMsg). The change must not be lost: whatever the job saw,
// once the jobs are done, hit and shown say what the customer is now.
func TestStateChangedAfterAFilterJobReadIt(t *testing.T) {
	for _, tt := range []struct {
		name, before, after string
	}{
		// Every customer shown before, a scan of those shown after.
		{"scan", "", "status:sus"},
		// Few shown before: the direct job tests only those.
		{"direct", "müller", "müller status:sus"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore()
			s.add(newBatch(dataset(3_000)))
			s.setFilter(model.ParseQuery(tt.before))
			s.settle()
			i := s.shown[0]
			s.setFilter(model.ParseQuery(tt.after))
			j := s.start()
			if tt.name == "direct" && !j.direct {
				t.Fatalf("not a direct job (%d shown of %d)", len(s.shown), s.len())
			}
			r := j.run() // sees customer i's status unknown
			s.setSummary(i, knownSummary(model.SubscriptionSummary{Count: 1, Status: model.StatusSuspended}))
			s.take(r)
			s.settle()
			checkStore(t, &s)
		})
	}
}

// The review's state of many customers changes (onReviewLoaded) while a
// sort by decision runs and another sort is asked for: the sort's keys
// were prepared before the change, so the order by decision it gives is
// not to be kept as it is.
func TestReviewLoadedWhileASortByDecisionRuns(t *testing.T) {
	s := newStore()
	s.add(newBatch(dataset(3_000)))
	s.settle()
	s.setSort(colDecision, false)
	j := s.start()
	if !j.resort {
		t.Fatal("no sort by decision")
	}
	s.setSort(colDomain, false)
	for i := range s.recs {
		if i%3 == 0 {
			s.recs[i].SetDecision(model.DecisionMigrate)
		}
	}
	s.refreshKeys()
	s.setFilterAll(s.query)
	s.take(j.run())
	s.setSort(colDecision, false) // back before the sort by domain starts
	s.settle()
	checkStore(t, &s)
}

// takeJobs runs what cmd batches, as Bubble Tea would, and gives the view
// job's result to m.
func takeJobs(m *Model, cmds ...tea.Cmd) {
	for len(cmds) > 0 {
		var next []tea.Cmd
		for _, c := range cmds {
			for _, msg := range runAll(c) {
				if _, ok := msg.(jobMsg); ok {
					next = append(next, m.Update2(msg))
				}
			}
		}
		cmds = next
	}
}

// F over many customers, while a page waits for its merge job: every
// customer the filter covers is fetched, those still to be placed too.
func TestFetchAllWhileAPageIsMerged(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 5
	f, c := serve(t)
	m := newModel(c)
	m.SetBulkRate(0)
	m.SetSize(140, 5)
	custs := fixture()
	takeJobs(m, m.Update2(pageMsg{owner: m, page: client.Page{Customers: custs[:6], Total: 10}}))
	press(m, "/")
	for _, r := range "status:?" {
		takeJobs(m, m.Update2(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	takeJobs(m, press(m, "enter")...)
	// The last page: its job runs when F is pressed.
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs[6:], Total: 10}, done: true})
	if m.st.job == nil {
		t.Fatal("no job places the last page")
	}
	calls := f.calls.Load()
	frameLoop(t, m, press(m, "F")[0], nil)
	if got := f.calls.Load() - calls; got != 10 {
		t.Errorf("F made %d calls for 10 unknown statuses", got)
	}
}

// A filter typed and accepted hides the row under the cursor; a key that
// acts on rows, pressed before the filter's rows show, acts on the first
// row of the filter, as it does over few customers (applyFilter), not on
// whatever row the old cursor index falls on.
func TestRowKeyAfterAFilterHidesTheCursorRow(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	for _, from := range []int{1 << 30, 5} {
		asyncFrom = from
		m := loaded(t, fixture(), 120, 30)
		m.settle()
		press(m, "j", "j", "j", "j", "j", "j", "j") // the 8th row
		if c, _ := m.Selected(); strings.Contains(strings.ToLower(c.CompanyName), "müller") {
			t.Fatalf("the cursor row %q matches the filter", c.CompanyName)
		}
		press(m, "/")
		typeText(m, "müller")
		press(m, "enter", "space")
		got := m.Marked()
		equal(t, fmt.Sprintf("marked (async from %d)", from), got, []string{"c06"})
	}
}

// x exports the marked customers in the table's order, over many
// customers too while a page waits for its merge job: a marked customer
// of that page comes after those placed, not first.
func TestExportMarksWhileAPageIsMerged(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 5
	m := newModel(newContext())
	m.SetSize(120, 30)
	custs := fixture()
	takeJobs(m, m.Update2(pageMsg{owner: m, page: client.Page{Customers: custs[:6], Total: 10}}))
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs[6:], Total: 10}, done: true})
	if m.st.job == nil {
		t.Fatal("no job places the last page")
	}
	m.setMark(m.st.byID["c02"], true) // Contoso, placed
	m.setMark(m.st.byID["c10"], true) // Tailspin, still to place
	press(m, "x")
	if m.export == nil {
		t.Fatal("x started no export")
	}
	var got []string
	for _, i := range m.export.src.idx {
		got = append(got, m.export.src.row(i).CustomerID)
	}
	equal(t, "exported", got, []string{"c02", "c10"})
}

// A sort in the background that a row key takes early (the key waited
// for a filter typed while the sort ran) still says it is done: the
// status line does not keep "Sorting…" without a "Sorted".
func TestSortTakenByARowKeySaysSorted(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 5
	m := loaded(t, fixture(), 120, 30)
	m.settle()
	sort := press(m, "s") // by domain, in the background
	if m.st.job == nil || !m.st.job.resort {
		t.Fatal("s started no sort in the background")
	}
	press(m, "/")
	typeText(m, "gmbh")
	press(m, "enter", "space") // waits for the sort, then filters
	var texts []string
	for _, c := range sort {
		for _, msg := range runAll(c) {
			if _, ok := msg.(jobMsg); ok {
				texts = append(texts, statusTexts(runAll(m.Update2(msg)))...)
			}
		}
	}
	var sorted bool
	for _, s := range texts {
		sorted = sorted || strings.HasPrefix(s, "Sorted 10 customers by Domain")
	}
	if !sorted {
		t.Errorf("no word that the sort is done; status lines: %q", texts)
	}
}

// Text typed into the note (or the export path) is not a row action: a
// space or an x typed there does not wait for a filter job.
func TestNoteTextDoesNotWaitForAFilterJob(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 5
	m := loaded(t, fixture(), 120, 30)
	m.settle()
	press(m, "n")
	if !m.noting {
		t.Fatal("n opened no note")
	}
	m.Update(reviewLoadedMsg{owner: m}) // every customer is tested again
	if m.st.job == nil || !m.st.job.rescan {
		t.Fatal("no filter job runs")
	}
	press(m, "space", "x", "enter")
	if m.st.job == nil {
		t.Error("typing the note waited for the filter job")
	}
}
