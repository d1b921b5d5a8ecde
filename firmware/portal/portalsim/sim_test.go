package portalsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

var vn = time.FixedZone("ICT", 7*60*60)

func start(t *testing.T, opts *portalsim.Opts) (*portalsim.Sim, *httptest.Server) {
	t.Helper()
	sim := portalsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv
}

// codeRE is a normalised code of DESIGN §7.
var codeRE = regexp.MustCompile(`^[A-Z0-9._/-]{6,40}$`)

// noteDays reads the day counts the notes promise.
var (
	dueInRE   = regexp.MustCompile(`due in (\d+) days`)
	overdueRE = regexp.MustCompile(`(\d+) days overdue`)
)

// TestDemoCoverage looks every demo dossier up over HTTP, as a kiosk would,
// at hours that stress the relative dates (just after midnight, just before
// it, and now), and checks that the data covers what the kiosk must show and
// keeps the promises of its notes.
func TestDemoCoverage(t *testing.T) {
	demos := portalsim.DemoDossiers()
	if len(demos) < 12 {
		t.Fatalf("only %d demo dossiers", len(demos))
	}
	for _, now := range []time.Time{
		time.Date(2024, 11, 6, 0, 0, 30, 0, vn),
		time.Date(2024, 11, 6, 10, 0, 0, 0, vn),
		time.Date(2025, 3, 1, 23, 59, 30, 0, vn), // a month end
		time.Now(),
	} {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			_, srv := start(t, &portalsim.Opts{Now: func() time.Time { return now }})
			c, err := portal.New(srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			statuses := map[firmware.Status]bool{}
			var overdue, online, post, secret, slash int
			seen := map[string]bool{}
			for _, demo := range demos {
				if seen[demo.Code] {
					t.Errorf("code %s twice", demo.Code)
				}
				seen[demo.Code] = true
				if !codeRE.MatchString(demo.Code) {
					t.Errorf("code %q is not a normalised code", demo.Code)
				}
				if demo.Note == "" {
					t.Errorf("%s: no note", demo.Code)
				}
				d, err := c.Lookup(context.Background(), demo.Code, demo.Secret) // Validate runs inside
				if err != nil {
					t.Errorf("%s: %v", demo.Code, err)
					continue
				}
				statuses[d.Status.Code] = true
				if d.Status.Label != d.Status.Code.Vietnamese() {
					t.Errorf("%s: label %q for status %d", demo.Code, d.Status.Label, d.Status.Code)
				}
				if d.Overdue(now) {
					overdue++
					if !strings.Contains(demo.Note, "overdue") {
						t.Errorf("%s is overdue but its note says %q", demo.Code, demo.Note)
					}
				}
				if m := dueInRE.FindStringSubmatch(demo.Note); m != nil {
					if n, _ := strconv.Atoi(m[1]); d.DaysLeft(now, vn) != n || d.Overdue(now) {
						t.Errorf("%s: note %q, days left %d", demo.Code, demo.Note, d.DaysLeft(now, vn))
					}
				}
				if strings.Contains(demo.Note, "due tomorrow") && d.DaysLeft(now, vn) != 1 {
					t.Errorf("%s: note %q, days left %d", demo.Code, demo.Note, d.DaysLeft(now, vn))
				}
				if m := overdueRE.FindStringSubmatch(demo.Note); m != nil {
					if n, _ := strconv.Atoi(m[1]); d.OverdueDays(now, vn) != n {
						t.Errorf("%s: note %q, overdue days %d", demo.Code, demo.Note, d.OverdueDays(now, vn))
					}
				}
				switch d.Channel {
				case firmware.ChannelOnline:
					online++
				case firmware.ChannelPost:
					post++
				}
				if demo.Secret != "" {
					secret++
					if _, err := c.Lookup(context.Background(), demo.Code, ""); firmware.ErrorCode(err) != firmware.ESECRETREQUIRED {
						t.Errorf("%s without its secret: %v", demo.Code, err)
					}
				}
				if strings.Contains(demo.Code, "/") {
					slash++
				}
				checkTimeline(t, demo.Code, d, now)
				checkText(t, demo.Code, d)
			}
			for _, s := range firmware.Statuses() {
				if !statuses[s] {
					t.Errorf("no demo dossier in status %d (%s)", s, s)
				}
			}
			for what, n := range map[string]int{"overdue": overdue, "online": online, "post": post, "secret": secret, "slash": slash} {
				if n == 0 {
					t.Errorf("no %s demo dossier", what)
				}
			}
		})
	}
}

