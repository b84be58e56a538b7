package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/model"
)

func init() { register(routesCommand) }

func routesCommand(a *app) *cobra.Command {
	var output, customer string
	cmd := &cobra.Command{
		Use:   "routes",
		Short: "Which portal does which partner task, for a customer",
		Long: `Print which portal does which partner task in the environment (--env), one row per
portal link. With --customer the links point at that customer's tenant; without it they
are generic and no sign-in is needed.`,
		Example: `  mcgdash routes
  mcgdash routes --customer contoso.onmicrosoft.de
  mcgdash routes --env global --customer 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 -o json`,
		Args: a.noArgs,
		PreRunE: func(*cobra.Command, []string) error {
			if customer != "" && !model.IsGUID(customer) && !model.IsDomainName(customer) {
				// Said before any sign-in: it is a typo, not a lookup that failed.
				return usageErrorf("--customer %q is neither a customer id (a GUID) nor a domain", model.Sanitize(customer))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if customer == "" {
				// Generic links need no Partner Center at all.
				if err := a.load(cmd); err != nil {
					return err
				}
				return RoutesCommand(cmd.Context(), a.stdout, a.cfg.Env, nil, "", output)
			}
			return a.withBackend(func(ctx context.Context, b *backend, stdout, _ io.Writer) error {
				return RoutesCommand(ctx, stdout, b.env, b.partner, customer, output)
			})(cmd, args)
		},
	}
	outputFlag(cmd, &output, "table", "json", "csv")
	cmd.Flags().StringVar(&customer, "customer", "", "the customer's id (tenant GUID) or domain")
	return cmd
}
