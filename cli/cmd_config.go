package cli

import (
	"github.com/mcgdash/mcgdash/model"

	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func init() { register(configCommand) }

func configCommand(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each came from",
		Long: `Show every setting's effective value and where it came from: a flag, an environment
variable, the config file (with its line) or the default. The access token is never
shown, only whether one is set. A bad value is reported after what could be resolved.`,
		Example: `  mcgdash config
  mcgdash --env global config --output json`,
		Args: a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := a.load(cmd)
			if a.cfg == nil {
				return err
			}
			// Shown even when a value is bad, to debug with.
			if output == "json" {
				if werr := printConfigJSON(a.stdout, a.cfg); werr != nil && err == nil {
					err = werr
				}
			} else {
				printConfig(a.stdout, a.cfg)
			}
			return err
		},
	}
	outputFlag(cmd, &output, "table", "json")
	return cmd
}

// configJSON is the stable shape of `mcgdash config --output json`.
type configJSON struct {
	Settings    []settingJSON `json:"settings"`
	AccessToken tokenJSON     `json:"accessToken"`
	File        string        `json:"configFile"` // "" when none was read
	Ignored     []string      `json:"ignoredConfigFiles"`
	Backend     string        `json:"backend"`
}

type settingJSON struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Source string `json:"source"` // flag, env, file or default
	Detail string `json:"detail"` // --env, MCGDASH_ENV, path:line
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
}

type tokenJSON struct {
	Set    bool   `json:"set"`
	Source string `json:"source,omitempty"`
}

func printConfigJSON(w io.Writer, cfg *Config) error {
	doc := configJSON{File: cfg.File, Ignored: cfg.Ignored, Backend: backendDescription(cfg)}
	if doc.Ignored == nil {
		doc.Ignored = []string{}
	}
	for _, s := range settings {
		v := cfg.values[s.key]
		sj := settingJSON{Key: s.key, Value: v.val, File: v.file, Line: v.line}
		switch {
		case v.file != "":
			sj.Source, sj.Detail = "file", fmt.Sprintf("%s:%d", v.file, v.line)
		case v.source == "default" || v.source == "":
			sj.Source = "default"
		default:
			var kind, detail string
			fmt.Sscan(v.source, &kind, &detail)
			sj.Source, sj.Detail = kind, detail
		}
		doc.Settings = append(doc.Settings, sj)
	}
	_, tokSrc := accessTokenSource(cfg)
	doc.AccessToken = tokenJSON{Set: tokSrc != "-", Source: tokSrc}
	if !doc.AccessToken.Set {
		doc.AccessToken.Source = ""
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func accessTokenSource(cfg *Config) (shown, source string) {
	switch {
	case cfg.AccessTokenFile != "":
		return "from the file (not shown)", "access-token-file"
	case os.Getenv("MCGDASH_ACCESS_TOKEN") != "":
		return "set (not shown)", "env MCGDASH_ACCESS_TOKEN"
	}
	return "-", "-"
}

func backendDescription(cfg *Config) string {
	switch {
	case cfg.UsesSandbox():
		return "sandbox on " + cfg.Sandbox.Addr + " (no tenant configured)"
	case cfg.PartnerCenterURL != "":
		return "endpoint " + cfg.PartnerCenterURL + " with a bearer token"
	default:
		return "tenant " + cfg.Tenant + " in " + string(cfg.Env)
	}
}

// printConfig shows each effective setting and its source. The access
// token itself is a secret: only whether it is set is shown.
func printConfig(w io.Writer, cfg *Config) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	for _, s := range settings {
		v, src := cfg.Get(s.key)
		if v == "" {
			v = "-"
		}
		// Values come from flags, the environment and the config file:
		// printed sanitised like anything else that reaches the terminal.
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.key, model.Sanitize(v), model.Sanitize(src))
	}
	tok, src := accessTokenSource(cfg)
	fmt.Fprintf(tw, "access token\t%s\t%s\n", tok, src)
	file := cfg.File
	if file == "" {
		file = "none (looked for " + defaultConfigFile() + ")"
	}
	fmt.Fprintf(tw, "config file\t%s\t\n", model.Sanitize(file))
	for _, ig := range cfg.Ignored {
		fmt.Fprintf(tw, "ignored file\t%s\t(%s is used)\n", model.Sanitize(ig), model.Sanitize(cfg.File))
	}
	fmt.Fprintf(tw, "backend\t%s\t\n", model.Sanitize(backendDescription(cfg)))
	tw.Flush()
}
