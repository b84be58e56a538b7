package model

import (
	"strings"
	"testing"
)

func TestRegionCheck(t *testing.T) {
	for _, tt := range []struct {
		scope    string
		pass     bool
		evidence string
	}{
		{"EU", true, "tenant_region_scope EU — Europe"},
		{"NA", false, "tenant_region_scope NA — North America"},
		{"WW", false, "tenant_region_scope WW — worldwide (no single region)"},
		{"XX", false, "tenant_region_scope XX — unknown region"},
		{"", false, "the tenant's discovery document has no tenant_region_scope"},
	} {
		c := RegionCheck(tt.scope)
		if c.Passed != tt.pass || c.Evidence != tt.evidence || (c.Fix == "") != tt.pass {
			t.Errorf("%q: %+v", tt.scope, c)
		}
	}
}

func TestGlobalAdminCheck(t *testing.T) {
	if c := GlobalAdminCheck("a@x", []DirectoryRole{{DisplayName: "Global Administrator", RoleTemplateID: GlobalAdministratorRoleTemplateID}}, nil); !c.Passed {
		t.Errorf("role: %+v", c)
	}
	if c := GlobalAdminCheck("a@x", nil, []string{strings.ToUpper(GlobalAdministratorRoleTemplateID)}); !c.Passed || !strings.Contains(c.Evidence, "wids") {
		t.Errorf("wids: %+v", c)
	}
	c := GlobalAdminCheck("a@x", []DirectoryRole{{DisplayName: "User Administrator"}, {DisplayName: "Billing Administrator"}}, []string{"x"})
	if c.Passed || c.Evidence != "a@x holds Billing Administrator, User Administrator, not Global Administrator" || c.Fix == "" {
		t.Errorf("other roles: %+v", c)
	}
}

func TestActiveCheck(t *testing.T) {
	if c := ActiveCheck([]SubscribedSKU{{"A", "Suspended"}, {"B", "Warning"}}); !c.Passed {
		t.Errorf("warning counts as active: %+v", c)
	}
	c := ActiveCheck([]SubscribedSKU{{"ENTERPRISEPACK", "Suspended"}, {"EMS", "LockedOut"}})
	if c.Passed || c.Evidence != "subscribed SKUs: ENTERPRISEPACK Suspended, EMS LockedOut" {
		t.Errorf("inactive: %+v", c)
	}
	if c := ActiveCheck(nil); c.Passed || c.Evidence != "the tenant has no subscribed SKUs" {
		t.Errorf("none: %+v", c)
	}
	if r := (TargetReport{}); r.Passed() {
		t.Error("a report without checks passed")
	}
}

func TestMigrationPhasesAndProgress(t *testing.T) {
	if len(MigrationPhases) != 12 || MigrationPhases[0].Code != "optIn" || MigrationPhases[11].Code != "cleanUp" || PhaseIndex("exchangeonline") != 6 {
		t.Fatalf("phases %v", MigrationPhases)
	}
	m := Migration{Phases: []PhaseProgress{{Status: PhaseCompleted}, {Status: PhaseFailed}, {Status: PhasePending}, {Status: PhasePending}}, Status: MigrationFailed}
	if m.Progress() != 0.25 || !m.CanRetry() || !m.Status.Finished() {
		t.Fatalf("%v %v", m.Progress(), m.CanRetry())
	}
}
