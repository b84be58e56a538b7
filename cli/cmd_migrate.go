package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/client"
)

func init() {
	register(targetCommand)
	register(migrateCommand)
	register(migrationsCommand)
}

func targetCommand(a *app) *cobra.Command {
	target := &cobra.Command{
		Use:   "target",
		Short: "Check a migration target tenant in a European region",
		Args:  a.noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var output string
	check := &cobra.Command{
		Use:   "check TENANT",
		Short: "Sign in to a target tenant and check it: European region, Global Administrator, active",
		Long: `Sign in to the target tenant with a device code (on stderr) against the worldwide
authority, whatever --env the partner works in, and run the three checks a migration
needs: the tenant is in a European region, the account is its Global Administrator, and
the tenant is active. Each check prints its evidence and, when it fails, what to fix.
Exit 0 when every check passes, 1 otherwise.`,
		Example: `  mcgdash target check fabrikam-eu.onmicrosoft.com
  mcgdash target check 7d1c2b3a-0000-4000-8000-000000000001 -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("target check needs one TENANT (a tenant id or domain)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := a.open(cmd)
			if err != nil {
				return err
			}
			// The target's own sign-in is all it needs.
			ctx := client.WithCorrelationID(cmd.Context(), client.NewGUID())
			return runTarget(ctx, b, targetOptions{Action: "check", Tenant: args[0], Output: output}, a.stdout, a.stderr)
		},
	}
	outputFlag(check, &output, "table", "json")
	logout := &cobra.Command{
		Use:     "logout TENANT",
		Short:   "Forget the sign-in to a target tenant, to sign in as someone else next time",
		Example: `  mcgdash target logout fabrikam-eu.onmicrosoft.com`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("target logout needs one TENANT (a tenant id or domain)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := a.open(cmd)
			if err != nil {
				return err
			}
			return runTarget(cmd.Context(), b, targetOptions{Action: "logout", Tenant: args[0]}, a.stdout, a.stderr)
		},
	}
	target.AddCommand(check, logout)
	return target
}

func migrateCommand(a *app) *cobra.Command {
	var opts migrateOptions
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Start migrations of customers from Microsoft Cloud Germany to a European-region tenant",
		Long: `Check the target tenant (signing in to it as its Global Administrator), validate each
customer, and start one migration per eligible customer, printing one result per
customer. --confirm must equal the target tenant's domain; without it nothing is
created (exit 2). With --readonly every mutating call is refused before it is sent.`,
		Example: `  mcgdash migrate --customer contoso.onmicrosoft.de --target fabrikam-eu.onmicrosoft.com --confirm fabrikam-eu.onmicrosoft.com
  mcgdash migrate --customer a.onmicrosoft.de,b.onmicrosoft.de --target <tenant id> --confirm fabrikam-eu.onmicrosoft.com -o json`,
		Args:    a.noArgs,
		PreRunE: func(*cobra.Command, []string) error { return opts.check() },
		RunE: a.withBackend(func(ctx context.Context, b *backend, stdout, stderr io.Writer) error {
			return runMigrate(ctx, b, opts, stdout, stderr)
		}),
	}
	outputFlag(cmd, &opts.Output, "table", "json")
	cmd.Flags().StringSliceVar(&opts.Customers, "customer", nil, "a customer's id (tenant GUID) or domain; repeat it or separate with commas")
	cmd.Flags().StringVar(&opts.Target, "target", "", "the target tenant's id or domain, in a European region")
	cmd.Flags().StringVar(&opts.Confirm, "confirm", "", "the target tenant's domain, typed to confirm")
	return cmd
}

func migrationsCommand(a *app) *cobra.Command {
	var output string
	var watch watchOptions
	var watching bool
	cmd := &cobra.Command{
		Use:   "migrations",
		Short: "Print every migration of the partner, or watch them change",
		Long: `Print every migration of the partner from the partner-wide list, page by page:
customer, target tenant, status, current phase, progress and times.

With --watch, print each change as it happens (one line per change, or with
--output json one JSON object per line) until every watched migration has
finished, or until interrupted. Without --id or --customer it watches the
migrations running when it starts. Exit 0 when all completed, 1 when any
failed.`,
		Example: `  mcgdash migrations
  mcgdash migrations -o csv > migrations.csv
  mcgdash migrations --watch
  mcgdash migrations --watch --customer contoso.onmicrosoft.de -o json`,
		Args: a.noArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			if !watching && (len(watch.IDs) > 0 || len(watch.Customers) > 0 || cmd.Flags().Changed("interval")) {
				return usageErrorf("--id, --customer and --interval go with --watch")
			}
			if watching && output == "csv" {
				return usageErrorf("--watch prints table or json, not csv")
			}
			return nil
		},
		RunE: a.withBackend(func(ctx context.Context, b *backend, stdout, stderr io.Writer) error {
			if watching {
				watch.Output = output
				return runWatch(ctx, b, watch, stdout, stderr)
			}
			return runMigrations(ctx, b, migrationsOptions{Output: output}, stdout, stderr)
		}),
	}
	outputFlag(cmd, &output, "table", "json", "csv")
	cmd.Flags().BoolVar(&watching, "watch", false, "print changes as they happen until every watched migration finished")
	cmd.Flags().StringSliceVar(&watch.Customers, "customer", nil, "with --watch: only this customer's migrations (tenant id or name); repeat or separate with commas")
	cmd.Flags().StringSliceVar(&watch.IDs, "id", nil, "with --watch: only these migrations")
	cmd.Flags().DurationVar(&watch.Interval, "interval", 5*time.Second, "with --watch: time between two refreshes of the list")
	return cmd
}
