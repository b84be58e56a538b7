package customers

import (
	"slices"
	"strings"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

// The bulk migration's selection (issue 10 §6): with marks, m migrates the
// marked customers decided "migrate" whose pre-flight check passed, through
// one wizard run; the others are listed apart, each with why it was left
// out. MigrationBatch computes both; the wizard (ui/wizard, pushed by m)
// takes Include and shows Left.

// LeftOut is a marked customer the batch leaves out, and why.
type LeftOut = wizard.LeftOut

// MigrationBatch splits the marked customers into those a bulk migration
// takes (decided migrate, check passed) and those it leaves out, each
// list by company name.
func (m *Model) MigrationBatch() (include []model.Customer, left []LeftOut) {
	for _, id := range m.Marked() {
		i, ok := m.st.byID[id]
		if !ok {
			left = append(left, LeftOut{Customer: model.Customer{ID: id, CompanyName: id}, Reason: "not loaded (yet)"})
			continue
		}
		c := m.st.customer(i)
		d, chk, why := m.Decision(id)
		switch {
		case d == model.DecisionNone:
			left = append(left, LeftOut{Customer: c, Reason: "no decision yet (d m decides migrate)"})
		case d != model.DecisionMigrate:
			left = append(left, LeftOut{Customer: c, Reason: "decided " + string(d)})
		case chk == model.CheckNone:
			left = append(left, LeftOut{Customer: c, Reason: "not checked yet (c checks)"})
		case chk == model.CheckFailed:
			left = append(left, LeftOut{Customer: c, Reason: "check failed: " + why})
		case chk == model.CheckError:
			left = append(left, LeftOut{Customer: c, Reason: "check could not be made: " + why})
		default:
			include = append(include, c)
		}
	}
	slices.SortFunc(include, func(a, b model.Customer) int { return strings.Compare(a.CompanyName, b.CompanyName) })
	slices.SortFunc(left, func(a, b LeftOut) int { return strings.Compare(a.Customer.CompanyName, b.Customer.CompanyName) })
	return include, left
}
