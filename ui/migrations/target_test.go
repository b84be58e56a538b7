package migrations

import (
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// TestTargetDomain: the target is shown by its domain (from the partner's
// target accounts, looked up once, not per refresh), and target: matches
// the domain as well as the id.
func TestTargetDomain(t *testing.T) {
	r := newRig(t, rigOptions{})
	ms := r.start(3)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	if got, _ := m.Cell(0, colTarget); got != "contosoeu.onmicrosoft.com" {
		t.Errorf("target cell %q, want the domain", got)
	}
	for _, l := range []string{plain(m.View())} {
		if !strings.Contains(l, "contosoeu.onmicrosoft.com") {
			t.Errorf("view lacks the target's domain:\n%s", l)
		}
	}
	m.setFilter("target:contosoeu")
	if len(m.shown) != 3 {
		t.Errorf("target:contosoeu shows %d of 3", len(m.shown))
	}
	m.setFilter("target:" + ms[0].TargetTenantID[:8])
	if len(m.shown) != 3 {
		t.Errorf("target:<id prefix> shows %d of 3", len(m.shown))
	}
	m.setFilter("")
	r.press("enter")
	if v := plain(m.View()); !strings.Contains(v, "→ contosoeu.onmicrosoft.com") {
		t.Errorf("pane title lacks the domain:\n%s", v)
	}
	before := r.requests("migrations/germany/targets")
	r.refreshNow()
	r.refreshNow()
	if n := r.requests("migrations/germany/targets"); n != before || n != 1 {
		t.Errorf("target accounts looked up %d times (then %d), want once", before, n)
	}
}

// TestASCIIGlyphs: under --ascii the frame draws no » (started here) and
// no → (pane titles): they become ASCII of the same width.
func TestASCIIGlyphs(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(2)
	m := r.screen(160, 48)
	m.c.Styles = theme.NewWith(theme.Options{Dark: true, ASCII: true})
	m.Update(common.StylesMsg{})
	r.feed(m.Init())
	r.feed(m.Activate())
	r.press("enter")
	v := plain(m.c.Styles.Frame(m.View()))
	for _, g := range []string{"»", "→"} {
		if strings.Contains(v, g) {
			t.Errorf("%q under --ascii:\n%s", g, v)
		}
	}
	if !strings.Contains(v, "> ") || !strings.Contains(v, " > contosoeu.onmicrosoft.com") {
		t.Errorf("the marks are gone rather than made ASCII:\n%s", v)
	}
}
