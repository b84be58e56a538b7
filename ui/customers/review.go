package customers

import (
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
)

// reviewOf writes the review's state of a customer that arrives into its
// search record: marks (and decisions) may be older than the list.
func (m *Model) reviewOf(id string, r *model.Record) {
	_, on := m.marked[id]
	r.SetMarked(on)
}

// saveMarksCmd saves the marks that changed; without a review store it
// only forgets them.
func (m *Model) saveMarksCmd() tea.Cmd {
	m.markDirty = m.markDirty[:0]
	return nil
}
