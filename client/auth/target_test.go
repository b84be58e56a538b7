package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/client/sandbox/identity"
	"github.com/mcgdash/mcgdash/model"
)

// targetSession is a sign-in to a migration target, beside the partner's,
// in the same cache directory: another auth.Config, not another mechanism.
func (e *env) targetSession(t *testing.T, tenant string) *auth.Session {
	t.Helper()
	s, err := auth.New(auth.Config{
		Authority: e.srv.URL, Tenant: tenant, ClientID: clientID, Scopes: client.TargetGraphScopes,
		HTTPClient: &http.Client{Transport: e.rec, Timeout: 10 * time.Second}, CacheDir: e.dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTargetChecksOnTheFourTenants(t *testing.T) {
	e := newEnv(t, identity.Options{ApproveAfter: time.Millisecond})
	partner := e.session(t, identity.PartnerTenantID)
	signIn(t, partner)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	check := func(tenant string) model.TargetReport {
		t.Helper()
		s := e.targetSession(t, tenant)
		acct := signIn(t, s)
		rep, err := client.CheckTarget(ctx, client.TargetOptions{Authority: e.srv.URL, Tenant: tenant, GraphRoot: e.emu.GraphRoot(),
			HTTPClient: e.srv.Client(), Tokens: s, Account: acct.Username})
		if err != nil {
			t.Fatalf("%s: %v", tenant, err)
		}
		if len(rep.Checks) != 3 {
			t.Fatalf("%s: %d checks", tenant, len(rep.Checks))
		}
		return rep
	}
	byID := func(r model.TargetReport, id model.TargetCheckID) model.TargetCheck {
		for _, c := range r.Checks {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no %s check", id)
		return model.TargetCheck{}
	}

	eu := check("contosoeu.onmicrosoft.com")
	if !eu.Passed() || eu.Domain != "contosoeu.onmicrosoft.com" || eu.TenantID != identity.EUAdminTenantID || eu.Account != "admin@contosoeu.onmicrosoft.com" {
		t.Fatalf("EU with GA: %+v", eu)
	}
	if ev := byID(eu, model.CheckRegion).Evidence; ev != "tenant_region_scope EU — Europe" {
		t.Errorf("region evidence %q", ev)
	}

	staff := check(identity.EUNoAdminTenantID)
	ga := byID(staff, model.CheckGlobalAdmin)
	if staff.Passed() || ga.Passed || !strings.Contains(ga.Evidence, "holds no directory role") || ga.Fix == "" ||
		!byID(staff, model.CheckRegion).Passed || !byID(staff, model.CheckActive).Passed {
		t.Fatalf("EU without GA: %+v", staff)
	}

	na := check(identity.NorthAmericaTenantID)
	region := byID(na, model.CheckRegion)
	if region.Passed || region.Evidence != "tenant_region_scope NA — North America" || !byID(na, model.CheckGlobalAdmin).Passed {
		t.Fatalf("North America: %+v", na)
	}

	// The inactive tenant: the authority refuses the sign-in (AADSTS90002),
	// which reads as "not active".
	dormant := e.targetSession(t, identity.InactiveTenantID)
	_, err := dormant.DeviceCode(ctx)
	tnf, ok := client.AsTenantNotFound(identity.InactiveTenantID, err)
	if !ok || !strings.HasPrefix(tnf.Detail, "AADSTS90002") {
		t.Fatalf("inactive sign-in: %v", err)
	}
	rep, err := client.CheckTarget(ctx, client.TargetOptions{Authority: e.srv.URL, Tenant: identity.InactiveTenantID, HTTPClient: e.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	active := byID(rep, model.CheckActive)
	if rep.Passed() || active.Passed || !strings.Contains(active.Evidence, "AADSTS90002") {
		t.Fatalf("inactive: %+v", rep)
	}

	// The partner's own session is untouched by four target sign-ins.
	id, err := partner.WhoAmI(ctx)
	if err != nil || id.TenantID != identity.PartnerTenantID {
		t.Fatalf("partner session: %+v %v", id, err)
	}
	if e.targetSession(t, identity.EUAdminTenantID).CachePath() == partner.CachePath() {
		t.Fatal("target and partner share a cache file")
	}
}
