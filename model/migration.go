package model

import (
	"strings"
	"time"
)

// MigrationPhase is one step of a customer tenant's move from Microsoft Cloud
// Germany to the worldwide service in a European region. The phases and their
// order are Microsoft's published transition phases.
type MigrationPhase struct {
	// Code is the stable name used on the wire, e.g. "exchangeOnline".
	Code string
	// Name is what an operator reads, e.g. "Exchange Online".
	Name string
	// Customer marks a phase the customer carries out, not Microsoft.
	Customer bool
}

// MigrationPhases are the transition phases in the order they run.
var MigrationPhases = []MigrationPhase{
	{Code: "optIn", Name: "Opt-in"},
	{Code: "preWork", Name: "Pre-migration work", Customer: true},
	{Code: "azureAD", Name: "Azure AD to the worldwide service (EU region)"},
	{Code: "azureResources", Name: "Azure resources", Customer: true},
	{Code: "subscriptionTransition", Name: "Subscription and license transition"},
	{Code: "sharePointOneDrive", Name: "SharePoint Online and OneDrive"},
	{Code: "exchangeOnline", Name: "Exchange Online"},
	{Code: "exchangeOnlineProtection", Name: "Exchange Online Protection and Security & Compliance"},
	{Code: "skypeToTeams", Name: "Skype for Business to Teams"},
	{Code: "dynamicsPowerBI", Name: "Dynamics 365 and Power BI"},
	{Code: "finalizeAzureAD", Name: "Finalize Azure AD"},
	{Code: "cleanUp", Name: "Clean-up", Customer: true},
}

// PhaseIndex returns the position of a phase code in MigrationPhases, or -1.
func PhaseIndex(code string) int {
	for i, p := range MigrationPhases {
		if strings.EqualFold(p.Code, code) {
			return i
		}
	}
	return -1
}

// PhaseName is the readable name of a phase code; an unknown code is
// returned as it is.
func PhaseName(code string) string {
	if i := PhaseIndex(code); i >= 0 {
		return MigrationPhases[i].Name
	}
	return code
}

// MigrationStatus is a migration's overall state. Partner Center's own
// migration resources report Processing and Completed; Failed is ours
// (unconfirmed for the real service).
type MigrationStatus string

// The migration statuses.
const (
	MigrationProcessing MigrationStatus = "Processing"
	MigrationCompleted  MigrationStatus = "Completed"
	MigrationFailed     MigrationStatus = "Failed"
)

// Finished reports whether the migration will not change without an
// operator: completed, or failed (and waiting for a retry).
func (s MigrationStatus) Finished() bool { return s == MigrationCompleted || s == MigrationFailed }

// PhaseStatus is one phase's state within a migration.
type PhaseStatus string

// The phase statuses.
const (
	PhasePending   PhaseStatus = "pending"
	PhaseRunning   PhaseStatus = "running"
	PhaseCompleted PhaseStatus = "completed"
	PhaseFailed    PhaseStatus = "failed"
)

// PhaseProgress is one phase of one migration. Times are zero when unknown.
type PhaseProgress struct {
	Code          string
	Name          string
	Status        PhaseStatus
	StartedTime   time.Time
	CompletedTime time.Time
	FailureReason string
}

// Migration is one customer's move to a tenant in a European region. All
// strings are sanitised.
type Migration struct {
	ID               string
	CustomerTenantID string
	CustomerName     string
	TargetTenantID   string
	// TargetDomain is the target tenant's domain when known (from the
	// partner's target accounts, see SetTargetDomains), else "".
	TargetDomain    string
	SubscriptionIDs []string
	Status          MigrationStatus
	// CurrentPhase is the code of the running, failed or (when completed)
	// last phase.
	CurrentPhase  string
	Phases        []PhaseProgress
	StartedTime   time.Time
	CompletedTime time.Time
	LastModified  time.Time
	// FailureReason says why the current phase failed, when Status is Failed.
	FailureReason string
	// Attempts counts the start plus every retry.
	Attempts int
}

// Progress is the share of phases completed, 0..1.
func (m Migration) Progress() float64 {
	if len(m.Phases) == 0 {
		if m.Status == MigrationCompleted {
			return 1
		}
		return 0
	}
	done := 0
	for _, p := range m.Phases {
		if p.Status == PhaseCompleted {
			done++
		}
	}
	return float64(done) / float64(len(m.Phases))
}

