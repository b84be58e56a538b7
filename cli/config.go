package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// setting is one configurable value: its flag and config-file key, its
// environment variable and its default.
type setting struct {
	key   string
	def   string
	usage string
}

// isBool reports whether the setting is a switch, given as a bare --flag.
func (s setting) isBool() bool { return s.def == "true" || s.def == "false" }

// The settings, in the order `mcgdash config` prints them. Each is a flag
// --KEY, an environment variable MCGDASH_KEY (upper case, - as _) and a key
// in the config file.
var settings = []setting{
	{"env", "germany", "cloud: germany (Microsoft Cloud Germany) or global"},
	{"tenant", "", "the partner's tenant id or domain; none means the sandbox"},
	{"client-id", "", "your registered public-client application id"},
	{"partner-center-url", "", "a Partner Center-compatible endpoint, used with MCGDASH_ACCESS_TOKEN"},
	{"access-token-file", "", "file holding a bearer token for --partner-center-url"},
	{"locale", "en-US", "X-Locale sent to Partner Center"},
	{"log-file", "", "write a log here (never contains tokens)"},
	{"sandbox-customers", "250", "customers in the sandbox (up to 1,000,000)"},
	{"sandbox-seed", "1", "seed of the sandbox's data"},
	{"sandbox-addr", sandboxDefaultAddr, "sandbox listen address on loopback (fixed so sign-in survives restarts)"},
	{"sandbox-latency", "0s", "sandbox: delay added to every Partner Center call"},
	{"sandbox-fail-rate", "0", "sandbox: share of calls answered 503 (0..1)"},
	{"sandbox-drop-rate", "0", "sandbox: share of connections dropped (0..1)"},
	{"sandbox-hostile", "false", "sandbox: seed names with escape sequences, to show sanitising"},
	{"sandbox-rate-limit", "500", "sandbox: Partner Center calls allowed per minute (0: no limit)"},
}

// sandboxDefaultAddr is fixed so that MSAL's token cache, keyed by
// host:port, keeps the sandbox sign-in across runs.
const sandboxDefaultAddr = "127.0.0.1:47443"

