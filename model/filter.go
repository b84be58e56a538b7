package model

import (
	"strings"
)

// Field names a column a filter term can be qualified with.
type Field int

// The filterable fields. FieldAny matches a term against every column.
const (
	FieldAny Field = iota
	FieldName
	FieldDomain
	FieldTenant
	FieldRelationship
	FieldCountry
	FieldStatus
	FieldID
	numFields
)

// fieldNames are the qualifiers accepted before a colon, with their aliases.
var fieldNames = map[string]Field{
	"name":         FieldName,
	"company":      FieldName,
	"domain":       FieldDomain,
	"tenant":       FieldTenant,
	"rel":          FieldRelationship,
	"relationship": FieldRelationship,
	"country":      FieldCountry,
	"status":       FieldStatus,
	"id":           FieldID,
}

// FilterQualifiers lists the qualifiers, for help text.
const FilterQualifiers = "name: domain: tenant: rel: country: status: id:"

// Term is one word of a filter: a lower-cased substring, optionally bound to
// one field, optionally inverted.
type Term struct {
	Field  Field
	Value  string
	Negate bool
}

// Query is a parsed filter: every term must hold (logical AND).
type Query struct {
	Terms []Term
}

// ParseQuery parses what the operator typed after "/". Terms are separated
// by spaces; "!term" inverts a term; "field:value" restricts it to one
// column (an unknown qualifier is taken literally, so "a:b" still finds
// "a:b"). Matching is a case-insensitive substring test. Terms with nothing
// to match yet ("!", "name:") are ignored, so the table does not empty
// while the operator is still typing.
//
// The text is sanitised as customer data is, so invisible characters (a
// soft hyphen, a zero-width space) typed or pasted into a filter match
// what the table shows.
func ParseQuery(s string) Query {
	s = Sanitize(s)
	var q Query
	for _, word := range strings.Fields(s) {
		t := Term{}
		if strings.HasPrefix(word, "!") {
			t.Negate = true
			word = word[1:]
		}
		if i := strings.IndexByte(word, ':'); i > 0 {
			if f, ok := fieldNames[strings.ToLower(word[:i])]; ok {
				t.Field = f
				word = word[i+1:]
			}
		}
		if word == "" {
			continue
		}
		t.Value = strings.ToLower(word)
		q.Terms = append(q.Terms, t)
	}
	return q
}

// Empty reports whether the query matches everything.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// HasField reports whether any term is qualified with f.
func (q Query) HasField(f Field) bool {
	for _, t := range q.Terms {
		if t.Field == f {
			return true
		}
	}
	return false
}

// Narrows reports whether every row that q matches is also matched by prev,
// so q can be evaluated over prev's result instead of over every row. That
// is what makes typing one more letter cheap.
func (q Query) Narrows(prev Query) bool {
	if len(q.Terms) < len(prev.Terms) {
		return false
	}
	for i, p := range prev.Terms {
		t := q.Terms[i]
		if t.Field != p.Field || t.Negate != p.Negate {
			return false
		}
		if p.Negate {
			// "!ab" excludes less than "!a": only an equal value narrows.
			if t.Value != p.Value {
				return false
			}
		} else if !strings.Contains(t.Value, p.Value) {
			return false
		}
	}
	return true
}

// Record is the searchable form of one customer: each field lower-cased
// once, plus all of them joined for unqualified terms. Building records is
// done when customers arrive, never per keystroke.
type Record struct {
	fields [numFields]string
}

// NewRecord builds the searchable form of c with the given status.
func NewRecord(c Customer, status CustomerStatus) Record {
	var r Record
	r.fields[FieldName] = strings.ToLower(c.CompanyName)
	r.fields[FieldDomain] = strings.ToLower(c.Domain)
	r.fields[FieldTenant] = strings.ToLower(c.TenantID)
	r.fields[FieldRelationship] = strings.ToLower(string(c.Relationship))
	r.fields[FieldCountry] = strings.ToLower(c.Country)
	r.fields[FieldID] = strings.ToLower(c.ID)
	r.SetStatus(status)
	return r
}

// SetStatus updates the record when a customer's subscriptions are loaded.
func (r *Record) SetStatus(s CustomerStatus) {
	r.fields[FieldStatus] = string(s)
	// \x00 separates fields so that a term never matches across two of them.
	// Partner Center's customer id is the tenant id: searching it twice
	// would only make every full scan a quarter longer.
	all := r.fields[FieldName:FieldID]
	if r.fields[FieldID] != r.fields[FieldTenant] {
		all = r.fields[FieldName:]
	}
	r.fields[FieldAny] = strings.Join(all, "\x00")
}

// Match reports whether the record satisfies every term of q.
func (q Query) Match(r *Record) bool {
	for i := range q.Terms {
		t := &q.Terms[i]
		if strings.Contains(r.fields[t.Field], t.Value) == t.Negate {
			return false
		}
	}
	return true
}

// Filter appends to dst the indexes from candidates whose records match q,
// keeping their order, and returns dst.
func (q Query) Filter(recs []Record, candidates []int32, dst []int32) []int32 {
	for _, i := range candidates {
		if q.Match(&recs[i]) {
			dst = append(dst, i)
		}
	}
	return dst
}
