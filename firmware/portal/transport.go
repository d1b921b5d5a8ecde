package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

const userAgent = "motcua-kiosk-portal/1"

// call is one request of the contract and the values its errors must never
// reveal.
type call struct {
	op      string // "lookup", "health", …: the word after "portal: " in errors
	method  string
	path    string // already escaped, from the contract's root
	timeout time.Duration
	header  http.Header // added to the common headers
	body    []byte      // JSON; nil for none
	secrets []string    // scrubbed from every error message
}

// answer is a response read whole, within MaxBody.
type answer struct {
	status int
	header http.Header
	body   []byte
	over   bool // longer than MaxBody: body is nil, not a truncated prefix
}

// send makes one request under the call's deadline and reads the body whole,
// so the deadline covers a portal that sends headers quickly and the body
// slowly.
func (c *Client) send(ctx context.Context, k call) (*answer, error) {
	ctx, cancel := context.WithTimeout(ctx, k.timeout)
	defer cancel()
	var body io.Reader
	if k.body != nil {
		body = bytes.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, c.base+k.path, body)
	if err != nil {
		// The error's text holds the URL, and so the code: say only what failed.
		return nil, c.fail(k, firmware.EINTERNAL, nil, "cannot build the request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if c.opts.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.opts.Token)
	}
	if c.opts.KioskID != "" {
		req.Header.Set("X-Kiosk-ID", c.opts.KioskID)
	}
	if k.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for name, values := range k.header {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, k, err)
	}
	defer resp.Body.Close()
	a := &answer{status: resp.StatusCode, header: resp.Header}
	if resp.ContentLength > c.opts.MaxBody {
		a.over = true
		return a, nil
	}
	// One byte past the limit tells "exactly MaxBody" from "longer".
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	if err != nil {
		return nil, c.transportError(ctx, k, err)
	}
	if int64(len(b)) > c.opts.MaxBody {
		a.over = true
		return a, nil
	}
	a.body = b
	return a, nil
}

// transportError classifies a failure to get a whole answer. ctx is the
// call's own context, whose state tells a timeout from a cancellation more
// reliably than the many shapes of transport errors.
func (c *Client) transportError(ctx context.Context, k call, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return c.fail(k, firmware.ETIMEOUT, context.Canceled, "canceled before the portal answered")
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return c.fail(k, firmware.ETIMEOUT, context.DeadlineExceeded, "no answer in time (limit %v)", k.timeout)
	}
	// *url.Error's text holds the URL, and so the dossier code; the error
	// inside it says what went wrong without it.
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	if isTimeout(err) {
		return c.fail(k, firmware.ETIMEOUT, cause, "no answer in time")
	}
	return c.fail(k, firmware.EUNAVAILABLE, cause, "portal unreachable")
}

// statusError maps an answer other than the call's success status to an
// error code. The portal's own message is never copied: it may quote the
// code, and its code field is trusted only when it is one the contract names.
func (c *Client) statusError(k call, a *answer) error {
	var pc string // the portal's error code, when it is one of the contract's
	if !a.over {
		pc = errorCode(a.body)
	}
	switch s := a.status; {
	case s == http.StatusNotFound && k.op == opLookup:
		return c.fail(k, firmware.ENOTFOUND, nil, "no such dossier (HTTP 404)")
	case s == http.StatusUnauthorized:
		return c.fail(k, firmware.EUNAUTHORIZED, nil, "device token refused (HTTP 401)")
	case s == http.StatusForbidden && pc == "secret_required" && k.op == opLookup:
		return c.fail(k, firmware.ESECRETREQUIRED, nil, "the receipt's secret code is required (HTTP 403)")
	case s == http.StatusForbidden && pc == "secret_mismatch" && k.op == opLookup:
		return c.fail(k, firmware.ESECRETMISMATCH, nil, "the receipt's secret code does not match (HTTP 403)")
	case s == http.StatusForbidden && pc == "unauthorized":
		return c.fail(k, firmware.EUNAUTHORIZED, nil, "device refused (HTTP 403)")
	case s == http.StatusTooManyRequests:
		return c.fail(k, firmware.ERATELIMITED, nil, "rate limited (HTTP 429)")
	case s >= 500 && s <= 599:
		if pc != "" {
			return c.fail(k, firmware.EUNAVAILABLE, nil, "portal failed (HTTP %d, %s)", s, pc)
		}
		return c.fail(k, firmware.EUNAVAILABLE, nil, "portal failed (HTTP %d)", s)
	}
	if pc != "" {
		return c.fail(k, firmware.EBADANSWER, nil, "unexpected HTTP %d (%s)", a.status, pc)
	}
	return c.fail(k, firmware.EBADANSWER, nil, "unexpected HTTP %d", a.status)
}

// Operation names, as they appear in error messages.
const (
	opHealth     = "health"
	opLookup     = "lookup"
	opProcedures = "procedures"
	opRating     = "rating"
)

// errorCode returns the error.code of a contract error body when it is one
// of the codes the contract names, and "" otherwise.
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	switch e.Error.Code {
	case "not_found", "secret_required", "secret_mismatch", "unauthorized", "rate_limited", "internal":
		return e.Error.Code
	}
	return ""
}

// checkSize refuses an answer that was longer than MaxBody.
func (c *Client) checkSize(k call, a *answer) error {
	if a.over {
		return c.fail(k, firmware.EBADANSWER, nil, "answer longer than %d bytes", c.opts.MaxBody)
	}
	return nil
}

// decode fills v from exactly one JSON value; unknown fields are ignored.
// Its messages are its own because the json package's quote the input, and
// the input may hold the citizen's code.
func decode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return errors.New("empty answer")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return errors.New("answer is truncated JSON")
		case errors.As(err, &se):
			return fmt.Errorf("answer is not JSON (at byte %d)", se.Offset)
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "the answer"
			}
			return fmt.Errorf("%s has the wrong type (want %v)", field, te.Type)
		}
		return errors.New("answer holds a value that does not decode")
	}
	if rest := bytes.Trim(b[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return errors.New("data after the JSON value")
	}
	return nil
}

// portalError is the *firmware.Error the screens act on, with the cause
// behind it for errors.Is (context.DeadlineExceeded, syscall.ECONNREFUSED).
type portalError struct {
	err   *firmware.Error
	cause error
}

func (e *portalError) Error() string { return e.err.Message }

func (e *portalError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.err}
	}
	return []error{e.err, e.cause}
}

// fail builds the error a call returns: "portal: <op>: <what>[: <cause>]",
// scrubbed of the call's secrets and the token. A cause whose own text holds
// one of them is left out of the chain too, so nobody logs it by unwrapping.
func (c *Client) fail(k call, code string, cause error, format string, args ...any) error {
	msg := "portal: " + k.op + ": " + fmt.Sprintf(format, args...)
	if cause != nil {
		text := cause.Error()
		if c.redact(k, text) != text {
			cause = nil
		}
		msg += ": " + text
	}
	return &portalError{err: firmware.Errorf(code, "%s", c.redact(k, msg)), cause: cause}
}

// redact replaces every secret of the call, and the token, by a marker.
func (c *Client) redact(k call, s string) string {
	for _, v := range k.secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	if c.opts.Token != "" {
		s = strings.ReplaceAll(s, c.opts.Token, "[redacted]")
	}
	return s
}