func envName(key string) string {
	return "MCGDASH_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// value is a resolved setting and where it came from.
type value struct {
	val    string
	source string
}

// Config is the effective configuration after precedence: flag >
// environment variable > config file > default.
type Config struct {
	values map[string]value
	// File is the config file that was read, if any.
	File string

	Env              model.Environment
	Tenant           string
	ClientID         string
	PartnerCenterURL string
	AccessTokenFile  string
	Locale           string
	LogFile          string
	Sandbox          SandboxConfig
}

// SandboxConfig shapes the embedded sandbox.
type SandboxConfig struct {
	Customers int
	Seed      int64
	Addr      string
	Latency   time.Duration
	FailRate  float64
	DropRate  float64
	Hostile   bool
	// RateLimit is calls per minute per key; 0 means no limit.
	RateLimit int
}

// UsesSandbox reports whether no real endpoint is configured.
func (c *Config) UsesSandbox() bool { return c.Tenant == "" && c.PartnerCenterURL == "" }

// Get returns a setting's effective value and its source.
func (c *Config) Get(key string) (val, source string) {
	v := c.values[key]
	return v.val, v.source
}

// registerSettings adds a string flag per setting to fs; the caller learns
// which were set with fs.Visit.
func registerSettings(fs *flag.FlagSet) {
	for _, s := range settings {
		if s.isBool() {
			fs.Bool(s.key, false, s.usage)
		} else {
			fs.String(s.key, "", s.usage)
		}
	}
}

// loadConfig resolves every setting. flagsSet holds the flags the operator
// gave; getenv reads the environment; configPath, if not empty, names the
// file explicitly (--config or MCGDASH_CONFIG).
func loadConfig(flagsSet map[string]string, getenv func(string) string, configPath string) (*Config, error) {
	c := &Config{values: map[string]value{}}
	file := map[string]value{}
	path, explicit := configPath, configPath != ""
	if !explicit {
		path = defaultConfigFile()
	}
	if path != "" {
		fv, err := readConfigFile(path)
		switch {
		case err == nil:
			file, c.File = fv, path
		case errors.Is(err, os.ErrNotExist) && !explicit:
		default:
			return nil, err
		}
	}
	for _, s := range settings {
		v := value{val: s.def, source: "default"}
		if f, ok := file[s.key]; ok {
			v = f
		}
		if e := getenv(envName(s.key)); e != "" {
			v = value{val: e, source: "env " + envName(s.key)}
		}
		if f, ok := flagsSet[s.key]; ok {
			v = value{val: f, source: "flag --" + s.key}
		}
		c.values[s.key] = v
	}
	return c, c.resolve()
}

// resolve parses and checks the string values into typed fields.
func (c *Config) resolve() error {
	bad := func(key string, err error) error {
		v := c.values[key]
		return fmt.Errorf("%s %q (from %s): %w", key, v.val, v.source, err)
	}
	var err error
	if c.Env, err = model.ParseEnvironment(c.values["env"].val); err != nil {
		return bad("env", errors.New("use germany or global"))
	}
	c.Tenant = strings.TrimSpace(c.values["tenant"].val)
	c.ClientID = strings.TrimSpace(c.values["client-id"].val)
	c.PartnerCenterURL = strings.TrimSpace(c.values["partner-center-url"].val)
	c.AccessTokenFile = c.values["access-token-file"].val
	c.Locale = c.values["locale"].val
	c.LogFile = c.values["log-file"].val
	if c.PartnerCenterURL != "" {
		if _, err := client.ParseEndpoint(c.PartnerCenterURL); err != nil {
			return bad("partner-center-url", errors.New("must be https (http only on a loopback address)"))
		}
	}
	if c.Tenant != "" && c.PartnerCenterURL == "" && c.ClientID == "" {
		return bad("tenant", errors.New("client-id is not set: register a public-client application in your tenant and pass its id with --client-id (or MCGDASH_CLIENT_ID)"))
	}
	sb := &c.Sandbox
	if sb.Customers, err = strconv.Atoi(c.values["sandbox-customers"].val); err != nil || sb.Customers < 1 || sb.Customers > 1_000_000 {
		return bad("sandbox-customers", errors.New("must be a whole number from 1 to 1000000"))
	}
	if sb.Seed, err = strconv.ParseInt(c.values["sandbox-seed"].val, 10, 64); err != nil {
		return bad("sandbox-seed", errors.New("must be a whole number"))
	}
	sb.Addr = c.values["sandbox-addr"].val
	if sb.Latency, err = time.ParseDuration(c.values["sandbox-latency"].val); err != nil || sb.Latency < 0 || sb.Latency > time.Minute {
		return bad("sandbox-latency", errors.New("must be a duration such as 200ms, at most 1m"))
	}
	for key, dst := range map[string]*float64{"sandbox-fail-rate": &sb.FailRate, "sandbox-drop-rate": &sb.DropRate} {
		if *dst, err = strconv.ParseFloat(c.values[key].val, 64); err != nil || *dst < 0 || *dst > 1 {
			return bad(key, errors.New("must be a number from 0 to 1"))
		}
	}
	if sb.Hostile, err = strconv.ParseBool(c.values["sandbox-hostile"].val); err != nil {
		return bad("sandbox-hostile", errors.New("must be true or false"))
	}
	if sb.RateLimit, err = strconv.Atoi(c.values["sandbox-rate-limit"].val); err != nil || sb.RateLimit < 0 {
		return bad("sandbox-rate-limit", errors.New("must be a whole number of calls per minute, 0 for no limit"))
	}
	return nil
}

// defaultConfigFile is config.toml, or config.yaml, in the user's config
// directory; "" when there is no such directory.
func defaultConfigFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "mcgdash")
	for _, name := range []string{"config.toml", "config.yaml", "config.yml"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	return filepath.Join(dir, "config.toml")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// readConfigFile reads a TOML or YAML file of flat key = value settings.
// Every problem names the file and, where the parser knows it, the line.
func readConfigFile(path string) (map[string]value, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	raw := map[string]any{}
	lines := map[string]int{}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		if err := toml.Unmarshal(data, &raw); err != nil {
			var de *toml.DecodeError
			if errors.As(err, &de) {
				row, _ := de.Position()
				return nil, fmt.Errorf("config file %s: line %d: %s", path, row, de.Error())
			}
			return nil, fmt.Errorf("config file %s: %w", path, err)
		}
		lines = tomlKeyLines(data)
	case ".yaml", ".yml":
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("config file %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if len(doc.Content) > 0 {
			root := doc.Content[0]
			if root.Kind != yaml.MappingNode {
				return nil, fmt.Errorf("config file %s: line %d: expected key: value pairs", path, root.Line)
			}
			for i := 0; i+1 < len(root.Content); i += 2 {
				k, v := root.Content[i], root.Content[i+1]
				if v.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("config file %s: line %d: %s must be a single value", path, v.Line, k.Value)
				}
				lines[k.Value] = k.Line
				if v.Tag == "!!null" {
					// "tenant: ~" or "tenant:" leaves the setting unset.
					raw[k.Value] = nil
					continue
				}
				raw[k.Value] = v.Value
			}
		}
	default:
		return nil, fmt.Errorf("config file %s: use a .toml or .yaml file", path)
	}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.key] = true
	}
	out := map[string]value{}
	for k, v := range raw {
		if !known[k] {
			return nil, fmt.Errorf("config file %s: line %d: unknown setting %q (known: %s)", path, lines[k], k, knownKeys())
		}
		var s string
		switch t := v.(type) {
		case nil:
			continue
		case string:
			s = t
		case int64, float64, bool, int:
			s = fmt.Sprint(t)
		default:
			return nil, fmt.Errorf("config file %s: line %d: %s must be a single value", path, lines[k], k)
		}
		out[k] = value{val: s, source: fmt.Sprintf("file %s:%d", path, lines[k])}
	}
	return out, nil
}

// tomlKeyLines finds the line of each top-level key, for messages. The
// file is flat, so a key is the text before "=" at the start of a line.
func tomlKeyLines(data []byte) map[string]int {
	out := map[string]int{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		k, _, ok := strings.Cut(strings.TrimSpace(string(line)), "=")
		if ok {
			out[strings.Trim(strings.TrimSpace(k), `"'`)] = i + 1
		}
	}
	return out
}

func knownKeys() string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	return strings.Join(keys, ", ")
}
