package admin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/motcua/kiosk/firmware"
)

// Opts configures the admin handler. Token and Reporter are required; the
// other sources may be nil, and their metrics are then left out.
type Opts struct {
	// Token is the bearer token every request must carry (DESIGN §9: it
	// lives in the secrets file).
	Token string

	KioskID string // kiosk_build_info's kiosk_id, and the reports' kiosk_id
	Version string // kiosk_build_info's version

	// Reporter answers /api/v1/usage.
	Reporter firmware.Reporter
	// Totals gives kiosk_events_total{kind,outcome}.
	Totals firmware.UsageTotals
	// Ledger gives the ledger's queue and alert, and /healthz's default.
	Ledger firmware.LedgerMonitor
	// Portal gives kiosk_portal_up and the last check's latency and time.
	Portal func() firmware.PortalState
	// Device gives kiosk_sensor_value{sensor}: each of its readings,
	// named by its firmware.Quantity ("temperature_celsius"). A part that
	// does not answer gives no reading, so its values are left out.
	Device firmware.DeviceMonitor
	// Health returns what is wrong with the kiosk, one short sentence a
	// problem, nothing when all is well. nil: the ledger's alert.
	Health func(ctx context.Context) []string

	// Log receives refused requests and failures; nil discards them.
	Log *slog.Logger

	// now is the refusals' clock; tests set it.
	now func() time.Time
}

// MinTokenLen is the shortest admin token New takes, in bytes: 32 random
// bytes, or the 43 characters of their base64, cannot be guessed over a
// network even without the rate limit.
const MinTokenLen = 32

// Refused requests are answered 429 past a burst of RefusalBurst from one
// address, which earns one more every RefusalEvery; the log gets at most one
// line per address and RefusalLogEvery, with the count refused since.
const (
	RefusalBurst    = 10
	RefusalEvery    = 6 * time.Second
	RefusalLogEvery = time.Minute
)

// ErrWeakToken is New's error for a token shorter than MinTokenLen.
var ErrWeakToken = fmt.Errorf("admin: \"admin_token\" is shorter than %d bytes; make one with `openssl rand -hex 32`", MinTokenLen)

// New returns the admin endpoint's handler: /metrics, /healthz and
// /api/v1/usage, each only for a request whose Authorization header holds
// the bearer token. It returns an error when Token or Reporter is missing,
// and ErrWeakToken for a token shorter than MinTokenLen.
func New(opts *Opts) (http.Handler, error) {
	switch {
	case opts == nil || opts.Token == "":
		return nil, errors.New("admin: token required")
	case strings.TrimSpace(opts.Token) != opts.Token || strings.ContainsAny(opts.Token, " \t\r\n"):
		return nil, errors.New("admin: token must not contain spaces")
	case len(opts.Token) < MinTokenLen:
		return nil, ErrWeakToken
	case opts.Reporter == nil:
		return nil, errors.New("admin: reporter required")
	}
	o := *opts
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Health == nil {
		o.Health = ledgerHealth(o.Ledger)
	}

	reg := prometheus.NewRegistry()
	if err := reg.Register(newCollector(&o)); err != nil {
		return nil, fmt.Errorf("admin: metrics: %w", err)
	}
	if err := reg.Register(collectors.NewGoCollector()); err != nil {
		return nil, fmt.Errorf("admin: metrics: %w", err)
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, fmt.Errorf("admin: metrics: %w", err)
	}

	s := &server{opts: o, token: sha256.Sum256([]byte(o.Token)), refusals: newRefusals(o.now)}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:            promLog{o.Log},
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 2,
	}))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/v1/usage", s.usage)
	return s.authenticate(mux), nil
}

type server struct {
	opts     Opts
	token    [sha256.Size]byte
	refusals *refusals
}

