package wizard

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// stepNames label the progress line.
var stepNames = []string{"Target", "Sign in", "Checks", "Review", "Started"}

func (m *Model) stepIndex() int {
	switch m.step {
	case StepTarget, StepEnroll:
		return 0
	case StepSignIn:
		return 1
	case StepChecks:
		return 2
	case StepReview:
		return 3
	}
	return 4
}

// View implements common.Layer.
func (m *Model) View() string {
	s := m.styles()
	w := max(m.width, 20)
	var b []string
	b = append(b, s.Title.Render(clip("Migrate "+m.who()+" to a European region", w)))
	var prog []string
	for i, n := range stepNames {
		label := fmt.Sprintf("%d %s", i+1, n)
		switch {
		case i == m.stepIndex():
			prog = append(prog, s.TabActive.Render(label))
		case i < m.stepIndex():
			prog = append(prog, s.Value.Render(label))
		default:
			prog = append(prog, s.Dim.Render(label))
		}
	}
	b = append(b, clip(strings.Join(prog, s.Dim.Render(" › ")), w), "")
	var body []string
	switch m.step {
	case StepTarget:
		body = m.targetView(s, w)
	case StepSignIn:
		body = m.signInView(s, w)
	case StepChecks:
		body = m.checksView(s, w)
	case StepEnroll:
		body = m.enrollView(s, w)
	case StepReview:
		body = m.reviewView(s, w)
	case StepStarted:
		body = m.startedView(s, w)
	case StepDetails:
		body = m.detailsView(s, w)
	}
	b = append(b, body...)
	if m.height > 0 && len(b) > m.height {
		b = append(b[:m.height-1], s.Dim.Render("…"))
	}
	return strings.Join(b, "\n")
}

// who names the customers in the title.
func (m *Model) who() string {
	switch len(m.customers) {
	case 0:
		return "customers"
	case 1:
		return m.customers[0].CompanyName
	}
	return plural(len(m.customers), "customer")
}

