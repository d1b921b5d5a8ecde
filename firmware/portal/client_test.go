package portal_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

var vn = time.FixedZone("ICT", 7*60*60)

// testNow is a Wednesday morning in Bắc Kạn.
var testNow = time.Date(2024, time.November, 6, 10, 0, 0, 0, vn)

const (
	codeInProgress = "000.00.13.H06-241105-0042"
	codeSecret     = "000.00.13.H06-241021-0118"
	secretRight    = "K7Q2M9"
	codeSlash      = "H06.13/2024/HT-0157"
	testToken      = "tok-7f3a9c"
	testKiosk      = "bk-dongphuc-01"
)

// startSim serves a simulator over real HTTP.
func startSim(t *testing.T, opts *portalsim.Opts) (*portalsim.Sim, *httptest.Server) {
	t.Helper()
	if opts == nil {
		opts = &portalsim.Opts{}
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	sim := portalsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv
}

// newClient returns a client of baseURL with the test token and kiosk ID,
// and opts' timeouts and limits when given.
func newClient(t *testing.T, baseURL string, opts *portal.Opts) *portal.Client {
	t.Helper()
	o := portal.Opts{Token: testToken, KioskID: testKiosk}
	if opts != nil {
		o = *opts
	}
	c, err := portal.New(baseURL, &o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// serve starts a tiny handler for answers the simulator never gives.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := firmware.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

func TestLookupFound(t *testing.T) {
	_, srv := startSim(t, nil)
	c := newClient(t, srv.URL, nil)
	d, err := c.Lookup(context.Background(), codeInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"code", d.Code, codeInProgress},
		{"procedure code", d.Procedure.Code, "1.001193"},
		{"procedure name", d.Procedure.Name, "Đăng ký khai sinh"},
		{"level", d.Procedure.Level, firmware.LevelFull},
		{"applicant", d.Applicant.Name, "Hoàng Thị Lan"},
		{"masked", firmware.MaskName(d.Applicant.Name), "Hoàng T. L."},
		{"agency", d.Agency.Name, "UBND xã Đồng Phúc"},
		{"channel", d.Channel, firmware.ChannelInPerson},
		{"status", d.Status.Code, firmware.StatusInProgress},
		{"label", d.Status.Label, "Đang xử lý"},
		{"received", d.ReceivedAt.Equal(time.Date(2024, 11, 5, 8, 12, 0, 0, vn)), true},
		{"due", d.DueAt.Equal(time.Date(2024, 11, 8, 17, 0, 0, 0, vn)), true},
		{"days left", d.DaysLeft(testNow, vn), 2},
		{"overdue", d.Overdue(testNow), false},
		{"completed", d.CompletedAt == nil, true},
		{"history", len(d.History), 2},
		{"history unit", d.History[0].Unit, "Bộ phận một cửa"},
		{"unpaid", d.UnpaidVND(), int64(8000)},
		{"pickup", d.Pickup, "Bộ phận một cửa UBND xã Đồng Phúc"},
		{"action", strings.HasPrefix(d.RequiredAction, "Không cần bổ sung giấy tờ."), true},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %v, want %v", ck.name, ck.got, ck.want)
		}
	}
}

func TestLookupNotFound(t *testing.T) {
	_, srv := startSim(t, nil)
	_, err := newClient(t, srv.URL, nil).Lookup(context.Background(), "000.00.13.H06-999999-9999", "")
	wantCode(t, err, firmware.ENOTFOUND)
}

func TestLookupSecret(t *testing.T) {
	_, srv := startSim(t, nil)
	c := newClient(t, srv.URL, nil)
	for _, tc := range []struct {
		secret, code string
	}{
		{"", firmware.ESECRETREQUIRED},
		{"WRONG1", firmware.ESECRETMISMATCH},
		{secretRight, ""},
	} {
		d, err := c.Lookup(context.Background(), codeSecret, tc.secret)
		wantCode(t, err, tc.code)
		if tc.code == "" {
			if d.Status.Code != firmware.StatusFeesDue || d.UnpaidVND() != 3750000 {
				t.Errorf("secret dossier: status %d, unpaid %d", d.Status.Code, d.UnpaidVND())
			}
		} else if d != nil {
			t.Errorf("secret %q: got a dossier with the error", tc.secret)
		}
	}
}

func TestLookupCodeWithSlash(t *testing.T) {
	sim, _ := startSim(t, nil)
	var rawURI atomic.Value
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		rawURI.Store(r.RequestURI)
		sim.ServeHTTP(w, r)
	})
	d, err := newClient(t, srv.URL, nil).Lookup(context.Background(), codeSlash, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Code != codeSlash {
		t.Errorf("code = %q", d.Code)
	}
	if got, want := rawURI.Load(), "/v1/dossiers/H06.13%2F2024%2FHT-0157"; got != want {
		t.Errorf("request URI = %q, want %q", got, want)
	}
}

