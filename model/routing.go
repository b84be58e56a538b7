package model

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Placeholders a Portal's TenantURL may contain. Each says which of the
// customer's identifiers the portal accepts there.
const (
	// PlaceholderTenantID takes the tenant GUID only (Partner Center and the
	// admin center's delegated-admin entry point key customers by GUID).
	PlaceholderTenantID = "{tenantId}"
	// PlaceholderDomain takes a domain only (Exchange's delegatedOrg).
	PlaceholderDomain = "{domain}"
	// PlaceholderTenant takes either; the GUID is used when it is valid
	// because a tenant's domains can change and its id cannot.
	PlaceholderTenant = "{tenant}"
)

// Portal is one web portal that does a job, as it appears in a Route.
type Portal struct {
	// Name is what the operator knows the portal as.
	Name string
	// URL is the generic link: the portal's own page for the job, signed in
	// to whatever tenant the browser chooses. It is always usable.
	URL string
	// TenantURL, if set, is a template with one placeholder that points the
	// portal at a given customer's tenant. Empty means the portal has no
	// tenant-qualified form (or acts on the partner's own tenant).
	TenantURL string
	// Note tells the operator where to click once the page is open.
	Note string
}

// TenantSpecific reports whether the portal can be pointed at a customer's tenant.
func (p Portal) TenantSpecific() bool { return p.TenantURL != "" }

// Route is one partner task and the portals that handle it.
type Route struct {
	// ID is a stable key for scripts, e.g. "password-reset".
	ID string
	// Function is the task as the operator looks for it.
	Function string
	// Portals handle the task, preferred first.
	Portals []Portal
	// Why says why the task is done there rather than in Partner Center.
	Why string
	// FromSource marks the functions listed in Microsoft's page "Partner
	// Center for Microsoft Cloud Germany"; the others are the partner tasks
	// an operator looks for next.
	FromSource bool
}

// Link is a Portal resolved for a customer (or for none): a URL ready to
// open, and whether it points at the customer's tenant.
type Link struct {
	Portal string
	URL    string
	// TenantSpecific is true when URL is qualified with the customer's tenant.
	TenantSpecific bool
	// Note is the portal's hint, or why a tenant link fell back to the generic one.
	Note string
}

// Why the Germany portals: stated once, reused by every Germany route.
const mcgNoUserOps = "Partner Center for Microsoft Cloud Germany's API and portal offer no user, role, license or password operations (German data-protection law)"

// The hosts of each cloud's portals, so every URL in a table is built from
// one spelling of its host.
const (
	o365Germany    = "https://portal.office.de"
	azureGermany   = "https://portal.microsoftazure.de"
	exchangeGerman = "https://outlook.office.de"
	pcGermany      = "https://partnercenter.microsoft.de" // unconfirmed: the host of Partner Center for MCG
	m365Admin      = "https://admin.microsoft.com"
	azureGlobal    = "https://portal.azure.com"
	entra          = "https://entra.microsoft.com"
	exchangeAdmin  = "https://admin.exchange.microsoft.com"
	partnerCenter  = "https://partner.microsoft.com"
)

