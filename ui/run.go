package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/ui/common"
)

// SignalError is Run's error when a signal (SIGHUP: the SSH session
// dropped; SIGTERM, SIGINT, SIGQUIT) stopped the dashboard. The terminal
// has been given back; the process should exit with ExitCode once its
// deferred clean-up (logs, temporary files) has run.
type SignalError struct {
	Signal syscall.Signal
}

func (e *SignalError) Error() string { return "stopped by " + e.Signal.String() }

// ExitCode is 128 plus the signal's number, as a shell reports it.
func (e *SignalError) ExitCode() int { return 128 + int(e.Signal) }

// CrashError is Run's error after a panic: the terminal has been given
// back and the stack written to File.
type CrashError struct {
	File string
}

func (e *CrashError) Error() string {
	if e.File == "" {
		return "crashed (a bug); the stack could not be saved"
	}
	return "crashed (a bug); the details are in " + e.File
}

// stopSignals are the signals that end the dashboard cleanly.
var stopSignals = []os.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT}

// Run shows the dashboard until the operator quits. c.Ctx is replaced by a
// context that is cancelled when the program ends, so commands still in
// flight stop with it.
//
// A stop signal or a panic gives the terminal back (alternate screen left,
// cursor shown, keyboard modes popped, tty cooked) and makes Run return a
// *SignalError or a *CrashError, so that the caller's deferred clean-up
// runs: no goroutine dump and no stack on the operator's screen. A
// panic's stack goes to Options.LogFile through Options.Log, or to a file
// in the state directory.
func Run(c *common.Context, screens []common.Screen, opts Options, progOpts ...tea.ProgramOption) (err error) {
	parent := c.Ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	c.Ctx = ctx
	app := New(c, screens, opts)

	// Bubble Tea catches panics (in Update, View and commands), restores
	// the terminal and writes the stack to os.Stderr: catch that in a file.
	// Panics in commands are recovered where the frame wraps them and
	// reach it as a PanicMsg (app.crash), on this goroutine.
	crash, restore := captureStderr()
	defer func() {
		restore()
		switch {
		case app.crash != nil:
			err = saveCrash(crash, opts, fmt.Sprintf("panic: %v\n\n%s", app.crash.Value, app.crash.Stack))
		case errors.Is(err, tea.ErrProgramPanic):
			err = saveCrash(crash, opts, "")
		case crash != nil:
			_ = os.Remove(crash.Name())
		}
	}()

	p := tea.NewProgram(app, append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithoutSignalHandler()}, progOpts...)...)
	if opts.Attach != nil {
		opts.Attach(p.Send)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	var caught os.Signal
	done := make(chan struct{})
	defer close(done)
	got := make(chan os.Signal, 1)
	go func() {
		select {
		case s := <-sigs:
			got <- s
			if opts.Log != nil {
				opts.Log.Warn("signal", "signal", s.String())
			}
			p.Kill() // restores the terminal; Run returns ErrProgramKilled
		case <-done:
		}
	}()
	_, runErr := p.Run()
	select {
	case caught = <-got:
	default:
	}
	if s, ok := caught.(syscall.Signal); ok {
		return &SignalError{Signal: s}
	}
	if runErr != nil {
		return fmt.Errorf("run dashboard: %w", runErr)
	}
	return nil
}

// captureStderr points os.Stderr at a new file in the state directory
// until restore is called; nil (and nothing changed) if there is none.
func captureStderr() (*os.File, func()) {
	dir := stateDir()
	if dir == "" {
		return nil, func() {}
	}
	f, err := os.CreateTemp(dir, "crash-*.log")
	if err != nil {
		return nil, func() {}
	}
	old := os.Stderr
	os.Stderr = f
	return f, func() {
		os.Stderr = old
		_ = f.Close()
	}
}

// stateDir is $XDG_STATE_HOME/mcgdash (or ~/.local/state/mcgdash), made if
// need be; "" if there is none.
func stateDir() string {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		base = filepath.Join(home, ".local", "state")
	}
	dir := filepath.Join(base, "mcgdash")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	return dir
}

// saveCrash puts the panic — report, or else what Bubble Tea wrote to the
// capture file — in the log if there is one (and removes the capture), or
// in the capture file, and names where it is.
func saveCrash(crash *os.File, opts Options, report string) error {
	if report == "" && crash != nil {
		b, _ := os.ReadFile(crash.Name())
		report = string(b)
	}
	if opts.LogFile != "" && opts.Log != nil {
		opts.Log.Error("panic", "stack", report, "time", time.Now().UTC().Format(time.RFC3339))
		if crash != nil {
			_ = os.Remove(crash.Name())
		}
		return &CrashError{File: opts.LogFile}
	}
	if crash == nil {
		return &CrashError{}
	}
	if err := os.WriteFile(crash.Name(), []byte(report), 0o600); err != nil {
		return &CrashError{}
	}
	return &CrashError{File: crash.Name()}
}
