package customers

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/table"
)

// rows adapts the store to table.Source.
type rows struct{ m *Model }

func (r rows) Len() int { return len(r.m.st.shown) }

func (r rows) Marked(row int) bool {
	_, ok := r.m.marked[r.m.st.custs[r.m.st.shown[row]].ID]
	return ok
}

func (r rows) Cell(row, col int) (string, table.Tone) {
	i := r.m.st.shown[row]
	c := &r.m.st.custs[i]
	switch column(col) {
	case colName:
		return c.CompanyName, table.ToneNormal
	case colDomain:
		return c.Domain, table.ToneNormal
	case colTenant:
		if len(c.TenantID) <= r.m.tenantW {
			return c.TenantID, table.ToneDim
		}
		return c.ShortTenantID(), table.ToneDim
	case colRel:
		return string(c.Relationship), table.ToneNormal
	case colCountry:
		return c.Country, table.ToneNormal
	}
	s := r.m.st.sums[i]
	switch s.state {
	case summaryKnown:
	case summaryFailed:
		return "?", table.ToneWarn
	default:
		return "…", table.ToneDim
	}
	if column(col) == colSubs {
		return strconv.Itoa(s.Count), table.ToneNormal
	}
	switch s.Status {
	case model.StatusActive:
		return string(s.Status), table.ToneGood
	case model.StatusSuspended:
		return string(s.Status), table.ToneBad
	case model.StatusPending:
		return string(s.Status), table.ToneWarn
	}
	return string(s.Status), table.ToneDim
}

func (m *Model) theme() *theme.Styles {
	if m.c.Styles == nil {
		m.c.Styles = theme.New(true)
	}
	return m.c.Styles
}

// repaint follows the context's styles, which the root replaces once the
// terminal reports its background.
func (m *Model) repaint() {
	s := m.theme()
	if s == m.styles {
		return
	}
	m.styles = s
	var st table.Styles
	st.Header, st.Cursor, st.Mark = s.TableHeader, s.TableCursor, s.TableMarked
	st.Tones[table.ToneDim] = s.Dim
	st.Tones[table.ToneGood] = s.StatusActive
	st.Tones[table.ToneWarn] = s.StatusPend
	st.Tones[table.ToneBad] = s.StatusBad
	m.tbl.SetStyles(st)
	common.StyleInput(&m.input, s)
}

// tableWidth is what the table gets beside the detail pane.
func (m *Model) split() (tableW, paneW int) {
	if m.detailOpen && m.width >= wideDetail {
		paneW = min(64, m.width*2/5)
		return m.width - paneW - 1, paneW
	}
	return m.width, 0
}

// chrome is the number of lines above the table: the filter/count line
// and, when loading stopped, the error line.
func (m *Model) chrome() int {
	n := 1
	if m.loadErr != nil {
		n++
	}
	return min(n, m.height)
}

func (m *Model) layout() {
	tw, _ := m.split()
	m.tbl.SetSize(tw, m.height-m.chrome())
	m.tenantW = m.tbl.ColumnWidth(int(colTenant))
}

// View implements common.Screen.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	m.repaint()
	// The error line comes and goes with loadErr; keep the table in step.
	m.layout()
	if m.detailOpen && m.width < wideDetail {
		return m.detailView(m.width, m.height)
	}
	var b strings.Builder
	b.WriteString(m.infoLine())
	if m.loadErr != nil && m.height > 1 {
		b.WriteByte('\n')
		b.WriteString(m.styles.StatusError.Render(truncate(m.errorLine(), m.width)))
	}
	if m.height > m.chrome() {
		b.WriteByte('\n')
		tv := m.tbl.View(rows{m})
		tw, pw := m.split()
		if pw > 0 {
			tv = beside(tv, tw, m.styles.Dim.Render("│"), m.detailView(pw, m.height-m.chrome()))
		}
		b.WriteString(tv)
	}
	return b.String()
}

