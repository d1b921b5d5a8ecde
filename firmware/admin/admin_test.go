package admin

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

const token = "s3cret-admin-token-for-tests-0123456789"

var ict = time.FixedZone("ICT", 7*3600)

type fakeReporter struct {
	mu       sync.Mutex
	from, to time.Time
	err      error
}

func (f *fakeReporter) Report(_ context.Context, from, to time.Time) (firmware.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.from, f.to = from, to
	if f.err != nil {
		return firmware.Report{}, f.err
	}
	return firmware.Report{
		From: from, To: to, Total: 3,
		Counts: []firmware.OutcomeCount{
			{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Count: 2},
			{Kind: firmware.KindRating, Outcome: "3", Count: 1},
		},
		Dossiers: firmware.DossierCounts{Unique: 2, Found: 2, Online: 1},
		Ratings:  map[firmware.Rating]int{firmware.RatingVeryHappy: 1},
	}, nil
}

type fakeTotals struct{ err error }

func (f fakeTotals) Totals(context.Context) ([]firmware.OutcomeCount, error) {
	if f.err != nil {
		return nil, f.err
	}
	return []firmware.OutcomeCount{
		{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Count: 120},
		{Kind: firmware.KindLookup, Outcome: firmware.ENOTFOUND, Count: 7},
		{Kind: firmware.KindRating, Outcome: "2", Count: 4},
	}, nil
}

type fakeLedger struct{ st firmware.LedgerState }

func (f fakeLedger) LedgerState() firmware.LedgerState { return f.st }

type fakeDevice struct{ h firmware.DeviceHealth }

func (f fakeDevice) DeviceHealth() firmware.DeviceHealth { return f.h }

func newHandler(t *testing.T, mod func(*Opts)) (http.Handler, *fakeReporter) {
	t.Helper()
	rep := &fakeReporter{}
	o := &Opts{
		Token:    token,
		KioskID:  "BK-0001",
		Version:  "1.2.3",
		Reporter: rep,
		Totals:   fakeTotals{},
		Ledger:   fakeLedger{firmware.LedgerState{Queued: 3, Capacity: 10000}},
		Portal: func() firmware.PortalState {
			return firmware.PortalState{State: firmware.HealthOK, CheckedAt: time.Unix(1730800000, 0), Latency: 120 * time.Millisecond}
		},
		Device: fakeDevice{firmware.DeviceHealth{Readings: []firmware.Reading{
			{Quantity: firmware.Temperature, Value: 41.5}, {Quantity: firmware.Humidity, Value: 63}}}},
	}
	if mod != nil {
		mod(o)
	}
	h, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return h, rep
}

func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	return do(h, http.MethodGet, target, header...)
}

func do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	return doFrom(h, "", method, target, header...)
}

