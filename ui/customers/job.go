package customers

import (
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// asyncFrom is the number of customers from which order and shown are
// brought up to date on another goroutine (a job the UI loop takes the
// result of) rather than at once; a variable so that tests cover both.
var asyncFrom = 20_000

// viewJob brings order and shown up to date with what changed since the
// last job: the customers to place (fresh, or moved by a new sort key)
// are sorted and merged into the order, O(place · log n) comparisons and
// one copy; a new filter tests every customer; a new column sorts them
// all. Pages that arrive while a job runs wait for the next, so however
// fast pages come, the jobs over a million customers are as many as fit
// in the time, not one per page.
//
// A job reads only what the UI loop does not write while it runs: the
// customers below n (a record's state word is atomic, and a fresher copy
// of a customer waits in store.repl), their keys, and the permutations it
// replaces. It writes only its own buffers.
type viewJob struct {
	n    int
	col  column
	desc bool
	// resort sorts every customer by col; otherwise base (the order,
	// reversed first if reverse) gets place merged in.
	resort, reverse bool
	recs            []model.Record
	disp            []display
	names           []uint64
	keys            []sortKey // below n; prepared by the job if resort
	ranks           []uint64  // for a resort by subs, status or decision
	sums            []summary // a copy, for a resort by subs or status
	// nameRank is every customer's place in name order, if known, or
	// nameOrder the order by name to take it from (descending if
	// nameDesc).
	nameRank        []uint32
	nameOrder       []int32
	nameDesc        bool
	base, baseShown []int32
	place           []int32
	// moved says some of place are in base (to be taken out first).
	moved bool

	query model.Query
	// rescan tests every customer (if narrows, those that matched
	// before, and recheck in full); else hit, if set, is the match of
	// every customer to collect shown from, and without it shown is
	// base's merged with matching (the place customers that match).
	rescan, narrows bool
	// direct narrows a small shown in place of a scan: only its
	// customers are tested (in sorted order, so it reads memory at
	// random, which only pays when they are few).
	direct   bool
	recheck  []int32
	hit      []bool
	matching []int32

	dstOrder, dstShown []int32
	// cores is how many cores a scan may use: one is left to the UI loop
	// when the job runs beside it.
	cores int

	// once runs the job once, whoever asks first (the command or a key
	// that cannot wait); res is its result.
	once sync.Once
	res  viewResult
}

// result runs the job, or waits for the run under way, and returns its
// result.
func (j *viewJob) result() viewResult {
	j.once.Do(func() { j.res = j.run() })
	return j.res
}

// viewResult is a finished job.
type viewResult struct {
	job          *viewJob
	order, shown []int32
	hit          []bool   // if rescan: every customer's match
	unhit        []int32  // if direct: those that no longer match
	nameRank     []uint32 // if resort: every customer's place by name
	// keptOrder and keptShown say order and shown are the job's base:
	// the buffers it was given stay spare.
	keptOrder, keptShown bool
	keys                 []sortKey // if resort
	took                 time.Duration
}

// pending reports whether anything waits for a job.
func (s *store) pending() bool {
	return len(s.fresh) > 0 || len(s.moved) > 0 || len(s.touched) > 0 || len(s.repl) > 0 && s.readers == 0 ||
		s.rescan || s.resortAll || s.wantCol != s.sortBy || s.wantDesc != s.desc
}

// start prepares the next job from what changed and clears it. It must
// not be called while a job runs.
func (s *store) start() *viewJob {
	if s.readers == 0 {
		for i, b := range s.repl {
			s.write(i, b)
		}
		clear(s.repl)
	}
	n := len(s.disp)
	j := &viewJob{n: n, cores: runtime.GOMAXPROCS(0) - 1, col: s.wantCol, desc: s.wantDesc, recs: s.recs[:n:n], disp: s.disp[:n:n], names: s.names[:n:n],
		query: s.query, rescan: s.rescan}
	j.resort = j.col != s.sortBy || s.resortAll
	if j.resort && j.rescan && !s.resortAll {
		// A new filter first, on the order shown (fast), and the sort
		// after: a key waiting for the filter's rows does not wait for
		// the sort as well.
		j.resort, j.col, j.desc = false, s.sortBy, s.desc
	}
	place := dedupe(append(append([]int32(nil), s.fresh...), s.moved...))
	collectAll := j.resort || len(s.moved) > 0 || len(s.touched) > 0
	if j.resort {
		s.prepareSort(j)
	} else {
		for _, i := range place {
			s.keys[i] = s.keyOf(s.sortBy, i)
		}
		j.keys = s.keys[:n:n]
		j.base, j.baseShown = s.order, s.shown
		j.reverse = j.desc != s.desc
		j.place, j.moved = place, len(s.moved) > 0
		collectAll = collectAll || j.reverse
	}
	switch {
	case j.rescan && !j.resort && !j.reverse && len(place) == 0 && len(s.touched) == 0 && !s.rescanAll &&
		s.query.Narrows(s.hitQuery) && len(s.shown) <= n/16:
		j.narrows, j.direct = true, true
	case j.rescan:
		j.narrows = !s.rescanAll && s.query.Narrows(s.hitQuery)
		j.hit = s.hitBuffer(n)
		if j.narrows {
			copy(j.hit, s.hit)
			j.recheck = dedupe(append(slices.Clone(place), s.touched...))
		}
	case collectAll:
		j.hit = s.hitBuffer(n)
		copy(j.hit, s.hit)
	default:
		for _, i := range place {
			if s.hit[i] {
				j.matching = append(j.matching, i)
			}
		}
	}
	j.dstOrder, j.dstShown = s.spareOrder[:0], s.spareShown[:0]
	s.spareOrder, s.spareShown = nil, nil
	s.fresh, s.moved, s.touched = s.fresh[:0:0], nil, nil
	s.rescan, s.rescanAll, s.resortAll = false, false, false
	s.job = j
	return j
}

// hitBuffer is a spare hit slice of length n.
func (s *store) hitBuffer(n int) []bool {
	b := s.spareHit
	s.spareHit = nil
	if cap(b) < n {
		return make([]bool, n, n+n/4)
	}
	return b[:n]
}

// dedupe sorts a by index and drops repeats.
func dedupe(a []int32) []int32 {
	slices.Sort(a)
	return slices.Compact(a)
}

// prepareSort gives a resort what it reads of the UI's state: the order
// by name, if the table is sorted by name now (the job ranks every
// customer in it), and a copy of the summaries for a status or subs sort
// (they change). It costs a copy, not a pass over every customer.
func (s *store) prepareSort(j *viewJob) {
	n := j.n
	if s.sortBy == colName && len(s.order) == n && len(s.moved) == 0 {
		j.nameOrder, j.nameDesc = s.order, s.desc
	} else if len(s.nameRank) == n {
		j.nameRank = s.nameRank
	}
	if j.col == colSubs || j.col == colStatus {
		j.sums = slices.Clone(s.sums[:n])
	}
}

// rank prepares what a resort needs before it sorts: each customer's
// place in name order, and the ranks of a subs, status or decision sort.
func (j *viewJob) rank() {
	if j.nameOrder != nil {
		// The order is by name now: each customer's place in it settles
		// ties on the name in later sorts, without reading names.
		n := len(j.nameOrder)
		j.nameRank = make([]uint32, n)
		for k, i := range j.nameOrder {
			if j.nameDesc {
				k = n - 1 - k
			}
			j.nameRank[i] = uint32(k)
		}
	}
	if j.col == colSubs || j.col == colStatus || j.col == colDecision {
		j.ranks = make([]uint64, j.n)
		for i := range j.ranks {
			if j.col == colDecision {
				j.ranks[i] = decisionRank(&j.recs[i])
			} else {
				j.ranks[i] = rankOf(j.col, j.sums[i])
			}
		}
	}
}

// run does the job; it may run on any goroutine.
func (j *viewJob) run() viewResult {
	start := time.Now()
	r := viewResult{job: j}
	if j.resort {
		j.rank()
		r.order, r.keys = j.sort()
		r.nameRank = j.nameRank
		j.keys = r.keys
		if j.desc {
			slices.Reverse(r.order)
		}
	} else if j.direct || len(j.place) == 0 && !j.reverse && !j.moved {
		// The order stays as it is (and shown, unless it is filtered
		// anew below).
		r.order, r.keptOrder = j.base, true
		if !j.direct && j.hit == nil {
			r.shown, r.keptShown = j.baseShown, true
		}
	}
	if j.direct {
		r.shown = j.dstShown
		for _, i := range j.baseShown {
			if j.query.Match(&j.recs[i]) {
				r.shown = append(r.shown, i)
			} else {
				r.unhit = append(r.unhit, i)
			}
		}
	} else if !j.resort && !r.keptOrder {
		base, baseShown := j.base, j.baseShown
		if j.reverse {
			base, baseShown = reversed(base), reversed(baseShown)
		}
		if j.moved {
			out := make([]bool, j.n)
			for _, i := range j.place {
				out[i] = true
			}
			keep := func(v []int32) []int32 {
				w := make([]int32, 0, len(v))
				for _, i := range v {
					if !out[i] {
						w = append(w, i)
					}
				}
				return w
			}
			base, baseShown = keep(base), keep(baseShown)
		}
		c := j.cmp
		slices.SortFunc(j.place, c)
		r.order = merge(j.dstOrder, base, j.place, c)
		if j.hit == nil && !j.rescan {
			slices.SortFunc(j.matching, c)
			r.shown = merge(j.dstShown, baseShown, j.matching, c)
		}
	}
	if j.rescan && !j.direct {
		scan(j.recs, j.hit, j.query, j.narrows, j.cores)
		for _, i := range j.recheck {
			j.hit[i] = j.query.Match(&j.recs[i])
		}
		r.hit = j.hit
	}
	if j.hit != nil {
		r.shown = collect(j.dstShown, r.order, j.hit)
	}
	r.took = time.Since(start)
	return r
}

func reversed(a []int32) []int32 {
	b := slices.Clone(a)
	slices.Reverse(b)
	return b
}

// cmp orders two customers as the job's order has them: by the sort
// column, then by name, then by id, so the order is total and binary
// search finds an exact place.
func (j *viewJob) cmp(a, b int32) int {
	return compareBy(j.keys, j.desc, orderer{col: j.col, recs: j.recs, disp: j.disp, names: j.names}, a, b)
}

// sort orders every customer by col, ascending: keys are prepared once
// per customer, then (key, index) pairs are sorted side by side in
// memory, and only equal keys read the customers themselves, scattered in
// memory.
func (j *viewJob) sort() ([]int32, []sortKey) {
	keys := make([]sortKey, j.n)
	for i := range keys {
		if j.ranks != nil {
			keys[i] = sortKey{j.ranks[i], j.names[i]}
		} else {
			keys[i] = textKey(j.col, &j.recs[i], j.names[i])
		}
	}
	if j.col == colName && j.nameRank != nil {
		// Sorted by name before, with nothing changed since: the ranks
		// are the order.
		order := make([]int32, j.n)
		for i, k := range j.nameRank {
			order[k] = int32(i)
		}
		return order, keys
	}
	type pair struct {
		key sortKey
		i   int32
	}
	pairs := make([]pair, j.n)
	for i := range pairs {
		k := keys[i]
		if j.nameRank != nil && (j.ranks != nil || k.b < 1<<56) {
			// Where the name comes next, its rank says it all: the
			// same order, with no ties left to settle.
			k.b = uint64(j.nameRank[i])
		}
		pairs[i] = pair{k, int32(i)}
	}
	o := orderer{col: j.col, recs: j.recs, disp: j.disp, names: j.names}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := a.key.compare(b.key); c != 0 {
			return c
		}
		return o.tie(a.i, b.i)
	})
	order := make([]int32, j.n)
	for k, p := range pairs {
		order[k] = p.i
	}
	return order, keys
}

