package customers

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/ui/common"
)

// TestNoMatches: a filter that matches nothing says so instead of leaving
// a blank table, and names the fields when a qualifier is not one.
func TestNoMatches(t *testing.T) {
	tests := []struct {
		query string
		want  []string
		not   []string
	}{
		{"zzz", []string{`No customers match "zzz"`}, []string{"is not a field"}},
		{"foo:bar", []string{`No customers match "foo:bar"`, "foo: is not a field — fields: name: domain: tenant: rel: country: status: id:"}, nil},
		{"!gmbh foo:bar", []string{"foo: is not a field"}, nil},
		{"company:zzz", []string{`No customers match "company:zzz"`}, []string{"is not a field"}},
		{"country:zz", []string{`No customers match "country:zz"`}, []string{"is not a field"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m := loaded(t, fixture(), 120, 24)
			press(m, "/")
			typeText(m, tt.query)
			press(m, "enter")
			v := ansi.Strip(m.View())
			for _, want := range tt.want {
				if !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, v)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(v, not) {
					t.Errorf("view has %q:\n%s", not, v)
				}
			}
			for _, k := range []string{"enter", "r", "space", "ctrl+space"} {
				cmd := press(m, k)[0]
				if cmd == nil {
					t.Errorf("%s on an empty table does nothing", k)
					continue
				}
				if msg, _ := cmd().(common.StatusMsg); msg.Text != "No customer selected" {
					t.Errorf("%s on an empty table: status %q", k, msg.Text)
				}
			}
			if m.detailOpen {
				t.Error("enter opened the detail pane on nothing")
			}
		})
	}
	// At 80 columns the lines fit.
	m := loaded(t, fixture(), 80, 24)
	press(m, "/")
	typeText(m, "foo:bar")
	for i, l := range strings.Split(m.View(), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells: %q", i, w, ansi.Strip(l))
		}
	}
}
