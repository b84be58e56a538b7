package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigPrecedence(t *testing.T) {
	file := writeFile(t, "config.toml", "# partner settings\nenv = \"global\"\ntenant = \"file.onmicrosoft.de\"\nclient-id = \"file-client\"\nsandbox-customers = 1000\n")
	tests := []struct {
		name       string
		flags, env map[string]string
		key        string
		wantVal    string
		wantSource string
	}{
		{"default only", nil, nil, "locale", "en-US", "default"},
		{"file beats default", nil, nil, "env", "global", "file " + file + ":2"},
		{"file int value", nil, nil, "sandbox-customers", "1000", "file " + file + ":5"},
		{"env beats file", nil, map[string]string{"MCGDASH_TENANT": "env.onmicrosoft.de"}, "tenant", "env.onmicrosoft.de", "env MCGDASH_TENANT"},
		{"flag beats env and file", map[string]string{"tenant": "flag.onmicrosoft.de"}, map[string]string{"MCGDASH_TENANT": "env.onmicrosoft.de"}, "tenant", "flag.onmicrosoft.de", "flag --tenant"},
		{"flag beats file", map[string]string{"env": "germany"}, nil, "env", "germany", "flag --env"},
		{"env with dashes becomes underscores", nil, map[string]string{"MCGDASH_CLIENT_ID": "env-client"}, "client-id", "env-client", "env MCGDASH_CLIENT_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(tt.flags, envMap(tt.env), file)
			if err != nil {
				t.Fatal(err)
			}
			val, src := cfg.Get(tt.key)
			if val != tt.wantVal || src != tt.wantSource {
				t.Errorf("%s = %q from %q, want %q from %q", tt.key, val, src, tt.wantVal, tt.wantSource)
			}
		})
	}
}

func TestConfigTypedValues(t *testing.T) {
	cfg, err := loadConfig(map[string]string{"sandbox-customers": "100000", "sandbox-latency": "150ms", "sandbox-hostile": "true"}, envMap(nil), writeFile(t, "c.toml", ""))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Sandbox.Customers != 100000 || cfg.Sandbox.Latency.Milliseconds() != 150 || !cfg.Sandbox.Hostile || !cfg.UsesSandbox() {
		t.Errorf("typed values wrong: %+v", cfg.Sandbox)
	}
	if cfg.Sandbox.RateLimit != 500 {
		t.Errorf("default rate limit = %d, want Partner Center's 500", cfg.Sandbox.RateLimit)
	}
}

func TestConfigSandboxRateLimit(t *testing.T) {
	cfg, err := loadConfig(map[string]string{"sandbox-rate-limit": "0"}, envMap(nil), writeFile(t, "c.toml", ""))
	if err != nil || cfg.Sandbox.RateLimit != 0 {
		t.Fatalf("rate limit 0: %v, %+v", err, cfg)
	}
	for _, v := range []string{"-1", "fast", "1.5"} {
		if _, err := loadConfig(map[string]string{"sandbox-rate-limit": v}, envMap(nil), writeFile(t, "c.toml", "")); err == nil || !strings.Contains(err.Error(), "sandbox-rate-limit") {
			t.Errorf("--sandbox-rate-limit %s: err = %v, want one naming the flag", v, err)
		}
	}
}

func TestConfigYAML(t *testing.T) {
	file := writeFile(t, "config.yaml", "env: global\ntenant: contoso.onmicrosoft.com\nclient-id: abc\n")
	cfg, err := loadConfig(nil, envMap(nil), file)
	if err != nil {
		t.Fatal(err)
	}
	if val, src := cfg.Get("tenant"); val != "contoso.onmicrosoft.com" || src != "file "+file+":2" {
		t.Errorf("tenant = %q from %q", val, src)
	}
	if cfg.UsesSandbox() {
		t.Error("a tenant must turn the sandbox off")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		file   string // name:content; empty for none
		flags  map[string]string
		env    map[string]string
		wantIn []string
	}{
		{"unknown key in toml names file and line", "config.toml:env = \"germany\"\ntennant = \"x\"\n", nil, nil, []string{"config.toml", "line 2", "tennant"}},
		{"toml syntax error names line", "config.toml:env = \"germany\"\n\ntenant = = 3\n", nil, nil, []string{"config.toml", "line 3"}},
		{"yaml syntax error names line", "config.yaml:env: germany\ntenant: [unclosed\n", nil, nil, []string{"config.yaml", "line"}},
		{"yaml unknown key", "config.yaml:env: germany\ncolour: blue\n", nil, nil, []string{"config.yaml", "line 2", "colour"}},
		{"nested value refused", "config.toml:[tenant]\nid = 1\n", nil, nil, []string{"config.toml", "tenant"}},
		{"bad env from flag says where", "", map[string]string{"env": "mars"}, nil, []string{"env", "mars", "flag --env"}},
		{"bad env from environment says where", "", nil, map[string]string{"MCGDASH_ENV": "mars"}, []string{"MCGDASH_ENV"}},
		{"http refused off loopback", "", map[string]string{"partner-center-url": "http://pc.example.com"}, nil, []string{"partner-center-url", "https"}},
		{"tenant without client id", "", map[string]string{"tenant": "contoso.onmicrosoft.de"}, nil, []string{"client-id"}},
		{"customers out of range", "", map[string]string{"sandbox-customers": "0"}, nil, []string{"sandbox-customers"}},
		{"bad latency", "", map[string]string{"sandbox-latency": "soon"}, nil, []string{"sandbox-latency"}},
		{"explicit missing file", "missing", nil, nil, []string{"no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "empty.toml", "")
			switch {
			case tt.file == "missing":
				path = filepath.Join(t.TempDir(), "nope.toml")
			case tt.file != "":
				name, content, _ := strings.Cut(tt.file, ":")
				path = writeFile(t, name, content)
			}
			_, err := loadConfig(tt.flags, envMap(tt.env), path)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoopbackHTTPAccepted(t *testing.T) {
	if _, err := loadConfig(map[string]string{"partner-center-url": "http://127.0.0.1:8080"}, envMap(nil), writeFile(t, "c.toml", "")); err != nil {
		t.Fatal(err)
	}
}

func TestYAMLNullLeavesSettingUnset(t *testing.T) {
	cfg, err := loadConfig(nil, envMap(nil), writeFile(t, "config.yaml", "tenant: ~\nlocale:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Tenant != "" || !cfg.UsesSandbox() {
		t.Errorf("tenant = %q, want unset", cfg.Tenant)
	}
	if v, src := cfg.Get("locale"); v != "en-US" || src != "default" {
		t.Errorf("locale = %q from %s, want the default", v, src)
	}
	if _, err := loadConfig(nil, envMap(nil), writeFile(t, "config.yaml", "tennant: ~\n")); err == nil {
		t.Error("an unknown key set to null was accepted")
	}
}

func TestTenantWithoutClientIDNamesTheFile(t *testing.T) {
	file := writeFile(t, "config.toml", "env = \"germany\"\ntenant = \"contoso.onmicrosoft.de\"\n")
	_, err := loadConfig(nil, envMap(nil), file)
	if err == nil || !strings.Contains(err.Error(), file+":2") || !strings.Contains(err.Error(), "client-id") {
		t.Errorf("got %v, want the file and line of tenant and a word on client-id", err)
	}
}
