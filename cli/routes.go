package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// routesJSON is the stable shape of `mcgdash routes --output json`.
type routesJSON struct {
	Environment string             `json:"environment"`
	Customer    *routeCustomerJSON `json:"customer"` // null: generic links
	Routes      []routeJSON        `json:"routes"`
}

type routeCustomerJSON struct {
	ID          string `json:"id"`
	TenantID    string `json:"tenantId"`
	CompanyName string `json:"companyName"`
	Domain      string `json:"domain"`
}

type routeJSON struct {
	ID       string     `json:"id"`
	Function string     `json:"function"`
	Why      string     `json:"why"`
	Links    []linkJSON `json:"links"`
}

type linkJSON struct {
	Portal         string `json:"portal"`
	URL            string `json:"url"`
	TenantSpecific bool   `json:"tenantSpecific"`
	Note           string `json:"note"`
}

var routeColumns = []string{"function", "portal", "scope", "url", "note", "why"}

// RoutesCommand prints which portal does which partner task in env, one
// row per portal link. customerRef picks the customer the links point at:
// empty for generic links, a GUID for the customer with that id, anything
// else is taken as the customer's domain. format is table, json or csv.
// pc may be nil when customerRef is empty.
func RoutesCommand(ctx context.Context, w io.Writer, env model.Environment, pc *client.Client, customerRef, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	routes := model.Routes(env)
	if len(routes) == 0 {
		return fmt.Errorf("no routing table for environment %q", string(env))
	}
	cust, err := findCustomer(ctx, pc, customerRef)
	if err != nil {
		return err
	}
	doc := routesJSON{Environment: string(env), Routes: make([]routeJSON, len(routes))}
	if cust != nil {
		doc.Customer = &routeCustomerJSON{ID: cust.ID, TenantID: cust.TenantID, CompanyName: cust.CompanyName, Domain: cust.Domain}
	}
	for i, r := range routes {
		rj := routeJSON{ID: r.ID, Function: r.Function, Why: r.Why}
		for _, l := range model.ResolveLinks(r, cust) {
			rj.Links = append(rj.Links, linkJSON{Portal: l.Portal, URL: l.URL, TenantSpecific: l.TenantSpecific, Note: l.Note})
		}
		doc.Routes[i] = rj
	}

	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(routeColumns); err != nil {
			return err
		}
		for _, r := range doc.Routes {
			for _, l := range r.Links {
				row := []string{r.Function, l.Portal, scope(l.TenantSpecific), l.URL, l.Note, r.Why}
				for i := range row {
					row[i] = csvSafe(row[i])
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		// The why is long and the same for every portal of a function: it is
		// in json and csv, and on the routes screen.
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "FUNCTION\tPORTAL\tSCOPE\tURL\tNOTE")
		for _, r := range doc.Routes {
			for _, l := range r.Links {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Function, l.Portal, scope(l.TenantSpecific), l.URL, l.Note)
			}
		}
		return tw.Flush()
	}
}

func scope(tenantSpecific bool) string {
	if tenantSpecific {
		return "tenant"
	}
	return "generic"
}

// findCustomer resolves --customer: nothing, a customer id (a GUID) or a
// domain, matched case-insensitively among the customers whose domain
// starts with it (Partner Center filters by prefix only).
func findCustomer(ctx context.Context, pc *client.Client, ref string) (*model.Customer, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, nil
	}
	if pc == nil {
		return nil, errors.New("--customer needs Partner Center: sign in, or leave it out for generic links")
	}
	if model.IsGUID(ref) {
		c, err := pc.GetCustomer(ctx, ref)
		if err != nil {
			return nil, err
		}
		return &c, nil
	}
	if !model.IsDomainName(ref) {
		return nil, fmt.Errorf("--customer %q is neither a customer id (GUID) nor a domain", model.Sanitize(ref))
	}
	p, err := pc.Customers(client.ListOptions{DomainPrefix: ref})
	if err != nil {
		return nil, err
	}
	for !p.Done() {
		page, err := p.Next(ctx)
		for _, c := range page.Customers {
			if strings.EqualFold(c.Domain, ref) {
				return &c, nil
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("no customer has the domain %q", ref)
}
