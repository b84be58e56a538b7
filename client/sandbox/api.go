package sandbox

import (
	"crypto/rand"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	segjson "github.com/segmentio/encoding/json"
)

// maxPageSize is the largest page Partner Center serves.
const maxPageSize = 500

// Partner Center error codes the sandbox answers with. The values are
// plausible rather than documented: clients must show the description and
// correlation id, not branch on the code.
const (
	codeInvalidInput     = 600008
	codeUnauthorized     = 600004
	codeNotFound         = 600026
	codeMethodNotAllowed = 600009
	codeConflict         = 600010
	codeUnavailable      = 600061
	codeRequestFailed    = 600000
)

// serveAPI is the Partner Center pipeline, in the order the real service
// appears to apply it: ids, latency, transient faults, authentication,
// throttling, then the work (behind the idempotency layer). The answer is
// buffered so that a drop can happen after the work is done.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.stampIDs(w, r)
	s.log.add(Request{Time: time.Now(), Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()})

	if d := s.opts.Latency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			abandon()
		}
	}

	f := s.faults.next()
	switch f.kind {
	case faultStatus:
		code := codeRequestFailed
		if f.status >= 500 {
			code = codeUnavailable
		}
		writeError(w, f.status, code, faultDescription(f.status))
		return
	case faultThrottle:
		writeThrottle(w, f.retryAfter)
		return
	case faultHang:
		<-r.Context().Done()
		abandon()
	}

	if err := s.authorize(r); err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="Partner Center", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, codeUnauthorized, err.Error())
		return
	}

	if ok, wait := s.limiter.take(rateKey(r.URL.Path)); !ok {
		if s.opts.RetryAfter > 0 {
			wait = s.opts.RetryAfter
		}
		writeThrottle(w, wait)
		return
	}

	rec := recordings.Get().(*bufferedResponse)
	defer func() {
		clear(rec.header)
		rec.status = 0
		rec.body.Reset()
		recordings.Put(rec)
	}()
	r, committed := withCommitFlag(r)
	s.work.ServeHTTP(rec, r)
	if f.kind == faultDrop || (committed.Load() && s.dropAfterCommit()) {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		writeError(w, http.StatusServiceUnavailable, codeUnavailable, faultDescription(http.StatusServiceUnavailable))
		return
	}
	rec.writeTo(w)
}

// recordings are serveAPI's buffered answers, reused: an answer is copied
// out to the connection before its recording is put back.
var recordings = sync.Pool{New: func() any { return newBufferedResponse() }}

// abandon ends a request the client gave up on without an answer. Merely
// returning from the handler would make net/http send 200 with an empty
// body, and a client can still read that: the context ends when the
// client's TLS close_notify arrives, which is before its socket closes.
// http.ErrAbortHandler closes the connection with nothing written.
func abandon() {
	panic(http.ErrAbortHandler)
}

// stampIDs echoes MS-RequestId and MS-CorrelationId, inventing them when
// the client sent none, as Partner Center does.
func (s *Server) stampIDs(w http.ResponseWriter, r *http.Request) {
	for _, name := range []string{"MS-RequestId", "MS-CorrelationId"} {
		v := r.Header.Get(name)
		if v == "" || len(v) > 128 {
			v = newGUID()
		}
		w.Header().Set(name, v)
	}
}

func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatGUID(b)
}

func (s *Server) authorize(r *http.Request) error {
	if s.opts.Authorize != nil {
		return s.opts.Authorize(r)
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New("The request has no valid bearer token. Sign in to Partner Center and try again.")
	}
	return nil
}

// rateKey is the throttling key: the customer for customer resources, the
// partner for everything else.
func rateKey(path string) string {
	rest, ok := strings.CutPrefix(path, "/v1/customers/")
	if !ok {
		return "partner"
	}
	id, _, _ := strings.Cut(rest, "/")
	if id == "" {
		return "partner"
	}
	return "customer " + strings.ToLower(id)
}

func faultDescription(status int) string {
	if status >= 500 {
		return "The service is temporarily unavailable. Please try again later."
	}
	return "The request failed: " + strings.ToLower(http.StatusText(status)) + "."
}