// doFrom makes a request from remote (host:port; "": httptest's).
func doFrom(h http.Handler, remote, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if remote != "" {
		r.RemoteAddr = remote
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var bearer = []string{"Authorization", "Bearer " + token}

// Every route, unknown ones and other methods included, refuses a request
// without the right token, and tells nothing else.
func TestAuth_EveryRoute(t *testing.T) {
	h, _ := newHandler(t, nil)
	routes := []string{"/metrics", "/healthz", "/api/v1/usage?from=2024-11-01&to=2024-11-30", "/", "/nothing", "/api/v1/"}
	refused := []struct {
		name   string
		header []string
		err    bool // an invalid_token error in the challenge
	}{
		{"no header", nil, false},
		{"empty", []string{"Authorization", ""}, false},
		{"wrong token", []string{"Authorization", "Bearer wrong"}, true},
		{"token with a suffix", []string{"Authorization", "Bearer " + token + "x"}, true},
		{"token prefix", []string{"Authorization", "Bearer " + token[:10]}, true},
		{"bare token", []string{"Authorization", token}, false},
		{"basic scheme", []string{"Authorization", "Basic " + token}, false},
		{"token scheme", []string{"Authorization", "Token " + token}, false},
		{"bearer without token", []string{"Authorization", "Bearer"}, false},
		{"bearer and a space", []string{"Authorization", "Bearer "}, false},
		{"other header", []string{"X-Token", token}, false},
	}
	n := 0
	for _, route := range routes {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			for _, c := range refused {
				// Each from an address of its own: one address would
				// soon be rate-limited (TestAuth_RateLimited).
				n++
				w := doFrom(h, fmt.Sprintf("192.0.%d.%d:4321", n/250, n%250+1), method, route, c.header...)
				if w.Code != http.StatusUnauthorized {
					t.Errorf("%s %s, %s: status %d, want 401", method, route, c.name, w.Code)
					continue
				}
				ch := w.Header().Get("WWW-Authenticate")
				if !strings.HasPrefix(ch, `Bearer realm="kiosk admin"`) || strings.Contains(ch, "invalid_token") != c.err {
					t.Errorf("%s %s, %s: WWW-Authenticate %q", method, route, c.name, ch)
				}
				if strings.Contains(w.Body.String(), "kiosk_") || strings.Contains(w.Body.String(), "events") {
					t.Errorf("%s %s, %s: body tells something: %q", method, route, c.name, w.Body.String())
				}
			}
		}
		// The scheme is case-insensitive (RFC 7235).
		if w := get(h, route, "Authorization", "bearer "+token); w.Code == http.StatusUnauthorized {
			t.Errorf("GET %s with a lower-case scheme: 401", route)
		}
	}

	// With the token, known routes answer and others are plainly absent.
	for route, want := range map[string]int{
		"/metrics": 200, "/healthz": 200, "/api/v1/usage?from=2024-11-01&to=2024-11-30": 200,
		"/nothing": 404, "/": 404,
	} {
		if w := get(h, route, bearer...); w.Code != want {
			t.Errorf("GET %s with the token: %d, want %d", route, w.Code, want)
		}
	}
	if w := do(h, http.MethodPost, "/metrics", bearer...); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics with the token: %d, want 405", w.Code)
	}
	if w := do(h, http.MethodHead, "/healthz", bearer...); w.Code != http.StatusOK {
		t.Errorf("HEAD /healthz with the token: %d, want 200", w.Code)
	}
	if w := get(h, "/healthz", bearer...); w.Header().Get("Cache-Control") != "no-store" {
		t.Error("answers may be cached")
	}
}

func TestNew_Refuses(t *testing.T) {
	for name, o := range map[string]*Opts{
		"nil":          nil,
		"no token":     {Reporter: &fakeReporter{}},
		"spaced token": {Token: "a b", Reporter: &fakeReporter{}},
		"no reporter":  {Token: token},
		"short token":  {Token: token[:MinTokenLen-1], Reporter: &fakeReporter{}},
	} {
		if h, err := New(o); err == nil || h != nil || !strings.HasPrefix(err.Error(), "admin: ") {
			t.Errorf("%s: New = %v, %v; want an admin error", name, h, err)
		}
	}
}

func TestMetrics(t *testing.T) {
	h, _ := newHandler(t, nil)
	w := get(h, "/metrics", bearer...)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`kiosk_build_info{goversion="go`,
		`kiosk_id="BK-0001",version="1.2.3"} 1`,
		"# TYPE kiosk_events_total counter",
		`kiosk_events_total{kind="lookup",outcome="ok"} 120`,
		`kiosk_events_total{kind="lookup",outcome="not_found"} 7`,
		`kiosk_events_total{kind="rating",outcome="2"} 4`,
		"kiosk_ledger_queue_depth 3",
		"kiosk_ledger_queue_capacity 10000",
		"kiosk_ledger_dropped_events_total 0",
		"kiosk_portal_up 1",
		"kiosk_portal_check_latency_seconds 0.12",
		"kiosk_portal_last_check_timestamp_seconds 1.7308e+09",
		`kiosk_sensor_value{sensor="temperature_celsius"} 41.5`,
		`kiosk_sensor_value{sensor="humidity_percent"} 63`,
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "kiosk_ledger_alert") {
		t.Error("an alert while there is none")
	}
	if strings.Contains(body, "promhttp_") {
		t.Error("the global registry leaked in")
	}
}