// checkTimeline: everything the dossier says happened has happened, in order.
func checkTimeline(t *testing.T, code string, d *firmware.Dossier, now time.Time) {
	t.Helper()
	if d.ReceivedAt.After(now) {
		t.Errorf("%s: received in the future", code)
	}
	if len(d.History) == 0 {
		t.Errorf("%s: no history", code)
	}
	prev := time.Time{}
	for i, h := range d.History {
		if h.At.After(now) || h.At.Before(prev) || h.Unit == "" || h.Note == "" {
			t.Errorf("%s: history %d = %+v (now %v)", code, i, h, now)
		}
		prev = h.At
	}
	if last := d.History[len(d.History)-1]; last.Status != d.Status.Code {
		t.Errorf("%s: history ends in %d, status is %d", code, last.Status, d.Status.Code)
	}
	for _, p := range []*time.Time{d.CompletedAt, d.ReturnedAt} {
		if p != nil && p.After(now) {
			t.Errorf("%s: completed or returned in the future", code)
		}
	}
	if d.Status.Code == firmware.StatusReady && d.CompletedAt == nil ||
		d.Status.Code == firmware.StatusHandedOver && d.ReturnedAt == nil {
		t.Errorf("%s: status %d without its date", code, d.Status.Code)
	}
	if d.Pickup == "" || d.Applicant.Name == "" || d.Agency.Name == "" {
		t.Errorf("%s: pickup, applicant or agency missing", code)
	}
}

