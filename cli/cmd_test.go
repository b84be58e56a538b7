package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/ui/common"
)

func TestPerCommandHelp(t *testing.T) {
	isolate(t)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"customers", "--help"}, []string{"mcgdash customers [--flags]", "mcgdash customers --output csv > customers.csv", "--output", "table, json or csv"}},
		{[]string{"help", "customers"}, []string{"mcgdash customers [--flags]", "page by page"}},
		{[]string{"help", "routes"}, []string{"--customer", "mcgdash routes --customer contoso.onmicrosoft.de"}},
		{[]string{"whoami", "-h"}, []string{"mcgdash whoami --output json"}},
		{[]string{"config", "--help"}, []string{"mcgdash config", "with its line"}},
		{[]string{"--help"}, []string{"customers", "routes", "login", "logout", "whoami", "config", "completion", "--sandbox-customers", "MCGDASH_ACCESS_TOKEN"}},
	} {
		code, out, errOut := run(t, tt.args...)
		if code != exitOK {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: help lacks %q:\n%s", tt.args, w, out)
			}
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%v: help to a pipe carries escape sequences", tt.args)
		}
	}
	// Each command's help is its own, not the global help.
	_, custHelp, _ := run(t, "customers", "--help")
	_, rootHelp, _ := run(t, "--help")
	if custHelp == rootHelp || strings.Contains(custHelp, "Sign in with a device code") {
		t.Error("customers --help prints the global help")
	}
}

func TestCompletion(t *testing.T) {
	isolate(t)
	for shell, want := range map[string]string{
		"bash": "__start_mcgdash",
		"zsh":  "#compdef mcgdash",
		"fish": "complete -c mcgdash",
	} {
		code, out, errOut := run(t, "completion", shell)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, stderr %q, output lacks %q", shell, code, errOut, want)
		}
	}
	if code, _, _ := run(t, "completion", "tcsh"); code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want %d", code, exitUsage)
	}
	// Flag values complete from what the command accepts.
	code, out, _ := run(t, "__complete", "customers", "--output", "")
	if code != exitOK || !strings.Contains(out, "json") || !strings.Contains(out, "csv") {
		t.Errorf("completing --output: exit %d, %q", code, out)
	}
	_, out, _ = run(t, "__complete", "whoami", "--output", "")
	if strings.Contains(out, "csv") {
		t.Errorf("whoami offers csv: %q", out)
	}
	_, out, _ = run(t, "__complete", "--env", "")
	if !strings.Contains(out, "germany") || !strings.Contains(out, "global") {
		t.Errorf("completing --env: %q", out)
	}
	// Completion works even with a broken config file.
	t.Setenv("MCGDASH_CONFIG", writeFile(t, "config.toml", "tennant = 1\n"))
	if code, out, _ := run(t, "completion", "bash"); code != exitOK || out == "" {
		t.Errorf("completion with a bad config: exit %d", code)
	}
}

func TestVersion(t *testing.T) {
	isolate(t)
	code, out, _ := run(t, "--version")
	info, _ := debug.ReadBuildInfo()
	if code != exitOK || !strings.HasPrefix(out, "mcgdash version ") || !strings.Contains(out, info.Main.Version) {
		t.Errorf("exit %d, %q", code, out)
	}
	v, c := buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "a289395abcdef0123456789"}, {Key: "vcs.modified", Value: "false"}}}, true)
	if v != "v1.4.0" || c != "a289395abcdef0123456789" {
		t.Errorf("release: %q %q", v, c)
	}
	v, _ = buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "a289395abcdef"}, {Key: "vcs.modified", Value: "true"}}}, true)
	if v != "(devel) (modified)" {
		t.Errorf("modified checkout: %q", v)
	}
	if v, _ := buildVersion(nil, false); v != "unknown" {
		t.Errorf("no build info: %q", v)
	}
}

func TestExitCodes(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	down := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		fmt.Fprint(w, `{"code":1,"description":"Forbidden."}`)
	})
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"--help"}, exitOK},
		{[]string{"config"}, exitOK},
		{[]string{"routes", "--output", "csv"}, exitOK},
		{[]string{"custmers"}, exitUsage},
		{[]string{"--bogus"}, exitUsage},
		{[]string{"customers", "--output"}, exitUsage},
		{[]string{"whoami", "-o", "csv"}, exitUsage},
		{[]string{"config", "--sandbox-seed", "x"}, exitUsage},
		{[]string{"customers", "--partner-center-url", down}, exitError},
		{[]string{"--log-file", filepath.Join(t.TempDir(), "no", "such", "dir.log"), "customers", "--partner-center-url", down}, exitError},
	} {
		code, _, errOut := run(t, tt.args...)
		if code != tt.want {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, tt.want, errOut)
		}
		if code != exitOK && strings.Count(strings.TrimRight(errOut, "\n"), "\n") != 0 {
			t.Errorf("%v: error is not one line: %q", tt.args, errOut)
		}
	}
	code, _, errOut := run(t, "custmers")
	if code != exitUsage || !strings.Contains(errOut, `did you mean "customers"`) {
		t.Errorf("typo: exit %d, %q", code, errOut)
	}
}

