package common

import "time"

// MigrationsMsg lets the migrations dashboard tell the header how the
// partner's migrations stand, even while the dashboard is hidden: how many
// run, failed and finished, when the list was last refreshed, and whether
// the last refresh failed (the figures are then stale).
type MigrationsMsg struct {
	Running, Failed, Completed int
	Refreshed                  time.Time
	Stale                      bool
}