// route dispatches a Partner Center path. It is hand-written rather than
// ServeMux patterns so that a wrong method and an unknown path both get
// Partner Center's error body.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/v1/")
	seg := strings.Split(rest, "/")
	if s.routeInvented(w, r, seg) {
		return
	}
	var h func(http.ResponseWriter, *http.Request, []string)
	switch {
	case len(seg) == 1 && seg[0] == "customers":
		h = s.listCustomers
	case len(seg) == 2 && seg[0] == "customers" && seg[1] != "":
		h = s.getCustomer
	case len(seg) == 3 && seg[0] == "customers" && seg[2] == "subscriptions":
		h = s.listSubscriptions
	case len(seg) == 2 && seg[0] == "profiles" && seg[1] == "organization":
		h = s.getProfile
	default:
		s.notFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "The method "+r.Method+" is not supported for this resource.")
		return
	}
	h(w, r, seg)
}

// notFound answers an unknown path as Partner Center's front door does:
// 404 with Content-Length: 0 and no body.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if w.Header().Get("MS-RequestId") == "" {
		s.stampIDs(w, r)
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNotFound)
}

// pageSize reads a listing's size parameter (1 to 500, 500 when absent),
// or answers 400 and reports false.
func pageSize(w http.ResponseWriter, q url.Values) (int, bool) {
	v, ok := q["size"]
	if !ok {
		return maxPageSize, true
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > maxPageSize {
		writeError(w, http.StatusBadRequest, codeInvalidInput, "The size parameter must be a number between 1 and 500.")
		return 0, false
	}
	return n, true
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	size, ok := pageSize(w, q)
	if !ok {
		return
	}
	var cur cursor
	switch seek := q.Get("seekOperation"); {
	case seek == "":
		f, err := parseFilter(q.Get("filter"))
		if err != nil {
			writeError(w, http.StatusBadRequest, codeInvalidInput, "Invalid filter: "+err.Error()+".")
			return
		}
		cur = cursor{size: size, filter: f}
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

	idx, total := s.page(cur)
	items := make([]wireCustomer, len(idx))
	for k, i := range idx {
		items[k] = s.wireCustomer(i, false)
	}
	links := map[string]wireLink{"self": getLink(r.URL.RequestURI())}
	if cur.offset+cur.size < total {
		next := getLink(nextURI(cur))
		tok := s.tokens.issue(cursor{offset: cur.offset + cur.size, size: cur.size, filter: cur.filter})
		next.Headers = []wireHeader{{Key: "MS-ContinuationToken", Value: tok}}
		links["next"] = next
	}
	writeJSON(w, http.StatusOK, wireCollection[wireCustomer]{
		TotalCount: total, Items: items, Links: links, Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

// page returns the indexes of the customers on the cursor's page and how
// many customers match its filter in all. Filtering scans every name: for
// 100,000 customers that is about a millisecond, cheaper than an index.
func (s *Server) page(c cursor) (idx []int, total int) {
	n := s.data.len()
	if c.filter.field == fieldNone {
		s.data.ensure(c.offset + c.size)
		s.data.readAhead(c.offset + (1+readAheadPages)*c.size)
		for i := c.offset; i < n && i < c.offset+c.size; i++ {
			idx = append(idx, i)
		}
		return idx, n
	}
	s.data.ensure(n)
	for i := range n {
		if !c.filter.matches(s.data, i) {
			continue
		}
		if total >= c.offset && total < c.offset+c.size {
			idx = append(idx, i)
		}
		total++
	}
	return idx, total
}

// readAheadPages is how many pages past the one asked for the sandbox
// generates in the background.
const readAheadPages = 4

// lookup finds a customer by tenant id, in any case.
func (s *Server) lookup(w http.ResponseWriter, id string) (int, bool) {
	if g, ok := parseGUID(id); ok {
		if i, ok := s.data.find(g); ok {
			return i, true
		}
	}
	writeError(w, http.StatusNotFound, codeNotFound, "Customer "+truncate(id, 64)+" was not found for this partner.")
	return 0, false
}

func (s *Server) getCustomer(w http.ResponseWriter, _ *http.Request, seg []string) {
	if i, ok := s.lookup(w, seg[1]); ok {
		writeJSON(w, http.StatusOK, s.wireCustomer(i, true))
	}
}

// wireCustomer renders customer i. full adds what Partner Center only sends
// for a single customer: commerceId, the company address, the billing
// profile and allowDelegatedAccess. A client that shows a country must
// fetch the customer by id.
func (s *Server) wireCustomer(i int, full bool) wireCustomer {
	rec := s.data.rec(i)
	var det details
	if full {
		det = s.data.details(i)
	} else {
		det.relationship, det.email = s.data.listed(i)
	}
	id := formatGUID(rec.tenant)
	name, domain := rec.name, rec.domain+".onmicrosoft.de"
	if s.opts.Hostile {
		if insert, inDomain, ok := s.data.hostile(i); ok {
			name = decorate(name, insert)
			if inDomain {
				domain = rec.domain + insert + ".onmicrosoft.de"
			}
		}
	}
	self := "/v1/customers/" + id
	c := wireCustomer{
		ID: id,
		CompanyProfile: wireCompanyProfile{
			TenantID: id, Domain: domain, CompanyName: name, Email: det.email,
			Links:      selfLink{getLink(self + "/profiles/company")},
			Attributes: wireAttributes{ObjectType: "CustomerCompanyProfile"},
		},
		RelationshipToPartner: string(det.relationship),
		Links:                 selfLink{getLink(self)},
		Attributes:            wireAttributes{ObjectType: "Customer"},
	}
	if full {
		// As recorded: a list item has no commerceId, no address and no
		// billing profile; only the customer fetched by id has them.
		c.CommerceID = det.commerceID
		c.CompanyProfile.Address = &wireAddress{Country: det.country.code, City: det.city.name, PostalCode: det.postalCode, AddressLine1: det.street}
		delegated := det.delegated
		c.AllowDelegatedAccess = &delegated
		c.BillingProfile = &wireBillingProfile{
			ID:        formatGUID(newRNG(s.data.seed, i, saltBilling).guid()),
			FirstName: det.firstName, LastName: det.lastName,
			Email:       slug(det.firstName) + "." + slug(det.lastName) + "@" + rec.domain + "." + det.country.tld,
			Culture:     det.country.culture,
			Language:    det.country.culture[:2],
			CompanyName: name,
			DefaultAddress: wireAddress{
				Country: det.country.code, City: det.city.name, PostalCode: det.postalCode, AddressLine1: det.street,
				FirstName: det.firstName, LastName: det.lastName, PhoneNumber: det.phone,
			},
			Links:      selfLink{getLink(self + "/profiles/billing")},
			Attributes: wireAttributes{Etag: "1", ObjectType: "CustomerBillingProfile"},
		}
	}
	return c
}

func (s *Server) listSubscriptions(w http.ResponseWriter, _ *http.Request, seg []string) {
	i, ok := s.lookup(w, seg[1])
	if !ok {
		return
	}
	id := formatGUID(s.data.rec(i).tenant)
	subs := s.data.subscriptions(i)
	items := make([]wireSubscription, len(subs))
	for k, sub := range subs {
		unit, billing := "Licenses", "license"
		if sub.offer.azure {
			unit, billing = "Usage-based", "usage"
		}
		start := sub.created.Truncate(24 * time.Hour)
		end := pcTime(sub.commitmentEnd)
		if sub.offer.azure {
			end = noEnd // a usage-based plan has no commitment to end
		}
		items[k] = wireSubscription{
			ID: sub.id, OfferID: sub.offer.id, EntitlementID: sub.entitlementID,
			OfferName: sub.offer.name, FriendlyName: sub.friendlyName,
			Quantity: sub.quantity, UnitType: unit,
			CreationDate: pcTimeFraction(sub.created, k), EffectiveStartDate: pcTime(start), CommitmentEndDate: end,
			Status: sub.status, AutoRenewEnabled: sub.autoRenew,
			BillingType: billing, BillingCycle: sub.billingCycle, IsTrial: sub.trial,
			ContractType: "subscription", OrderID: sub.orderID, TermDuration: sub.term,
			Links: map[string]wireLink{
				"offer":       getLink("/v1/offers/" + sub.offer.id),
				"entitlement": getLink("/v1/customers/" + id + "/entitlements/" + sub.entitlementID),
				"self":        getLink("/v1/customers/" + id + "/subscriptions/" + sub.id),
			},
			Attributes: wireAttributes{Etag: strconv.Itoa(sub.etag), ObjectType: "Subscription"},
		}
	}
	writeJSON(w, http.StatusOK, wireCollection[wireSubscription]{
		TotalCount: len(items), Items: items,
		Links:      map[string]wireLink{"self": getLink("/v1/customers/" + id + "/subscriptions")},
		Attributes: wireAttributes{ObjectType: "Collection"},
	})
}

// partnerProfile is the signed-in partner's own organisation.
type partnerProfile struct {
	id, tenantID, name, domain, email string
}

func newPartnerProfile(seed int64, name string) partnerProfile {
	r := newRNG(seed, 0, saltPartner)
	label := slug(stripForm(name))
	if label == "" {
		label = "partner"
	}
	if len(label) > maxDomainLabel {
		label = label[:maxDomainLabel]
	}
	return partnerProfile{
		id: formatGUID(r.guid()), tenantID: formatGUID(r.guid()), name: name,
		domain: label + ".onmicrosoft.de", email: "partnercenter@" + label + ".de",
	}
}

// withIdentity overrides the generated tenant id and domain with those of
// the identity emulator's partner tenant, when given.
func (p partnerProfile) withIdentity(tenantID, domain string) partnerProfile {
	if tenantID != "" {
		p.tenantID = tenantID
	}
	if domain != "" {
		p.domain = domain
	}
	return p
}

func (s *Server) getProfile(w http.ResponseWriter, _ *http.Request, _ []string) {
	p := s.partner
	writeJSON(w, http.StatusOK, wireOrganizationProfile{
		ID: p.id, CompanyName: p.name, TenantID: p.tenantID, Domain: p.domain, Email: p.email,
		Language: "de", Culture: "de-DE",
		DefaultAddress: wireAddress{Country: "DE", City: "Hamburg", PostalCode: "20457", AddressLine1: "Am Sandtorkai 50",
			FirstName: "Jana", LastName: "Petersen", PhoneNumber: "+49 40 5551234"},
		Links:      map[string]wireLink{"self": getLink("/v1/profiles/organization")},
		Attributes: wireAttributes{Etag: "3", ObjectType: "OrganizationProfile"},
	})
}

// writeJSON answers as Partner Center's recordings show: a UTF-8
// byte-order mark, then compact JSON, Content-Length counting both.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) {
	buf := bodyPool.Get().(*[]byte)
	defer bodyPool.Put(buf)
	// segmentio/encoding/json writes what encoding/json's Encoder writes
	// with SetEscapeHTML(false) (TestWireMatchesEncodingJSON), three times
	// faster and without growing a buffer per answer.
	body, err := segjson.Append(append((*buf)[:0], bom...), v, segjson.SortMapKeys)
	*buf = body[:0]
	if err != nil {
		body = append(body[:0], bom+`{}`...) // not reached: every wire type encodes
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// bodyPool holds the buffers answers are encoded into: a page of 500
// customers is 300 KB, and 2,000 of them are served for a million.
var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

// bom is the UTF-8 byte-order mark the real service puts before its JSON.
const bom = "\ufeff"

// writeError answers Partner Center's error body: code a JSON number,
// descriptions with HTML entities where the real service has them, and
// plain application/json (recordings have both forms).
func writeError(w http.ResponseWriter, status, code int, description string) {
	writeJSONAs(w, status, "application/json", wireError{Code: code, Description: htmlEntities(description), Data: []string{}, Source: "PartnerFD"})
}

// writeThrottle answers 429 as Partner Center does: Retry-After in whole
// seconds (at least one) and the matching message.
func writeThrottle(w http.ResponseWriter, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, wireThrottle{
		StatusCode: http.StatusTooManyRequests,
		Message:    "Rate limit is exceeded. Try again in " + strconv.Itoa(secs) + " seconds.",
	})
}

// truncate shortens s for an error message, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
