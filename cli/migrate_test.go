package cli

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// migrationArgs isolates a test and returns flags that keep every command
// on one sandbox port (so sign-ins are cached between them).
func migrationArgs(t *testing.T) []string {
	t.Helper()
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return []string{"--sandbox-addr", addr}
}

func migrationsJSON(t *testing.T, common []string) []migrationJSON {
	t.Helper()
	code, out, errOut := run(t, append([]string{"migrations", "--output", "json"}, common...)...)
	if code != 0 {
		t.Fatalf("migrations: %d %s", code, errOut)
	}
	var ms []migrationJSON
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatalf("migrations json %q: %v", out, err)
	}
	return ms
}

func TestMigrateUsageErrorsCreateNothing(t *testing.T) {
	common := migrationArgs(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "--customer", "a.onmicrosoft.de", "--target", "contosoeu.onmicrosoft.com"}, "--confirm DOMAIN"},
		{[]string{"migrate", "--target", "contosoeu.onmicrosoft.com", "--confirm", "x"}, "at least one --customer"},
		{[]string{"migrate", "--customer", "not a domain!", "--target", "t", "--confirm", "x"}, "neither a customer id"},
		{[]string{"target", "check"}, "target check needs one TENANT"},
		{[]string{"target", "remove", "x"}, `unexpected argument "remove" after "target"`},
		{[]string{"target", "check", "x", "--output", "csv"}, "table or json"},
		{[]string{"migrations", "--output", "xml"}, "unknown output format"},
	} {
		code, _, errOut := run(t, append(tt.args, common...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, errOut)
		}
	}
	// The confirmation must be the target's domain, checked after sign-in.
	code, out, errOut := run(t, append([]string{"migrate", "--customer", "2b7af161-b58d-4712-899e-9d50f1d7756d",
		"--target", "contosoeu.onmicrosoft.com", "--confirm", "contosous.onmicrosoft.com"}, common...)...)
	if code != exitUsage || out != "" || !strings.Contains(errOut, `does not match the target tenant's domain "contosoeu.onmicrosoft.com"; nothing was created`) {
		t.Fatalf("wrong confirm: exit %d, %q %q", code, out, errOut)
	}
	if ms := migrationsJSON(t, common); len(ms) != 0 {
		t.Fatalf("created %d migrations", len(ms))
	}
}

func TestTargetCheckExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in with device codes (~2 s each)")
	}
	common := migrationArgs(t)
	code, out, errOut := run(t, append([]string{"target", "check", "contosoeu.onmicrosoft.com"}, common...)...)
	if code != 0 || !strings.Contains(out, "All checks passed") || !strings.Contains(errOut, "devicelogin") {
		t.Fatalf("EU: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, append([]string{"target", "check", "contosous.onmicrosoft.com", "--output", "json"}, common...)...)
	var rep targetJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitError || rep.Passed || rep.Checks[0].Passed || rep.Checks[0].Evidence != "tenant_region_scope NA — North America" {
		t.Fatalf("NA: %d %q %v", code, out, err)
	}
	// Signing out of a target makes the next check sign in again.
	if code, out, _ := run(t, append([]string{"target", "logout", "contosoeu.onmicrosoft.com"}, common...)...); code != 0 || !strings.Contains(out, "Signed out") {
		t.Fatalf("logout: %d %q", code, out)
	}
	if code, _, errOut := run(t, append([]string{"target", "check", "contosoeu.onmicrosoft.com"}, common...)...); code != 0 || !strings.Contains(errOut, "devicelogin") {
		t.Fatalf("check after logout: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, append([]string{"target", "check", "contosoeu.onmicrosoft.com"}, common...)...); code != 0 || strings.Contains(errOut, "devicelogin") {
		t.Fatalf("a cached target sign-in was not reused: %d %q", code, errOut)
	}
	// The inactive tenant is refused by the authority without any sign-in.
	code, out, errOut = run(t, append([]string{"target", "check", "contosodormant.onmicrosoft.com"}, common...)...)
	if code != exitError || !strings.Contains(out, "AADSTS90002") || strings.Contains(errOut, "devicelogin") {
		t.Fatalf("inactive: %d %q %q", code, out, errOut)
	}
}

func TestMigrateStartsOnePerEligibleCustomerAndAudits(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in with device codes (~2 s each)")
	}
	common := migrationArgs(t)
	// Two customers that can move (seed 1), one with no active subscription.
	args := append([]string{"migrate", "--customer", "2b7af161-b58d-4712-899e-9d50f1d7756d,braunschmidtmaschinenbau.onmicrosoft.de",
		"--customer", "f215c204-a23a-4ef4-baf2-9c770eeb584f", "--target", "contosoeu.onmicrosoft.com",
		"--confirm", "CONTOSOEU.onmicrosoft.com", "--output", "json", "--sandbox-drop-after-commit", "1"}, common...)
	code, out, errOut := run(t, args...)
	var res []migrateResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitError || len(res) != 3 {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	if res[0].Result != resultStarted || res[1].Result != resultStarted || res[1].CompanyName != "Braun Schmidt Maschinenbau GmbH" ||
		res[2].Result != resultIneligible || !strings.Contains(res[2].Reasons[0], "not active") {
		t.Fatalf("results %+v", res)
	}
	ms := migrationsJSON(t, common)
	if len(ms) != 2 || ms[0].ID != res[0].MigrationID || ms[1].ID != res[1].MigrationID {
		t.Fatalf("migrations %+v", ms)
	}
	// The target is named by its domain too (from the target accounts).
	if ms[0].TargetDomain != "contosoeu.onmicrosoft.com" {
		t.Errorf("migration's target domain %q", ms[0].TargetDomain)
	}
	if code, out, _ := run(t, append([]string{"migrations"}, common...)...); code != 0 || !strings.Contains(out, "contosoeu.onmicrosoft.com") {
		t.Errorf("migrations table (%d) does not name the target's domain:\n%s", code, out)
	}
	// Running it again: both are now refused as already running.
	code, out, _ = run(t, args...)
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitError || res[0].Result != resultIneligible {
		t.Fatalf("again: %d %q", code, out)
	}
	if got := len(migrationsJSON(t, common)); got != 2 {
		t.Fatalf("%d migrations after a second run", got)
	}
	raw, err := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "mcgdash", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"operator":"operator@contosopartner.onmicrosoft.de"`) || !strings.Contains(lines[0], res[0].CustomerTenant) {
		t.Fatalf("audit %q", raw)
	}
	if fi, _ := os.Stat(filepath.Join(os.Getenv("XDG_STATE_HOME"), "mcgdash", "audit.jsonl")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit mode %v", fi.Mode())
	}

	// Read-only (from the environment): refused inside the client, exit 1,
	// audited as refused, nothing created.
	t.Setenv("MCGDASH_READONLY", "true")
	code, out, errOut = run(t, append([]string{"migrate", "--customer", "b2d6c315-7606-444c-af40-7830b6cd099f",
		"--target", "contosoeu.onmicrosoft.com", "--confirm", "contosoeu.onmicrosoft.com"}, common...)...)
	if code != exitError || !strings.Contains(out, "read-only mode") {
		t.Fatalf("read-only: %d %q %q", code, out, errOut)
	}
	if got := len(migrationsJSON(t, common)); got != 2 {
		t.Fatalf("read-only created a migration: %d", got)
	}
	raw, _ = os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "mcgdash", "audit.jsonl"))
	if !strings.Contains(string(raw), `"outcome":"refused: read-only"`) {
		t.Fatalf("audit %q", raw)
	}
	// --sandbox-reset starts clean.
	if got := len(migrationsJSON(t, append(common, "--sandbox-reset"))); got != 0 {
		t.Fatalf("%d migrations after a reset", got)
	}
}

func TestMigrationSettings(t *testing.T) {
	isolate(t)
	cfg, err := loadConfig(map[string]string{"readonly": "true", "sandbox-speed": "30", "sandbox-drop-after-commit": "0.5"}, os.Getenv, "")
	if err != nil || !cfg.ReadOnly || cfg.Sandbox.Speed != 30 || cfg.Sandbox.DropAfterCommit != 0.5 || cfg.Sandbox.Reset {
		t.Fatalf("%+v %v", cfg, err)
	}
	for k, v := range map[string]string{"sandbox-speed": "0", "sandbox-drop-after-commit": "2", "readonly": "maybe"} {
		if _, err := loadConfig(map[string]string{k: v}, os.Getenv, ""); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: %v", k, v, err)
		}
	}
}
