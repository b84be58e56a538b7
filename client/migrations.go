package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// The Germany migration resource and the European enrollment are modelled
// by mcgdash (Microsoft Cloud Germany closed on 2021-10-29 without a public
// migration API); the sandbox serves them, the real service does not. See
// inventedEndpoints in client/sandbox/migrations.go.

// ErrReadOnly is returned by every mutating call of a read-only client,
// before anything is sent.
var ErrReadOnly = errors.New("read-only mode: mcgdash changes nothing (started with --readonly, MCGDASH_READONLY or readonly in the config file)")

type requestIDKey struct{}

// WithRequestID makes the next mutating call with ctx use id as its
// MS-RequestId, e.g. to repeat a call whose outcome is unknown with the id
// it had. Without it each call draws a new one.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// requestIDFor is the MS-RequestId of the operation do is about to make:
// the one the caller chose, else a new one. All retries of it share it.
func requestIDFor(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok && id != "" {
		return id
	}
	return NewGUID()
}

// ReadOnly reports whether the client refuses mutations.
func (c *Client) ReadOnly() bool { return c.readOnly }

// mutation is one mutating action: what the audit line says about it.
type mutation struct {
	action    string
	customers []string
	target    string
}

// mutate sends a mutating call: refused in read-only mode before it leaves
// the process; otherwise sent with one MS-RequestId for all its retries (a
// dropped connection or a timeout is retried with the same id, so the
// service does the work once); either way one audit line is appended. It
// returns the answer's body and the request id.
func (c *Client) mutate(ctx context.Context, m mutation, method, path string, body any, migrationID func([]byte) string) ([]byte, string, error) {
	rid := requestIDFor(ctx)
	ctx = WithRequestID(ctx, rid)
	corr, ok := ctx.Value(correlationKey{}).(string)
	if !ok || corr == "" {
		corr = NewGUID()
		ctx = WithCorrelationID(ctx, corr)
	}
	entry := AuditEntry{Action: m.action, Customers: m.customers, TargetTenant: m.target, RequestID: rid, CorrelationID: corr}
	if c.readOnly {
		entry.Outcome = OutcomeRefused
		if err := c.audit.Append(entry); err != nil {
			return nil, rid, fmt.Errorf("%w (and the audit line failed: %v)", ErrReadOnly, err)
		}
		return nil, rid, ErrReadOnly
	}
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return nil, rid, err
		}
	} else {
		raw = []byte("{}")
	}
	u, err := c.urlFor(path)
	if err != nil {
		return nil, rid, err
	}
	out, err := c.do(ctx, call{method: method, url: u, body: raw})
	switch {
	case err == nil:
		entry.Outcome = OutcomeSucceeded
		if migrationID != nil {
			entry.MigrationID = migrationID(out)
		}
	case errors.As(err, new(*NetworkError)):
		entry.Outcome, entry.Detail = OutcomeUnknown, err.Error()
	default:
		entry.Outcome, entry.Detail = OutcomeFailed, err.Error()
	}
	if aerr := c.audit.Append(entry); aerr != nil {
		if err != nil {
			return nil, rid, fmt.Errorf("%w (and the audit line failed: %v)", err, aerr)
		}
		// The change is made; say that the record of it is missing.
		return out, rid, fmt.Errorf("the change was made (request id %s) but the audit line could not be written: %w", rid, aerr)
	}
	return out, rid, err
}

// wireMigration is the migration resource as the client reads it.
type wireMigration struct {
	ID               string   `json:"id"`
	Status           string   `json:"status"`
	CurrentPhase     string   `json:"currentPhase"`
	CustomerTenantID string   `json:"customerTenantId"`
	CustomerName     string   `json:"customerName"`
	TargetTenantID   string   `json:"targetTenantId"`
	SubscriptionIDs  []string `json:"subscriptionIds"`
	StartedTime      string   `json:"startedTime"`
	CompletedTime    string   `json:"completedTime"`
	LastModifiedTime string   `json:"lastModifiedTime"`
	FailureReason    string   `json:"failureReason"`
	Attempts         int      `json:"attempts"`
	Phases           []struct {
		Name          string `json:"name"`
		DisplayName   string `json:"displayName"`
		Status        string `json:"status"`
		StartedTime   string `json:"startedTime"`
		CompletedTime string `json:"completedTime"`
		FailureReason string `json:"failureReason"`
	} `json:"phases"`
}

