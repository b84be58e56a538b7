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
	// args follow the command (target check TENANT); customers, target and
	// confirm are migrate's.
	args      []string
	customers multiString
	target    string
	confirm   string
}

// multiString is a repeatable flag (--customer A --customer B, or A,B).
type multiString []string

func (m *multiString) String() string { return strings.Join(*m, ",") }

func (m *multiString) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*m = append(*m, p)
		}
	}
	return nil
}

const usage = `mcgdash — a terminal dashboard for Partner Center for Microsoft Cloud Germany

Usage:
  mcgdash [flags]                      open the dashboard (the sandbox when no tenant is set)
  mcgdash customers [--output FORMAT]  print every customer (table, json or csv)
  mcgdash routes [--customer ID|DOMAIN] [--output FORMAT]
                                       which portal does which task, for a customer
  mcgdash login | logout | whoami      sign in with a device code, sign out, show the account
  mcgdash config                       show the effective settings and where each came from
  mcgdash target check TENANT [--output table|json]
                                       sign in to a migration target and check it (region, Global Administrator, active)
  mcgdash target logout TENANT         forget the target sign-in, to sign in as someone else
  mcgdash migrate --customer ID|DOMAIN ... --target TENANT --confirm DOMAIN [--output table|json]
                                       check the target, then start one migration per eligible customer
  mcgdash migrations [--output FORMAT] every migration of the partner (table, json or csv)

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
	fs.Var(&inv.customers, "customer", "routes, migrate: the customer's id (tenant GUID) or domain; migrate takes several")
	fs.StringVar(&inv.target, "target", "", "migrate: the target tenant's id or domain")
	fs.StringVar(&inv.confirm, "confirm", "", "migrate: the target tenant's domain, typed to confirm")
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
	if n := len(inv.customers); n > 0 {
		inv.customer = inv.customers[n-1]
	}
	switch len(positional) {
	case 0:
	case 1:
		inv.command = positional[0]
	default:
		inv.command, inv.args = positional[0], positional[1:]
		if inv.command != "target" {
			return nil, fmt.Errorf("unexpected argument %q after %q", positional[1], positional[0])
		}
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
		fmt.Fprintf(stderr, "mcgdash: %s\nRun 'mcgdash --help' for usage.\n", err)
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
		fmt.Fprintf(stderr, "mcgdash: %s\n", err)
		return exitUsage
	}
	switch inv.command {
	case "", "customers", "routes", "login", "logout", "whoami", "config", "target", "migrate", "migrations":
	default:
		fmt.Fprintf(stderr, "mcgdash: unknown command %q\nRun 'mcgdash --help' for usage.\n", inv.command)
		return exitUsage
	}
	if inv.command == "config" {
		printConfig(stdout, cfg)
		return exitOK
	}
	if inv.command == "customers" || inv.command == "routes" {
		if err := checkFormat(inv.output); err != nil {
			fmt.Fprintf(stderr, "mcgdash: %s\n", err)
			return exitUsage
		}
	}
	if err := checkMigrationArgs(inv); err != nil {
		fmt.Fprintf(stderr, "mcgdash: %s\nRun 'mcgdash --help' for usage.\n", err)
		return exitUsage
	}
	if ref := inv.customer; ref != "" && !model.IsGUID(ref) && !model.IsDomainName(ref) {
		// Said before any sign-in: it is a typo, not a lookup that failed.
		fmt.Fprintf(stderr, "mcgdash: --customer %q is neither a customer id (a GUID) nor a domain\n", model.Sanitize(ref))
		return exitUsage
	}

	log, closeLog, err := openLog(cfg.LogFile)
	if err != nil {
		fmt.Fprintf(stderr, "mcgdash: %s\n", err)
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
		fmt.Fprintf(stderr, "mcgdash: %s\n", oneLine(err.Error()))
		if errors.As(err, new(*usageError)) {
			return exitUsage
		}
		return exitError
	}
	return exitOK
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
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.key, v, src)
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
	fmt.Fprintf(tw, "config file\t%s\t\n", file)
	mode := "sandbox (no tenant configured)"
	switch {
	case cfg.UsesSandbox():
	case cfg.PartnerCenterURL != "":
		mode = "endpoint " + cfg.PartnerCenterURL + " with a bearer token"
	default:
		mode = "tenant " + cfg.Tenant + " in " + string(cfg.Env)
	}
	fmt.Fprintf(tw, "backend\t%s\t\n", mode)
	tw.Flush()
}

// openLog opens the log file (mode 0600, appended) or discards logging.
func openLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("log file: %w", err)
	}
	return slog.New(slog.NewJSONHandler(f, nil)), func() { f.Close() }, nil
}
