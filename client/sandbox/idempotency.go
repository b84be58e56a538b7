package sandbox

import (
	"bytes"
	"net/http"
	"sync"
)

// idempotency makes mutations safe to retry, as Partner Center does with
// MS-RequestId: the first request with an id does the work and its answer
// is kept; a repeat (a client retrying after a dropped connection) gets the
// kept answer and the work is not done twice. A repeat that arrives while
// the first is still running waits for it. Reads need none of this.
type idempotency struct {
	mu      sync.Mutex
	max     int
	entries map[string]*idemEntry
	order   []string // insertion order, for eviction
}

type idemEntry struct {
	method, path string
	done         chan struct{}
	resp         *bufferedResponse
}

func newIdempotency(max int) *idempotency {
	return &idempotency{max: max, entries: map[string]*idemEntry{}}
}

// wrap returns next behind the idempotency layer.
func (m *idempotency) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("MS-RequestId")
		if id == "" || r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		m.mu.Lock()
		e, seen := m.entries[id]
		if !seen {
			e = &idemEntry{method: r.Method, path: r.URL.Path, done: make(chan struct{})}
			m.entries[id] = e
			m.order = append(m.order, id)
			m.evict()
		}
		m.mu.Unlock()

		if seen {
			if e.method != r.Method || e.path != r.URL.Path {
				writeError(w, http.StatusConflict, codeConflict,
					"This MS-RequestId was already used for a different request; use a new id for each new operation.")
				return
			}
			select {
			case <-e.done:
				e.resp.writeTo(w)
			case <-r.Context().Done():
				abandon()
			}
			return
		}
		rec := newBufferedResponse()
		next.ServeHTTP(rec, r)
		e.resp = rec
		close(e.done)
		rec.writeTo(w)
	})
}

// evict forgets the oldest finished entries beyond max. Called with mu held.
func (m *idempotency) evict() {
	for len(m.order) > m.max {
		id := m.order[0]
		if e := m.entries[id]; e != nil {
			select {
			case <-e.done:
			default:
				return // the oldest is still running; try again later
			}
		}
		delete(m.entries, id)
		m.order = m.order[1:]
	}
}

// bufferedResponse holds a whole answer so it can be replayed, or thrown
// away when the connection is to be dropped.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse {
	return &bufferedResponse{header: http.Header{}}
}

// Header implements http.ResponseWriter.
func (b *bufferedResponse) Header() http.Header { return b.header }

// WriteHeader implements http.ResponseWriter.
func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// Write implements http.ResponseWriter.
func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) writeTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = append([]string(nil), v...)
	}
	status := b.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.body.Bytes())
}