func TestConfigJSON(t *testing.T) {
	isolate(t)
	file := writeFile(t, "config.toml", "# x\nlocale = \"de-DE\"\n")
	t.Setenv("MCGDASH_SANDBOX_SEED", "7")
	code, out, errOut := run(t, "config", "--config", file, "--env", "global", "--output", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc configJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	got := map[string]settingJSON{}
	for _, s := range doc.Settings {
		got[s.Key] = s
	}
	want := map[string]settingJSON{
		"env":          {Key: "env", Value: "global", Source: "flag", Detail: "--env"},
		"locale":       {Key: "locale", Value: "de-DE", Source: "file", Detail: file + ":2", File: file, Line: 2},
		"sandbox-seed": {Key: "sandbox-seed", Value: "7", Source: "env", Detail: "MCGDASH_SANDBOX_SEED"},
		"tenant":       {Key: "tenant", Value: "", Source: "default"},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %+v, want %+v", k, got[k], w)
		}
	}
	if doc.File != file || doc.AccessToken.Set || !strings.HasPrefix(doc.Backend, "sandbox on 127.0.0.1:47443") {
		t.Errorf("doc %+v", doc)
	}
}

// TestConfigBothFiles: config.toml and config.yaml side by side — the
// operator learns which is read and that the other is not.
func TestConfigBothFiles(t *testing.T) {
	isolate(t)
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "mcgdash")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("locale = \"de-DE\"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("locale: fr-FR\n"), 0o600)
	code, out, errOut := run(t, "config")
	toml, yaml := filepath.Join(dir, "config.toml"), filepath.Join(dir, "config.yaml")
	if code != exitOK || !strings.Contains(out, "de-DE") || strings.Contains(out, "fr-FR") {
		t.Fatalf("exit %d, %s", code, out)
	}
	if !strings.Contains(errOut, yaml+" is ignored: "+toml+" is used") {
		t.Errorf("stderr %q does not say which file is ignored", errOut)
	}
	if !strings.Contains(out, "ignored file") || !strings.Contains(out, yaml) {
		t.Errorf("config does not list the ignored file:\n%s", out)
	}
	_, out, _ = run(t, "config", "-o", "json")
	var doc configJSON
	if json.Unmarshal([]byte(out), &doc) != nil || doc.File != toml || len(doc.Ignored) != 1 || doc.Ignored[0] != yaml {
		t.Errorf("json: %+v", doc)
	}
}

func TestYAMLErrorLines(t *testing.T) {
	for _, tt := range []struct{ content, want string }{
		{"env: germany\ntenant: [unclosed\n", "line 2: did not find expected ',' or ']'"},
		{"tenant: [unclosed\n", "line 1: did not find expected ',' or ']'"},
		{"env: germany\nlocale: de\nsandbox-seed: {x\nlog-file: y\n", "line 3: did not find expected ',' or '}'"},
		{"env: germany\nlocale: de\nsandbox-seed: 2\n- x\n", "line 4: did not find expected key"},
		{"env: germany\n\ttenant: x\n", "line 2: found a tab character"},
		{"env: germany\nlocale: y\ntenant: a: b\n", "line 3: mapping values are not allowed"},
		{"env: germany\nlocale: y\nenv: global\n", "line 3: env is set twice (first on line 1)"},
	} {
		_, err := loadConfig(nil, envMap(nil), writeFile(t, "config.yaml", tt.content))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.content, err, tt.want)
		}
	}
}

