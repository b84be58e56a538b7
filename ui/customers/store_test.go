package customers

import (
	"slices"
	"strings"
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

// The compact store gives back every customer exactly as received: shared
// and packed fields, upper-case ids, ids apart from tenants, long names.
func TestStoreKeepsCustomersExactly(t *testing.T) {
	custs := append(dataset(1_500), fixture()...)
	custs = append(custs,
		model.Customer{ID: "AA11BB22-0000-4000-8000-0000000000FF", TenantID: "AA11BB22-0000-4000-8000-0000000000FF", CommerceID: "AB11BB22-0000-4000-8000-0000000000FF",
			CompanyName: "UPPER CASE AG", Domain: "Upper.DE", Relationship: "Reseller", Country: "de", City: "Köln", Email: "X@Upper.de"},
		model.Customer{ID: "x1", TenantID: "t1", CommerceID: "", CompanyName: strings.Repeat("long name ", 100), Domain: "long.de"},
	)
	s := newStore()
	for i := 0; i < len(custs); i += 500 {
		s.add(newBatch(custs[i:min(i+500, len(custs))]))
	}
	if s.len() != len(custs) {
		t.Fatalf("%d customers stored, want %d", s.len(), len(custs))
	}
	for i, c := range custs {
		if got := s.customer(int32(i)); got != c {
			t.Fatalf("customer %d:\n got %+v\nwant %+v", i, got, c)
		}
	}
}
