package customers

import (
	"slices"
	"testing"

	"github.com/mcgdash/mcgdash/model"
)

// TestStoreFilterMatchesReference types query sequences (narrowing,
// widening, inverted) into a store of 2,000 customers and checks each
// result against a brute-force filter over the sorted order, so both the
// in-memory-order scan and the direct path of small results are covered.
func TestStoreFilterMatchesReference(t *testing.T) {
	custs := dataset(2_000)
	for _, sortBy := range []column{colName, colCountry} {
		s := newStore()
		s.setSort(sortBy, false)
		for i := 0; i < len(custs); i += 500 {
			s.add(newBatch(custs[i:min(i+500, len(custs))]))
		}
		steps := []string{"", "g", "gm", "gmb", "gmbh", "gmbh country:d", "gmbh country:de", "gmb", "", "!", "!gmbh", "!gmbh !ag", "m", "mü", "mül", "müll", "müller", "rel:adv", "rel:advisor name:s", "zzz", ""}
		for _, text := range steps {
			q := model.ParseQuery(text)
			s.setFilter(q)
			var want []int32
			for _, i := range s.order {
				if q.Match(&s.recs[i]) {
					want = append(want, i)
				}
			}
			if !slices.Equal(s.shown, want) {
				t.Fatalf("sort %v, filter %q: %d shown, want %d (or a different order)", sortBy, text, len(s.shown), len(want))
			}
		}
	}
}
