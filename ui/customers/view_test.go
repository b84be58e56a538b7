package customers

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
)

func TestViewSizes(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		keys   []string
		golden bool
	}{
		{"80x24", 80, 24, nil, true},
		{"250x60", 250, 60, nil, true},
		{"20x5", 20, 5, nil, true},
		{"80x24-filter-marks", 80, 24, []string{"/", "g", "m", "b", "h", "enter", "space", "s"}, true},
		{"1x1", 1, 1, []string{"j", "enter"}, false},
		{"0x0", 0, 0, []string{"G", "/"}, false},
		{"3x2-detail", 3, 2, []string{"enter"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loaded(t, fixture(), tt.w, tt.h)
			m.loading = true
			m.loadErr = nil
			withStatuses(m, map[string]model.CustomerStatus{"c01": model.StatusActive, "c02": model.StatusSuspended,
				"c03": model.StatusPending, "c04": model.StatusNoSubs})
			press(m, tt.keys...)
			v := m.View()
			lines := strings.Split(v, "\n")
			if tt.h > 0 && len(lines) > tt.h {
				t.Errorf("%d lines, want at most %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > tt.w {
					t.Errorf("line %d is %d cells wide, want at most %d: %q", i, w, tt.w, ansi.Strip(l))
				}
			}
			if tt.golden {
				golden(t, "customers-"+tt.name, ascii(v))
			}
		})
	}
}

// TestResize goes through sizes on one screen, as a live resize would.
func TestResize(t *testing.T) {
	m := loaded(t, fixture(), 80, 24)
	press(m, "G", "enter")
	for _, s := range [][2]int{{250, 60}, {20, 5}, {1, 1}, {80, 24}, {0, 0}, {120, 3}} {
		m.SetSize(s[0], s[1])
		_ = m.View()
	}
	cur, _ := m.Selected()
	equal(t, "cursor kept across resizes", cur.ID, "c07")
}

// TestSortIndicatorAt80: at 80 columns the narrow columns cannot hold
// their title and the arrow; the arrow must show all the same.
func TestSortIndicatorAt80(t *testing.T) {
	m := loaded(t, fixture(), 80, 24)
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{[]string{"s", "s", "s"}, "Rel ▲"},
		{[]string{"S"}, "Rel ▼"},
		{[]string{"s"}, "Ctry ▲"},
		{[]string{"s"}, "Sub▲"},
		{[]string{"S"}, "Sub▼"},
	} {
		press(m, tt.keys...)
		header := ansi.Strip(strings.Split(m.View(), "\n")[1])
		if !strings.Contains(header, tt.want) {
			t.Errorf("after %v header is %q, want it to contain %q", tt.keys, header, tt.want)
		}
	}
}

// TestWideUsesTheWidth: on a wide terminal spare width goes to the columns
// whose values are cut, and whole tenant ids show once there is room.
func TestWideUsesTheWidth(t *testing.T) {
	custs := append(fixture(), model.Customer{ID: "c11", CompanyName: "Alptec Präzisionstechnik GmbH",
		Domain: "alptecpraezisionstechnik.onmicrosoft.de", TenantID: "ef2436f3-dae8-4d22-8b01-6f795d19f7aa",
		Relationship: model.RelationshipMicrosoftSupport, Country: "DE"})
	m := loaded(t, custs, 250, 60)
	v := ansi.Strip(m.View())
	for _, want := range []string{
		"Tailspin Toys GmbH & Co. KG with a very long company name indeed",
		"alptecpraezisionstechnik.onmicrosoft.de",
		"ef2436f3-dae8-4d22-8b01-6f795d19f7aa",
		"microsoft_support",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("250 columns should show %q whole:\n%s", want, v)
		}
	}
	// At 80 columns the layout keeps its priorities: short tenant ids.
	m.SetSize(80, 24)
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "ef2436f3 ") || strings.Contains(v, "ef2436f3-") {
		t.Errorf("80 columns should show the tenant id's first group only:\n%s", v)
	}
}
