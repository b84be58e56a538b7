package wizard

import (
	"context"
	"strings"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// loadAccounts lists the tenants the first step offers: the partner's
// accounts in European regions (GET /v1/migrations/germany/targets), and
// the account of an enrollment that has become active. The operator can
// always type any other tenant; a failure here only leaves the list
// shorter.
func loadAccounts(ctx context.Context, pc *client.Client) []account {
	var out []account
	seen := map[string]bool{}
	add := func(a account) {
		if a.tenant != "" && !seen[strings.ToLower(a.tenant)] {
			seen[strings.ToLower(a.tenant)] = true
			out = append(out, a)
		}
	}
	if accts, err := pc.ListTargetAccounts(ctx); err == nil {
		for _, t := range accts {
			add(account{tenant: t.TenantID, domain: t.Domain, name: t.Name})
		}
	}
	if e, err := pc.GetEnrollment(ctx); err == nil && e.Status == model.EnrollmentActive {
		add(account{tenant: e.TenantID, domain: e.Domain, name: e.CompanyName})
	}
	return out
}
