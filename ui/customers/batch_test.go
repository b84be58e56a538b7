package customers

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

// TestMigrationBatch: only the marked customers decided migrate whose
// check passed are taken; each other marked one is left out with why.
func TestMigrationBatch(t *testing.T) {
	m := loaded(t, fixture(), 160, 20)
	set := func(id string, d model.Decision, c model.CheckState, why string) {
		e := m.entryFor(id)
		e.decision, e.check, e.checkReason = d, c, why
		m.marked[id] = struct{}{}
	}
	set("c01", model.DecisionMigrate, model.CheckEligible, "")
	set("c02", model.DecisionMigrate, model.CheckFailed, "not active")
	set("c03", model.DecisionSkip, model.CheckEligible, "")
	set("c04", model.DecisionMigrate, model.CheckNone, "")
	set("c05", model.DecisionNone, model.CheckNone, "")
	set("c06", model.DecisionMigrate, model.CheckEligible, "")
	m.entryFor("c07").decision = model.DecisionMigrate // not marked
	in, left := m.MigrationBatch()
	equal(t, "included", ids(in), []string{"c06", "c01"})
	got := map[string]string{}
	for _, l := range left {
		got[l.Customer.ID] = l.Reason
	}
	equal(t, "left out", got, map[string]string{
		"c02": "check failed: not active",
		"c03": "decided skip",
		"c04": "not checked yet (c checks)",
		"c05": "no decision yet (d m decides migrate)",
	})
}

// TestMigrateKeyTakesTheBatch: with a review under way, m opens the wizard
// for the batch only, the others listed apart; with marks and no review,
// every marked customer goes; with nothing decided migrate, m says so.
func TestMigrateKeyTakesTheBatch(t *testing.T) {
	pushed := func(t *testing.T, cmd tea.Cmd) *wizard.Model {
		t.Helper()
		for _, msg := range cmdtest.Run(t, cmd) {
			if p, ok := msg.(common.PushMsg); ok {
				if w, ok := p.Layer.(*wizard.Model); ok {
					return w
				}
			}
		}
		return nil
	}
	m := loaded(t, fixture(), 160, 20)
	m.marked["c01"], m.marked["c02"] = struct{}{}, struct{}{}
	w := pushed(t, tea.Batch(press(m, "m")...))
	if w == nil || len(w.Customers()) != 2 || len(w.Left()) != 0 {
		t.Fatalf("marks without a review: wizard %v", w)
	}

	e := m.entryFor("c02")
	e.decision, e.check = model.DecisionSkip, model.CheckEligible
	if w := pushed(t, tea.Batch(press(m, "m")...)); w != nil {
		t.Fatalf("nothing decided migrate, yet the wizard opened for %d", len(w.Customers()))
	}

	e = m.entryFor("c01")
	e.decision, e.check = model.DecisionMigrate, model.CheckEligible
	w = pushed(t, tea.Batch(press(m, "m")...))
	if w == nil || len(w.Customers()) != 1 || w.Customers()[0].ID != "c01" || len(w.Left()) != 1 || w.Left()[0].Reason != "decided skip" {
		t.Fatalf("batch: %v", w)
	}
}
