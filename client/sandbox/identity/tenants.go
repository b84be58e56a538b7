package identity

import "strings"

// GlobalAdministratorRoleTemplateID is Global Administrator's role template
// id, the same in every tenant and cloud.
const GlobalAdministratorRoleTemplateID = "62e90394-69f5-4237-9190-012177145e10"

// Capability statuses of a subscribed SKU, as Graph reports them. A tenant is
// active when at least one SKU is Enabled or Warning.
const (
	SKUEnabled   = "Enabled"
	SKUWarning   = "Warning"
	SKUSuspended = "Suspended"
	SKULockedOut = "LockedOut"
	SKUDeleted   = "Deleted"
)

// Tenant ids of the built-in identities. They are fixed so that tests, the
// sandbox's Partner Center data and the migration feature can name them.
const (
	PartnerTenantID      = "8f3c2a1e-5b7d-4c9a-9e21-0d4b6a7c8e01"
	EUAdminTenantID      = "2b6e9d40-1c3a-4f85-b7e2-93a0c5d1f402"
	EUNoAdminTenantID    = "5d1a7c33-8e24-4b06-a9f1-6c2e0b4d7803"
	NorthAmericaTenantID = "9a4f0e12-3d6b-4c7e-8a15-e7b2d9c0a104"
	InactiveTenantID     = "c7e05b29-6f18-4a3d-b4c0-1e9d8a2f5605"
)

// Tenant is one directory the emulator can sign in to, with the one account
// the sandbox signs in as and what Graph reports about it.
type Tenant struct {
	ID     string
	Domain string // initial domain, accepted in place of the id in paths
	Name   string
	// Region is the discovery document's tenant_region_scope (EU, NA, WW, DE).
	Region string
	// CloudInstance is the discovery document's cloud_instance_name.
	CloudInstance string
	// Partner marks the partner's own tenant, where the operator works.
	Partner bool
	User    User
	SKUs    []SKU
}

// User is the account a device code in a tenant resolves to.
type User struct {
	ObjectID    string
	Username    string // user principal name, also preferred_username
	DisplayName string
	// GlobalAdmin puts Global Administrator in the token's wids claim and in
	// Graph's directoryRole answer.
	GlobalAdmin bool
}

// SKU is one subscribed SKU as Graph's subscribedSkus lists it.
type SKU struct {
	ID               string
	PartNumber       string
	CapabilityStatus string
}

// Active reports whether the tenant has a SKU in good standing; sign-in to
// an inactive tenant fails with AADSTS90002 as Azure AD does.
func (t Tenant) Active() bool {
	for _, s := range t.SKUs {
		if s.CapabilityStatus == SKUEnabled || s.CapabilityStatus == SKUWarning {
			return true
		}
	}
	return false
}

// matches reports whether a path's tenant segment names t.
func (t Tenant) matches(segment string) bool {
	return strings.EqualFold(segment, t.ID) || strings.EqualFold(segment, t.Domain)
}

// DefaultTenants returns the built-in identities: the partner's operator in
// the Microsoft Cloud Germany partner tenant, and four worldwide tenants for
// the migration checks (EU with Global Administrator, EU without, North
// America, inactive). Each call returns a fresh copy.
//
// The partner tenant's region "DE" and cloud "microsoftonline.de" are what
// Germany tenants are believed to report; unconfirmed.
func DefaultTenants() []Tenant {
	return []Tenant{
		{
			ID: PartnerTenantID, Domain: "contosopartner.onmicrosoft.de", Name: "Contoso Partner GmbH",
			Region: "DE", CloudInstance: "microsoftonline.de", Partner: true,
			User: User{ObjectID: "1e0b7a52-4c93-4d2f-8b61-aa03c9e7d101", Username: "operator@contosopartner.onmicrosoft.de",
				DisplayName: "Partner Operator", GlobalAdmin: true},
			SKUs: []SKU{{ID: "6fd2c87f-b296-42f0-b197-1e91e994b900", PartNumber: "ENTERPRISEPACK", CapabilityStatus: SKUEnabled}},
		},
		{
			ID: EUAdminTenantID, Domain: "contosoeu.onmicrosoft.com", Name: "Contoso Partner Europe",
			Region: "EU", CloudInstance: "microsoftonline.com",
			User: User{ObjectID: "3a5c1e70-9b24-4f6d-8e13-bb14d0f8e202", Username: "admin@contosoeu.onmicrosoft.com",
				DisplayName: "EU Global Administrator", GlobalAdmin: true},
			SKUs: []SKU{{ID: "c7df2760-2c81-4ef7-b578-5b5392b571df", PartNumber: "ENTERPRISEPREMIUM", CapabilityStatus: SKUEnabled}},
		},
		{
			ID: EUNoAdminTenantID, Domain: "contosoeustaff.onmicrosoft.com", Name: "Contoso Europe Staff",
			Region: "EU", CloudInstance: "microsoftonline.com",
			User: User{ObjectID: "4b6d2f81-ac35-4071-9f24-cc25e109f303", Username: "operator@contosoeustaff.onmicrosoft.com",
				DisplayName: "EU Operator (not an administrator)"},
			SKUs: []SKU{{ID: "6fd2c87f-b296-42f0-b197-1e91e994b900", PartNumber: "ENTERPRISEPACK", CapabilityStatus: SKUWarning}},
		},
		{
			ID: NorthAmericaTenantID, Domain: "contosous.onmicrosoft.com", Name: "Contoso Partner US",
			Region: "NA", CloudInstance: "microsoftonline.com",
			User: User{ObjectID: "5c7e3092-bd46-4182-a035-dd36f21a0404", Username: "admin@contosous.onmicrosoft.com",
				DisplayName: "US Global Administrator", GlobalAdmin: true},
			SKUs: []SKU{{ID: "c7df2760-2c81-4ef7-b578-5b5392b571df", PartNumber: "ENTERPRISEPREMIUM", CapabilityStatus: SKUEnabled}},
		},
		{
			ID: InactiveTenantID, Domain: "contosodormant.onmicrosoft.com", Name: "Contoso Dormant",
			Region: "EU", CloudInstance: "microsoftonline.com",
			User: User{ObjectID: "6d8f41a3-ce57-4293-b146-ee47032b1505", Username: "admin@contosodormant.onmicrosoft.com",
				DisplayName: "Dormant Administrator", GlobalAdmin: true},
			SKUs: []SKU{
				{ID: "6fd2c87f-b296-42f0-b197-1e91e994b900", PartNumber: "ENTERPRISEPACK", CapabilityStatus: SKUSuspended},
				{ID: "c7df2760-2c81-4ef7-b578-5b5392b571df", PartNumber: "ENTERPRISEPREMIUM", CapabilityStatus: SKUDeleted},
			},
		},
	}
}
