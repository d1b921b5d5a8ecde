package portalsim

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Fault is a way the simulated portal misbehaves.
type Fault int32

// Faults. Each applies to every request after the token check.
const (
	None        Fault = iota // answers by the contract
	Down                     // health says down; everything else is 503 internal
	Slow                     // waits the slow delay (8 s) before answering, less if the client gives up
	Garbage                  // 200 with an HTML page, as a captive portal or a misrouted proxy sends
	Oversized                // GET answers 200 with a valid JSON body over 1 MiB
	Error500                 // 500 internal
	Degraded                 // health says degraded (one service down); the rest works
	RateLimited              // 429 rate_limited with Retry-After
	LostReply                // does the work, then drops the connection: the answer is lost on the way back
)

var faultNames = [...]string{
	None:        "none",
	Down:        "down",
	Slow:        "slow",
	Garbage:     "garbage",
	Oversized:   "oversized",
	Error500:    "error500",
	Degraded:    "degraded",
	RateLimited: "ratelimited",
	LostReply:   "lostreply",
}

func (f Fault) String() string {
	if f >= 0 && int(f) < len(faultNames) {
		return faultNames[f]
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// Faults lists every fault in order, for flags' help texts.
func Faults() []Fault {
	out := make([]Fault, len(faultNames))
	for i := range out {
		out[i] = Fault(i)
	}
	return out
}

// ParseFault returns the fault named s, as Fault.String names it ("500" is
// taken for error500).
func ParseFault(s string) (Fault, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "500" {
		return Error500, nil
	}
	for i, n := range faultNames {
		if n == s {
			return Fault(i), nil
		}
	}
	return None, fmt.Errorf("portalsim: unknown fault %q", s)
}

// Opts configures a Sim. Zero fields take the value of DefaultOpts.
type Opts struct {
	// Token, when non-empty, is the only bearer token accepted; requests
	// without it, or without X-Kiosk-ID, get 401. Empty accepts anyone.
	Token string

	// Now is the sim's clock; the demo dossiers' dates are placed around
	// it. nil: time.Now.
	Now func() time.Time

	// SlowDelay is how long the Slow fault waits before answering.
	SlowDelay time.Duration

	// Logger, when non-nil, gets one line per request: method, route
	// pattern, status, fault and duration, never the path.
	Logger *slog.Logger
}

// DefaultOpts are the options used for nil Opts and for zero fields.
var DefaultOpts = Opts{SlowDelay: 8 * time.Second}

// Sim is the simulated portal, an http.Handler. It is safe for concurrent
// use, SetFault included.
type Sim struct {
	opts  Opts
	mux   *http.ServeMux
	fault atomic.Int32
	delay atomic.Int64 // nanoseconds

	mu      sync.Mutex
	ratings []Rating

	catalog []byte // encoded once, so the ETag is stable
	etag    string
}

// Rating is a rating the sim received.
type Rating struct {
	KioskID    string    `json:"kiosk_id"`
	At         time.Time `json:"at"`
	Score      int       `json:"score"`
	Reasons    []string  `json:"reasons"`
	DossierRef string    `json:"dossier_ref"`
}

// New returns a sim answering with the demo data and no fault.
func New(opts *Opts) *Sim {
	o := DefaultOpts
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = DefaultOpts.SlowDelay
	}
	s := &Sim{opts: o, mux: http.NewServeMux()}
	s.delay.Store(int64(o.SlowDelay))
	body, err := json.Marshal(struct {
		Procedures []firmware.Procedure `json:"procedures"`
		AsOf       time.Time            `json:"as_of"`
	}{procedures(), catalogAsOf})
	if err != nil {
		panic("portalsim: encoding the demo catalog: " + err.Error()) // fixed data: a bug
	}
	sum := sha256.Sum256(body)
	s.catalog = body
	s.etag = `"` + hex.EncodeToString(sum[:8]) + `"`

	s.mux.HandleFunc("GET /v1/health", s.health)
	s.mux.HandleFunc("GET /v1/dossiers/{code}", s.dossier)
	s.mux.HandleFunc("GET /v1/procedures", s.procedures)
	s.mux.HandleFunc("POST /v1/ratings", s.rating)
	// The catch-all would shadow the mux's own 405s, so it answers them.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		allow := map[string]string{
			routeHealth: "GET, HEAD", routeDossier: "GET, HEAD", routeProcedures: "GET, HEAD", routeRatings: "POST",
		}[route(r)]
		if allow != "" {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Phương thức không được hỗ trợ.")
			return
		}
		writeError(w, http.StatusNotFound, "not_found", "Không có đường dẫn này.")
	})
	return s
}

