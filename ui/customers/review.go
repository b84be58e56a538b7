package customers

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

// The review: marks, decisions with notes and check outcomes, kept in a
// review.Store (SetReview) and saved as they are made. Saves run one at a
// time, in the order the changes were made, off the UI loop; a failed
// save keeps its changes to try again with the next one, and says so.

// entry is the review's state of one customer beyond the mark, which the
// marks map holds.
type entry struct {
	decision    model.Decision
	note        string
	check       model.CheckState
	checkReason string
}

// reviewLoadedMsg carries the stored review at start.
type reviewLoadedMsg struct {
	owner   *Model
	entries map[string]review.Entry
	err     error
}

// reviewSavedMsg ends a save.
type reviewSavedMsg struct {
	owner *Model
	ops   []review.Op
	err   error
}

// SetReview gives the screen the store its review is kept in; call it
// before Init. Without one, the review lasts as long as the program.
func (m *Model) SetReview(s *review.Store) { m.rs = s }

// loadReviewCmd reads the stored review.
func (m *Model) loadReviewCmd() tea.Cmd {
	rs, ctx := m.rs, m.c.Ctx
	if rs == nil {
		return nil
	}
	return func() tea.Msg {
		e, err := rs.Load(ctx)
		return reviewLoadedMsg{owner: m, entries: e, err: err}
	}
}

// onReviewLoaded takes the stored review: changes made since start (the
// load runs with the first page) win over what was stored.
func (m *Model) onReviewLoaded(msg reviewLoadedMsg) tea.Cmd {
	if msg.err != nil {
		return common.StatusCmd(common.Error, "Review not loaded: "+msg.err.Error())
	}
	m.reviewLoaded = true
	for id, e := range msg.entries {
		if e.Marked {
			if _, touched := m.touched[id]; !touched {
				m.marked[id] = struct{}{}
				m.markGen++
			}
		}
		if _, ok := m.entries[id]; ok {
			continue
		}
		if e.Decision != model.DecisionNone || e.Note != "" || e.Check != model.CheckNone {
			m.entries[id] = &entry{decision: e.Decision, note: e.Note, check: e.Check, checkReason: e.CheckReason}
		}
	}
	a := m.anchor()
	for i := range m.st.recs {
		m.reviewOf(m.st.id(int32(i)), &m.st.recs[i])
	}
	m.st.refreshKeys()
	m.st.setFilterAll(m.st.query)
	if !m.restore(a) {
		m.tbl.SetCursor(min(m.tbl.Cursor(), max(len(m.st.shown)-1, 0)))
	}
	if n := len(msg.entries); n > 0 {
		return common.StatusCmd(common.Info, "Review "+m.rs.Key()+": "+count(len(m.marked))+" marked, "+count(m.decidedCount())+" decided")
	}
	return nil
}

func (m *Model) decidedCount() int {
	n := 0
	for _, e := range m.entries {
		if e.decision != model.DecisionNone {
			n++
		}
	}
	return n
}

// reviewOf writes the review's state of a customer into its search
// record: marks and decisions may be older than the list.
func (m *Model) reviewOf(id string, r *model.Record) {
	_, on := m.marked[id]
	e := m.entries[id]
	if e == nil {
		r.SetReview(on, model.DecisionNone, model.CheckNone)
		return
	}
	r.SetReview(on, e.decision, e.check)
}

// save queues ops and starts a save unless one runs.
func (m *Model) save(ops ...review.Op) tea.Cmd {
	if m.rs == nil {
		return nil
	}
	m.pending = append(m.pending, ops...)
	return m.saveNext()
}

func (m *Model) saveNext() tea.Cmd {
	if m.saving || len(m.pending) == 0 || m.rs == nil {
		return nil
	}
	ops := m.pending
	m.pending = nil
	m.saving = true
	rs, ctx := m.rs, context.WithoutCancel(m.c.Ctx)
	return func() tea.Msg {
		return reviewSavedMsg{owner: m, ops: ops, err: rs.Apply(ctx, ops...)}
	}
}

func (m *Model) onReviewSaved(msg reviewSavedMsg) tea.Cmd {
	m.saving = false
	if msg.err != nil {
		// Keep them, first, for the next save (the next change or R).
		m.pending = append(msg.ops, m.pending...)
		m.saveFailed = true
		return common.StatusCmd(common.Error, "Review not saved ("+count(len(msg.ops))+" changes kept, saved with the next change or R): "+msg.err.Error())
	}
	m.saveFailed = false
	return m.saveNext()
}

// saveMarksCmd saves the marks that changed since the last save.
func (m *Model) saveMarksCmd() tea.Cmd {
	if len(m.markDirty) == 0 {
		return nil
	}
	var on, off []string
	seen := make(map[string]bool, len(m.markDirty))
	if m.touched == nil {
		m.touched = make(map[string]struct{}, len(m.markDirty))
	}
	for k := len(m.markDirty) - 1; k >= 0; k-- {
		id := m.markDirty[k]
		if seen[id] {
			continue
		}
		seen[id] = true
		m.touched[id] = struct{}{}
		if _, ok := m.marked[id]; ok {
			on = append(on, id)
		} else {
			off = append(off, id)
		}
	}
	m.markDirty = m.markDirty[:0]
	var ops []review.Op
	if len(on) > 0 {
		ops = append(ops, review.Mark(true, on...))
		ops = append(ops, m.nameOps(on)...)
	}
	if len(off) > 0 {
		ops = append(ops, review.Mark(false, off...))
	}
	return m.save(ops...)
}

