package sandbox

// Wire types of the invented migration and enrollment endpoints (see
// inventedEndpoints), in Partner Center's JSON style.

type wirePhase struct {
	Name          string `json:"name"`
	DisplayName   string `json:"displayName"`
	Status        string `json:"status"`
	StartedTime   string `json:"startedTime,omitempty"`
	CompletedTime string `json:"completedTime,omitempty"`
	FailureReason string `json:"failureReason,omitempty"`
}

type wireMigration struct {
	ID               string              `json:"id"`
	Status           string              `json:"status"`
	CurrentPhase     string              `json:"currentPhase"`
	Phases           []wirePhase         `json:"phases"`
	PercentComplete  int                 `json:"percentComplete"`
	CustomerTenantID string              `json:"customerTenantId"`
	CustomerName     string              `json:"customerName"`
	TargetTenantID   string              `json:"targetTenantId"`
	SubscriptionIDs  []string            `json:"subscriptionIds"`
	StartedTime      string              `json:"startedTime"`
	CompletedTime    string              `json:"completedTime,omitempty"`
	LastModifiedTime string              `json:"lastModifiedTime"`
	FailureReason    string              `json:"failureReason,omitempty"`
	Attempts         int                 `json:"attempts"`
	Links            map[string]wireLink `json:"links"`
	Attributes       wireAttributes      `json:"attributes"`
}

type wireMigrationEvent struct {
	ID        string `json:"id"`
	EventTime string `json:"eventTime"`
	EventType string `json:"eventType"`
	Phase     string `json:"phase,omitempty"`
	Message   string `json:"message"`
}

type wireReason struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

type wireValidation struct {
	CustomerTenantID    string         `json:"customerTenantId"`
	TargetTenantID      string         `json:"targetTenantId"`
	IsEligible          bool           `json:"isEligible"`
	Reasons             []wireReason   `json:"reasons"`
	SubscriptionIDs     []string       `json:"subscriptionIds"`
	ExistingMigrationID string         `json:"existingMigrationId,omitempty"`
	Attributes          wireAttributes `json:"attributes"`
}

type wireEnrollment struct {
	ID            string         `json:"id"`
	Status        string         `json:"status"`
	CompanyName   string         `json:"companyName"`
	TenantID      string         `json:"tenantId,omitempty"`
	Domain        string         `json:"domain,omitempty"`
	EnrollmentURL string         `json:"enrollmentUrl"`
	CreatedTime   string         `json:"createdTime"`
	ActiveTime    string         `json:"activeTime"`
	Attributes    wireAttributes `json:"attributes"`
}

type wireTargetAccount struct {
	TenantID    string         `json:"tenantId"`
	Domain      string         `json:"domain"`
	CompanyName string         `json:"companyName"`
	Attributes  wireAttributes `json:"attributes"`
}
