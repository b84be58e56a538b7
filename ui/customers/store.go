package customers

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/model"
)

// column identifies a table column; the values index columns().
type column int

const (
	colName column = iota
	colDomain
	colTenant
	colRel
	colCountry
	colSubs
	colStatus
	colDecision
	numColumns
)

// summaryState says how far a customer's subscriptions have got.
type summaryState uint8

const (
	summaryUnknown summaryState = iota
	summaryLoading
	summaryKnown
	summaryFailed
)

// summary is what the table knows of a customer's subscriptions, in 8
// bytes (one per customer).
type summary struct {
	state  summaryState
	status uint8 // index in customerStatuses
	count  int32
}

var customerStatuses = [...]model.CustomerStatus{model.StatusUnknown, model.StatusActive, model.StatusSuspended, model.StatusPending, model.StatusNoSubs}

// knownSummary is the summary of loaded subscriptions.
func knownSummary(sum model.SubscriptionSummary) summary {
	s := summary{state: summaryKnown, count: int32(min(sum.Count, 1<<30))}
	for k, v := range customerStatuses {
		if v == sum.Status {
			s.status = uint8(k)
		}
	}
	return s
}

// Status is the customer's status once known.
func (s summary) Status() model.CustomerStatus { return customerStatuses[s.status] }

// store holds every loaded customer and two permutations of them: order,
// the customers sorted by the sort column, and shown, the subsequence of
// order that matches the filter. What the table shows and what an action
// applies to is shown, always.
//
// Work proportional to the number of customers (merging pages into
// order, testing a new filter, sorting by a new column) is done by a
// viewJob: at once over few customers, on another goroutine over many,
// where the UI loop only takes the finished order and shown (job.go).
// Changes meanwhile are collected for the next job: customers that
// arrived (fresh) or whose sort key changed (moved) and those whose
// filter match changed (touched). Until then, they keep their old place
// (fresh ones are not shown yet).
//
// Customers are kept compactly, for a million of them: the text of a page
// is one string (display and lower-cased search text), each customer a
// few offsets into it, and sort keys are 8-byte prefixes prepared once per
// column. Indices (int32) stand for customers everywhere.
type store struct {
	disp []display
	recs []model.Record
	sums []summary
	// names is the prefix key of each lower-cased name, for ties.
	names []uint64
	byID  map[string]int32

	order []int32
	shown []int32
	// spare buffers a job writes into; the permutations it replaces
	// become the spares.
	spareOrder, spareShown []int32
	spareHit               []bool

	// query is the filter asked for; hitQuery the one hit was last
	// computed with for every customer (by a job).
	query, hitQuery model.Query
	// hit[i] says whether customer i matches query, as far as the UI
	// loop knows (the placed customers' match is in shown).
	hit []bool
	// statusKnown counts customers whose status is known, for the status
	// line when the filter has a status: qualifier.
	statusKnown int
	// countryKnown counts customers whose country is known (not empty).
	countryKnown int

	// sortBy and desc are the order's; wantCol and wantDesc the sort
	// asked for last.
	sortBy, wantCol column
	desc, wantDesc  bool
	// keys is the prepared sort key of every customer for sortBy.
	keys []sortKey

	// What changed since the last job started (see above); rescan says
	// the filter changed, rescanAll that every customer must be tested
	// again (the review's state changed for many), resortAll that every
	// key must be prepared again.
	fresh, moved, touched        []int32
	rescan, rescanAll, resortAll bool
	// repl are fresher copies of customers that wait for the running job
	// to finish before they are written (it may be reading them).
	repl map[int32]*batch
	// job is the job running, if any; shownGen counts the shown a job
	// or a change at once has made.
	job      *viewJob
	shownGen int
	// readers counts the exports reading customers off the UI loop:
	// fresher copies wait in repl for them too.
	readers int

	// review, if set, writes the review's state of a customer that
	// arrives (marks and decisions outlive the list) into its record.
	review func(id string, r *model.Record)
	// nameRank is each customer's place in name order when the store was
	// last sorted by name, for the sorts after (viewJob.nameRank).
	nameRank []uint32
}

func newStore() store {
	return store{byID: map[string]int32{}}
}

func (s *store) len() int { return len(s.disp) }

// customer returns customer i; its strings share the page's text.
func (s *store) customer(i int32) model.Customer {
	d, r := s.at(i)
	return d.customer(r)
}

