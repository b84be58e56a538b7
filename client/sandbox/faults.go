package sandbox

import (
	"math"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// faultKind is what goes wrong with one request.
type faultKind int

const (
	faultNone faultKind = iota
	faultStatus
	faultThrottle
	faultDrop
)

// fault is one scheduled failure.
type fault struct {
	kind       faultKind
	status     int
	retryAfter time.Duration
}

// faults holds the failures scheduled by FailNext, ThrottleNext and
// DropNext, served first come first served, then the random ones.
type faults struct {
	mu    sync.Mutex
	queue []fault
	rand  *mrand.Rand
	failP float64
	dropP float64
}

func (f *faults) push(n int, x fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range min(n, 1_000_000) {
		f.queue = append(f.queue, x)
	}
}

// next decides the fate of one request.
func (f *faults) next() fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) > 0 {
		x := f.queue[0]
		f.queue = f.queue[1:]
		return x
	}
	if f.dropP > 0 && f.rand.Float64() < f.dropP {
		return fault{kind: faultDrop}
	}
	if f.failP > 0 && f.rand.Float64() < f.failP {
		return fault{kind: faultStatus, status: http.StatusServiceUnavailable}
	}
	return fault{}
}

// FailNext answers the next n Partner Center requests with status (e.g.
// 500, 503, 404) and a Partner Center error body. A status outside
// 400..599 means 503.
func (s *Server) FailNext(n, status int) {
	if status < 400 || status > 599 {
		status = http.StatusServiceUnavailable
	}
	s.faults.push(n, fault{kind: faultStatus, status: status})
}

// ThrottleNext answers the next n Partner Center requests 429 with
// Retry-After retryAfter, rounded up to whole seconds; 0 means
// Options.RetryAfter, or one second.
func (s *Server) ThrottleNext(n int, retryAfter time.Duration) {
	if retryAfter <= 0 {
		retryAfter = s.opts.RetryAfter
	}
	s.faults.push(n, fault{kind: faultThrottle, retryAfter: retryAfter})
}

// DropNext closes the connection of the next n Partner Center requests
// without answering, after the work is done: the way a lost answer looks
// to a client, and why retries of mutations need the same MS-RequestId.
func (s *Server) DropNext(n int) {
	s.faults.push(n, fault{kind: faultDrop})
}

// Request is one recorded Partner Center request.
type Request struct {
	Time     time.Time
	Method   string
	Path     string
	RawQuery string
	Header   http.Header // a copy; Authorization included, it is only a test token
}

// requestLog keeps the most recent requests in a ring.
type requestLog struct {
	mu    sync.Mutex
	max   int
	ring  []Request
	start int
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) < l.max {
		l.ring = append(l.ring, r)
		return
	}
	l.ring[l.start] = r
	l.start = (l.start + 1) % l.max
}

// Requests returns the recorded Partner Center requests, oldest first: the
// most recent 10,000.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]Request, 0, len(s.log.ring))
	out = append(out, s.log.ring[s.log.start:]...)
	out = append(out, s.log.ring[:s.log.start]...)
	for i := range out {
		out[i].Header = out[i].Header.Clone()
	}
	return out
}

// limiter is a token bucket per key: the customer for customer resources
// (as Partner Center limits per tenant), "partner" for the rest.
type limiter struct {
	mu      sync.Mutex
	perSec  float64
	burst   float64
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// newLimiter allows perMinute requests per minute per key, with a burst of
// half a minute's worth. A smaller burst would throttle an ordinary full
// load of 100,000 customers (200 pages of 500 in a couple of seconds); a
// loop that hammers one key is still throttled within moments.
func newLimiter(perMinute int) *limiter {
	if perMinute < 0 {
		return nil
	}
	return &limiter{
		perSec:  float64(perMinute) / 60,
		burst:   math.Max(1, float64(perMinute/2)),
		buckets: map[string]*bucket{},
		now:     time.Now,
	}
}

// take spends a token for key. If there is none, it returns how long until
// there will be one.
func (l *limiter) take(key string) (ok bool, wait time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= 50_000 {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.perSec)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
}

// prune forgets buckets that have refilled: they are the same as new ones.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.perSec >= l.burst {
			delete(l.buckets, k)
		}
	}
}
