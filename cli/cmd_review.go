package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/review"
)

func init() { register(reviewCommand) }

func reviewCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Export or import the review: marks, decisions, notes and check results",
		Long: `The review is what the dashboard keeps of a bulk review as it is made: marks,
decisions (migrate, skip, follow-up), notes and pre-flight check results, in review.db in
the state directory, one review per environment and partner.`,
		Args: a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var output string
	export := &cobra.Command{
		Use:   "export",
		Short: "Print every customer of the review with its decision, note and check",
		Long: `Print the review's customers (those marked, decided, noted or checked) from the local
review database; no call is made. CSV cells a spreadsheet would run as a formula get a
leading ', which import takes off again.`,
		Example: `  mcgdash review export > review.csv
  mcgdash review export -o json | jq '.[] | select(.decision == "migrate") | .customerId'`,
		Args: a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.load(cmd); err != nil {
				return err
			}
			rs, err := openReview(a.cfg)
			if err != nil {
				return err
			}
			defer rs.Close()
			entries, err := rs.Load(cmd.Context())
			if err != nil {
				return err
			}
			return review.Write(a.stdout, output, review.Rows(entries))
		},
	}
	outputFlag(export, &output, "csv", "json")
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Take decisions (and notes, marks) from a CSV a colleague edited",
		Long: `Read a CSV with a header naming at least customer_id and decision (note and marked are
taken when present; other columns, such as an export's, are ignored) and record its
decisions in the review. Every customer is looked up in Partner Center first: unknown
customers and bad rows are reported by line, and then nothing is imported.`,
		Example: `  mcgdash review import review.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("review import needs one FILE (a CSV with customer_id and decision columns)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return a.withBackend(func(ctx context.Context, b *backend, stdout, _ io.Writer) error {
				return importReview(ctx, b, a.cfg, f, stdout)
			})(cmd, nil)
		},
	}
	cmd.AddCommand(export, imp)
	return cmd
}

// importReview checks every row of in against the partner's customers and
// records the decisions in one transaction, or reports every bad line.
func importReview(ctx context.Context, b *backend, cfg *Config, in io.Reader, out io.Writer) error {
	known := map[string]bool{}
	err := b.partner.ListCustomers(ctx, client.ListOptions{PageSize: client.MaxPageSize}, func(p client.Page) error {
		for _, c := range p.Customers {
			known[c.ID] = true
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list customers to check the import against: %w", err)
	}
	rows, err := review.ParseCSV(in, func(id string) bool { return known[id] })
	if err != nil {
		return fmt.Errorf("nothing imported:\n%w", err)
	}
	rs, err := openReview(cfg)
	if err != nil {
		return err
	}
	defer rs.Close()
	if err := rs.Apply(ctx, review.ImportOps(rows)...); err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	_, err = fmt.Fprintf(out, "Imported %d decisions into the review %s\n", len(rows), rs.Key())
	return err
}