// id returns customer i's id without building the customer.
func (s *store) id(i int32) string { return s.field(i, dID) }

// field is display field k of customer i.
func (s *store) field(i int32, k int) string {
	d, r := s.at(i)
	return d.field(r, k)
}

// at is customer i's display and record: a fresher copy waiting to be
// written (repl) if there is one.
func (s *store) at(i int32) (*display, *model.Record) {
	if len(s.repl) > 0 {
		if b, ok := s.repl[i]; ok {
			return &b.disp[0], &b.recs[0]
		}
	}
	return &s.disp[i], &s.recs[i]
}

// room is storage for n customers, allocated off the UI loop when the
// first page says how many there are, so that a long load neither grows
// (and rehashes) the id index nor copies the arrays on the UI loop (except
// once, what arrived before the room).
type room struct {
	byID  map[string]int32
	disp  []display
	recs  []model.Record
	sums  []summary
	names []uint64
	keys  []sortKey
	hit   []bool
}

// reserveFrom is the number of customers from which the first page
// brings room for all (newRoom).
const reserveFrom = 50_000

func newRoom(n int) *room {
	n = min(n, 2_000_000)
	return &room{
		byID: make(map[string]int32, n), disp: make([]display, 0, n), recs: make([]model.Record, 0, n),
		sums: make([]summary, 0, n), names: make([]uint64, 0, n), keys: make([]sortKey, 0, n),
		hit: make([]bool, 0, n),
	}
}

// reserve moves the customers into room made for all of them, if it is
// larger than what they have. A running job keeps reading the arrays it
// was given; nothing writes those any more.
func (s *store) reserve(r *room) {
	if r == nil || cap(r.disp) <= cap(s.disp) {
		return
	}
	for id, i := range s.byID {
		r.byID[id] = i
	}
	s.byID = r.byID
	s.disp, s.recs, s.sums = append(r.disp, s.disp...), append(r.recs, s.recs...), append(r.sums, s.sums...)
	s.names, s.keys, s.hit = append(r.names, s.names...), append(r.keys, s.keys...), append(r.hit, s.hit...)
}

// add appends a prepared page of customers (skipping ids already loaded);
// the next job places them in order and shown.
func (s *store) add(b *batch) {
	for k := range b.disp {
		id := b.disp[k].field(&b.recs[k], dID)
		if _, dup := s.byID[id]; dup {
			continue
		}
		i := int32(len(s.disp))
		s.byID[id] = i
		s.disp = append(s.disp, b.disp[k])
		s.recs = append(s.recs, b.recs[k])
		s.sums = append(s.sums, summary{})
		s.names = append(s.names, b.names[k])
		if s.review != nil {
			s.review(id, &s.recs[i])
		}
		if s.recs[i].Field(model.FieldCountry) != "" {
			s.countryKnown++
		}
		s.keys = append(s.keys, s.keyOf(s.sortBy, i))
		s.hit = append(s.hit, s.query.Match(&s.recs[i]))
		s.fresh = append(s.fresh, i)
	}
}

// merge writes sorted a and b, merged, into dst's storage and returns it.
// Each element of b finds its place by binary search in what is left of a,
// and the runs of a between are copied whole: O(len(b) · log len(a))
// comparisons, where merging one by one costs one per element of a.
func merge(dst, a, b []int32, c func(x, y int32) int) []int32 {
	dst = slices.Grow(dst[:0], len(a)+len(b))
	lo := 0
	for _, x := range b {
		rest := a[lo:]
		k, _ := slices.BinarySearchFunc(rest, x, c)
		dst = append(dst, rest[:k]...)
		dst = append(dst, x)
		lo += k
	}
	return append(dst, a[lo:]...)
}

// setFilter asks for a new filter; the next job applies it.
func (s *store) setFilter(q model.Query) {
	s.query = q
	s.rescan = true
}

// parallelScanFrom is the number of customers from which a scan uses
// every core; a variable so that tests cover both ways.
var parallelScanFrom = 50_000

// scan tests customers against q into hit (if narrows, only those that
// matched before), on up to cores cores when there are many.
func scan(recs []model.Record, hit []bool, q model.Query, narrows bool, cores int) {
	parts := 1
	if len(recs) >= parallelScanFrom {
		parts = max(min(cores, 4), 1)
	}
	chunk := (len(recs) + parts - 1) / parts
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*chunk, min((p+1)*chunk, len(recs))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if !narrows || hit[i] {
					hit[i] = q.Match(&recs[i])
				}
			}
		})
	}
	wg.Wait()
}

