package model

import (
	"fmt"
	"sort"
	"strings"
)

// GlobalAdministratorRoleTemplateID is Global Administrator's role template
// id, the same in every tenant and cloud.
const GlobalAdministratorRoleTemplateID = "62e90394-69f5-4237-9190-012177145e10"

// TargetCheckID names one of the checks a migration target tenant must pass.
type TargetCheckID string

// The three target checks, in the order they are shown.
const (
	CheckRegion      TargetCheckID = "region"
	CheckGlobalAdmin TargetCheckID = "globalAdministrator"
	CheckActive      TargetCheckID = "active"
)

// TargetCheck is the outcome of one check, with the evidence it rests on.
type TargetCheck struct {
	ID     TargetCheckID
	Title  string // e.g. "Tenant in a European region"
	Passed bool
	// Evidence is what was seen, e.g. "tenant_region_scope NA — North America".
	Evidence string
	// Fix says what the operator can do when the check failed.
	Fix string
}

// TargetReport is the checks of one target tenant.
type TargetReport struct {
	TenantID    string
	Domain      string // the tenant's initial (or default) domain
	DisplayName string
	Account     string // who signed in to it
	Checks      []TargetCheck
}

// Passed reports whether every check passed (and there were checks).
func (r TargetReport) Passed() bool {
	if len(r.Checks) == 0 {
		return false
	}
	for _, c := range r.Checks {
		if !c.Passed {
			return false
		}
	}
	return true
}

// Failed returns the checks that did not pass.
func (r TargetReport) Failed() []TargetCheck {
	var out []TargetCheck
	for _, c := range r.Checks {
		if !c.Passed {
			out = append(out, c)
		}
	}
	return out
}

// regionNames are the values seen in tenant_region_scope and what they mean.
var regionNames = map[string]string{
	"EU":    "Europe",
	"NA":    "North America",
	"SA":    "South America",
	"AS":    "Asia",
	"AF":    "Africa",
	"OC":    "Oceania",
	"JP":    "Japan",
	"WW":    "worldwide (no single region)",
	"DE":    "Microsoft Cloud Germany",
	"USGov": "US Government",
}

// RegionName is the meaning of a tenant_region_scope value.
func RegionName(scope string) string {
	if n, ok := regionNames[scope]; ok {
		return n
	}
	for k, n := range regionNames {
		if strings.EqualFold(k, scope) {
			return n
		}
	}
	return "unknown region"
}

// RegionCheck decides the region check from the tenant's OpenID discovery
// document: tenant_region_scope EU passes.
func RegionCheck(scope string) TargetCheck {
	c := TargetCheck{ID: CheckRegion, Title: "Tenant in a European region"}
	switch {
	case strings.EqualFold(scope, "EU"):
		c.Passed = true
		c.Evidence = "tenant_region_scope EU — Europe"
	case scope == "":
		c.Evidence = "the tenant's discovery document has no tenant_region_scope"
		c.Fix = "choose a tenant created in a European region"
	default:
		c.Evidence = fmt.Sprintf("tenant_region_scope %s — %s", scope, RegionName(scope))
		c.Fix = "choose a tenant in a European region: a tenant's region is fixed when it is created, so enroll a new account if you have none"
	}
	return c
}

// DirectoryRole is a directory role the signed-in account holds.
type DirectoryRole struct {
	DisplayName    string
	RoleTemplateID string
}

// GlobalAdminCheck decides the Global Administrator check from the roles
// Graph lists for the account and the token's wids claim; either one naming
// the Global Administrator template passes.
func GlobalAdminCheck(account string, roles []DirectoryRole, wids []string) TargetCheck {
	c := TargetCheck{ID: CheckGlobalAdmin, Title: "Signed-in account is Global Administrator"}
	who := account
	if who == "" {
		who = "the signed-in account"
	}
	for _, r := range roles {
		if strings.EqualFold(r.RoleTemplateID, GlobalAdministratorRoleTemplateID) {
			c.Passed = true
			c.Evidence = who + " holds Global Administrator (role template " + GlobalAdministratorRoleTemplateID + ")"
			return c
		}
	}
	for _, w := range wids {
		if strings.EqualFold(w, GlobalAdministratorRoleTemplateID) {
			c.Passed = true
			c.Evidence = who + " holds Global Administrator (token wids " + GlobalAdministratorRoleTemplateID + ")"
			return c
		}
	}
	names := make([]string, 0, len(roles))
	for _, r := range roles {
		n := r.DisplayName
		if n == "" {
			n = r.RoleTemplateID
		}
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		c.Evidence = who + " holds no directory role"
	} else {
		c.Evidence = who + " holds " + strings.Join(names, ", ") + ", not Global Administrator"
	}
	c.Fix = "sign in as a Global Administrator of this tenant (s), or have one assign you the role, then check again (r)"
	return c
}

// SubscribedSKU is one of a tenant's subscribed SKUs as Graph lists it.
type SubscribedSKU struct {
	PartNumber       string
	CapabilityStatus string // Enabled, Warning, Suspended, LockedOut, Deleted
}

// ActiveCheck decides whether the tenant is active: at least one SKU
// Enabled or Warning.
func ActiveCheck(skus []SubscribedSKU) TargetCheck {
	c := TargetCheck{ID: CheckActive, Title: "Tenant is active"}
	var list []string
	for _, s := range skus {
		list = append(list, s.PartNumber+" "+s.CapabilityStatus)
		if strings.EqualFold(s.CapabilityStatus, "Enabled") || strings.EqualFold(s.CapabilityStatus, "Warning") {
			c.Passed = true
		}
	}
	switch {
	case len(list) == 0:
		c.Evidence = "the tenant has no subscribed SKUs"
	default:
		c.Evidence = "subscribed SKUs: " + strings.Join(list, ", ")
	}
	if !c.Passed {
		c.Fix = "activate a subscription in the tenant (one SKU Enabled or Warning), or choose another tenant"
	}
	return c
}

// InactiveAtSignIn is the active check when the authority refused the
// tenant with AADSTS90002 (unknown tenant, or no active subscriptions).
func InactiveAtSignIn(detail string) TargetCheck {
	return TargetCheck{
		ID: CheckActive, Title: "Tenant is active",
		Evidence: "the sign-in authority refused the tenant: " + detail,
		Fix:      "check the tenant id or domain; if it is right, the tenant has no active subscriptions: activate one, or choose another tenant",
	}
}

// NotChecked is a check that could not run because an earlier step failed.
func NotChecked(id TargetCheckID, why string) TargetCheck {
	titles := map[TargetCheckID]string{
		CheckRegion: "Tenant in a European region", CheckGlobalAdmin: "Signed-in account is Global Administrator", CheckActive: "Tenant is active",
	}
	return TargetCheck{ID: id, Title: titles[id], Evidence: "not checked: " + why, Fix: "fix the failure above, then check again"}
}
