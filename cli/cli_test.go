package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// run calls Main as the shell would and returns exit status, stdout, stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// isolate keeps a test away from the user's config, cache and environment.
func isolate(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for _, s := range settings {
		t.Setenv(envName(s.key), "")
	}
	t.Setenv("MCGDASH_ACCESS_TOKEN", "")
	t.Setenv("MCGDASH_CONFIG", "")
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--frobnicate"}, "unknown flag: --frobnicate"},
		{[]string{"customers", "--output", "xml"}, `unknown output format "xml"`},
		{[]string{"migrate-everything"}, `unknown command "migrate-everything"`},
		{[]string{"customers", "extra"}, `unexpected argument "extra"`},
		{[]string{"--env", "mars"}, `env "mars" (from flag --env)`},
		{[]string{"--sandbox-customers", "lots"}, "sandbox-customers"},
		{[]string{"--partner-center-url", "http://pc.example.com", "customers"}, "https"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, _ := run(t, args...)
		if code != 0 || !strings.Contains(out, "mcgdash customers") || !strings.Contains(out, "--sandbox-customers") {
			t.Errorf("%v: exit %d, output %q", args, code, out)
		}
	}
}

func TestConfigCommandNeverShowsToken(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "eyJsecret.token.value")
	t.Setenv("MCGDASH_TENANT", "contoso.onmicrosoft.de")
	t.Setenv("MCGDASH_CLIENT_ID", "abc")
	code, out, errOut := run(t, "config", "--env", "global")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"flag --env", "env MCGDASH_TENANT", "locale", "default", "set (not shown)"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "eyJsecret") {
		t.Error("config printed the access token")
	}
}

func TestEndpointNeedsToken(t *testing.T) {
	isolate(t)
	code, _, errOut := run(t, "customers", "--partner-center-url", "http://127.0.0.1:1")
	if code != exitError || !strings.Contains(errOut, "MCGDASH_ACCESS_TOKEN") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// hostile is a Partner Center–compatible endpoint that misbehaves in the
// ways the issue lists. Plain http is allowed because it is on loopback.
func hostile(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestEndpointBadAnswers(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "token-value-never-printed")
	tests := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"401", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"code":900401,"description":"The token is expired.","source":"PartnerFD"}`)
		}, "sign-in needed: The token is expired."},
		{"404", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("MS-CorrelationId", "c0ffee00-0000-4000-8000-000000000001")
			w.WriteHeader(404)
			fmt.Fprint(w, `{"code":600008,"description":"The requested resource was not found.","source":"PartnerFD"}`)
		}, "The requested resource was not found. (HTTP 404, code 600008, correlation id c0ffee00-0000-4000-8000-000000000001)"},
		{"malformed JSON", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"totalCount": 3, "items": [ {"id": `)
		}, "not the JSON expected"},
		{"page that never ends", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"totalCount":0,"items":[{"id":"a"}],"links":{"next":{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"same"}]}}}`)
		}, "paging did not end"},
		{"hostile error text", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"code":1,"description":"bad \u001b]52;c;ZWNobyBwd25lZA==\u0007request\r\nnext line"}`)
		}, "bad request next line (HTTP 400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "customers", "--output", "csv", "--partner-center-url", hostile(t, tt.h))
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.want)
			}
			if n := strings.Count(strings.TrimRight(errOut, "\n"), "\n"); n != 0 {
				t.Errorf("stderr has %d lines, want one: %q", n+1, errOut)
			}
			if strings.ContainsAny(errOut, "\x1b\r\a") || strings.Contains(errOut, "token-value") {
				t.Errorf("stderr carries control characters or the token: %q", errOut)
			}
		})
	}
}

func TestEndpointUnreachable(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	code, _, errOut := run(t, "customers", "--partner-center-url", url)
	if code != exitError || !strings.Contains(errOut, "cannot reach 127.0.0.1") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestCustomersFromSandbox runs the scriptable command as a new user would:
// no configuration, the embedded sandbox, a device-code sign-in that the
// sandbox approves, every customer printed.
func TestCustomersFromSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in with a device code (~2 s)")
	}
	isolate(t)
	code, out, errOut := run(t, "customers", "--output", "json", "--sandbox-customers", "620", "--sandbox-addr", "127.0.0.1:0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []customerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out[:min(len(out), 300)])
	}
	if len(got) != 620 {
		t.Errorf("%d customers, want 620 (two pages of 500)", len(got))
	}
	seen := map[string]bool{}
	for _, c := range got {
		if c.ID == "" || c.CompanyName == "" || !strings.HasSuffix(c.Domain, ".onmicrosoft.de") || seen[c.ID] {
			t.Fatalf("bad or duplicate customer %+v", c)
		}
		seen[c.ID] = true
	}
	if !strings.Contains(errOut, "Signed in as") {
		t.Errorf("stderr %q lacks the sign-in line", errOut)
	}

	// Hostile names are sanitised before they reach the CSV.
	code, out, errOut = run(t, "customers", "--output", "csv", "--sandbox-customers", "620", "--sandbox-addr", "127.0.0.1:0", "--sandbox-hostile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 621 {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}
	if strings.ContainsAny(out, "\x1b\a\b") {
		t.Error("hostile sandbox names reached the CSV unsanitised")
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "@SUM": "'@SUM", "-2": "'-2", "Contoso": "Contoso", "": ""} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFailedListingPrintsNothing: a script that ignores the exit status
// must not mistake a failure for "no customers".
func TestFailedListingPrintsNothing(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	url := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		fmt.Fprint(w, `{"code":600008,"description":"Forbidden."}`)
	})
	for _, format := range []string{"json", "csv", "table"} {
		code, out, _ := run(t, "customers", "--output", format, "--partner-center-url", url)
		if code != exitError || out != "" {
			t.Errorf("%s: exit %d, stdout %q; want failure and nothing printed", format, code, out)
		}
	}
}

func TestEmptyListingIsValid(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	url := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"totalCount":0,"items":[],"links":{}}`)
	})
	code, out, errOut := run(t, "customers", "--output", "json", "--partner-center-url", url)
	var got []customerJSON
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want an empty JSON array", code, out, errOut)
	}
}

func TestConfigCommandShowsWhatItCanWhenAValueIsBad(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "config", "--env", "mars", "--locale", "de-DE")
	if code != exitUsage || !strings.Contains(errOut, "mars") || !strings.Contains(out, "de-DE") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestBadCustomerRefIsAUsageErrorBeforeSignIn(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "routes", "--customer", "a1726227-0000", "--sandbox-addr", "127.0.0.1:0")
	if code != exitUsage || out != "" || !strings.Contains(errOut, "neither a customer id") || strings.Contains(errOut, "sign in") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestWhoAmIWhenSignedOut(t *testing.T) {
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, _, errOut := run(t, "whoami", "--sandbox-addr", addr)
	if code != exitError || !strings.Contains(errOut, "mcgdash login") || strings.Count(errOut, "not signed in") != 1 {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "whoami", "--sandbox-addr", "127.0.0.1:0")
	if code != exitError || !strings.Contains(errOut, "random port") {
		t.Errorf("random port: exit %d, stderr %q", code, errOut)
	}
}
