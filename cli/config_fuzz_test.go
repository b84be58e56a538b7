package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// FuzzConfigFile feeds any bytes to the config parser as a TOML and as a
// YAML file and through the whole load: it must never panic, and an error
// must read as one printable line once errText has had it.
func FuzzConfigFile(f *testing.F) {
	for _, s := range []string{
		"env = \"global\"\ntenant = \"contoso.onmicrosoft.de\"\nclient-id = \"abc\"\n",
		"sandbox-customers = 1000\nsandbox-latency = \"200ms\"\nsandbox-fail-rate = 0.1\n",
		"tenant: contoso.onmicrosoft.de\nclient-id: abc\nsandbox-hostile: true\n",
		"tenant: ~\nenv:\n",
		"frobnicate = 1\n",
		"[section]\nkey = 1\n",
		"- a\n- b\n",
		"tenant = \"\x1b]52;c;eA==\x07\"\n",
		"tenant: [a, b]\n",
		"sandbox-customers = 1e400\n",
		"partner-center-url = \"http://127.0.0.1:1\"\n",
		"\ufefftenant = \"x\"\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, asYAML bool) {
		name := "config.toml"
		if asYAML {
			name = "config.yaml"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(map[string]string{}, func(string) string { return "" }, p)
		if err == nil {
			if cfg == nil {
				t.Fatal("no config and no error")
			}
			return
		}
		line := errText(err)
		if strings.ContainsAny(line, "\n\r\x1b\x07") {
			t.Fatalf("error is not one clean line: %q", line)
		}
		for _, r := range line {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("error carries %U: %q", r, line)
			}
		}
	})
}
