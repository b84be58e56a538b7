package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// The sandbox's mutable state (migrations, the enrollment) lives in one JSON
// file per data seed in the user's state directory, so a second run sees
// what the first started. Two sandboxes may run at once (the second on a
// random port): every change takes an exclusive lock on a lock file beside
// the state (flock on Unix, LockFileEx on Windows), re-reads the state,
// changes it and replaces the file atomically (write a temporary file,
// fsync, rename); a read takes a shared lock. A crash mid-write leaves the
// old file whole. An embedded database would do the same with a large
// dependency; the state is small (a few hundred bytes per migration) and
// changes only on an operator's action, so a file is enough.

// stateVersion is the file format's version.
const stateVersion = 1

// migrationRecord is what is stored per migration; its progress is
// computed from Attempts and the clock.
type migrationRecord struct {
	ID               string    `json:"id"`
	Seq              int64     `json:"seq"`
	CustomerTenantID string    `json:"customerTenantId"`
	CustomerName     string    `json:"customerName"`
	TargetTenantID   string    `json:"targetTenantId"`
	SubscriptionIDs  []string  `json:"subscriptionIds"`
	RequestID        string    `json:"requestId"`
	CorrelationID    string    `json:"correlationId,omitempty"`
	Created          time.Time `json:"created"`
	// UnitNanos is the length of one phase unit when the migration was
	// created, so a later run at another --sandbox-speed does not move it
	// backwards.
	UnitNanos int64     `json:"unitNanos"`
	Attempts  []attempt `json:"attempts"`
}

// enrollmentRecord is the partner's one enrollment of a European account.
type enrollmentRecord struct {
	ID          string    `json:"id"`
	CompanyName string    `json:"companyName"`
	RequestID   string    `json:"requestId"`
	Created     time.Time `json:"created"`
	ActiveAfter int64     `json:"activeAfterNanos"`
}

// state is the whole stored state of one seed.
type state struct {
	Version    int                `json:"version"`
	Seed       int64              `json:"seed"`
	NextSeq    int64              `json:"nextSeq"`
	Migrations []*migrationRecord `json:"migrations"`
	Enrollment *enrollmentRecord  `json:"enrollment,omitempty"`
}

// clone deep-copies the parts that handlers may change.
func (s *state) clone() *state {
	c := *s
	c.Migrations = make([]*migrationRecord, len(s.Migrations))
	for i, m := range s.Migrations {
		mc := *m
		mc.SubscriptionIDs = append([]string(nil), m.SubscriptionIDs...)
		mc.Attempts = append([]attempt(nil), m.Attempts...)
		c.Migrations[i] = &mc
	}
	if s.Enrollment != nil {
		e := *s.Enrollment
		c.Enrollment = &e
	}
	return &c
}

// store keeps the state in memory (dir "") or in a file.
type store struct {
	seed     int64
	path     string // "" keeps the state in memory only
	lockPath string

	mu    sync.Mutex
	cur   *state
	stamp fileStamp
}

// fileStamp tells whether the file changed since it was read: every write
// renames a new file into place, so the file's identity changes too.
type fileStamp struct {
	info os.FileInfo
	mod  time.Time
	size int64
}

func stampOf(fi os.FileInfo) fileStamp {
	return fileStamp{info: fi, mod: fi.ModTime(), size: fi.Size()}
}

func (a fileStamp) same(b fileStamp) bool {
	return a.info != nil && b.info != nil && os.SameFile(a.info, b.info) && a.mod.Equal(b.mod) && a.size == b.size
}

// openStore opens (creating) the state of seed in dir. reset discards what
// is there. dir "" keeps the state in memory.
func openStore(dir string, seed int64, reset bool) (*store, error) {
	st := &store{seed: seed, cur: &state{Version: stateVersion, Seed: seed}}
	if dir == "" {
		return st, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox state directory: %w", err)
	}
	name := "sandbox-seed-" + strconv.FormatInt(seed, 10)
	st.path = filepath.Join(dir, name+".json")
	st.lockPath = filepath.Join(dir, name+".lock")
	if reset {
		err := st.withLock(true, func() error {
			st.cur = &state{Version: stateVersion, Seed: seed}
			return st.write(st.cur)
		})
		return st, err
	}
	err := st.withLock(false, st.reload)
	return st, err
}

// withLock runs fn holding the file lock (exclusive or shared) and the
// in-process mutex.
func (st *store) withLock(exclusive bool, fn func() error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.path == "" {
		return fn()
	}
	f, err := os.OpenFile(st.lockPath, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("sandbox state lock: %w", err)
	}
	defer f.Close()
	if err := lockFile(f, exclusive); err != nil {
		return fmt.Errorf("sandbox state lock: %w", err)
	}
	defer unlockFile(f)
	return fn()
}

// reload reads the file if it changed since it was last read. Called with
// the lock held.
func (st *store) reload() error {
	fi, err := os.Stat(st.path)
	if errors.Is(err, fs.ErrNotExist) {
		st.cur = &state{Version: stateVersion, Seed: st.seed}
		st.stamp = fileStamp{}
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	stamp := stampOf(fi)
	if stamp.same(st.stamp) && st.cur != nil {
		return nil
	}
	data, err := os.ReadFile(st.path)
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	var s state
	if err := json.Unmarshal(data, &s); err != nil || s.Version != stateVersion {
		return fmt.Errorf("sandbox state %s is damaged or from another version; start with --sandbox-reset to discard it", st.path)
	}
	if s.Seed != st.seed {
		return fmt.Errorf("sandbox state %s belongs to seed %d, not %d", st.path, s.Seed, st.seed)
	}
	st.cur, st.stamp = &s, stamp
	return nil
}

// write replaces the file atomically. Called with the lock held.
func (st *store) write(s *state) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(st.path), ".sandbox-state-*.tmp")
	if err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	if err := os.Rename(tmp.Name(), st.path); err != nil {
		return fmt.Errorf("sandbox state: %w", err)
	}
	ok = true
	if fi, err := os.Stat(st.path); err == nil {
		st.stamp = stampOf(fi)
	}
	return nil
}

// read returns the current state. The caller must not change it.
func (st *store) read() (*state, error) {
	var s *state
	err := st.withLock(false, func() error {
		if st.path != "" {
			if err := st.reload(); err != nil {
				return err
			}
		}
		s = st.cur
		return nil
	})
	return s, err
}

// update changes the state under the exclusive lock: fn gets a copy to
// change; returning an error leaves the state as it was.
func (st *store) update(fn func(*state) error) error {
	return st.withLock(true, func() error {
		if st.path != "" {
			if err := st.reload(); err != nil {
				return err
			}
		}
		next := st.cur.clone()
		if err := fn(next); err != nil {
			return err
		}
		if st.path != "" {
			if err := st.write(next); err != nil {
				return err
			}
		}
		st.cur = next
		return nil
	})
}
