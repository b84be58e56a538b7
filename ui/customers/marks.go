package customers

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// markedNote is the marks' part of the info line: " · 12 marked", and
// when the filter hides some, " · 12 marked (5 hidden by the filter)".
func (m *Model) markedNote() string {
	n := len(m.marked)
	if n == 0 {
		return ""
	}
	s := " · " + count(n) + " marked"
	if h := m.hiddenMarks(); h > 0 {
		s += " (" + count(h) + " hidden by the filter)"
	}
	return s
}

// hiddenMarks counts the marked customers the filter hides (marks on
// customers not loaded yet are hidden too: they are not shown).
func (m *Model) hiddenMarks() int {
	if len(m.marked) == 0 {
		return 0
	}
	// Counted again only when marks or rows changed: the count is on
	// every frame, and with a million marked it reads every row.
	key := [4]int{m.markGen, m.st.shownGen, len(m.marked), m.st.len()}
	if m.hiddenCount.key == key {
		return m.hiddenCount.n
	}
	n := m.countHiddenMarks()
	m.hiddenCount.key, m.hiddenCount.n = key, n
	return n
}

func (m *Model) countHiddenMarks() int {
	shown := 0
	if len(m.marked) < len(m.st.shown) {
		// Fewer marks than rows: look the marks up (hit says shown).
		for id := range m.marked {
			if i, ok := m.st.byID[id]; ok && m.st.hit[i] {
				shown++
			}
		}
	} else {
		for _, i := range m.st.shown {
			if m.st.recs[i].Marked() {
				shown++
			}
		}
	}
	return len(m.marked) - shown
}

// setMark marks or unmarks customer i, in the marks and in its record;
// a filter on marked: then keeps or drops it.
func (m *Model) setMark(i int32, on bool) {
	m.markGen++
	id := m.st.id(i)
	if on {
		m.marked[id] = struct{}{}
	} else {
		delete(m.marked, id)
		if m.lastMark == id {
			m.lastMark = ""
		}
	}
	m.st.recs[i].SetMarked(on)
	m.markDirty = append(m.markDirty, id)
	if m.st.query.HasField(model.FieldMarked) {
		m.st.refilter(i)
	}
}

// markMany marks (or unmarks) customers, filtering once at the end.
func (m *Model) markMany(idx []int32, on bool) {
	if on && len(idx) > len(m.marked) {
		// Room for them all at once, rather than growing the map
		// (and rehashing it) a million customers long.
		marked := make(map[string]struct{}, len(m.marked)+len(idx))
		for id := range m.marked {
			marked[id] = struct{}{}
		}
		m.marked = marked
	}
	m.markDirty = slices.Grow(m.markDirty, len(idx))
	q := m.st.query
	m.st.query = model.Query{} // refilter once, after
	for _, i := range idx {
		m.setMark(i, on)
	}
	m.st.query = q
	if q.HasField(model.FieldMarked) {
		m.st.setFilterAll(q)
	}
}

// toggleMark is space: mark or unmark the row under the cursor and move
// down.
func (m *Model) toggleMark() tea.Cmd {
	a := m.anchor()
	if a < 0 {
		return noSelection()
	}
	cur := m.tbl.Cursor()
	on := !m.st.recs[a].Marked()
	m.setMark(a, on)
	if on {
		m.lastMark = m.st.id(a)
	}
	if p := m.st.position(a); p >= 0 {
		m.tbl.SetLen(len(m.st.shown))
		m.tbl.SetCursor(p + 1)
	} else {
		// The filter dropped it: the next row is now under the cursor.
		m.tbl.SetLen(len(m.st.shown))
		m.tbl.SetCursor(cur)
	}
	return tea.Batch(m.visibleCmd(), m.saveMarksCmd())
}

// markShown is A: mark every customer the filter shows.
func (m *Model) markShown() tea.Cmd {
	a := m.anchor()
	idx := slices.Clone(m.st.shown)
	m.markMany(idx, true)
	m.restore(a)
	return tea.Batch(m.saveMarksCmd(), common.StatusCmd(common.Info, "Marked "+count(len(idx))+" shown; "+count(len(m.marked))+" marked in all"))
}

// invertShown is I: within what the filter shows, marked rows are
// unmarked and the others marked; marks the filter hides stay.
func (m *Model) invertShown() tea.Cmd {
	a := m.anchor()
	var on, off []int32
	for _, i := range m.st.shown {
		if m.st.recs[i].Marked() {
			off = append(off, i)
		} else {
			on = append(on, i)
		}
	}
	q := m.st.query
	m.st.query = model.Query{}
	m.markMany(on, true)
	m.markMany(off, false)
	m.st.query = q
	if q.HasField(model.FieldMarked) {
		m.st.setFilterAll(q)
	}
	if !m.restore(a) {
		m.tbl.SetCursor(0)
	}
	return tea.Batch(m.saveMarksCmd(), m.visibleCmd(), common.StatusCmd(common.Info, "Inverted marks of "+count(len(on)+len(off))+" shown; "+count(len(m.marked))+" marked in all"))
}

// clearMarks is U.
func (m *Model) clearMarks() tea.Cmd {
	a := m.anchor()
	var idx []int32
	for id := range m.marked {
		if i, ok := m.st.byID[id]; ok {
			idx = append(idx, i)
		} else {
			m.markDirty = append(m.markDirty, id)
		}
	}
	m.markMany(idx, false)
	m.marked, m.lastMark = map[string]struct{}{}, ""
	if !m.restore(a) {
		m.tbl.SetCursor(0)
	}
	return tea.Batch(m.saveMarksCmd(), m.visibleCmd(), common.StatusCmd(common.Info, "Marks cleared"))
}
