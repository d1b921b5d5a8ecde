package portal

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// HTTPDoer sends one HTTP request. *http.Client is one; tests and callers may
// hand in anything narrower (a recorder, a client with its own TLS roots).
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Opts configures a Client. Zero fields take the value of DefaultOpts.
type Opts struct {
	// Token is the device token, sent as "Authorization: Bearer <Token>".
	// Empty sends no Authorization header (a simulator without a token).
	Token string

	// KioskID is sent as X-Kiosk-ID on every request and fills
	// Rating.KioskID when that is empty.
	KioskID string

	// HTTP sends the requests. nil: a client of the package's own with dial
	// and TLS handshake timeouts, no global timeout (every call has its own
	// deadline) and no redirects. One handed in should not follow redirects
	// either: it would carry X-Dossier-Secret to whatever host they name.
	HTTP HTTPDoer

	// LookupTimeout bounds one Lookup: DESIGN §5 calls anything slower an
	// error the citizen sees.
	LookupTimeout time.Duration

	// HealthTimeout bounds one Health check.
	HealthTimeout time.Duration

	// SyncTimeout bounds Procedures and SubmitRating, which run in the
	// background and may move more data over a slow link.
	SyncTimeout time.Duration

	// MaxBody is the largest answer body read, in bytes. A longer one is
	// EBADANSWER.
	MaxBody int64
}

// DefaultOpts are the options used for nil Opts and for zero fields.
var DefaultOpts = Opts{
	LookupTimeout: 5 * time.Second,
	HealthTimeout: 3 * time.Second,
	SyncTimeout:   30 * time.Second,
	MaxBody:       1 << 20,
}

// Client talks to one portal adapter by contract v1. It is safe for
// concurrent use.
type Client struct {
	base string // scheme://host[/prefix], no trailing slash
	opts Opts
	http HTTPDoer
}

var _ firmware.Portal = (*Client)(nil)

// New returns a client of the portal at baseURL, an http or https URL that
// the contract's paths (/v1/…) are appended to. It returns EINVALID for a URL
// or a header value it cannot use.
func New(baseURL string, opts *Opts) (*Client, error) {
	o := DefaultOpts
	if opts != nil {
		o = *opts
		if o.LookupTimeout <= 0 {
			o.LookupTimeout = DefaultOpts.LookupTimeout
		}
		if o.HealthTimeout <= 0 {
			o.HealthTimeout = DefaultOpts.HealthTimeout
		}
		if o.SyncTimeout <= 0 {
			o.SyncTimeout = DefaultOpts.SyncTimeout
		}
		if o.MaxBody <= 0 {
			o.MaxBody = DefaultOpts.MaxBody
		}
	}
	u, err := url.Parse(baseURL)
	// The URL is not echoed: a mistyped one may hold a password.
	switch {
	case err != nil:
		return nil, firmware.Errorf(firmware.EINVALID, "portal: base URL does not parse")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, firmware.Errorf(firmware.EINVALID, "portal: base URL must be http or https")
	case u.Host == "":
		return nil, firmware.Errorf(firmware.EINVALID, "portal: base URL has no host")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, firmware.Errorf(firmware.EINVALID, "portal: base URL must not have a query or fragment")
	case u.User != nil:
		// The device token is the credential; a password in the URL would
		// end up in logs that print the configuration.
		return nil, firmware.Errorf(firmware.EINVALID, "portal: base URL must not carry a user or password")
	case !headerSafe(o.Token):
		return nil, firmware.Errorf(firmware.EINVALID, "portal: token has characters a header cannot carry")
	case !headerSafe(o.KioskID):
		return nil, firmware.Errorf(firmware.EINVALID, "portal: kiosk ID has characters a header cannot carry")
	}
	c := &Client{
		base: strings.TrimRight(u.String(), "/"),
		opts: o,
		http: o.HTTP,
	}
	if c.http == nil {
		c.http = defaultHTTP()
	}
	return c, nil
}

