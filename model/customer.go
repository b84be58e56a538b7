package model

import "strings"

// Relationship is a customer's relationship to the partner, as Partner
// Center reports it in relationshipToPartner.
type Relationship string

// The relationships Partner Center documents.
const (
	RelationshipNone             Relationship = "none"
	RelationshipReseller         Relationship = "reseller"
	RelationshipAdvisor          Relationship = "advisor"
	RelationshipSyndication      Relationship = "syndication"
	RelationshipMicrosoftSupport Relationship = "microsoft_support"
)

// Customer is one of the partner's CSP customers. All strings are sanitised.
type Customer struct {
	ID           string
	CommerceID   string
	TenantID     string
	CompanyName  string
	Domain       string
	Relationship Relationship
	Country      string // ISO 3166-1 alpha-2, from the company profile address
	City         string
	Email        string
}

// ShortTenantID is the first block of the tenant GUID, enough to tell
// tenants apart at a glance in a narrow column.
func (c Customer) ShortTenantID() string {
	if i := strings.IndexByte(c.TenantID, '-'); i > 0 {
		return c.TenantID[:i]
	}
	return c.TenantID
}

// SubscriptionStatus is the lifecycle state of a subscription.
type SubscriptionStatus string

// The subscription statuses Partner Center documents.
const (
	SubscriptionNone      SubscriptionStatus = "none"
	SubscriptionActive    SubscriptionStatus = "active"
	SubscriptionPending   SubscriptionStatus = "pending"
	SubscriptionSuspended SubscriptionStatus = "suspended"
	SubscriptionDeleted   SubscriptionStatus = "deleted"
)

// Subscription is one of a customer's subscriptions. All strings are sanitised.
type Subscription struct {
	ID               string
	OfferID          string
	OfferName        string
	FriendlyName     string
	Quantity         int
	UnitType         string
	Status           SubscriptionStatus
	BillingCycle     string
	TermDuration     string
	AutoRenewEnabled bool
	IsTrial          bool
	CreationDate     string
	CommitmentEnd    string
}

// CustomerStatus summarises a customer's subscriptions in one word.
type CustomerStatus string

// The customer statuses, derived from subscriptions by Summarize.
const (
	// StatusUnknown: the customer's subscriptions have not been loaded yet.
	StatusUnknown   CustomerStatus = ""
	StatusActive    CustomerStatus = "active"
	StatusSuspended CustomerStatus = "suspended"
	StatusPending   CustomerStatus = "pending"
	StatusNoSubs    CustomerStatus = "no subs"
)

// SubscriptionSummary is what the customers table shows of a customer's
// subscriptions: how many, and the status they add up to.
type SubscriptionSummary struct {
	Count  int
	Status CustomerStatus
}

// Summarize counts the subscriptions that are not deleted and derives the
// customer's status: suspended if any is suspended (that needs an operator),
// pending if any is pending, active if any is active, otherwise "no subs".
func Summarize(subs []Subscription) SubscriptionSummary {
	var s SubscriptionSummary
	var active, pending, suspended bool
	for _, sub := range subs {
		switch sub.Status {
		case SubscriptionDeleted:
			continue
		case SubscriptionActive:
			active = true
		case SubscriptionPending:
			pending = true
		case SubscriptionSuspended:
			suspended = true
		}
		s.Count++
	}
	switch {
	case suspended:
		s.Status = StatusSuspended
	case pending:
		s.Status = StatusPending
	case active:
		s.Status = StatusActive
	default:
		s.Status = StatusNoSubs
	}
	return s
}
