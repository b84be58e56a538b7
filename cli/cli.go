// Package cli turns command-line arguments, the environment and the config
// file into a running mcgdash: the dashboard, or one of the scriptable
// commands. It wires client, sandbox, sign-in and ui together; main.go only
// calls Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/internal/securefile"
	"github.com/mcgdash/mcgdash/model"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// invocation is what the command line asked for.
type invocation struct {
	command    string
	flags      map[string]string // settings given as flags
	configPath string
	output     string
	customer   string
}

const usage = `mcgdash — a terminal dashboard for Partner Center for Microsoft Cloud Germany

Usage:
  mcgdash [flags]                      open the dashboard (the sandbox when no tenant is set)
  mcgdash customers [--output FORMAT]  print every customer (table, json or csv)
  mcgdash routes [--customer ID|DOMAIN] [--output FORMAT]
                                       which portal does which task, for a customer
  mcgdash login | logout | whoami      sign in with a device code, sign out, show the account
  mcgdash config                       show the effective settings and where each came from

Flags (each also MCGDASH_<NAME> in the environment or NAME in the config file):
`

// parseArgs reads flags before and after the command name.
func parseArgs(args []string) (*invocation, error) {
	inv := &invocation{flags: map[string]string{}}
	fs := flag.NewFlagSet("mcgdash", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	registerSettings(fs)
	fs.StringVar(&inv.configPath, "config", os.Getenv("MCGDASH_CONFIG"), "config file (default: the user config dir's mcgdash/config.toml or .yaml)")
	fs.StringVar(&inv.output, "output", "table", "output of customers and routes: table, json or csv")
	fs.StringVar(&inv.customer, "customer", "", "routes: the customer's id (tenant GUID) or domain")
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	fs.Visit(func(f *flag.Flag) {
		if _, ok := settingByKey(f.Name); ok {
			inv.flags[f.Name] = f.Value.String()
		}
	})
	switch len(positional) {
	case 0:
	case 1:
		inv.command = positional[0]
	default:
		return nil, fmt.Errorf("unexpected argument %q after %q", positional[1], positional[0])
	}
	return inv, nil
}

func settingByKey(k string) (setting, bool) {
	for _, s := range settings {
		if s.key == k {
			return s, true
		}
	}
	return setting{}, false
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range settings {
		def := ""
		if s.def != "" {
			def = " (default " + s.def + ")"
		}
		fmt.Fprintf(tw, "  --%s\t%s%s\n", s.key, s.usage, def)
	}
	fmt.Fprintf(tw, "  --config\tconfig file (MCGDASH_CONFIG)\n")
	fmt.Fprintf(tw, "  --output\ttable, json or csv (customers, routes)\n")
	fmt.Fprintf(tw, "  --customer\tcustomer id or domain (routes)\n")
	tw.Flush()
	fmt.Fprint(w, "\nA token for --partner-center-url comes from MCGDASH_ACCESS_TOKEN or --access-token-file.\n")
}

// Main runs mcgdash with args (without the program name) and returns the
// process exit status. Errors are one clear line on stderr.
func Main(args []string, stdout, stderr io.Writer) int {
	inv, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "mcgdash: %s\nRun 'mcgdash --help' for usage.\n", errText(err))
		return exitUsage
	}
	if inv.command == "help" {
		printUsage(stdout)
		return exitOK
	}
	cfg, err := loadConfig(inv.flags, os.Getenv, inv.configPath)
	if err != nil {
		// `mcgdash config` still shows what it could resolve, to debug with.
		if inv.command == "config" && cfg != nil {
			printConfig(stdout, cfg)
		}
		fmt.Fprintf(stderr, "mcgdash: %s\n", errText(err))
		return exitUsage
	}
	switch inv.command {
	case "", "customers", "routes", "login", "logout", "whoami", "config":
	default:
		fmt.Fprintf(stderr, "mcgdash: unknown command %q\nRun 'mcgdash --help' for usage.\n", model.Sanitize(inv.command))
		return exitUsage
	}
	if inv.command == "config" {
		printConfig(stdout, cfg)
		return exitOK
	}
	if inv.command == "customers" || inv.command == "routes" {
		if err := checkFormat(inv.output); err != nil {
			fmt.Fprintf(stderr, "mcgdash: %s\n", errText(err))
			return exitUsage
		}
	}
	if ref := inv.customer; ref != "" && !model.IsGUID(ref) && !model.IsDomainName(ref) {
		// Said before any sign-in: it is a typo, not a lookup that failed.
		fmt.Fprintf(stderr, "mcgdash: --customer %q is neither a customer id (a GUID) nor a domain\n", model.Sanitize(ref))
		return exitUsage
	}

	log, closeLog, err := openLog(cfg.LogFile)
	if err != nil {
		fmt.Fprintf(stderr, "mcgdash: %s\n", errText(err))
		return exitError
	}
	defer closeLog()

	if inv.command == "" {
		err = runDashboard(cfg, log)
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		// One correlation id ties together every call of one command.
		ctx = client.WithCorrelationID(ctx, client.NewGUID())
		err = runCommand(ctx, inv, cfg, log, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mcgdash: %s\n", errText(err))
		return exitError
	}
	return exitOK
}

// errText is an error as one line fit for a terminal: operator-supplied
// values (paths, flags, config values) and server text it quotes are
// sanitised, escape sequences and controls removed.
func errText(err error) string {
	return model.SanitizeMessage(oneLine(err.Error()))
}

// oneLine keeps an error to one line on stderr.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
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
	tok, src := "-", "-"
	switch {
	case cfg.AccessTokenFile != "":
		tok, src = "from the file (not shown)", "access-token-file"
	case os.Getenv("MCGDASH_ACCESS_TOKEN") != "":
		tok, src = "set (not shown)", "env MCGDASH_ACCESS_TOKEN"
	}
	fmt.Fprintf(tw, "access token\t%s\t%s\n", tok, src)
	file := cfg.File
	if file == "" {
		file = "none (looked for " + defaultConfigFile() + ")"
	}
	fmt.Fprintf(tw, "config file\t%s\t\n", model.Sanitize(file))
	mode := "sandbox (no tenant configured)"
	switch {
	case cfg.UsesSandbox():
	case cfg.PartnerCenterURL != "":
		mode = "endpoint " + cfg.PartnerCenterURL + " with a bearer token"
	default:
		mode = "tenant " + cfg.Tenant + " in " + string(cfg.Env)
	}
	fmt.Fprintf(tw, "backend\t%s\t\n", model.Sanitize(mode))
	tw.Flush()
}

// openLog opens the log file (mode 0600, appended) or discards logging. A
// symbolic link is not followed, and a file that is not the operator's or
// that others can read or write is refused (securefile.OpenAppend).
func openLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	f, err := securefile.OpenAppend(path)
	if err != nil {
		return nil, nil, fmt.Errorf("log file: %w", err)
	}
	return slog.New(slog.NewJSONHandler(f, nil)), func() { f.Close() }, nil
}
