package model

import (
	"slices"
	"strings"
	"testing"
)

var filterCustomers = []Customer{
	{ID: "a1", TenantID: "11111111-aaaa", CompanyName: "Contoso GmbH", Domain: "contoso.onmicrosoft.de", Relationship: RelationshipReseller, Country: "DE"},
	{ID: "b2", TenantID: "22222222-bbbb", CompanyName: "Fabrikam AG", Domain: "fabrikam.onmicrosoft.de", Relationship: RelationshipAdvisor, Country: "CH"},
	{ID: "c3", TenantID: "33333333-cccc", CompanyName: "Müller Bau SE", Domain: "muellerbau.onmicrosoft.de", Relationship: RelationshipReseller, Country: "AT"},
	{ID: "d4", TenantID: "44444444-dddd", CompanyName: "Ateliers Lumière SARL", Domain: "lumiere.onmicrosoft.de", Relationship: RelationshipNone, Country: "FR"},
}

func filterNames(t *testing.T, query string, statuses map[string]CustomerStatus) []string {
	t.Helper()
	recs := make([]Record, len(filterCustomers))
	all := make([]int32, len(filterCustomers))
	for i, c := range filterCustomers {
		recs[i] = NewRecord(c, statuses[c.ID])
		all[i] = int32(i)
	}
	var names []string
	for _, i := range ParseQuery(query).Filter(recs, all, nil) {
		names = append(names, filterCustomers[i].CompanyName)
	}
	return names
}