// Sources in trouble, or missing, do not stop the rest of the metrics.
func TestMetrics_Trouble(t *testing.T) {
	h, _ := newHandler(t, func(o *Opts) {
		o.Totals = fakeTotals{errors.New("disk I/O error")}
		o.Ledger = fakeLedger{firmware.LedgerState{Alert: firmware.LedgerDiskFull, Queued: 10000, Capacity: 10000, Dropped: 5}}
		o.Portal = func() firmware.PortalState {
			return firmware.PortalState{State: firmware.HealthDown, CheckedAt: time.Now(), Err: firmware.ETIMEOUT}
		}
		o.Device = fakeDevice{}
	})
	w := get(h, "/metrics", bearer...)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	for _, want := range []string{
		`kiosk_ledger_alert{alert="disk_full"} 1`,
		"kiosk_ledger_dropped_events_total 5",
		"kiosk_portal_up 0",
		"kiosk_build_info{",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "kiosk_events_total{") || strings.Contains(body, "kiosk_sensor_value{") {
		t.Error("metrics from a failed or missing source")
	}

	// Nothing but the required sources.
	h, err := New(&Opts{Token: token, Reporter: &fakeReporter{}})
	if err != nil {
		t.Fatal(err)
	}
	if w := get(h, "/metrics", bearer...); w.Code != 200 || !strings.Contains(w.Body.String(), "kiosk_build_info") {
		t.Errorf("bare metrics: %d", w.Code)
	}
}

func TestHealthz(t *testing.T) {
	h, _ := newHandler(t, nil)
	if w := get(h, "/healthz", bearer...); w.Code != 200 || w.Body.String() != "ok\n" {
		t.Errorf("healthy: %d %q", w.Code, w.Body)
	}

	// By default the ledger's trouble makes it unhealthy, a recovery not.
	since := time.Date(2024, 11, 5, 1, 0, 0, 0, time.UTC)
	h, _ = newHandler(t, func(o *Opts) {
		o.Ledger = fakeLedger{firmware.LedgerState{Alert: firmware.LedgerReadOnly, Since: since, Queued: 40, Dropped: 2}}
	})
	w := get(h, "/healthz", bearer...)
	if w.Code != 503 || w.Body.String() != "ledger: read_only since 2024-11-05T01:00:00Z, 40 events wait in memory, 2 dropped\n" {
		t.Errorf("ledger read-only: %d %q", w.Code, w.Body)
	}
	h, _ = newHandler(t, func(o *Opts) {
		o.Ledger = fakeLedger{firmware.LedgerState{Alert: firmware.LedgerRecovered, Recovery: &firmware.LedgerRecovery{}}}
	})
	if w := get(h, "/healthz", bearer...); w.Code != 200 {
		t.Errorf("after a recovery: %d %q", w.Code, w.Body)
	}

	h, _ = newHandler(t, func(o *Opts) {
		o.Health = func(context.Context) []string { return []string{"enclosure 58 °C", "tamper switch open"} }
	})
	if w := get(h, "/healthz", bearer...); w.Code != 503 || w.Body.String() != "enclosure 58 °C\ntamper switch open\n" {
		t.Errorf("own health: %d %q", w.Code, w.Body)
	}
}

