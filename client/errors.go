package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

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

// NetworkError is a call that got no HTTP answer: refused, reset, timed out.
type NetworkError struct {
	Host string
	err  error
}

func (e *NetworkError) Error() string {
	if errors.Is(e.err, io.EOF) || errors.Is(e.err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("the connection to %s closed before an answer arrived", e.Host)
	}
	return fmt.Sprintf("cannot reach %s: %s", e.Host, model.Sanitize(RootCause(e.err).Error()))
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

// errorBody covers Partner Center's error shapes (code/description and the
// newer errorName/message), its throttling body (statusCode/message) and
// Graph's {"error":{"code","message"}}.
type errorBody struct {
	Code        json.RawMessage `json:"code"`
	Description string          `json:"description"`
	Message     string          `json:"message"`
	ErrorName   string          `json:"errorName"`
	Error       *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func decodeError(resp *http.Response, body []byte, cl call, corrID string) *APIError {
	e := &APIError{
		StatusCode:    resp.StatusCode,
		CorrelationID: model.Sanitize(firstNonEmpty(resp.Header.Get("MS-CorrelationId"), corrID)),
		RequestID:     model.Sanitize(resp.Header.Get("MS-RequestId")),
		Method:        cl.method,
		// EscapedPath re-encodes any control bytes a hostile link decoded to.
		Path: cl.url.EscapedPath(),
	}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Code = strings.Trim(string(eb.Code), `"`)
		e.Description = firstNonEmpty(eb.Description, eb.Message)
		if eb.Error != nil {
			e.Code = firstNonEmpty(e.Code, eb.Error.Code)
			e.Description = firstNonEmpty(e.Description, eb.Error.Message)
		}
		e.Code = model.Sanitize(e.Code)
		if e.Code == "null" {
			e.Code = ""
		}
	}
	e.Description = model.Sanitize(e.Description)
	if r := []rune(e.Description); len(r) > 300 {
		e.Description = string(r[:300]) + "…"
	}
	if e.Description == "" {
		e.Description = fmt.Sprintf("%s %s: %s", cl.method, e.Path, http.StatusText(resp.StatusCode))
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
