// Package theme holds every lipgloss style mcgdash uses, in one place.
// Colours are chosen from the ANSI 16 and 256 palettes so they hold up over
// SSH, where true colour is rarely forwarded; lipgloss downsamples to the
// terminal's profile and NO_COLOR removes colour altogether.
package theme

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Options are what the styles depend on besides the background.
type Options struct {
	// Dark is the terminal's background, as it reported it.
	Dark bool
	// ASCII draws borders, icons and marks from ASCII, for poor fonts
	// (--ascii).
	ASCII bool
	// Plain is a terminal without attributes (TERM=dumb: no reverse video,
	// no bold): the cursor row gets a marker column and badges brackets.
	Plain bool
}

// Styles is the full set of styles for one background (dark or light).
type Styles struct {
	IsDark bool
	Opts   Options

	// CursorGlyph marks the cursor row in a column of its own where
	// reverse video is not available (Plain); "" otherwise.
	CursorGlyph string
	// MarkGlyph is drawn beside a marked row.
	MarkGlyph string

	App          lipgloss.Style
	Header       lipgloss.Style
	HeaderEnv    lipgloss.Style // the environment badge, e.g. SANDBOX
	HeaderDim    lipgloss.Style
	Tab          lipgloss.Style
	TabActive    lipgloss.Style
	StatusBar    lipgloss.Style
	StatusError  lipgloss.Style
	StatusWarn   lipgloss.Style
	StatusOK     lipgloss.Style
	Dim          lipgloss.Style
	Bold         lipgloss.Style
	Title        lipgloss.Style
	Label        lipgloss.Style
	Value        lipgloss.Style
	Border       lipgloss.Style // pane borders
	Link         lipgloss.Style
	Key          lipgloss.Style // a key in help text
	KeyDesc      lipgloss.Style
	TableHeader  lipgloss.Style
	TableRow     lipgloss.Style
	TableCursor  lipgloss.Style
	TableMarked  lipgloss.Style
	StatusActive lipgloss.Style
	StatusBad    lipgloss.Style
	StatusPend   lipgloss.Style
	Prompt       lipgloss.Style

	Accent, Muted, Danger, Warn, OK color.Color
	// Mark is the colour of marked rows' dot: magenta, which no other
	// meaning uses, even once reduced to 16 colours.
	Mark color.Color
}

// New returns the styles for a dark or light terminal background.
func New(isDark bool) *Styles { return NewWith(Options{Dark: isDark}) }

// WithDark is s for another background, with the same options.
func (s *Styles) WithDark(isDark bool) *Styles {
	o := s.Opts
	o.Dark = isDark
	return NewWith(o)
}

// ForProfile is s for a terminal of colour profile p: NoTTY (TERM=dumb)
// has no attributes at all, so it is Plain. s itself when nothing changes.
func (s *Styles) ForProfile(p colorprofile.Profile) *Styles {
	plain := p == colorprofile.NoTTY
	if plain == s.Opts.Plain {
		return s
	}
	o := s.Opts
	o.Plain = plain
	return NewWith(o)
}

// Badge renders a badge such as SANDBOX or READ-ONLY: reverse video, or in
// brackets on a terminal without attributes, so that it never reads as
// ordinary text.
func (s *Styles) Badge(text string) string {
	if s.Opts.Plain {
		return "[" + text + "]"
	}
	return s.HeaderEnv.Render(text)
}

// asciiGlyphs replaces the glyphs mcgdash draws with ASCII of the same
// width (one cell each), so a frame keeps its layout under --ascii.
var asciiGlyphs = strings.NewReplacer(
	"●", "*", "•", "*", "▸", ">", "▲", "^", "▼", "v", "↑", "^", "↓", "v", "…", "~",
	"—", "-", "·", ".", "│", "|", "─", "-", "╭", "+", "╮", "+", "╰", "+", "╯", "+",
	"┌", "+", "┐", "+", "└", "+", "┘", "+",
	// the migration wizard: checks, steps, huh's field border
	"✓", "+", "✗", "x", "›", ">", "–", "-", "┃", "|",
	// the migrations screen: started here, pane titles (customer → target)
	"»", ">", "→", ">",
	// the sign-in spinner (bubbles' spinner.Dot)
	"⣾", "|", "⣽", "/", "⣻", "-", "⢿", "\\", "⡿", "|", "⣟", "/", "⣯", "-", "⣷", "\\",
)

