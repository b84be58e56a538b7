package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
)

// INVENTED ENDPOINTS. Microsoft Cloud Germany closed on 2021-10-29 and its
// migration was run by Microsoft, not through a public Partner Center API.
// Every endpoint in this table is modelled by mcgdash on Partner Center's own
// migration resource (…/migrations/newcommerce: POST to start, GET by id,
// validate, events, a partner-wide paged list): the paths, bodies and
// statuses are ours. The real service answers none of them. This table is
// the one place that lists them.
var inventedEndpoints = []endpoint{
	{http.MethodPost, "customers/{customer}/migrations/germany/validate", (*Server).validateMigration},
	{http.MethodPost, "customers/{customer}/migrations/germany", (*Server).createMigration},
	{http.MethodGet, "customers/{customer}/migrations/germany", (*Server).listCustomerMigrations},
	{http.MethodGet, "customers/{customer}/migrations/germany/{migration}", (*Server).getMigration},
	{http.MethodGet, "customers/{customer}/migrations/germany/{migration}/events", (*Server).migrationEvents},
	{http.MethodPost, "customers/{customer}/migrations/germany/{migration}/retry", (*Server).retryMigration},
	{http.MethodGet, "migrations/germany", (*Server).listMigrations},
	// Path B: the partner's enrollment of a CSP account in a European
	// region. The sandbox has one; it becomes active a while after it starts.
	{http.MethodPost, "enrollments/europe", (*Server).startEnrollment},
	// The partner's CSP accounts offered as migration targets (wizard step
	// 1); whether each really is European, active and administered by the
	// operator is what the target checks find out.
	{http.MethodGet, "migrations/germany/targets", (*Server).listTargetAccounts},
	{http.MethodGet, "enrollments/europe", (*Server).getEnrollment},
}

// endpoint is one invented route: a method and a path below /v1/ whose
// {name} segments match anything non-empty.
type endpoint struct {
	method  string
	pattern string
	h       func(s *Server, w http.ResponseWriter, r *http.Request, vars []string)
}

// match reports whether seg matches the pattern, with the wildcard values
// and how many literal segments matched (more literals win).
func (e endpoint) match(seg []string) (vars []string, literals int, ok bool) {
	pat := strings.Split(e.pattern, "/")
	if len(pat) != len(seg) {
		return nil, 0, false
	}
	for i, p := range pat {
		switch {
		case strings.HasPrefix(p, "{"):
			if seg[i] == "" {
				return nil, 0, false
			}
			vars = append(vars, seg[i])
		case p == seg[i]:
			literals++
		default:
			return nil, 0, false
		}
	}
	return vars, literals, true
}

// routeInvented serves the request if an invented endpoint's path matches it,
// answering 405 with Allow when only the method is wrong.
func (s *Server) routeInvented(w http.ResponseWriter, r *http.Request, seg []string) bool {
	best, bestLit := -1, -1
	var allow []string
	var bestVars []string
	for i, e := range inventedEndpoints {
		vars, lit, ok := e.match(seg)
		if !ok {
			continue
		}
		if lit > bestLit {
			bestLit, allow = lit, nil
		}
		if lit < bestLit {
			continue
		}
		allow = append(allow, e.method)
		if e.method == r.Method {
			best, bestVars = i, vars
		}
	}
	if bestLit < 0 {
		return false
	}
	if best < 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "The method "+r.Method+" is not supported for this resource.")
		return true
	}
	inventedEndpoints[best].h(s, w, r, bestVars)
	return true
}

// committedKey marks, in a request's context, that its handler committed a
// change (rather than replaying an earlier answer), for the
// drop-after-commit fault.
type committedKey struct{}

func markCommitted(r *http.Request) {
	if p, ok := r.Context().Value(committedKey{}).(*atomic.Bool); ok {
		p.Store(true)
	}
}