// routes is the routing table, one per environment. URLs marked
// "unconfirmed" follow the portal's documented pattern but could not be
// checked against a published source; everything else was.
var routes = map[Environment][]Route{
	EnvGermany: {
		{
			ID: "partner-users", Function: "Partner user management", FromSource: true,
			Why: mcgNoUserOps + ": the partner's own users are managed in the partner's MCG tenant, in the Office 365 admin center or the Azure portal for Microsoft Cloud Germany.",
			Portals: []Portal{
				{Name: "Office 365 admin center (Germany)", URL: o365Germany + "/adminportal", Note: "Users › Active users"},
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers", Note: "Azure Active Directory › Users"}, // unconfirmed: blade path as in the worldwide portal
			},
		},
		{
			ID: "customer-users", Function: "Customer user management", FromSource: true,
			Why: mcgNoUserOps + ": create users and assign roles in the customer's tenant, in the Office 365 admin center or the Azure portal for Microsoft Cloud Germany.",
			Portals: []Portal{
				{Name: "Office 365 admin center (Germany)", URL: o365Germany + "/adminportal",
					TenantURL: o365Germany + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter", // unconfirmed: the worldwide delegated-admin entry point on the Germany host
					Note:      "Users › Active users"},
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers",
					TenantURL: azureGermany + "/#@{tenant}/blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers", // unconfirmed: #@tenant as in the worldwide portal
					Note:      "Azure Active Directory › Users"},
			},
		},
		{
			ID: "password-reset", Function: "Reset a user's password", FromSource: true,
			Why: mcgNoUserOps + ": passwords are reset only in the Azure portal for Microsoft Cloud Germany.",
			Portals: []Portal{
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers",
					TenantURL: azureGermany + "/#@{tenant}/blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers", // unconfirmed: #@tenant as in the worldwide portal
					Note:      "select the user › Reset password"},
			},
		},
		{
			ID: "licenses", Function: "License management", FromSource: true,
			Why: mcgNoUserOps + ": licenses are assigned in the Office 365 admin center or the MCG Azure AD licensing portal.",
			Portals: []Portal{
				{Name: "Office 365 admin center (Germany)", URL: o365Germany + "/adminportal",
					TenantURL: o365Germany + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter", // unconfirmed: the worldwide delegated-admin entry point on the Germany host
					Note:      "Billing › Licenses, or Users › Licenses and apps"},
				{Name: "MCG Azure AD licensing portal", URL: azureGermany + "/#blade/Microsoft_AAD_IAM/LicensesMenuBlade/Products",
					TenantURL: azureGermany + "/#@{tenant}/blade/Microsoft_AAD_IAM/LicensesMenuBlade/Products", // unconfirmed: the licensing blade of the MCG Azure portal
					Note:      "Licenses › All products"},
			},
		},
		{
			ID: "subscriptions", Function: "Customer subscriptions and orders",
			Why: "Commerce stays in Partner Center for Microsoft Cloud Germany: its API and portal handle customers, orders and subscriptions.",
			Portals: []Portal{
				{Name: "Partner Center for Microsoft Cloud Germany", URL: pcGermany, Note: "Customers › the customer › Subscriptions"},
			},
		},
		{
			ID: "billing", Function: "Billing and invoices",
			Why: "Invoices and reconciliation files for MCG sales are issued by Partner Center for Microsoft Cloud Germany.",
			Portals: []Portal{
				{Name: "Partner Center for Microsoft Cloud Germany", URL: pcGermany, Note: "Billing"},
			},
		},
		{
			ID: "support", Function: "Service requests and support",
			Why: "MCG support is run inside Germany: Azure requests in the MCG Azure portal, Office 365 questions through the admin center's Need help?, partner requests in Partner Center for MCG.",
			Portals: []Portal{
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest",
					TenantURL: azureGermany + "/#@{tenant}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest", // unconfirmed: #@tenant as in the worldwide portal
					Note:      "New support request"},
				{Name: "Office 365 admin center (Germany)", URL: o365Germany, Note: "Need help?"},
				{Name: "Partner Center for Microsoft Cloud Germany", URL: pcGermany, Note: "Support › Partner requests"},
			},
		},
		{
			ID: "delegated-admin", Function: "Admin relationship (delegated admin)",
			Why: "MCG predates granular delegated admin: admin on behalf of the customer comes with the reseller relationship the customer accepts in Partner Center for MCG, and is used from the admin center and the MCG Azure portal.",
			Portals: []Portal{
				{Name: "Partner Center for Microsoft Cloud Germany", URL: pcGermany, Note: "Customers › Request a reseller relationship"},
				{Name: "Office 365 admin center (Germany)", URL: o365Germany + "/adminportal", Note: "Settings › Partner relationships (the customer's view)"},
			},
		},
		{
			ID: "azure-resources", Function: "Customer's Azure resources",
			Why: "MCG Azure is a separate instance: the customer's resources are only visible in the Azure portal for Microsoft Cloud Germany.",
			Portals: []Portal{
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/HubsExtension/BrowseAll",
					TenantURL: azureGermany + "/#@{tenant}/blade/HubsExtension/BrowseAll", // unconfirmed: #@tenant as in the worldwide portal
					Note:      "All resources"},
			},
		},
		{
			ID: "domains", Function: "Domains",
			Why: mcgNoUserOps + ": custom domains are added and verified in the customer's tenant.",
			Portals: []Portal{
				{Name: "Office 365 admin center (Germany)", URL: o365Germany + "/adminportal",
					TenantURL: o365Germany + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter", // unconfirmed: the worldwide delegated-admin entry point on the Germany host
					Note:      "Settings › Domains"},
				{Name: "Azure portal for Microsoft Cloud Germany", URL: azureGermany + "/#blade/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/Domains",
					TenantURL: azureGermany + "/#@{tenant}/blade/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/Domains", // unconfirmed: #@tenant as in the worldwide portal
					Note:      "Azure Active Directory › Custom domain names"},
			},
		},
		{
			ID: "exchange", Function: "Exchange admin",
			Why: "Exchange Online in MCG has its own admin center on the Germany Office 365 host.",
			Portals: []Portal{
				{Name: "Exchange admin center (Germany)", URL: exchangeGerman + "/ecp/", // unconfirmed: the worldwide ECP path on the Germany host
					TenantURL: exchangeGerman + "/ecp/?rfr=Admin_o365&exsvurl=1&delegatedOrg={domain}", // unconfirmed: as above, with delegatedOrg
					Note:      "recipients › mailboxes"},
			},
		},
		{
			ID: "migration", Function: "Migrate to a European region",
			Why: "The move starts in Partner Center for MCG, which asks for an active CSP account in the European region; without one, the operator enrols in worldwide Partner Center first. " +
				"In mcgdash, m on the customers screen (or :migrate) runs the wizard. The sign-in to the target tenant needs its Global Administrator, and fails when " +
				"the account is not Global Administrator there, the tenant is not in a European region, or the tenant is not active.",
			Portals: []Portal{
				{Name: "Partner Center for Microsoft Cloud Germany", URL: pcGermany, Note: "select the CSP account › I already have a tenant in the European region"},
				{Name: "Partner Center (worldwide)", URL: partnerCenter + "/dashboard", Note: "enrol a CSP account in the European region"},
			},
		},
	},
	EnvGlobal: {
		{
			ID: "partner-users", Function: "Partner user management", FromSource: true,
			Why: "Worldwide, Partner Center manages its own users and roles; the accounts live in the partner's Entra tenant.",
			Portals: []Portal{
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/account/v3/usermanagement", Note: "Account settings › User management"}, // unconfirmed: path of the user management page
				{Name: "Microsoft 365 admin center", URL: m365Admin + "/Adminportal/Home#/users", Note: "Users › Active users"},
				{Name: "Microsoft Entra admin center", URL: entra + "/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers", Note: "Users › All users"},
			},
		},
		{
			ID: "customer-users", Function: "Customer user management", FromSource: true,
			Why: "Worldwide, customer users are managed through delegated admin (GDAP) in the Microsoft 365 or Entra admin center, or in Partner Center's Users and licenses.",
			Portals: []Portal{
				{Name: "Microsoft 365 admin center", URL: m365Admin + "/Adminportal/Home#/users",
					TenantURL: m365Admin + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter",
					Note:      "Users › Active users"},
				{Name: "Microsoft Entra admin center", URL: entra + "/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers",
					TenantURL: entra + "/{tenant}/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers",
					Note:      "Users › All users"},
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/commerce2/customers/list",
					TenantURL: partnerCenter + "/dashboard/v2/customers/{tenantId}/users", // unconfirmed: path of the customer's Users and licenses page
					Note:      "Users and licenses"},
			},
		},
		{
			ID: "password-reset", Function: "Reset a user's password", FromSource: true,
			Why: "Worldwide, passwords are reset through delegated admin (GDAP) in the Microsoft 365 or Entra admin center.",
			Portals: []Portal{
				{Name: "Microsoft 365 admin center", URL: m365Admin + "/Adminportal/Home#/users",
					TenantURL: m365Admin + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter",
					Note:      "Users › Active users › Reset password"},
				{Name: "Microsoft Entra admin center", URL: entra + "/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers",
					TenantURL: entra + "/{tenant}/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers",
					Note:      "select the user › Reset password"},
			},
		},
		{
			ID: "licenses", Function: "License management", FromSource: true,
			Why: "Worldwide, licenses are bought in Partner Center and assigned in the customer's Microsoft 365 admin center (or Entra).",
			Portals: []Portal{
				{Name: "Microsoft 365 admin center", URL: m365Admin + "/Adminportal/Home#/licenses",
					TenantURL: m365Admin + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter",
					Note:      "Billing › Licenses"},
				{Name: "Microsoft Entra admin center", URL: entra + "/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/Products",
					TenantURL: entra + "/{tenant}/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/Products", // unconfirmed: path of the licenses view
					Note:      "Billing › Licenses"},
			},
		},
		{
			ID: "subscriptions", Function: "Customer subscriptions and orders",
			Why: "Partner Center sells and manages CSP subscriptions.",
			Portals: []Portal{
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/commerce2/customers/list",
					TenantURL: partnerCenter + "/dashboard/v2/customers/{tenantId}/servicemanagementpage",
					Note:      "the customer › Subscriptions"},
			},
		},
		{
			ID: "billing", Function: "Billing and invoices",
			Why: "Partner Center issues the partner's invoices and reconciliation files.",
			Portals: []Portal{
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/billing/reconciliation", Note: "Billing › Invoices and reconciliation"},
			},
		},
		{
			ID: "support", Function: "Service requests and support",
			Why: "Partner requests go to Partner Center; a customer's Azure requests are raised in the Azure portal in the customer's tenant.",
			Portals: []Portal{
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/v2/support/servicerequests", Note: "Support › Partner requests"},
				{Name: "Azure portal", URL: azureGlobal + "/#blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest",
					TenantURL: azureGlobal + "/#@{tenant}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest",
					Note:      "New support request"},
			},
		},
		{
			ID: "delegated-admin", Function: "Admin relationship (delegated admin)",
			Why: "Granular delegated admin (GDAP) relationships are requested and managed in Partner Center.",
			Portals: []Portal{
				{Name: "Partner Center", URL: partnerCenter + "/dashboard/commerce2/customers/delegatedadmin",
					TenantURL: partnerCenter + "/dashboard/commerce2/customers/{tenantId}/adminrelationships",
					Note:      "Admin relationships"},
			},
		},
		{
			ID: "azure-resources", Function: "Customer's Azure resources",
			Why: "The customer's Azure subscriptions are reached through admin on behalf of (AOBO) in the Azure portal, in the customer's tenant.",
			Portals: []Portal{
				{Name: "Azure portal", URL: azureGlobal + "/#blade/HubsExtension/BrowseAll",
					TenantURL: azureGlobal + "/#@{tenant}/blade/HubsExtension/BrowseAll",
					Note:      "All resources"},
			},
		},
		{
			ID: "domains", Function: "Domains",
			Why: "Custom domains are added and verified in the customer's tenant.",
			Portals: []Portal{
				{Name: "Microsoft 365 admin center", URL: m365Admin + "/Adminportal/Home#/Domains",
					TenantURL: m365Admin + "/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=o365admincenter",
					Note:      "Settings › Domains"},
				{Name: "Microsoft Entra admin center", URL: entra + "/#view/Microsoft_AAD_IAM/DomainsManagementMenuBlade/~/CustomDomainNames",
					TenantURL: entra + "/{tenant}/#view/Microsoft_AAD_IAM/DomainsManagementMenuBlade/~/CustomDomainNames", // unconfirmed: path of the custom domain names view
					Note:      "Settings › Domain names"},
			},
		},
		{
			ID: "exchange", Function: "Exchange admin",
			Why: "Exchange Online has its own admin center; delegatedOrg opens it on the customer's organisation.",
			Portals: []Portal{
				{Name: "Exchange admin center", URL: exchangeAdmin + "/",
					TenantURL: exchangeAdmin + "/?delegatedOrg={domain}",
					Note:      "Recipients › Mailboxes"},
			},
		},
	},
}

