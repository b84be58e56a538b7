// Package cli turns command-line arguments, the environment and the config
// file into a running mcgdash: the dashboard, or one of the scriptable
// commands. It wires client, sandbox, sign-in and ui together; main.go only
// calls Main.
//
// The command line is built with cobra and styled by fang. Each sub-command
// lives in its own cmd_*.go file and registers itself in init (see
// register); a command that needs Partner Center wraps its body with
// app.withBackend, which loads the config, opens the backend and signs in.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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

// usageError is a mistake on the command line or in the configuration: exit
// status 2, and a pointer to the help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// partialError is a failure after part of the output was written: the
// message says how much, so a script's reader knows the output is cut.
type partialError struct {
	err  error
	rows int
	what string // "customers"
}

func (e partialError) Error() string {
	return fmt.Sprintf("%s; the output is incomplete: %s %s written before the failure", e.err, count(e.rows), e.what)
}
func (e partialError) Unwrap() error { return e.err }

// count writes n with thousands separators: 12,345.
func count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// app is one run of mcgdash: where it writes, the flags every command
// shares, and the configuration once it is loaded.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	root           *cobra.Command
	argv           []string

	configPath string
	cfg        *Config
	loadErr    error
	loaded     bool
	log        *slog.Logger
	closers    []func()
}

// commands holds a builder per sub-command; each cmd_*.go file appends its
// own in init, so adding a command touches no other file.
var commands []func(*app) *cobra.Command

// register adds a sub-command builder (call it from init).
func register(build func(*app) *cobra.Command) { commands = append(commands, build) }

// Main runs mcgdash with args (without the program name) and returns the
// process exit status. Errors are one clear line on stderr.
func Main(args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, getenv: os.Getenv, argv: args}
	defer a.close()
	root := a.newRoot()
	root.SetArgs(args)
	version, commit := buildVersion(debug.ReadBuildInfo())
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version), fang.WithCommit(commit),
		fang.WithErrorHandler(a.printError),
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM),
		fang.WithoutManpage(),
	)
	var stopped interface{ ExitCode() int }
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &stopped):
		// A signal ended the dashboard: the terminal is back, and the
		// deferred clean-up (log, temporary token cache) runs on return.
		return stopped.ExitCode()
	case isUsage(err):
		return exitUsage
	default:
		return exitError
	}
}

// printError writes err as one line; a usage error points at the help of
// the command that was run.
func (a *app) printError(w io.Writer, _ fang.Styles, err error) {
	if errors.As(err, new(interface{ ExitCode() int })) {
		return // stopped by a signal: nothing went wrong
	}
	line := "mcgdash: " + errText(err)
	if isUsage(err) {
		line += " (see '" + a.helpFor() + "')"
	}
	fmt.Fprintln(w, line)
}

// helpFor is the help command for what the operator typed.
func (a *app) helpFor() string {
	cmd, _, err := a.root.Find(a.argv)
	if err != nil || cmd == nil {
		cmd = a.root
	}
	return cmd.CommandPath() + " --help"
}

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra's own usage errors: it has no type for them.
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "bad flag syntax", "accepts ", "requires at least", "requires at most", "unknown help topic", "invalid args"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
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

// buildVersion is the module version and the commit from the build info:
// a release says v1.2.0, a build in a checkout the pseudo-version Go stamps
// (with +dirty for local changes), go run says (devel).
func buildVersion(info *debug.BuildInfo, ok bool) (version, commit string) {
	if !ok || info == nil {
		return "unknown", ""
	}
	version = info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && !strings.HasSuffix(version, "+dirty") {
		version += " (modified)"
	}
	return version, commit
}