// collect appends to dst the customers of order that hit.
func collect(dst, order []int32, hit []bool) []int32 {
	for _, i := range order {
		if hit[i] {
			dst = append(dst, i)
		}
	}
	return dst
}

// setSort asks for the order by col, descending if desc; the next job
// sorts. Reversing the direction only reverses the permutations, since
// the descending order is the exact mirror of the ascending one; the same
// column in the same direction is not sorted again. It reports whether
// every customer will be sorted (a new column).
func (s *store) setSort(col column, desc bool) bool {
	s.wantCol, s.wantDesc = col, desc
	return col != s.sortBy
}

// wantSort is the sort the operator asked for last.
func (s *store) wantSort() (column, bool) { return s.wantCol, s.wantDesc }

// sortingTo is the column every customer is being sorted by (or will be,
// once the running job is done), if any.
func (s *store) sortingTo() (column, bool) {
	if s.job != nil && s.job.resort {
		return s.job.col, true
	}
	if s.wantCol != s.sortBy || s.resortAll {
		return s.wantCol, true
	}
	return 0, false
}

// setSummary records a customer's subscription summary and its search
// record's status; the next job moves it as its sort key and filter
// match require.
func (s *store) setSummary(i int32, sum summary) {
	wasKnown := s.sums[i].state == summaryKnown
	s.sums[i] = sum
	if sum.state == summaryKnown && !wasKnown {
		s.statusKnown++
	}
	s.recs[i].SetStatus(s.statusOf(i))
	if (s.sortBy == colStatus || s.sortBy == colSubs) && s.keyOf(s.sortBy, i) != s.keys[i] ||
		s.resorting(colStatus) || s.resorting(colSubs) {
		s.moved = append(s.moved, i)
	}
	s.refilter(i)
}

// resorting reports whether the running job sorts every customer by col:
// it prepared their keys from what they were when it started.
func (s *store) resorting(col column) bool { return s.job != nil && s.job.resort && s.job.col == col }

// everyone is every customer: those in order, in its order, then those a
// job has still to place.
func (s *store) everyone() []int32 {
	if len(s.order) == s.len() {
		return s.order
	}
	in := make([]bool, s.len())
	all := append(make([]int32, 0, s.len()), s.order...)
	for _, i := range s.order {
		in[i] = true
	}
	for i := range in {
		if !in[i] {
			all = append(all, int32(i))
		}
	}
	return all
}

// statusOf is customer i's status, as its search record has it.
func (s *store) statusOf(i int32) model.CustomerStatus {
	if s.sums[i].state == summaryKnown {
		return s.sums[i].Status()
	}
	return model.StatusUnknown
}

// position is where customer i is in shown, or -1.
func (s *store) position(i int32) int { return slices.Index(s.shown, i) }

// cmp orders two customers by the sort column, then by name, then by id,
// so the order is total and binary search finds an exact place.
func (s *store) cmp(a, b int32) int {
	return compareBy(s.keys, s.desc, orderer{col: s.sortBy, recs: s.recs, disp: s.disp, names: s.names}, a, b)
}

// compareBy orders a and b by their keys (descending if desc), equal keys
// by o.
func compareBy(keys []sortKey, desc bool, o orderer, a, b int32) int {
	if desc {
		a, b = b, a
	}
	if c := keys[a].compare(keys[b]); c != 0 {
		return c
	}
	return o.tie(a, b)
}

// keyOf is customer i's sort key for col.
func (s *store) keyOf(col column, i int32) sortKey {
	if col == colDecision {
		return sortKey{decisionRank(&s.recs[i]), s.names[i]}
	}
	if col == colSubs || col == colStatus {
		return sortKey{rankOf(col, s.sums[i]), s.names[i]}
	}
	return textKey(col, &s.recs[i], s.names[i])
}

// sortKey is a customer's prepared sort key, 16 bytes compared as two
// numbers: the first 8 bytes of the lower-cased field (or a rank) and
// either its next 8 or, for a rank or a field shorter than 8 bytes (a
// country, a relationship), the first 8 of the name. Equal keys are
// settled by orderer.tie; most comparisons never get there.
type sortKey struct{ a, b uint64 }

