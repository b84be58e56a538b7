package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
)

func runRoutes(t *testing.T, env model.Environment, pc *client.Client, ref, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := RoutesCommand(context.Background(), &buf, env, pc, ref, format); err != nil {
		t.Fatalf("routes %s %q: %v", format, ref, err)
	}
	return buf.String()
}

func TestRoutesTable(t *testing.T) {
	out := runRoutes(t, model.EnvGermany, nil, "", "table")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "FUNCTION") || !strings.Contains(lines[0], "URL") {
		t.Fatalf("header: %q", lines[0])
	}
	urlCol := strings.Index(lines[0], "URL")
	links := 0
	for _, r := range model.Routes(model.EnvGermany) {
		links += len(r.Portals)
	}
	if len(lines) != links+1 {
		t.Fatalf("%d rows for %d links", len(lines)-1, links)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l[urlCol:], "https://") {
			t.Errorf("URL column not aligned: %q", l)
		}
		if !strings.Contains(l, "  generic  ") {
			t.Errorf("a link without customer is not generic: %q", l)
		}
	}
	if strings.ContainsAny(out, "\x1b\r\a") {
		t.Error("table carries control characters")
	}
	if !strings.Contains(out, "Reset a user's password") || !strings.Contains(out, "https://portal.microsoftazure.de/") {
		t.Errorf("table lacks the MCG routes:\n%s", out)
	}
}

func TestRoutesJSON(t *testing.T) {
	out := runRoutes(t, model.EnvGlobal, nil, "", "json")
	var doc struct {
		Environment string          `json:"environment"`
		Customer    json.RawMessage `json:"customer"`
		Routes      []struct {
			ID, Function, Why string
			Links             []struct {
				Portal, URL, Note string
				TenantSpecific    bool `json:"tenantSpecific"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Environment != "global" || string(doc.Customer) != "null" || len(doc.Routes) != len(model.Routes(model.EnvGlobal)) {
		t.Fatalf("doc: %s", out)
	}
	for _, key := range []string{`"environment"`, `"customer"`, `"routes"`, `"id"`, `"function"`, `"why"`, `"links"`, `"portal"`, `"url"`, `"tenantSpecific"`, `"note"`} {
		if !strings.Contains(out, key) {
			t.Errorf("field %s missing", key)
		}
	}
	if r := doc.Routes[0]; r.ID == "" || r.Why == "" || len(r.Links) == 0 || !strings.HasPrefix(r.Links[0].URL, "https://") {
		t.Errorf("first route: %+v", r)
	}
}

func TestRoutesCSV(t *testing.T) {
	out := runRoutes(t, model.EnvGermany, nil, "", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "function,portal,scope,url,note,why" {
		t.Fatalf("header %v", recs[0])
	}
	for _, r := range recs[1:] {
		if len(r) != 6 || r[2] != "generic" || !strings.HasPrefix(r[3], "https://") || r[5] == "" {
			t.Errorf("row %q", r)
		}
	}
}

func TestRoutesRejects(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	err := RoutesCommand(ctx, &buf, model.EnvGermany, nil, "", "yaml")
	if err == nil || !strings.Contains(err.Error(), "table, json or csv") {
		t.Errorf("bad format: %v", err)
	}
	if err := RoutesCommand(ctx, &buf, "mars", nil, "", "table"); err == nil {
		t.Error("unknown environment accepted")
	}
	if err := RoutesCommand(ctx, &buf, model.EnvGermany, nil, "contoso.de", "table"); err == nil || !strings.Contains(err.Error(), "Partner Center") {
		t.Errorf("customer without client: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("output on error: %q", buf.String())
	}
}

func sandboxClient(t *testing.T) *client.Client {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{Customers: 50})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	return pc
}

func TestRoutesForACustomer(t *testing.T) {
	pc := sandboxClient(t)
	want := sandbox.Dataset(1, 50)[7]
	for _, ref := range []string{want.ID, want.Domain, strings.ToUpper(want.Domain)} {
		out := runRoutes(t, model.EnvGermany, pc, ref, "json")
		var doc struct {
			Customer struct{ ID, TenantID, Domain string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Customer.ID != want.ID || doc.Customer.Domain != want.Domain {
			t.Errorf("--customer %s found %+v, want %s", ref, doc.Customer, want.ID)
		}
		if !strings.Contains(out, "#@"+want.TenantID+"/blade/") || !strings.Contains(out, `"tenantSpecific": true`) {
			t.Errorf("--customer %s: links not qualified with the tenant", ref)
		}
	}
}

func TestRoutesCustomerNotFound(t *testing.T) {
	pc := sandboxClient(t)
	ctx := context.Background()
	var buf bytes.Buffer
	for ref, want := range map[string]string{
		"nobody.onmicrosoft.de":                "no customer has the domain",
		"not a domain":                         "neither a customer id",
		"00000000-0000-0000-0000-000000000000": "00000000-0000-0000-0000-000000000000",
	} {
		err := RoutesCommand(ctx, &buf, model.EnvGermany, pc, ref, "table")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--customer %q: %v, want %q", ref, err, want)
		}
	}
}
