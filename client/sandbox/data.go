package sandbox

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/mcgdash/mcgdash/model"
)

// Salts separate the independent random streams derived from one customer
// index, so that changing how names are drawn does not move cities.
const (
	saltCountry uint64 = iota + 1
	saltName
	saltTenant
	saltCommerce
	saltDetails
	saltHostile
	saltSubs
	saltPartner
	saltBilling
)

// rng is splitmix64: tiny, fast and good enough for test data. Every value
// the sandbox serves is derived from (seed, index, salt), so nothing but
// names, domains and ids has to be stored.
type rng struct{ s uint64 }

func newRNG(seed int64, idx int, salt uint64) *rng {
	r := &rng{s: uint64(seed)*0x9e3779b97f4a7c15 ^ salt<<56 ^ salt*0xbf58476d1ce4e5b9}
	r.s ^= r.next() + uint64(idx)*0x94d049bb133111eb
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a value in [0, n); n must be > 0.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// pct reports true with probability p percent.
func (r *rng) pct(p int) bool { return r.intn(100) < p }

func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }

// guid draws a version 4 GUID.
func (r *rng) guid() [16]byte {
	var b [16]byte
	a, c := r.next(), r.next()
	for i := 0; i < 8; i++ {
		b[i], b[8+i] = byte(a>>(8*i)), byte(c>>(8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}

func formatGUID(b [16]byte) string {
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}

// parseGUID accepts the 36-character form in any case.
func parseGUID(s string) ([16]byte, bool) {
	var b [16]byte
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return b, false
	}
	h := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(b[:], []byte(strings.ToLower(h))); err != nil {
		return b, false
	}
	return b, true
}

// stored is what the sandbox keeps of a customer: what must be unique
// across customers and so cannot be derived from the index alone. name and
// domain (without .onmicrosoft.de) share the dataset's arena.
type stored struct {
	name   string
	domain string
	tenant [16]byte
}

// packed is a stored customer in 24 bytes: its name and domain are at off
// in the arena, one after the other.
type packed struct {
	off             uint32
	nameLen, domLen uint16
	tenant          [16]byte
}

// arenaChunk is the size of one block of the arena.
const arenaChunk = 1 << 20

// dataset is the deterministic customer base of one seed. It is generated
// lazily, as a prefix: customer i depends only on the seed and customers
// 0..i-1, so a server can answer its first page at once whatever its size
// and generate the rest as pages are asked for.
type dataset struct {
	seed int64
	// recs has room for every customer from the start, so that its
	// header never changes: entries below ready are immutable and read
	// without a lock.
	recs  []packed
	ready atomic.Int64
	// chunks are the arena's blocks; a block is allocated, and its
	// pointer set, before any customer in it is published, and bytes
	// are only ever appended, so reading below ready needs no lock.
	chunks []*[arenaChunk]byte

	mu   sync.Mutex // guards growth and the maps
	fill int        // bytes used in the arena
	// byTenant finds a customer by the first 8 bytes of its tenant id;
	// the rare tenant whose first 8 bytes are taken goes to moreTenants.
	byTenant    *tenantIndex
	moreTenants map[[16]byte]int32
	// ahead is set while a read-ahead generates customers (readAhead).
	ahead atomic.Bool
	// names and domains are the folded names and the domains drawn so far
	// (as 64-bit FNV-1a hashes: strings would double the sandbox's memory),
	// dropped once every customer is generated.
	names, domains *hashSet
}

// maxDomainLabel is the longest initial-domain label Microsoft allows.
const maxDomainLabel = 27

// newDataset generates n customers at once.
func newDataset(seed int64, n int) *dataset {
	d := newLazyDataset(seed, n)
	d.ensure(n)
	return d
}

// newLazyDataset returns a dataset of n customers of which none is
// generated yet; ensure generates them.
func newLazyDataset(seed int64, n int) *dataset {
	return &dataset{
		seed: seed, recs: make([]packed, n), chunks: make([]*[arenaChunk]byte, n*512/arenaChunk+1),
		byTenant: newTenantIndex(), moreTenants: map[[16]byte]int32{},
		names: newHashSet(), domains: newHashSet(),
	}
}

// rec returns customer i, which must have been generated.
func (d *dataset) rec(i int) stored {
	p := &d.recs[i]
	b := d.chunks[p.off/arenaChunk][p.off%arenaChunk:]
	// The bytes are never written again: a string may share them.
	name := unsafe.String(&b[0], int(p.nameLen)+int(p.domLen))
	return stored{name: name[:p.nameLen], domain: name[p.nameLen:], tenant: p.tenant}
}

// store appends customer i's name and domain to the arena; d.mu is held.
func (d *dataset) store(i int, name, domain string, tenant [16]byte) {
	size := len(name) + len(domain)
	if size > 512 || len(name) > 0xffff {
		panic("sandbox: generated name too long") // generated names are far shorter
	}
	if d.fill%arenaChunk+size > arenaChunk || d.fill%arenaChunk == 0 {
		if d.fill%arenaChunk != 0 {
			d.fill += arenaChunk - d.fill%arenaChunk
		}
		d.chunks[d.fill/arenaChunk] = new([arenaChunk]byte)
	}
	b := d.chunks[d.fill/arenaChunk][d.fill%arenaChunk:]
	copy(b, name)
	copy(b[len(name):], domain)
	d.recs[i] = packed{off: uint32(d.fill), nameLen: uint16(len(name)), domLen: uint16(len(domain)), tenant: tenant}
	d.fill += size
}

// tenantAt looks a tenant id up among those generated; d.mu is held.
func (d *dataset) tenantAt(t [16]byte) (int32, bool) {
	if i, ok := d.byTenant.get(binary.LittleEndian.Uint64(t[:8])); ok && d.recs[i].tenant == t {
		return i, true
	}
	i, ok := d.moreTenants[t]
	return i, ok
}

// ensure generates customers up to (not including) n.
func (d *dataset) ensure(n int) {
	n = min(n, len(d.recs))
	if int(d.ready.Load()) >= n {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if int(d.ready.Load()) >= n {
		return // another call generated them while this one waited
	}
	for i := int(d.ready.Load()); i < n; i++ {
		c := d.country(i)
		name, base := uniqueName(d.seed, i, c, d.names)
		domain := uniqueDomain(slug(base), d.domains)
		tr := newRNG(d.seed, i, saltTenant)
		tenant := tr.guid()
		for {
			if _, dup := d.tenantAt(tenant); !dup {
				break
			}
			tenant = tr.guid()
		}
		if k := binary.LittleEndian.Uint64(tenant[:8]); !hasKey(d.byTenant, k) {
			d.byTenant.put(k, int32(i))
		} else {
			d.moreTenants[tenant] = int32(i)
		}
		d.store(i, name, domain, tenant)
		if i%1024 == 1023 {
			d.ready.Store(int64(i + 1))
		}
	}
	d.ready.Store(int64(n))
	if n == len(d.recs) {
		d.names, d.domains = nil, nil
	}
}

// readAhead generates customers up to n in the background, unless that
// is done or a read-ahead is already under way: while a client decodes one
// page, the next few are drawn on another core, and the page request
// that needs them finds them ready (or waits on d.mu for the rest).
func (d *dataset) readAhead(n int) {
	if int(d.ready.Load()) >= min(n, len(d.recs)) || !d.ahead.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer d.ahead.Store(false)
		d.ensure(n)
	}()
}

func hasKey(t *tenantIndex, k uint64) bool {
	_, ok := t.get(k)
	return ok
}

// find returns the index of the customer with the given tenant id,
// generating the rest of the dataset if it is not among those generated.
func (d *dataset) find(tenant [16]byte) (int, bool) {
	d.mu.Lock()
	i, ok := d.tenantAt(tenant)
	done := int(d.ready.Load()) == len(d.recs)
	d.mu.Unlock()
	if ok || done {
		return int(i), ok
	}
	d.ensure(len(d.recs))
	d.mu.Lock()
	defer d.mu.Unlock()
	i, ok = d.tenantAt(tenant)
	return int(i), ok
}

func (d *dataset) len() int { return len(d.recs) }

func (d *dataset) country(i int) *country {
	r := newRNG(d.seed, i, saltCountry)
	x := r.intn(countryWeights[len(countryWeights)-1])
	for ci, w := range countryWeights {
		if x < w {
			return &countries[ci]
		}
	}
	return &countries[0]
}

// uniqueName draws company names for customer i until one is new. A few
// patterns, mixed per country, give hundreds of thousands of plausible
// names; past that a number is appended, as registers do. base is the
// name without its legal form, which does not belong in a domain.
func uniqueName(seed int64, i int, c *country, seen *hashSet) (name, base string) {
	r := newRNG(seed, i, saltName)
	// A candidate is hashed from its parts and built only once it is new:
	// at a million customers most draws are taken already.
	var parts [8]string
	for attempt := 0; ; attempt++ {
		p := parts[:0]
		switch r.intn(10) {
		case 0, 1, 2:
			p = append(p, pick(r, c.surnames), " ", pick(r, c.trades))
		case 3, 4, 5:
			p = append(p, pick(r, coinedHeads), pick(r, coinedTails), " ", pick(r, c.trades))
		case 6:
			p = append(p, pick(r, coinedHeads), pick(r, coinedTails))
		case 7:
			p = append(p, pick(r, c.trades), " ", pick(r, c.cities).name)
		case 8:
			p = append(p, pick(r, c.surnames), " & ", pick(r, c.surnames))
		default:
			p = append(p, pick(r, c.surnames), " ", pick(r, c.surnames), " ", pick(r, c.trades))
		}
		if attempt >= 8 {
			p = append(p, " ", strconv.Itoa(attempt-6))
		}
		form := pick(r, c.forms)
		h := foldHashOf(foldHashOf(foldHashOf(foldBasis, p...), " "), form)
		if !seen.has(h) {
			seen.add(h)
			base = strings.Join(p, "")
			return base + " " + form, base
		}
	}
}

// stripForm removes the longest legal form name ends with, so that
// "… GmbH & Co. KG" loses all of it rather than just "KG".
func stripForm(name string) string {
	longest := ""
	for _, c := range countries {
		for _, f := range c.forms {
			if len(f) > len(longest) && strings.HasSuffix(name, " "+f) {
				longest = f
			}
		}
	}
	return strings.TrimSuffix(name, " "+longest)
}

// foldHash is the 64-bit FNV-1a hash of strings.ToLower(s), computed
// without building the lower-cased copy.
func foldHash(s string) uint64 { return foldHashOf(foldBasis, s) }

// foldBasis is FNV-1a's offset basis: the hash of "".
const foldBasis = uint64(14695981039346656037)

// foldHashOf continues h over the strings in turn: foldHash of their
// concatenation, as long as each is valid UTF-8 on its own.
func foldHashOf(h uint64, ss ...string) uint64 {
	var buf [utf8.UTFMax]byte
	for _, s := range ss {
		for _, r := range s {
			var b []byte
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				buf[0] = byte(r)
				b = buf[:1]
			} else {
				b = buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))]
			}
			for _, c := range b {
				h ^= uint64(c)
				h *= 1099511628211
			}
		}
	}
	return h
}

