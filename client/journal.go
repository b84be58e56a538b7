package client

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mcgdash/mcgdash/internal/securefile"
	"github.com/mcgdash/mcgdash/model"
)

// Journal records the migrations started from this machine, so that after
// an SSH drop (or any end of the program) the next start can say what
// became of them. It is two private files in the state directory:
// migrations.jsonl, one line appended (and fsynced) per migration created,
// and migrations-seen.json, the status each had when mcgdash last looked.
// Both are created 0600 in a 0700 directory and never through a link
// (internal/securefile).
type Journal struct {
	path string
	mu   sync.Mutex
	now  func() time.Time
}

// JournalEntry is one migration started from this machine.
type JournalEntry struct {
	Time           time.Time `json:"time"`
	MigrationID    string    `json:"migrationId"`
	CustomerID     string    `json:"customerId"`
	CustomerName   string    `json:"customerName,omitempty"`
	TargetTenantID string    `json:"targetTenantId,omitempty"`
	RequestID      string    `json:"requestId,omitempty"`
}

// journalMax bounds what is read of the journal (about 40,000 entries).
const journalMax = 8 << 20

// DefaultJournalPath is $XDG_STATE_HOME/mcgdash/migrations.jsonl.
func DefaultJournalPath() (string, error) {
	dir, err := StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "migrations.jsonl"), nil
}

// OpenJournal checks that path's directory is private (creating it) and
// returns the journal.
func OpenJournal(path string) (*Journal, error) {
	if path == "" {
		return nil, errors.New("migration journal: no path")
	}
	if err := securefile.PrivateDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("migration journal: %w", err)
	}
	return &Journal{path: path, now: time.Now}, nil
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

func (j *Journal) seenPath() string {
	return j.path[:len(j.path)-len(filepath.Ext(j.path))] + "-seen.json"
}

// Record appends e and fsyncs it. Time is filled in when zero.
func (j *Journal) Record(e JournalEntry) error {
	if j == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = j.now().UTC()
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := securefile.OpenAppend(j.path)
	if err != nil {
		return fmt.Errorf("migration journal: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("migration journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("migration journal: %w", err)
	}
	return f.Close()
}

// Version changes whenever an entry is recorded, by this process or
// another: it is the journal's size (the file is only appended to), 0
// when there is none. One stat, cheap enough for every refresh: read
// Entries again only when it changed.
func (j *Journal) Version() int64 {
	if j == nil {
		return 0
	}
	fi, err := os.Lstat(j.path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// Entries returns the migrations recorded, oldest first, each once. A
// missing journal is empty; a line that cannot be read is skipped.
func (j *Journal) Entries() ([]JournalEntry, error) {
	if j == nil {
		return nil, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	b, err := securefile.ReadFile(j.path, journalMax)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("migration journal: %w", err)
	}
	var out []JournalEntry
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e JournalEntry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.MigrationID == "" {
			continue
		}
		e.MigrationID, e.CustomerID = model.Sanitize(e.MigrationID), model.Sanitize(e.CustomerID)
		e.CustomerName, e.TargetTenantID = model.Sanitize(e.CustomerName), model.Sanitize(e.TargetTenantID)
		e.RequestID = model.Sanitize(e.RequestID)
		if seen[e.MigrationID] {
			continue
		}
		seen[e.MigrationID] = true
		out = append(out, e)
	}
	return out, nil
}

// Seen is what mcgdash last saw of the journal's migrations.
type Seen struct {
	Time     time.Time                        `json:"time"`
	Statuses map[string]model.MigrationStatus `json:"statuses"`
}

// LastSeen reads what was last saved with SetSeen; none is the zero Seen.
func (j *Journal) LastSeen() (Seen, error) {
	var s Seen
	if j == nil {
		return s, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	b, err := securefile.ReadFile(j.seenPath(), journalMax)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("migration journal: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Seen{}, nil // unreadable: as if never seen
	}
	return s, nil
}

// SetSeen saves the statuses of the journal's migrations as seen now.
func (j *Journal) SetSeen(s Seen) error {
	if j == nil {
		return nil
	}
	if s.Time.IsZero() {
		s.Time = j.now().UTC()
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return securefile.WriteFile(j.seenPath(), b)
}

// JournalSummary counts what became of the journal's migrations since
// mcgdash last looked: those that finished or failed since, and those
// still running. Unknown are in the journal but not in the list (yet).
type JournalSummary struct {
	Finished, Failed, Running, Unknown int
}

// Total is the number of migrations the summary is about.
func (s JournalSummary) Total() int { return s.Finished + s.Failed + s.Running }

// String reads, e.g., "Since the last run, of the migrations started
// here: 3 finished, 1 failed, 8 still running".
func (s JournalSummary) String() string {
	if s.Total() == 0 {
		return ""
	}
	return fmt.Sprintf("Since the last run, of the migrations started here: %d finished, %d failed, %d still running",
		s.Finished, s.Failed, s.Running)
}

// SummarizeJournal compares the journal's migrations as they are now
// (current, by id) with what was last seen: a migration already finished
// (or failed) when last seen is not news and is not counted again.
func SummarizeJournal(entries []JournalEntry, last Seen, current map[string]model.Migration) JournalSummary {
	var s JournalSummary
	for _, e := range entries {
		m, ok := current[e.MigrationID]
		if !ok {
			s.Unknown++
			continue
		}
		if m.Status.Finished() && last.Statuses[e.MigrationID] == m.Status {
			continue // known before this run
		}
		switch m.Status {
		case model.MigrationCompleted:
			s.Finished++
		case model.MigrationFailed:
			s.Failed++
		default:
			s.Running++
		}
	}
	return s
}

// Journal is the journal the client records created migrations in, or nil.
func (c *Client) Journal() *Journal { return c.journal }