func (w wireMigration) model() model.Migration {
	m := model.Migration{
		ID:               model.Sanitize(w.ID),
		CustomerTenantID: model.Sanitize(w.CustomerTenantID),
		CustomerName:     model.Sanitize(w.CustomerName),
		TargetTenantID:   model.Sanitize(w.TargetTenantID),
		Status:           model.MigrationStatus(model.Sanitize(w.Status)),
		CurrentPhase:     model.Sanitize(w.CurrentPhase),
		StartedTime:      parseTime(w.StartedTime),
		CompletedTime:    parseTime(w.CompletedTime),
		LastModified:     parseTime(w.LastModifiedTime),
		FailureReason:    model.Sanitize(w.FailureReason),
		Attempts:         w.Attempts,
	}
	for _, s := range w.SubscriptionIDs {
		m.SubscriptionIDs = append(m.SubscriptionIDs, model.Sanitize(s))
	}
	for _, p := range w.Phases {
		name := model.Sanitize(p.DisplayName)
		if name == "" {
			name = model.PhaseName(model.Sanitize(p.Name))
		}
		m.Phases = append(m.Phases, model.PhaseProgress{
			Code: model.Sanitize(p.Name), Name: name, Status: model.PhaseStatus(model.Sanitize(p.Status)),
			StartedTime: parseTime(p.StartedTime), CompletedTime: parseTime(p.CompletedTime),
			FailureReason: model.Sanitize(p.FailureReason),
		})
	}
	return m
}

// parseTime reads Partner Center's timestamps: 0 to 7 fraction digits, a
// zone or none (then UTC). Unreadable or empty gives the zero time.
func parseTime(s string) time.Time {
	t, _ := model.ParseTime(s)
	return t
}

func migrationsPath(customerID string) string {
	return "/v1/customers/" + url.PathEscape(customerID) + "/migrations/germany"
}

// MigrationRequest is what CreateMigration and ValidateMigration send.
type MigrationRequest struct {
	TargetTenantID string
	// SubscriptionIDs to move; empty means all the customer's live ones.
	SubscriptionIDs []string
}

type wireMigrationRequest struct {
	TargetTenantID  string   `json:"targetTenantId"`
	SubscriptionIDs []string `json:"subscriptionIds,omitempty"`
}

// MigrationResult is a created or retried migration and the request id it
// was sent with (for the operator and the audit log).
type MigrationResult struct {
	Migration model.Migration
	RequestID string
}

// CreateMigration starts moving a customer's subscriptions to the target
// tenant: POST /v1/customers/{id}/migrations/germany. It is a mutation:
// refused when read-only, audited, and retried with the same MS-RequestId,
// so a lost answer never makes a second migration.
func (c *Client) CreateMigration(ctx context.Context, customerID string, r MigrationRequest) (MigrationResult, error) {
	body, rid, err := c.mutate(ctx, mutation{action: ActionMigrationCreate, customers: []string{customerID}, target: r.TargetTenantID},
		http.MethodPost, migrationsPath(customerID), wireMigrationRequest{TargetTenantID: r.TargetTenantID, SubscriptionIDs: r.SubscriptionIDs}, idOf)
	if err != nil && body == nil {
		return MigrationResult{RequestID: rid}, fmt.Errorf("start migration of %s: %w", model.Sanitize(customerID), err)
	}
	m, derr := decodeMigration(body, c, migrationsPath(customerID))
	if derr != nil {
		return MigrationResult{RequestID: rid}, derr
	}
	if c.journal != nil && m.ID != "" {
		if jerr := c.journal.Record(JournalEntry{MigrationID: m.ID, CustomerID: model.Sanitize(customerID),
			CustomerName: m.CustomerName, TargetTenantID: m.TargetTenantID, RequestID: rid}); jerr != nil && err == nil {
			err = fmt.Errorf("the migration %s was started but this machine's journal could not record it: %w", m.ID, jerr)
		}
	}
	return MigrationResult{Migration: m, RequestID: rid}, err
}

