package sandbox

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// filterField is what a customer filter compares against.
type filterField byte

const (
	fieldNone filterField = iota
	fieldCompanyName
	fieldDomain
)

// filter is a parsed Partner Center customer filter.
type filter struct {
	field filterField
	value string
}

// parseFilter reads the filter query parameter: a JSON object
// {"Field":"CompanyName"|"Domain","Value":"…","Operator":"starts_with"}.
// Like Partner Center, it rejects anything else rather than guessing.
func parseFilter(raw string) (filter, error) {
	if raw == "" {
		return filter{}, nil
	}
	var f struct {
		Field, Value, Operator *string
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil || dec.More() {
		return filter{}, errors.New("the filter is not a valid JSON filter object")
	}
	if f.Field == nil || f.Value == nil || f.Operator == nil {
		return filter{}, errors.New("the filter needs Field, Value and Operator")
	}
	if *f.Operator != "starts_with" {
		return filter{}, errors.New("the filter operator must be starts_with")
	}
	if *f.Value == "" || !utf8.ValidString(*f.Value) || len(*f.Value) > 256 {
		return filter{}, errors.New("the filter value must be between 1 and 256 characters")
	}
	switch *f.Field {
	case "CompanyName":
		return filter{field: fieldCompanyName, value: *f.Value}, nil
	case "Domain":
		return filter{field: fieldDomain, value: *f.Value}, nil
	}
	return filter{}, errors.New("the filter field must be CompanyName or Domain")
}

// matches reports whether customer i passes the filter. It looks at the
// clean name, so a hostile decoration never hides a customer.
func (f filter) matches(d *dataset, i int) bool {
	switch f.field {
	case fieldCompanyName:
		return hasPrefixFold(d.rec(i).name, f.value)
	case fieldDomain:
		return hasPrefixFold(d.rec(i).domain+".onmicrosoft.de", f.value)
	}
	return true
}

// hasPrefixFold is a case-insensitive strings.HasPrefix over runes.
func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		pr, pn := utf8.DecodeRuneInString(prefix)
		sr, sn := utf8.DecodeRuneInString(s)
		if pr != sr && !strings.EqualFold(prefix[:pn], s[:sn]) {
			return false
		}
		prefix, s = prefix[pn:], s[sn:]
	}
	return true
}

// cursor is what a continuation token stands for.
type cursor struct {
	offset, size int
	filter       filter
}

// tokens issues and checks continuation tokens. A token is the cursor plus
// an HMAC under a key drawn when the server starts, so a client can neither
// forge one nor edit the offset inside it.
type tokens struct{ key []byte }

func (t tokens) issue(c cursor) string {
	var b bytes.Buffer
	b.WriteByte(1) // format version
	b.Write(binary.AppendUvarint(nil, uint64(c.offset)))
	b.Write(binary.AppendUvarint(nil, uint64(c.size)))
	b.WriteByte(byte(c.filter.field))
	b.WriteString(c.filter.value)
	mac := hmac.New(sha256.New, t.key)
	mac.Write(b.Bytes())
	return base64.RawURLEncoding.EncodeToString(b.Bytes()) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

var errBadToken = errors.New("the continuation token is missing, malformed or was not issued by this service")

func (t tokens) check(tok string) (cursor, error) {
	payloadB64, macB64, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 2048 {
		return cursor{}, errBadToken
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(payloadB64)
	sum, err2 := base64.RawURLEncoding.DecodeString(macB64)
	if err1 != nil || err2 != nil {
		return cursor{}, errBadToken
	}
	mac := hmac.New(sha256.New, t.key)
	mac.Write(payload)
	if !hmac.Equal(sum, mac.Sum(nil)[:16]) {
		return cursor{}, errBadToken
	}
	r := bytes.NewReader(payload)
	if v, err := r.ReadByte(); err != nil || v != 1 {
		return cursor{}, errBadToken
	}
	off, err1 := binary.ReadUvarint(r)
	size, err2 := binary.ReadUvarint(r)
	field, err3 := r.ReadByte()
	if err1 != nil || err2 != nil || err3 != nil || off > 1<<31 || size < 1 || size > maxPageSize || field > byte(fieldDomain) {
		return cursor{}, errBadToken
	}
	return cursor{offset: int(off), size: int(size), filter: filter{field: filterField(field), value: string(payload[len(payload)-r.Len():])}}, nil
}