func uniqueDomain(label string, seen *hashSet) string {
	if label == "" {
		label = "tenant"
	}
	if len(label) > maxDomainLabel {
		label = label[:maxDomainLabel]
	}
	d := label
	for n := 2; ; n++ {
		if !seen.has(foldHash(d)) {
			break
		}
		suffix := strconv.Itoa(n)
		base := label
		if len(base)+len(suffix) > maxDomainLabel {
			base = base[:maxDomainLabel-len(suffix)]
		}
		d = base + suffix
	}
	seen.add(foldHash(d))
	return d
}

// transliterations spell non-ASCII letters the way their own languages do
// in ASCII (ü → ue, not u), as companies do when they register domains.
var transliterations = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'æ': "ae", 'ø': "oe", 'å': "aa",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'á': "a", 'à': "a", 'â': "a", 'ã': "a",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ç': "c", 'ñ': "n", 'ł': "l", 'ś': "s", 'ź': "z",
	'ż': "z", 'ń': "n", 'ć': "c", 'ę': "e", 'ą': "a", 'ð': "d", 'þ': "th", 'ý': "y",
}

// slug makes an ASCII domain label: lower case, letters and digits only.
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= utf8.RuneSelf:
			b.WriteString(transliterations[r])
		}
	}
	return b.String()
}

