package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// outputFormats are the formats scriptable commands accept.
const outputFormats = "table, json or csv"

func checkFormat(f string) error {
	switch f {
	case "table", "json", "csv":
		return nil
	}
	return fmt.Errorf("unknown output format %q: use %s", f, outputFormats)
}

// customerJSON is the stable shape of `mcgdash customers --output json`.
type customerJSON struct {
	ID           string `json:"id"`
	TenantID     string `json:"tenantId"`
	CompanyName  string `json:"companyName"`
	Domain       string `json:"domain"`
	Relationship string `json:"relationship"`
	Country      string `json:"country"`
	City         string `json:"city"`
	Email        string `json:"email"`
}

var customerColumns = []string{"id", "tenantId", "companyName", "domain", "relationship", "country", "city", "email"}

func customerRow(c model.Customer) []string {
	return []string{c.ID, c.TenantID, c.CompanyName, c.Domain, string(c.Relationship), c.Country, c.City, c.Email}
}

// writeCustomers prints every customer, page by page as they arrive, so a
// long listing starts at once and memory stays flat. Strings were
// sanitised when the client received them.
func writeCustomers(ctx context.Context, w io.Writer, pc *client.Client, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	var page func(client.Page) error
	var finish func() error
	switch format {
	case "json":
		// A JSON array written incrementally: one object per line.
		first := true
		if _, err := io.WriteString(w, "["); err != nil {
			return err
		}
		page = func(p client.Page) error {
			for _, c := range p.Customers {
				sep := ",\n"
				if first {
					sep, first = "\n", false
				}
				if _, err := io.WriteString(w, sep); err != nil {
					return err
				}
				b, err := json.Marshal(toCustomerJSON(c))
				if err != nil {
					return err
				}
				if _, err := w.Write(b); err != nil {
					return err
				}
			}
			return nil
		}
		finish = func() error {
			_, err := io.WriteString(w, "\n]\n")
			return err
		}
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(customerColumns); err != nil {
			return err
		}
		page = func(p client.Page) error {
			for _, c := range p.Customers {
				row := customerRow(c)
				for i := range row {
					row[i] = csvSafe(row[i])
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
			cw.Flush()
			return cw.Error()
		}
		finish = func() error { cw.Flush(); return cw.Error() }
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tDOMAIN\tTENANT\tRELATIONSHIP\tCOUNTRY")
		page = func(p client.Page) error {
			for _, c := range p.Customers {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.CompanyName, c.Domain, c.TenantID, c.Relationship, c.Country)
			}
			return nil
		}
		finish = tw.Flush
	}
	if err := pc.ListCustomers(ctx, client.ListOptions{}, page); err != nil {
		// What was printed stays valid: close the document before failing.
		_ = finish()
		return err
	}
	return finish()
}

func toCustomerJSON(c model.Customer) customerJSON {
	return customerJSON{ID: c.ID, TenantID: c.TenantID, CompanyName: c.CompanyName, Domain: c.Domain,
		Relationship: string(c.Relationship), Country: c.Country, City: c.City, Email: c.Email}
}

// csvSafe keeps a spreadsheet from running a cell as a formula: a value
// that starts with = + - @ (or tab/CR, already removed by Sanitize) gets a
// leading apostrophe, as OWASP advises for CSV exports.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
