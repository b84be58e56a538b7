package migrations

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/statusbar"
)

// TestHintsAt80Columns: the status bar shows the screen's most important
// keys at 80 columns (and at 60 and 160), not none because the whole list
// is too wide.
func TestHintsAt80Columns(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.start(2)
	bar := statusbar.New(theme.New(true))
	helpKey := key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help"))
	quitKey := key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))
	for _, w := range []int{60, 80, 160} {
		m := r.screen(w, 24)
		r.feed(m.Init())
		r.feed(m.Activate())
		keys := append(append([]key.Binding{helpKey}, m.ShortHelp()...), quitKey)
		got := plain(bar.Render(common.StatusMsg{}, "", keys, w))
		for _, want := range []string{"? help", "enter open", "/ filter"} {
			if !strings.Contains(got, want) {
				t.Errorf("%d columns: hints %q lack %q", w, got, want)
			}
		}
		if len([]rune(got)) > w {
			t.Errorf("%d columns: hints %d wide", w, len([]rune(got)))
		}
		if w >= 80 && !strings.Contains(got, "r retry") {
			t.Errorf("%d columns: hints %q lack r retry", w, got)
		}
	}
	// Whatever the width, some hints show and none overflow.
	keys := append(append([]key.Binding{helpKey}, r.m.ShortHelp()...), quitKey)
	for w := 20; w <= 200; w++ {
		got := plain(bar.Render(common.StatusMsg{}, "", keys, w))
		if !strings.Contains(got, "? help") || len([]rune(got)) > w {
			t.Errorf("%d columns: hints %q", w, got)
		}
	}
}