// SetFault switches the sim to fault f; None makes it answer well again.
func (s *Sim) SetFault(f Fault) { s.fault.Store(int32(f)) }

// Fault returns the fault in force.
func (s *Sim) Fault() Fault { return Fault(s.fault.Load()) }

// SetSlowDelay changes how long the Slow fault waits.
func (s *Sim) SetSlowDelay(d time.Duration) { s.delay.Store(int64(d)) }

// Ratings returns the ratings received so far, oldest first.
func (s *Sim) Ratings() []Rating {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rating, len(s.ratings))
	copy(out, s.ratings)
	return out
}

// ServeHTTP answers one request of the contract.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w}
	f := s.Fault()
	if l := s.opts.Logger; l != nil {
		defer func() {
			l.Info("portalsim: request", "method", r.Method, "route", route(r), "status", rw.status,
				"fault", f.String(), "took", time.Since(start))
		}()
	}
	if !s.authorized(r) {
		rw.Header().Set("WWW-Authenticate", `Bearer realm="portal"`)
		writeError(rw, http.StatusUnauthorized, "unauthorized", "Thiết bị chưa được cấp quyền truy cập.")
		return
	}
	switch f {
	case Slow:
		if !sleep(r.Context(), time.Duration(s.delay.Load())) {
			return // the client gave up; nobody reads an answer
		}
	case Down:
		if route(r) != routeHealth {
			writeError(rw, http.StatusServiceUnavailable, "internal", "Hệ thống đang bảo trì, vui lòng quay lại sau.")
			return
		}
	case Garbage:
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.WriteHeader(http.StatusOK)
		io.WriteString(rw, captivePage)
		return
	case Oversized:
		if r.Method == http.MethodGet {
			writeOversized(rw)
			return
		}
	case Error500:
		writeError(rw, http.StatusInternalServerError, "internal", "Lỗi hệ thống.")
		return
	case RateLimited:
		rw.Header().Set("Retry-After", "30")
		writeError(rw, http.StatusTooManyRequests, "rate_limited", "Quá nhiều yêu cầu, vui lòng thử lại sau.")
		return
	case LostReply:
		// The request is handled (a rating is kept), but its answer never
		// reaches the kiosk: the server drops the connection.
		s.mux.ServeHTTP(&discardWriter{header: http.Header{}}, r)
		panic(http.ErrAbortHandler)
	}
	s.mux.ServeHTTP(rw, r)
}

// discardWriter takes an answer nobody will read.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// authorized checks the bearer token and the kiosk ID when a token is set.
func (s *Sim) authorized(r *http.Request) bool {
	if s.opts.Token == "" {
		return true
	}
	got := r.Header.Get("Authorization")
	want := "Bearer " + s.opts.Token
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 && r.Header.Get("X-Kiosk-ID") != ""
}

func (s *Sim) health(w http.ResponseWriter, r *http.Request) {
	h := firmware.Health{
		Status: firmware.HealthOK,
		Time:   s.opts.Now().In(ict).Truncate(time.Second),
		Services: []firmware.ServiceHealth{
			{ID: "dvcqg", Name: "Cổng dịch vụ công quốc gia", Status: firmware.HealthOK},
			{ID: "motcua-h06", Name: "Hệ thống một cửa điện tử tỉnh Bắc Kạn", Status: firmware.HealthOK},
			{ID: "hotich", Name: "Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung", Status: firmware.HealthOK},
			{ID: "csdlqg-dancu", Name: "Cơ sở dữ liệu quốc gia về dân cư", Status: firmware.HealthOK},
		},
	}
	switch s.Fault() {
	case Down:
		h.Status = firmware.HealthDown
		for i := range h.Services {
			h.Services[i].Status = firmware.HealthDown
		}
	case Degraded:
		h.Status = firmware.HealthDegraded
		h.Services[2].Status = firmware.HealthDown
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Sim) dossier(w http.ResponseWriter, r *http.Request) {
	d, ok := findDemo(r.PathValue("code"))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy hồ sơ. Kiểm tra lại mã trên Giấy tiếp nhận.")
		return
	}
	if d.Secret != "" {
		got := strings.ToUpper(r.Header.Get("X-Dossier-Secret"))
		switch {
		case got == "":
			writeError(w, http.StatusForbidden, "secret_required", "Hồ sơ này cần mã bảo mật in trên Giấy tiếp nhận.")
			return
		case subtle.ConstantTimeCompare([]byte(got), []byte(d.Secret)) != 1:
			writeError(w, http.StatusForbidden, "secret_mismatch", "Mã bảo mật không đúng.")
			return
		}
	}
	writeJSON(w, http.StatusOK, d.dossier(s.opts.Now()))
}

