package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcgdash/mcgdash/model"
)

// MaxPageSize is the largest page Partner Center serves for customers.
const MaxPageSize = 500

// Page is one page of customers, in the order Partner Center sent them.
type Page struct {
	Customers []model.Customer
	// Total is Partner Center's totalCount. The sandbox reports the whole
	// collection; the documented sample counts only the page's items, so
	// treat it as a lower bound: max(Total, customers received).
	Total int
}

// ListOptions narrow a customer listing.
type ListOptions struct {
	// PageSize is the number of customers per call, 1..MaxPageSize; 0 means MaxPageSize.
	PageSize int
	// NamePrefix, if set, keeps customers whose company name starts with it.
	NamePrefix string
	// DomainPrefix, if set (and NamePrefix is not), keeps customers whose
	// domain starts with it. starts_with is Partner Center's only operator.
	DomainPrefix string
}

// link is Partner Center's link object: a URI plus the headers that must be
// sent with it.
type link struct {
	URI     string `json:"uri"`
	Method  string `json:"method"`
	Headers []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"headers"`
}

type customerCollection struct {
	TotalCount int            `json:"totalCount"`
	Items      []wireCustomer `json:"items"`
	Links      struct {
		Next *link `json:"next"`
	} `json:"links"`
}

type wireCustomer struct {
	ID             string `json:"id"`
	CommerceID     string `json:"commerceId"`
	CompanyProfile struct {
		TenantID    string `json:"tenantId"`
		Domain      string `json:"domain"`
		CompanyName string `json:"companyName"`
		Email       string `json:"email"`
		Address     *struct {
			Country string `json:"country"`
			City    string `json:"city"`
		} `json:"address"`
	} `json:"companyProfile"`
	BillingProfile *struct {
		Email          string `json:"email"`
		DefaultAddress *struct {
			Country string `json:"country"`
			City    string `json:"city"`
		} `json:"defaultAddress"`
	} `json:"billingProfile"`
	RelationshipToPartner string `json:"relationshipToPartner"`
}

func (w wireCustomer) model() model.Customer {
	c := model.Customer{
		ID:           model.Sanitize(w.ID),
		CommerceID:   model.Sanitize(w.CommerceID),
		TenantID:     model.Sanitize(w.CompanyProfile.TenantID),
		CompanyName:  model.Sanitize(w.CompanyProfile.CompanyName),
		Domain:       model.Sanitize(w.CompanyProfile.Domain),
		Relationship: model.Relationship(model.Sanitize(w.RelationshipToPartner)),
		Email:        model.Sanitize(w.CompanyProfile.Email),
	}
	if a := w.CompanyProfile.Address; a != nil {
		c.Country, c.City = model.Sanitize(a.Country), model.Sanitize(a.City)
	}
	if b := w.BillingProfile; b != nil {
		if c.Email == "" {
			c.Email = model.Sanitize(b.Email)
		}
		if a := b.DefaultAddress; a != nil && c.Country == "" {
			c.Country, c.City = model.Sanitize(a.Country), model.Sanitize(a.City)
		}
	}
	if c.TenantID == "" {
		c.TenantID = c.ID
	}
	return c
}

// maxCustomers bounds a listing whose server gives no totalCount and fresh
// tokens for ever; no partner has anywhere near this many customers.
var maxCustomers = 5_000_000

// ErrEndlessPaging is returned when a server keeps sending next links that
// lead nowhere new.
var ErrEndlessPaging = errors.New("Partner Center's paging did not end")

// Pager walks the partner's customers one page at a time. It follows
// links.next with every header the link lists (the continuation token
// travels in MS-ContinuationToken) and stops with ErrEndlessPaging if the
// server repeats itself or sends more customers than its own totalCount.
// A failed Next can simply be called again: the pager stays on the page that
// failed, so a load interrupted by an expired sign-in or a dropped link
// resumes where it stopped. A Pager is not safe for concurrent use.
type Pager struct {
	c        *Client
	size     int
	next     *url.URL
	header   http.Header
	seen     map[string]bool
	received int
	done     bool
}

// Customers returns a pager over the partner's customers.
func (c *Client) Customers(o ListOptions) (*Pager, error) {
	size := o.PageSize
	if size <= 0 || size > MaxPageSize {
		size = MaxPageSize
	}
	q := url.Values{"size": {strconv.Itoa(size)}}
	switch {
	case o.NamePrefix != "":
		q.Set("filter", startsWith("CompanyName", o.NamePrefix))
	case o.DomainPrefix != "":
		q.Set("filter", startsWith("Domain", o.DomainPrefix))
	}
	u, err := c.urlFor("/v1/customers?" + q.Encode())
	if err != nil {
		return nil, err
	}
	return &Pager{c: c, size: size, next: u, seen: map[string]bool{}}, nil
}

// Done reports whether the last page has been returned.
func (p *Pager) Done() bool { return p.done }

// Received is the number of customers returned so far.
func (p *Pager) Received() int { return p.received }

// Next fetches the next page. After the last page, Done reports true.
func (p *Pager) Next(ctx context.Context) (Page, error) {
	if p.done {
		return Page{}, errors.New("list customers: no more pages")
	}
	var coll customerCollection
	if err := p.c.getJSON(ctx, p.next, p.header, &coll); err != nil {
		return Page{}, fmt.Errorf("list customers: %w", err)
	}
	if len(coll.Items) > p.size {
		// Not a page this client asked for: refuse it rather than trust
		// its size or its links.
		p.done = true
		return Page{}, fmt.Errorf("list customers: %s sent %d customers for a page of %d; refusing the page",
			model.Sanitize(p.next.Host), len(coll.Items), p.size)
	}
	page := Page{Total: coll.TotalCount, Customers: make([]model.Customer, len(coll.Items))}
	for i, w := range coll.Items {
		page.Customers[i] = w.model()
	}
	p.received += len(page.Customers)
	next := coll.Links.Next
	if next != nil && next.URI != "" && len(coll.Items) > 0 && p.received > maxCustomers {
		p.done = true
		return page, fmt.Errorf("list customers: %w: more than %d customers and still a next page", ErrEndlessPaging, maxCustomers)
	}
	u, header, err := p.c.nextPage("list customers", next, len(coll.Items), p.seen)
	if err != nil || u == nil {
		p.done = true
		return page, err
	}
	p.next, p.header = u, header
	return page, nil
}

// nextPage checks a collection's next link and returns the next page's
// URL and the headers it asks for (the continuation token), or a nil URL
// when there is none. The link resolves as every link does (resolveLink:
// both recorded forms, same host, under the root); an empty page that
// still links on, a link offered twice, or a header that cannot be sent
// end the listing. what names the listing in errors.
func (c *Client) nextPage(what string, next *link, items int, seen map[string]bool) (*url.URL, http.Header, error) {
	if next == nil || next.URI == "" {
		return nil, nil, nil
	}
	if items == 0 {
		return nil, nil, fmt.Errorf("%s: %w: an empty page still links to a next one", what, ErrEndlessPaging)
	}
	header := http.Header{}
	key := next.URI
	for _, h := range next.Headers {
		if !validHeader(h.Key, h.Value) {
			return nil, nil, fmt.Errorf("%s: the next-page link carries a header that cannot be sent (%q)", what, model.Sanitize(h.Key))
		}
		header.Add(h.Key, h.Value)
		key += "\x00" + h.Key + "=" + h.Value
	}
	if seen[key] {
		return nil, nil, fmt.Errorf("%s: %w: the same next page was offered twice", what, ErrEndlessPaging)
	}
	seen[key] = true
	u, err := c.resolveLink(next.URI)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	return u, header, nil
}

// ListCustomers walks every page, calling fn with each as it arrives.
func (c *Client) ListCustomers(ctx context.Context, o ListOptions, fn func(Page) error) error {
	p, err := c.Customers(o)
	if err != nil {
		return err
	}
	return walk(ctx, p, func(pg Page) int { return len(pg.Customers) }, fn)
}

// pager is a listing fetched page by page (customers, migrations).
type pager[P any] interface {
	Done() bool
	Next(ctx context.Context) (P, error)
}

// walk calls fn with every non-empty page of p as it arrives; a page that
// came with an error is handed over before the error is returned.
func walk[P any](ctx context.Context, p pager[P], size func(P) int, fn func(P) error) error {
	for !p.Done() {
		page, err := p.Next(ctx)
		if size(page) > 0 {
			if ferr := fn(page); ferr != nil {
				return ferr
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// GetCustomer fetches one customer by id.
func (c *Client) GetCustomer(ctx context.Context, id string) (model.Customer, error) {
	u, err := c.urlFor("/v1/customers/" + url.PathEscape(id))
	if err != nil {
		return model.Customer{}, err
	}
	var w wireCustomer
	if err := c.getJSON(ctx, u, nil, &w); err != nil {
		return model.Customer{}, fmt.Errorf("get customer %s: %w", model.Sanitize(id), err)
	}
	return w.model(), nil
}

type subscriptionCollection struct {
	TotalCount int                `json:"totalCount"`
	Items      []wireSubscription `json:"items"`
}

type wireSubscription struct {
	ID                string `json:"id"`
	OfferID           string `json:"offerId"`
	OfferName         string `json:"offerName"`
	FriendlyName      string `json:"friendlyName"`
	Quantity          int    `json:"quantity"`
	UnitType          string `json:"unitType"`
	Status            string `json:"status"`
	BillingCycle      string `json:"billingCycle"`
	TermDuration      string `json:"termDuration"`
	AutoRenewEnabled  bool   `json:"autoRenewEnabled"`
	IsTrial           bool   `json:"isTrial"`
	CreationDate      string `json:"creationDate"`
	CommitmentEndDate string `json:"commitmentEndDate"`
}

// ListSubscriptions fetches a customer's subscriptions.
func (c *Client) ListSubscriptions(ctx context.Context, customerID string) ([]model.Subscription, error) {
	u, err := c.urlFor("/v1/customers/" + url.PathEscape(customerID) + "/subscriptions")
	if err != nil {
		return nil, err
	}
	var coll subscriptionCollection
	if err := c.getJSON(ctx, u, nil, &coll); err != nil {
		return nil, fmt.Errorf("list subscriptions of %s: %w", model.Sanitize(customerID), err)
	}
	subs := make([]model.Subscription, len(coll.Items))
	for i, w := range coll.Items {
		subs[i] = model.Subscription{
			ID:               model.Sanitize(w.ID),
			OfferID:          model.Sanitize(w.OfferID),
			OfferName:        model.Sanitize(w.OfferName),
			FriendlyName:     model.Sanitize(w.FriendlyName),
			Quantity:         w.Quantity,
			UnitType:         model.Sanitize(w.UnitType),
			Status:           model.SubscriptionStatus(model.Sanitize(w.Status)),
			BillingCycle:     model.Sanitize(w.BillingCycle),
			TermDuration:     model.Sanitize(w.TermDuration),
			AutoRenewEnabled: w.AutoRenewEnabled,
			IsTrial:          w.IsTrial,
			CreationDate:     model.Sanitize(w.CreationDate),
			CommitmentEnd:    model.Sanitize(w.CommitmentEndDate),
		}
	}
	return subs, nil
}

// startsWith builds Partner Center's filter object for a prefix search.
func startsWith(field, value string) string {
	f, _ := json.Marshal(map[string]string{"Field": field, "Value": value, "Operator": "starts_with"})
	return string(f)
}

// validHeader reports whether a header from a links.next object can be sent
// as it is: a token name and a value without control characters.
func validHeader(k, v string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", r) {
			return false
		}
	}
	for _, r := range v {
		if (r < ' ' && r != '\t') || r == 0x7f {
			return false
		}
	}
	return true
}
