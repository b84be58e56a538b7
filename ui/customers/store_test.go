package customers

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// TestStoreFilterMatchesReference types query sequences (narrowing,
// widening, inverted) into a store of 2,000 customers and checks each
// result against a brute-force filter over the sorted order, so both the
// in-memory-order scan and the direct path of small results are covered.
func TestStoreFilterMatchesReference(t *testing.T) {
	custs := dataset(2_000)
	defer func(n int) { parallelScanFrom = n }(parallelScanFrom)
	for k, sortBy := range []column{colName, colCountry} {
		parallelScanFrom = []int{1, 1 << 30}[k] // split in parts, and not
		s := newStore()
		s.setSort(sortBy, false)
		for i := 0; i < len(custs); i += 500 {
			s.add(newBatch(custs[i:min(i+500, len(custs))]))
			s.settle()
		}
		steps := []string{"", "g", "gm", "gmb", "gmbh", "gmbh country:d", "gmbh country:de", "gmb", "", "!", "!gmbh", "!gmbh !ag", "m", "mü", "mül", "müll", "müller", "rel:adv", "rel:advisor name:s", "zzz", ""}
		for _, text := range steps {
			q := model.ParseQuery(text)
			s.setFilter(q)
			s.settle()
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

// A background sort gives exactly the order of the comparator the store
// merges with: by the column, then name, then id, for every column and
// both directions.
func TestSortJobMatchesComparator(t *testing.T) {
	custs := append(dataset(3_000), fixture()...)
	// Equal names and short fields, to exercise every tie.
	custs = append(custs, model.Customer{ID: "z1", TenantID: "z1", CompanyName: "Contoso GmbH", Domain: "c.de", Country: "DE"},
		model.Customer{ID: "z0", TenantID: "z0", CompanyName: "Contoso GmbH", Domain: "c.de", Country: "DE"},
		model.Customer{ID: "z2", TenantID: "z2", CompanyName: "ContosoX", Domain: "contoso.onmicrosoft.dex", Country: "D"})
	s := newStore()
	for i := 0; i < len(custs); i += 500 {
		s.add(newBatch(custs[i:min(i+500, len(custs))]))
	}
	for k := range 40 {
		s.setSummary(int32(k*7), knownSummary(model.SubscriptionSummary{Count: k % 5, Status: model.StatusActive}))
	}
	s.settle()
	for _, col := range []column{colDomain, colTenant, colRel, colCountry, colSubs, colStatus, colName} {
		for _, desc := range []bool{false, true} {
			s.setSort(col, desc)
			s.resortAll = true // sort every customer, also to reverse
			s.settle()
			if s.sortBy != col || s.desc != desc {
				t.Fatalf("sorted by %v desc %v, want %v %v", s.sortBy, s.desc, col, desc)
			}
			if !slices.IsSortedFunc(s.order, s.cmp) || len(s.order) != len(custs) {
				t.Fatalf("column %v desc %v: order not sorted by the comparator", col, desc)
			}
			for k := 1; k < len(s.order); k++ {
				if s.cmp(s.order[k-1], s.order[k]) == 0 {
					t.Fatalf("column %v: two customers compare equal", col)
				}
			}
		}
	}
}

// The first page of a long list shows at once; storage for every
// customer is made after it, off the UI loop, and what arrived before it
// is moved in.
func TestRoomAfterTheFirstPage(t *testing.T) {
	m := New(newContext())
	m.SetSize(120, 30)
	custs := fixture()
	cmd := m.Update2(pageMsg{owner: m, page: client.Page{Customers: custs[:4], Total: reserveFrom + 10}})
	if len(m.Shown()) != 4 {
		t.Fatalf("%d rows shown after the first page, want 4", len(m.Shown()))
	}
	var room tea.Msg
	for _, msg := range runAll(cmd) {
		if r, ok := msg.(roomMsg); ok {
			room = r
		}
	}
	if room == nil {
		t.Fatal("no storage asked for after the first page of a long list")
	}
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs[4:], Total: reserveFrom + 10}})
	m.Update(room)
	if cap(m.st.disp) < reserveFrom+10 || cap(m.st.recs) < reserveFrom+10 {
		t.Errorf("storage for %d customers, want %d", cap(m.st.disp), reserveFrom+10)
	}
	if got := ids(m.Shown()); len(got) != len(custs) {
		t.Fatalf("shown %v after the room", got)
	}
	for i, c := range custs {
		if got := m.st.customer(m.st.byID[c.ID]); got != c {
			t.Fatalf("customer %d after the room: %+v", i, got)
		}
	}
}
