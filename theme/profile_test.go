package theme

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// TestTermProfiles: the terminals an operator meets map to the profiles
// the styles are built for, and TERM=dumb (no attributes) turns on the
// markers that stand in for reverse video.
func TestTermProfiles(t *testing.T) {
	for term, want := range map[string]colorprofile.Profile{
		"xterm-256color": colorprofile.ANSI256,
		"screen":         colorprofile.ANSI256,
		"tmux-256color":  colorprofile.ANSI256,
		"linux":          colorprofile.ANSI,
		"dumb":           colorprofile.NoTTY,
	} {
		p := colorprofile.Env([]string{"TERM=" + term})
		if p != want {
			t.Errorf("TERM=%s: profile %v, want %v", term, p, want)
		}
		s := New(true).ForProfile(p)
		if plain := p == colorprofile.NoTTY; s.Opts.Plain != plain || (s.CursorGlyph != "") != plain {
			t.Errorf("TERM=%s: plain %v, cursor glyph %q", term, s.Opts.Plain, s.CursorGlyph)
		}
	}
	if p := colorprofile.Env([]string{"TERM=xterm-256color", "NO_COLOR=1"}); p != colorprofile.Ascii {
		t.Errorf("NO_COLOR: %v, want Ascii (attributes, no colours)", p)
	}
	if p := colorprofile.Env([]string{"TERM=xterm-256color", "COLORTERM=truecolor"}); p != colorprofile.TrueColor {
		t.Errorf("COLORTERM=truecolor: %v", p)
	}
}

func TestBadgeWithoutAttributes(t *testing.T) {
	s := New(true)
	if got := render(s.HeaderEnv, colorprofile.Ascii); !reverse.MatchString(got) {
		t.Errorf("badge not in reverse video under NO_COLOR: %q", got)
	}
	plain := s.ForProfile(colorprofile.NoTTY)
	if got := plain.Badge("READ-ONLY"); got != "[READ-ONLY]" {
		t.Errorf("plain badge %q", got)
	}
	if plain.ForProfile(colorprofile.NoTTY) != plain || s.ForProfile(colorprofile.ANSI256) != s {
		t.Error("ForProfile rebuilds styles that do not change")
	}
	if d := plain.WithDark(false); d.IsDark || !d.Opts.Plain {
		t.Error("WithDark loses the options")
	}
}

func TestASCIIFrame(t *testing.T) {
	s := NewWith(Options{Dark: true, ASCII: true})
	in := "● Müller GmbH … Name ▲ │ ╭─╮ • — · ↓ ▸ ⣾ 東京"
	got := s.Frame(in)
	if got != "* Müller GmbH ~ Name ^ | +-+ * - . v > | 東京" {
		t.Errorf("Frame = %q", got)
	}
	if New(true).Frame(in) != in {
		t.Error("Frame changes glyphs without --ascii")
	}
	if s.MarkGlyph != "*" || !strings.Contains(s.Border.Render("x"), "+") {
		t.Errorf("ascii mark %q, border %q", s.MarkGlyph, s.Border.Render("x"))
	}
}
