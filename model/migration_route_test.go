package model

import (
	"strings"
	"testing"
)

// TestMigrationRouteNamesTheTargetSignIn: the routes screen's "Migrate to a
// European region" says the target sign-in needs a Global Administrator
// and names the three reasons it fails.
func TestMigrationRouteNamesTheTargetSignIn(t *testing.T) {
	for _, r := range Routes(EnvGermany) {
		if r.ID != "migration" {
			continue
		}
		for _, want := range []string{"Global Administrator", "not Global Administrator", "not in a European region", "not active", "m on the customers screen"} {
			if !strings.Contains(r.Why, want) {
				t.Errorf("the migration route does not say %q: %s", want, r.Why)
			}
		}
		return
	}
	t.Fatal("no migration route for MCG")
}
