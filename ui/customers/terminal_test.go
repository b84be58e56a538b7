package customers

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// through is what a terminal of profile p receives for s.
func through(s string, p colorprofile.Profile) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	_, _ = io.WriteString(w, s)
	return b.String()
}

var reverseVideo = regexp.MustCompile(`\x1b\[([0-9;]*;)?7(;[0-9;]*)?m`)

// terminalScreen is the fixture at 80x24 with the cursor on row 3, rows 1
// and 2 marked and a suspended customer: what must stay distinguishable.
func terminalScreen(t *testing.T, st *theme.Styles) *Model {
	m := loaded(t, fixture(), 80, 24)
	m.c.Styles = st
	m.Update(common.StylesMsg{Styles: st}) // as the frame tells its screens
	withStatuses(m, map[string]model.CustomerStatus{"c01": model.StatusActive, "c02": model.StatusSuspended})
	press(m, "space", "space", "j")
	return m
}

// TestTerminalProfiles renders one screen for each kind of terminal and
// checks that the cursor row and the marks can be told apart without
// colour; goldens pin NO_COLOR, --ascii and TERM=dumb.
func TestTerminalProfiles(t *testing.T) {
	for _, tt := range []struct {
		name    string
		styles  *theme.Styles
		profile colorprofile.Profile
		golden  bool
	}{
		{"truecolor", theme.New(true), colorprofile.TrueColor, false},
		{"256-light", theme.New(false), colorprofile.ANSI256, false},
		{"16", theme.New(true), colorprofile.ANSI, false},
		{"no-color", theme.New(true), colorprofile.Ascii, true},
		{"ascii", theme.NewWith(theme.Options{Dark: true, ASCII: true}), colorprofile.Ascii, true},
		{"dumb", theme.New(true).ForProfile(colorprofile.NoTTY), colorprofile.NoTTY, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := terminalScreen(t, tt.styles)
			frame := through(tt.styles.Frame(m.View()), tt.profile)
			lines := strings.Split(frame, "\n")
			cursor := lines[2+m.tbl.Cursor()] // info line, header, rows
			marked := lines[2]
			if tt.profile == colorprofile.NoTTY {
				if strings.Contains(frame, "\x1b") {
					t.Error("escape sequences for a dumb terminal")
				}
				if !strings.HasPrefix(cursor, ">") || strings.HasPrefix(lines[4], ">") {
					t.Errorf("no cursor marker column: %q", cursor)
				}
			} else if !reverseVideo.MatchString(cursor) || reverseVideo.MatchString(lines[4]) {
				t.Errorf("the cursor row is not the only one in reverse video: %q", cursor)
			}
			glyph := "●"
			if tt.styles.Opts.ASCII {
				glyph = "*"
			}
			if !strings.Contains(marked, glyph) || !strings.Contains(lines[3], glyph) || strings.Contains(lines[4], glyph) || strings.Contains(cursor, glyph) {
				t.Errorf("marks not shown by %q:\n%s", glyph, frame)
			}
			if !strings.Contains(frame, "suspended") {
				t.Error("the failed status is not spelled out")
			}
			if tt.profile < colorprofile.TrueColor && strings.Contains(frame, "38;2;") {
				t.Error("true colour sent to a terminal without it")
			}
			if tt.profile <= colorprofile.Ascii && regexp.MustCompile(`\x1b\[[0-9;]*3[0-9]m|38;5;`).MatchString(frame) {
				t.Error("colours under NO_COLOR")
			}
			if tt.styles.Opts.ASCII {
				for _, r := range ansiStrip(frame) {
					if strings.ContainsRune("●▲▼…│•↓", r) {
						t.Errorf("glyph %q under --ascii", r)
					}
				}
			}
			if tt.golden {
				golden(t, "terminal-"+tt.name, frame)
			}
		})
	}
}

func ansiStrip(s string) string { return regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(s, "") }
