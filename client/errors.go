package client

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mcgdash/mcgdash/model"
)

// APIError is an error answer from Partner Center or Graph, decoded into
// what an operator can act on. Every field is sanitised.
type APIError struct {
	StatusCode    int
	Code          string // Partner Center's numeric code or Graph's code
	Description   string
	CorrelationID string
	RequestID     string
	Method, Path  string
	// RetryAfter is what a 429's Retry-After asked for (0: none).
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Description)
	b.WriteString(" (HTTP ")
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(", code ")
		b.WriteString(e.Code)
	}
	if e.CorrelationID != "" {
		b.WriteString(", correlation id ")
		b.WriteString(e.CorrelationID)
	}
	b.WriteString(")")
	return b.String()
}

// TimeoutError is an operation that got no usable answer within the
// client's Timeout, retries included.
type TimeoutError struct {
	Method, Path, Host string
	After              time.Duration
	// Last is the last attempt's failure, if any attempt ended before the
	// deadline; nil when the server accepted and never answered.
	Last error
}

func (e *TimeoutError) Error() string {
	s := fmt.Sprintf("%s did not answer %s %s within %s", model.Sanitize(e.Host), e.Method, model.Sanitize(e.Path), e.After.Round(time.Second))
	if e.Last != nil {
		s += " (last try: " + e.Last.Error() + ")"
	}
	return s
}

func (e *TimeoutError) Unwrap() error { return e.Last }

// Timeout reports true, so that errors.As(err, &net.Error) callers see a
// timeout.
func (e *TimeoutError) Timeout() bool { return true }

// DecodeError is a 2xx answer whose body is not the JSON expected.
type DecodeError struct {
	Host, Path, What string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s answered GET %s with %s", e.Host, e.Path, e.What)
}

// localError is a failure on this side that would recur on every try: a
// refused redirect or link, a header that cannot be sent, an untrusted
// certificate, a response too large. It is never retried. Its text is
// sanitised when built.
type localError struct {
	msg string
	err error
}

func (e *localError) Error() string { return e.msg }
func (e *localError) Unwrap() error { return e.err }

// asLocal picks out of a transport error the failures that no retry can
// cure, or returns nil.
func asLocal(err error) error {
	var l *localError
	if errors.As(err, &l) {
		return l
	}
	var (
		unknownCA   x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
		verify      *tls.CertificateVerificationError
	)
	if errors.As(err, &unknownCA) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) || errors.As(err, &verify) {
		return &localError{msg: "the server's certificate is not trusted: " + model.Sanitize(RootCause(err).Error()), err: err}
	}
	msg := RootCause(err).Error()
	for _, s := range []string{"invalid header field", "unsupported protocol scheme", "invalid URL", "invalid method"} {
		if strings.Contains(msg, s) {
			return &localError{msg: "the request cannot be sent: " + model.Sanitize(msg), err: err}
		}
	}
	return nil
}

// NetworkError is a call that got no HTTP answer: refused, reset, timed out.
type NetworkError struct {
	Host string
	err  error
}

func (e *NetworkError) Error() string {
	if errors.Is(e.err, io.EOF) || errors.Is(e.err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("the connection to %s closed before an answer arrived", model.Sanitize(e.Host))
	}
	var ne net.Error
	if errors.As(e.err, &ne) && ne.Timeout() {
		return fmt.Sprintf("%s did not answer in time", model.Sanitize(e.Host))
	}
	return fmt.Sprintf("cannot reach %s: %s", model.Sanitize(e.Host), model.Sanitize(RootCause(e.err).Error()))
}

func (e *NetworkError) Unwrap() error { return e.err }

// AuthError means the call needs the operator to sign in (again): no token
// could be had, or the service answered 401.
type AuthError struct {
	Reason string
	err    error
}

func (e *AuthError) Error() string {
	var api *APIError
	if errors.As(e.err, &api) && api.CorrelationID != "" {
		return "sign-in needed: " + e.Reason + " (correlation id " + api.CorrelationID + ")"
	}
	return "sign-in needed: " + e.Reason
}

func (e *AuthError) Unwrap() error { return e.err }

// IsAuth reports whether err asks for a new sign-in.
func IsAuth(err error) bool {
	var a *AuthError
	return errors.As(err, &a)
}

// RootCause unwraps url.Error and friends down to the error that says
// what actually went wrong ("connection refused"), without the URL.
func RootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// errorBody covers Partner Center's error shapes ({"code": 3000,
// "description", "data", "source"} with code a number or a string, and the
// newer errorName/message), its throttling body ({"statusCode","message"})
// and Graph's {"error":{"code","message"}}. Every field is optional: a
// field of an unexpected type is ignored, not fatal.
type errorBody struct {
	Code        json.RawMessage `json:"code"`
	Description json.RawMessage `json:"description"`
	Message     json.RawMessage `json:"message"`
	ErrorName   json.RawMessage `json:"errorName"`
	Error       json.RawMessage `json:"error"`
}

type graphError struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
}

// scalar reads a JSON string or number as text; anything else is "".
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// maxDescription is how much of a server's description an error keeps.
const maxDescription = 300

// decodeError reads an error answer. body has lost its byte-order mark; it
// may be empty (a 404 with Content-Length: 0) or not JSON at all (a
// gateway's HTML page). The description is HTML-unescaped ("We&#39;re")
// and then sanitised; the code and ids are sanitised.
func decodeError(resp *http.Response, body []byte, cl call, corrID string) *APIError {
	e := &APIError{
		StatusCode:    resp.StatusCode,
		CorrelationID: model.Sanitize(firstNonEmpty(resp.Header.Get("MS-CorrelationId"), corrID)),
		RequestID:     model.Sanitize(resp.Header.Get("MS-RequestId")),
		Method:        cl.method,
		// EscapedPath re-encodes any control bytes a hostile link decoded to.
		Path: model.Sanitize(cl.url.EscapedPath()),
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	var eb errorBody
	if json.Unmarshal(bytes.TrimPrefix(body, utf8BOM), &eb) == nil {
		e.Code = firstNonEmpty(scalar(eb.Code), scalar(eb.ErrorName))
		e.Description = firstNonEmpty(scalar(eb.Description), scalar(eb.Message))
		var g graphError
		if len(eb.Error) > 0 && json.Unmarshal(eb.Error, &g) == nil {
			e.Code = firstNonEmpty(e.Code, scalar(g.Code))
			e.Description = firstNonEmpty(e.Description, scalar(g.Message))
		}
		e.Code = model.Sanitize(html.UnescapeString(e.Code))
	}
	if len(e.Code) > 64 {
		e.Code = e.Code[:64]
	}
	e.Description = model.Sanitize(html.UnescapeString(e.Description))
	if r := []rune(e.Description); len(r) > maxDescription {
		e.Description = string(r[:maxDescription-1]) + "…"
	}
	if e.Description == "" {
		text := strings.ToLower(http.StatusText(resp.StatusCode))
		if text == "" {
			text = "failed"
		}
		e.Description = fmt.Sprintf("%s %s: %s", cl.method, e.Path, text)
	}
	return e
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
