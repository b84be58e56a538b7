package migrations

import (
	"strings"
	"testing"
)

// TestNoMatchBelowHeader: with a filter that matches nothing, the "No
// migration matches…" line comes below the column header, and the screen
// keeps its height.
func TestNoMatchBelowHeader(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(3)
	m := r.screen(80, 24)
	r.feed(m.Init())
	r.feed(m.Activate())
	m.setFilter("zzznothing")
	lines := strings.Split(plain(m.View()), "\n")
	head, msg := -1, -1
	for i, l := range lines {
		if strings.Contains(l, "Customer") && strings.Contains(l, "Status") && head < 0 {
			head = i
		}
		if strings.Contains(l, "No migration matches") {
			msg = i
		}
	}
	if head < 0 || msg < 0 || msg != head+1 {
		t.Errorf("header at line %d, message at %d; want the message right below:\n%s", head, msg, strings.Join(lines, "\n"))
	}
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
}

// TestColumnWidthsOnlyGrow: the columns keep their widths when the rows
// shown change (a filter, a refresh): they only grow.
func TestColumnWidthsOnlyGrow(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(6)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	short := ""
	for i := range m.all {
		n := m.all[i].CustomerName
		if short == "" || len(n) < len(short) {
			short = n
		}
	}
	before := m.tbl.ColumnWidth(colCustomer)
	m.setFilter(short)
	if got := m.tbl.ColumnWidth(colCustomer); got != before {
		t.Errorf("customer column %d → %d wide when only %q is shown", before, got, short)
	}
	r.refreshNow()
	if got := m.tbl.ColumnWidth(colCustomer); got != before {
		t.Errorf("customer column %d → %d wide after a refresh", before, got)
	}
}
