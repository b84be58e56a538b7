// Package table is a virtualised table for very long lists. It keeps no rows
// itself: a Source answers for the rows on screen only, so the cost of a
// frame does not depend on how many rows exist. Columns are dropped by
// priority when the terminal is narrow, and cells are truncated with "…" by
// display width. bubbles' table is not used because it renders cursor ± a
// screen of rows and re-styles each cell, which costs milliseconds per frame
// at 100k rows (see docs on terminal traps).
package table

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Align is a column's horizontal alignment.
type Align uint8

// Alignments.
const (
	AlignLeft Align = iota
	AlignRight
)

// Column describes one column.
type Column struct {
	Title string
	// Short is an abbreviation of Title for when Title and the sort
	// indicator do not both fit (optional).
	Short string
	// Min is the narrowest the column may be; Max the widest it grows to
	// when there is room (Max <= Min means a fixed width).
	Min, Max int
	// Whole marks a column whose owner shows a fuller value (say a whole
	// id instead of its prefix) when the column is as wide as its content:
	// it is widened all the way or not at all, after the other columns.
	Whole bool
	// Priority decides which columns stay when space is short: the lowest
	// value is kept longest. Columns are shown in their declared order.
	Priority int
	Align    Align
}

// Tone colours one cell, so that a Source can say "this status is bad"
// without knowing the theme.
type Tone uint8

// Tones a cell can have.
const (
	ToneNormal Tone = iota
	ToneDim
	ToneGood
	ToneWarn
	ToneBad
	numTones
)

// Source supplies the rows that are on screen.
type Source interface {
	// Len is the number of rows.
	Len() int
	// Cell is the plain text of row's cell in column col (an index into
	// the columns given to New) and its tone.
	Cell(row, col int) (string, Tone)
	// Marked reports whether the row is marked for a bulk action.
	Marked(row int) bool
}

// Styles are the lipgloss styles the table paints with. Only colours and
// attributes are used: the table pads cells itself.
type Styles struct {
	Header, Cursor, Mark lipgloss.Style
	Tones                [numTones]lipgloss.Style
	// MarkGlyph is drawn beside a marked row; MarkGlyph by default.
	MarkGlyph string
	// CursorGlyph, if set, marks the cursor row in a column of its own,
	// for terminals without reverse video (TERM=dumb).
	CursorGlyph string
}

// paint is a style reduced to the escape sequences around its text, so a
// cell costs two string writes instead of a lipgloss Render call.
type paint struct{ pre, post string }

func newPaint(s lipgloss.Style) paint {
	const probe = "\x00"
	out := s.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(probe):]}
}

// KeyMap is the table's navigation.
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
}

// DefaultKeyMap is vi- and arrow-style navigation.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first row")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last row")),
	}
}

// Bindings lists the navigation keys, for help.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom}
}

// slot is a column placed on screen.
type slot struct {
	col   int
	width int
}

// gutter is the space before the first column, where the mark glyph goes
// (and, with a cursor glyph, the cursor marker before it).
const gutter = 2

// sep separates columns.
const sep = "  "

// MarkGlyph is drawn in the gutter of a marked row.
const MarkGlyph = "●"

// Model is the table's state: columns, size, cursor and scroll offset.
type Model struct {
	KeyMap KeyMap

	cols []Column
	// content is the widest value of each column, as told by the owner.
	content       []int
	width, height int
	slots         []slot
	n             int
	cursor        int
	offset        int

	sortCol  int
	sortDesc bool

	header paint
	cur    paint
	mark   paint
	tones  [numTones]paint
	spaces string

	markGlyph, cursorGlyph string
	gutter                 int // gutter, plus one with a cursor glyph
}

// New returns a table with the given columns and no rows.
func New(cols []Column, st Styles) Model {
	m := Model{KeyMap: DefaultKeyMap(), cols: slices.Clone(cols), content: make([]int, len(cols)), sortCol: -1, gutter: gutter}
	m.SetStyles(st)
	return m
}

