package model

import (
	"net/url"
	"strings"
	"testing"
)

// The functions of the source document's table ("Partner Center for
// Microsoft Cloud Germany": vendre des solutions Cloud allemandes) and the
// portals it names for each.
var sourceTable = map[string][]string{
	"Partner user management":  {"Office 365 admin center", "Azure portal for Microsoft Cloud Germany"},
	"Customer user management": {"Office 365 admin center", "Azure portal for Microsoft Cloud Germany"},
	"Reset a user's password":  {"Azure portal for Microsoft Cloud Germany"},
	"License management":       {"Office 365 admin center", "MCG Azure AD licensing portal"},
}

func TestGermanyTableHasEverySourceFunction(t *testing.T) {
	byFunction := map[string]Route{}
	for _, r := range Routes(EnvGermany) {
		byFunction[r.Function] = r
	}
	for fn, portals := range sourceTable {
		r, ok := byFunction[fn]
		if !ok {
			t.Errorf("germany: function %q of the source document is missing", fn)
			continue
		}
		if !r.FromSource {
			t.Errorf("germany: %q is not marked FromSource", fn)
		}
		for _, want := range portals {
			found := false
			for _, p := range r.Portals {
				if strings.HasPrefix(p.Name, want) {
					found = true
				}
			}
			if !found {
				t.Errorf("germany: %q lacks portal %q", fn, want)
			}
		}
	}
	n := 0
	for _, r := range Routes(EnvGermany) {
		if r.FromSource {
			n++
		}
	}
	if n != len(sourceTable) {
		t.Errorf("germany: %d routes marked FromSource, the source has %d", n, len(sourceTable))
	}
}

func TestGlobalTableHasTheSameFunctions(t *testing.T) {
	global := map[string]bool{}
	for _, r := range Routes(EnvGlobal) {
		global[r.ID] = true
	}
	for _, r := range Routes(EnvGermany) {
		if r.ID == "migration" { // leaving MCG has no worldwide counterpart
			continue
		}
		if !global[r.ID] {
			t.Errorf("global: no route %q (%s)", r.ID, r.Function)
		}
	}
}

func TestGermanyRoutesExplainWhy(t *testing.T) {
	for _, r := range Routes(EnvGermany) {
		if r.FromSource && !strings.Contains(r.Why, "offer no user, role, license or password operations") {
			t.Errorf("%s: why does not say Partner Center for MCG lacks the operation: %q", r.ID, r.Why)
		}
	}
}

func TestTablesAreWellFormed(t *testing.T) {
	for _, env := range []Environment{EnvGermany, EnvGlobal} {
		ids := map[string]bool{}
		rs := Routes(env)
		if len(rs) == 0 {
			t.Fatalf("%s: empty table", env)
		}
		for _, r := range rs {
			if r.ID == "" || r.Function == "" || r.Why == "" || len(r.Portals) == 0 {
				t.Errorf("%s/%s: incomplete route %+v", env, r.ID, r)
			}
			if ids[r.ID] {
				t.Errorf("%s: duplicate id %q", env, r.ID)
			}
			ids[r.ID] = true
			for _, p := range r.Portals {
				checkHTTPS(t, env, r.ID, p.URL)
				if strings.ContainsAny(p.URL, "{}") {
					t.Errorf("%s/%s: generic URL has a placeholder: %s", env, r.ID, p.URL)
				}
				if !p.TenantSpecific() {
					continue
				}
				n := strings.Count(p.TenantURL, PlaceholderTenantID) + strings.Count(p.TenantURL, PlaceholderDomain) + strings.Count(p.TenantURL, PlaceholderTenant)
				if n != 1 || strings.Count(p.TenantURL, "{") != 1 {
					t.Errorf("%s/%s: tenant URL needs exactly one known placeholder: %s", env, r.ID, p.TenantURL)
				}
				checkHTTPS(t, env, r.ID, strings.NewReplacer(PlaceholderTenantID, "x", PlaceholderDomain, "x", PlaceholderTenant, "x").Replace(p.TenantURL))
			}
		}
	}
}

func checkHTTPS(t *testing.T, env Environment, id, raw string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Scheme != "https" || u.Host == "" {
		t.Errorf("%s/%s: not an absolute https URL: %q", env, id, raw)
	}
}

