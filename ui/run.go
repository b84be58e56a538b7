package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/ui/common"
)

// Run shows the dashboard until the operator quits. c.Ctx is replaced by a
// context that is cancelled when the program ends, so commands still in
// flight stop with it.
func Run(c *common.Context, screens []common.Screen, opts Options, progOpts ...tea.ProgramOption) error {
	parent := c.Ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	c.Ctx = ctx
	app := New(c, screens, opts)
	p := tea.NewProgram(app, append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)...)
	if opts.Attach != nil {
		opts.Attach(p.Send)
	}
	if _, err := p.Run(); err != nil {
		return fmt.Errorf("run dashboard: %w", err)
	}
	return nil
}