// SetStyles changes the colours, e.g. after the terminal background is known.
func (m *Model) SetStyles(st Styles) {
	m.header, m.cur, m.mark = newPaint(st.Header), newPaint(st.Cursor), newPaint(st.Mark)
	for i := range st.Tones {
		m.tones[i] = newPaint(st.Tones[i])
	}
	m.markGlyph = st.MarkGlyph
	if m.markGlyph == "" {
		m.markGlyph = MarkGlyph
	}
	g := gutter
	if m.cursorGlyph = st.CursorGlyph; m.cursorGlyph != "" {
		g++
	}
	if g != m.gutter {
		m.gutter = g
		m.SetSize(m.width, m.height)
	}
}

// SetSize sets the space the table fills, header included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
	if len(m.spaces) < m.width {
		m.spaces = strings.Repeat(" ", m.width)
	}
	m.slots = layout(m.cols, m.content, m.width-m.gutter)
	m.clamp()
}

// SetLen tells the table how many rows the source has now, keeping the
// cursor in range.
func (m *Model) SetLen(n int) {
	m.n = max(n, 0)
	m.clamp()
}

// SetSort shows a sort indicator on column col (-1 for none).
func (m *Model) SetSort(col int, desc bool) { m.sortCol, m.sortDesc = col, desc }

// Cursor is the selected row.
func (m *Model) Cursor() int { return m.cursor }

// SetCursor selects row i, scrolling as little as possible to show it.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// VisibleRange is the half-open range of rows on screen.
func (m *Model) VisibleRange() (from, to int) {
	return m.offset, min(m.offset+m.rows(), m.n)
}

// rows is how many data rows fit under the header.
func (m *Model) rows() int { return max(m.height-1, 0) }

func (m *Model) clamp() {
	m.cursor = min(max(m.cursor, 0), max(m.n-1, 0))
	rows := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if rows > 0 && m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(max(m.offset, 0), max(m.n-rows, 0))
}

// HandleKey moves the cursor for a navigation key and reports whether the
// key was one.
func (m *Model) HandleKey(msg tea.KeyPressMsg) bool {
	page := max(m.rows(), 1)
	switch {
	case key.Matches(msg, m.KeyMap.Up):
		m.SetCursor(m.cursor - 1)
	case key.Matches(msg, m.KeyMap.Down):
		m.SetCursor(m.cursor + 1)
	case key.Matches(msg, m.KeyMap.PageUp):
		m.SetCursor(m.cursor - page)
	case key.Matches(msg, m.KeyMap.PageDown):
		m.SetCursor(m.cursor + page)
	case key.Matches(msg, m.KeyMap.HalfUp):
		m.SetCursor(m.cursor - max(page/2, 1))
	case key.Matches(msg, m.KeyMap.HalfDown):
		m.SetCursor(m.cursor + max(page/2, 1))
	case key.Matches(msg, m.KeyMap.Top):
		m.SetCursor(0)
	case key.Matches(msg, m.KeyMap.Bottom):
		m.SetCursor(m.n - 1)
	default:
		return false
	}
	return true
}

