package ui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
	"github.com/mcgdash/mcgdash/ui/routes"
)

// benchFrame is the whole frame with n sandbox customers loaded, at w×h.
func benchFrame(b *testing.B, n, w, h int) *App {
	b.Helper()
	srv, err := sandbox.Start(sandbox.Options{Customers: n, RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	pc, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		b.Fatal(err)
	}
	c := &common.Context{Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany, Sandbox: true, Partner: pc}
	a := New(c, []common.Screen{customers.New(c), routes.New(c)}, Options{})
	a.statusTTL = time.Nanosecond // status lines expire at once: no waiting
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	// Run the loop by hand until loading is done: pages in, nothing else.
	queue := []tea.Cmd{a.Init()}
	for len(queue) > 0 {
		cmd := queue[0]
		queue = queue[1:]
		if cmd == nil {
			continue
		}
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			_, next := a.Update(msg)
			queue = append(queue, next)
		}
	}
	return a
}

// BenchmarkFrame renders the whole frame (header, tabs, table, status bar)
// with 10,000 customers loaded.
func BenchmarkFrame(b *testing.B) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"200x60", 200, 60}} {
		b.Run(size.name, func(b *testing.B) {
			a := benchFrame(b, 10_000, size.w, size.h)
			_ = a.View()
			b.ReportAllocs()
			for b.Loop() {
				_ = a.View()
			}
		})
	}
}

// BenchmarkFrameKeystroke is one key (j, cursor down) through the root's
// Update and the frame rendered after it.
func BenchmarkFrameKeystroke(b *testing.B) {
	a := benchFrame(b, 10_000, 200, 60)
	j, k := keytest.Press("j"), keytest.Press("k")
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		// Alternate down and up so the cursor stays in the same place.
		if n&1 == 0 {
			a.Update(j)
		} else {
			a.Update(k)
		}
		n++
		_ = a.View()
	}
}