// nameOps records the company names of ids, for exports made offline.
func (m *Model) nameOps(ids []string) []review.Op {
	ops := make([]review.Op, 0, len(ids))
	for _, id := range ids {
		if i, ok := m.st.byID[id]; ok {
			ops = append(ops, review.SetName(id, m.st.field(i, dName)))
		}
	}
	return ops
}

// targets are the customers a review action applies to: the marked ones
// if any, else the one under the cursor.
func (m *Model) targets() []string {
	if len(m.marked) > 0 {
		return m.Marked()
	}
	if c, ok := m.current(); ok {
		return []string{c.ID}
	}
	return nil
}

// decide records d for the targets.
func (m *Model) decide(d model.Decision) tea.Cmd {
	ids := m.targets()
	if len(ids) == 0 {
		return noSelection()
	}
	a := m.anchor()
	for _, id := range ids {
		e := m.entryFor(id)
		e.decision = d
		if i, ok := m.st.byID[id]; ok {
			m.st.recs[i].SetDecision(d)
			m.st.reviewChanged(i)
		}
	}
	if !m.restore(a) {
		m.tbl.SetCursor(min(m.tbl.Cursor(), max(len(m.st.shown)-1, 0)))
	}
	what := string(d)
	if d == model.DecisionNone {
		what = "undecided"
	}
	who := "1 customer"
	if len(ids) == 1 {
		if i, ok := m.st.byID[ids[0]]; ok {
			who = m.st.field(i, dName)
		}
	} else {
		who = count(len(ids)) + " marked customers"
	}
	ops := append([]review.Op{review.Decide(d, ids...)}, m.nameOps(ids)...)
	return tea.Batch(m.save(ops...), m.visibleCmd(), common.StatusCmd(common.Success, who+": "+what))
}

func (m *Model) entryFor(id string) *entry {
	e := m.entries[id]
	if e == nil {
		e = &entry{}
		m.entries[id] = e
	}
	return e
}

// decisionCell is the Decision column: the decision and the check's
// outcome after it.
func (m *Model) decisionCell(i int32) (string, table.Tone) {
	r := &m.st.recs[i]
	d, c := r.Decision(), r.Check()
	s := string(d)
	tone := table.ToneNormal
	switch d {
	case model.DecisionNone:
		s, tone = "—", table.ToneDim
	case model.DecisionMigrate:
		tone = table.ToneGood
	case model.DecisionFollowUp:
		tone = table.ToneWarn
	case model.DecisionSkip:
		tone = table.ToneDim
	}
	switch c {
	case model.CheckEligible:
		s += " ✓"
	case model.CheckFailed:
		s += " ✗"
		tone = table.ToneBad
	case model.CheckError:
		s += " !"
		tone = table.ToneWarn
	}
	if e := m.entries[m.st.id(i)]; e != nil && e.note != "" {
		s += " ✎"
	}
	return s, tone
}

// onDecideKey takes the key after d: m, s, f or x (clear).
func (m *Model) onDecideKey(msg tea.KeyPressMsg) tea.Cmd {
	m.deciding = false
	switch {
	case key.Matches(msg, m.keys.DecideMigrate):
		return m.decide(model.DecisionMigrate)
	case key.Matches(msg, m.keys.DecideSkip):
		return m.decide(model.DecisionSkip)
	case key.Matches(msg, m.keys.DecideFollowUp):
		return m.decide(model.DecisionFollowUp)
	case key.Matches(msg, m.keys.DecideClear):
		return m.decide(model.DecisionNone)
	}
	return common.StatusCmd(common.Info, "No decision taken")
}

// startNote opens the note input for the customer under the cursor.
func (m *Model) startNote() tea.Cmd {
	c, ok := m.current()
	if !ok {
		return noSelection()
	}
	m.noting, m.noteID = true, c.ID
	m.noteInput.Prompt = "note for " + truncate(c.CompanyName, 24) + ": "
	m.noteInput.SetValue("")
	if e := m.entries[c.ID]; e != nil {
		m.noteInput.SetValue(e.note)
	}
	m.noteInput.CursorEnd()
	m.layout()
	return m.noteInput.Focus()
}

func (m *Model) onNoteKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			m.noting = false
			m.noteInput.Blur()
			m.layout()
			return common.StatusCmd(common.Info, "Note not changed")
		case "enter":
			m.noting = false
			m.noteInput.Blur()
			m.layout()
			note := model.Sanitize(common.JoinLines(m.noteInput.Value()))
			m.entryFor(m.noteID).note = note
			ops := append([]review.Op{review.SetNote(m.noteID, note)}, m.nameOps([]string{m.noteID})...)
			return tea.Batch(m.save(ops...), common.StatusCmd(common.Success, "Note saved"))
		}
	}
	var cmd tea.Cmd
	m.noteInput, cmd = m.noteInput.Update(msg)
	return cmd
}

// Note returns the note of customer id.
func (m *Model) Note(id string) string {
	if e := m.entries[id]; e != nil {
		return e.note
	}
	return ""
}

// Decision returns the decision and the check's outcome for customer id.
func (m *Model) Decision(id string) (model.Decision, model.CheckState, string) {
	if e := m.entries[id]; e != nil {
		return e.decision, e.check, e.checkReason
	}
	return model.DecisionNone, model.CheckNone, ""
}