// RetryMigration resumes a failed migration from its failed phase: POST
// …/migrations/germany/{migrationId}/retry. A mutation, like CreateMigration.
func (c *Client) RetryMigration(ctx context.Context, customerID, migrationID string) (MigrationResult, error) {
	path := migrationsPath(customerID) + "/" + url.PathEscape(migrationID) + "/retry"
	body, rid, err := c.mutate(ctx, mutation{action: ActionMigrationRetry, customers: []string{customerID}},
		http.MethodPost, path, nil, idOf)
	if err != nil && body == nil {
		return MigrationResult{RequestID: rid}, fmt.Errorf("retry migration %s: %w", model.Sanitize(migrationID), err)
	}
	m, derr := decodeMigration(body, c, path)
	if derr != nil {
		return MigrationResult{RequestID: rid}, derr
	}
	return MigrationResult{Migration: m, RequestID: rid}, err
}

func idOf(body []byte) string {
	var w struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(body, &w)
	return model.Sanitize(w.ID)
}

func decodeMigration(body []byte, c *Client, path string) (model.Migration, error) {
	var w wireMigration
	u, _ := c.urlFor(path)
	if err := decodeJSON(body, u, &w); err != nil {
		return model.Migration{}, err
	}
	return w.model(), nil
}

// GetMigration fetches one migration as it stands now.
func (c *Client) GetMigration(ctx context.Context, customerID, migrationID string) (model.Migration, error) {
	u, err := c.urlFor(migrationsPath(customerID) + "/" + url.PathEscape(migrationID))
	if err != nil {
		return model.Migration{}, err
	}
	var w wireMigration
	if err := c.getJSON(ctx, u, nil, &w); err != nil {
		return model.Migration{}, fmt.Errorf("get migration %s: %w", model.Sanitize(migrationID), err)
	}
	return w.model(), nil
}

// CustomerMigrations lists one customer's migrations.
func (c *Client) CustomerMigrations(ctx context.Context, customerID string) ([]model.Migration, error) {
	u, err := c.urlFor(migrationsPath(customerID))
	if err != nil {
		return nil, err
	}
	var coll struct {
		Items []wireMigration `json:"items"`
	}
	if err := c.getJSON(ctx, u, nil, &coll); err != nil {
		return nil, fmt.Errorf("list migrations of %s: %w", model.Sanitize(customerID), err)
	}
	out := make([]model.Migration, len(coll.Items))
	for i, w := range coll.Items {
		out[i] = w.model()
	}
	return out, nil
}

// MigrationEvents fetches a migration's event log, oldest first.
func (c *Client) MigrationEvents(ctx context.Context, customerID, migrationID string) ([]model.MigrationEvent, error) {
	u, err := c.urlFor(migrationsPath(customerID) + "/" + url.PathEscape(migrationID) + "/events")
	if err != nil {
		return nil, err
	}
	var coll struct {
		Items []struct {
			ID        string `json:"id"`
			EventTime string `json:"eventTime"`
			EventType string `json:"eventType"`
			Phase     string `json:"phase"`
			Message   string `json:"message"`
		} `json:"items"`
	}
	if err := c.getJSON(ctx, u, nil, &coll); err != nil {
		return nil, fmt.Errorf("get events of migration %s: %w", model.Sanitize(migrationID), err)
	}
	out := make([]model.MigrationEvent, len(coll.Items))
	for i, e := range coll.Items {
		out[i] = model.MigrationEvent{ID: model.Sanitize(e.ID), Time: parseTime(e.EventTime), Type: model.Sanitize(e.EventType),
			Phase: model.Sanitize(e.Phase), Message: model.Sanitize(e.Message)}
	}
	return out, nil
}

