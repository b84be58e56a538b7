package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"
)

func init() { register(customersCommand) }

func customersCommand(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "customers",
		Short: "Print every customer, page by page, for scripts",
		Long: `Print every customer of the partner, page by page as Partner Center sends them.

JSON and CSV are written as pages arrive; the table is aligned, so it waits for the end.
A listing that fails at once prints nothing; one that fails midway says on stderr how
many customers were written. CSV cells a spreadsheet would run as a formula get a leading '.`,
		Example: `  mcgdash customers
  mcgdash customers --output csv > customers.csv
  mcgdash customers -o json | jq -r '.[].domain'`,
		Args: a.noArgs,
		RunE: a.withBackend(func(ctx context.Context, b *backend, stdout, _ io.Writer) error {
			return writeCustomers(ctx, stdout, b.partner, output)
		}),
	}
	outputFlag(cmd, &output, "table", "json", "csv")
	return cmd
}
