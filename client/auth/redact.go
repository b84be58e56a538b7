package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// signInError is a reason to sign in again. Each also matches
// client.ErrSignInRequired, which is how the Partner Center client tells
// "show the sign-in screen" from a passing fault worth a retry.
type signInError string

func (e signInError) Error() string { return string(e) }

// Is makes errors.Is(err, client.ErrSignInRequired) true.
func (e signInError) Is(target error) bool { return target == client.ErrSignInRequired }

// Sentinel errors, for errors.Is, saying why a silent sign-in failed. The
// error returned wraps one of them and carries the service's reason.
var (
	// ErrNotSignedIn: the cache holds no account for this authority and tenant.
	ErrNotSignedIn error = signInError("not signed in")
	// ErrExpired: the refresh token has expired (inactivity, session lifetime).
	ErrExpired error = signInError("your sign-in has expired")
	// ErrRevoked: the refresh token was revoked (password reset, administrator).
	ErrRevoked error = signInError("your sign-in was revoked")
	// ErrRejected: the sign-in service refused the refresh token for another reason.
	ErrRejected error = signInError("the sign-in service no longer accepts your sign-in")
)

// redactedError shows a token-free message but keeps the cause for
// errors.Is and errors.As (a context error, a network fault). Its cause is
// never printed.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// keepCause returns a token-free error that still unwraps to err.
func keepCause(prefix string, err error) error {
	return &redactedError{msg: prefix + describe(err), cause: err}
}

// AADSTS codes that mean a refresh token is spent rather than revoked.
var expiredCodes = []int{70008, 70043, 700082, 700084, 50132}

// AADSTS codes that mean someone revoked the sign-in.
var revokedCodes = []int{50173, 50133, 50078, 50076}

var (
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`)
	// Refresh tokens and other opaque secrets are long runs of base64url
	// characters; a GUID (tenant, trace and correlation ids) is kept.
	opaquePattern = regexp.MustCompile(`[A-Za-z0-9_\-.~+=]{40,}`)
)

// Redact makes text from a sign-in service or from MSAL fit to show or log:
// terminal escapes and control characters go (model.Sanitize), and anything
// that looks like a token (a JWT or a long opaque string) becomes
// "[redacted]".
func Redact(s string) string {
	s = model.Sanitize(s)
	s = jwtPattern.ReplaceAllString(s, "[redacted]")
	return opaquePattern.ReplaceAllStringFunc(s, func(m string) string {
		if model.IsGUID(m) {
			return m
		}
		return "[redacted]"
	})
}

// serviceError is Azure AD's error body.
type serviceError struct {
	status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

// asServiceError extracts Azure AD's answer from an MSAL error. MSAL puts the
// response body in the message after the URL; the body may already have been
// read by MSAL's device-code polling, so the message is the reliable source.
func asServiceError(err error) (serviceError, bool) {
	var ce msalerrors.CallErr
	if !errors.As(err, &ce) || ce.Err == nil {
		return serviceError{}, false
	}
	var se serviceError
	if ce.Resp != nil {
		se.status = ce.Resp.StatusCode
	}
	msg := ce.Err.Error()
	if i := strings.Index(msg, "{"); i >= 0 {
		_ = json.Unmarshal([]byte(msg[i:]), &se)
	}
	return se, true
}

// hasCode reports whether the service's answer carries any of codes, in
// error_codes or as an AADSTS number in the description.
func (se serviceError) hasCode(codes []int) bool {
	for _, c := range codes {
		if slices.Contains(se.Codes, c) || strings.Contains(se.Description, fmt.Sprintf("AADSTS%d:", c)) {
			return true
		}
	}
	return false
}

// detail is the service's reason in one redacted line.
func (se serviceError) detail() string {
	d := se.Description
	// Azure AD appends trace and correlation ids after a line break; keep
	// the first line for the operator, the ids are in the log.
	if i := strings.IndexAny(d, "\r\n"); i > 0 {
		d = d[:i]
	}
	switch {
	case d != "":
		return Redact(d)
	case se.Code != "":
		return Redact(se.Code)
	default:
		return fmt.Sprintf("HTTP %d", se.status)
	}
}

// describe turns any error from MSAL into a short, token-free sentence
// fragment naming the cause.
func describe(err error) string {
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	if se, ok := asServiceError(err); ok {
		return "the sign-in service answered: " + se.detail()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		host := ue.URL
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
		return fmt.Sprintf("cannot reach %s: %s", Redact(host), Redact(client.RootCause(ue.Err).Error()))
	}
	var pe *PermissionError
	if errors.As(err, &pe) {
		return pe.Error()
	}
	return Redact(err.Error())
}

// refreshError says why AcquireTokenSilent failed, wrapping the matching
// sentinel error so callers can tell expiry from revocation.
func refreshError(err error) error {
	se, ok := asServiceError(err)
	switch {
	case ok && se.hasCode(revokedCodes):
		return fmt.Errorf("%w (%s): sign in again", ErrRevoked, se.detail())
	case ok && se.hasCode(expiredCodes):
		return fmt.Errorf("%w (%s): sign in again", ErrExpired, se.detail())
	case ok && se.Code == "invalid_grant":
		return fmt.Errorf("%w (%s): sign in again", ErrRejected, se.detail())
	case err.Error() == "no token found":
		// MSAL's words for a cache with an expired access token and no
		// refresh token to renew it.
		return fmt.Errorf("%w: sign in again", ErrExpired)
	}
	return keepCause("renew sign-in: ", err)
}
