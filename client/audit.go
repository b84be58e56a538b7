package client

import (
	"github.com/mcgdash/mcgdash/internal/securefile"

	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// AuditLog appends one JSON line per mutating action to a private file,
// by default $XDG_STATE_HOME/mcgdash/audit.jsonl. Each line is written with
// one append and fsynced before the action is reported done. The file is
// created 0600; it is never opened through a symbolic link, and a file that
// belongs to someone else or that others can read is refused. A line never
// holds a token: only who did what to which customers, with the request and
// correlation ids that Partner Center support can trace.
type AuditLog struct {
	path string

	mu       sync.Mutex
	operator string
	now      func() time.Time
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Time          time.Time `json:"time"`
	Operator      string    `json:"operator"`
	Action        string    `json:"action"`
	Customers     []string  `json:"customers"`
	TargetTenant  string    `json:"targetTenant,omitempty"`
	RequestID     string    `json:"requestId"`
	CorrelationID string    `json:"correlationId"`
	Outcome       string    `json:"outcome"`
	MigrationID   string    `json:"migrationId,omitempty"`
	// Detail is the error, for a failed or refused action.
	Detail string `json:"detail,omitempty"`
}

// Audit outcomes.
const (
	OutcomeSucceeded = "succeeded"
	OutcomeFailed    = "failed"
	OutcomeRefused   = "refused: read-only"
	// OutcomeUnknown: no answer arrived (the connection dropped on every
	// try); the same request id can be sent again safely.
	OutcomeUnknown = "unknown: no answer"
)

// Audit actions.
const (
	ActionMigrationCreate = "migration.create"
	ActionMigrationRetry  = "migration.retry"
	ActionEnrollmentStart = "enrollment.start"
)

// DefaultAuditPath is audit.jsonl in StateDir.
func DefaultAuditPath() (string, error) {
	dir, err := StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "audit.jsonl"), nil
}

// StateDir is mcgdash's state directory: $XDG_STATE_HOME/mcgdash, else
// ~/.local/state/mcgdash (on Windows %LocalAppData%\mcgdash\state).
func StateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mcgdash"), nil
	}
	if d := os.Getenv("LocalAppData"); d != "" {
		return filepath.Join(d, "mcgdash", "state"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no state directory: %w (set XDG_STATE_HOME or HOME)", err)
	}
	return filepath.Join(home, ".local", "state", "mcgdash"), nil
}

// OpenAuditLog checks that path can be used as the audit log (creating its
// directory 0700) and returns the log. The file is opened for each line.
func OpenAuditLog(path string) (*AuditLog, error) {
	if path == "" {
		return nil, errors.New("audit log: no path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	a := &AuditLog{path: path, operator: "unknown", now: time.Now}
	if _, err := os.Lstat(path); err == nil {
		f, err := securefile.OpenAppend(path)
		if err != nil {
			return nil, err
		}
		f.Close()
	}
	return a, nil
}

// Path is the audit log's file.
func (a *AuditLog) Path() string { return a.path }

// SetOperator names the signed-in account written on every line from now on.
func (a *AuditLog) SetOperator(account string) {
	a.mu.Lock()
	a.operator = model.Sanitize(account)
	a.mu.Unlock()
}

// Append writes one line and fsyncs it. Time and Operator are filled in
// when empty.
func (a *AuditLog) Append(e AuditEntry) error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.Time.IsZero() {
		e.Time = a.now().UTC()
	}
	if e.Operator == "" {
		e.Operator = a.operator
	}
	if e.Customers == nil {
		e.Customers = []string{}
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	f, err := securefile.OpenAppend(a.path)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("audit log %s: %w", a.path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit log %s: %w", a.path, err)
	}
	return f.Close()
}