func withCommitFlag(r *http.Request) (*http.Request, *atomic.Bool) {
	flag := new(atomic.Bool)
	return r.WithContext(context.WithValue(r.Context(), committedKey{}, flag)), flag
}

// DropNextCommit closes the connection of the next n mutations that commit
// a change, after the change is stored: the answer is lost, the migration
// exists.
func (s *Server) DropNextCommit(n int) { s.dropCommits.Add(int64(n)) }

// dropAfterCommit decides whether to cut this committed mutation's
// connection.
func (s *Server) dropAfterCommit() bool {
	for {
		n := s.dropCommits.Load()
		if n <= 0 {
			break
		}
		if s.dropCommits.CompareAndSwap(n, n-1) {
			return true
		}
	}
	if s.opts.DropAfterCommitRate <= 0 {
		return false
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.rand.Float64() < s.opts.DropAfterCommitRate
}

// now is the migration clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// unit is one phase unit at the current speed.
func (s *Server) unit() time.Duration {
	return time.Duration(float64(DefaultMigrationDuration) / float64(migrationUnits) / s.opts.Speed)
}

// migrationBody is the body of create and validate.
type migrationBody struct {
	TargetTenantID  string   `json:"targetTenantId"`
	SubscriptionIDs []string `json:"subscriptionIds"`
}

func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		writeError(w, http.StatusBadRequest, codeInvalidInput, "The request body is not valid JSON.")
		return false
	}
	return true
}

// eligibility is validation's verdict on customer i moving to target.
type eligibility struct {
	reasons  []model.ValidationReason
	subs     []string
	existing string
	conflict bool // the reason is a migration already running
}

func (s *Server) eligibility(i int, st *state, b migrationBody) (eligibility, error) {
	var el eligibility
	det := s.data.details(i)
	tenant := formatGUID(s.data.recs[i].tenant)
	if g, ok := parseGUID(b.TargetTenantID); !ok {
		return el, errors.New("targetTenantId must be the target tenant's id (a GUID)")
	} else if formatGUID(g) == tenant {
		return el, errors.New("targetTenantId is the customer's own tenant")
	}
	if det.relationship != model.RelationshipReseller {
		el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonNoResellerRelationship,
			Description: "the partner has no reseller relationship with this customer (relationship: " + string(det.relationship) + ")"})
	}
	var live []model.Subscription
	for _, sub := range s.data.subscriptions(i) {
		if sub.status != string(model.SubscriptionDeleted) {
			live = append(live, model.Subscription{ID: sub.id, Status: model.SubscriptionStatus(sub.status)})
		}
	}
	if len(b.SubscriptionIDs) > 0 {
		for _, id := range b.SubscriptionIDs {
			k := slices.IndexFunc(live, func(x model.Subscription) bool { return strings.EqualFold(x.ID, id) })
			if k < 0 {
				return el, errors.New("subscription " + truncate(id, 64) + " is not a live subscription of this customer")
			}
			el.subs = append(el.subs, live[k].ID)
		}
	} else {
		for _, x := range live {
			el.subs = append(el.subs, x.ID)
		}
	}
	switch sum := model.Summarize(live); {
	case len(live) == 0:
		el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonNoSubscriptions, Description: "the customer has no subscriptions to migrate"})
	case sum.Status == model.StatusSuspended:
		el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonCustomerNotActive, Description: "the customer is not active: a subscription is suspended"})
	case sum.Status != model.StatusActive:
		el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonCustomerNotActive, Description: "the customer is not active: no subscription is active (" + string(sum.Status) + ")"})
	}
	now := s.now()
	for _, m := range st.Migrations {
		if !strings.EqualFold(m.CustomerTenantID, tenant) {
			continue
		}
		switch v := m.status(s.opts.Seed, now); v.status {
		case model.MigrationProcessing:
			el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonMigrationInProgress, Description: "migration " + m.ID + " is already running for this customer"})
			el.existing, el.conflict = m.ID, true
		case model.MigrationFailed:
			el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonMigrationInProgress, Description: "migration " + m.ID + " failed in " + model.MigrationPhases[v.current].Name + " and waits for a retry"})
			el.existing, el.conflict = m.ID, true
		case model.MigrationCompleted:
			el.reasons = append(el.reasons, model.ValidationReason{Code: model.ReasonAlreadyMigrated, Description: "already migrated: migration " + m.ID + " completed"})
			el.existing, el.conflict = m.ID, true
		}
	}
	return el, nil
}

