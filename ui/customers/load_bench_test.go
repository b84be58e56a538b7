package customers

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

// keyAt is a key press stamped with when the operator pressed it.
type keyAt struct {
	key  tea.KeyPressMsg
	sent time.Time
}

// loadRun is what one paged load through the sandbox measured.
type loadRun struct {
	total     time.Duration
	worstPage time.Duration   // longest Update of one page
	pages     []time.Duration // every page's Update
	keys      []time.Duration // press → Update and View done, per key
	keysAfter []time.Duration // the same once loaded (sorts, moves, filters)
	rows      []time.Duration // press → the rows it filters shown, per key
	heldMB    float64
}

// afterLoad is how long keys go on once every customer is loaded.
const afterLoad = 3 * time.Second

// loadThroughSandbox loads n customers from an in-process sandbox over
// HTTPS, as the app does, running commands concurrently like Bubble Tea:
// one loop goroutine takes messages one at a time. While pages arrive, a
// key (filter letters, backspaces, cursor moves) is pressed every 50 ms;
// its latency is the time from the press until Update and View of that
// key are done, waiting in the queue included.
func loadThroughSandbox(tb testing.TB, n, rateLimit int) loadRun {
	srv, err := sandbox.Start(sandbox.Options{Customers: n, RateLimit: rateLimit})
	if err != nil {
		tb.Fatal(err)
	}
	defer srv.Close()
	cl, err := client.New(client.Options{BaseURL: srv.URL(), HTTPClient: srv.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		tb.Fatal(err)
	}
	c := newContext()
	c.Partner = cl
	m := New(c)
	m.SetSize(120, 40)

	msgs := make(chan tea.Msg, 4096)
	var pending sync.WaitGroup
	var run func(tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		pending.Add(1)
		go func() {
			defer pending.Done()
			switch msg := cmd().(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			default:
				msgs <- msg
			}
		}()
	}

	var r loadRun
	start := time.Now()
	stop := make(chan struct{})
	keysDone := make(chan struct{})
	var loaded atomic.Bool
	go func() {
		defer close(keysDone)
		script := []string{"/", "g", "m", "b", "h", "down", "down", "backspace", "backspace", "backspace", "backspace", "down", "up"}
		// Once loaded: sorts of every customer, moves and filters.
		after := []string{"s", "j", "j", "k", "pgdown", "S", "/", "x", "backspace", "enter", "G", "g"}
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for k, a := 0, 0; ; k++ {
			select {
			case <-stop:
				return
			case now := <-t.C:
				key := script[k%len(script)]
				if k > 0 && key == "/" {
					key = "down" // the input stays open after the first
				}
				if loaded.Load() {
					key = after[a%len(after)]
					if a == 0 {
						key = "enter" // close the filter input
					}
					a++
				}
				msgs <- keyAt{keytest.Press(key), now}
			}
		}
	}()
	run(m.Init())
	var waiting []time.Time  // keys whose filter is not applied yet
	var end <-chan time.Time // the end of the keys after loading
	for done := false; !done; {
		var msg tea.Msg
		select {
		case msg = <-msgs:
		case <-end:
			done = true
			continue
		}
		if k, ok := msg.(keyAt); ok && end != nil {
			_, cmd := m.Update(k.key)
			_ = m.View()
			r.keysAfter = append(r.keysAfter, time.Since(k.sent))
			run(cmd)
			continue
		}
		if k, ok := msg.(keyAt); ok {
			waiting = append(waiting, k.sent)
		}
		switch msg := msg.(type) {
		case keyAt:
			_, cmd := m.Update(msg.key)
			_ = m.View()
			r.keys = append(r.keys, time.Since(msg.sent))
			run(cmd)
		case pageMsg:
			t0 := time.Now()
			_, cmd := m.Update(msg)
			r.worstPage = max(r.worstPage, time.Since(t0))
			r.pages = append(r.pages, time.Since(t0))
			_ = m.View()
			run(cmd)
			if msg.done || msg.err != nil {
				if msg.err != nil {
					tb.Fatal(msg.err)
				}
				r.total = time.Since(start)
				loaded.Store(true)
				end = time.After(afterLoad)
			}
		default:
			_, cmd := m.Update(msg)
			_ = m.View()
			run(cmd)
		}
		if m.st.filtered() {
			for _, t := range waiting {
				r.rows = append(r.rows, time.Since(t))
			}
			waiting = waiting[:0]
		}
	}
	close(stop)
	<-keysDone
	m.settle()
	if m.st.len() != n || len(m.st.order) != n {
		tb.Fatalf("loaded %d customers, %d in order, want %d", m.st.len(), len(m.st.order), n)
	}
	srv.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.heldMB = float64(ms.HeapInuse) / (1 << 20)
	runtime.KeepAlive(m)
	// Let the debounce ticks and subscription calls left behind finish.
	go func() {
		for range msgs {
		}
	}()
	pending.Wait()
	close(msgs)
	return r
}

// BenchmarkPagedLoad loads 100,000 and 1,000,000 customers through the
// sandbox (rate limit off) and reports the total time, the longest page
// on the UI loop, the worst and 99th-percentile keystroke latency during
// the load and the heap in use afterwards (sandbox included):
//
//	go test -run '^$' -bench PagedLoad -benchtime 1x ./ui/customers
func BenchmarkPagedLoad(b *testing.B) {
	for _, n := range []int{100_000, 200_000, 1_000_000} {
		b.Run(count(n), func(b *testing.B) {
			var r loadRun
			start := cpuTime()
			for b.Loop() {
				r = loadThroughSandbox(b, n, -1)
			}
			reportCPU(b, start)
			keys := slices.Clone(r.keys)
			slices.Sort(keys)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(r.total.Seconds(), "s-total")
			b.ReportMetric(ms(r.worstPage), "ms-worst-page")
			pages := slices.Clone(r.pages)
			slices.Sort(pages)
			b.ReportMetric(ms(pages[len(pages)*99/100]), "ms-p99-page")
			b.ReportMetric(ms(pages[len(pages)/2]), "ms-p50-page")
			if len(keys) > 0 {
				b.ReportMetric(ms(keys[len(keys)-1]), "ms-worst-key")
				b.ReportMetric(ms(keys[len(keys)*99/100]), "ms-p99-key")
				b.ReportMetric(ms(keys[len(keys)/2]), "ms-p50-key")
				b.ReportMetric(float64(len(keys)), "keys")
			}
			if after := slices.Clone(r.keysAfter); len(after) > 0 {
				slices.Sort(after)
				b.ReportMetric(ms(after[len(after)-1]), "ms-worst-key-after")
				b.ReportMetric(ms(after[len(after)*99/100]), "ms-p99-key-after")
			}
			if rows := slices.Clone(r.rows); len(rows) > 0 {
				slices.Sort(rows)
				b.ReportMetric(ms(rows[len(rows)/2]), "ms-p50-rows")
				b.ReportMetric(ms(rows[len(rows)*99/100]), "ms-p99-rows")
			}
			b.ReportMetric(r.heldMB, "MB-heap")
		})
	}
}