func TestEveryUnknownKeyReported(t *testing.T) {
	for name, content := range map[string]string{
		"config.toml": "tennant = \"x\"\nenv = \"global\"\ncolour = \"blue\"\nlocal = \"de\"\n",
		"config.yaml": "tennant: x\nenv: global\ncolour: blue\nlocal: de\n",
	} {
		_, err := loadConfig(nil, envMap(nil), writeFile(t, name, content))
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		msg := err.Error()
		if !strings.Contains(msg, `3 unknown settings: line 1: "tennant", line 3: "colour", line 4: "local"`) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPartialOutputSaysHowMuch: a listing that fails after its first page
// tells the script's reader how many customers made it out.
func TestPartialOutputSaysHowMuch(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	url := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("MS-ContinuationToken") == "" {
			var items []string
			for i := range 500 {
				items = append(items, fmt.Sprintf(`{"id":"c%d","companyProfile":{"companyName":"C%d","domain":"c%d.onmicrosoft.de"}}`, i, i, i))
			}
			fmt.Fprintf(w, `{"totalCount":5000,"items":[%s],"links":{"next":{"uri":"/v1/customers?seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"p2"}]}}}`, strings.Join(items, ","))
			return
		}
		w.WriteHeader(403)
		fmt.Fprint(w, `{"code":1,"description":"Forbidden."}`)
	})
	for _, format := range []string{"json", "csv", "table"} {
		code, out, errOut := run(t, "customers", "-o", format, "--partner-center-url", url)
		if code != exitError || !strings.Contains(errOut, "the output is incomplete: 500 customers written before the failure") {
			t.Errorf("%s: exit %d, stderr %q", format, code, errOut)
		}
		if !strings.Contains(out, "c499.onmicrosoft.de") {
			t.Errorf("%s: the first page was not written", format)
		}
	}
}

func TestThrottleLine(t *testing.T) {
	var b strings.Builder
	f := throttleLine(&b)
	f(2 * time.Second)
	f(12*time.Second + 200*time.Millisecond)
	if b.String() != "mcgdash: throttled by Partner Center, waiting 13 s\n" {
		t.Errorf("%q", b.String())
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestLogoutWhenNoOneSignedIn(t *testing.T) {
	isolate(t)
	addr := freeAddr(t)
	code, out, errOut := run(t, "logout", "--sandbox-addr", addr)
	if code != exitOK || !strings.Contains(out, "No one is signed in to the sandbox on "+addr) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestSandboxMessagesNameTheAddress: with the configured port busy, the
// notice names it and the port actually used, and what needs the fixed
// port says which one.
func TestSandboxMessagesNameTheAddress(t *testing.T) {
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	code, _, errOut := run(t, "whoami", "--sandbox-addr", busy)
	if code != exitError {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "sandbox: "+busy+" is in use") || !strings.Contains(lines[0], "(another mcgdash?), using 127.0.0.1:") || len(lines[0]) > 80 ||
		strings.HasSuffix(lines[0], busy) || !strings.Contains(lines[1], "whoami needs the sandbox on "+busy) {
		t.Errorf("stderr %q", errOut)
	}
	if strings.Contains(errOut, "47443") {
		t.Errorf("names the default address: %q", errOut)
	}
}

// TestWhoAmIAndConfigJSONFromSandbox signs in once (~2 s) and checks
// whoami's JSON.
func TestWhoAmIJSONFromSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in with a device code (~2 s)")
	}
	isolate(t)
	addr := freeAddr(t)
	if code, _, errOut := run(t, "login", "--sandbox-addr", addr); code != exitOK {
		t.Fatalf("login: exit %d, %s", code, errOut)
	}
	code, out, errOut := run(t, "whoami", "--sandbox-addr", addr, "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc whoamiJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Account == "" || !doc.Sandbox || doc.SandboxAddr != addr || doc.TokenUntil == nil || doc.TokenUntil.Before(time.Now()) || doc.BearerToken {
		t.Errorf("%+v", doc)
	}
	code, out, _ = run(t, "logout", "--sandbox-addr", addr)
	if code != exitOK || !strings.Contains(out, "Signed out "+doc.Account) {
		t.Errorf("logout: %d %q", code, out)
	}
}

func TestWhoAmIJSONWithBearerToken(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "secret-token")
	code, out, _ := run(t, "whoami", "-o", "json", "--partner-center-url", "http://127.0.0.1:9")
	var doc whoamiJSON
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || !doc.BearerToken || doc.Endpoint == "" || strings.Contains(out, "secret") {
		t.Errorf("exit %d, %q", code, out)
	}
}

func TestHelpForUnknownTopic(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "help", "migrate-everything")
	if code != exitUsage || out != "" || !strings.Contains(errOut, `no help for "migrate-everything"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestThrottleInStatusBar(t *testing.T) {
	var th statusThrottle
	th.wait(20 * time.Second) // before the program runs: dropped, no panic
	var got []tea.Msg
	th.attach(func(m tea.Msg) { got = append(got, m) })
	th.wait(time.Second)
	th.wait(12*time.Second + 300*time.Millisecond)
	want := common.StatusMsg{Level: common.Warning, Text: "throttled by Partner Center, waiting 13 s", TTL: 12*time.Second + 300*time.Millisecond}
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %+v, want one %+v", got, want)
	}
}
