package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/migrations"
	"github.com/mcgdash/mcgdash/ui/routes"
)

// mcgNotice is Partner Center for MCG's own notice, shown once at start (in
// the status bar, or on the sign-in screen on a fresh machine).
const mcgNotice = "Microsoft Cloud Germany takes no new customers and no new services: m moves customers to a European region"

// runDashboardCmd is the root command: the full-screen dashboard.
func (a *app) runDashboardCmd(cmd *cobra.Command, _ []string) error {
	if err := a.load(cmd); err != nil {
		return err
	}
	return runDashboard(cmd.Context(), a.cfg, a.log)
}

// statusThrottle takes the client's 429 waits, from its own goroutines, to
// the status bar once the program runs (ui.Options.Attach).
type statusThrottle struct{ send atomic.Pointer[func(tea.Msg)] }

func (t *statusThrottle) attach(send func(tea.Msg)) { t.send.Store(&send) }

// wait is a client.Options.OnThrottle: a wait longer than throttleNotice is
// a warning that lasts as long as the wait.
func (t *statusThrottle) wait(d time.Duration) {
	if s := t.send.Load(); s != nil && d > throttleNotice {
		(*s)(common.StatusMsg{Level: common.Warning, Text: throttleText(d), TTL: d})
	}
}

// runDashboard opens the full-screen dashboard. It refuses to start without
// a terminal, pointing scripts at the scriptable commands instead.
func runDashboard(parent context.Context, cfg *Config, log *slog.Logger) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("the dashboard needs a terminal; for scripts use 'mcgdash customers --output csv' or 'mcgdash routes'")
	}
	var throttle statusThrottle
	b, err := openBackend(cfg, log, throttle.wait)
	if err != nil {
		return err
	}
	defer b.Close()

	// ui.Run handles the stop signals itself, to give the terminal back and
	// exit with the signal's code: the command's signal context must not
	// race it.
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	defer cancel()
	c := &common.Context{
		Ctx:     ctx,
		Styles:  theme.NewWith(theme.Options{Dark: true, ASCII: cfg.ASCII}),
		Env:     b.env,
		Sandbox: b.sandbox != nil,
		Partner: b.partner,
		Target:  &b.target,
	}
	if d, err := client.StateDir(); err == nil {
		c.StateDir = d
	}
	if cfg.PartnerCenterURL != "" {
		c.Endpoint = b.partner.Endpoint()
	}
	mopts := migrations.Options{Journal: b.partner.Journal()}
	if dir, err := client.StateDir(); err == nil {
		mopts.PinsPath = filepath.Join(dir, "pins.json")
	}
	cs := customers.New(c)
	notices := append([]string{}, cfg.Warnings...)
	// The review (marks, decisions, notes, checks) lives in the state
	// directory; without it the dashboard still works, for this run.
	if rs, err := openReview(cfg); err != nil {
		notices = append(notices, "review not kept: "+err.Error())
	} else {
		defer rs.Close()
		cs.SetReview(rs)
	}
	screens := []common.Screen{cs, routes.New(c), migrations.New(c, mopts)}
	if b.env == model.EnvGermany {
		notices = append(notices, mcgNotice)
	}
	if b.notice != "" {
		notices = append(notices, b.notice)
	}
	opts := ui.Options{
		Notice:  strings.Join(notices, "; "),
		LogFile: cfg.LogFile,
		Log:     log,
		PartnerName: func(ctx context.Context) (string, error) {
			// Fetched at start and after each sign-in: the audit log names
			// who is signed in on the lines the wizard and the dashboard write.
			b.setOperator(ctx)
			p, err := b.partner.GetOrganizationProfile(ctx)
			return p.CompanyName, err
		},
		Attach: throttle.attach,
	}
	if b.session != nil {
		opts.Session = b.session
	}
	return ui.Run(c, screens, opts)
}
