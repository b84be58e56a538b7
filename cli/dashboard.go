package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/routes"
)

// runDashboardCmd is the root command: the full-screen dashboard.
func (a *app) runDashboardCmd(cmd *cobra.Command, _ []string) error {
	if err := a.load(cmd); err != nil {
		return err
	}
	return runDashboard(cmd.Context(), a.cfg, a.log)
}

// runDashboard opens the full-screen dashboard. It refuses to start without
// a terminal, pointing scripts at the scriptable commands instead.
func runDashboard(parent context.Context, cfg *Config, log *slog.Logger) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("the dashboard needs a terminal; for scripts use 'mcgdash customers --output csv' or 'mcgdash routes'")
	}
	// The client reports 429 waits from its own goroutines; the status bar
	// hears of them once the program runs.
	var send atomic.Pointer[func(tea.Msg)]
	onThrottle := func(wait time.Duration) {
		if s := send.Load(); s != nil && wait > throttleNotice {
			(*s)(common.StatusMsg{Level: common.Warning, Text: throttleText(wait), TTL: wait})
		}
	}
	b, err := openBackend(cfg, log, onThrottle)
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
	}
	if cfg.PartnerCenterURL != "" {
		c.Endpoint = b.partner.Endpoint()
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
	screens := []common.Screen{cs, routes.New(c)}
	if b.notice != "" {
		notices = append(notices, b.notice)
	}
	opts := ui.Options{
		Notice:  strings.Join(notices, "; "),
		LogFile: cfg.LogFile,
		Log:     log,
		PartnerName: func(ctx context.Context) (string, error) {
			p, err := b.partner.GetOrganizationProfile(ctx)
			return p.CompanyName, err
		},
		Attach: func(s func(tea.Msg)) { send.Store(&s) },
	}
	if b.session != nil {
		opts.Session = b.session
	}
	return ui.Run(c, screens, opts)
}
