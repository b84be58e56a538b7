package model

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"
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
	// FieldMarked, FieldDecision and FieldCheck select by the review's
	// state (marks, decisions, pre-flight checks), which the screen keeps
	// in the record (SetReview).
	FieldMarked
	FieldDecision
	FieldCheck
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
	"marked":       FieldMarked,
	"decision":     FieldDecision,
	"check":        FieldCheck,
}

// FilterQualifiers lists the qualifiers, for help text.
const FilterQualifiers = "name: domain: tenant: rel: country: status: id: marked: decision: check:"

// Unknown is the value that selects what is not known yet: "status:?"
// finds customers whose subscriptions are not loaded, "country:?" those
// whose profile is not, "decision:?" those not decided, "check:?" those
// not checked.
const Unknown = "?"

// Lazy reports whether f is a column fetched after the list (per
// customer): its value may be unknown for a while, and a term on it
// then neither matches nor fails to match.
func (f Field) Lazy() bool { return f == FieldStatus || f == FieldCountry }

// Term is one word of a filter: a lower-cased substring, optionally bound to
// one field, optionally inverted.
type Term struct {
	Field  Field
	Value  string
	Negate bool
	// Unknown says Value is "?": the term selects records whose field is
	// not known (or not set, for the review's fields).
	Unknown bool
	// mask has a bit for every byte of Value (letterMask): a record
	// whose mask lacks one cannot contain Value.
	mask uint64
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
	return parseWith(s, fieldNames)
}

// parseWith parses s with the given qualifiers (ParseQuery's grammar).
func parseWith(s string, names map[string]Field) Query {
	s = Sanitize(s)
	var q Query
	for _, word := range strings.Fields(s) {
		t := Term{}
		if strings.HasPrefix(word, "!") {
			t.Negate = true
			word = word[1:]
		}
		if i := strings.IndexByte(word, ':'); i > 0 {
			if f, ok := names[strings.ToLower(word[:i])]; ok {
				t.Field = f
				word = word[i+1:]
			}
		}
		if word == "" {
			continue
		}
		t.Value = strings.ToLower(word)
		t.Unknown = t.Value == Unknown && t.Field != FieldAny
		if t.Field == FieldMarked {
			// marked:yes, marked:no (and y/n, true/false) are what one
			// types; anything else is read as yes.
			t.Unknown = false
			switch t.Value {
			case "no", "n", "false", "0":
				t.Negate, t.Value = !t.Negate, "yes"
			default:
				t.Value = "yes"
			}
		}
		if t.Unknown || t.Field == FieldMarked || t.Field == FieldDecision || t.Field == FieldCheck || t.Field == FieldStatus {
			t.mask = 0 // not held in the record's text
		} else {
			t.mask = letterMask(t.Value)
		}
		q.Terms = append(q.Terms, t)
	}
	return q
}

// Empty reports whether the query matches everything.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Lazy reports whether any term tests a lazy field (Field.Lazy), so
// that its result depends on what is known yet.
func (q Query) Lazy() bool {
	for _, t := range q.Terms {
		if t.Field.Lazy() {
			return true
		}
	}
	return false
}

