package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// watchOptions are `mcgdash migrations --watch`'s arguments.
type watchOptions struct {
	Output    string // table or json
	Customers []string
	IDs       []string
	Interval  time.Duration
	// wait sleeps between refreshes; tests replace it.
	wait func(ctx context.Context, d time.Duration) error
	now  func() time.Time
}

// watchLine is one change, as --output json prints it (one object a line).
type watchLine struct {
	Time             string  `json:"time"`
	MigrationID      string  `json:"migrationId"`
	CustomerTenantID string  `json:"customerTenantId"`
	CustomerName     string  `json:"customerName"`
	TargetTenantID   string  `json:"targetTenantId"`
	Status           string  `json:"status"`
	CurrentPhase     string  `json:"currentPhase"`
	PhaseName        string  `json:"phaseName"`
	Progress         float64 `json:"progress"`
	Event            string  `json:"event"`
	FailureReason    string  `json:"failureReason,omitempty"`
}

// errSomeFailed ends a watch in which a migration failed (exit 1).
var errSomeFailed = errors.New("failed")

// state is what a change is measured against.
func watchState(m *model.Migration) string {
	done := 0
	for _, p := range m.Phases {
		if p.Status == model.PhaseCompleted {
			done++
		}
	}
	return string(m.Status) + "|" + m.CurrentPhase + "|" + strconv.Itoa(done) + "|" + strconv.Itoa(m.Attempts)
}

// watchEvent says what the change is, in words.
func watchEvent(m *model.Migration, first bool) string {
	phase := model.PhaseName(m.CurrentPhase)
	switch m.Status {
	case model.MigrationCompleted:
		return "completed"
	case model.MigrationFailed:
		return phase + " failed"
	}
	if first {
		return "running: " + phase
	}
	return phase + " started"
}

func (o watchOptions) matches(m *model.Migration) bool {
	if len(o.IDs) > 0 && !slices.ContainsFunc(o.IDs, func(id string) bool { return strings.EqualFold(id, m.ID) }) {
		return false
	}
	if len(o.Customers) > 0 && !slices.ContainsFunc(o.Customers, func(c string) bool {
		return strings.EqualFold(c, m.CustomerTenantID) || strings.EqualFold(c, m.CustomerName)
	}) {
		return false
	}
	return true
}

// runWatch is `mcgdash migrations --watch`: it prints each change of the
// watched migrations as it happens (one table line, or one JSON object a
// line) until all of them finished; exit 0 when all completed, 1 when any
// failed. Without --id or --customer it watches the migrations running
// when it starts. It refreshes with the partner-wide list, never one call
// per migration, and a refresh that fails is said on stderr and repeated.
func runWatch(ctx context.Context, b *backend, o watchOptions, stdout, stderr io.Writer) error {
	if o.Output != "table" && o.Output != "json" {
		return usageErrorf("--watch prints table or json, not %q", o.Output)
	}
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
	}
	if o.wait == nil {
		o.wait = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if o.now == nil {
		o.now = time.Now
	}
	narrowed := len(o.IDs) > 0 || len(o.Customers) > 0
	var watched map[string]bool
	last := map[string]string{}
	failures := 0
	enc := json.NewEncoder(stdout)
	for {
		var all []model.Migration
		err := b.partner.ListMigrations(ctx, func(p client.MigrationPage) error {
			all = append(all, p.Migrations...)
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failures++
			fmt.Fprintf(stderr, "mcgdash: %s; trying again\n", model.SanitizeMessage(err.Error()))
			if err := o.wait(ctx, min(o.Interval<<min(failures, 5), 2*time.Minute)); err != nil {
				return err
			}
			continue
		}
		failures = 0
		if watched == nil {
			watched = map[string]bool{}
			for i := range all {
				m := &all[i]
				if o.matches(m) && (narrowed || !m.Status.Finished()) {
					watched[m.ID] = true
				}
			}
			if len(watched) == 0 {
				if narrowed {
					return fmt.Errorf("no migration matches --id/--customer")
				}
				fmt.Fprintln(stderr, "mcgdash: no migration is running; nothing to watch")
				return nil
			}
		}
		finished, failed := 0, 0
		for i := range all {
			m := &all[i]
			if !watched[m.ID] {
				continue
			}
			st := watchState(m)
			if prev, seen := last[m.ID]; !seen || prev != st {
				last[m.ID] = st
				line := watchLine{Time: o.now().UTC().Format(time.RFC3339), MigrationID: m.ID, CustomerTenantID: m.CustomerTenantID,
					CustomerName: m.CustomerName, TargetTenantID: m.TargetTenantID, Status: string(m.Status), CurrentPhase: m.CurrentPhase,
					PhaseName: model.PhaseName(m.CurrentPhase), Progress: float64(int(m.Progress()*1000)) / 1000,
					Event: watchEvent(m, !seen), FailureReason: m.FailureReason}
				if o.Output == "json" {
					if err := enc.Encode(line); err != nil {
						return err
					}
				} else {
					ev := line.Event
					if line.FailureReason != "" {
						ev += ": " + line.FailureReason
					}
					if _, err := fmt.Fprintf(stdout, "%s  %-32s  %-10s  %3d%%  %s  (%s)\n", o.now().Local().Format("15:04:05"),
						clip(m.CustomerName, 32), m.Status, int(m.Progress()*100), ev, m.ID); err != nil {
						return err
					}
				}
			}
			if m.Status.Finished() {
				finished++
				if m.Status == model.MigrationFailed {
					failed++
				}
			}
		}
		if finished == len(watched) {
			if failed > 0 {
				return fmt.Errorf("%d of %d watched migrations %w; r on the dashboard's migrations screen retries them", failed, len(watched), errSomeFailed)
			}
			fmt.Fprintf(stderr, "mcgdash: all %d watched migrations completed\n", len(watched))
			return nil
		}
		if err := o.wait(ctx, o.Interval); err != nil {
			return err
		}
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