func (s *Server) validateMigration(w http.ResponseWriter, r *http.Request, vars []string) {
	i, ok := s.lookup(w, vars[0])
	if !ok {
		return
	}
	var b migrationBody
	if !readBody(w, r, &b) {
		return
	}
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	el, err := s.eligibility(i, st, b)
	if err != nil {
		writeError(w, http.StatusBadRequest, codeInvalidInput, "Invalid migration request: "+err.Error()+".")
		return
	}
	out := wireValidation{
		CustomerTenantID: formatGUID(s.data.recs[i].tenant), TargetTenantID: strings.ToLower(b.TargetTenantID),
		IsEligible: len(el.reasons) == 0, Reasons: []wireReason{}, SubscriptionIDs: el.subs,
		ExistingMigrationID: el.existing, Attributes: wireAttributes{ObjectType: "MigrationValidation"},
	}
	for _, x := range el.reasons {
		out.Reasons = append(out.Reasons, wireReason{Code: string(x.Code), Description: x.Description})
	}
	writeJSON(w, http.StatusOK, out)
}

// errAnswered means the handler already wrote an error answer.
var errAnswered = errors.New("answered")

// updated ends a state update of a mutating call: false when the call was
// already answered (errAnswered) or the update failed (answered 500 here);
// a committed change is marked so that the drop-after-commit fault can cut
// the connection after it.
func updated(w http.ResponseWriter, r *http.Request, err error, changed bool) bool {
	switch {
	case errors.Is(err, errAnswered):
		return false
	case errors.Is(err, errNoChange):
	case err != nil:
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return false
	}
	if changed {
		markCommitted(r)
	}
	return true
}

func (s *Server) createMigration(w http.ResponseWriter, r *http.Request, vars []string) {
	i, ok := s.lookup(w, vars[0])
	if !ok {
		return
	}
	var b migrationBody
	if !readBody(w, r, &b) {
		return
	}
	tenant := formatGUID(s.data.recs[i].tenant)
	rid := r.Header.Get("MS-RequestId")
	var rec *migrationRecord
	created := false
	err := s.store.update(func(st *state) error {
		// A repeated MS-RequestId gets the migration it created, even from
		// another run or another sandbox on the same state.
		if rid != "" {
			for _, m := range st.Migrations {
				if m.RequestID == rid {
					if !strings.EqualFold(m.CustomerTenantID, tenant) {
						writeError(w, http.StatusConflict, codeConflict, "This MS-RequestId was already used for a different request; use a new id for each new operation.")
						return errAnswered
					}
					rec = m
					return errNoChange
				}
			}
		}
		el, err := s.eligibility(i, st, b)
		if err != nil {
			writeError(w, http.StatusBadRequest, codeInvalidInput, "Invalid migration request: "+err.Error()+".")
			return errAnswered
		}
		if len(el.reasons) > 0 {
			status := http.StatusBadRequest
			if el.conflict {
				status = http.StatusConflict
			}
			parts := make([]string, len(el.reasons))
			for k, x := range el.reasons {
				parts[k] = x.Description
			}
			writeError(w, status, codeConflict, "The customer cannot be migrated: "+strings.Join(parts, "; ")+".")
			return errAnswered
		}
		now := s.now()
		st.NextSeq++
		rec = &migrationRecord{
			ID: newGUID(), Seq: st.NextSeq, CustomerTenantID: tenant,
			CustomerName:   s.wireCustomer(i, false).CompanyProfile.CompanyName,
			TargetTenantID: strings.ToLower(b.TargetTenantID), SubscriptionIDs: el.subs,
			RequestID: rid, CorrelationID: r.Header.Get("MS-CorrelationId"),
			Created: now, UnitNanos: int64(s.unit()), Attempts: []attempt{{Phase: 0, Start: now, By: rid}},
		}
		st.Migrations = append(st.Migrations, rec)
		created = true
		return nil
	})
	if !updated(w, r, err, created) {
		return
	}
	w.Header().Set("Location", migrationPath(rec))
	writeJSON(w, http.StatusCreated, s.wireMigration(rec, s.now()))
}

