package model

import (
	"strings"
	"testing"
)

// FuzzParseQuery: any filter text parses without panicking into terms
// that have a value, are lower case, narrow themselves, and find a
// customer whose every field is the text itself unless a term is negated.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "contoso", "!gmbh de", "name:müller country:de", "a:b", "!", "name:", "status:active !status:suspended",
		"ID:X TENANT:y", "  \t ", "!!x", "rel:reseller:x", "Ⅻ ǅ İ", "\x00", "name:\u00ad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		negated := false
		for _, term := range q.Terms {
			if term.Value == "" {
				t.Fatalf("%q: a term without a value", s)
			}
			if term.Value != strings.ToLower(term.Value) {
				t.Fatalf("%q: term %q is not lower case", s, term.Value)
			}
			if term.Field < FieldAny || term.Field >= numFields {
				t.Fatalf("%q: field %d", s, term.Field)
			}
			negated = negated || term.Negate
		}
		if !q.Narrows(q) {
			t.Fatalf("%q does not narrow itself", s)
		}
		if len(q.Terms) > 0 && !q.Narrows(Query{}) {
			t.Fatalf("%q does not narrow the empty query", s)
		}
		// As ingest would store it: sanitised.
		v := Sanitize(s)
		c := Customer{ID: v, TenantID: v, CompanyName: v, Domain: v, Relationship: Relationship(v), Country: v}
		r := NewRecord(c, CustomerStatus(strings.ToLower(v)))
		if !negated && !q.Match(&r) {
			t.Fatalf("%q does not find a customer whose every field is %q", s, s)
		}
		idx := q.Filter([]Record{r}, []int32{0}, nil)
		if len(idx) > 1 {
			t.Fatalf("Filter returned %v", idx)
		}
	})
}
