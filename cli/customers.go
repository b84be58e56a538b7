package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	segjson "github.com/segmentio/encoding/json"

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

// customerRow fills cells with c's columns, in customerColumns' order.
func customerRow(cells *[8]string, c model.Customer) []string {
	*cells = [8]string{c.ID, c.TenantID, c.CompanyName, c.Domain, string(c.Relationship), c.Country, c.City, c.Email}
	return cells[:]
}

// appendCustomerJSON appends c as json.Marshal(toCustomerJSON(c)) would
// write it: the same keys in the same order, strings escaped the same way
// (HTML characters included).
func appendCustomerJSON(b []byte, c model.Customer) []byte {
	for k, v := range [8]string{c.ID, c.TenantID, c.CompanyName, c.Domain, string(c.Relationship), c.Country, c.City, c.Email} {
		b = append(b, customerJSONKeys[k]...)
		b = segjson.AppendEscape(b, v, segjson.EscapeHTML)
	}
	return append(b, '}')
}

// customerJSONKeys are customerJSON's keys, each with what precedes it.
var customerJSONKeys = func() [8]string {
	var keys [8]string
	for k, name := range customerColumns {
		keys[k] = `,"` + name + `":`
	}
	keys[0] = "{" + keys[0][1:]
	return keys
}()

// writeCustomers prints every customer page by page as they arrive, so a
// long listing starts at once (JSON and CSV are written as they come; the
// table is aligned, so it is held until the end). Nothing is printed
// before the first page: a listing that fails at once leaves stdout empty
// rather than a valid-looking empty document. The next page is fetched
// while one is written (listAhead). Strings were sanitised when
// the client received them. Output goes through a buffer flushed once per
// page: a write(2) per row cost more than fetching and decoding.
func writeCustomers(ctx context.Context, out io.Writer, pc *client.Client, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 64<<10)
	var (
		started bool
		rows    int // written, for the message when the listing fails midway
		begin   func() error
		row     func(model.Customer) error
		endPage func() error // after each page, so the output keeps up
		finish  func() error
	)
	endPage = func() error { return nil }
	switch format {
	case "json":
		// A JSON array written incrementally: one object per line, as
		// json.Marshal(customerJSON) writes it (TestCustomerJSONRow), but
		// appended to one reused buffer without reflection.
		var buf []byte
		begin = func() error { _, err := io.WriteString(w, "["); return err }
		row = func(c model.Customer) error {
			sep := ",\n"
			if rows == 0 {
				sep = "\n"
			}
			buf = appendCustomerJSON(append(buf[:0], sep...), c)
			_, err := w.Write(buf)
			return err
		}
		endPage = w.Flush
		finish = func() error { _, _ = w.WriteString("\n]\n"); return w.Flush() }
	case "csv":
		cw := csv.NewWriter(w)
		var cells [8]string // reused: csv.Writer does not keep the slice
		begin = func() error { return cw.Write(customerColumns) }
		row = func(c model.Customer) error {
			r := customerRow(&cells, c)
			for i := range r {
				r[i] = csvSafe(r[i])
			}
			return cw.Write(r)
		}
		endPage = func() error {
			if cw.Flush(); cw.Error() != nil {
				return cw.Error()
			}
			return w.Flush()
		}
		finish = endPage
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		begin = func() error {
			_, err := fmt.Fprintln(tw, "NAME\tDOMAIN\tTENANT\tRELATIONSHIP\tCOUNTRY")
			return err
		}
		row = func(c model.Customer) error {
			// Partner Center's list has no address: the country is known
			// only for a customer fetched by id (mcgdash routes --customer).
			country := c.Country
			if country == "" {
				country = "-"
			}
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.CompanyName, c.Domain, c.TenantID, c.Relationship, country)
			return err
		}
		finish = func() error {
			if err := tw.Flush(); err != nil {
				return err
			}
			return w.Flush()
		}
	}
	err := listAhead(ctx, pc, func(p client.Page) error {
		if !started {
			if err := begin(); err != nil {
				return err
			}
			started = true
		}
		for _, c := range p.Customers {
			if err := row(c); err != nil {
				return err
			}
			rows++
		}
		return endPage()
	})
	switch {
	case err != nil && started:
		// Close what was printed so it stays readable, then fail saying
		// how much was written.
		_ = finish()
		return partialError{err: err, rows: rows, what: "customers"}
	case err != nil:
		return err
	case !started:
		if err := begin(); err != nil {
			return err
		}
	}
	return finish()
}

// listAhead lists every customer, calling fn with each page in order
// while the next page is already being fetched and decoded, so that
// writing the output costs next to nothing in wall time. A page is handed
// over only after the one before it was written; an error from fn stops
// the listing and is returned; a listing that fails returns its error
// after fn has had every page that came before the failure.
func listAhead(ctx context.Context, pc *client.Client, fn func(client.Page) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan client.Page, 1)
	listed := make(chan error, 1)
	go func() {
		defer close(pages)
		listed <- pc.ListCustomers(ctx, client.ListOptions{}, func(p client.Page) error {
			select {
			case pages <- p:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var err error
	for p := range pages {
		if err == nil {
			if err = fn(p); err != nil {
				cancel() // the listing ends; the pages left are dropped
			}
		}
	}
	if lerr := <-listed; err == nil {
		err = lerr
	}
	return err
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
