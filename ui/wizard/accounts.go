package wizard

import (
	"context"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// loadAccounts lists the tenants the first step offers: the partner's
// account in a European region once its enrollment is active. The operator
// can always type any other tenant; a failure here only leaves the list
// shorter.
//
// TODO(merge): with client.ListTargetAccounts (GET
// /v1/migrations/germany/targets, on main since the 'migrate' merge) list
// the partner's accounts in European regions here as well.
func loadAccounts(ctx context.Context, pc *client.Client) []account {
	var out []account
	if e, err := pc.GetEnrollment(ctx); err == nil && e.Status == model.EnrollmentActive && e.TenantID != "" {
		out = append(out, account{tenant: e.TenantID, domain: e.Domain, name: e.CompanyName})
	}
	return out
}
