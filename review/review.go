// Package review keeps a bulk review of customers on disk: marks,
// decisions (migrate, skip, follow up) with notes, and the outcome of
// pre-flight checks, saved as they are made so that a review spans days,
// survives a dropped SSH session and two instances open at once lose
// nothing.
//
// It is local state, not HTTP: the UI and the CLI import it, and it
// imports only model. The store is SQLite through modernc.org/sqlite, a
// pure-Go driver, so that CGO_ENABLED=0 builds and cross-builds keep
// working. Every change is one short transaction that writes only the
// fields it changes (an upsert per customer), in WAL mode with a busy
// timeout: two instances writing at once wait for each other briefly and
// neither overwrites what the other wrote to another field or customer.
package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/mcgdash/mcgdash/model"
)

// FileName is the database's name in the state directory.
const FileName = "review.db"

// Entry is the review's state of one customer.
type Entry struct {
	CustomerID string
	// Name is the customer's company name when the entry was last
	// written, for exports made without a connection.
	Name     string
	Marked   bool
	Decision model.Decision
	Note     string
	Check    model.CheckState
	// CheckReason says why a check failed (or could not be made).
	CheckReason string
	Updated     time.Time
}

// Field is what an Op changes.
type Field int

// The fields an Op can change.
const (
	FieldMarked Field = iota
	FieldDecision
	FieldNote
	FieldCheck
	FieldName
)

// Op is one change to the review: Field set to Value (and Reason, for a
// check) for every customer in IDs. Marked takes "1" or "".
type Op struct {
	Field  Field
	IDs    []string
	Value  string
	Reason string
}

// Mark returns the op that marks (or unmarks) ids.
func Mark(on bool, ids ...string) Op {
	v := ""
	if on {
		v = "1"
	}
	return Op{Field: FieldMarked, IDs: ids, Value: v}
}

// Decide returns the op that records decision d for ids.
func Decide(d model.Decision, ids ...string) Op {
	return Op{Field: FieldDecision, IDs: ids, Value: string(d)}
}

// SetNote returns the op that sets id's note.
func SetNote(id, note string) Op { return Op{Field: FieldNote, IDs: []string{id}, Value: note} }

// SetCheck returns the op that records a check's outcome for id.
func SetCheck(id string, c model.CheckState, reason string) Op {
	return Op{Field: FieldCheck, IDs: []string{id}, Value: string(c), Reason: reason}
}

// SetName returns the op that records id's company name.
func SetName(id, name string) Op { return Op{Field: FieldName, IDs: []string{id}, Value: name} }

// Store is one review (one environment and partner) in a database that
// may hold several.
type Store struct {
	db     *sql.DB
	review string
	now    func() time.Time
}

// Open opens (creating it 0600, in a 0700 directory) the database at
// path and the review named key in it, e.g. "germany/contoso.onmicrosoft.de".
func Open(path, key string) (*Store, error) {
	if key == "" {
		return nil, errors.New("review: no review key")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("review: %s is not a regular file", path)
	} else if errors.Is(err, os.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil && !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("review: %w", err)
		}
		if f != nil {
			_ = f.Close()
		}
	}
	// busy_timeout makes a writer wait for another instance's
	// transaction instead of failing; WAL lets readers go on meanwhile.
	dsn := "file:" + filepath.ToSlash(path) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	db.SetMaxOpenConns(1) // one connection: writes are short and in order
	const schema = `CREATE TABLE IF NOT EXISTS entries (
	review       TEXT NOT NULL,
	customer     TEXT NOT NULL,
	name         TEXT NOT NULL DEFAULT '',
	marked       INTEGER NOT NULL DEFAULT 0,
	decision     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	check_state  TEXT NOT NULL DEFAULT '',
	check_reason TEXT NOT NULL DEFAULT '',
	updated      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (review, customer)
)`
	if _, err := db.Exec(schema); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	return &Store{db: db, review: key, now: time.Now}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Key is the review's name.
func (s *Store) Key() string { return s.review }

// Load returns every entry of the review, by customer id.
func (s *Store) Load(ctx context.Context) (map[string]Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT customer, name, marked, decision, note, check_state, check_reason, updated
		FROM entries WHERE review = ? ORDER BY customer`, s.review)
	if err != nil {
		return nil, fmt.Errorf("review: load: %w", err)
	}
	defer rows.Close()
	out := map[string]Entry{}
	for rows.Next() {
		var e Entry
		var marked int
		var dec, check string
		var updated int64
		if err := rows.Scan(&e.CustomerID, &e.Name, &marked, &dec, &e.Note, &check, &e.CheckReason, &updated); err != nil {
			return nil, fmt.Errorf("review: load: %w", err)
		}
		e.Marked = marked != 0
		e.Decision, _ = model.ParseDecision(dec)
		e.Check, _ = model.ParseCheck(check)
		e.Updated = time.UnixMilli(updated).UTC()
		out[e.CustomerID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("review: load: %w", err)
	}
	return out, nil
}

// Apply makes the changes, in order, in one transaction: all or none.
func (s *Store) Apply(ctx context.Context, ops ...Op) error {
	if len(ops) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("review: save: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	now := s.now().UnixMilli()
	for _, op := range ops {
		var set string
		args := []any{}
		switch op.Field {
		case FieldMarked:
			set = "marked = ?"
			args = append(args, boolInt(op.Value != ""))
		case FieldDecision:
			d, ok := model.ParseDecision(op.Value)
			if !ok {
				return fmt.Errorf("review: %q is not a decision", op.Value)
			}
			set = "decision = ?"
			args = append(args, string(d))
		case FieldNote:
			set = "note = ?"
			args = append(args, model.Sanitize(op.Value))
		case FieldCheck:
			c, ok := model.ParseCheck(op.Value)
			if !ok {
				return fmt.Errorf("review: %q is not a check outcome", op.Value)
			}
			set = "check_state = ?, check_reason = ?"
			args = append(args, string(c), model.Sanitize(op.Reason))
		case FieldName:
			set = "name = ?"
			args = append(args, model.Sanitize(op.Value))
		default:
			return fmt.Errorf("review: unknown field %d", op.Field)
		}
		// The insert sets the field too, so that both paths write the
		// same; the update touches only this field.
		cols := strings.NewReplacer(" = ?", "", ", ", ", ").Replace(set)
		marks := strings.TrimSuffix(strings.Repeat("?, ", strings.Count(set, "?")), ", ")
		q := `INSERT INTO entries (review, customer, ` + cols + `, updated) VALUES (?, ?, ` + marks + `, ?)
			ON CONFLICT (review, customer) DO UPDATE SET ` + set + `, updated = ?`
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("review: save: %w", err)
		}
		for _, id := range op.IDs {
			a := append([]any{s.review, id}, args...)
			a = append(a, now)
			a = append(a, args...)
			a = append(a, now)
			if _, err := stmt.ExecContext(ctx, a...); err != nil {
				_ = stmt.Close()
				return fmt.Errorf("review: save: %w", err)
			}
		}
		_ = stmt.Close()
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("review: save: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