// take makes a finished job's order and shown the store's, and reports
// whether it did (not if it was taken already). Customers that changed
// meanwhile are left for the next job.
func (s *store) take(r viewResult) bool {
	j := r.job
	if s.job != j {
		return false
	}
	s.job = nil
	s.spareOrder, s.spareShown = s.order[:0], s.shown[:0]
	if r.keptOrder {
		s.spareOrder = j.dstOrder
	}
	if r.keptShown {
		s.spareShown = j.dstShown
	}
	s.order, s.shown, s.desc = r.order, r.shown, j.desc
	s.shownGen++
	if j.resort {
		if r.nameRank != nil {
			// No name changed while it ran: a fresher copy is written
			// only when no job runs.
			s.nameRank = r.nameRank
		}
		s.sortBy = j.col
		copy(s.keys, r.keys)
		for i := j.n; i < len(s.keys); i++ {
			s.keys[i] = s.keyOf(s.sortBy, int32(i))
		}
	}
	for _, i := range r.unhit {
		s.hit[i] = false
	}
	if r.hit != nil {
		copy(s.hit, r.hit)
	}
	if j.rescan {
		s.hitQuery = j.query
		for _, i := range s.fresh {
			s.hit[i] = s.query.Match(&s.recs[i])
		}
		// Those the UI loop changed meanwhile are tested again (the job
		// may have read them before the change); after a scan, those
		// whose match is what shown has need no other job.
		touched := s.touched[:0]
		for _, i := range s.touched {
			was := s.hit[i]
			s.hit[i] = s.query.Match(&s.recs[i])
			if r.hit == nil || s.hit[i] != was || int(i) >= j.n {
				touched = append(touched, i)
			}
		}
		s.touched = touched
	}
	if j.hit != nil {
		s.spareHit = j.hit
	}
	return true
}

