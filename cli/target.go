package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
)

// targetOptions are `mcgdash target check`'s arguments.
type targetOptions struct {
	// Action is "check", or "logout" to forget the target sign-in (to sign
	// in as someone else next time).
	Action string
	Tenant string
	Output string // table or json
}

// errChecksFailed ends `target check` with exit 1 after the report.
var errChecksFailed = errors.New("the target tenant did not pass every check")

// targetSession is the sign-in to a target tenant (auth.Target.Session),
// the same as the wizard's.
func (b *backend) targetSession(tenant string) (*auth.Session, error) {
	return b.target.Session(tenant)
}

// checkTarget signs in to the target (silently if a cached sign-in works,
// else with a device code whose instructions go to prompt) and runs the
// three checks. A tenant the authority refuses is reported, not an error.
// The wizard runs the same steps, with the sign-in as a layer.
func checkTarget(ctx context.Context, b *backend, tenant string, prompt io.Writer) (model.TargetReport, error) {
	opts := b.target.CheckOptions(tenant, nil, "")
	if _, err := client.DiscoverTenant(ctx, b.target.HTTPClient, b.target.Authority, tenant); err != nil {
		if _, ok := client.AsTenantNotFound(tenant, err); ok {
			return client.CheckTarget(ctx, opts)
		}
		return model.TargetReport{}, err
	}
	s, err := b.targetSession(tenant)
	if err != nil {
		return model.TargetReport{}, err
	}
	id, err := s.WhoAmI(ctx)
	if err != nil {
		dc, err := s.DeviceCode(ctx)
		if err != nil {
			if _, ok := client.AsTenantNotFound(tenant, err); ok {
				return client.CheckTarget(ctx, opts)
			}
			return model.TargetReport{}, err
		}
		fmt.Fprintf(prompt, "Sign in to the target tenant %s as its Global Administrator (worldwide authority):\n%s\n", model.Sanitize(tenant), dc.Message)
		if b.target.Sandbox {
			fmt.Fprintln(prompt, "(sandbox: the code is approved automatically in a few seconds)")
		}
		acct, err := dc.Wait(ctx)
		if err != nil {
			if _, ok := client.AsTenantNotFound(tenant, err); ok {
				return client.CheckTarget(ctx, opts)
			}
			return model.TargetReport{}, err
		}
		id.Account = acct
	}
	opts.Tokens, opts.Account = s, id.Username
	return client.CheckTarget(ctx, opts)
}

// runTarget is `mcgdash target check TENANT`.
func runTarget(ctx context.Context, b *backend, opts targetOptions, stdout, stderr io.Writer) error {
	if opts.Action == "logout" {
		s, err := b.targetSession(opts.Tenant)
		if err != nil {
			return err
		}
		if err := s.Logout(ctx); err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "Signed out of the target tenant %s; the next check signs in anew.\n", model.Sanitize(opts.Tenant))
		return err
	}
	rep, err := checkTarget(ctx, b, opts.Tenant, stderr)
	if err != nil {
		return err
	}
	if err := writeTargetReport(stdout, rep, opts.Output); err != nil {
		return err
	}
	if !rep.Passed() {
		return errChecksFailed
	}
	return nil
}

// targetJSON is the stable shape of `target check --output json`.
type targetJSON struct {
	TenantID    string      `json:"tenantId"`
	Domain      string      `json:"domain"`
	DisplayName string      `json:"displayName"`
	Account     string      `json:"account"`
	Passed      bool        `json:"passed"`
	Checks      []checkJSON `json:"checks"`
}

type checkJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Passed   bool   `json:"passed"`
	Evidence string `json:"evidence"`
	Fix      string `json:"fix,omitempty"`
}

func writeTargetReport(w io.Writer, rep model.TargetReport, format string) error {
	if format == "json" {
		out := targetJSON{TenantID: rep.TenantID, Domain: rep.Domain, DisplayName: rep.DisplayName, Account: rep.Account, Passed: rep.Passed(), Checks: []checkJSON{}}
		for _, c := range rep.Checks {
			out.Checks = append(out.Checks, checkJSON{ID: string(c.ID), Title: c.Title, Passed: c.Passed, Evidence: c.Evidence, Fix: c.Fix})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	name := rep.Domain
	if name == "" {
		name = rep.TenantID
	}
	fmt.Fprintf(w, "Target tenant: %s", name)
	if rep.DisplayName != "" {
		fmt.Fprintf(w, " (%s)", rep.DisplayName)
	}
	if rep.TenantID != "" && rep.TenantID != name {
		fmt.Fprintf(w, ", id %s", rep.TenantID)
	}
	fmt.Fprintln(w)
	if rep.Account != "" {
		fmt.Fprintf(w, "Signed in as:  %s\n", rep.Account)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range rep.Checks {
		mark := "PASS"
		if !c.Passed {
			mark = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", mark, c.Title, c.Evidence)
		if !c.Passed && c.Fix != "" {
			fmt.Fprintf(tw, "\t\tfix: %s\n", c.Fix)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rep.Passed() {
		_, err := fmt.Fprintln(w, "All checks passed: customers can move to this tenant.")
		return err
	}
	titles := make([]string, 0, 3)
	for _, c := range rep.Failed() {
		if !strings.HasPrefix(c.Evidence, "not checked") {
			titles = append(titles, strings.ToLower(c.Title[:1])+c.Title[1:])
		}
	}
	_, err := fmt.Fprintf(w, "Not a valid target (failed: %s). Fix it, then run the check again.\n", strings.Join(titles, "; "))
	return err
}

// sandboxStateDir is where the sandbox keeps migrations and the
// enrollment: $XDG_STATE_HOME/mcgdash/sandbox.
func sandboxStateDir() (string, error) {
	d, err := client.StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "sandbox"), nil
}
