package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/ui/common"
)

// TestWarningWithTTL: a throttle line ("waiting 13 s") is a warning that
// goes when its wait is over, and shows in the status bar meanwhile.
func TestWarningWithTTL(t *testing.T) {
	a, _, _ := newApp(80, 24, Options{})
	_, cmd := a.Update(common.StatusMsg{Level: common.Warning, Text: "throttled by Partner Center, waiting 13 s", TTL: time.Millisecond})
	if !strings.Contains(statusBar(a), "throttled by Partner Center, waiting 13 s") {
		t.Fatalf("status bar %q", statusBar(a))
	}
	if cmd == nil {
		t.Fatal("no expiry for a warning with a TTL")
	}
	deliver[statusExpiredMsg](a, cmd)
	if statusText(a) != "" {
		t.Errorf("the throttle line outlived its wait: %q", statusText(a))
	}
}