// defaultHTTP bounds the steps a dead link can stall (dial, TLS handshake)
// while leaving the whole exchange to each call's context deadline.
func defaultHTTP() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 5 * time.Second
	t.ResponseHeaderTimeout = 0 // the call's deadline covers it
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConnsPerHost = 2
	return &http.Client{
		Transport: t,
		// A redirect would carry X-Dossier-Secret to another host, and
		// the contract has none: hand the 3xx back as an unexpected answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Health returns the portal's own word on its state. The state may be
// degraded or down with a nil error: the portal answered.
func (c *Client) Health(ctx context.Context) (*firmware.Health, error) {
	k := call{op: opHealth, method: http.MethodGet, path: "/v1/health", timeout: c.opts.HealthTimeout}
	a, err := c.send(ctx, k)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, c.statusError(k, a)
	}
	if err := c.checkSize(k, a); err != nil {
		return nil, err
	}
	var h firmware.Health
	if err := decode(a.body, &h); err != nil {
		return nil, c.fail(k, firmware.EBADANSWER, nil, "%v", err)
	}
	if err := h.Validate(); err != nil {
		return nil, c.fail(k, firmware.EBADANSWER, nil, "%s", firmware.ErrorMessage(err))
	}
	return &h, nil
}

// Lookup returns the dossier with the given normalised code. secret is the
// receipt's secret code, "" when none was asked for. Failures:
//
//   - EINVALID: an empty code, or a code or secret a request cannot carry;
//   - ENOTFOUND: 404;
//   - ESECRETREQUIRED, ESECRETMISMATCH: 403 with that error code;
//   - EUNAUTHORIZED: 401 (or 403 "unauthorized");
//   - ERATELIMITED: 429;
//   - EUNAVAILABLE: 5xx, or the portal could not be reached;
//   - ETIMEOUT: no whole answer within LookupTimeout, or ctx ended;
//   - EBADANSWER: anything that breaks the contract.
func (c *Client) Lookup(ctx context.Context, code, secret string) (*firmware.Dossier, error) {
	k := call{
		op:      opLookup,
		method:  http.MethodGet,
		path:    "/v1/dossiers/" + url.PathEscape(code),
		timeout: c.opts.LookupTimeout,
		secrets: []string{code, url.PathEscape(code), url.QueryEscape(code), secret},
	}
	switch {
	case code == "":
		return nil, c.fail(k, firmware.EINVALID, nil, "empty code")
	case !headerSafe(code):
		return nil, c.fail(k, firmware.EINVALID, nil, "code has characters a path cannot carry")
	case !headerSafe(secret):
		return nil, c.fail(k, firmware.EINVALID, nil, "secret has characters a header cannot carry")
	}
	if secret != "" {
		k.header = http.Header{"X-Dossier-Secret": {secret}}
	}
	a, err := c.send(ctx, k)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, c.statusError(k, a)
	}
	if err := c.checkSize(k, a); err != nil {
		return nil, err
	}
	var d firmware.Dossier
	if err := decode(a.body, &d); err != nil {
		return nil, c.fail(k, firmware.EBADANSWER, nil, "%v", err)
	}
	if err := d.Validate(); err != nil {
		return nil, c.fail(k, firmware.EBADANSWER, nil, "%s", firmware.ErrorMessage(err))
	}
	if !strings.EqualFold(d.Code, code) {
		return nil, c.fail(k, firmware.EBADANSWER, nil, "answer is for another dossier")
	}
	return &d, nil
}

// headerSafe reports whether s can travel in a header value unchanged: no
// control characters, so no header splitting and no silent rewriting.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == 0x7f {
			return false
		}
	}
	return true
}

// isTimeout reports whether a transport error is a timeout of some layer:
// the call's deadline, a dialer's or a caller-supplied http.Client's.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// CheckURL refuses a portal base URL that is not https, unless its host is
// this machine (an adapter beside the kiosk, or the demo's simulator): the
// device token goes with every request. Its message starts with a verb, to
// follow the setting's name.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("is not an http(s) URL")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return errors.New("must start with https:// (http:// only for a portal on this machine: localhost, 127.0.0.1 or ::1), since the device token goes with every request")
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
