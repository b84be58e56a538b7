package migrations

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
)

// synthetic returns n migrations at various points of their phases, with
// events for the first few.
func synthetic(n int, now time.Time) []model.Migration {
	out := make([]model.Migration, n)
	for i := range out {
		start := now.Add(-time.Duration(i%240) * time.Second)
		cur := i % len(model.MigrationPhases)
		m := model.Migration{ID: fmt.Sprintf("mig-%05d", i), CustomerTenantID: fmt.Sprintf("tenant-%05d", i),
			CustomerName: fmt.Sprintf("Kunde %d Maschinenbau GmbH & Co. KG", i), TargetTenantID: "2b6e9d40-1c3a-4f85-b7e2-93a0c5d1f402",
			Status: model.MigrationProcessing, CurrentPhase: model.MigrationPhases[cur].Code, StartedTime: start, LastModified: start}
		if i%7 == 0 {
			m.Status, m.FailureReason = model.MigrationFailed, "Mailbox move batch stalled: 3 mailboxes exceeded the 100 GB move limit; reduce them and retry."
		}
		for k, p := range model.MigrationPhases {
			pp := model.PhaseProgress{Code: p.Code, Name: p.Name, Status: model.PhasePending}
			switch {
			case k < cur:
				pp.Status, pp.StartedTime, pp.CompletedTime = model.PhaseCompleted, start, start.Add(time.Second)
			case k == cur && m.Status == model.MigrationFailed:
				pp.Status, pp.StartedTime, pp.CompletedTime, pp.FailureReason = model.PhaseFailed, start, start.Add(2*time.Second), m.FailureReason
			case k == cur:
				pp.Status, pp.StartedTime = model.PhaseRunning, start
			}
			m.Phases = append(m.Phases, pp)
		}
		out[i] = m
	}
	return out
}

func benchScreen(b *testing.B, n, pins, w, h int) *Model {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &common.Context{Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany, Width: w, Height: h}
	m := New(c, Options{Now: func() time.Time { return now }})
	m.SetSize(w, h)
	m.visible = true
	m.Update(listMsg{migrations: synthetic(n, now)})
	for k := range pins {
		id := m.all[m.shown[200+k*3]].ID
		m.pins = append(m.pins, id)
		p := &pane{id: id, fetched: now}
		for e := range 30 {
			p.events = append(p.events, model.MigrationEvent{Time: now.Add(time.Duration(e) * time.Second), Type: "phaseStarted", Message: "Exchange Online started."})
		}
		m.panes[id] = p
	}
	m.layout()
	return m
}

// BenchmarkFrame is the dashboard's frame with 1,000 migrations and four
// pinned panes (compare ui/customers BenchmarkView).
func BenchmarkFrame(b *testing.B) {
	for _, size := range []struct {
		name       string
		w, h, pins int
	}{{"160x48-4pins", 160, 48, 4}, {"200x50-4pins", 200, 50, 4}, {"80x24-4pins", 80, 24, 4}, {"160x48-nopins", 160, 48, 0}} {
		b.Run(size.name, func(b *testing.B) {
			m := benchScreen(b, 1000, size.pins, size.w, size.h)
			if got := len(m.shownPanes()); size.pins > 0 && size.w >= 160 && got != 4 {
				b.Fatalf("%d panes shown, want 4", got)
			}
			_ = m.View()
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkRefresh is one list refresh of 1,000 migrations arriving.
func BenchmarkRefresh(b *testing.B) {
	m := benchScreen(b, 1000, 4, 160, 48)
	list := synthetic(1000, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	b.ReportAllocs()
	for b.Loop() {
		m.setMigrations(list)
	}
}

// BenchmarkFrameSpin is the same frame when every pane must be drawn anew
// (the spinner turned, or events arrived): the worst case, every 150 ms.
func BenchmarkFrameSpin(b *testing.B) {
	m := benchScreen(b, 1000, 4, 160, 48)
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		m.spinFrame++
		_ = m.View()
	}
}
