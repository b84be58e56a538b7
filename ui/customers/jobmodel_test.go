package customers

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

// The screen over many customers, driven through Update with real keys
// and pages while its view jobs run as commands on other goroutines, as
// Bubble Tea runs them, their results arriving whenever: once all is
// done, the store is exactly what a brute force gives, and the marks the
// records hold are the marks.
func TestScreenWhileJobsRun(t *testing.T) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 300
	custs := dataset(3_000)
	filters := []string{"gmbh", "gm", "!gmbh", "status:sus", "marked:yes", "!marked:yes", "decision:mig", "müller", "mül", "ag"}
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			m := newModel(newContext())
			m.SetSize(120, 20)
			msgs := make(chan tea.Msg, 1024)
			var wg sync.WaitGroup
			// run runs a command's parts concurrently; view job results
			// come back on msgs.
			var run func(tea.Cmd)
			run = func(cmd tea.Cmd) {
				if cmd == nil {
					return
				}
				wg.Go(func() {
					switch msg := cmd().(type) {
					case tea.BatchMsg:
						for _, c := range msg {
							run(c)
						}
					case jobMsg:
						msgs <- msg
					}
				})
			}
			update := func(msg tea.Msg) { run(m.Update2(msg)) }
			keys := func(ks ...string) {
				for _, k := range ks {
					update(keytest.Press(k))
				}
			}
			next := 0
			for step := range 300 {
				switch op := rng.IntN(13); {
				case op < 3 && next < len(custs):
					n := min(250, len(custs)-next)
					update(pageMsg{owner: m, page: client.Page{Customers: custs[next : next+n], Total: len(custs)}, done: next+n == len(custs)})
					next += n
				case op == 3:
					keys("/", "ctrl+u")
					for _, r := range filters[rng.IntN(len(filters))] {
						update(tea.KeyPressMsg{Code: r, Text: string(r)})
					}
					keys([]string{"enter", "esc"}[rng.IntN(2)])
				case op == 4:
					keys([]string{"s", "S"}[rng.IntN(2)])
				case op == 5:
					keys([]string{"j", "k", "pgdown", "pgup"}[rng.IntN(4)])
				case op == 6:
					keys([]string{"space", "A", "I", "U"}[rng.IntN(4)])
				case op == 7:
					keys("d", []string{"m", "s", "x"}[rng.IntN(3)])
				case op == 8 && m.st.len() > 0:
					i := int32(rng.IntN(m.st.len()))
					m.setSummary(i, []model.Subscription{{Status: []model.SubscriptionStatus{model.SubscriptionActive, model.SubscriptionSuspended}[rng.IntN(2)]}})
				case op == 9 && m.st.len() > 0:
					// A fresher copy by id (a profile): renamed, moved.
					c := m.st.customer(int32(rng.IntN(m.st.len())))
					c.CompanyName = fmt.Sprintf("%c renamed %d", 'A'+rng.IntN(26), step)
					c.Country = []string{"DE", "AT", ""}[rng.IntN(3)]
					m.setProfile(c.ID, c)
				default:
					// A job's result arrives, if one is done.
					select {
					case msg := <-msgs:
						update(msg)
					default:
					}
				}
			}
			// Everything arrives.
			for {
				wg.Wait()
				select {
				case msg := <-msgs:
					update(msg)
					continue
				default:
				}
				if m.st.job == nil {
					break
				}
			}
			checkStore(t, &m.st)
			for i := range m.st.recs {
				_, marked := m.marked[m.st.id(int32(i))]
				if m.st.recs[i].Marked() != marked {
					t.Fatalf("customer %d: record marked %v, marks say %v", i, m.st.recs[i].Marked(), marked)
				}
			}
			if m.tbl.Cursor() >= max(len(m.st.shown), 1) {
				t.Fatalf("cursor %d of %d rows", m.tbl.Cursor(), len(m.st.shown))
			}
		})
	}
}
