package model

import "testing"

func TestMigrationFilter(t *testing.T) {
	ms := []Migration{
		{ID: "m1", CustomerName: "Contoso GmbH", CustomerTenantID: "t-1", TargetTenantID: "fabrikam-eu", Status: MigrationProcessing, CurrentPhase: "exchangeOnline"},
		{ID: "m2", CustomerName: "Northwind AG", CustomerTenantID: "t-2", TargetTenantID: "tailspin-eu", Status: MigrationFailed, CurrentPhase: "azureAD"},
		{ID: "m3", CustomerName: "Fabrikam KG", CustomerTenantID: "t-3", TargetTenantID: "fabrikam-eu", Status: MigrationCompleted, CurrentPhase: "cleanUp"},
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"", []string{"m1", "m2", "m3"}},
		{"status:failed", []string{"m2"}},
		{"!status:completed", []string{"m1", "m2"}},
		{"phase:exchange", []string{"m1"}},
		{"phase:azure", []string{"m2"}}, // the name: "Azure AD to the worldwide service"
		{"target:fabrikam", []string{"m1", "m3"}},
		{"fabrikam", []string{"m1", "m3"}}, // any field: target of m1, name of m3
		{"customer:fabrikam", []string{"m3"}},
		{"target:fabrikam status:processing", []string{"m1"}},
		{"id:m2", []string{"m2"}},
	}
	for _, c := range cases {
		q := ParseMigrationQuery(c.q)
		var got []string
		for i := range ms {
			r := NewMigrationRecord(&ms[i])
			if q.MatchMigration(&r) {
				got = append(got, ms[i].ID)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %v, want %v", c.q, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: got %v, want %v", c.q, got, c.want)
				break
			}
		}
	}
	// The customers' grammar is unchanged: phase: is literal there.
	if q := ParseQuery("phase:x"); q.Terms[0].Field != FieldAny {
		t.Errorf("customers' filter took phase: as a field: %+v", q)
	}
}