// layout picks the columns that fit in width, most important first, then
// widens them: first towards their Max (so the layout of a narrow terminal
// does not depend on the data), then towards the width of their content
// (content[i], 0 if unknown), and last, if all of it fits, a Whole column
// to its content.
func layout(cols []Column, content []int, width int) []slot {
	if width <= 0 || len(cols) == 0 {
		return nil
	}
	byPrio := make([]int, len(cols))
	for i := range byPrio {
		byPrio[i] = i
	}
	slices.SortStableFunc(byPrio, func(a, b int) int { return cols[a].Priority - cols[b].Priority })
	keep := make([]bool, len(cols))
	used := 0
	for n, i := range byPrio {
		need := cols[i].Min
		if n > 0 {
			need += len(sep)
		}
		if used+need > width {
			if n == 0 {
				// Even the most important column is too wide: show what fits.
				return []slot{{col: i, width: width}}
			}
			break
		}
		keep[i] = true
		used += need
	}
	widths := make([]int, len(cols))
	target := make([]int, len(cols))
	// A value that fits is not cut: first, columns whose widest value is
	// within their Max (short values such as a relationship) get all of
	// it, the least short first; long free text shares what is left.
	for i := range cols {
		if keep[i] {
			widths[i] = cols[i].Min
			if !cols[i].Whole && content[i] <= cols[i].Max {
				target[i] = content[i]
			}
		}
	}
	extra := wholeFirst(widths, target, width-used)
	// Then towards Max (no further than the widest value, once known), so
	// that a narrow terminal shares fairly; then towards the widest value.
	for i := range cols {
		if keep[i] {
			target[i] = cols[i].Max
			if content[i] > 0 && !cols[i].Whole {
				target[i] = min(target[i], max(content[i], cols[i].Min))
			}
		}
	}
	extra = grow(widths, target, byPrio, extra)
	for i := range cols {
		if keep[i] && !cols[i].Whole {
			target[i] = content[i]
		}
	}
	extra = grow(widths, target, byPrio, extra)
	for _, i := range byPrio {
		if need := content[i] - widths[i]; keep[i] && cols[i].Whole && need > 0 && need <= extra {
			widths[i] = content[i]
			extra -= need
		}
	}
	var slots []slot
	for i := range cols {
		if keep[i] {
			slots = append(slots, slot{col: i, width: widths[i]})
		}
	}
	return slots
}

// wholeFirst widens the columns short of their target to it, the least
// short first, as far as the extra cells go; it returns what is left.
func wholeFirst(widths, target []int, extra int) int {
	var short []int
	for i := range widths {
		if target[i] > widths[i] {
			short = append(short, i)
		}
	}
	slices.SortStableFunc(short, func(a, b int) int { return (target[a] - widths[a]) - (target[b] - widths[b]) })
	for _, i := range short {
		need := target[i] - widths[i]
		if need > extra {
			break
		}
		widths[i] += need
		extra -= need
	}
	return extra
}

// grow shares extra cells among the columns narrower than their target, in
// proportion to how much each can grow, so that a long name does not starve
// the domain beside it. It returns the cells left over.
func grow(widths, target, byPrio []int, extra int) int {
	capacity := 0
	for i := range widths {
		capacity += max(target[i]-widths[i], 0)
	}
	if capacity <= 0 || extra <= 0 {
		return extra
	}
	share := min(extra, capacity)
	given := 0
	for _, i := range byPrio {
		g := share * max(target[i]-widths[i], 0) / capacity
		widths[i] += g
		given += g
	}
	// Rounding leftovers go to the most important columns that can take them.
	for left := share - given; left > 0; {
		progressed := false
		for _, i := range byPrio {
			if left > 0 && widths[i] < target[i] {
				widths[i]++
				left--
				progressed = true
			}
		}
		if !progressed {
			break
		}
	}
	return extra - share
}

// SetContentWidth tells the table how wide column col's widest value is,
// so that spare room goes where text would otherwise be cut. The owner
// tracks it as rows arrive: measuring every row per frame would make a
// frame cost grow with the number of rows.
func (m *Model) SetContentWidth(col, w int) {
	if col < 0 || col >= len(m.content) || m.content[col] == w {
		return
	}
	m.content[col] = w
	m.slots = layout(m.cols, m.content, m.width-m.gutter)
	m.clamp()
}

// ColumnWidth is how many cells column col has on screen, 0 if hidden.
func (m *Model) ColumnWidth(col int) int {
	for _, s := range m.slots {
		if s.col == col {
			return s.width
		}
	}
	return 0
}