// details are the derived, unstored parts of a customer.
type details struct {
	country      *country
	city         city
	postalCode   string
	street       string
	relationship model.Relationship
	commerceID   string
	email        string
	firstName    string
	lastName     string
	phone        string
	delegated    bool
}

func (d *dataset) details(i int) details { return d.detailsOf(i, true) }

// listed is what a customer list item shows of the details: the
// relationship and the email. The same numbers are drawn as for details,
// but the rest is not built: a page of 500 is served 2,000 times for a
// million customers.
func (d *dataset) listed(i int) (model.Relationship, string) {
	det := d.detailsOf(i, false)
	return det.relationship, det.email
}

// detailsOf draws customer i's details; with all false only relationship
// and email are filled in.
func (d *dataset) detailsOf(i int, all bool) details {
	c := d.country(i)
	r := newRNG(d.seed, i, saltDetails)
	det := details{country: c, city: pick(r, c.cities)}
	street, number := pick(r, c.streets), 1+r.intn(180)
	postalCode := postal(r, c.postal, det.city.postal, all)
	if all {
		det.street, det.postalCode = street+" "+strconv.Itoa(number), postalCode
	}
	switch x := r.intn(100); {
	case x < 85:
		det.relationship = model.RelationshipReseller
	case x < 91:
		det.relationship = model.RelationshipAdvisor
	case x < 95:
		det.relationship = model.RelationshipNone
	case x < 98:
		det.relationship = model.RelationshipSyndication
	default:
		det.relationship = model.RelationshipMicrosoftSupport
	}
	det.delegated = det.relationship == model.RelationshipReseller || r.pct(30)
	if all {
		det.commerceID = formatGUID(newRNG(d.seed, i, saltCommerce).guid())
	}
	det.firstName, det.lastName = pick(r, c.firstNames), pick(r, c.surnames)
	local := pick(r, emailLocalsDE)
	if c.culture[:2] != "de" {
		local = pick(r, emailLocals)
	}
	det.email = local + "@" + d.rec(i).domain + "." + c.tld
	if all {
		det.phone = c.phone + " " + strconv.Itoa(10+r.intn(89)) + " " + strconv.Itoa(100000+r.intn(899999))
	}
	return det
}

