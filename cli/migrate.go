package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// migrateOptions are `mcgdash migrate`'s arguments.
type migrateOptions struct {
	Customers []string // ids or domains
	Target    string   // tenant id or domain
	Confirm   string   // must equal the target's domain
	Output    string   // table or json
}

// check refuses an incomplete command line before anything is signed in
// to or sent.
func (o migrateOptions) check() error {
	switch {
	case len(o.Customers) == 0:
		return &usageError{"migrate needs at least one --customer ID|DOMAIN"}
	case strings.TrimSpace(o.Target) == "":
		return &usageError{"migrate needs --target TENANT (the tenant id or domain in a European region)"}
	case strings.TrimSpace(o.Confirm) == "":
		return &usageError{"migrate needs --confirm DOMAIN: type the target tenant's domain to confirm; nothing was created"}
	}
	for _, c := range o.Customers {
		if !model.IsGUID(c) && !model.IsDomainName(c) {
			return &usageError{fmt.Sprintf("--customer %q is neither a customer id (a GUID) nor a domain", model.Sanitize(c))}
		}
	}
	if o.Output != "table" && o.Output != "json" {
		return &usageError{fmt.Sprintf("unknown output format %q for migrate: use table or json", o.Output)}
	}
	return nil
}

// Results of one customer in `migrate`.
const (
	resultStarted    = "started"
	resultIneligible = "ineligible"
	resultFailed     = "failed"
)

// migrateResult is one customer's line.
type migrateResult struct {
	Customer       string   `json:"customer"`
	CustomerTenant string   `json:"customerTenantId,omitempty"`
	CompanyName    string   `json:"companyName,omitempty"`
	Result         string   `json:"result"`
	MigrationID    string   `json:"migrationId,omitempty"`
	Status         string   `json:"status,omitempty"`
	RequestID      string   `json:"requestId,omitempty"`
	Reasons        []string `json:"reasons,omitempty"`
	Error          string   `json:"error,omitempty"`
}

// errSomeNotStarted ends `migrate` with exit 1 after the results.
var errSomeNotStarted = errors.New("not every customer's migration was started")

// runMigrate is `mcgdash migrate`: check the target (signing in to it),
// compare --confirm with its domain, then validate each customer and start
// one migration per eligible one, printing one result per customer. The
// wizard does the same steps: checkTarget, ValidateMigration,
// CreateMigration.
func runMigrate(ctx context.Context, b *backend, opts migrateOptions, stdout, stderr io.Writer) error {
	if err := opts.check(); err != nil {
		return err
	}
	rep, err := checkTarget(ctx, b, opts.Target, stderr)
	if err != nil {
		return err
	}
	if !rep.Passed() {
		_ = writeTargetReport(stderr, rep, "table")
		return errors.New("the target tenant did not pass the checks; nothing was created")
	}
	if !strings.EqualFold(strings.TrimSpace(opts.Confirm), rep.Domain) {
		return &usageError{fmt.Sprintf("--confirm %q does not match the target tenant's domain %q; nothing was created", model.Sanitize(opts.Confirm), rep.Domain)}
	}
	b.setOperator(ctx)
	results := make([]migrateResult, 0, len(opts.Customers))
	for _, ref := range opts.Customers {
		results = append(results, migrateOne(ctx, b, ref, rep.TenantID))
	}
	if err := writeMigrateResults(stdout, results, opts.Output); err != nil {
		return err
	}
	for _, r := range results {
		if r.Result != resultStarted {
			return errSomeNotStarted
		}
	}
	return nil
}

func migrateOne(ctx context.Context, b *backend, ref, target string) migrateResult {
	r := migrateResult{Customer: model.Sanitize(ref)}
	c, err := findCustomer(ctx, b.partner, ref)
	if err != nil {
		r.Result, r.Error = resultFailed, oneLine(err.Error())
		return r
	}
	r.CustomerTenant, r.CompanyName = c.TenantID, c.CompanyName
	req := client.MigrationRequest{TargetTenantID: target}
	v, err := b.partner.ValidateMigration(ctx, c.TenantID, req)
	if err != nil {
		r.Result, r.Error = resultFailed, oneLine(err.Error())
		return r
	}
	if !v.Eligible {
		r.Result = resultIneligible
		for _, x := range v.Reasons {
			r.Reasons = append(r.Reasons, x.Description)
		}
		return r
	}
	res, err := b.partner.CreateMigration(ctx, c.TenantID, req)
	r.RequestID = res.RequestID
	if err != nil {
		r.Result, r.Error = resultFailed, oneLine(err.Error())
		return r
	}
	r.Result, r.MigrationID, r.Status = resultStarted, res.Migration.ID, string(res.Migration.Status)
	return r
}

// setOperator names the signed-in partner account in the audit log.
func (b *backend) setOperator(ctx context.Context) {
	if b.audit == nil {
		return
	}
	if b.session == nil {
		b.audit.SetOperator("bearer token (" + b.partner.Endpoint() + ")")
		return
	}
	if id, err := b.session.WhoAmI(ctx); err == nil {
		b.audit.SetOperator(id.Username)
	}
}

func writeMigrateResults(w io.Writer, results []migrateResult, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CUSTOMER\tRESULT\tMIGRATION\tDETAIL")
	for _, r := range results {
		name := r.CompanyName
		if name == "" {
			name = r.Customer
		}
		detail := r.Error
		switch r.Result {
		case resultStarted:
			detail = r.Status + ", request id " + r.RequestID
		case resultIneligible:
			detail = strings.Join(r.Reasons, "; ")
		}
		mid := r.MigrationID
		if mid == "" {
			mid = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, r.Result, mid, detail)
	}
	return tw.Flush()
}

// checkMigrationArgs refuses bad arguments of target, migrate and
// migrations before any sign-in (exit 2).
func checkMigrationArgs(inv *invocation) error {
	switch inv.command {
	case "target":
		if len(inv.args) != 2 || (inv.args[0] != "check" && inv.args[0] != "logout") {
			return &usageError{"usage: mcgdash target check TENANT [--output table|json] | mcgdash target logout TENANT"}
		}
		if inv.output != "table" && inv.output != "json" {
			return &usageError{fmt.Sprintf("unknown output format %q for target check: use table or json", inv.output)}
		}
	case "migrate":
		return migrateOptions{Customers: inv.customers, Target: inv.target, Confirm: inv.confirm, Output: inv.output}.check()
	case "migrations":
		return checkFormat(inv.output)
	}
	return nil
}
