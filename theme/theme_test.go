package theme

import (
	"bytes"
	"io"
	"regexp"
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

var reverse = regexp.MustCompile(`\x1b\[([0-9;]*;)?7(;[0-9;]*)?m`)

// TestCursorWithoutColour: with NO_COLOR (the Ascii profile) and in 16
// colours the cursor row is in reverse video, unlike headers and bold cells.
func TestCursorWithoutColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := New(dark)
		for _, p := range []colorprofile.Profile{colorprofile.Ascii, colorprofile.ANSI, colorprofile.ANSI256} {
			cursor := render(s.TableCursor, p)
			if !reverse.MatchString(cursor) {
				t.Errorf("dark=%v profile %v: cursor %q is not in reverse video", dark, p, cursor)
			}
			for name, st := range map[string]lipgloss.Style{"TableHeader": s.TableHeader, "StatusBad": s.StatusBad, "Bold": s.Bold} {
				if render(st, p) == cursor {
					t.Errorf("dark=%v profile %v: the cursor looks like %s", dark, p, name)
				}
			}
		}
	}
}

// TestStatusColoursDistinctIn16 keeps suspended (danger), pending (warn),
// active (ok) and marks apart on a 16-colour terminal, where 256-colour
// oranges collapse into red.
func TestStatusColoursDistinctIn16(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := New(dark)
		seen := map[string]string{}
		for name, st := range map[string]lipgloss.Style{"StatusBad": s.StatusBad, "StatusPend": s.StatusPend, "StatusActive": s.StatusActive, "TableMarked": s.TableMarked} {
			got := render(st.UnsetBold(), colorprofile.ANSI)
			if other, ok := seen[got]; ok {
				t.Errorf("dark=%v: %s and %s look the same in 16 colours: %q", dark, name, other, got)
			}
			seen[got] = name
		}
	}
}