func (k sortKey) compare(o sortKey) int {
	if k.a != o.a {
		return cmp.Compare(k.a, o.a)
	}
	return cmp.Compare(k.b, o.b)
}

// orderer compares customers whose keys are equal: by the whole sort
// field, then by name, then by id.
type orderer struct {
	col   column
	recs  []model.Record
	disp  []display
	names []uint64
}

func (o *orderer) tie(a, b int32) int {
	if f, ok := textField(o.col); ok {
		if c := strings.Compare(o.recs[a].Field(f), o.recs[b].Field(f)); c != 0 || o.col == colName {
			if c != 0 {
				return c
			}
			return strings.Compare(o.disp[a].field(&o.recs[a], dID), o.disp[b].field(&o.recs[b], dID))
		}
	}
	if x, y := o.names[a], o.names[b]; x != y {
		return cmp.Compare(x, y)
	}
	if c := strings.Compare(o.recs[a].Field(model.FieldName), o.recs[b].Field(model.FieldName)); c != 0 {
		return c
	}
	return strings.Compare(o.disp[a].field(&o.recs[a], dID), o.disp[b].field(&o.recs[b], dID))
}

// textField is the search field col sorts by, if it is a text column.
func textField(col column) (model.Field, bool) {
	switch col {
	case colName:
		return model.FieldName, true
	case colDomain:
		return model.FieldDomain, true
	case colTenant:
		return model.FieldTenant, true
	case colRel:
		return model.FieldRelationship, true
	case colCountry:
		return model.FieldCountry, true
	}
	return 0, false
}

// textKey is the sort key of a text column: prefixes of the lower-cased
// field, big-endian, so that comparing keys compares prefixes (byte order
// of UTF-8 is code point order). The second number starts with a tag: 0
// for a field of at most 8 bytes, then the name's first 7 bytes (two such
// keys with the same first number have the same field, so the name is
// next); 1 for a longer field, then its bytes 8 to 15 (which sorts it
// after a field that is its first 8 bytes).
func textKey(col column, r *model.Record, name uint64) sortKey {
	f, _ := textField(col)
	v := r.Field(f)
	switch {
	case len(v) > 8:
		return sortKey{prefixKey(v), 1<<56 | prefixKey(v[8:])>>8}
	case col == colName:
		return sortKey{name, 0}
	}
	return sortKey{prefixKey(v), name >> 8}
}