func TestRoutesReturnsACopy(t *testing.T) {
	a := Routes(EnvGermany)
	a[0].Portals[0].URL = "changed"
	a[0].Function = "changed"
	b := Routes(EnvGermany)
	if b[0].Portals[0].URL == "changed" || b[0].Function == "changed" {
		t.Fatal("Routes shares its table with callers")
	}
	if Routes("mars") != nil && len(Routes("mars")) != 0 {
		t.Fatal("unknown environment has routes")
	}
}

const (
	goodTenant = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
	goodDomain = "contoso.onmicrosoft.de"
)

func routeByID(t *testing.T, env Environment, id string) Route {
	t.Helper()
	for _, r := range Routes(env) {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("%s: no route %q", env, id)
	return Route{}
}

func TestResolveLinksWithoutCustomerIsGeneric(t *testing.T) {
	for _, env := range []Environment{EnvGermany, EnvGlobal} {
		for _, r := range Routes(env) {
			links := ResolveLinks(r, nil)
			if len(links) != len(r.Portals) {
				t.Fatalf("%s/%s: %d links for %d portals", env, r.ID, len(links), len(r.Portals))
			}
			for i, l := range links {
				if l.TenantSpecific || l.URL != r.Portals[i].URL {
					t.Errorf("%s/%s: link without customer is not the generic URL: %+v", env, r.ID, l)
				}
			}
		}
	}
}

func TestResolveLinksQualifiesTenantSpecificPortals(t *testing.T) {
	c := &Customer{TenantID: goodTenant, Domain: "Contoso.OnMicrosoft.de"}
	for _, env := range []Environment{EnvGermany, EnvGlobal} {
		for _, r := range Routes(env) {
			for i, l := range ResolveLinks(r, c) {
				p := r.Portals[i]
				if l.TenantSpecific != p.TenantSpecific() {
					t.Errorf("%s/%s/%s: TenantSpecific=%v, portal says %v", env, r.ID, p.Name, l.TenantSpecific, p.TenantSpecific())
				}
				if !p.TenantSpecific() {
					if l.URL != p.URL {
						t.Errorf("%s/%s: generic portal got %s", env, r.ID, l.URL)
					}
					continue
				}
				if strings.ContainsAny(l.URL, "{}") {
					t.Errorf("%s/%s: placeholder left in %s", env, r.ID, l.URL)
				}
				if !strings.Contains(l.URL, goodTenant) && !strings.Contains(l.URL, goodDomain) {
					t.Errorf("%s/%s: tenant missing from %s", env, r.ID, l.URL)
				}
				checkHTTPS(t, env, r.ID, l.URL)
			}
		}
	}
}

func TestResolveLinksExamples(t *testing.T) {
	c := &Customer{TenantID: goodTenant, Domain: goodDomain}
	tests := []struct {
		env    Environment
		id     string
		portal int
		want   string
	}{
		{EnvGlobal, "customer-users", 0, "https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID=" + goodTenant + "&CSDEST=o365admincenter"},
		{EnvGlobal, "customer-users", 1, "https://entra.microsoft.com/" + goodTenant + "/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers"},
		{EnvGlobal, "exchange", 0, "https://admin.exchange.microsoft.com/?delegatedOrg=" + goodDomain},
		{EnvGermany, "password-reset", 0, "https://portal.microsoftazure.de/#@" + goodTenant + "/blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers"},
	}
	for _, tt := range tests {
		got := ResolveLinks(routeByID(t, tt.env, tt.id), c)[tt.portal]
		if got.URL != tt.want || !got.TenantSpecific {
			t.Errorf("%s/%s[%d] = %s (tenant %v), want %s", tt.env, tt.id, tt.portal, got.URL, got.TenantSpecific, tt.want)
		}
	}
}

func TestResolveLinksFallsBackToTheDomain(t *testing.T) {
	c := &Customer{TenantID: "../x", Domain: goodDomain}
	l := ResolveLinks(routeByID(t, EnvGermany, "password-reset"), c)[0]
	want := "https://portal.microsoftazure.de/#@" + goodDomain + "/blade/Microsoft_AAD_IAM/UsersManagementMenuBlade/AllUsers"
	if l.URL != want || !l.TenantSpecific {
		t.Fatalf("got %s (tenant %v), want %s", l.URL, l.TenantSpecific, want)
	}
}

// Hostile identifiers never reach a URL: the link falls back to the generic
// one, says so, and the note itself carries no control characters.
func TestResolveLinksRejectsHostileTenants(t *testing.T) {
	hostile := []string{
		"../x",
		"a b",
		"#@evil",
		"evil.com/#@x",
		"x?CTID=evil",
		"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
		"\x1b[2J\x1b[31m" + goodTenant + "-x",
		goodTenant + "\r\nSet-Cookie: a",
		"%2e%2e%2f",
		"-bad-.com",
		"",
	}
	for _, env := range []Environment{EnvGermany, EnvGlobal} {
		for _, h := range hostile {
			c := &Customer{TenantID: h, Domain: h}
			for _, r := range Routes(env) {
				for i, l := range ResolveLinks(r, c) {
					p := r.Portals[i]
					if l.TenantSpecific || l.URL != p.URL {
						t.Errorf("%s/%s: hostile %q gave %s", env, r.ID, h, l.URL)
					}
					if p.TenantSpecific() && !strings.Contains(l.Note, "generic link") {
						t.Errorf("%s/%s: fallback not explained for %q: %q", env, r.ID, h, l.Note)
					}
					if l.Note != Sanitize(l.Note) || strings.ContainsAny(l.Note, "\x1b\r\n\a") {
						t.Errorf("%s/%s: note carries control characters: %q", env, r.ID, l.Note)
					}
				}
			}
		}
	}
}

// A value whose escape sequences hide a valid identifier is sanitised
// first; what remains is an identifier like any other.
func TestResolveLinksSanitisesBeforeValidating(t *testing.T) {
	c := &Customer{TenantID: "\x1b[31m" + goodTenant + "\x1b[0m"}
	l := ResolveLinks(routeByID(t, EnvGlobal, "delegated-admin"), c)[0]
	if !l.TenantSpecific || strings.ContainsRune(l.URL, 0x1b) || !strings.Contains(l.URL, "/customers/"+goodTenant+"/") {
		t.Fatalf("got %+v", l)
	}
}

func TestEscapeAtKeepsValuesInTheirPart(t *testing.T) {
	tests := []struct {
		template, value, want string
	}{
		{"https://x.example/{tenant}/a", "../x", "https://x.example/..%2Fx/a"},
		{"https://x.example/{tenant}/a", "a b", "https://x.example/a%20b/a"},
		{"https://x.example/#@{tenant}/blade", "#@evil/x", "https://x.example/#@%23@evil%2Fx/blade"},
		{"https://x.example/p?org={domain}&b=1", "a b&c=d#e", "https://x.example/p?org=a+b%26c%3Dd%23e&b=1"},
		{"https://x.example/p?q=1#@{tenant}", "a?b", "https://x.example/p?q=1#@a%3Fb"},
	}
	for _, tt := range tests {
		for _, ph := range []string{PlaceholderTenant, PlaceholderDomain} {
			at := strings.Index(tt.template, ph)
			if at < 0 {
				continue
			}
			got := tt.template[:at] + escapeAt(tt.template, at, tt.value) + tt.template[at+len(ph):]
			if got != tt.want {
				t.Errorf("%q in %s = %s, want %s", tt.value, tt.template, got, tt.want)
			}
		}
	}
}

func TestFillTenantNeedsAPlaceholder(t *testing.T) {
	if _, err := fillTenant("https://example.com/p", &Customer{Domain: goodDomain}); err == nil {
		t.Fatal("a template without placeholder was accepted")
	}
}

func TestIdentifierChecks(t *testing.T) {
	for s, want := range map[string]bool{
		goodTenant: true, strings.ToUpper(goodTenant): true, "3f2504e04f8911d39a0c0305e82c3301": false,
		"{" + goodTenant + "}": false, goodTenant + " ": false,
	} {
		if IsGUID(s) != want {
			t.Errorf("IsGUID(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		goodDomain: true, "xn--mller-kva.de": true, "contoso": false, "a..b": false, "a-.de": false,
		"a_b.de": false, "a b.de": false, "müller.de": false, strings.Repeat("a", 64) + ".de": false,
		strings.Repeat("a.", 127) + "de": false,
	} {
		if IsDomainName(s) != want {
			t.Errorf("IsDomainName(%q) = %v", s, !want)
		}
	}
}