// checkText: every string is valid UTF-8 in NFC. Vietnamese has a
// precomposed form for every letter, so NFC text holds no combining mark.
func checkText(t *testing.T, code string, d *firmware.Dossier) {
	t.Helper()
	b, _ := json.Marshal(d)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if !utf8.ValidString(v) {
				t.Errorf("%s: invalid UTF-8 %q", code, v)
			}
			for _, r := range v {
				if unicode.Is(unicode.Mn, r) {
					t.Errorf("%s: %q is not NFC (combining %U)", code, v, r)
					break
				}
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var v any
	json.Unmarshal(b, &v)
	walk(v)
}

func TestCatalog(t *testing.T) {
	_, srv := start(t, nil)
	c, _ := portal.New(srv.URL, nil)
	procs, asOf, etag, _, err := c.Procedures(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if asOf.IsZero() || etag == "" {
		t.Errorf("as of %v, etag %q", asOf, etag)
	}
	seen := map[string]bool{}
	levels := map[firmware.Level]bool{}
	for _, p := range procs {
		if seen[p.Code] {
			t.Errorf("procedure %s twice", p.Code)
		}
		seen[p.Code] = true
		levels[p.Level] = true
		if p.Field == "" || len(p.Documents) == 0 || !strings.HasPrefix(p.OnlineURL, "https://") || p.FeeNote == "" {
			t.Errorf("procedure %s is incomplete: %+v", p.Code, p)
		}
	}
	for _, l := range []firmware.Level{firmware.LevelFull, firmware.LevelPartial, firmware.LevelInfo} {
		if !levels[l] {
			t.Errorf("no procedure of level %s", l)
		}
	}
	// Every dossier's procedure is in the catalog, under the same name.
	for _, demo := range portalsim.DemoDossiers() {
		d, err := c.Lookup(context.Background(), demo.Code, demo.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[d.Procedure.Code] {
			t.Errorf("%s: procedure %s not in the catalog", demo.Code, d.Procedure.Code)
		}
	}
}

func get(t *testing.T, srv *httptest.Server, path string, header map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestProceduresETag(t *testing.T) {
	_, srv := start(t, nil)
	first := get(t, srv, "/v1/procedures", nil)
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("first: %d, etag %q", first.StatusCode, etag)
	}
	// Another sim, later: the same catalog has the same ETag.
	_, srv2 := start(t, &portalsim.Opts{Now: func() time.Time { return time.Now().Add(48 * time.Hour) }})
	if e := get(t, srv2, "/v1/procedures", nil).Header.Get("ETag"); e != etag {
		t.Errorf("ETag changed between sims: %q, %q", etag, e)
	}
	for inm, want := range map[string]int{
		etag:                    304,
		"W/" + etag:             304,
		`"other", ` + etag:      304,
		"*":                     304,
		`"other"`:               200,
		strings.Trim(etag, `"`): 200,
	} {
		if got := get(t, srv, "/v1/procedures", map[string]string{"If-None-Match": inm}).StatusCode; got != want {
			t.Errorf("If-None-Match %s: %d, want %d", inm, got, want)
		}
	}
}

func TestDossierAnswers(t *testing.T) {
	_, srv := start(t, &portalsim.Opts{Token: "tok"})
	auth := map[string]string{"Authorization": "Bearer tok", "X-Kiosk-ID": "k1"}
	with := func(extra map[string]string) map[string]string {
		h := map[string]string{}
		for k, v := range auth {
			h[k] = v
		}
		for k, v := range extra {
			h[k] = v
		}
		return h
	}
	secretDemo := "000.00.13.H06-241021-0118"
	for _, tc := range []struct {
		name   string
		path   string
		header map[string]string
		status int
		code   string
	}{
		{"no token", "/v1/health", nil, 401, "unauthorized"},
		{"wrong token", "/v1/health", map[string]string{"Authorization": "Bearer nope", "X-Kiosk-ID": "k1"}, 401, "unauthorized"},
		{"no kiosk ID", "/v1/health", map[string]string{"Authorization": "Bearer tok"}, 401, "unauthorized"},
		{"health", "/v1/health", auth, 200, ""},
		{"not found", "/v1/dossiers/000.00.13.H06-000000-0000", auth, 404, "not_found"},
		{"lower case", "/v1/dossiers/" + strings.ToLower("000.00.13.H06-241105-0042"), auth, 200, ""},
		{"slash escaped", "/v1/dossiers/" + url.PathEscape("H06.13/2024/HT-0157"), auth, 200, ""},
		{"slash unescaped", "/v1/dossiers/H06.13/2024/HT-0157", auth, 404, "not_found"},
		{"secret required", "/v1/dossiers/" + secretDemo, auth, 403, "secret_required"},
		{"secret mismatch", "/v1/dossiers/" + secretDemo, with(map[string]string{"X-Dossier-Secret": "AAAAAA"}), 403, "secret_mismatch"},
		{"secret right", "/v1/dossiers/" + secretDemo, with(map[string]string{"X-Dossier-Secret": "K7Q2M9"}), 200, ""},
		{"secret lower case", "/v1/dossiers/" + secretDemo, with(map[string]string{"X-Dossier-Secret": "k7q2m9"}), 200, ""},
		{"unknown path", "/v2/dossiers", auth, 404, "not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := get(t, srv, tc.path, tc.header)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			if tc.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			body, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if e.Error.Code != tc.code {
				t.Errorf("error code %q, want %q", e.Error.Code, tc.code)
			}
			if tc.code != "" && e.Error.Message == "" {
				t.Error("error without a message")
			}
		})
	}
}

func TestRatings(t *testing.T) {
	sim, srv := start(t, nil)
	post := func(body string) int {
		resp, err := srv.Client().Post(srv.URL+"/v1/ratings", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(`{"kiosk_id":"k1","at":"2024-11-06T10:00:00+07:00","score":2,"reasons":["cho_lau"]}`); got != 202 {
		t.Errorf("valid rating: %d", got)
	}
	for _, bad := range []string{
		`{"kiosk_id":"k1","at":"2024-11-06T10:00:00+07:00","score":4,"reasons":[]}`,
		`{"at":"2024-11-06T10:00:00+07:00","score":2,"reasons":[]}`,
		`{"kiosk_id":"k1","score":2}`,
		`not json`,
	} {
		if got := post(bad); got != 400 {
			t.Errorf("rating %s: %d, want 400", bad, got)
		}
	}
	if r := sim.Ratings(); len(r) != 1 || r[0].Score != 2 || r[0].Reasons[0] != "cho_lau" {
		t.Errorf("ratings = %+v", r)
	}
	if got := get(t, srv, "/v1/ratings", nil).StatusCode; got != http.StatusMethodNotAllowed {
		t.Errorf("GET ratings: %d", got)
	}

	// A repeat (same kiosk, same time: a resend after a lost answer) is
	// accepted and kept once; the same time from another kiosk, or another
	// time, is another rating.
	if got := post(`{"kiosk_id":"k1","at":"2024-11-06T03:00:00Z","score":1,"reasons":[]}`); got != 202 {
		t.Errorf("repeat: %d", got)
	}
	if got := post(`{"kiosk_id":"k2","at":"2024-11-06T10:00:00+07:00","score":2,"reasons":[]}`); got != 202 {
		t.Errorf("another kiosk: %d", got)
	}
	if got := post(`{"kiosk_id":"k1","at":"2024-11-06T10:00:00.001+07:00","score":2,"reasons":[]}`); got != 202 {
		t.Errorf("a millisecond later: %d", got)
	}
	if r := sim.Ratings(); len(r) != 3 || r[0].Score != 2 || r[1].KioskID != "k2" {
		t.Errorf("after a repeat: %+v", r)
	}

	// A lost answer: the rating is kept, the kiosk hears nothing.
	sim.SetFault(portalsim.LostReply)
	resp, err := srv.Client().Post(srv.URL+"/v1/ratings", "application/json",
		strings.NewReader(`{"kiosk_id":"k1","at":"2024-11-06T11:00:00+07:00","score":3,"reasons":[]}`))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("lost reply: the kiosk got %d", resp.StatusCode)
	}
	if r := sim.Ratings(); len(r) != 4 || r[3].Score != 3 {
		t.Errorf("lost reply: the portal has %+v", r)
	}
}

func TestSlowReturnsEarly(t *testing.T) {
	sim := portalsim.New(&portalsim.Opts{SlowDelay: 30 * time.Second})
	sim.SetFault(portalsim.Slow)
	done := make(chan time.Time, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sim.ServeHTTP(w, r)
		done <- time.Now()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/health", nil)
	start := time.Now()
	if _, err := srv.Client().Do(req); err == nil {
		t.Fatal("a slow answer came within 100ms")
	}
	select {
	case end := <-done:
		if took := end.Sub(start); took > 2*time.Second {
			t.Errorf("handler ran %v after the client gave up", took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("handler still sleeping 5s after the client gave up")
	}

	sim.SetSlowDelay(50 * time.Millisecond)
	start = time.Now()
	resp := get(t, srv, "/v1/health", nil)
	<-done
	if resp.StatusCode != 200 || time.Since(start) < 50*time.Millisecond {
		t.Errorf("short slow delay: %d after %v", resp.StatusCode, time.Since(start))
	}
}

func TestOversizedIsValidJSON(t *testing.T) {
	sim, srv := start(t, nil)
	sim.SetFault(portalsim.Oversized)
	resp := get(t, srv, "/v1/dossiers/000.00.13.H06-241105-0042", nil)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) <= 1<<20 || !json.Valid(body) || resp.ContentLength != -1 {
		t.Errorf("oversized: %d bytes, valid %v, content length %d", len(body), json.Valid(body), resp.ContentLength)
	}
}

func TestGarbage(t *testing.T) {
	sim, srv := start(t, nil)
	sim.SetFault(portalsim.Garbage)
	resp := get(t, srv, "/v1/health", nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Valid(body) || len(body) == 0 {
		t.Errorf("garbage: %d, %q", resp.StatusCode, body)
	}
}

// TestLogNeverHoldsCodes: the log names routes, never dossier codes or
// secrets, whatever is asked.
func TestLogNeverHoldsCodes(t *testing.T) {
	var buf syncBuffer
	sim, srv := start(t, &portalsim.Opts{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	c, _ := portal.New(srv.URL, nil)
	ctx := context.Background()
	asked := []string{"000.00.13.H06-999999-0001"}
	for _, d := range portalsim.DemoDossiers() {
		asked = append(asked, d.Code)
		c.Lookup(ctx, d.Code, d.Secret)
		c.Lookup(ctx, d.Code, "WRONG-SECRET")
	}
	c.Lookup(ctx, asked[0], "")
	sim.SetFault(portalsim.Down)
	c.Lookup(ctx, asked[1], "")
	log := buf.String()
	if !strings.Contains(log, "/v1/dossiers/{code}") || !strings.Contains(log, "status=403") {
		t.Fatalf("log lacks routes or statuses:\n%s", log)
	}
	for _, d := range portalsim.DemoDossiers() {
		for _, bad := range []string{d.Code, url.PathEscape(d.Code), "WRONG-SECRET"} {
			if strings.Contains(log, bad) {
				t.Errorf("log holds %q", bad)
			}
		}
		if d.Secret != "" && strings.Contains(log, d.Secret) {
			t.Errorf("log holds a secret")
		}
	}
	if strings.Contains(log, asked[0]) {
		t.Error("log holds an unknown code")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFaultSwitchConcurrent flips faults while requests run; run with -race.
func TestFaultSwitchConcurrent(t *testing.T) {
	sim, srv := start(t, &portalsim.Opts{SlowDelay: time.Millisecond})
	c, _ := portal.New(srv.URL, nil)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			faults := portalsim.Faults()
			if f := faults[i%len(faults)]; f != portalsim.Oversized {
				sim.SetFault(f)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				_, err := c.Lookup(context.Background(), "000.00.13.H06-241105-0042", "")
				switch firmware.ErrorCode(err) {
				case "", firmware.EUNAVAILABLE, firmware.EBADANSWER, firmware.ERATELIMITED:
				default:
					t.Errorf("lookup during fault flips: %v", err)
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
}

func TestParseFault(t *testing.T) {
	for _, f := range portalsim.Faults() {
		got, err := portalsim.ParseFault(strings.ToUpper(f.String()))
		if err != nil || got != f {
			t.Errorf("ParseFault(%q) = %v, %v", f, got, err)
		}
	}
	if f, err := portalsim.ParseFault("500"); err != nil || f != portalsim.Error500 {
		t.Errorf("ParseFault(500) = %v, %v", f, err)
	}
	if _, err := portalsim.ParseFault("flaky"); err == nil {
		t.Error("ParseFault(flaky) gave no error")
	}
	if s := portalsim.Fault(99).String(); s != "Fault(99)" {
		t.Errorf("Fault(99) = %q", s)
	}
}