func TestFilter(t *testing.T) {
	statuses := map[string]CustomerStatus{"a1": StatusActive, "b2": StatusSuspended}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Contoso GmbH", "Fabrikam AG", "Müller Bau SE", "Ateliers Lumière SARL"}},
		{"gmbh", []string{"Contoso GmbH"}},
		{"GMBH", []string{"Contoso GmbH"}},
		{"MÜLLER", []string{"Müller Bau SE"}},
		{"!gmbh", []string{"Fabrikam AG", "Müller Bau SE", "Ateliers Lumière SARL"}},
		{"country:de", []string{"Contoso GmbH"}},
		{"country:DE !name:contoso", nil},
		{"rel:reseller", []string{"Contoso GmbH", "Müller Bau SE"}},
		{"!rel:reseller", []string{"Fabrikam AG", "Ateliers Lumière SARL"}},
		{"domain:fab", []string{"Fabrikam AG"}},
		{"tenant:3333", []string{"Müller Bau SE"}},
		{"status:suspended", []string{"Fabrikam AG"}},
		{"status:act", []string{"Contoso GmbH"}},
		{"id:d4", []string{"Ateliers Lumière SARL"}},
		{"onmicrosoft reseller", []string{"Contoso GmbH", "Müller Bau SE"}},
		// Unknown qualifiers are taken literally.
		{"foo:bar", nil},
		// Terms with nothing to match yet are ignored while typing.
		{"name:", []string{"Contoso GmbH", "Fabrikam AG", "Müller Bau SE", "Ateliers Lumière SARL"}},
		{"!", []string{"Contoso GmbH", "Fabrikam AG", "Müller Bau SE", "Ateliers Lumière SARL"}},
		// A term never matches across two fields.
		{"gmbhcontoso", nil},
		// The id is searched too, when it differs from the tenant id.
		{"c3", []string{"Müller Bau SE"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := filterNames(t, tt.query, statuses); !slices.Equal(got, tt.want) {
				t.Errorf("filter %q = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestNarrows(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"", "a", true},
		{"g", "gm", true},
		{"gm", "g", false},
		{"mb", "gmbh", true},
		{"!a", "!ab", false},
		{"!a", "!a b", true},
		{"a", "a b", true},
		{"name:a", "a", false},
		{"a", "name:a", false},
		{"a b", "a", false},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.next).Narrows(ParseQuery(tt.prev)); got != tt.want {
			t.Errorf("%q narrows %q = %v, want %v", tt.next, tt.prev, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name  string
		subs  []SubscriptionStatus
		count int
		want  CustomerStatus
	}{
		{"none", nil, 0, StatusNoSubs},
		{"active", []SubscriptionStatus{SubscriptionActive, SubscriptionActive}, 2, StatusActive},
		{"suspended wins", []SubscriptionStatus{SubscriptionActive, SubscriptionSuspended, SubscriptionPending}, 3, StatusSuspended},
		{"pending", []SubscriptionStatus{SubscriptionActive, SubscriptionPending}, 2, StatusPending},
		{"deleted not counted", []SubscriptionStatus{SubscriptionDeleted, SubscriptionActive}, 1, StatusActive},
		{"only deleted", []SubscriptionStatus{SubscriptionDeleted}, 0, StatusNoSubs},
	}
	for _, tt := range tests {
		var subs []Subscription
		for _, s := range tt.subs {
			subs = append(subs, Subscription{Status: s})
		}
		got := Summarize(subs)
		if got.Count != tt.count || got.Status != tt.want {
			t.Errorf("%s: Summarize = %+v, want count %d status %q", tt.name, got, tt.count, tt.want)
		}
	}
}

func TestParseEnvironment(t *testing.T) {
	for in, want := range map[string]Environment{"germany": EnvGermany, "AzureGermanCloud": EnvGermany, "GLOBAL": EnvGlobal, "AzureCloud": EnvGlobal} {
		if got, err := ParseEnvironment(in); err != nil || got != want {
			t.Errorf("ParseEnvironment(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEnvironment("china"); err == nil {
		t.Error("ParseEnvironment(china) accepted")
	}
}

// Records built one by one and by page hold the same fields, lower-cased,
// and the id falls back to the tenant id when they are the same.
func TestRecordFields(t *testing.T) {
	cs := append(slices.Clone(filterCustomers), Customer{ID: "ABC-1", TenantID: "ABC-1", CompanyName: "ÉCOLE Straße", Domain: "X.de", Relationship: RelationshipAdvisor, Country: "FR"})
	page := NewRecords(cs, StatusPending)
	for i, c := range cs {
		one := NewRecord(c, StatusPending)
		want := map[Field]string{
			FieldName: strings.ToLower(c.CompanyName), FieldDomain: strings.ToLower(c.Domain), FieldTenant: strings.ToLower(c.TenantID),
			FieldRelationship: string(c.Relationship), FieldCountry: strings.ToLower(c.Country), FieldID: strings.ToLower(c.ID), FieldStatus: "pending",
		}
		for f, w := range want {
			if got := one.Field(f); got != w {
				t.Errorf("%s field %d = %q, want %q", c.ID, f, got, w)
			}
			if got := page[i].Field(f); got != w {
				t.Errorf("%s field %d by page = %q, want %q", c.ID, f, got, w)
			}
		}
	}
}

// TestFilterIgnoresInvisibleCharacters: a soft hyphen or zero-width space
// in the filter does not stop it finding "Contoso", which the table shows
// without them.
func TestFilterIgnoresInvisibleCharacters(t *testing.T) {
	r := NewRecord(Customer{CompanyName: Sanitize("Con\u00adtoso GmbH")}, StatusActive)
	for _, f := range []string{"contoso", "con\u00adtoso", "con\u200btoso", "name:con\u00adt"} {
		if q := ParseQuery(f); !q.Match(&r) {
			t.Errorf("%q does not find Contoso", f)
		}
	}
}

func TestUnknownIsItsOwnState(t *testing.T) {
	known := NewRecord(Customer{ID: "a", CompanyName: "Known", Country: "DE"}, StatusActive)
	susp := NewRecord(Customer{ID: "b", CompanyName: "Susp", Country: "FR"}, StatusSuspended)
	unknown := NewRecord(Customer{ID: "c", CompanyName: "Unknown"}, StatusUnknown)
	for _, tc := range []struct {
		q                      string
		known, susp, unknownOK bool
	}{
		{"status:active", true, false, false},
		{"!status:active", false, true, false},
		{"status:?", false, false, true},
		{"!status:?", true, true, false},
		{"country:de", true, false, false},
		{"!country:de", false, true, false},
		{"country:?", false, false, true},
		{"!country:?", true, true, false},
		// A term on a known column still applies to unknown rows.
		{"name:unk", false, false, true},
		{"!name:unk", true, true, false},
	} {
		q := ParseQuery(tc.q)
		for _, c := range []struct {
			r    Record
			want bool
		}{{known, tc.known}, {susp, tc.susp}, {unknown, tc.unknownOK}} {
			if got := q.Match(&c.r); got != c.want {
				t.Errorf("%q on %q: got %v, want %v", tc.q, c.r.Field(FieldName), got, c.want)
			}
		}
	}
	if !ParseQuery("status:? name:x").Lazy() || ParseQuery("name:x").Lazy() {
		t.Error("Lazy")
	}
	if w := ParseQuery("status:act name:x").Without(FieldStatus, FieldCountry); len(w.Terms) != 1 || w.Terms[0].Field != FieldName {
		t.Errorf("Without: %+v", w)
	}
}

func TestReviewQualifiers(t *testing.T) {
	r := NewRecord(Customer{ID: "a", CompanyName: "A"}, StatusActive)
	match := func(q string) bool { return ParseQuery(q).Match(&r) }
	if match("marked:yes") || !match("!marked:yes") || !match("marked:no") || !match("decision:?") || !match("check:?") {
		t.Fatal("unmarked, undecided, unchecked record")
	}
	r.SetReview(true, DecisionFollowUp, CheckFailed)
	if !match("marked:yes") || match("!marked:yes") || match("marked:no") {
		t.Error("marked")
	}
	if !match("decision:follow") || match("decision:migrate") || match("decision:?") || !match("!decision:skip") {
		t.Error("decision")
	}
	if !match("check:inel") || match("check:eligible") || match("check:?") {
		t.Error("check")
	}
	// A literal "yes" in a name is not a mark.
	y := NewRecord(Customer{ID: "y", CompanyName: "yes"}, StatusActive)
	if ParseQuery("marked:yes").Match(&y) {
		t.Error("marked:yes matched a name")
	}
}