func TestBaseURLWithPrefix(t *testing.T) {
	sim, _ := startSim(t, nil)
	mux := http.NewServeMux()
	mux.Handle("/adapter/", http.StripPrefix("/adapter", sim))
	srv := serve(t, mux.ServeHTTP)
	c := newClient(t, srv.URL+"/adapter/", nil)
	if _, err := c.Lookup(context.Background(), codeSlash, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Health(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestNewRefuses(t *testing.T) {
	for _, u := range []string{"", "ftp://portal", "http://", "https://portal/?x=1", "https://portal/#f", "https://portal/?", "https://user:pw@portal", "://bad"} {
		_, err := portal.New(u, nil)
		wantCode(t, err, firmware.EINVALID)
	}
	_, err := portal.New("https://portal", &portal.Opts{Token: "a\r\nX-Evil: 1"})
	wantCode(t, err, firmware.EINVALID)
}

func TestLookupRefusesBadInput(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	c := newClient(t, srv.URL, nil)
	for _, tc := range []struct{ code, secret string }{
		{"", ""},
		{"ABC\nDEF", ""},
		{codeInProgress, "K7Q\r\nX-Evil: 1"},
	} {
		_, err := c.Lookup(context.Background(), tc.code, tc.secret)
		wantCode(t, err, firmware.EINVALID)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests made for refused input", n)
	}
}

func TestUnauthorized(t *testing.T) {
	_, srv := startSim(t, &portalsim.Opts{Token: testToken})
	ctx := context.Background()
	for _, o := range []portal.Opts{
		{Token: "tok-wrong", KioskID: testKiosk},
		{KioskID: testKiosk},
		{Token: testToken}, // no kiosk ID
	} {
		c := newClient(t, srv.URL, &o)
		_, err := c.Lookup(ctx, codeInProgress, "")
		wantCode(t, err, firmware.EUNAUTHORIZED)
		_, err = c.Health(ctx)
		wantCode(t, err, firmware.EUNAUTHORIZED)
	}
	if _, err := newClient(t, srv.URL, nil).Lookup(ctx, codeInProgress, ""); err != nil {
		t.Fatalf("right token: %v", err)
	}
}

func TestFaults(t *testing.T) {
	sim, srv := startSim(t, nil)
	c := newClient(t, srv.URL, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		fault        portalsim.Fault
		health       string
		healthState  firmware.HealthState
		lookup       string
		wantDossiers bool
	}{
		{portalsim.None, "", firmware.HealthOK, "", true},
		{portalsim.Degraded, "", firmware.HealthDegraded, "", true},
		{portalsim.Down, "", firmware.HealthDown, firmware.EUNAVAILABLE, false},
		{portalsim.Error500, firmware.EUNAVAILABLE, "", firmware.EUNAVAILABLE, false},
		{portalsim.Garbage, firmware.EBADANSWER, "", firmware.EBADANSWER, false},
		{portalsim.Oversized, firmware.EBADANSWER, "", firmware.EBADANSWER, false},
		{portalsim.RateLimited, firmware.ERATELIMITED, "", firmware.ERATELIMITED, false},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			sim.SetFault(tc.fault)
			h, err := c.Health(ctx)
			wantCode(t, err, tc.health)
			if err == nil && h.Status != tc.healthState {
				t.Errorf("health status = %q, want %q", h.Status, tc.healthState)
			}
			d, err := c.Lookup(ctx, codeInProgress, "")
			wantCode(t, err, tc.lookup)
			if (d != nil) != tc.wantDossiers {
				t.Errorf("dossier = %v", d)
			}
		})
	}
	sim.SetFault(portalsim.None)
}

func TestHealthServices(t *testing.T) {
	_, srv := startSim(t, nil)
	h, err := newClient(t, srv.URL, nil).Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Services) == 0 || h.Services[0].Name != "Cổng dịch vụ công quốc gia" {
		t.Errorf("services = %+v", h.Services)
	}
	if !h.Time.Equal(testNow) {
		t.Errorf("time = %v, want %v", h.Time, testNow)
	}
}

