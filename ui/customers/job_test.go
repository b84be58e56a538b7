package customers

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mcgdash/mcgdash/model"
)

// Jobs run on another goroutine while the UI loop goes on changing the
// store: pages arrive, filters and sorts are asked for, statuses, review
// states and fresher copies of customers come in. Whenever no job runs
// and nothing is pending, order and shown must be exactly what a brute
// force gives: every customer once, sorted by the comparator, and shown
// the customers of order that match. Run under -race, this also checks
// that a job reads nothing the UI loop writes.
func TestJobsWhileTheStoreChanges(t *testing.T) {
	custs := dataset(6_000)
	filters := []string{"", "gmbh", "gm", "!gmbh", "status:sus", "marked:yes", "decision:mig", "country:de", "müller", "mül", "müller ag", "status:?"}
	// eager: the job is done before the UI loop changes anything (its
	// jobMsg waits in the queue), so it surely read what came before;
	// otherwise it starts at once or is held until some steps later, so
	// it reads customers before and after the changes made meanwhile,
	// whatever the timing.
	for _, eager := range []bool{false, true} {
		for seed := range uint64(map[bool]int{false: 25, true: 15}[eager]) {
			t.Run(fmt.Sprint(seed, "eager", eager), func(t *testing.T) {
				jobsWhileTheStoreChanges(t, custs, filters, seed, eager)
			})
		}
	}
}

func jobsWhileTheStoreChanges(t *testing.T, custs []model.Customer, filters []string, seed uint64, eager bool) {
	rng := rand.New(rand.NewPCG(seed, 7))
	s := newStore()
	next := 0 // the next customer to arrive
	var running chan viewResult
	var gate chan struct{} // holds the job until released
	release := func() {
		if gate != nil {
			close(gate)
			gate = nil
		}
	}
	startJob := func() {
		if s.job != nil || !s.pending() {
			return
		}
		j := s.start()
		running = make(chan viewResult, 1)
		if eager {
			running <- j.result()
			return
		}
		gate = make(chan struct{})
		go func(c chan viewResult, g chan struct{}) {
			<-g
			c <- j.result()
		}(running, gate)
		if rng.IntN(2) == 0 {
			release()
		}
	}
	takeJob := func() {
		release()
		if running != nil {
			s.take(<-running)
			running = nil
		}
	}
	for step := range 400 {
		switch op := rng.IntN(14); {
		case op == 12:
			release()
		case op < 3 && next < len(custs):
			n := 1 + rng.IntN(500)
			s.add(newBatch(custs[next:min(next+n, len(custs))]))
			next = min(next+n, len(custs))
		case op == 3:
			s.setFilter(model.ParseQuery(filters[rng.IntN(len(filters))]))
		case op == 4:
			s.setSort(column(rng.IntN(int(numColumns))), rng.IntN(2) == 0)
		case op == 5 && s.len() > 0:
			i := int32(rng.IntN(s.len()))
			st := []model.CustomerStatus{model.StatusActive, model.StatusSuspended, model.StatusPending}[rng.IntN(3)]
			s.setSummary(i, knownSummary(model.SubscriptionSummary{Count: rng.IntN(4), Status: st}))
		case op == 6 && s.len() > 0:
			i := int32(rng.IntN(s.len()))
			s.recs[i].SetDecision([]model.Decision{model.DecisionMigrate, model.DecisionSkip, model.DecisionNone}[rng.IntN(3)])
			s.recs[i].SetMarked(rng.IntN(2) == 0)
			s.reviewChanged(i)
		case op == 7 && s.len() > 0:
			i := int32(rng.IntN(s.len()))
			c := s.customer(i)
			c.CompanyName = fmt.Sprintf("%c renamed %d", 'A'+rng.IntN(26), step)
			c.Country = []string{"DE", "AT", ""}[rng.IntN(3)]
			s.replace(i, c)
		case op == 8:
			startJob()
		case op == 9:
			takeJob()
		case op == 10 && s.len() > 0:
			// Marks or decisions of many (markMany, onReviewLoaded).
			from := rng.IntN(s.len())
			for i := from; i < min(from+200, s.len()); i++ {
				s.recs[i].SetMarked(rng.IntN(2) == 0)
				s.recs[i].SetDecision([]model.Decision{model.DecisionMigrate, model.DecisionNone}[rng.IntN(2)])
			}
			s.refreshKeys()
			s.setFilterAll(s.query)
		case op == 11:
			// Quiet for a moment: no job runs, nothing is pending.
			takeJob()
			s.settle()
			checkStore(t, &s)
		}
	}
	takeJob()
	s.settle()
	checkStore(t, &s)
	if s.len() == 0 {
		t.Fatal("no customers arrived")
	}
}

// checkStore compares order and shown with a brute force.
func checkStore(t *testing.T, s *store) {
	t.Helper()
	if s.pending() || s.job != nil {
		t.Fatal("work left")
	}
	if s.sortBy != s.wantCol || s.desc != s.wantDesc {
		t.Fatalf("sorted by %v desc %v, asked for %v %v", s.sortBy, s.desc, s.wantCol, s.wantDesc)
	}
	if len(s.order) != s.len() {
		t.Fatalf("order holds %d customers of %d", len(s.order), s.len())
	}
	seen := make([]bool, s.len())
	for _, i := range s.order {
		if seen[i] {
			t.Fatalf("customer %d twice in order", i)
		}
		seen[i] = true
	}
	for i := range s.keys {
		if want := s.keyOf(s.sortBy, int32(i)); s.keys[i] != want {
			t.Fatalf("customer %d's key is stale (sorted by %v, want %v)", i, s.sortBy, s.wantCol)
		}
	}
	if !slices.IsSortedFunc(s.order, s.cmp) {
		t.Fatal("order is not sorted by the comparator")
	}
	var want []int32
	for _, i := range s.order {
		if s.query.Match(&s.recs[i]) {
			want = append(want, i)
		}
		if s.hit[i] != s.query.Match(&s.recs[i]) {
			t.Fatalf("hit of customer %d is stale", i)
		}
	}
	if !slices.Equal(s.shown, want) {
		t.Fatalf("shown: %d customers, want %d (or another order)", len(s.shown), len(want))
	}
}

// A new filter and a new sort asked for together: the filter's job comes
// first, on the order shown, so a key that waits for the filter's rows
// does not wait for a sort of every customer; the sort follows.
func TestFilterBeforeSort(t *testing.T) {
	s := newStore()
	s.add(newBatch(dataset(3_000)))
	s.settle()
	s.setSort(colDomain, false)
	s.setFilter(model.ParseQuery("gmbh"))
	j := s.start()
	if j.resort || !j.rescan {
		t.Fatalf("first job: resort %v rescan %v, want the filter alone", j.resort, j.rescan)
	}
	s.take(j.run())
	if !s.filtered() || s.sortBy != colName {
		t.Fatalf("after the filter's job: filtered %v, sorted by %v", s.filtered(), s.sortBy)
	}
	if col, ok := s.sortingTo(); !ok || col != colDomain {
		t.Fatalf("the sort by domain is not pending: %v %v", col, ok)
	}
	s.settle()
	checkStore(t, &s)
}