// authenticate lets a request through only with the right bearer token,
// on every route, unknown ones included, so that a stranger learns nothing
// of what the endpoint serves. An address past RefusalBurst refusals gets
// 429 for every request until its bucket refills (refusals.go). Both sides are hashed before the
// constant-time comparison so that neither the token's bytes nor its
// length show in the time a refusal takes.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		host := remoteHost(r.RemoteAddr)
		if s.refusals.limited(host) {
			s.logRefusal(host, r, false)
			w.Header().Set("Retry-After", strconv.Itoa(int(RefusalEvery.Seconds())))
			http.Error(w, "too many refused requests: wait and try again", http.StatusTooManyRequests)
			return
		}
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		bearer := strings.EqualFold(scheme, "Bearer")
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if subtle.ConstantTimeCompare(got[:], s.token[:]) == 1 && bearer {
			next.ServeHTTP(w, r)
			return
		}
		s.logRefusal(host, r, bearer)
		challenge := `Bearer realm="kiosk admin"`
		if bearer && token != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
		http.Error(w, "unauthorized: a bearer token is required", http.StatusUnauthorized)
	})
}

// logRefusal counts a refused request and logs it, at most once a
// RefusalLogEvery per address, with how many were refused since.
func (s *server) logRefusal(host string, r *http.Request, bearer bool) {
	if log, n := s.refusals.refuse(host); log {
		s.opts.Log.Warn("admin: request refused", "remote", host, "count", n, "path", r.URL.Path, "bearer", bearer)
	}
}

// healthz answers 200 "ok" or 503 with one problem a line.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	problems := s.opts.Health(ctx)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if len(problems) == 0 {
		fmt.Fprintln(w, "ok")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
}

// ledgerHealth is /healthz's default: the ledger's trouble, if any. A
// recovery at start is not one (the new database works); staff see it.
func ledgerHealth(l firmware.LedgerMonitor) func(context.Context) []string {
	return func(context.Context) []string {
		if l == nil {
			return nil
		}
		st := l.LedgerState()
		if st.Alert == firmware.LedgerAlertNone || st.Alert == firmware.LedgerRecovered {
			return nil
		}
		return []string{fmt.Sprintf("ledger: %s since %s, %d events wait in memory, %d dropped",
			st.Alert, st.Since.UTC().Format(time.RFC3339), st.Queued, st.Dropped)}
	}
}

// usage answers /api/v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|json
// with the report for the days from and to inclusive, as `kiosk report`
// writes it.
func (s *server) usage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, err := firmware.ParseReportDates(q.Get("from"), q.Get("to"))
	if err != nil {
		http.Error(w, "bad request: "+firmware.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		http.Error(w, "bad request: format must be csv or json", http.StatusBadRequest)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	rep, err := s.opts.Reporter.Report(ctx, from, to)
	if firmware.ErrorCode(err) == firmware.EINVALID {
		http.Error(w, "bad request: "+firmware.ErrorMessage(err), http.StatusBadRequest)
		return
	} else if err != nil {
		s.opts.Log.Error("admin: report failed", "err", err)
		http.Error(w, "the report could not be made; see the kiosk's log", http.StatusInternalServerError)
		return
	}
	if rep.KioskID == "" {
		rep.KioskID = s.opts.KioskID
	}

	// Into a buffer first, so that a failure is a 500 and not half a file.
	var buf bytes.Buffer
	if format == "csv" {
		err = firmware.WriteReportCSV(&buf, rep)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kiosk-report-%s-%s.csv"`,
			q.Get("from"), q.Get("to")))
	} else {
		err = firmware.WriteReportJSON(&buf, rep)
		w.Header().Set("Content-Type", "application/json")
	}
	if err != nil {
		w.Header().Del("Content-Disposition")
		s.opts.Log.Error("admin: report failed", "err", err)
		http.Error(w, "the report could not be written", http.StatusInternalServerError)
		return
	}
	w.Write(buf.Bytes())
}

// promLog passes promhttp's errors to the log.
type promLog struct{ log *slog.Logger }

func (l promLog) Println(v ...any) { l.log.Error("admin: metrics", "err", fmt.Sprint(v...)) }

// Serve serves h on ln until ctx ends, then shuts down, giving requests in
// flight five seconds. The server's timeouts bound slow clients: the Pi
// must not be held open by a stuck scraper.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("admin: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("admin: shutdown: %w", err)
	}
	return nil
}
