package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// migrationsOptions are `mcgdash migrations`' arguments.
type migrationsOptions struct {
	Output string // table, json or csv
}

// migrationJSON is the stable shape of `migrations --output json` (and the
// CSV columns).
type migrationJSON struct {
	ID               string  `json:"id"`
	CustomerTenantID string  `json:"customerTenantId"`
	CustomerName     string  `json:"customerName"`
	TargetTenantID   string  `json:"targetTenantId"`
	Status           string  `json:"status"`
	CurrentPhase     string  `json:"currentPhase"`
	Progress         float64 `json:"progress"`
	StartedTime      string  `json:"startedTime"`
	CompletedTime    string  `json:"completedTime,omitempty"`
	FailureReason    string  `json:"failureReason,omitempty"`
	TargetDomain     string  `json:"targetDomain,omitempty"`
}

var migrationColumns = []string{"id", "customerTenantId", "customerName", "targetTenantId", "status", "currentPhase", "progress", "startedTime", "completedTime", "failureReason", "targetDomain"}

func toMigrationJSON(m model.Migration) migrationJSON {
	j := migrationJSON{ID: m.ID, CustomerTenantID: m.CustomerTenantID, CustomerName: m.CustomerName, TargetTenantID: m.TargetTenantID,
		Status: string(m.Status), CurrentPhase: m.CurrentPhase, Progress: float64(int(m.Progress()*1000)) / 1000,
		StartedTime: stamp(m.StartedTime), CompletedTime: stamp(m.CompletedTime), FailureReason: m.FailureReason,
		TargetDomain: m.TargetDomain}
	return j
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// runMigrations is `mcgdash migrations`: every migration of the partner,
// from the paged partner-wide list.
func runMigrations(ctx context.Context, b *backend, opts migrationsOptions, stdout, _ io.Writer) error {
	if err := checkFormat(opts.Output); err != nil {
		return usageError{err}
	}
	var all []model.Migration
	if err := b.partner.ListMigrations(ctx, func(p client.MigrationPage) error {
		all = append(all, p.Migrations...)
		return nil
	}); err != nil {
		return err
	}
	// The targets by their domains, where the partner's target accounts
	// name them (one request; without it the ids are shown).
	if accounts, err := b.partner.ListTargetAccounts(ctx); err == nil {
		model.SetTargetDomains(all, model.TargetDomains(accounts))
	}
	switch opts.Output {
	case "json":
		out := make([]migrationJSON, len(all))
		for i, m := range all {
			out[i] = toMigrationJSON(m)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "csv":
		cw := csv.NewWriter(stdout)
		_ = cw.Write(migrationColumns)
		for _, m := range all {
			j := toMigrationJSON(m)
			row := []string{j.ID, j.CustomerTenantID, j.CustomerName, j.TargetTenantID, j.Status, j.CurrentPhase,
				strconv.FormatFloat(j.Progress, 'f', -1, 64), j.StartedTime, j.CompletedTime, j.FailureReason, j.TargetDomain}
			for i := range row {
				row[i] = csvSafe(row[i])
			}
			_ = cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CUSTOMER\tTARGET\tSTATUS\tPHASE\tPROGRESS\tSTARTED\tMIGRATION")
	for _, m := range all {
		phase := model.PhaseName(m.CurrentPhase)
		if m.Status == model.MigrationFailed && m.FailureReason != "" {
			phase += " (failed)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d%%\t%s\t%s\n", m.CustomerName, m.Target(), m.Status, phase,
			int(m.Progress()*100), m.StartedTime.Local().Format("2006-01-02 15:04"), m.ID)
	}
	if len(all) == 0 {
		fmt.Fprintln(tw, "(no migrations)")
	}
	return tw.Flush()
}