// The local parts of a customer's email, in German-speaking countries and
// elsewhere.
var (
	emailLocalsDE = []string{"info", "it", "office", "admin", "buchhaltung", "einkauf"}
	emailLocals   = []string{"info", "it", "office", "admin", "accounts"}
)

// postal fills a pattern ('#' digit, '@' letter) after the city's prefix;
// without build it only draws the numbers.
func postal(r *rng, pattern, prefix string, build bool) string {
	if !build {
		for i := range len(pattern) {
			switch pattern[i] {
			case '#':
				r.intn(10)
			case '@':
				r.intn(26)
			}
		}
		return ""
	}
	out := []byte(pattern)
	for i := range out {
		switch out[i] {
		case '#':
			out[i] = byte('0' + r.intn(10))
		case '@':
			out[i] = byte('A' + r.intn(26))
		}
	}
	copy(out, prefix)
	return string(out)
}

// customer returns customer i as the model type, undecorated (never hostile).
func (d *dataset) customer(i int) model.Customer {
	s := d.rec(i)
	det := d.details(i)
	id := formatGUID(s.tenant)
	return model.Customer{
		ID:           id,
		CommerceID:   det.commerceID,
		TenantID:     id,
		CompanyName:  s.name,
		Domain:       s.domain + ".onmicrosoft.de",
		Relationship: det.relationship,
		Country:      det.country.code,
		City:         det.city.name,
		Email:        det.email,
	}
}

// Dataset returns the n customers a sandbox started with this seed (and
// Hostile false) serves, in the order it lists them, as the client would
// decode them. It is meant for UI tests and benchmarks that need realistic
// data without a server. n <= 0 gives none.
func Dataset(seed int64, n int) []model.Customer {
	if n <= 0 {
		return nil
	}
	d := newDataset(seed, n)
	out := make([]model.Customer, n)
	for i := range out {
		out[i] = d.customer(i)
	}
	return out
}

// hostile reports whether customer i gets an escape sequence when the
// server runs with Hostile, and which: about one customer in twelve.
func (d *dataset) hostile(i int) (insert string, inDomain bool, ok bool) {
	r := newRNG(d.seed, i, saltHostile)
	if i != 0 && r.intn(12) != 0 {
		return "", false, false
	}
	return pick(r, hostileInserts), r.pct(30), true
}

// decorate plants a hostile insert inside s, after the first word, so that
// prefix filters (which the sandbox applies to the clean name) and the
// operator's eye still find the customer.
func decorate(s, insert string) string {
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i] + insert + s[i:]
	}
	return s + insert
}