// errNoChange leaves the state as it is without an error answer.
var errNoChange = errors.New("no change")

func migrationPath(m *migrationRecord) string {
	return "/v1/customers/" + m.CustomerTenantID + "/migrations/germany/" + m.ID
}

// findMigration looks up a customer's migration, answering 404 if there is
// none.
func (s *Server) findMigration(w http.ResponseWriter, st *state, customer, id string) (*migrationRecord, bool) {
	for _, m := range st.Migrations {
		if strings.EqualFold(m.ID, id) && strings.EqualFold(m.CustomerTenantID, customer) {
			return m, true
		}
	}
	writeError(w, http.StatusNotFound, codeNotFound, "Migration "+truncate(id, 64)+" was not found for customer "+truncate(customer, 64)+".")
	return nil, false
}

func (s *Server) getMigration(w http.ResponseWriter, _ *http.Request, vars []string) {
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	if m, ok := s.findMigration(w, st, vars[0], vars[1]); ok {
		writeJSON(w, http.StatusOK, s.wireMigration(m, s.now()))
	}
}

func (s *Server) migrationEvents(w http.ResponseWriter, _ *http.Request, vars []string) {
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	m, ok := s.findMigration(w, st, vars[0], vars[1])
	if !ok {
		return
	}
	v := m.view(s.opts.Seed, s.now())
	items := make([]wireMigrationEvent, len(v.events))
	for k, e := range v.events {
		items[k] = wireMigrationEvent{ID: m.ID + "-" + strconv.Itoa(k+1), EventTime: pcTimeFrac(e.at), EventType: e.typ, Phase: e.phase, Message: e.message}
	}
	writeJSON(w, http.StatusOK, wireCollection[wireMigrationEvent]{
		TotalCount: len(items), Items: items,
		Links:      map[string]wireLink{"self": getLink(migrationPath(m) + "/events")},
		Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

func (s *Server) retryMigration(w http.ResponseWriter, r *http.Request, vars []string) {
	rid := r.Header.Get("MS-RequestId")
	var rec *migrationRecord
	changed := false
	err := s.store.update(func(st *state) error {
		m, ok := s.findMigration(w, st, vars[0], vars[1])
		if !ok {
			return errAnswered
		}
		rec = m
		if rid != "" && slices.ContainsFunc(m.Attempts, func(a attempt) bool { return a.By == rid }) {
			return errNoChange // a repeated retry: already done
		}
		now := s.now()
		v := m.view(s.opts.Seed, now)
		if v.status != model.MigrationFailed {
			writeError(w, http.StatusConflict, codeConflict, "Only a failed migration can be retried; this one is "+string(v.status)+".")
			return errAnswered
		}
		m.Attempts = append(m.Attempts, attempt{Phase: v.current, Start: now, By: rid})
		changed = true
		return nil
	})
	if !updated(w, r, err, changed) {
		return
	}
	writeJSON(w, http.StatusOK, s.wireMigration(rec, s.now()))
}

func (s *Server) listCustomerMigrations(w http.ResponseWriter, _ *http.Request, vars []string) {
	i, ok := s.lookup(w, vars[0])
	if !ok {
		return
	}
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	tenant := formatGUID(s.data.recs[i].tenant)
	now := s.now()
	items := []wireMigration{}
	for _, m := range st.Migrations {
		if m.CustomerTenantID == tenant {
			items = append(items, s.wireMigration(m, now))
		}
	}
	writeJSON(w, http.StatusOK, wireCollection[wireMigration]{
		TotalCount: len(items), Items: items,
		Links:      map[string]wireLink{"self": getLink("/v1/customers/" + tenant + "/migrations/germany")},
		Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

// listMigrations is the partner-wide list, paged like customers: size, then
// links.next with the continuation token in MS-ContinuationToken.
func (s *Server) listMigrations(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	size, ok := pageSize(w, q)
	if !ok {
		return
	}
	cur := cursor{size: size}
	switch seek := q.Get("seekOperation"); {
	case seek == "":
	case strings.EqualFold(seek, "Next"):
		c, err := s.tokens.check(r.Header.Get("MS-ContinuationToken"))
		if err != nil {
			writeError(w, http.StatusBadRequest, codeInvalidInput, "Invalid continuation: "+err.Error()+".")
			return
		}
		cur = c
	default:
		writeError(w, http.StatusBadRequest, codeInvalidInput, "The seekOperation parameter must be Next.")
		return
	}
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	total := len(st.Migrations)
	now := s.now()
	items := []wireMigration{}
	for k := cur.offset; k < total && k < cur.offset+cur.size; k++ {
		items = append(items, s.wireMigration(st.Migrations[k], now))
	}
	links := map[string]wireLink{"self": getLink(r.URL.RequestURI())}
	if cur.offset+cur.size < total {
		next := getLink("/v1/migrations/germany?size=" + strconv.Itoa(cur.size) + "&seekOperation=Next")
		next.Headers = []wireHeader{{Key: "MS-ContinuationToken", Value: s.tokens.issue(cursor{offset: cur.offset + cur.size, size: cur.size})}}
		links["next"] = next
	}
	writeJSON(w, http.StatusOK, wireCollection[wireMigration]{
		TotalCount: total, Items: items, Links: links, Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

// wireMigration renders a stored migration as it stands at now.
func (s *Server) wireMigration(m *migrationRecord, now time.Time) wireMigration {
	v := m.status(s.opts.Seed, now)
	out := wireMigration{
		ID: m.ID, Status: string(v.status), CurrentPhase: model.MigrationPhases[v.current].Code,
		CustomerTenantID: m.CustomerTenantID, CustomerName: m.CustomerName, TargetTenantID: m.TargetTenantID,
		SubscriptionIDs: append([]string{}, m.SubscriptionIDs...),
		StartedTime:     pcTimeFrac(m.Created), LastModifiedTime: pcTimeFrac(v.modified),
		FailureReason: v.reason, Attempts: len(m.Attempts),
		Links: map[string]wireLink{
			"self":   getLink(migrationPath(m)),
			"events": getLink(migrationPath(m) + "/events"),
		},
		Attributes: wireAttributes{Etag: strconv.FormatInt(v.modified.UnixMilli(), 10), ObjectType: "GermanyMigration"},
	}
	if !v.completed.IsZero() {
		out.CompletedTime = pcTimeFrac(v.completed)
	}
	done := 0
	for k, p := range v.phases {
		wp := wirePhase{Name: model.MigrationPhases[k].Code, DisplayName: model.MigrationPhases[k].Name, Status: string(p.status), FailureReason: p.reason}
		if !p.start.IsZero() {
			wp.StartedTime = pcTimeFrac(p.start)
		}
		if !p.end.IsZero() {
			wp.CompletedTime = pcTimeFrac(p.end)
		}
		if p.status == model.PhaseCompleted {
			done++
		}
		out.Phases = append(out.Phases, wp)
	}
	out.PercentComplete = done * 100 / len(v.phases)
	return out
}

// enrollmentDelay is how long the sandbox's enrollment takes to become
// active at speed 1.
const enrollmentDelay = 90 * time.Second

type enrollmentBody struct {
	CompanyName string `json:"companyName"`
}

func (s *Server) startEnrollment(w http.ResponseWriter, r *http.Request, _ []string) {
	var b enrollmentBody
	if !readBody(w, r, &b) {
		return
	}
	status := http.StatusOK
	var rec *enrollmentRecord
	err := s.store.update(func(st *state) error {
		if st.Enrollment != nil {
			rec = st.Enrollment
			return errNoChange // the sandbox has one enrollment
		}
		name := strings.TrimSpace(b.CompanyName)
		if name == "" {
			name = s.partner.name
		}
		rec = &enrollmentRecord{ID: newGUID(), CompanyName: truncate(name, 200), RequestID: r.Header.Get("MS-RequestId"),
			Created: s.now(), ActiveAfter: int64(float64(enrollmentDelay) / s.opts.Speed)}
		st.Enrollment = rec
		status = http.StatusCreated
		return nil
	})
	if err != nil && !errors.Is(err, errNoChange) {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	if status == http.StatusCreated {
		markCommitted(r)
	}
	writeJSON(w, status, s.wireEnrollment(rec))
}

func (s *Server) getEnrollment(w http.ResponseWriter, _ *http.Request, _ []string) {
	st, err := s.store.read()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeRequestFailed, err.Error())
		return
	}
	if st.Enrollment == nil {
		writeError(w, http.StatusNotFound, codeNotFound, "No enrollment of a European account has been started.")
		return
	}
	writeJSON(w, http.StatusOK, s.wireEnrollment(st.Enrollment))
}

func (s *Server) wireEnrollment(e *enrollmentRecord) wireEnrollment {
	active := e.Created.Add(time.Duration(e.ActiveAfter))
	out := wireEnrollment{
		ID: e.ID, Status: string(model.EnrollmentPending), CompanyName: e.CompanyName,
		EnrollmentURL: model.PartnerEnrollmentURL, CreatedTime: pcTimeFrac(e.Created), ActiveTime: pcTimeFrac(active),
		Attributes: wireAttributes{ObjectType: "EuropeanEnrollment"},
	}
	if !s.now().Before(active) {
		out.Status = string(model.EnrollmentActive)
		out.TenantID, out.Domain = s.opts.EnrollmentTenantID, s.opts.EnrollmentDomain
	}
	return out
}

// TargetAccount is one of the partner's CSP accounts offered as a
// migration target.
type TargetAccount struct {
	TenantID, Domain, Name string
}

func (s *Server) listTargetAccounts(w http.ResponseWriter, _ *http.Request, _ []string) {
	items := []wireTargetAccount{}
	for _, a := range s.opts.TargetAccounts {
		items = append(items, wireTargetAccount{TenantID: a.TenantID, Domain: a.Domain, CompanyName: a.Name,
			Attributes: wireAttributes{ObjectType: "MigrationTargetAccount"}})
	}
	writeJSON(w, http.StatusOK, wireCollection[wireTargetAccount]{
		TotalCount: len(items), Items: items,
		Links:      map[string]wireLink{"self": getLink("/v1/migrations/germany/targets")},
		Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

// defaultTargetAccounts are the identity emulator's worldwide tenants.
func defaultTargetAccounts() []TargetAccount {
	var out []TargetAccount
	for _, t := range identity.DefaultTenants() {
		if !t.Partner {
			out = append(out, TargetAccount{TenantID: t.ID, Domain: t.Domain, Name: t.Name})
		}
	}
	return out
}

// pcTimeFrac formats a time with milliseconds, as Partner Center's
// migration resources do.
func pcTimeFrac(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Default tenant of the enrollment once active: the identity emulator's
// European tenant where the sandbox's account is Global Administrator.
var (
	defaultEnrollmentTenantID = identity.EUAdminTenantID
	defaultEnrollmentDomain   = "contosoeu.onmicrosoft.com"
)