// Routes returns env's routing table, in the order an operator reads it
// (the source document's functions first). The result is a copy: callers
// may change it freely. An unknown environment has no routes.
func Routes(env Environment) []Route {
	src := routes[env]
	out := make([]Route, len(src))
	for i, r := range src {
		r.Portals = append([]Portal(nil), r.Portals...)
		out[i] = r
	}
	return out
}

// ResolveLinks turns a route's portals into links for customer c (nil: no
// customer, generic links). A tenant-specific portal gets c's tenant GUID
// or domain substituted, escaped for the part of the URL it lands in, after
// checking that the value is a GUID or a DNS name; if neither identifier
// the portal needs is valid, the generic URL is used and Note says why.
func ResolveLinks(r Route, c *Customer) []Link {
	links := make([]Link, len(r.Portals))
	for i, p := range r.Portals {
		l := Link{Portal: p.Name, URL: p.URL, Note: p.Note}
		if c != nil && p.TenantSpecific() {
			if u, err := fillTenant(p.TenantURL, c); err != nil {
				l.Note = joinNote(p.Note, "generic link: "+err.Error())
			} else {
				l.URL, l.TenantSpecific = u, true
			}
		}
		links[i] = l
	}
	return links
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s is a GUID in its canonical 8-4-4-4-12 form, the
// only form Partner Center uses for tenant and customer ids.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// IsDomainName reports whether s is a DNS name a tenant could own: at least
// two dot-separated labels of letters, digits and inner hyphens, each at
// most 63 characters, 253 in all.
func IsDomainName(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			ch := label[i]
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
				return false
			}
		}
	}
	return true
}

