package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// referenceJSON is what the sandbox wrote before it used segmentio's
// encoder: a byte-order mark and encoding/json's compact output, HTML
// characters unescaped.
func referenceJSON(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(bom)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// The wire stays byte for byte what encoding/json writes: hostile names
// (escape sequences, C1, bidi controls), invalid UTF-8, U+2028, HTML
// characters, sorted map keys, omitted fields, and the headers around it.
func TestWireMatchesEncodingJSON(t *testing.T) {
	s := start(t, Options{Customers: 2000, RateLimit: -1, Hostile: true})
	s.data.ensure(2000)
	var values []any
	items := make([]wireCustomer, 0, 2000)
	for i := range 2000 {
		items = append(items, s.wireCustomer(i, false))
		if i%97 == 0 {
			values = append(values, s.wireCustomer(i, true))
		}
	}
	odd := s.wireCustomer(1, true)
	odd.CompanyProfile.CompanyName = "a\xffb\xc3 <b>&amp;</b> \u2028\u2029 \x00\x1f\x7f \u0085 \u202e \"q\" \\ \t\r\n\b\f é 😀"
	odd.CompanyProfile.Domain = ""
	values = append(values, odd,
		wireCollection[wireCustomer]{TotalCount: 2000, Items: items, Attributes: wireAttributes{ObjectType: "Collection"},
			Links: map[string]wireLink{"self": getLink("/v1/customers?size=500"), "next": {URI: "/v1/customers?size=500&seekOperation=Next", Method: "GET",
				Headers: []wireHeader{{Key: "MS-ContinuationToken", Value: "a.b"}}}}},
		wireCollection[wireCustomer]{Items: []wireCustomer{}},
		wireError{Code: codeNotFound, Description: htmlEntities("Customer <x> & 'y' was not found."), Data: []string{}, Source: "PartnerFD"},
		wireSubscription{ID: "s", Quantity: 3, AutoRenewEnabled: true, Links: map[string]wireLink{
			"self": getLink("/v1/x"), "offer": getLink("/v1/offers/o"), "entitlement": getLink("/v1/e")}},
		wireThrottle{StatusCode: 429, Message: "Rate limit is exceeded. Try again in 3 seconds."},
	)
	for k, v := range values {
		rec := httptest.NewRecorder()
		writeJSON(rec, http.StatusOK, v)
		want := referenceJSON(t, v)
		if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Fatalf("value %d (%T) differs at byte %d:\n got %q\nwant %q", k, v, i, got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
		}
		if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(len(want)) {
			t.Errorf("value %d: Content-Length %s for %d bytes", k, cl, len(want))
		}
	}
}
