package customers

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
)

// BenchmarkListCompare types the same words, letter by letter, into the
// customers screen and into bubbles' list.DefaultFilter (sahilm/fuzzy)
// over the same 100,000 customers, so one run shows both side by side:
//
//	go test -run '^$' -bench ListCompare -benchmem ./ui/customers
//
// The mcgdash figure includes resetting the filter to empty (one full
// scan) before each word, which counts against it.
func BenchmarkListCompare(b *testing.B) {
	custs := dataset(100_000)
	targets := make([]string, len(custs))
	for i, c := range custs {
		targets[i] = strings.Join([]string{c.CompanyName, c.Domain, c.ShortTenantID(), string(c.Relationship), c.Country}, " ")
	}
	m := newModel(newContext())
	m.SetSize(200, 50)
	loadPages(m, custs)
	press(m, "/")
	for _, word := range []string{"gmbh", "müller"} {
		keys := []rune(word)
		b.Run("mcgdash-"+word, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				press(m, "esc", "/")
				for _, r := range keys {
					m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
			}
			if m.filterText != word {
				b.Fatalf("filter is %q, want %q", m.filterText, word)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/keystroke")
		})
		b.Run("bubbles-list-"+word, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// list re-filters every item on each keystroke.
				for k := range keys {
					_ = list.DefaultFilter(string(keys[:k+1]), targets)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/keystroke")
		})
	}
}