// filtered reports whether shown is filtered by the query asked for.
func (s *store) filtered() bool { return !s.rescan && (s.job == nil || !s.job.rescan) }

// settle runs the pending jobs at once, if no job runs.
func (s *store) settle() {
	for s.job == nil && s.pending() {
		j := s.start()
		j.cores = runtime.GOMAXPROCS(0)
		s.take(j.run())
	}
}

// refilter tests customer i against the filter again; the next job shows
// or hides it.
func (s *store) refilter(i int32) {
	hit := s.query.Match(&s.recs[i])
	if hit == s.hit[i] && (s.job == nil || !s.job.rescan) {
		return
	}
	// While a job tests every customer it may read the customer before
	// or after the change: take tests it again.
	s.hit[i] = hit
	s.touched = append(s.touched, i)
}

// setFilterAll tests every customer against q again (the review's state
// changed for many).
func (s *store) setFilterAll(q model.Query) {
	s.query = q
	s.rescan, s.rescanAll = true, true
}

// refreshKeys prepares every sort key again (the review's state changed
// for many customers), if the order depends on it.
func (s *store) refreshKeys() {
	if s.sortBy == colDecision || s.wantCol == colDecision || s.resorting(colDecision) {
		s.resortAll = true
	}
}

// replace swaps in a fresher copy of customer i (the same id): at once,
// or when the running job is done (until then at sees it). The next job
// moves it as its sort key and filter match require. It returns the
// one-customer batch it was prepared in (for the column widths).
func (s *store) replace(i int32, c model.Customer) *batch {
	old := s.customer(i)
	c.ID = old.ID
	if c.CompanyName == "" {
		// A partial answer never blanks what the list gave.
		c.CompanyName, c.Domain, c.TenantID, c.Relationship = old.CompanyName, old.Domain, old.TenantID, old.Relationship
	}
	b := newBatch([]model.Customer{c})
	if old.Country != "" {
		s.countryKnown--
	}
	if c.Country != "" {
		s.countryKnown++
	}
	if s.job != nil || s.readers > 0 {
		if s.repl == nil {
			s.repl = map[int32]*batch{}
		}
		s.repl[i] = b
		return b
	}
	s.write(i, b)
	return b
}

// write makes customer i the one prepared in b; no job may run.
func (s *store) write(i int32, b *batch) {
	s.nameRank = nil // a name may change
	r := b.recs[0]
	r.CopyReview(&s.recs[i])
	r.SetStatus(s.statusOf(i))
	f, text := textField(s.sortBy)
	if r.Field(model.FieldName) != s.recs[i].Field(model.FieldName) || text && r.Field(f) != s.recs[i].Field(f) {
		s.moved = append(s.moved, i)
	}
	s.disp[i], s.recs[i], s.names[i] = b.disp[0], r, b.names[0]
	s.refilter(i)
}