// newRoot builds the command tree: the dashboard at the root, every
// registered sub-command under it, and a flag per setting on all of them.
func (a *app) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "mcgdash",
		Short: "A terminal dashboard for Partner Center for Microsoft Cloud Germany",
		Long: `mcgdash — a terminal dashboard for Partner Center for Microsoft Cloud Germany.

Without a command it opens the dashboard: the embedded sandbox when no tenant is set,
otherwise Partner Center for --env germany or global.

Each setting is a flag --NAME, an environment variable MCGDASH_NAME (upper case, - as _)
and a key in the config file; a flag wins over the environment, which wins over the file.
A token for --partner-center-url comes from MCGDASH_ACCESS_TOKEN or --access-token-file.`,
		Example: `  mcgdash                                    # the dashboard, on the sandbox
  mcgdash --sandbox-customers 100000         # a large partner
  mcgdash --env germany --tenant contoso.onmicrosoft.de --client-id <app id>
  mcgdash customers --output csv > customers.csv`,
		Args:              a.noArgs,
		RunE:              a.runDashboardCmd,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	a.root = root
	root.SuggestionsMinimumDistance = 2
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	for _, s := range settings {
		if s.isBool() {
			pf.Bool(s.key, s.def == "true", s.usage)
		} else {
			pf.String(s.key, s.def, s.usage)
		}
	}
	pf.StringVar(&a.configPath, "config", "", "config file (MCGDASH_CONFIG; default: the user config dir's mcgdash/config.toml or .yaml)")
	_ = root.RegisterFlagCompletionFunc("env", fixedCompletions("germany", "global"))
	_ = root.RegisterFlagCompletionFunc("config", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"toml", "yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	})
	for _, build := range commands {
		root.AddCommand(build(a))
	}
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help about any command: its usage, flags and examples (the same as COMMAND --help).",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, sub := range c.Root().Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, sub.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return usageErrorf("no help for %q: not a command", strings.Join(args, " "))
			}
			return cmd.Help()
		},
	})
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  source <(mcgdash completion bash)\n  mcgdash completion zsh > \"${fpath[1]}/_mcgdash\"\n  mcgdash completion fish > ~/.config/fish/completions/mcgdash.fish"
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErrorf("no completion for %q: use bash, zsh, fish or powershell", args[0])
				}
				return cmd.Help()
			}
		}
	}
	return root
}

// noArgs refuses positional arguments as a usage error that names them.
func (a *app) noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if !cmd.HasParent() {
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		}
		return usageError{errors.New(msg)}
	}
	return usageErrorf("unexpected argument %q after %q", args[0], cmd.Name())
}

// fixedCompletions completes a flag's value from a fixed list.
func fixedCompletions(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// outputFlag adds --output (-o) with the formats the command writes; the
// first is the default.
func outputFlag(cmd *cobra.Command, dst *string, formats ...string) {
	cmd.Flags().StringVarP(dst, "output", "o", formats[0], "output format: "+orList(formats))
	_ = cmd.RegisterFlagCompletionFunc("output", fixedCompletions(formats...))
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if !slices.Contains(formats, *dst) {
			return usageErrorf("unknown output format %q: use %s", *dst, orList(formats))
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

func orList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// load resolves the configuration once: the flags of cmd that were given,
// the environment and the config file. A bad value is a usage error.
func (a *app) load(cmd *cobra.Command) error {
	if a.loaded {
		return a.loadErr
	}
	a.loaded = true
	flags := map[string]string{}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if _, ok := settingByKey(f.Name); ok {
			flags[f.Name] = f.Value.String()
		}
	})
	path := a.configPath
	if path == "" {
		path = a.getenv("MCGDASH_CONFIG")
	}
	cfg, err := loadConfig(flags, a.getenv, path)
	if err != nil {
		a.cfg = cfg // may be partial: `mcgdash config` shows what it could
		a.loadErr = usageError{err}
		return a.loadErr
	}
	a.cfg = cfg
	for _, w := range cfg.Warnings {
		fmt.Fprintln(a.stderr, "mcgdash: warning: "+w)
	}
	log, closeLog, err := openLog(cfg.LogFile)
	if err != nil {
		a.loadErr = err
		return err
	}
	a.log = log
	a.closers = append(a.closers, closeLog)
	return nil
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}

// open loads the config and opens the backend (sandbox, tenant or
// endpoint), printing its notice, and throttle waits, on stderr.
func (a *app) open(cmd *cobra.Command) (*backend, error) {
	if err := a.load(cmd); err != nil {
		return nil, err
	}
	b, err := openBackend(a.cfg, a.log, throttleLine(a.stderr))
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, b.Close)
	if b.notice != "" {
		fmt.Fprintln(a.stderr, b.notice)
	}
	return b, nil
}

// withBackend adapts a command body that needs a signed-in Partner Center:
// it loads the config, opens the backend, signs in (the sandbox approves by
// itself; a real tenant needs 'mcgdash login' first) and ties every call to
// one correlation id. Flags the body needs are captured by its closure.
func (a *app) withBackend(run func(ctx context.Context, b *backend, stdout, stderr io.Writer) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		b, err := a.open(cmd)
		if err != nil {
			return err
		}
		ctx := client.WithCorrelationID(cmd.Context(), client.NewGUID())
		if err := b.ensureSignedIn(ctx, a.stderr); err != nil {
			return err
		}
		return run(ctx, b, a.stdout, a.stderr)
	}
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