func clip(line string, w int) string {
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// wrap breaks text to w cells and styles each line.
func wrap(st lipgloss.Style, text string, w int, indent string) []string {
	var out []string
	for l := range strings.SplitSeq(lipgloss.Wrap(text, max(w-len(indent), 10), ""), "\n") {
		out = append(out, indent+st.Render(l))
	}
	return out
}

func (m *Model) targetView(s *theme.Styles, w int) []string {
	if m.form == nil {
		return []string{s.Dim.Render("Looking up the partner's accounts in European regions…")}
	}
	var out []string
	if m.waitErr != nil {
		out = append(out, wrap(s.StatusWarn, m.waitErr.Error(), w, "")...)
	}
	if !m.typing {
		out = append(out, strings.Split(m.form.View(), "\n")...)
		if n := len(m.waiting); n > 0 {
			verb := " wait"
			if n == 1 {
				verb = " waits"
			}
			out = append(out, "", s.StatusWarn.Render(clip(plural(n, "customer")+verb+" for a new account (path B: I don't have a tenant…)", w)))
		}
		return out
	}
	out = append(out, s.Title.Render("Tenant id or domain"))
	out = append(out, wrap(s.Dim, "The tenant in a European region the customers move to, e.g. contoso.onmicrosoft.com or its tenant GUID. You sign in to it as its Global Administrator next.", w, "")...)
	common.FitInput(&m.input, min(w, 76))
	out = append(out, "", m.input.View())
	if m.inputErr != "" {
		out = append(out, s.StatusError.Render(m.inputErr))
	}
	return out
}

func (m *Model) signInView(s *theme.Styles, w int) []string {
	out := []string{s.Label.Render("Target ") + s.Value.Render(model.Sanitize(m.tenant))}
	return append(out, wrap(s.Dim, "Looking the tenant up on the worldwide authority, then signing in to it as its Global Administrator…", w, "")...)
}

func (m *Model) mark(s *theme.Styles, ok bool) string {
	if ok {
		return s.StatusOK.Render("✓ PASS")
	}
	return s.StatusError.Render("✗ FAIL")
}

func (m *Model) checksView(s *theme.Styles, w int) []string {
	out := []string{s.Label.Render("Target      ") + s.Value.Render(clip(m.targetLine(), w-12))}
	if m.account != "" {
		out = append(out, s.Label.Render("Signed in as ")+s.Value.Render(m.account))
	}
	out = append(out, "")
	switch {
	case m.checking:
		return append(out, s.Dim.Render("Running the checks…"))
	case m.checkErr != nil:
		out = append(out, wrap(s.StatusError, "The checks could not run: "+m.checkErr.Error(), w, "")...)
		return append(out, "", s.Dim.Render("r tries again · s signs in as someone else · esc chooses another tenant"))
	}
	for _, c := range m.report.Checks {
		if strings.HasPrefix(c.Evidence, "not checked") {
			// A check an earlier failure kept from running: no fix of its own.
			out = append(out, s.Dim.Render("– SKIP "+c.Title))
			out = append(out, wrap(s.Dim, c.Evidence, w, "       ")...)
			continue
		}
		out = append(out, m.mark(s, c.Passed)+" "+s.Bold.Render(c.Title))
		out = append(out, wrap(s.Value, c.Evidence, w, "       ")...)
		if !c.Passed && c.Fix != "" {
			out = append(out, wrap(s.StatusWarn, "Fix: "+c.Fix, w, "       ")...)
		}
	}
	out = append(out, "")
	if m.report.Passed() {
		out = append(out, s.StatusOK.Render("All checks passed.")+s.Dim.Render(" enter reviews the migration."))
	} else {
		out = append(out, wrap(s.Dim, "Fix it, then r runs the checks again (s signs in as someone else, esc chooses another tenant).", w, "")...)
	}
	return out
}

func (m *Model) targetLine() string {
	name := m.target()
	if m.report.DisplayName != "" {
		name += " (" + m.report.DisplayName + ")"
	}
	if m.report.TenantID != "" && m.report.TenantID != m.report.Domain && m.report.TenantID != name {
		name += " · " + m.report.TenantID
	}
	return name
}

func (m *Model) enrollView(s *theme.Styles, w int) []string {
	var out []string
	out = append(out, wrap(s.Value, "Create a new customer and CSP account in a European region on Partner Center's enrollment page, sign the agreement, and come back once the account is active:", w, "")...)
	// The whole link, cut where the width ends: every piece is the same
	// OSC 8 hyperlink, so a terminal opens the whole URL from any of them.
	u := m.enrollURL()
	for rest := u; rest != ""; {
		n := min(len(rest), max(w-2, 10))
		out = append(out, "  "+ansi.SetHyperlink(u, "mcgdash-enroll")+s.Link.Render(rest[:n])+ansi.ResetHyperlink())
		rest = rest[n:]
	}
	out = append(out, "")
	switch {
	case m.enrollBusy:
		out = append(out, s.Dim.Render("Asking Partner Center about the enrollment…"))
	case m.enrollErr != nil && strings.Contains(m.enrollErr.Error(), "no enrollment"):
		out = append(out, wrap(s.StatusWarn, "No enrollment has been started yet.", w, "")...)
	case m.enrollErr != nil:
		out = append(out, wrap(s.StatusError, m.enrollErr.Error(), w, "")...)
	case m.enrollment.Status == model.EnrollmentActive:
		out = append(out, wrap(s.StatusOK, "The account "+m.enrollment.Domain+" is active: enter signs in to it.", w, "")...)
	case m.enrollment.ID != "":
		since := ""
		if !m.enrollment.CreatedTime.IsZero() {
			since = " since " + m.enrollment.CreatedTime.UTC().Format("2006-01-02 15:04 UTC")
		}
		out = append(out, wrap(s.StatusWarn, "The enrollment of "+m.enrollment.CompanyName+" is "+strings.ToLower(string(m.enrollment.Status))+since+": not active yet.", w, "")...)
	}
	out = append(out, "")
	if m.waitErr != nil {
		out = append(out, wrap(s.StatusError, "Could not remember the customers: "+m.waitErr.Error(), w, "")...)
	} else {
		out = append(out, s.Label.Render(fmt.Sprintf("Waiting for the new account (%d):", len(m.waiting))))
		room := max(m.height-len(out)-8, 1)
		for i, c := range m.waiting {
			if i == room && len(m.waiting) > room+1 {
				out = append(out, s.Dim.Render(fmt.Sprintf("  … and %d more", len(m.waiting)-room)))
				break
			}
			out = append(out, "  "+s.Value.Render(clip(c.CompanyName+"  "+c.Domain, w-4))+s.Dim.Render(" since "+c.Since.Format("2006-01-02")))
		}
	}
	out = append(out, "")
	return append(out, wrap(s.Dim, "y copies the link · n starts the enrollment · enter checks again, and goes on once the account is active", w, "")...)
}

func (m *Model) reviewView(s *theme.Styles, w int) []string {
	label := func(l string) string { return s.Label.Render(fmt.Sprintf("%-10s", l)) }
	var out []string
	src := "Microsoft Cloud Germany (MCG)"
	out = append(out, label("From")+s.Value.Render(src))
	out = append(out, label("To")+s.Value.Render(clip(m.targetLine(), w-10)))
	checks := make([]string, 0, 3)
	for _, c := range m.report.Checks {
		if c.Passed {
			checks = append(checks, c.Title)
		}
	}
	out = append(out, label("Checks")+s.StatusOK.Render(clip(fmt.Sprintf("%d passed", len(checks)), w-10))+s.Dim.Render(clip(" (region EU, Global Administrator "+m.account+", active)", w-20)))
	out = append(out, "", s.Label.Render("Customers ("+fmt.Sprint(len(m.customers))+")"))
	// The title (3 lines) above, what will happen (4) below.
	room := max(m.height-3-len(out)-5, 2)
	shown := 0
	for _, c := range m.customers {
		if shown == room && len(m.customers) > room {
			out = append(out, s.Dim.Render(fmt.Sprintf("  … and %d more", len(m.customers)-room)))
			break
		}
		shown++
		out = append(out, "  "+m.reviewLine(s, c, w-2))
		// With room to spare, each subscription on a line of its own.
		if r := m.review[c.ID]; r != nil && r.err == nil && r.validation.Eligible && len(m.customers) <= 3 {
			for _, sub := range r.subs {
				if !slices.Contains(r.validation.SubscriptionIDs, sub.ID) || len(out) >= m.height-8 {
					continue
				}
				out = append(out, s.Dim.Render(clip(fmt.Sprintf("    • %s  qty %d  %s", subName(sub), sub.Quantity, sub.Status), w)))
			}
		}
	}
	if len(m.left) > 0 {
		out = append(out, "", s.Label.Render(fmt.Sprintf("Left out (%d)", len(m.left))))
		for k, l := range m.left {
			if k == 3 && len(m.left) > 4 {
				out = append(out, s.Dim.Render(fmt.Sprintf("  … and %d more", len(m.left)-3)))
				break
			}
			name := clip(l.Customer.CompanyName, 28)
			name += strings.Repeat(" ", max(29-ansi.StringWidth(name), 1))
			out = append(out, "  "+s.Value.Render(name)+s.Dim.Render(clip(l.Reason, w-31)))
		}
	}
	out = append(out, "")
	if m.readOnly() {
		out = append(out, wrap(s.StatusWarn, "READ-ONLY: mcgdash refuses to start migrations in read-only mode; nothing will be created. Restart without --readonly to migrate.", w, "")...)
		return out
	}
	n := m.eligibleCount()
	what := fmt.Sprintf("What will happen: one migration per customer (%d) starts; its subscriptions move to %s, where Partner Center runs the phases over days. Nothing is created until you type %s.",
		n, m.target(), m.target())
	if m.reviewing {
		what = "Validating each customer against the target…"
	}
	return append(out, wrap(s.Dim, what, w, "")...)
}

func (m *Model) reviewLine(s *theme.Styles, c model.Customer, w int) string {
	name := clip(c.CompanyName, 28)
	name += strings.Repeat(" ", max(29-ansi.StringWidth(name), 1))
	r := m.review[c.ID]
	switch {
	case r == nil:
		return s.Value.Render(name) + s.Dim.Render("validating…")
	case r.err != nil:
		return s.Value.Render(name) + s.StatusError.Render(clip(r.err.Error(), w-30))
	case !r.validation.Eligible:
		var reasons []string
		for _, x := range r.validation.Reasons {
			reasons = append(reasons, x.Description)
		}
		return s.Value.Render(name) + s.StatusError.Render(clip("cannot move: "+strings.Join(reasons, "; "), w-30))
	}
	var subs []string
	for _, sub := range r.subs {
		if slices.Contains(r.validation.SubscriptionIDs, sub.ID) {
			subs = append(subs, subName(sub))
		}
	}
	desc := plural(len(r.validation.SubscriptionIDs), "subscription")
	if len(subs) > 0 {
		desc += ": " + strings.Join(subs, ", ")
	}
	return s.Value.Render(name) + s.Dim.Render(clip(desc, w-30))
}

func subName(sub model.Subscription) string {
	if sub.FriendlyName != "" {
		return sub.FriendlyName
	}
	return sub.OfferName
}

func (m *Model) startedView(s *theme.Styles, w int) []string {
	var out []string
	counts := map[outcomeState]int{}
	for _, o := range m.outcomes {
		counts[o.state]++
	}
	head := fmt.Sprintf("%d started", counts[started])
	if n := counts[starting] + counts[queued]; n > 0 {
		head += fmt.Sprintf(", %d starting", n)
	}
	if n := counts[failed]; n > 0 {
		head += fmt.Sprintf(", %d failed", n)
	}
	if n := counts[ineligible]; n > 0 {
		head += fmt.Sprintf(", %d not eligible", n)
	}
	out = append(out, s.Label.Render("To ")+s.Value.Render(m.target())+s.Dim.Render(" · "+head), "")
	room := max(m.height-len(out)-6, 2)
	for i, o := range m.outcomes {
		if i == room && len(m.outcomes) > room {
			out = append(out, s.Dim.Render(fmt.Sprintf("… and %d more", len(m.outcomes)-room)))
			break
		}
		name := clip(o.customer.CompanyName, 28)
		name += strings.Repeat(" ", max(29-ansi.StringWidth(name), 1))
		var st string
		switch o.state {
		case queued:
			st = s.Dim.Render("waiting its turn")
		case starting:
			st = s.StatusPend.Render("starting…")
		case started:
			st = s.StatusOK.Render("started") + s.Dim.Render(clip(" "+string(o.migration.Status)+" · "+model.PhaseName(o.migration.CurrentPhase)+" · request "+o.requestID, w-40))
		case ineligible:
			st = s.StatusWarn.Render(clip("not eligible: "+strings.Join(o.reasons, "; "), w-30))
		case failed:
			msg := "failed"
			if o.err != nil {
				msg += ": " + o.err.Error()
			}
			st = s.StatusError.Render(clip(msg, w-30))
		}
		out = append(out, s.Value.Render(name)+st)
	}
	out = append(out, "")
	return append(out, wrap(s.Dim, "d views the details of the started migrations · v views the dashboard (all migrations) · esc closes; migrations go on in Partner Center.", w, "")...)
}

func (m *Model) detailsView(s *theme.Styles, w int) []string {
	var out []string
	switch {
	case m.detailing && len(m.details) == 0:
		return []string{s.Dim.Render("Fetching the migrations…")}
	case len(m.details) == 0 && m.detailsErr != nil:
		return wrap(s.StatusError, m.detailsErr.Error(), w, "")
	case len(m.details) == 0:
		return []string{s.Dim.Render("No migration was started.")}
	}
	mg := m.details[min(m.cursor, len(m.details)-1)]
	// The list gets what the phases leave, as a window around the cursor.
	room := max(m.height-3-4-len(mg.Phases), 1)
	first := min(max(m.cursor-room/2, 0), max(len(m.details)-room, 0))
	for i := first; i < min(first+room, len(m.details)); i++ {
		mg := m.details[i]
		line := fmt.Sprintf("%d/%d  %s  %s  %s", i+1, len(m.details), mg.CustomerName, mg.Status, model.PhaseName(mg.CurrentPhase))
		if i == m.cursor {
			out = append(out, s.TableCursor.Render(clip("▸ "+line, w)))
		} else {
			out = append(out, s.Value.Render(clip("  "+line, w)))
		}
	}
	out = append(out, "", s.Label.Render("Migration ")+s.Value.Render(mg.ID))
	out = append(out, s.Label.Render("Status    ")+s.Value.Render(string(mg.Status))+s.Dim.Render(fmt.Sprintf(" · %.0f%% · current phase %s", mg.Progress()*100, model.PhaseName(mg.CurrentPhase))))
	if mg.FailureReason != "" {
		out = append(out, wrap(s.StatusError, mg.FailureReason, w, "")...)
	}
	for _, p := range mg.Phases {
		glyph, st := "·", s.Dim
		switch p.Status {
		case model.PhaseCompleted:
			glyph, st = "✓", s.StatusOK
		case model.PhaseRunning:
			glyph, st = "▸", s.StatusPend
		case model.PhaseFailed:
			glyph, st = "✗", s.StatusError
		}
		out = append(out, "  "+st.Render(glyph+" "+clip(p.Name, w-14))+s.Dim.Render(" "+string(p.Status)))
	}
	return out
}