// ValidateMigration asks whether a customer can move to the target now. It
// is a POST but changes nothing, so read-only mode allows it.
func (c *Client) ValidateMigration(ctx context.Context, customerID string, r MigrationRequest) (model.MigrationValidation, error) {
	u, err := c.urlFor(migrationsPath(customerID) + "/validate")
	if err != nil {
		return model.MigrationValidation{}, err
	}
	raw, _ := json.Marshal(wireMigrationRequest{TargetTenantID: r.TargetTenantID, SubscriptionIDs: r.SubscriptionIDs})
	body, err := c.do(ctx, call{method: http.MethodPost, url: u, body: raw})
	if err != nil {
		return model.MigrationValidation{}, fmt.Errorf("validate migration of %s: %w", model.Sanitize(customerID), err)
	}
	var w struct {
		CustomerTenantID string `json:"customerTenantId"`
		TargetTenantID   string `json:"targetTenantId"`
		IsEligible       bool   `json:"isEligible"`
		Reasons          []struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"reasons"`
		SubscriptionIDs     []string `json:"subscriptionIds"`
		ExistingMigrationID string   `json:"existingMigrationId"`
	}
	if err := decodeJSON(body, u, &w); err != nil {
		return model.MigrationValidation{}, err
	}
	v := model.MigrationValidation{
		CustomerTenantID: model.Sanitize(w.CustomerTenantID), TargetTenantID: model.Sanitize(w.TargetTenantID),
		Eligible: w.IsEligible && len(w.Reasons) == 0, ExistingMigrationID: model.Sanitize(w.ExistingMigrationID),
	}
	for _, r := range w.Reasons {
		v.Reasons = append(v.Reasons, model.ValidationReason{Code: model.IneligibleReason(model.Sanitize(r.Code)), Description: model.Sanitize(r.Description)})
	}
	for _, s := range w.SubscriptionIDs {
		v.SubscriptionIDs = append(v.SubscriptionIDs, model.Sanitize(s))
	}
	return v, nil
}

// MigrationPage is one page of the partner's migrations.
type MigrationPage struct {
	Migrations []model.Migration
	Total      int
}

// MigrationPager walks the partner-wide list GET /v1/migrations/germany,
// following links.next with its headers (MS-ContinuationToken), like Pager
// does for customers. A failed Next can be called again.
type MigrationPager struct {
	c      *Client
	next   *url.URL
	header http.Header
	seen   map[string]bool
	done   bool
}

// Migrations returns a pager over every migration of the partner; pageSize
// 0 means MaxPageSize.
func (c *Client) Migrations(pageSize int) (*MigrationPager, error) {
	if pageSize <= 0 || pageSize > MaxPageSize {
		pageSize = MaxPageSize
	}
	u, err := c.urlFor("/v1/migrations/germany?size=" + strconv.Itoa(pageSize))
	if err != nil {
		return nil, err
	}
	return &MigrationPager{c: c, next: u, seen: map[string]bool{}}, nil
}

// Done reports whether the last page has been returned.
func (p *MigrationPager) Done() bool { return p.done }

// Next fetches the next page.
func (p *MigrationPager) Next(ctx context.Context) (MigrationPage, error) {
	if p.done {
		return MigrationPage{}, errors.New("list migrations: no more pages")
	}
	var coll struct {
		TotalCount int             `json:"totalCount"`
		Items      []wireMigration `json:"items"`
		Links      struct {
			Next *link `json:"next"`
		} `json:"links"`
	}
	if err := p.c.getJSON(ctx, p.next, p.header, &coll); err != nil {
		return MigrationPage{}, fmt.Errorf("list migrations: %w", err)
	}
	page := MigrationPage{Total: coll.TotalCount, Migrations: make([]model.Migration, len(coll.Items))}
	for i, w := range coll.Items {
		page.Migrations[i] = w.model()
	}
	u, header, err := p.c.nextPage("list migrations", coll.Links.Next, len(coll.Items), p.seen)
	if err != nil || u == nil {
		p.done = true
		return page, err
	}
	p.next, p.header = u, header
	return page, nil
}

// ListMigrations walks every page of the partner's migrations, calling fn
// with each as it arrives.
func (c *Client) ListMigrations(ctx context.Context, fn func(MigrationPage) error) error {
	p, err := c.Migrations(0)
	if err != nil {
		return err
	}
	return walk(ctx, p, func(pg MigrationPage) int { return len(pg.Migrations) }, fn)
}

type wireEnrollment struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	CompanyName   string `json:"companyName"`
	TenantID      string `json:"tenantId"`
	Domain        string `json:"domain"`
	EnrollmentURL string `json:"enrollmentUrl"`
	CreatedTime   string `json:"createdTime"`
	ActiveTime    string `json:"activeTime"`
}

func (w wireEnrollment) model() model.Enrollment {
	return model.Enrollment{
		ID: model.Sanitize(w.ID), Status: model.EnrollmentStatus(model.Sanitize(w.Status)),
		CompanyName: model.Sanitize(w.CompanyName), TenantID: model.Sanitize(w.TenantID), Domain: model.Sanitize(w.Domain),
		EnrollmentURL: model.Sanitize(w.EnrollmentURL), CreatedTime: parseTime(w.CreatedTime), ActiveTime: parseTime(w.ActiveTime),
	}
}

const enrollmentPath = "/v1/enrollments/europe"

// StartEnrollment starts (or, if one was started, returns) the partner's
// enrollment of a CSP account in a European region. A mutation.
func (c *Client) StartEnrollment(ctx context.Context, companyName string) (model.Enrollment, error) {
	body, _, err := c.mutate(ctx, mutation{action: ActionEnrollmentStart}, http.MethodPost, enrollmentPath,
		map[string]string{"companyName": companyName}, nil)
	if err != nil && body == nil {
		return model.Enrollment{}, fmt.Errorf("start enrollment: %w", err)
	}
	var w wireEnrollment
	u, _ := c.urlFor(enrollmentPath)
	if derr := decodeJSON(body, u, &w); derr != nil {
		return model.Enrollment{}, derr
	}
	return w.model(), err
}

// ErrNoEnrollment is returned by GetEnrollment when none was started.
var ErrNoEnrollment = errors.New("no enrollment of a European account has been started")

// GetEnrollment fetches the partner's enrollment and whether it is active.
func (c *Client) GetEnrollment(ctx context.Context) (model.Enrollment, error) {
	u, err := c.urlFor(enrollmentPath)
	if err != nil {
		return model.Enrollment{}, err
	}
	var w wireEnrollment
	if err := c.getJSON(ctx, u, nil, &w); err != nil {
		var api *APIError
		if errors.As(err, &api) && api.StatusCode == http.StatusNotFound {
			return model.Enrollment{}, ErrNoEnrollment
		}
		return model.Enrollment{}, fmt.Errorf("get enrollment: %w", err)
	}
	return w.model(), nil
}

// ListTargetAccounts lists the partner's CSP accounts offered as migration
// targets (the wizard's first step). The operator may also type any tenant.
func (c *Client) ListTargetAccounts(ctx context.Context) ([]model.TargetAccount, error) {
	u, err := c.urlFor("/v1/migrations/germany/targets")
	if err != nil {
		return nil, err
	}
	var coll struct {
		Items []struct {
			TenantID    string `json:"tenantId"`
			Domain      string `json:"domain"`
			CompanyName string `json:"companyName"`
		} `json:"items"`
	}
	if err := c.getJSON(ctx, u, nil, &coll); err != nil {
		return nil, fmt.Errorf("list target accounts: %w", err)
	}
	out := make([]model.TargetAccount, len(coll.Items))
	for i, a := range coll.Items {
		out[i] = model.TargetAccount{TenantID: model.Sanitize(a.TenantID), Domain: model.Sanitize(a.Domain), Name: model.Sanitize(a.CompanyName)}
	}
	return out, nil
}
