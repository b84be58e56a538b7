package sandbox

import (
	"time"
)

// The wire types below reproduce Partner Center's JSON, field for field,
// as documented in /work/shared/reference/partner-center.md.

type wireHeader struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type wireLink struct {
	URI     string       `json:"uri"`
	Method  string       `json:"method"`
	Headers []wireHeader `json:"headers"`
}

func getLink(uri string) wireLink {
	return wireLink{URI: uri, Method: "GET", Headers: []wireHeader{}}
}

// selfLink is a links object with only "self", as every customer and
// profile has: a map would encode the same, at an allocation per object.
type selfLink struct {
	Self wireLink `json:"self"`
}

type wireAttributes struct {
	Etag       string `json:"etag,omitempty"`
	ObjectType string `json:"objectType"`
}

type wireAddress struct {
	Country      string `json:"country"`
	City         string `json:"city"`
	PostalCode   string `json:"postalCode"`
	AddressLine1 string `json:"addressLine1"`
	FirstName    string `json:"firstName,omitempty"`
	LastName     string `json:"lastName,omitempty"`
	PhoneNumber  string `json:"phoneNumber,omitempty"`
}

type wireCompanyProfile struct {
	TenantID    string         `json:"tenantId"`
	Domain      string         `json:"domain"`
	CompanyName string         `json:"companyName"`
	Email       string         `json:"email,omitempty"`
	Address     *wireAddress   `json:"address,omitempty"`
	Links       selfLink       `json:"links"`
	Attributes  wireAttributes `json:"attributes"`
}

type wireBillingProfile struct {
	ID             string         `json:"id"`
	FirstName      string         `json:"firstName"`
	LastName       string         `json:"lastName"`
	Email          string         `json:"email"`
	Culture        string         `json:"culture"`
	Language       string         `json:"language"`
	CompanyName    string         `json:"companyName"`
	DefaultAddress wireAddress    `json:"defaultAddress"`
	Links          selfLink       `json:"links"`
	Attributes     wireAttributes `json:"attributes"`
}

type wireCustomer struct {
	ID                    string              `json:"id"`
	CommerceID            string              `json:"commerceId,omitempty"`
	CompanyProfile        wireCompanyProfile  `json:"companyProfile"`
	BillingProfile        *wireBillingProfile `json:"billingProfile,omitempty"`
	RelationshipToPartner string              `json:"relationshipToPartner"`
	AllowDelegatedAccess  *bool               `json:"allowDelegatedAccess,omitempty"`
	Links                 selfLink            `json:"links"`
	Attributes            wireAttributes      `json:"attributes"`
}

type wireCollection[T any] struct {
	TotalCount int                 `json:"totalCount"`
	Items      []T                 `json:"items"`
	Links      map[string]wireLink `json:"links,omitempty"`
	Attributes wireAttributes      `json:"attributes"`
}

type wireSubscription struct {
	ID                 string              `json:"id"`
	OfferID            string              `json:"offerId"`
	EntitlementID      string              `json:"entitlementId"`
	OfferName          string              `json:"offerName"`
	FriendlyName       string              `json:"friendlyName"`
	Quantity           int                 `json:"quantity"`
	UnitType           string              `json:"unitType"`
	CreationDate       string              `json:"creationDate"`
	EffectiveStartDate string              `json:"effectiveStartDate"`
	CommitmentEndDate  string              `json:"commitmentEndDate"`
	Status             string              `json:"status"`
	AutoRenewEnabled   bool                `json:"autoRenewEnabled"`
	BillingType        string              `json:"billingType"`
	BillingCycle       string              `json:"billingCycle"`
	IsTrial            bool                `json:"isTrial"`
	ContractType       string              `json:"contractType"`
	OrderID            string              `json:"orderId"`
	TermDuration       string              `json:"termDuration,omitempty"`
	Links              map[string]wireLink `json:"links"`
	Attributes         wireAttributes      `json:"attributes"`
}

type wireOrganizationProfile struct {
	ID             string              `json:"id"`
	CompanyName    string              `json:"companyName"`
	TenantID       string              `json:"tenantId"`
	Domain         string              `json:"domain"`
	Email          string              `json:"email"`
	Language       string              `json:"language"`
	Culture        string              `json:"culture"`
	DefaultAddress wireAddress         `json:"defaultAddress"`
	Links          map[string]wireLink `json:"links"`
	Attributes     wireAttributes      `json:"attributes"`
}

// wireError is Partner Center's error body.
type wireError struct {
	Code        int      `json:"code"`
	Description string   `json:"description"`
	Data        []string `json:"data"`
	Source      string   `json:"source"`
}

// wireThrottle is the body of a 429.
type wireThrottle struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

// pcTime formats a timestamp the way Partner Center does.
func pcTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
