package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secrets collects every "secret" value in an MSAL cache document: the
// access, refresh and id tokens.
func secrets(v any, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "secret" && len(s) > 8 {
				*out = append(*out, s)
			}
			secrets(x, out)
		}
	case []any:
		for _, x := range t {
			secrets(x, out)
		}
	}
}

// TestFullSessionLeaksNoToken signs in, lists customers, asks whoami and
// signs out with a log file on, then looks for every token the cache held
// in the log, stdout and stderr.
func TestFullSessionLeaksNoToken(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in with a device code (~2 s)")
	}
	isolate(t)
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)
	logFile := filepath.Join(t.TempDir(), "mcgdash.log")
	// MSAL keys the cache by host:port, so every command must reach the
	// sandbox on the same port: take a free one.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	common := []string{"--sandbox-addr", addr, "--log-file", logFile}

	var transcript strings.Builder
	for _, cmd := range [][]string{{"login"}, {"customers", "--output", "csv"}, {"whoami"}} {
		code, out, errOut := run(t, append(cmd, common...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", cmd, code, errOut)
		}
		transcript.WriteString(out + errOut)
	}
	if !strings.Contains(transcript.String(), "operator@") {
		t.Fatalf("whoami did not name the account:\n%s", transcript.String())
	}

	matches, _ := filepath.Glob(filepath.Join(cacheHome, "mcgdash", "msal-cache-*.json"))
	if len(matches) != 1 {
		t.Fatalf("want one token cache, found %v", matches)
	}
	info, err := os.Stat(matches[0])
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token cache mode %v, %v", info.Mode().Perm(), err)
	}
	raw, _ := os.ReadFile(matches[0])
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var toks []string
	secrets(doc, &toks)
	if len(toks) < 3 {
		t.Fatalf("expected access, refresh and id tokens in the cache, found %d", len(toks))
	}

	code, out, errOut := run(t, append([]string{"logout"}, common...)...)
	if code != 0 {
		t.Fatalf("logout: exit %d: %s", code, errOut)
	}
	transcript.WriteString(out + errOut)

	logged, err := os.ReadFile(logFile)
	if err != nil || len(logged) == 0 {
		t.Fatalf("log file empty or missing: %v", err)
	}
	if !strings.Contains(string(logged), "/v1/customers") {
		t.Errorf("the log should record the Partner Center calls")
	}
	for _, tok := range toks {
		for name, text := range map[string]string{"log": string(logged), "output": transcript.String()} {
			if strings.Contains(text, tok) || strings.Contains(text, tok[:24]) {
				t.Errorf("a token from the cache appears in the %s", name)
			}
		}
	}
	if strings.Contains(string(logged), "Bearer") {
		t.Error("the log mentions a bearer header")
	}
}

func TestEndpointSendsBearerToken(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "handed-in-token")
	var gotAuth string
	url := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
		fmt.Fprint(w, `{"totalCount":1,"items":[{"id":"b44bb1fb-0000-4000-8000-000000000001","companyProfile":{"tenantId":"b44bb1fb-0000-4000-8000-000000000001","domain":"contoso.onmicrosoft.de","companyName":"Contoso GmbH"},"relationshipToPartner":"reseller"}],"links":{}}`)
	})
	code, out, errOut := run(t, "customers", "--partner-center-url", url)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if gotAuth != "Bearer handed-in-token" {
		t.Errorf("Authorization = %q", gotAuth)
	}
	if !strings.Contains(out, "Contoso GmbH") || !strings.Contains(out, "contoso.onmicrosoft.de") {
		t.Errorf("table output lacks the customer:\n%s", out)
	}
}