func prefixKey(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// rankOf is the key of the Subs and Status columns.
func rankOf(col column, s summary) uint64 {
	if col == colSubs {
		return uint64(subsRank(s))
	}
	return uint64(statusRank(s))
}

// decisionRank sorts migrate, follow-up, skip, then undecided, and
// within each, failed checks first.
func decisionRank(r *model.Record) uint64 {
	var d uint64
	switch r.Decision() {
	case model.DecisionMigrate:
		d = 0
	case model.DecisionFollowUp:
		d = 1
	case model.DecisionSkip:
		d = 2
	default:
		d = 3
	}
	var c uint64
	switch r.Check() {
	case model.CheckFailed:
		c = 0
	case model.CheckError:
		c = 1
	case model.CheckEligible:
		c = 2
	default:
		c = 3
	}
	return d<<2 | c
}

// reviewChanged notes that customer i's decision or check (or mark)
// changed: the next job moves it if the table sorts by decision, and
// shows or hides it as the filter says.
func (s *store) reviewChanged(i int32) {
	if s.sortBy == colDecision || s.resorting(colDecision) {
		s.moved = append(s.moved, i)
	}
	s.refilter(i)
}

// subsRank sorts unknown counts after every known one.
func subsRank(s summary) int {
	if s.state != summaryKnown {
		return 1 << 30
	}
	return int(s.count)
}

// statusRank puts what needs an operator first and unknown last.
func statusRank(s summary) int {
	if s.state != summaryKnown {
		return 9
	}
	switch s.Status() {
	case model.StatusSuspended:
		return 0
	case model.StatusPending:
		return 1
	case model.StatusActive:
		return 2
	case model.StatusNoSubs:
		return 3
	}
	return 4
}

// The fields of a display, in the order they sit in its text.
const (
	dID = iota
	dCommerce
	dTenant
	dName
	dDomain
	dRel
	dCountry
	dCity
	dEmail
	numDisplay
)

// display is one customer's text as received, what its search record
// does not already hold: fields that equal their lower-cased form (ids,
// domains, relationships, mostly) are read from the record, the others sit
// in a string shared with the rest of the page, with where each ends. A
// commerce id in canonical form is kept as its 16 bytes.
type display struct {
	text   string
	ends   [numDisplay]uint16
	shared uint16 // bit k: field k is the record's
	packed bool   // the commerce id is 16 raw bytes
}

// sharedField is the search field display field k can share, if any.
var sharedField = [numDisplay]model.Field{dID: model.FieldID, dTenant: model.FieldTenant, dName: model.FieldName,
	dDomain: model.FieldDomain, dRel: model.FieldRelationship, dCountry: model.FieldCountry}

func (d *display) field(r *model.Record, k int) string {
	if d.shared&(1<<k) != 0 {
		return r.Field(sharedField[k])
	}
	from := uint16(0)
	if k > 0 {
		from = d.ends[k-1]
	}
	v := d.text[from:d.ends[k]]
	if k == dCommerce && d.packed {
		return formatGUID(v)
	}
	return v
}

func (d *display) customer(r *model.Record) model.Customer {
	return model.Customer{
		ID: d.field(r, dID), CommerceID: d.field(r, dCommerce), TenantID: d.field(r, dTenant),
		CompanyName: d.field(r, dName), Domain: d.field(r, dDomain), Relationship: model.Relationship(d.field(r, dRel)),
		Country: d.field(r, dCountry), City: d.field(r, dCity), Email: d.field(r, dEmail),
	}
}

// packGUID returns the 16 bytes of a GUID in canonical lower-case form,
// which formatGUID gives back exactly.
func packGUID(s string) (string, bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return "", false
	}
	var b [16]byte
	h := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	for k := range b {
		hi, ok1 := unhex(h[2*k])
		lo, ok2 := unhex(h[2*k+1])
		if !ok1 || !ok2 {
			return "", false
		}
		b[k] = hi<<4 | lo
	}
	return string(b[:]), true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

func formatGUID(b string) string {
	const hexDigits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for k := 0; k < 16; k++ {
		if k == 4 || k == 6 || k == 8 || k == 10 {
			out = append(out, '-')
		}
		out = append(out, hexDigits[b[k]>>4], hexDigits[b[k]&15])
	}
	return string(out)
}

// maxDisplayField bounds one field of a display (offsets are 16 bits).
const maxDisplayField = 4096

// batch is a page of customers prepared for the store off the UI loop:
// its text in one string, search records, name keys and the widest value
// of each column.
type batch struct {
	disp  []display
	recs  []model.Record
	names []uint64
	width [numColumns]int
}

func newBatch(cs []model.Customer) *batch {
	b := &batch{disp: make([]display, len(cs)), recs: model.NewRecords(cs, model.StatusUnknown), names: make([]uint64, len(cs))}
	var buf []byte
	starts := make([]int, len(cs)+1)
	for i := range cs {
		c := &cs[i]
		d, r := &b.disp[i], &b.recs[i]
		starts[i] = len(buf)
		for k, v := range [numDisplay]string{c.ID, c.CommerceID, c.TenantID, c.CompanyName, c.Domain, string(c.Relationship), c.Country, c.City, c.Email} {
			switch {
			case k == dCommerce:
				if p, ok := packGUID(v); ok {
					v, d.packed = p, true
				}
			case k != dCity && k != dEmail && r.Field(sharedField[k]) == v:
				d.shared |= 1 << k
				v = ""
			}
			if len(v) > maxDisplayField {
				v = strings.ToValidUTF8(v[:maxDisplayField], "")
			}
			buf = append(buf, v...)
			d.ends[k] = uint16(len(buf) - starts[i])
		}
		b.names[i] = prefixKey(r.Field(model.FieldName))
		w := &b.width
		w[colName] = max(w[colName], width(c.CompanyName))
		w[colDomain] = max(w[colDomain], width(c.Domain))
		w[colTenant] = max(w[colTenant], width(c.TenantID))
		w[colRel] = max(w[colRel], width(string(c.Relationship)))
		w[colCountry] = max(w[colCountry], width(c.Country))
	}
	starts[len(cs)] = len(buf)
	text := string(buf)
	for i := range b.disp {
		b.disp[i].text = text[starts[i]:starts[i+1]]
	}
	return b
}

// width is the cells s takes; printable ASCII, most text, is measured
// without segmenting graphemes.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
