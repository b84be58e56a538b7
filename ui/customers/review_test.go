package customers

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
)

// reviewed is a loaded screen keeping its review in the store at path:
// as the program starts it, the stored review and the first page race.
func reviewed(t *testing.T, path string) *Model {
	t.Helper()
	rs, err := review.Open(path, "germany/test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rs.Close() })
	m := newModel(newContext())
	m.SetReview(rs)
	m.SetSize(200, 20)
	m.Update(pageMsg{owner: m, page: client.Page{Customers: fixture(), Total: 10}, done: true})
	drain(t, m, m.Init())
	return m
}

// feedReview is drain that also feeds the review's messages.
func feedReview(t *testing.T, m *Model, cmds ...tea.Cmd) {
	t.Helper()
	frameLoop(t, m, tea.Batch(cmds...), nil, func(msg tea.Msg) bool {
		switch msg.(type) {
		case reviewLoadedMsg, reviewSavedMsg:
			return true
		}
		return false
	})
}

// TestReviewAcrossRestart: marks, decisions and notes are saved as they
// are made and are there, in the table and for the filter, after a
// restart.
func TestReviewAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), review.FileName)
	m := reviewed(t, path)
	feedReview(t, m, m.loadReviewCmd())
	// Name order: c06 c04 c02 c03 c09 …
	feedReview(t, m, press(m, "space", "space")...) // c06, c04
	feedReview(t, m, press(m, "d", "m")...)         // both marked: migrate
	feedReview(t, m, press(m, "U")...)              // the cursor is on c02
	feedReview(t, m, press(m, "d", "f")...)
	feedReview(t, m, press(m, "n")...)
	typeText(m, "call Tuesday")
	feedReview(t, m, press(m, "enter")...)
	feedReview(t, m, press(m, "k", "space")...) // c04 marked again
	if m.saving || len(m.pending) != 0 {
		t.Fatalf("saves left: saving %v, %d pending", m.saving, len(m.pending))
	}

	// A restart: a new screen on the same file.
	m2 := reviewed(t, path)
	feedReview(t, m2, m2.loadReviewCmd())
	equal(t, "marks after restart", m2.Marked(), []string{"c04"})
	for id, want := range map[string]model.Decision{"c06": model.DecisionMigrate, "c04": model.DecisionMigrate, "c02": model.DecisionFollowUp, "c03": ""} {
		if d, _, _ := m2.Decision(id); d != want {
			t.Errorf("%s: decision %q after restart, want %q", id, d, want)
		}
	}
	equal(t, "note", m2.Note("c02"), "call Tuesday")
	press(m2, "/")
	typeText(m2, "decision:migrate")
	equal(t, "decision:migrate", ids(m2.Shown()), []string{"c06", "c04"})
	press(m2, "ctrl+u")
	typeText(m2, "decision:?")
	equal(t, "decision:?", len(m2.Shown()), 7)
	if v := ansi.Strip(m2.View()); !strings.Contains(v, "Decision") {
		t.Errorf("no Decision column:\n%s", v)
	}
	press(m2, "esc")
	if v := ansi.Strip(m2.View()); !strings.Contains(v, "follow-up ✎") || !strings.Contains(v, "migrate") {
		t.Errorf("decisions not shown:\n%s", v)
	}
}

// TestReviewTwoInstances: two dashboards on one review, each deciding for
// other customers and marking at once; after both, a third sees all.
func TestReviewTwoInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), review.FileName)
	a, b := reviewed(t, path), reviewed(t, path)
	feedReview(t, a, a.loadReviewCmd())
	feedReview(t, b, b.loadReviewCmd())
	// a: c06 skip; b: c04 (second row) migrate, both mark their row.
	ca := press(a, "d", "s", "space")
	cb := press(b, "j", "d", "m", "space")
	done := make(chan struct{})
	go func() { feedReview(t, a, ca...); close(done) }()
	feedReview(t, b, cb...)
	<-done
	c := reviewed(t, path)
	feedReview(t, c, c.loadReviewCmd())
	got := c.Marked()
	slices.Sort(got)
	equal(t, "marks", got, []string{"c04", "c06"})
	if d, _, _ := c.Decision("c06"); d != model.DecisionSkip {
		t.Errorf("c06: %q", d)
	}
	if d, _, _ := c.Decision("c04"); d != model.DecisionMigrate {
		t.Errorf("c04: %q", d)
	}
}

// TestSortByDecision: the Decision column sorts migrate first and moves
// a row when its decision changes.
func TestSortByDecision(t *testing.T) {
	m := loaded(t, fixture(), 200, 20)
	press(m, "G", "d", "m") // the last by name: c07
	for m.st.sortBy != colDecision {
		press(m, "s")
	}
	equal(t, "first", m.Shown()[0].ID, "c07")
	press(m, "g", "d", "x")
	if m.Shown()[0].ID == "c07" || !slices.IsSortedFunc(m.st.shown, m.st.cmp) {
		t.Errorf("after undeciding: %v", ids(m.Shown()))
	}
}