// infoLine shows the filter (or how to start one) and how many customers
// are shown, loaded and marked.
func (m *Model) infoLine() string {
	s := m.styles
	var right strings.Builder
	right.WriteString(count(len(m.st.shown)))
	right.WriteString(" of ")
	right.WriteString(count(len(m.st.custs)))
	if m.loading {
		right.WriteString(" (loading)")
	}
	if n := len(m.marked); n > 0 {
		right.WriteString(" · ")
		right.WriteString(count(n))
		right.WriteString(" marked")
	}
	r := right.String()
	rw := ansi.StringWidth(r)
	if rw+12 > m.width {
		r, rw = "", 0
	}
	lw := m.width - rw - 1
	var left string
	switch {
	case m.filtering:
		common.FitInput(&m.input, lw)
		left = m.input.View()
	case m.filterText != "":
		left = s.Prompt.Render("/") + truncate(m.filterText, lw-1)
	default:
		left = s.Dim.Render(truncate("/ to filter, ? for help", lw))
	}
	left = ansi.Truncate(left, max(lw, 0), "…")
	gap := max(m.width-ansi.StringWidth(left)-rw, 0)
	return left + strings.Repeat(" ", gap) + s.Dim.Render(r)
}

// beside joins two blocks line by line, padding the left one to w cells.
func beside(left string, w int, sep, right string) string {
	ll, rl := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(ll), len(rl)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if i < len(ll) {
			l = ll[i]
		}
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", max(w-ansi.StringWidth(l), 0)))
		b.WriteString(sep)
		if i < len(rl) {
			b.WriteString(rl[i])
		}
	}
	return b.String()
}

// detailView renders the customer under the cursor in w×h cells.
func (m *Model) detailView(w, h int) string {
	s := m.styles
	c, ok := m.current()
	if !ok {
		return s.Dim.Render(truncate("No customer selected — esc to close", w))
	}
	d := m.details[c.ID]
	if d != nil && !d.loading && d.err == nil {
		c = d.cust
	}
	var lines []string
	add := func(line string) { lines = append(lines, ansi.Truncate(line, w, "…")) }
	field := func(label, value string) {
		if value == "" {
			value = "—"
		}
		add(s.Label.Render(padRight(label, 13)) + s.Value.Render(value))
	}
	add(s.Title.Render(c.CompanyName) + s.Dim.Render("  esc to close"))
	field("Domain", c.Domain)
	field("Tenant ID", c.TenantID)
	field("Customer ID", c.ID)
	field("Relationship", string(c.Relationship))
	place := c.Country
	if c.City != "" {
		place = strings.TrimPrefix(place+" / "+c.City, " / ")
	}
	field("Country/City", place)
	field("Email", c.Email)
	field("Commerce ID", c.CommerceID)
	add("")
	switch {
	case d == nil || d.loading:
		add(s.Dim.Render("Loading subscriptions…"))
	case d.err != nil:
		add(s.StatusError.Render("Could not load: " + d.err.Error()))
	default:
		add(s.Title.Render("Subscriptions (" + strconv.Itoa(len(d.subs)) + ")"))
		if len(d.subs) == 0 {
			add(s.Dim.Render("none"))
		}
		for k, sub := range d.subs {
			if len(lines)+2 > h && k < len(d.subs) {
				add(s.Dim.Render("… " + strconv.Itoa(len(d.subs)-k) + " more"))
				break
			}
			add(subLine(s, sub))
			add("  " + s.Dim.Render(subFacts(sub)))
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

func subLine(s *theme.Styles, sub model.Subscription) string {
	name := sub.OfferName
	if name == "" {
		name = sub.FriendlyName
	}
	st := s.Value
	switch sub.Status {
	case model.SubscriptionActive:
		st = s.StatusActive
	case model.SubscriptionSuspended:
		st = s.StatusBad
	case model.SubscriptionPending:
		st = s.StatusPend
	case model.SubscriptionDeleted:
		st = s.Dim
	}
	return "• " + name + "  " + st.Render(string(sub.Status))
}

// subFacts is the second line of a subscription: quantity, term, billing
// cycle, trial and the end of the commitment.
func subFacts(sub model.Subscription) string {
	facts := []string{"qty " + strconv.Itoa(sub.Quantity)}
	for _, f := range []string{sub.TermDuration, sub.BillingCycle} {
		if f != "" {
			facts = append(facts, f)
		}
	}
	if sub.IsTrial {
		facts = append(facts, "trial")
	}
	if sub.CommitmentEnd != "" {
		facts = append(facts, "ends "+sub.CommitmentEnd)
	}
	return strings.Join(facts, " · ")
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0))
}
