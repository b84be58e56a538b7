package ui

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// panicky is a screen whose first command panics.
type panicky struct{ fake }

func (p *panicky) Init() tea.Cmd {
	return func() tea.Msg { panic("boom in a command") }
}

// panickyUpdate is a screen whose Update panics on a key.
type panickyUpdate struct{ fake }

func (p *panickyUpdate) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		panic("boom in Update")
	}
	return p, nil
}

// TestRunPanic: a panic in a command or in Update gives a CrashError
// naming the log file, and the stack is in that file, not on the screen;
// without a log it is in a file in the state directory.
func TestRunPanic(t *testing.T) {
	t.Run("command", func(t *testing.T) {
		testRunPanic(t, &panicky{fake{id: "x", title: "X"}}, "", "boom in a command")
	})
	t.Run("update", func(t *testing.T) {
		testRunPanic(t, &panickyUpdate{fake{id: "x", title: "X"}}, "x", "boom in Update")
	})
	t.Run("no log", func(t *testing.T) {
		state := t.TempDir()
		t.Setenv("XDG_STATE_HOME", state)
		c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
		err := Run(c, []common.Screen{&panicky{fake{id: "x", title: "X"}}}, Options{},
			tea.WithInput(strings.NewReader("")), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
		var crash *CrashError
		if !errors.As(err, &crash) || !strings.HasPrefix(crash.File, filepath.Join(state, "mcgdash")) {
			t.Fatalf("Run returned %v, want a CrashError naming a file in the state directory", err)
		}
		if b, _ := os.ReadFile(crash.File); !strings.Contains(string(b), "boom in a command") {
			t.Errorf("the crash file lacks the panic:\n%s", b)
		}
	})
}

func testRunPanic(t *testing.T, screen common.Screen, input, want string) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	logPath := filepath.Join(t.TempDir(), "mcgdash.log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	err = Run(c, []common.Screen{screen}, Options{LogFile: logPath, Log: slog.New(slog.NewJSONHandler(f, nil))},
		tea.WithInput(strings.NewReader(input)), tea.WithOutput(&out), tea.WithWindowSize(80, 24))
	var crash *CrashError
	if !errors.As(err, &crash) || crash.File != logPath {
		t.Fatalf("Run returned %v, want a CrashError naming %s", err, logPath)
	}
	b, _ := os.ReadFile(logPath)
	if !strings.Contains(string(b), want) || !strings.Contains(string(b), "goroutine") {
		t.Errorf("the log lacks the panic and its stack:\n%s", b)
	}
	if strings.Contains(out.String(), "goroutine") {
		t.Error("the stack reached the screen")
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_STATE_HOME"), "mcgdash", "crash-*.log")); len(left) != 0 {
		t.Errorf("capture files left behind: %v", left)
	}
}
