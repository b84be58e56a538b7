package model

import "strings"

// The fields only migrations have, for the migrations dashboard's filter.
// They take values above the customers' fields so the two never collide.
const (
	FieldPhase Field = 100 + iota
	FieldTarget
)

// migrationFieldNames are the qualifiers the migrations filter accepts:
// the customers' grammar with phase: and target: added.
var migrationFieldNames = map[string]Field{
	"name":     FieldName,
	"customer": FieldName,
	"tenant":   FieldTenant,
	"status":   FieldStatus,
	"id":       FieldID,
	"phase":    FieldPhase,
	"target":   FieldTarget,
}

// MigrationFilterQualifiers lists the migrations filter's qualifiers, for
// help text.
const MigrationFilterQualifiers = "customer: tenant: status: phase: target: id:"

// ParseMigrationQuery parses a filter for the migrations dashboard with the
// same grammar as ParseQuery (space-separated terms, "!" inverts, every
// term must hold, case-insensitive substrings), with the qualifiers
// status:, phase: (code or name), target:, customer:, tenant: and id:.
func ParseMigrationQuery(s string) Query {
	return parseWith(s, migrationFieldNames)
}

// MigrationRecord is the searchable form of a migration, lower-cased once
// when it arrives.
type MigrationRecord struct {
	name, tenant, target, status, phase, id string
}

// NewMigrationRecord builds the searchable form of m.
func NewMigrationRecord(m *Migration) MigrationRecord {
	phase := m.CurrentPhase
	if n := PhaseName(m.CurrentPhase); n != m.CurrentPhase {
		phase += "\x00" + n
	}
	return MigrationRecord{
		name: strings.ToLower(m.CustomerName), tenant: strings.ToLower(m.CustomerTenantID),
		target: strings.ToLower(m.TargetTenantID + "\x00" + m.TargetDomain), status: strings.ToLower(string(m.Status)),
		phase: strings.ToLower(phase), id: strings.ToLower(m.ID),
	}
}

// MatchMigration reports whether the record satisfies every term of q (a
// query from ParseMigrationQuery).
func (q Query) MatchMigration(r *MigrationRecord) bool {
	for i := range q.Terms {
		t := &q.Terms[i]
		var in bool
		switch t.Field {
		case FieldName:
			in = strings.Contains(r.name, t.Value)
		case FieldTenant:
			in = strings.Contains(r.tenant, t.Value)
		case FieldTarget:
			in = strings.Contains(r.target, t.Value)
		case FieldStatus:
			in = strings.Contains(r.status, t.Value)
		case FieldPhase:
			in = strings.Contains(r.phase, t.Value)
		case FieldID:
			in = strings.Contains(r.id, t.Value)
		default:
			in = strings.Contains(r.name, t.Value) || strings.Contains(r.tenant, t.Value) ||
				strings.Contains(r.target, t.Value) || strings.Contains(r.status, t.Value) ||
				strings.Contains(r.phase, t.Value) || strings.Contains(r.id, t.Value)
		}
		if in == t.Negate {
			return false
		}
	}
	return true
}