func TestTimeout(t *testing.T) {
	sim, srv := startSim(t, &portalsim.Opts{SlowDelay: 20 * time.Second})
	sim.SetFault(portalsim.Slow)
	c := newClient(t, srv.URL, &portal.Opts{
		Token: testToken, KioskID: testKiosk,
		LookupTimeout: 200 * time.Millisecond, HealthTimeout: 150 * time.Millisecond,
	})
	start := time.Now()
	_, err := c.Lookup(context.Background(), codeInProgress, "")
	wantCode(t, err, firmware.ETIMEOUT)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err does not wrap context.DeadlineExceeded: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("lookup took %v with a 200ms timeout", took)
	}
	start = time.Now()
	_, err = c.Health(context.Background())
	wantCode(t, err, firmware.ETIMEOUT)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("health took %v with a 150ms timeout", took)
	}
}

// TestTimeoutSlowBody: the deadline covers the body, not only the headers.
func TestTimeoutSlowBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"code":`))
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c := newClient(t, srv.URL, &portal.Opts{LookupTimeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.Lookup(context.Background(), codeInProgress, "")
	wantCode(t, err, firmware.ETIMEOUT)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("lookup took %v", took)
	}
}

func TestCallerCancels(t *testing.T) {
	sim, srv := startSim(t, &portalsim.Opts{SlowDelay: 20 * time.Second})
	sim.SetFault(portalsim.Slow)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := newClient(t, srv.URL, nil).Lookup(ctx, codeInProgress, "")
	wantCode(t, err, firmware.ETIMEOUT)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err does not wrap context.Canceled: %v", err)
	}
}

// dossierJSON is a valid dossier of code, for handlers that bend it.
func dossierJSON(code string) map[string]any {
	return map[string]any{
		"code":        code,
		"procedure":   map[string]any{"code": "1.001193", "name": "Đăng ký khai sinh", "level": "toan_trinh"},
		"applicant":   map[string]any{"name": "Hoàng Thị Lan"},
		"agency":      map[string]any{"code": "H06.13", "name": "UBND xã Đồng Phúc"},
		"channel":     "truc_tiep",
		"status":      map[string]any{"code": 4, "label": "Đang xử lý"},
		"received_at": "2024-11-05T08:12:00+07:00",
		"due_at":      "2024-11-08T17:00:00+07:00",
		"history":     []any{map[string]any{"at": "2024-11-05T08:12:00+07:00", "status": 2, "unit": "Bộ phận một cửa", "note": "Tiếp nhận."}},
		"fees":        []any{map[string]any{"name": "Lệ phí", "amount_vnd": 8000, "paid": false}},
	}
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// answer returns a handler that always answers status with body.
func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

func TestLookupAnswers(t *testing.T) {
	code := codeInProgress
	with := func(edit func(m map[string]any)) string {
		m := dossierJSON(code)
		edit(m)
		return encode(t, m)
	}
	valid := encode(t, dossierJSON(code))
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
		inMsg  string // a part of the error message, when it matters
	}{
		{"valid", 200, valid, "", ""},
		{"unknown fields ignored", 200, with(func(m map[string]any) { m["extra"] = map[string]any{"x": 1}; m["sla"] = "3d" }), "", ""},
		{"lower-case code", 200, with(func(m map[string]any) { m["code"] = strings.ToLower(code) }), "", ""},
		{"status code as string", 200, with(func(m map[string]any) { m["status"] = map[string]any{"code": "4"} }), firmware.EBADANSWER, "status.code"},
		{"fee as string", 200, with(func(m map[string]any) { m["fees"] = []any{map[string]any{"name": "x", "amount_vnd": "8000"}} }), firmware.EBADANSWER, "amount_vnd"},
		{"array", 200, `[1,2]`, firmware.EBADANSWER, "wrong type"},
		{"bad time", 200, with(func(m map[string]any) { m["due_at"] = "08/11/2024" }), firmware.EBADANSWER, "does not decode"},
		{"missing received_at", 200, with(func(m map[string]any) { delete(m, "received_at") }), firmware.EBADANSWER, "received_at"},
		{"missing status", 200, with(func(m map[string]any) { delete(m, "status") }), firmware.EBADANSWER, "status"},
		{"missing procedure", 200, with(func(m map[string]any) { delete(m, "procedure") }), firmware.EBADANSWER, "procedure"},
		{"unknown channel", 200, with(func(m map[string]any) { m["channel"] = "fax" }), firmware.EBADANSWER, "channel"},
		{"status 11", 200, with(func(m map[string]any) { m["status"] = map[string]any{"code": 11} }), firmware.EBADANSWER, "status"},
		{"negative fee", 200, with(func(m map[string]any) { m["fees"] = []any{map[string]any{"name": "x", "amount_vnd": -1}} }), firmware.EBADANSWER, "fee"},
		{"another dossier", 200, with(func(m map[string]any) { m["code"] = "000.00.13.H06-241105-0043" }), firmware.EBADANSWER, "another dossier"},
		{"trailing garbage", 200, valid + " xyz", firmware.EBADANSWER, "after the JSON value"},
		{"two values", 200, valid + valid, firmware.EBADANSWER, "after the JSON value"},
		{"trailing whitespace ok", 200, valid + "\n\r\n ", "", ""},
		{"truncated", 200, valid[:len(valid)/2], firmware.EBADANSWER, "truncated"},
		{"empty", 200, "", firmware.EBADANSWER, "empty"},
		{"null", 200, "null", firmware.EBADANSWER, "code required"},
		{"html", 200, "<html>Wi-Fi</html>", firmware.EBADANSWER, "not JSON"},
		{"403 without code", 403, `{"error":{"code":"forbidden"}}`, firmware.EBADANSWER, "403"},
		{"403 html", 403, `<html>WAF</html>`, firmware.EBADANSWER, "403"},
		{"403 unauthorized", 403, `{"error":{"code":"unauthorized"}}`, firmware.EUNAUTHORIZED, "403"},
		{"404 plain", 404, `not found`, firmware.ENOTFOUND, "404"},
		{"400", 400, `{"error":{"code":"invalid"}}`, firmware.EBADANSWER, "HTTP 400"},
		{"418", 418, ``, firmware.EBADANSWER, "HTTP 418"},
		{"201", 201, valid, firmware.EBADANSWER, "HTTP 201"},
		{"502", 502, `<html>Bad Gateway</html>`, firmware.EUNAVAILABLE, "HTTP 502"},
		{"503 internal", 503, `{"error":{"code":"internal"}}`, firmware.EUNAVAILABLE, "internal"},
		{"504", 504, ``, firmware.EUNAVAILABLE, "HTTP 504"},
		{"429", 429, `{"error":{"code":"rate_limited"}}`, firmware.ERATELIMITED, "429"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, answer(tc.status, tc.body))
			d, err := newClient(t, srv.URL, nil).Lookup(context.Background(), code, "")
			wantCode(t, err, tc.want)
			if err != nil {
				if d != nil {
					t.Error("a dossier came with the error")
				}
				if msg := err.Error(); !strings.Contains(msg, tc.inMsg) || !strings.HasPrefix(msg, "portal: lookup: ") {
					t.Errorf("message %q: want the prefix and %q", msg, tc.inMsg)
				}
			}
		})
	}
}

func TestHealthAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"ok", 200, `{"status":"ok","time":"2024-11-06T10:00:00+07:00","services":[]}`, ""},
		{"no services", 200, `{"status":"down","time":"2024-11-06T10:00:00+07:00"}`, ""},
		{"unknown state", 200, `{"status":"fine","time":"2024-11-06T10:00:00+07:00"}`, firmware.EBADANSWER},
		{"service without id", 200, `{"status":"ok","services":[{"name":"x","status":"ok"}]}`, firmware.EBADANSWER},
		{"status as number", 200, `{"status":1}`, firmware.EBADANSWER},
		{"404", 404, ``, firmware.EBADANSWER},
		{"503", 503, `{"error":{"code":"internal"}}`, firmware.EUNAVAILABLE},
		{"401", 401, `{"error":{"code":"unauthorized"}}`, firmware.EUNAUTHORIZED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, answer(tc.status, tc.body))
			_, err := newClient(t, srv.URL, nil).Health(context.Background())
			wantCode(t, err, tc.want)
		})
	}
}

// TestMaxBody checks the limit at its edge, with and without a
// Content-Length (a chunked body must be limited while it is read).
func TestMaxBody(t *testing.T) {
	const limit = 4096
	valid := encode(t, dossierJSON(codeInProgress))
	pad := func(n int) string { return valid + strings.Repeat(" ", n-len(valid)) }
	for _, chunked := range []bool{false, true} {
		for _, tc := range []struct {
			size int
			want string
		}{
			{limit, ""},
			{limit + 1, firmware.EBADANSWER},
			{3 * limit, firmware.EBADANSWER},
		} {
			t.Run(fmt.Sprintf("chunked=%v/%d", chunked, tc.size), func(t *testing.T) {
				body := pad(tc.size)
				srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
					if !chunked {
						w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					}
					w.WriteHeader(200)
					for i := 0; i < len(body); i += 1000 {
						w.Write([]byte(body[i:min(i+1000, len(body))]))
						http.NewResponseController(w).Flush()
					}
				})
				c := newClient(t, srv.URL, &portal.Opts{MaxBody: limit})
				_, err := c.Lookup(context.Background(), codeInProgress, "")
				wantCode(t, err, tc.want)
			})
		}
	}
}

func TestHeadersSent(t *testing.T) {
	sim, _ := startSim(t, nil)
	got := make(chan http.Header, 10)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		sim.ServeHTTP(w, r)
	})
	c := newClient(t, srv.URL, nil)
	ctx := context.Background()
	check := func(what string, secret string) {
		t.Helper()
		h := <-got
		for name, want := range map[string]string{
			"Authorization":    "Bearer " + testToken,
			"X-Kiosk-Id":       testKiosk,
			"Accept":           "application/json",
			"X-Dossier-Secret": secret,
		} {
			if v := h.Values(name); want == "" && len(v) != 0 || want != "" && (len(v) != 1 || v[0] != want) {
				t.Errorf("%s: header %s = %q, want %q", what, name, v, want)
			}
		}
	}
	if _, err := c.Lookup(ctx, codeInProgress, ""); err != nil {
		t.Fatal(err)
	}
	check("lookup without secret", "")
	if _, err := c.Lookup(ctx, codeSecret, secretRight); err != nil {
		t.Fatal(err)
	}
	check("lookup with secret", secretRight)
	if _, err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
	check("health", "")
}

func TestRedirectNotFollowed(t *testing.T) {
	var leaked atomic.Int32
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		answer(200, encode(t, dossierJSON(codeSecret)))(w, r)
	})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.EscapedPath(), http.StatusFound)
	})
	_, err := newClient(t, srv.URL, nil).Lookup(context.Background(), codeSecret, secretRight)
	wantCode(t, err, firmware.EBADANSWER)
	if leaked.Load() != 0 {
		t.Error("the redirect was followed, secret and all")
	}
}

// closedAddr returns an address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestConnectionRefused(t *testing.T) {
	c := newClient(t, "http://"+closedAddr(t), nil)
	_, err := c.Lookup(context.Background(), codeInProgress, "")
	wantCode(t, err, firmware.EUNAVAILABLE)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err does not wrap ECONNREFUSED: %v", err)
	}
	_, err = c.Health(context.Background())
	wantCode(t, err, firmware.EUNAVAILABLE)
}

// doerFunc lets a test stand in for the network.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestTransportErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"dns", &net.DNSError{Err: "no such host", Name: "portal.backan.gov.vn", IsNotFound: true}, firmware.EUNAVAILABLE},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, firmware.EUNAVAILABLE},
		{"client timeout", &timeoutErr{}, firmware.ETIMEOUT},
		{"eof", errors.New("EOF"), firmware.EUNAVAILABLE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, "https://portal.backan.gov.vn", &portal.Opts{HTTP: doerFunc(func(r *http.Request) (*http.Response, error) {
				return nil, &url.Error{Op: "Get", URL: r.URL.String(), Err: tc.err}
			})})
			_, err := c.Lookup(context.Background(), codeInProgress, "")
			wantCode(t, err, tc.want)
			if !errors.Is(err, tc.err) {
				t.Errorf("err does not wrap the cause: %v", err)
			}
		})
	}
}

// timeoutErr is what an http.Client with its own Timeout returns.
type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "Client.Timeout exceeded while awaiting headers" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }

func TestProcedures(t *testing.T) {
	_, srv := startSim(t, nil)
	c := newClient(t, srv.URL, nil)
	ctx := context.Background()
	procs, asOf, etag, notModified, err := c.Procedures(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if notModified || etag == "" || asOf.IsZero() || len(procs) < 10 {
		t.Fatalf("first fetch: %d procedures, as of %v, etag %q, not modified %v", len(procs), asOf, etag, notModified)
	}
	if p := procs[0]; p.Code != "1.001193" || p.Name != "Đăng ký khai sinh" || p.Field != "Hộ tịch" || len(p.Documents) == 0 {
		t.Errorf("first procedure = %+v", p)
	}
	procs, _, etag2, notModified, err := c.Procedures(ctx, etag)
	if err != nil || !notModified || procs != nil || etag2 != etag {
		t.Fatalf("revalidation: %d procedures, etag %q, not modified %v, err %v", len(procs), etag2, notModified, err)
	}
	procs, _, etag3, notModified, err := c.Procedures(ctx, `"stale"`)
	if err != nil || notModified || len(procs) == 0 || etag3 != etag {
		t.Fatalf("stale etag: %d procedures, etag %q, not modified %v, err %v", len(procs), etag3, notModified, err)
	}
}

func TestProceduresAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, etag string
		status     int
		body       string
		want       string
	}{
		{"empty catalog", "", 200, `{"procedures":[],"as_of":"2024-11-01T08:00:00+07:00"}`, ""},
		{"missing list", "", 200, `{"as_of":"2024-11-01T08:00:00+07:00"}`, firmware.EBADANSWER},
		{"missing as_of", "", 200, `{"procedures":[]}`, firmware.EBADANSWER},
		{"bad level", "", 200, `{"procedures":[{"code":"1","name":"x","level":"full"}],"as_of":"2024-11-01T08:00:00+07:00"}`, firmware.EBADANSWER},
		{"304 unasked", "", 304, ``, firmware.EBADANSWER},
		{"304", `"v1"`, 304, ``, ""},
		{"500", `"v1"`, 500, ``, firmware.EUNAVAILABLE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, answer(tc.status, tc.body))
			_, _, _, _, err := newClient(t, srv.URL, nil).Procedures(context.Background(), tc.etag)
			wantCode(t, err, tc.want)
		})
	}
}

func TestSubmitRating(t *testing.T) {
	sim, _ := startSim(t, &portalsim.Opts{Token: testToken})
	var hits atomic.Int32
	counted := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		sim.ServeHTTP(w, r)
	})
	c := newClient(t, counted.URL, nil)
	ctx := context.Background()
	r := portal.Rating{At: testNow, Score: portal.ScoreVerySatisfied, Reasons: []string{"nhanh_chong", "than_thien"}}
	if err := c.SubmitRating(ctx, r); err != nil {
		t.Fatal(err)
	}
	got := sim.Ratings()
	if len(got) != 1 || got[0].KioskID != testKiosk || got[0].Score != 3 || len(got[0].Reasons) != 2 || !got[0].At.Equal(testNow) {
		t.Fatalf("ratings = %+v", got)
	}
	before := hits.Load()
	for _, bad := range []portal.Rating{
		{At: testNow, Score: 0},
		{At: testNow, Score: 4},
		{Score: 2},
		{At: testNow, Score: 2, Reasons: []string{""}},
	} {
		wantCode(t, c.SubmitRating(ctx, bad), firmware.EINVALID)
	}
	if hits.Load() != before {
		t.Error("an invalid rating was sent")
	}
	sim.SetFault(portalsim.Down)
	wantCode(t, c.SubmitRating(ctx, r), firmware.EUNAVAILABLE)
}

// chain returns every error in err's tree.
func chain(err error) []error {
	if err == nil {
		return nil
	}
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		out = append(out, chain(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, chain(e)...)
		}
	}
	return out
}

// TestNoSecretsInErrors provokes every error path with a portal that echoes
// the code, the secret and the token wherever it can, and checks that no
// error text, anywhere in the chain, holds any of them (DESIGN §8).
func TestNoSecretsInErrors(t *testing.T) {
	const (
		code   = "H06.13/2024/HT-9931"
		secret = "Z9X8W7"
		token  = "tok-SECRET-4411"
	)
	echo := code + " " + secret + " " + token + " " + url.PathEscape(code)
	valid := func() map[string]any { return dossierJSON(code) }
	bent := func(edit func(m map[string]any)) string {
		m := valid()
		edit(m)
		return encode(t, m)
	}
	errBody := func(c string) string {
		return encode(t, map[string]any{"error": map[string]any{"code": c, "message": "Hồ sơ " + echo}})
	}
	_, simSrv := startSim(t, &portalsim.Opts{Token: "tok-other"})

	type provoke func(t *testing.T) error
	lookupAt := func(base string, o portal.Opts) provoke {
		return func(t *testing.T) error {
			if o.Token == "" {
				o.Token = token
			}
			o.KioskID = testKiosk
			c, err := portal.New(base, &o)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Lookup(context.Background(), code, secret)
			return err
		}
	}
	handler := func(status int, body string) provoke {
		srv := serve(t, answer(status, body))
		return lookupAt(srv.URL, portal.Opts{})
	}
	rawTCP := func(t *testing.T) error {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
			buf := make([]byte, 4096)
			conn.Read(buf)
			fmt.Fprintf(conn, "HELLO %s\r\n\r\n", echo)
		}()
		return lookupAt("http://"+ln.Addr().String(), portal.Opts{})(t)
	}
	echoDoer := portal.Opts{HTTP: doerFunc(func(r *http.Request) (*http.Response, error) {
		return nil, &url.Error{Op: "Get", URL: r.URL.String(), Err: errors.New("proxy said: " + echo)}
	})}

	slow := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	cases := map[string]provoke{
		"not found":         handler(404, errBody("not_found")),
		"secret required":   handler(403, errBody("secret_required")),
		"secret mismatch":   handler(403, errBody("secret_mismatch")),
		"403 other":         handler(403, errBody(code)),
		"unauthorized":      lookupAt(simSrv.URL, portal.Opts{}),
		"rate limited":      handler(429, errBody("rate_limited")),
		"500":               handler(500, errBody("internal")),
		"503":               handler(503, "<html>"+echo+"</html>"),
		"unexpected status": handler(418, errBody(code)),
		"garbage":           handler(200, "<html>"+echo+"</html>"),
		"not JSON quoting":  handler(200, `"`+echo+`" tail`),
		"trailing":          handler(200, encode(t, valid())+echo),
		"oversized":         handler(200, `{"code":"`+code+`","pad":"`+strings.Repeat(secret, 200000)+`"}`),
		"wrong type":        handler(200, bent(func(m map[string]any) { m["status"] = map[string]any{"code": echo} })),
		"code as number":    handler(200, bent(func(m map[string]any) { m["code"] = 12345 })),
		"bad time":          handler(200, bent(func(m map[string]any) { m["due_at"] = echo })),
		"validate channel":  handler(200, bent(func(m map[string]any) { m["channel"] = echo })),
		"validate level":    handler(200, bent(func(m map[string]any) { m["procedure"] = map[string]any{"code": "1", "name": "x", "level": secret} })),
		"missing field":     handler(200, bent(func(m map[string]any) { delete(m, "due_at") })),
		"another dossier":   handler(200, bent(func(m map[string]any) { m["code"] = code + "X" })),
		"timeout":           lookupAt(slow.URL, portal.Opts{LookupTimeout: 100 * time.Millisecond}),
		"refused":           lookupAt("http://"+closedAddr(t), portal.Opts{}),
		"malformed HTTP":    rawTCP,
		"transport echo":    lookupAt("https://portal.backan.gov.vn", echoDoer),
		"bad code": func(t *testing.T) error {
			c := newClient(t, simSrv.URL, &portal.Opts{Token: token})
			_, err := c.Lookup(context.Background(), code+"\n"+secret, "")
			return err
		},
		"bad secret": func(t *testing.T) error {
			c := newClient(t, simSrv.URL, &portal.Opts{Token: token})
			_, err := c.Lookup(context.Background(), code, secret+"\n")
			return err
		},
	}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			err := p(t)
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range chain(err) {
				texts := []string{e.Error(), firmware.ErrorMessage(e)}
				for _, s := range texts {
					for _, bad := range []string{code, url.PathEscape(code), secret, token} {
						if strings.Contains(s, bad) {
							t.Errorf("error text %q (%T) holds %q", s, e, bad)
						}
					}
				}
			}
		})
	}
}
