package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
	{"ascii", "false", "draw borders, icons and marks in ASCII, for fonts without them"},
	{"readonly", "false", "change nothing: every mutating call is refused before it is sent"},
	{"sandbox-speed", "1", "sandbox: migration clock speed (1: a migration takes about 4 minutes)"},
	{"sandbox-reset", "false", "sandbox: discard the stored migrations and enrollment at start"},
	{"sandbox-drop-after-commit", "0", "sandbox: share of mutations whose connection is cut after the change is stored (0..1)"},
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
	// file and line say where in the config file, when it came from one.
	file string
	line int
}

// Config is the effective configuration after precedence: flag >
// environment variable > config file > default.
type Config struct {
	values map[string]value
	// File is the config file that was read, if any.
	File string
	// Ignored lists config files that exist beside File but are not read
	// (config.yaml when config.toml is there).
	Ignored []string
	// Warnings are for the operator's attention, not errors (an ignored file).
	Warnings []string

	Env              model.Environment
	Tenant           string
	ClientID         string
	PartnerCenterURL string
	AccessTokenFile  string
	Locale           string
	LogFile          string
	// ASCII draws the dashboard's borders, icons and marks from ASCII.
	ASCII    bool
	ReadOnly bool
	Sandbox  SandboxConfig
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
	// Speed, Reset and DropAfterCommit shape the migration model.
	Speed           float64
	Reset           bool
	DropAfterCommit float64
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

func settingByKey(k string) (setting, bool) {
	for _, s := range settings {
		if s.key == k {
			return s, true
		}
	}
	return setting{}, false
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
		if path != "" {
			for _, other := range configCandidates(filepath.Dir(path)) {
				if other != path {
					c.Ignored = append(c.Ignored, other)
					c.Warnings = append(c.Warnings, fmt.Sprintf("%s is ignored: %s is used (remove one of them)", other, path))
				}
			}
		}
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
	if c.ASCII, err = strconv.ParseBool(c.values["ascii"].val); err != nil {
		return bad("ascii", errors.New("must be true or false"))
	}
	if c.ReadOnly, err = strconv.ParseBool(c.values["readonly"].val); err != nil {
		return bad("readonly", errors.New("must be true or false"))
	}
	if sb.Reset, err = strconv.ParseBool(c.values["sandbox-reset"].val); err != nil {
		return bad("sandbox-reset", errors.New("must be true or false"))
	}
	if sb.Speed, err = strconv.ParseFloat(c.values["sandbox-speed"].val, 64); err != nil || !(sb.Speed >= 0.001 && sb.Speed <= 1e6) {
		return bad("sandbox-speed", errors.New("must be a number from 0.001 to 1000000"))
	}
	if sb.DropAfterCommit, err = strconv.ParseFloat(c.values["sandbox-drop-after-commit"].val, 64); err != nil || !(sb.DropAfterCommit >= 0 && sb.DropAfterCommit <= 1) {
		return bad("sandbox-drop-after-commit", errors.New("must be a number from 0 to 1"))
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
	if found := configCandidates(dir); len(found) > 0 {
		return found[0]
	}
	return filepath.Join(dir, "config.toml")
}

// configCandidates are the config files present in dir, in order of
// preference: config.toml, config.yaml, config.yml.
func configCandidates(dir string) []string {
	var out []string
	for _, name := range []string{"config.toml", "config.yaml", "config.yml"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			out = append(out, p)
		}
	}
	return out
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
			return nil, fmt.Errorf("config file %s: %s", path, yamlError(data, err))
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
				if first, dup := lines[k.Value]; dup {
					return nil, fmt.Errorf("config file %s: line %d: %s is set twice (first on line %d)", path, k.Line, k.Value, first)
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
	var unknown []string
	for k := range raw {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		// Every unknown key at once, in file order, so one edit fixes them all.
		sort.Slice(unknown, func(i, j int) bool { return lines[unknown[i]] < lines[unknown[j]] })
		parts := make([]string, len(unknown))
		for i, k := range unknown {
			parts[i] = fmt.Sprintf("line %d: %q", lines[k], k)
		}
		noun := "unknown setting"
		if len(unknown) > 1 {
			noun = fmt.Sprintf("%d unknown settings", len(unknown))
		}
		return nil, fmt.Errorf("config file %s: %s: %s (known: %s)", path, noun, strings.Join(parts, ", "), knownKeys())
	}
	out := map[string]value{}
	for k, v := range raw {
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
		out[k] = value{val: s, source: fmt.Sprintf("file %s:%d", path, lines[k]), file: path, line: lines[k]}
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

// yamlError is a YAML syntax error with the line the operator must look
// at: "line 2: did not find expected ',' or ']'". The YAML library's own
// line is often off (it counts some errors from 0 and names the start of
// the enclosing mapping for others), so the line is found by parsing ever
// longer beginnings of the file: it is the first line after the longest
// beginning that still parses.
func yamlError(data []byte, err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if after, ok := strings.CutPrefix(msg, "line "); ok {
		if _, rest, found := strings.Cut(after, ": "); found {
			msg = rest
		}
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > 2000 {
		return msg
	}
	good := 0
	for k := 1; k <= len(lines); k++ {
		var doc yaml.Node
		if yaml.Unmarshal(bytes.Join(lines[:k], nil), &doc) == nil {
			good = k
		}
	}
	return fmt.Sprintf("line %d: %s", min(good+1, len(lines)), msg)
}
