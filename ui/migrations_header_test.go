package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/ui/common"
)

// TestHeaderMigrations: the migrations dashboard's summary reaches the
// header from any tab, and says when its figures are stale.
func TestHeaderMigrations(t *testing.T) {
	a, _, _ := newApp(120, 20, Options{})
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.Local)
	a.Update(common.Envelope{To: common.Addr{ID: "b", Gen: 2}, Msg: common.MigrationsMsg{Running: 12, Failed: 1, Completed: 3, Refreshed: at}})
	head := strings.Split(ansi.Strip(a.View().Content), "\n")[0]
	if !strings.Contains(head, "12 migrating, 1 failed") || strings.Contains(head, "stale") {
		t.Errorf("header %q", head)
	}
	a.Update(common.MigrationsMsg{Running: 12, Failed: 1, Refreshed: at, Stale: true})
	head = strings.Split(ansi.Strip(a.View().Content), "\n")[0]
	if !strings.Contains(head, "(stale 09:30)") {
		t.Errorf("stale figures not marked: %q", head)
	}
	// Nothing running or failed and fresh: nothing to say.
	a.Update(common.MigrationsMsg{Completed: 3, Refreshed: at})
	if head = strings.Split(ansi.Strip(a.View().Content), "\n")[0]; strings.Contains(head, "migrating") {
		t.Errorf("header %q", head)
	}
}
