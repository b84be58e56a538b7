package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/routes"
)

// runDashboard opens the full-screen dashboard. It refuses to start without
// a terminal, pointing scripts at the scriptable commands instead.
func runDashboard(cfg *Config, log *slog.Logger) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("the dashboard needs a terminal; for scripts use 'mcgdash customers --output csv' or 'mcgdash routes'")
	}
	b, err := openBackend(cfg, log)
	if err != nil {
		return err
	}
	defer b.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &common.Context{
		Ctx:     ctx,
		Styles:  theme.New(true),
		Env:     b.env,
		Sandbox: b.sandbox != nil,
		Partner: b.partner,
	}
	if cfg.PartnerCenterURL != "" {
		c.Endpoint = b.partner.Endpoint()
	}
	screens := []common.Screen{customers.New(c), routes.New(c)}
	opts := ui.Options{
		Notice:  b.notice,
		LogFile: cfg.LogFile,
		Log:     log,
		PartnerName: func(ctx context.Context) (string, error) {
			p, err := b.partner.GetOrganizationProfile(ctx)
			return p.CompanyName, err
		},
	}
	if b.session != nil {
		opts.Session = b.session
	}
	return ui.Run(c, screens, opts)
}
