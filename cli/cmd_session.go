package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcgdash/mcgdash/client"
)

func init() {
	register(loginCommand)
	register(logoutCommand)
	register(whoamiCommand)
}

// sessionBackend opens the backend for login, logout and whoami, which
// need the sign-in kept between runs.
func (a *app) sessionBackend(cmd *cobra.Command) (*backend, error) {
	b, err := a.open(cmd)
	if err != nil {
		return nil, err
	}
	if b.tempCache != "" {
		return nil, fmt.Errorf("the sandbox is on a random port this time, so no sign-in is kept between runs; %s needs the sandbox on %s (quit the other mcgdash, or pass a free --sandbox-addr)", cmd.Name(), a.cfg.Sandbox.Addr)
	}
	return b, nil
}

func loginCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Sign in with a device code",
		Long: `Sign in with the device code flow: open the URL on any machine with a browser and enter
the code. The token is kept in the token cache, so later runs sign in silently. The
sandbox approves its code by itself after about two seconds.`,
		Example: `  mcgdash login
  mcgdash --env germany --tenant contoso.onmicrosoft.de --client-id <app id> login`,
		Args: a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.sessionBackend(cmd)
			if err != nil {
				return err
			}
			if b.session == nil {
				return errors.New("login is for a tenant or the sandbox: with --partner-center-url the token comes from MCGDASH_ACCESS_TOKEN or --access-token-file")
			}
			return deviceLogin(cmd.Context(), b, a.stderr)
		},
	}
}

func logoutCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "logout",
		Short:   "Sign out and remove the token cache",
		Long:    `Sign out of the tenant (or the sandbox): the accounts and the token cache for this authority are removed.`,
		Example: `  mcgdash logout`,
		Args:    a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.sessionBackend(cmd)
			if err != nil {
				return err
			}
			if b.session == nil {
				return errors.New("nothing to sign out of: the token comes from MCGDASH_ACCESS_TOKEN or --access-token-file")
			}
			ctx := cmd.Context()
			id, whoErr := b.session.WhoAmI(ctx)
			if err := b.session.Logout(ctx); err != nil {
				return err
			}
			if errors.Is(whoErr, client.ErrSignInRequired) {
				fmt.Fprintf(a.stdout, "No one is signed in to %s; nothing to sign out of.\n", b.where())
				return nil
			}
			if whoErr == nil {
				fmt.Fprintf(a.stdout, "Signed out %s from %s; the token cache for this authority is removed.\n", id.Username, b.where())
				return nil
			}
			fmt.Fprintf(a.stdout, "Signed out of %s; the token cache for this authority is removed.\n", b.where())
			return nil
		},
	}
}

// whoamiJSON is the stable shape of `mcgdash whoami --output json`.
type whoamiJSON struct {
	Account     string     `json:"account,omitempty"`
	TenantID    string     `json:"tenantId,omitempty"`
	Environment string     `json:"environment"`
	Sandbox     bool       `json:"sandbox"`
	SandboxAddr string     `json:"sandboxAddress,omitempty"`
	Authority   string     `json:"authority,omitempty"`
	Endpoint    string     `json:"endpoint,omitempty"`
	TokenUntil  *time.Time `json:"tokenUntil,omitempty"`
	TokenCache  string     `json:"tokenCache,omitempty"`
	BearerToken bool       `json:"bearerToken"` // a token handed in, no sign-in
}

func whoamiCommand(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who is signed in, where, and until when",
		Long:  `Show the signed-in account, its tenant, the environment and authority, and until when the token is valid. Never a token.`,
		Example: `  mcgdash whoami
  mcgdash whoami --output json`,
		Args: a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.sessionBackend(cmd)
			if err != nil {
				return err
			}
			return whoami(cmd.Context(), b, a.stdout, output)
		},
	}
	outputFlag(cmd, &output, "table", "json")
	return cmd
}

// where names the authority or sandbox of b, for messages.
func (b *backend) where() string {
	if b.sandbox != nil {
		return "the sandbox on " + b.sandboxAddr()
	}
	if b.session != nil {
		return b.session.Authority()
	}
	return b.partner.Endpoint()
}

// whoami prints who is signed in, where, and until when; never a token.
func whoami(ctx context.Context, b *backend, w io.Writer, format string) error {
	doc := whoamiJSON{Environment: string(b.env), Sandbox: b.sandbox != nil}
	if b.sandbox != nil {
		doc.SandboxAddr = b.sandboxAddr()
	}
	if b.session == nil {
		doc.Endpoint, doc.BearerToken = b.partner.Endpoint(), true
	} else {
		id, err := b.session.WhoAmI(ctx)
		if errors.Is(err, client.ErrSignInRequired) {
			return fmt.Errorf("%w: run 'mcgdash login' to sign in", err)
		}
		if err != nil {
			return fmt.Errorf("whoami: %w", err)
		}
		until := id.ExpiresOn
		doc.Account, doc.TenantID, doc.Authority, doc.TokenUntil, doc.TokenCache = id.Username, id.TenantID, id.Authority, &until, id.CachePath
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	if doc.BearerToken {
		fmt.Fprintf(w, "endpoint:    %s\nsigned in:   with a bearer token from MCGDASH_ACCESS_TOKEN or --access-token-file\n", doc.Endpoint)
		return nil
	}
	env := doc.Environment
	if doc.Sandbox {
		env += " (sandbox on " + doc.SandboxAddr + ")"
	}
	fmt.Fprintf(w, "account:     %s\n", doc.Account)
	fmt.Fprintf(w, "tenant:      %s\n", doc.TenantID)
	fmt.Fprintf(w, "environment: %s\n", env)
	fmt.Fprintf(w, "authority:   %s\n", doc.Authority)
	fmt.Fprintf(w, "token until: %s (renewed silently)\n", doc.TokenUntil.Local().Format(time.RFC1123))
	fmt.Fprintf(w, "token cache: %s\n", doc.TokenCache)
	return nil
}
