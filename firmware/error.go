package firmware

import (
	"errors"
	"fmt"
)

// Error codes. The screens pick the sentence to show from the code alone, so
// every failure a citizen can meet maps to exactly one of these.
const (
	EINVALID        = "invalid"         // input refused before any request was made
	ENOTFOUND       = "not_found"       // the portal does not know the dossier
	ESECRETREQUIRED = "secret_required" // the portal wants the receipt's secret code
	ESECRETMISMATCH = "secret_mismatch" // the secret code given was wrong
	EUNAUTHORIZED   = "unauthorized"    // the device token was refused
	ERATELIMITED    = "rate_limited"    // the portal asks us to slow down
	EUNAVAILABLE    = "unavailable"     // the portal could not be reached, or says it is down
	ETIMEOUT        = "timeout"         // the portal did not answer in time
	EBADANSWER      = "bad_answer"      // the portal answered something that breaks the contract
	EINTERNAL       = "internal"        // anything else: a bug, a disk error
)

// Error is the kiosk's application error: a machine-readable code and a
// message for logs. Messages never hold a citizen's code, name or secret.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("firmware error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a nil
// error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or the
// error's text for other errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
