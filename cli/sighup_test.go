//go:build unix

package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// ptyRun is the binary running under a pseudo-terminal, with what it has
// written so far.
type ptyRun struct {
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	more chan struct{}
	done chan struct{}
}

func startPTY(t *testing.T, bin string, env []string, args ...string) *ptyRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 160, Rows: 48})
	if err != nil {
		t.Fatal(err)
	}
	r := &ptyRun{cmd: cmd, tty: tty, more: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			select {
			case r.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = tty.Close()
	})
	return r
}

// waitFor waits until the screen's text (escapes stripped) holds want.
func (r *ptyRun) waitFor(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		text := ansi.Strip(r.out.String())
		r.mu.Unlock()
		// The renderer redraws only the cells that changed: a space
		// already on screen where the new line has one is skipped with a
		// cursor move, so compare without spaces too.
		if strings.Contains(strings.ReplaceAll(text, "\r", ""), want) || strings.Contains(noSpace(text), noSpace(want)) {
			return
		}
		select {
		case <-r.more:
		case <-r.done:
			r.mu.Lock()
			text = ansi.Strip(r.out.String())
			r.mu.Unlock()
			if !strings.Contains(text, want) {
				t.Fatalf("the program ended without showing %q:\n%s", want, tail(text))
			}
			return
		case <-deadline.C:
			t.Fatalf("%q not shown within %v:\n%s", want, within, tail(text))
		}
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

// TestSIGHUPMidMigration: migrations started with `mcgdash migrate`; the
// dashboard, under a pseudo-terminal, shows them running and gets SIGHUP
// (the SSH session dropped): it exits 129 with the terminal given back;
// the migrations go on (the list shows them further along); and the next
// start of the dashboard reports what became of them.
func TestSIGHUPMidMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mcgdash")
	build := exec.Command("go", "build", "-o", bin, "github.com/mcgdash/mcgdash")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	home := filepath.Join(dir, "home")
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
		"XDG_STATE_HOME="+home+"/.state", "TERM=xterm-256color", "NO_COLOR=")
	addr := freeAddr(t)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, append(args, "--sandbox-addr", addr)...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil {
			t.Logf("%s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stdout.String(), err
	}
	out, err := run("customers", "-o", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	var ids []string
	for _, r := range rows[1:13] {
		ids = append(ids, r[0])
	}
	// Speed 6: a migration takes 40 seconds, a phase a few.
	out, _ = run("migrate", "--sandbox-speed", "6", "--customer", strings.Join(ids, ","), "--target", "contosoeu.onmicrosoft.com",
		"--confirm", "contosoeu.onmicrosoft.com", "-o", "json")
	var started []struct {
		Result      string `json:"result"`
		MigrationID string `json:"migrationId"`
	}
	if err := json.Unmarshal([]byte(out), &started); err != nil {
		t.Fatalf("migrate -o json: %v\n%s", err, out)
	}
	var migs []string
	for _, s := range started {
		if s.MigrationID != "" {
			migs = append(migs, s.MigrationID)
		}
	}
	if len(migs) < 3 {
		t.Fatalf("only %d migrations started:\n%s", len(migs), out)
	}

	progress := func(id string) float64 {
		out, err := run("migrations", "-o", "json")
		if err != nil {
			t.Fatal(err)
		}
		var all []migrationJSON
		if err := json.Unmarshal([]byte(out), &all); err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			if m.ID == id {
				return m.Progress
			}
		}
		t.Fatalf("migration %s not listed", id)
		return 0
	}
	dash := startPTY(t, bin, env, "--sandbox-addr", addr)
	dash.waitFor(t, "Migrations", 60*time.Second)
	if _, err := dash.tty.Write([]byte("3")); err != nil {
		t.Fatal(err)
	}
	dash.waitFor(t, "still running", 60*time.Second)
	dash.waitFor(t, "running", 20*time.Second)
	if err := dash.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	err = dash.cmd.Wait()
	<-dash.done
	var exit *exec.ExitError
	if !errorsAs(err, &exit) || exit.ExitCode() != 129 {
		t.Errorf("after SIGHUP: %v, want exit status 129", err)
	}
	dash.mu.Lock()
	raw := dash.out.String()
	dash.mu.Unlock()
	if !strings.Contains(raw, "\x1b[?1049l") {
		t.Error("the alternate screen was not left after SIGHUP")
	}

	// The migrations go on without the dashboard.
	before := progress(migs[0])
	deadline := time.Now().Add(60 * time.Second)
	for progress(migs[0]) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the migration did not advance after the dashboard ended (%.2f)", before)
		}
	}

	// The next start says what became of them.
	again := startPTY(t, bin, env, "--sandbox-addr", addr)
	again.waitFor(t, "Since the last run, of the migrations started here:", 60*time.Second)
	_, _ = again.tty.Write([]byte("\x03"))
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

func errorsAs(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*target = e
	}
	return ok
}
