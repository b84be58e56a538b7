package auth

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	opaque := "0.AQ8AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMn"
	guid := "62e90394-69f5-4237-9190-012177145e10"
	in := "AADSTS50173: grant " + jwt + " and " + opaque + " revoked. Trace ID: " + guid + "\x1b[31m"
	out := Redact(in)
	for _, secret := range []string{jwt, opaque, "c2lnbmF0dXJl", "\x1b"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q survived in %q", secret, out)
		}
	}
	for _, keep := range []string{"AADSTS50173", guid, "revoked"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q lost from %q", keep, out)
		}
	}
}