func (s *Sim) procedures(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", s.etag)
	if etagMatch(r.Header.Get("If-None-Match"), s.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(s.catalog)
}

// etagMatch applies If-None-Match's weak comparison: any listed tag, W/ or
// not, or "*".
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

func (s *Sim) rating(w http.ResponseWriter, r *http.Request) {
	var rt Rating
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&rt); err != nil {
		writeError(w, http.StatusBadRequest, "invalid", "Đánh giá không đúng định dạng.")
		return
	}
	if rt.KioskID == "" || rt.At.IsZero() || rt.Score < 1 || rt.Score > 3 {
		writeError(w, http.StatusBadRequest, "invalid", "Đánh giá thiếu thông tin hoặc điểm ngoài 1–3.")
		return
	}
	s.mu.Lock()
	// A rating is known by its kiosk and its time: a kiosk sends a
	// queued rating again, with the same time, when the answer to the
	// first send was lost. The repeat is accepted and not counted twice.
	repeat := false
	for _, old := range s.ratings {
		if old.KioskID == rt.KioskID && old.At.Equal(rt.At) {
			repeat = true
			break
		}
	}
	if !repeat {
		s.ratings = append(s.ratings, rt)
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// Route names for logs: patterns, never paths.
const (
	routeHealth     = "/v1/health"
	routeDossier    = "/v1/dossiers/{code}"
	routeProcedures = "/v1/procedures"
	routeRatings    = "/v1/ratings"
	routeOther      = "other"
)

func route(r *http.Request) string {
	switch p := r.URL.EscapedPath(); {
	case p == routeHealth:
		return routeHealth
	case p == routeProcedures:
		return routeProcedures
	case p == routeRatings:
		return routeRatings
	case strings.HasPrefix(p, "/v1/dossiers/"):
		// One segment, as the contract's {code} is; more is another path.
		if rest := p[len("/v1/dossiers/"):]; rest != "" && !strings.Contains(rest, "/") {
			return routeDossier
		}
	}
	return routeOther
}

// sleep waits d or until ctx ends, and reports whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "Lỗi hệ thống.")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// writeError writes the contract's error object. message is a sentence in
// Vietnamese for people reading the adapter's side; it never holds the code.
func writeError(w http.ResponseWriter, status int, code, message string) {
	type detail struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	writeJSON(w, status, struct {
		Error detail `json:"error"`
	}{detail{code, message}})
}

// oversizedBytes is how much padding the Oversized fault sends: past the
// contract's 1 MiB by a margin.
const oversizedBytes = 1<<20 + 64<<10

// writeOversized sends valid JSON over 1 MiB, in chunks and without a
// Content-Length, so a client must enforce its limit while reading.
func writeOversized(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{"padding":"`)
	chunk := strings.Repeat("x", 32<<10)
	for n := 0; n < oversizedBytes; n += len(chunk) {
		if _, err := io.WriteString(w, chunk); err != nil {
			return // the client stopped reading, as it should
		}
	}
	io.WriteString(w, `","status":"ok"}`)
}

// captivePage is what a commune's Wi-Fi or a misrouted proxy answers in
// place of the portal.
const captivePage = `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập Wi-Fi</title></head>
<body><h1>Chào mừng đến với mạng Wi-Fi UBND xã</h1>
<p>Vui lòng đăng nhập để tiếp tục truy cập Internet.</p></body></html>
`

// statusWriter remembers the status written, for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (flushing).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
