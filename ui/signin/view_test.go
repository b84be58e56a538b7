package signin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	xgolden "github.com/charmbracelet/x/exp/golden"

	"github.com/mcgdash/mcgdash/client/auth"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

const (
	testURL    = "https://127.0.0.1:41981/devicelogin"
	testCode   = "AVXWBYSGP"
	testNotice = "sandbox: 127.0.0.1:47443 is in use (another mcgdash?), so this run uses a random port and signs in anew"
	testReason = "not signed in to https://127.0.0.1:41981/8f3c2a1e-5b7d-4c9a-9e21-0d4b6a7c8e01"
)

// shownAt returns the screen at w×h with a code on screen, reached through
// the messages a real sign-in sends (the code is fixed, for the goldens).
func shownAt(w, h int) *Model {
	c := &common.Context{Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany, Sandbox: true}
	m := New(c, nil, Options{})
	m.SetSize(w, h)
	m.Update(common.NeedSignInMsg{Reason: testReason})
	m.Update(codeMsg{attempt: m.attempt, code: auth.DeviceCode{
		UserCode: testCode, VerificationURL: testURL,
		ExpiresOn: time.Date(2026, 1, 2, 10, 23, 0, 0, time.Local),
	}})
	return m
}

// fits checks that every line of the view is within w×h and uncut, and
// returns the lines the root would show.
func fits(t *testing.T, v string, w, h int, strict bool) []string {
	t.Helper()
	lines := strings.Split(ansi.Strip(v), "\n")
	if len(lines) > h && strict {
		t.Errorf("%d lines, want at most %d:\n%s", len(lines), h, ansi.Strip(v))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide, want at most %d: %q", i, lw, w, l)
		}
		if strings.HasSuffix(l, "…") && !strings.HasSuffix(l, "sign in…") {
			t.Errorf("line %d is cut: %q", i, l)
		}
	}
	return lines[:min(len(lines), h)]
}

// TestViewFits: at every size the URL and the code are on screen whole —
// a URL wider than the screen wraps — and nothing is cut with "…". Below
// 40×9, or with a notice too, the view may be taller than the screen, but
// the URL and the code come first and survive the root's clipping at the
// bottom.
func TestViewFits(t *testing.T) {
	for _, s := range []struct {
		w, h   int
		notice string
	}{{100, 28, ""}, {80, 21, ""}, {60, 15, ""}, {40, 9, ""}, {30, 9, ""}, {20, 6, ""},
		{80, 21, testNotice}, {40, 9, testNotice}} {
		t.Run(fmt.Sprintf("%dx%d%s", s.w, s.h, s.notice), func(t *testing.T) {
			m := shownAt(s.w, s.h)
			m.Update(common.NoticeMsg{Text: s.notice})
			lines := fits(t, m.View(), s.w, s.h, s.w >= 40 && s.notice == "")
			joined := ""
			for _, l := range lines {
				joined += strings.TrimSpace(l)
			}
			if !strings.Contains(joined, testURL) {
				t.Errorf("the URL is not whole:\n%s", strings.Join(lines, "\n"))
			}
			if !strings.Contains(joined, "A V X W B Y S G P") && !strings.Contains(joined, testCode) {
				t.Errorf("the code is not whole:\n%s", strings.Join(lines, "\n"))
			}
		})
	}
}

// TestViewCancelledFits: after esc the screen still fits (no column of "…").
func TestViewCancelledFits(t *testing.T) {
	for _, s := range []struct{ w, h int }{{80, 21}, {40, 9}} {
		m := shownAt(s.w, s.h)
		m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
		if m.phase != cancelled {
			t.Fatalf("phase %v after esc", m.phase)
		}
		fits(t, m.View(), s.w, s.h, true)
	}
}

func TestViewGolden(t *testing.T) {
	for _, s := range []struct{ w, h int }{{80, 21}, {40, 9}} {
		t.Run(fmt.Sprintf("%dx%d", s.w, s.h), func(t *testing.T) {
			xgolden.RequireEqual(t, ascii(shownAt(s.w, s.h).View()))
		})
	}
}

// ascii renders s as a terminal with NO_COLOR would show it.
func ascii(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	_, _ = io.WriteString(w, s)
	return b.String()
}

// TestNoticeShown: the startup notice stands above the
// instructions.
func TestNoticeShown(t *testing.T) {
	m := shownAt(80, 21)
	m.Update(common.NoticeMsg{Text: testNotice})
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	if i, j := strings.Index(v, testNotice), strings.Index(v, "open"); i < 0 || i > j {
		t.Errorf("the notice is not above the instructions:\n%s", ansi.Strip(m.View()))
	}
}
