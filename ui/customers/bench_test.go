package customers

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/client/sandbox"
	"github.com/mcgdash/mcgdash/model"
)

var datasets = map[int][]model.Customer{}

func dataset(n int) []model.Customer {
	if d, ok := datasets[n]; ok {
		return d
	}
	d := sandbox.Dataset(1, n)
	datasets[n] = d
	return d
}

// loadPages delivers custs in pages of 500, as the pager would.
func loadPages(m *Model, custs []model.Customer) {
	for i := 0; i < len(custs); i += client.MaxPageSize {
		page := custs[i:min(i+client.MaxPageSize, len(custs))]
		m.Update(pageMsg{owner: m, page: client.Page{Customers: page, Total: len(custs)}, done: i+len(page) == len(custs)})
	}
	m.settle() // the view jobs left (their commands are not run here)
}

// BenchmarkFilterKeystroke measures one keystroke in the filter input,
// through Update, over 100,000 loaded customers.
//
// Filtering is done at once, on every core, as before the view jobs: so
// the figures compare with the synchronous filter. Over 20,000 customers
// the app does this work in the background (BenchmarkPagedLoad measures
// the keys).
func BenchmarkFilterKeystroke(b *testing.B) {
	defer func(n int) { asyncFrom = n }(asyncFrom)
	asyncFrom = 1 << 30
	m := New(newContext())
	m.SetSize(200, 50)
	loadPages(m, dataset(100_000))
	press(m, "/")
	for _, word := range []string{"gmbh", "müller"} {
		b.Run("typing-"+word, func(b *testing.B) {
			keys := []rune(word)
			b.ReportAllocs()
			for b.Loop() {
				// esc clears the filter (one full scan) and "/" opens an
				// empty input; then each letter narrows.
				press(m, "esc", "/")
				for _, r := range keys {
					m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
					m.settle() // and the rows it filters
				}
			}
			if m.filterText != word {
				b.Fatalf("filter is %q, want %q", m.filterText, word)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(len(keys)+1)), "ns/keystroke")
		})
	}
	// Alternating between two queries neither of which narrows the other
	// forces a scan of all 100,000 customers on every keystroke.
	b.Run("full-scan", func(b *testing.B) {
		b.ReportAllocs()
		texts := [2]string{"gmbh", "gmbx"}
		n := 0
		for b.Loop() {
			m.applyFilter(texts[n&1])
			m.settle()
			n++
		}
	})
}

// BenchmarkView renders one frame at 200×50: it must not grow with the
// number of customers.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(count(n), func(b *testing.B) {
			m := New(newContext())
			m.SetSize(200, 50)
			loadPages(m, dataset(n))
			for i := range min(n, 20) {
				m.setSummary(m.st.shown[i], []model.Subscription{{Status: model.SubscriptionActive}})
			}
			press(m, "space", "G", "space", "g")
			m.View()
			b.ReportAllocs()
			for b.Loop() {
				press(m, "j")
				_ = m.View()
			}
		})
	}
}

// BenchmarkLoad100k loads 100,000 customers in pages of 500 and reports the
// heap held afterwards.
func BenchmarkLoad100k(b *testing.B) {
	custs := dataset(100_000)
	var held uint64
	b.ReportAllocs()
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m := New(newContext())
		m.SetSize(200, 50)
		loadPages(m, custs)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapInuse - before.HeapInuse
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(held)/(1<<20), "MB-held")
}

// cpuTime is the CPU time the process has used, all threads: on a shared
// machine it says more than the wall clock.
func cpuTime() time.Duration {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// bigStore is a store of n sandbox customers, loaded page by page.
func bigStore(n int) *store {
	custs := dataset(n)
	s := newStore()
	s.reserve(newRoom(n))
	for i := 0; i < n; i += client.MaxPageSize {
		s.add(newBatch(custs[i:min(i+client.MaxPageSize, n)]))
	}
	s.settle()
	return &s
}

// BenchmarkSortMillion sorts 1,000,000 customers by each column, as the
// background job does (keys prepared, pairs sorted, result taken).
func BenchmarkSortMillion(b *testing.B) {
	s := bigStore(1_000_000)
	for _, col := range []column{colDomain, colCountry, colStatus, colName} {
		b.Run(columns()[col].Title, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				s.wantCol, s.resortAll = col, true
				s.settle()
				if s.sortBy != col {
					b.Fatal("sort not taken")
				}
			}
		})
	}
}

// BenchmarkFilterMillion applies filters to 1,000,000 customers: each from
// no filter (a full scan), as a widening keystroke does.
func BenchmarkFilterMillion(b *testing.B) {
	s := bigStore(1_000_000)
	for _, text := range []string{"gmbh", "müller", "country:de", "zzz"} {
		q := model.ParseQuery(text)
		b.Run(text, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				s.setFilter(model.Query{})
				s.settle()
				s.setFilter(q)
				s.settle()
			}
		})
	}
}