func TestUsage(t *testing.T) {
	h, rep := newHandler(t, nil)

	w := get(h, "/api/v1/usage?from=2024-11-01&to=2024-11-30", bearer...)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("json: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if !rep.from.Equal(time.Date(2024, 11, 1, 0, 0, 0, 0, ict)) || !rep.to.Equal(time.Date(2024, 12, 1, 0, 0, 0, 0, ict)) {
		t.Errorf("period asked: %v to %v, want 1 November to 1 December, midnight ICT", rep.from, rep.to)
	}
	var got struct {
		KioskID string         `json:"kiosk_id"`
		Total   int            `json:"events_total"`
		ByKind  map[string]int `json:"by_kind"`
		From    string         `json:"from"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.KioskID != "BK-0001" || got.Total != 3 || got.ByKind["lookup"] != 2 || got.From != "2024-11-01T00:00:00+07:00" {
		t.Errorf("json report: %+v", got)
	}

	w = get(h, "/api/v1/usage?from=2024-11-01&to=2024-11-01&format=csv", bearer...)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv; charset=utf-8") ||
		w.Header().Get("Content-Disposition") != `attachment; filename="kiosk-report-2024-11-01-2024-11-01.csv"` {
		t.Fatalf("csv: %d %v", w.Code, w.Header())
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(firmware.ReportCSVHeader(), ",") {
		t.Fatalf("csv body: %v %v", rows, err)
	}
	if rows[1][0] != "BK-0001" || rows[1][3] != "events_total" || rows[1][6] != "3" {
		t.Errorf("first row: %v", rows[1])
	}

	for _, c := range []struct{ query, want string }{
		{"", "from date required"},
		{"from=2024-11-01", "to date required"},
		{"from=2024-11-31&to=2024-12-01", `"2024-11-31" is not a date`},
		{"from=01/11/2024&to=2024-12-01", "is not a date"},
		{"from=2024-12-01&to=2024-11-01", "before from date"},
		{"from=2024-11-01&to=2024-11-30&format=xlsx", "format must be csv or json"},
	} {
		w := get(h, "/api/v1/usage?"+c.query, bearer...)
		if w.Code != 400 || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%q: %d %q, want 400 saying %q", c.query, w.Code, w.Body, c.want)
		}
	}

	rep.err = firmware.Errorf(firmware.EINVALID, "storage: period ends before it starts")
	if w := get(h, "/api/v1/usage?from=2024-11-01&to=2024-11-30", bearer...); w.Code != 400 {
		t.Errorf("reporter's EINVALID: %d", w.Code)
	}
	rep.err = errors.New("storage: report: disk I/O error at /data/kiosk.db")
	w = get(h, "/api/v1/usage?from=2024-11-01&to=2024-11-30&format=csv", bearer...)
	if w.Code != 500 || strings.Contains(w.Body.String(), "/data") || w.Header().Get("Content-Disposition") != "" {
		t.Errorf("reporter's failure: %d %q %v", w.Code, w.Body, w.Header())
	}
}

func TestServe(t *testing.T) {
	h, _ := newHandler(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h) }()

	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/healthz", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, []byte("ok\n")) {
		t.Errorf("served: %d %q", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestNew_RefusesWeakToken(t *testing.T) {
	if _, err := New(&Opts{Token: strings.Repeat("x", MinTokenLen-1), Reporter: &fakeReporter{}}); !errors.Is(err, ErrWeakToken) ||
		!strings.Contains(err.Error(), `"admin_token"`) {
		t.Errorf("a %d-byte token: %v, want ErrWeakToken naming the key", MinTokenLen-1, err)
	}
	if _, err := New(&Opts{Token: strings.Repeat("x", MinTokenLen), Reporter: &fakeReporter{}}); err != nil {
		t.Errorf("a %d-byte token refused: %v", MinTokenLen, err)
	}
}

// Past RefusalBurst refusals an address gets 429 for every request, the
// right token included, until its bucket refills; other addresses are not
// affected; the log gets one line per address and minute, with a count.
func TestAuth_RateLimited(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	h, _ := newHandler(t, func(o *Opts) {
		o.now = func() time.Time { return now }
		o.Log = slog.New(slog.NewTextHandler(&logs, nil))
	})
	const guesser, scraper = "203.0.113.9:5555", "198.51.100.7:9090"
	wrong := []string{"Authorization", "Bearer " + strings.Repeat("0", 40)}
	for i := range RefusalBurst {
		if w := doFrom(h, guesser, http.MethodGet, "/metrics", wrong...); w.Code != http.StatusUnauthorized {
			t.Fatalf("refusal %d: %d, want 401", i+1, w.Code)
		}
	}
	for i := range 200 {
		w := doFrom(h, guesser, http.MethodGet, "/metrics", wrong...)
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
			t.Fatalf("refusal %d past the burst: %d, Retry-After %q; want 429", RefusalBurst+i+1, w.Code, w.Header().Get("Retry-After"))
		}
	}
	if w := doFrom(h, guesser, http.MethodGet, "/metrics", bearer...); w.Code != http.StatusTooManyRequests {
		t.Errorf("the right token from a limited address: %d, want 429", w.Code)
	}
	if w := doFrom(h, scraper, http.MethodGet, "/metrics", bearer...); w.Code != http.StatusOK {
		t.Errorf("another address with the token: %d, want 200", w.Code)
	}
	if n := strings.Count(logs.String(), "request refused"); n != 1 {
		t.Errorf("%d log lines for 211 refusals in a minute, want 1:\n%s", n, logs.String())
	}

	// A minute on, the bucket has refilled (10 more), and the next
	// refusal's line counts the refusals since the first one.
	now = now.Add(RefusalLogEvery)
	if w := doFrom(h, guesser, http.MethodGet, "/metrics", bearer...); w.Code != http.StatusOK {
		t.Errorf("the right token after a minute: %d, want 200", w.Code)
	}
	doFrom(h, guesser, http.MethodGet, "/metrics", wrong...)
	if n := strings.Count(logs.String(), "request refused"); n != 2 || !strings.Contains(logs.String(), "count=211") {
		t.Errorf("after a minute: %d lines, want 2, the second with count=211:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), strings.Repeat("0", 40)) {
		t.Error("a refused token reached the log")
	}
}
