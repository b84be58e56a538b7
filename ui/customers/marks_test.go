package customers

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func sortedMarks(m *Model) []string {
	got := m.Marked()
	slices.Sort(got)
	return got
}

// TestMarkedQualifierAndHidden: marked:yes shows the marks, !marked:yes
// the others, and the info line says how many marks the filter hides.
func TestMarkedQualifierAndHidden(t *testing.T) {
	m := loaded(t, fixture(), 160, 20)
	// Name order: c06 c04 c02 c03 c09 c01 c05 c10 c08 c07.
	press(m, "space", "j", "space") // c06, c02
	equal(t, "marks", sortedMarks(m), []string{"c02", "c06"})
	press(m, "/")
	typeText(m, "marked:yes")
	press(m, "enter")
	equal(t, "marked:yes", ids(m.Shown()), []string{"c06", "c02"})
	press(m, "/", "ctrl+u")
	typeText(m, "!marked:yes")
	press(m, "enter")
	equal(t, "!marked:yes", len(m.Shown()), 8)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "2 marked (2 hidden by the filter)") {
		t.Errorf("hidden marks not counted:\n%s", v)
	}
	// Marking under !marked:yes: the row leaves, the next one is under
	// the cursor, and the count follows.
	first := m.Shown()[0].ID
	next := m.Shown()[1].ID
	press(m, "space")
	if c, _ := m.Selected(); c.ID != next || slices.Contains(ids(m.Shown()), first) {
		t.Errorf("after marking %s under !marked:yes: cursor on %s, shown %v", first, c.ID, ids(m.Shown()))
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "3 marked (3 hidden by the filter)") {
		t.Errorf("after a mark:\n%s", v)
	}
	// A sort keeps marks and the filter.
	press(m, "s", "S")
	equal(t, "after sort", len(m.Shown()), 7)
	equal(t, "marks after sort", len(m.Marked()), 3)
	// More marks than rows shown: counted the other way round.
	press(m, "/", "ctrl+u")
	typeText(m, "id:c06")
	press(m, "enter")
	equal(t, "hidden, few rows", m.hiddenMarks(), 2)
	press(m, "/", "ctrl+u")
	typeText(m, "id:c05")
	press(m, "enter")
	equal(t, "hidden, few rows, none marked", m.hiddenMarks(), 3)
}

// TestMarkShownInvertClear: A marks what the filter shows, I inverts
// within it (marks it hides stay), U clears all.
func TestMarkShownInvertClear(t *testing.T) {
	m := loaded(t, fixture(), 160, 20)
	press(m, "/")
	typeText(m, "gmbh")
	press(m, "enter")
	press(m, "A")
	equal(t, "A", sortedMarks(m), []string{"c01", "c02", "c07", "c10"})
	press(m, "esc") // clear the filter
	press(m, "/")
	typeText(m, "de")
	press(m, "enter")
	shown := ids(m.Shown())
	press(m, "I")
	want := map[string]bool{}
	for _, id := range []string{"c01", "c02", "c07", "c10"} {
		if !slices.Contains(shown, id) {
			want[id] = true // hidden: stays marked
		}
	}
	for _, id := range shown {
		if !slices.Contains([]string{"c01", "c02", "c07", "c10"}, id) {
			want[id] = true
		}
	}
	var wantIDs []string
	for id := range want {
		wantIDs = append(wantIDs, id)
	}
	slices.Sort(wantIDs)
	equal(t, "I", sortedMarks(m), wantIDs)
	press(m, "U")
	equal(t, "U", len(m.Marked()), 0)
	for i := range m.st.recs {
		if m.st.recs[i].Marked() {
			t.Errorf("record %d still marked after U", i)
		}
	}
}

// TestMarksOutliveProfiles: a customer rewritten by its profile keeps
// its mark for the filter.
func TestMarksOutliveProfiles(t *testing.T) {
	m := loaded(t, fixture(), 160, 20)
	press(m, "space")
	c, _ := m.st.byID["c06"]
	cust := m.st.customer(c)
	cust.City = "Hamburg"
	m.setProfile("c06", cust)
	press(m, "/")
	typeText(m, "marked:yes")
	equal(t, "marked:yes after a profile", ids(m.Shown()), []string{"c06"})
}