// fillTenant substitutes c's identifier into template's one placeholder.
func fillTenant(template string, c *Customer) (string, error) {
	id := strings.TrimSpace(Sanitize(c.TenantID))
	domain := strings.ToLower(strings.TrimSpace(Sanitize(c.Domain)))
	var placeholder, value string
	switch {
	case strings.Contains(template, PlaceholderTenantID):
		placeholder = PlaceholderTenantID
		if !IsGUID(id) {
			return "", fmt.Errorf("tenant id %s is not a GUID", quote(id))
		}
		value = id
	case strings.Contains(template, PlaceholderDomain):
		placeholder = PlaceholderDomain
		if !IsDomainName(domain) {
			return "", fmt.Errorf("domain %s is not a DNS name", quote(domain))
		}
		value = domain
	case strings.Contains(template, PlaceholderTenant):
		placeholder = PlaceholderTenant
		switch {
		case IsGUID(id):
			value = id
		case IsDomainName(domain):
			value = domain
		default:
			return "", fmt.Errorf("tenant id %s is not a GUID and domain %s is not a DNS name", quote(id), quote(domain))
		}
	default:
		return "", fmt.Errorf("no tenant placeholder in %s", template)
	}
	at := strings.Index(template, placeholder)
	return template[:at] + escapeAt(template, at, value) + template[at+len(placeholder):], nil
}

// escapeAt escapes value for the part of template it is put in at byte at:
// the query (before any fragment) or else a path or fragment segment. Valid
// GUIDs and DNS names need no escaping; this keeps a future, looser check
// from opening a way out of the path, query or fragment.
func escapeAt(template string, at int, value string) string {
	before := template[:at]
	if strings.Contains(before, "?") && !strings.Contains(before, "#") {
		return url.QueryEscape(value)
	}
	return url.PathEscape(value)
}

// quote shows an identifier in a message: short, and "empty" for nothing.
func quote(s string) string {
	if s == "" {
		return "(empty)"
	}
	const max = 40
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