// CanRetry reports whether the migration failed and can resume from its
// failed phase.
func (m Migration) CanRetry() bool { return m.Status == MigrationFailed }

// MigrationEvent is one entry of a migration's event log.
type MigrationEvent struct {
	ID      string
	Time    time.Time
	Type    string // e.g. phaseStarted, phaseCompleted, phaseFailed, retryRequested
	Phase   string // phase code, if the event is about one
	Message string
}

// IneligibleReason says why a customer cannot be migrated (yet).
type IneligibleReason string

// The reasons validation gives.
const (
	ReasonCustomerNotActive      IneligibleReason = "CustomerNotActive"
	ReasonNoSubscriptions        IneligibleReason = "NoSubscriptions"
	ReasonMigrationInProgress    IneligibleReason = "MigrationInProgress"
	ReasonNoResellerRelationship IneligibleReason = "NoResellerRelationship"
	// ReasonAlreadyMigrated: a migration of this customer has completed;
	// its subscriptions are no longer in Microsoft Cloud Germany.
	ReasonAlreadyMigrated IneligibleReason = "AlreadyMigrated"
)

// MigrationValidation is the answer to "can this customer move to that
// tenant now?".
type MigrationValidation struct {
	CustomerTenantID string
	TargetTenantID   string
	Eligible         bool
	Reasons          []ValidationReason
	// SubscriptionIDs are the subscriptions that would move.
	SubscriptionIDs []string
	// ExistingMigrationID names the migration already running, if that is
	// the reason.
	ExistingMigrationID string
}

// ValidationReason is one reason a customer is not eligible.
type ValidationReason struct {
	Code        IneligibleReason
	Description string
}

// Summary is the reasons in one line, or "eligible".
func (v MigrationValidation) Summary() string {
	if v.Eligible {
		return "eligible"
	}
	parts := make([]string, 0, len(v.Reasons))
	for _, r := range v.Reasons {
		parts = append(parts, r.Description)
	}
	if len(parts) == 0 {
		return "not eligible"
	}
	return strings.Join(parts, "; ")
}

// EnrollmentStatus is the state of a new CSP account in a European region.
type EnrollmentStatus string

// The enrollment statuses.
const (
	EnrollmentPending EnrollmentStatus = "Pending"
	EnrollmentActive  EnrollmentStatus = "Active"
)

// Enrollment is the partner's request for a CSP account in a European region
// (path B of the migration: "I don't have a tenant in the European region").
type Enrollment struct {
	ID          string
	Status      EnrollmentStatus
	CompanyName string
	// TenantID and Domain are the new account's tenant, once known.
	TenantID string
	Domain   string
	// EnrollmentURL is Partner Center's enrollment page.
	EnrollmentURL string
	CreatedTime   time.Time
	// ActiveTime is when the account became (or is expected to become) active.
	ActiveTime time.Time
}

// PartnerEnrollmentURL is Partner Center's page for enrolling a new CSP
// account.
const PartnerEnrollmentURL = "https://partner.microsoft.com/dashboard/account/v3/enrollment/introduction/partnership"

// TargetAccount is one of the partner's CSP accounts offered as a migration
// target. Whether it qualifies is for the target checks to say.
type TargetAccount struct {
	TenantID string
	Domain   string
	Name     string
}

// Target is the target tenant as people name it: its domain when known,
// else its id.
func (m *Migration) Target() string {
	if m.TargetDomain != "" {
		return m.TargetDomain
	}
	return m.TargetTenantID
}

// TargetDomains maps the accounts' tenant ids (lower-cased) to their
// domains.
func TargetDomains(accounts []TargetAccount) map[string]string {
	out := make(map[string]string, len(accounts))
	for _, a := range accounts {
		if a.TenantID != "" && a.Domain != "" {
			out[strings.ToLower(a.TenantID)] = a.Domain
		}
	}
	return out
}

// SetTargetDomains fills in the TargetDomain of each migration whose
// target is in domains (from TargetDomains).
func SetTargetDomains(ms []Migration, domains map[string]string) {
	for i := range ms {
		if d, ok := domains[strings.ToLower(ms[i].TargetTenantID)]; ok {
			ms[i].TargetDomain = d
		}
	}
}