// View renders the header and the rows on screen: exactly height lines
// (fewer only if height is smaller than the header).
func (m *Model) View(src Source) string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	if n := src.Len(); n != m.n {
		m.SetLen(n)
	}
	var b strings.Builder
	b.Grow(m.height * (m.width + 32))
	m.writeHeader(&b)
	from, to := m.VisibleRange()
	var row strings.Builder
	for i := from; i < to; i++ {
		b.WriteByte('\n')
		if i == m.cursor {
			row.Reset()
			m.writeRow(&row, src, i, true)
			b.WriteString(m.cur.pre)
			b.WriteString(row.String())
			b.WriteString(m.cur.post)
			continue
		}
		m.writeRow(&b, src, i, false)
	}
	for i := to - from; i < m.rows(); i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (m *Model) writeHeader(b *strings.Builder) {
	var h strings.Builder
	h.WriteString(m.spaces[:min(m.gutter, len(m.spaces))])
	for n, s := range m.slots {
		if n > 0 {
			h.WriteString(sep)
		}
		title := m.cols[s.col].Title
		if s.col == m.sortCol {
			title = sortedTitle(m.cols[s.col], m.sortDesc, s.width)
		}
		m.fit(&h, title, s.width, m.cols[s.col].Align)
	}
	b.WriteString(m.header.pre)
	b.WriteString(h.String())
	b.WriteString(m.header.post)
}

// sortedTitle is the title of the sorted column with its indicator, in w
// cells. The indicator is what tells the operator how rows are ordered, so
// it is never cut: the title is shortened instead.
func sortedTitle(c Column, desc bool, w int) string {
	arrow := "▲"
	if desc {
		arrow = "▼"
	}
	short := c.Short
	if short == "" {
		short = c.Title
	}
	for _, t := range []string{c.Title + " " + arrow, short + " " + arrow, short + arrow} {
		if width(t) <= w {
			return t
		}
	}
	if w <= 1 {
		return arrow
	}
	return ansi.Truncate(short, w-1, "") + arrow
}

// writeRow writes one row. The cursor row is written plain (its caller
// paints it whole) because a cell's reset would end the cursor's background.
func (m *Model) writeRow(b *strings.Builder, src Source, i int, plain bool) {
	if m.width >= m.gutter {
		if m.cursorGlyph != "" {
			if i == m.cursor {
				b.WriteString(m.cursorGlyph)
			} else {
				b.WriteByte(' ')
			}
		}
		if src.Marked(i) {
			if !plain {
				b.WriteString(m.mark.pre)
			}
			b.WriteString(m.markGlyph)
			if !plain {
				b.WriteString(m.mark.post)
			}
			b.WriteByte(' ')
		} else {
			b.WriteString(m.spaces[:gutter])
		}
	}
	for n, s := range m.slots {
		if n > 0 {
			b.WriteString(sep)
		}
		text, tone := src.Cell(i, s.col)
		if plain || tone == ToneNormal {
			m.fit(b, text, s.width, m.cols[s.col].Align)
			continue
		}
		p := m.tones[tone]
		b.WriteString(p.pre)
		m.fit(b, text, s.width, m.cols[s.col].Align)
		b.WriteString(p.post)
	}
}

// fit writes s truncated or padded to exactly w cells.
func (m *Model) fit(b *strings.Builder, s string, w int, align Align) {
	sw := width(s)
	if sw > w {
		if w > 0 && isASCII(s) {
			// One cell a byte: no grapheme work.
			s, sw = s[:w-1]+"…", w
		} else {
			s = ansi.Truncate(s, w, "…")
			sw = ansi.StringWidth(s)
		}
	}
	pad := m.spaces[:max(w-sw, 0)]
	if align == AlignRight {
		b.WriteString(pad)
		b.WriteString(s)
		return
	}
	b.WriteString(s)
	b.WriteString(pad)
}

// width is the display width of s, without the grapheme work for the
// common all-ASCII case.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