// Without returns q without its terms on the given fields.
func (q Query) Without(fields ...Field) Query {
	var out Query
	for _, t := range q.Terms {
		skip := false
		for _, f := range fields {
			if t.Field == f {
				skip = true
			}
		}
		if !skip {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

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
		if t.Field != p.Field || t.Negate != p.Negate || t.Unknown != p.Unknown {
			return false
		}
		if p.Unknown || p.Field == FieldMarked || p.Field == FieldDecision || p.Field == FieldCheck {
			// Whole values, not substrings.
			if t.Value != p.Value {
				return false
			}
			continue
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

// Record is the searchable form of one customer: its fields lower-cased
// once, when customers arrive, never per keystroke, and kept compactly
// (a dashboard may hold a million of them): one string holding name,
// domain, tenant, relationship, country and, when it differs from the
// tenant id, the id, separated by \x00 so that a term never matches
// across two fields; the end of each field; and the status.
type Record struct {
	text string
	// mask has a bit for every byte in text (letterMask): most records
	// are ruled out by it without reading their text.
	mask uint64
	ends [numText]uint16
	// state is what changes after the record is built, in one word
	// read and written atomically, so that a filter scan on another
	// goroutine may test records while the UI updates them: the status
	// (index in statuses, bits 0–7), marked (bit 8), the review's
	// decision (index in decisions, bits 16–23) and the pre-flight
	// check's outcome (index in checks, bits 24–31).
	state uint32
}

const (
	stateStatus   = 0
	stateMarked   = 8
	stateDecision = 16
	stateCheck    = 24
)

func (r *Record) load() uint32 { return atomic.LoadUint32(&r.state) }

// part is the byte of the state at shift.
func (r *Record) part(shift uint) uint8 { return uint8(r.load() >> shift) }

// setPart writes the byte of the state at shift. Only one goroutine (the
// UI's) writes records; others only read them.
func (r *Record) setPart(shift uint, v uint8) {
	atomic.StoreUint32(&r.state, r.load()&^(0xff<<shift)|uint32(v)<<shift)
}

// decisions and checks are what Record.decision and Record.check index.
var (
	decisions = [...]Decision{DecisionNone, DecisionMigrate, DecisionSkip, DecisionFollowUp}
	checks    = [...]CheckState{CheckNone, CheckEligible, CheckFailed, CheckError}
)

func indexOf[T comparable](list []T, v T) uint8 {
	for k, x := range list {
		if x == v {
			return uint8(k)
		}
	}
	return 0
}

// letterMask sets a bit per distinct byte of s: letters and digits have
// their own, other bytes share the rest.
func letterMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
			m |= 1 << (c - 'a')
		case '0' <= c && c <= '9':
			m |= 1 << (26 + c - '0')
		default:
			m |= 1 << (36 + c%28)
		}
	}
	return m
}

// statuses are the values Record.status indexes.
var statuses = [...]CustomerStatus{StatusUnknown, StatusActive, StatusSuspended, StatusPending, StatusNoSubs}

func statusIndex(s CustomerStatus) uint8 {
	for k, v := range statuses {
		if v == s {
			return uint8(k)
		}
	}
	return 0
}

// The fields held in Record.text, in order.
var textFields = [...]Field{FieldName, FieldDomain, FieldTenant, FieldRelationship, FieldCountry, FieldID}

const numText = len(textFields)

// maxFieldBytes bounds one field in a record: a record's offsets are
// 16 bits, and no real name, domain or id comes near it.
const maxFieldBytes = 4096

// NewRecord builds the searchable form of c with the given status.
func NewRecord(c Customer, status CustomerStatus) Record {
	var r Record
	b := r.appendText(nil, &c)
	r.text, r.state = string(b), uint32(statusIndex(status))
	r.mask = letterMask(r.text)
	return r
}

// NewRecords builds the searchable forms of cs, all with the given status,
// with one allocation for the text of them all.
func NewRecords(cs []Customer, status CustomerStatus) []Record {
	recs := make([]Record, len(cs))
	var b []byte
	starts := make([]int, len(cs))
	for i := range cs {
		starts[i] = len(b)
		b = recs[i].appendText(b, &cs[i])
	}
	text := string(b)
	for i := range recs {
		end := len(text)
		if i+1 < len(recs) {
			end = starts[i+1]
		}
		recs[i].text, recs[i].state = text[starts[i]:end], uint32(statusIndex(status))
		recs[i].mask = letterMask(recs[i].text)
	}
	return recs
}

// appendText appends r's text for c to b and sets r.ends relative to where
// it starts.
func (r *Record) appendText(b []byte, c *Customer) []byte {
	at := len(b)
	for k, f := range textFields {
		var v string
		switch f {
		case FieldName:
			v = c.CompanyName
		case FieldDomain:
			v = c.Domain
		case FieldTenant:
			v = c.TenantID
		case FieldRelationship:
			v = string(c.Relationship)
		case FieldCountry:
			v = c.Country
		case FieldID:
			// Partner Center's customer id is the tenant id: searching
			// it twice would only make every full scan longer.
			if c.ID == c.TenantID {
				r.ends[k] = r.ends[k-1]
				continue
			}
		}
		if k > 0 {
			b = append(b, 0)
		}
		if f == FieldID {
			v = c.ID
		}
		if len(v) > maxFieldBytes {
			v = strings.ToValidUTF8(v[:maxFieldBytes], "")
		}
		b = appendLower(b, v)
		r.ends[k] = uint16(len(b) - at)
	}
	return b
}

// appendLower appends strings.ToLower(s) to b without allocating.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// Field returns field f of the record, lower-cased; FieldAny is every
// field but the status, joined by \x00.
func (r *Record) Field(f Field) string {
	switch f {
	case FieldAny:
		return r.text
	case FieldStatus:
		return string(statuses[r.part(stateStatus)])
	case FieldName:
		return r.text[:r.ends[0]]
	}
	for k := 1; k < numText; k++ {
		if textFields[k] == f {
			if f == FieldID && r.ends[k] == r.ends[k-1] {
				return r.Field(FieldTenant)
			}
			return r.text[r.ends[k-1]+1 : r.ends[k]]
		}
	}
	return ""
}

// SetReview records the review's state of the customer: marked, the
// decision and the pre-flight check's outcome.
func (r *Record) SetReview(marked bool, d Decision, c CheckState) {
	r.setPart(stateMarked, b2u(marked))
	r.setPart(stateDecision, indexOf(decisions[:], d))
	r.setPart(stateCheck, indexOf(checks[:], c))
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// CopyReview copies the review's state from another record of the same
// customer (one rebuilt from fresher data).
func (r *Record) CopyReview(from *Record) {
	const review = 0xff<<stateMarked | 0xff<<stateDecision | 0xff<<stateCheck
	atomic.StoreUint32(&r.state, r.load()&^review|from.load()&review)
}

// SetMarked records whether the customer is marked.
func (r *Record) SetMarked(on bool) { r.setPart(stateMarked, b2u(on)) }

// Decision is the customer's decision.
func (r *Record) Decision() Decision { return decisions[r.part(stateDecision)] }

// Check is the outcome of the customer's pre-flight check.
func (r *Record) Check() CheckState { return checks[r.part(stateCheck)] }

// Marked reports whether the customer is marked.
func (r *Record) Marked() bool { return r.part(stateMarked) != 0 }

// SetDecision records the customer's decision.
func (r *Record) SetDecision(d Decision) { r.setPart(stateDecision, indexOf(decisions[:], d)) }

// SetCheck records the outcome of the customer's pre-flight check.
func (r *Record) SetCheck(c CheckState) { r.setPart(stateCheck, indexOf(checks[:], c)) }

// SetStatus updates the record when a customer's subscriptions are
// loaded. A status Summarize does not return counts as unknown.
func (r *Record) SetStatus(s CustomerStatus) { r.setPart(stateStatus, statusIndex(s)) }

// Match reports whether the record satisfies every term of q.
func (q Query) Match(r *Record) bool {
	for i := range q.Terms {
		t := &q.Terms[i]
		var in bool
		switch t.Field {
		case FieldAny:
			in = (r.mask&t.mask == t.mask && strings.Contains(r.text, t.Value)) || strings.Contains(string(statuses[r.part(stateStatus)]), t.Value)
		case FieldStatus, FieldCountry:
			// An unknown value is its own state: "status:?" selects it,
			// and neither "status:x" nor "!status:x" does, so that rows do
			// not come and go as values arrive.
			v := string(statuses[r.part(stateStatus)])
			if t.Field == FieldCountry {
				v = r.Field(FieldCountry)
			}
			if v == "" {
				if !t.Unknown || t.Negate {
					return false
				}
				continue
			}
			in = !t.Unknown && strings.Contains(v, t.Value)
		case FieldMarked:
			in = r.part(stateMarked) != 0
		case FieldDecision:
			in = matchState(string(decisions[r.part(stateDecision)]), t)
		case FieldCheck:
			in = matchState(string(checks[r.part(stateCheck)]), t)
		default:
			in = r.mask&t.mask == t.mask && strings.Contains(r.Field(t.Field), t.Value)
		}
		if in == t.Negate {
			return false
		}
	}
	return true
}

// matchState tests a review field: "?" matches the unset value, anything
// else a prefix of the set one ("decision:mig", "check:fail").
func matchState(v string, t *Term) bool {
	if t.Unknown {
		return v == ""
	}
	return v != "" && strings.HasPrefix(v, t.Value)
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
