package customers

import (
	"testing"

	"github.com/mcgdash/mcgdash/model"
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
