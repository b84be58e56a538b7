package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/mcgdash/mcgdash/client"
)

// runCommand runs one of the scriptable commands.
func runCommand(ctx context.Context, inv *invocation, cfg *Config, log *slog.Logger, stdout, stderr io.Writer) error {
	if inv.command == "routes" && inv.customer == "" {
		// Generic links need no Partner Center at all.
		return RoutesCommand(ctx, stdout, cfg.Env, nil, "", inv.output)
	}
	b, err := openBackend(cfg, log)
	if err != nil {
		return err
	}
	defer b.Close()
	if b.notice != "" {
		fmt.Fprintln(stderr, b.notice)
	}
	if b.tempCache != "" && (inv.command == "login" || inv.command == "logout" || inv.command == "whoami") {
		return fmt.Errorf("the sandbox is on a random port this time, so no sign-in is kept between runs; %s needs the sandbox on %s (quit the other mcgdash, or pass the same --sandbox-addr)", inv.command, sandboxDefaultAddr)
	}
	switch inv.command {
	case "login":
		if b.session == nil {
			return errors.New("login is for a tenant or the sandbox: with --partner-center-url the token comes from MCGDASH_ACCESS_TOKEN or --access-token-file")
		}
		return deviceLogin(ctx, b, stderr)
	case "logout":
		if b.session == nil {
			return errors.New("nothing to sign out of: the token comes from MCGDASH_ACCESS_TOKEN or --access-token-file")
		}
		if err := b.session.Logout(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Signed out; the token cache for this authority is removed.")
		return nil
	case "whoami":
		return whoami(ctx, b, stdout)
	}
	if inv.command == "target" {
		// The target's own sign-in is all it needs.
		return runTarget(ctx, b, targetOptions{Action: inv.args[0], Tenant: inv.args[1], Output: inv.output}, stdout, stderr)
	}
	if err := b.ensureSignedIn(ctx, stderr); err != nil {
		return err
	}
	switch inv.command {
	case "customers":
		return writeCustomers(ctx, stdout, b.partner, inv.output)
	case "routes":
		return RoutesCommand(ctx, stdout, b.env, b.partner, inv.customer, inv.output)
	case "migrate":
		return runMigrate(ctx, b, migrateOptions{Customers: inv.customers, Target: inv.target, Confirm: inv.confirm, Output: inv.output}, stdout, stderr)
	case "migrations":
		return runMigrations(ctx, b, migrationsOptions{Output: inv.output}, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q", inv.command)
}

// whoami prints who is signed in, where, and until when; never a token.
func whoami(ctx context.Context, b *backend, w io.Writer) error {
	if b.session == nil {
		fmt.Fprintf(w, "endpoint:    %s\nsigned in:   with a bearer token from MCGDASH_ACCESS_TOKEN or --access-token-file\n", b.partner.Endpoint())
		return nil
	}
	id, err := b.session.WhoAmI(ctx)
	if errors.Is(err, client.ErrSignInRequired) {
		return fmt.Errorf("%w: run 'mcgdash login' to sign in", err)
	}
	if err != nil {
		return fmt.Errorf("whoami: %w", err)
	}
	env := string(b.env)
	if b.sandbox != nil {
		env += " (sandbox)"
	}
	fmt.Fprintf(w, "account:     %s\n", id.Username)
	fmt.Fprintf(w, "tenant:      %s\n", id.TenantID)
	fmt.Fprintf(w, "environment: %s\n", env)
	fmt.Fprintf(w, "authority:   %s\n", id.Authority)
	fmt.Fprintf(w, "token until: %s (renewed silently)\n", id.ExpiresOn.Local().Format(time.RFC1123))
	fmt.Fprintf(w, "token cache: %s\n", id.CachePath)
	return nil
}
