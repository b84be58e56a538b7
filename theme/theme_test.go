package theme

import (
	"bytes"
	"io"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// render is what a terminal of profile p receives for text in style st.
func render(st lipgloss.Style, p colorprofile.Profile) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	_, _ = io.WriteString(w, st.Render("x"))
	return b.String()
}

// TestMarksDistinctFromDanger: in 16 colours the mark dot must not share
// the colour of "suspended" and errors.
func TestMarksDistinctFromDanger(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := New(dark)
		mark := render(s.TableMarked, colorprofile.ANSI)
		for name, st := range map[string]lipgloss.Style{"StatusBad": s.StatusBad, "StatusError": s.StatusError} {
			if got := render(st, colorprofile.ANSI); got == mark {
				t.Errorf("dark=%v: marks and %s look the same in 16 colours: %q", dark, name, got)
			}
		}
	}
}