// Frame is a finished frame as the terminal should get it: under ASCII the
// glyphs are replaced. Text from Partner Center (umlauts, other scripts)
// is left alone: it is data, not decoration.
func (s *Styles) Frame(frame string) string {
	if !s.Opts.ASCII {
		return frame
	}
	return asciiGlyphs.Replace(frame)
}

// NewWith returns the styles for o.
func NewWith(o Options) *Styles {
	isDark := o.Dark
	ld := lipgloss.LightDark(isDark)
	s := &Styles{IsDark: isDark, Opts: o, MarkGlyph: "●"}
	if o.ASCII {
		s.MarkGlyph = "*"
	}
	if o.Plain {
		s.CursorGlyph = ">"
	}
	s.Accent = ld(lipgloss.Color("25"), lipgloss.Color("75"))
	s.Muted = ld(lipgloss.Color("244"), lipgloss.Color("245"))
	s.Danger = ld(lipgloss.Color("160"), lipgloss.Color("203"))
	// Yellows that stay yellow in 16 colours (oranges become red there).
	s.Warn = ld(lipgloss.Color("100"), lipgloss.Color("227"))
	s.OK = ld(lipgloss.Color("28"), lipgloss.Color("78"))
	s.Mark = ld(lipgloss.Color("127"), lipgloss.Color("213"))
	fg := ld(lipgloss.Color("235"), lipgloss.Color("252"))
	barBg := ld(lipgloss.Color("254"), lipgloss.Color("236"))
	cursorBg := ld(lipgloss.Color("153"), lipgloss.Color("24"))

	s.App = lipgloss.NewStyle()
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(fg)
	s.HeaderEnv = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	s.HeaderDim = lipgloss.NewStyle().Foreground(s.Muted)
	s.Tab = lipgloss.NewStyle().Foreground(s.Muted).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(s.Accent).Underline(true).Padding(0, 1)
	s.StatusBar = lipgloss.NewStyle().Background(barBg).Foreground(fg)
	s.StatusError = lipgloss.NewStyle().Bold(true).Foreground(s.Danger)
	s.StatusWarn = lipgloss.NewStyle().Foreground(s.Warn)
	s.StatusOK = lipgloss.NewStyle().Foreground(s.OK)
	s.Dim = lipgloss.NewStyle().Foreground(s.Muted)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Label = lipgloss.NewStyle().Foreground(s.Muted)
	s.Value = lipgloss.NewStyle().Foreground(fg)
	border := lipgloss.RoundedBorder()
	if o.ASCII {
		border = lipgloss.ASCIIBorder()
	}
	s.Border = lipgloss.NewStyle().Border(border).BorderForeground(s.Muted)
	s.Link = lipgloss.NewStyle().Foreground(s.Accent).Underline(true)
	s.Key = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.KeyDesc = lipgloss.NewStyle().Foreground(s.Muted)
	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.TableRow = lipgloss.NewStyle()
	// Reverse video keeps the cursor visible with NO_COLOR, which drops
	// colours but keeps attributes; so the colours are given swapped.
	s.TableCursor = lipgloss.NewStyle().Foreground(cursorBg).Background(fg).Reverse(true).Bold(true)
	s.TableMarked = lipgloss.NewStyle().Foreground(s.Mark).Bold(true)
	s.StatusActive = lipgloss.NewStyle().Foreground(s.OK)
	s.StatusBad = lipgloss.NewStyle().Foreground(s.Danger).Bold(true)
	s.StatusPend = lipgloss.NewStyle().Foreground(s.Warn)
	s.Prompt = lipgloss.NewStyle().Foreground(s.Accent).Bold(true)
	return s
}
