package ui

import (
	"context"
	"errors"
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

// TestRunPanic: a panic gives a CrashError naming the log file, and the
// stack is in that file, not on the screen.
func TestRunPanic(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	logPath := filepath.Join(t.TempDir(), "mcgdash.log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var screen strings.Builder
	c := &common.Context{Ctx: context.Background(), Env: model.EnvGermany}
	err = Run(c, []common.Screen{&panicky{fake{id: "x", title: "X"}}}, Options{LogFile: logPath, Log: slog.New(slog.NewJSONHandler(f, nil))},
		tea.WithInput(strings.NewReader("")), tea.WithOutput(&screen), tea.WithWindowSize(80, 24))
	var crash *CrashError
	if !errors.As(err, &crash) || crash.File != logPath {
		t.Fatalf("Run returned %v, want a CrashError naming %s", err, logPath)
	}
	b, _ := os.ReadFile(logPath)
	if !strings.Contains(string(b), "boom in a command") || !strings.Contains(string(b), "goroutine") {
		t.Errorf("the log lacks the panic and its stack:\n%s", b)
	}
	if strings.Contains(screen.String(), "goroutine") {
		t.Error("the stack reached the screen")
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_STATE_HOME"), "mcgdash", "crash-*.log")); len(left) != 0 {
		t.Errorf("capture files left behind: %v", left)
	}
}
