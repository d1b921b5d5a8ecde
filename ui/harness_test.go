package ui

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

// ict is the kiosk's zone, fixed so tests do not depend on tzdata.
var ict = time.FixedZone("ICT", 7*60*60)

// testNow is a Thursday evening: "Thứ Năm, 26/11/2026 · 20:59".
var testNow = time.Date(2026, 11, 26, 20, 59, 0, 0, ict)

const (
	testCode = "000.00.13.H06-241105-0042"
	fullName = "Hoàng Thị Lan"
	goodPIN  = "2468"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type lookupCall struct{ input, secret, lang string }

// fakeCitizen is the citizen services: it answers from what the test sets
// and records the calls.
type fakeCitizen struct {
	mu      sync.Mutex
	calls   []lookupCall
	lookup  func(ctx context.Context, input, secret string) (*firmware.Dossier, error)
	offline *firmware.LookupResult // when set, Find answers it for a found dossier
	portal  firmware.PortalState
	status  firmware.PortalStatus
	catalog firmware.Catalog
	views   []string
	ratings []ratingCall
	rateErr error
}

var (
	_ Citizen = (*fakeCitizen)(nil)
	_ Staff   = (*fakeStaff)(nil)
)

// fakeStaff is staff mode's services, likewise.
type fakeStaff struct {
	mu     sync.Mutex
	pins   []string
	pinErr error // returned for a wrong PIN; nil means EINVALID

	dash       firmware.Dashboard
	dashErr    error
	dashCalls  int
	ledger     firmware.LedgerState
	dismissErr error
	dismissed  int
	device     firmware.DeviceHealth
	kioskID    string
	version    string
	addrs      []string
	// export answers ExportReport; nil: a report saved on a stick.
	export  func(ctx context.Context) (string, error)
	exports int
}

type ratingCall struct {
	score   firmware.Rating
	reasons []string
	dossier string
	lang    string
}

func (f *fakeCitizen) Find(ctx context.Context, input, secret, lang string) (*firmware.LookupResult, error) {
	f.mu.Lock()
	f.calls = append(f.calls, lookupCall{input, secret, lang})
	fn, offline := f.lookup, f.offline
	f.mu.Unlock()
	if fn == nil {
		return nil, firmware.Errorf(firmware.ENOTFOUND, "fake: no dossier")
	}
	d, err := fn(ctx, input, secret)
	if err != nil || d == nil {
		return nil, err
	}
	if offline != nil {
		r := *offline
		r.Dossier = d
		return &r, nil
	}
	return &firmware.LookupResult{Dossier: d, AsOf: testNow}, nil
}

func (f *fakeCitizen) PortalStatus() firmware.PortalStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.status
	st.PortalState = f.portal
	return st
}

func (f *fakeCitizen) Catalog() firmware.Catalog {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.catalog
}

func (f *fakeCitizen) ViewProcedure(code, _ string) {
	f.mu.Lock()
	f.views = append(f.views, code)
	f.mu.Unlock()
}

func (f *fakeCitizen) Rate(_ context.Context, score firmware.Rating, reasons []string, dossier, lang string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rateErr != nil {
		return f.rateErr
	}
	f.ratings = append(f.ratings, ratingCall{score, reasons, dossier, lang})
	return nil
}

func (f *fakeCitizen) PortalState() firmware.PortalState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.portal
}

func (f *fakeStaff) Dashboard(context.Context) (firmware.Dashboard, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dashCalls++
	return f.dash, f.dashErr
}

func (f *fakeStaff) LedgerStatus() firmware.LedgerState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ledger
}

func (f *fakeStaff) DeviceHealth() firmware.DeviceHealth {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.device
}

func (f *fakeStaff) DeviceInfo() (string, string, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kioskID, f.version, f.addrs
}

func (f *fakeStaff) DismissLedgerAlert(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dismissErr != nil {
		return f.dismissErr
	}
	f.dismissed++
	f.ledger.Recovery = nil
	if f.ledger.Alert == firmware.LedgerRecovered {
		f.ledger.Alert = firmware.LedgerAlertNone
	}
	return nil
}

func (f *fakeStaff) ExportReport(ctx context.Context) (string, error) {
	f.mu.Lock()
	f.exports++
	fn := f.export
	f.mu.Unlock()
	if fn == nil {
		return "/media/usb0/motcua-BK-DP-01-20261126-2059.csv", nil
	}
	return fn(ctx)
}

// setStaff changes the fake's staff-mode state under its lock.
func (f *fakeStaff) setStaff(fn func(f *fakeStaff)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeStaff) CheckPIN(pin string) error {
	f.mu.Lock()
	f.pins = append(f.pins, pin)
	f.mu.Unlock()
	if pin == goodPIN {
		return nil
	}
	if f.pinErr != nil {
		return f.pinErr
	}
	return firmware.Errorf(firmware.EINVALID, "fake: wrong pin")
}

func (f *fakeCitizen) setLookup(fn func(ctx context.Context, input, secret string) (*firmware.Dossier, error)) {
	f.mu.Lock()
	f.lookup = fn
	f.mu.Unlock()
}

func (f *fakeCitizen) lookupCalls() []lookupCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]lookupCall(nil), f.calls...)
}

// harness is a UI on a test window with a fake service and clock. Work the
// UI posts from its goroutines waits in posts until the test runs it with
// settle, so every widget change happens on the test goroutine.
type harness struct {
	t       *testing.T
	win     fyne.Window
	ui      *UI
	citizen *fakeCitizen
	staff   *fakeStaff
	clock   *fakeClock
	posts   chan func()
	done    chan struct{} // one per finished post
	frames  atomic.Int32
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessSized(t, fyne.NewSize(800, 480))
}

// newHarnessSized is a harness on a window of the given size.
func newHarnessSized(t *testing.T, size fyne.Size) *harness {
	t.Helper()
	return newHarnessWith(t, size, nil)
}

// newHarnessWith is a harness whose options mod changes first.
func newHarnessWith(t *testing.T, size fyne.Size, mod func(*Options)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(kiosktheme.New())
	h := &harness{
		t:       t,
		citizen: &fakeCitizen{},
		staff:   &fakeStaff{},
		clock:   &fakeClock{now: testNow},
		posts:   make(chan func()),
		done:    make(chan struct{}, 16),
	}
	h.citizen.portal = firmware.PortalState{State: firmware.HealthOK, CheckedAt: testNow.Add(-3 * time.Minute), Latency: 120 * time.Millisecond}
	h.staff.dash = testDashboard()
	h.staff.device = testDevice()
	h.staff.kioskID, h.staff.version, h.staff.addrs = "BK-DP-01", "1.0.0-test", []string{"192.168.1.42"}
	h.citizen.status = firmware.PortalStatus{
		Services: []firmware.ServiceStatus{
			{ID: "dvcqg", Name: "Cổng dịch vụ công quốc gia", State: firmware.HealthOK, UpToday: 1, ObservedToday: 10 * time.Hour},
			{ID: "motcua-h06", Name: "Hệ thống một cửa điện tử tỉnh Bắc Kạn", State: firmware.HealthOK, UpToday: 0.975, ObservedToday: 10 * time.Hour},
			{ID: "hotich", Name: "Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung", State: firmware.HealthDown, UpToday: 0.8, ObservedToday: 10 * time.Hour},
		},
		UpToday: 0.975, ObservedToday: 10 * time.Hour,
	}
	h.citizen.catalog = testCatalog()
	h.win = test.NewTempWindow(t, widget.NewLabel(""))
	h.win.Resize(size)
	opts := &Options{
		Commune:      "UBND xã Đồng Phúc",
		Location:     ict,
		Now:          h.clock.Now,
		RequestFrame: func() { h.frames.Add(1) },
		Version:      "1.0.0-test",
	}
	if mod != nil {
		mod(opts)
	}
	h.ui = New(h.win, h.citizen, h.staff, opts)
	h.ui.tickEvery = 0
	h.ui.doAndWait = func(f func()) {
		done := make(chan struct{})
		select {
		case h.posts <- func() { f(); close(done) }:
		case <-h.ui.stop:
			return
		}
		<-done
	}
	h.ui.posted = func() { h.done <- struct{}{} }
	h.ui.Start()
	t.Cleanup(h.ui.Stop)
	return h
}

// settle runs the next function a UI goroutine posted and waits for that
// post to finish, its frame request included.
func (h *harness) settle() {
	h.t.Helper()
	select {
	case f := <-h.posts:
		f()
	case <-time.After(5 * time.Second):
		h.t.Fatal("the UI posted nothing")
	}
	select {
	case <-h.done:
	case <-time.After(5 * time.Second):
		h.t.Fatal("the post did not finish")
	}
}

// scan is one whole scan through the public, goroutine-safe Scan.
func (h *harness) scan(text string) {
	h.t.Helper()
	before := h.frames.Load()
	go h.ui.Scan(text)
	h.settle()               // the scan itself
	h.wantFrames(before + 1) // Scan comes from a goroutine: it asks for a frame
}

func (h *harness) markup() string { return test.RenderToMarkup(h.win.Canvas()) }

// visible walks the visible objects of the canvas, through widget renderers.
func (h *harness) visible(f func(fyne.CanvasObject)) {
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		f(o)
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				walk(ch)
			}
		}
	}
	walk(h.win.Canvas().Content())
}

func (h *harness) button(label string) *kw.TouchButton {
	h.t.Helper()
	var found *kw.TouchButton
	h.visible(func(o fyne.CanvasObject) {
		if b, ok := o.(*kw.TouchButton); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		h.t.Fatalf("no button %q on screen:\n%s", label, h.markup())
	}
	return found
}

func (h *harness) hasButton(label string) bool {
	found := false
	h.visible(func(o fyne.CanvasObject) {
		if b, ok := o.(*kw.TouchButton); ok && b.Text == label {
			found = true
		}
	})
	return found
}

func (h *harness) tap(label string) {
	h.t.Helper()
	test.Tap(h.button(label))
}

// typeKeys taps keypad keys, switching pages as a citizen would.
func (h *harness) typeKeys(s string) {
	h.t.Helper()
	for _, r := range s {
		label := string(r)
		if !h.hasButton(label) {
			for _, page := range []string{"ABC", "123"} {
				if h.hasButton(page) {
					h.tap(page)
					break
				}
			}
		}
		h.tap(label)
	}
}

// screenText is every visible text on screen, in tree order, joined by
// spaces: a wrapped sentence reads whole again.
func (h *harness) screenText() string {
	var parts []string
	h.visible(func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			parts = append(parts, t.Text)
		}
	})
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func (h *harness) wantText(s string) {
	h.t.Helper()
	if !strings.Contains(h.screenText(), s) && !strings.Contains(h.markup(), s) {
		h.t.Errorf("screen lacks %q; it reads: %s", s, h.screenText())
	}
}

func (h *harness) wantNoText(s string) {
	h.t.Helper()
	if strings.Contains(h.screenText(), s) || strings.Contains(h.markup(), s) {
		h.t.Errorf("screen shows %q; it reads: %s", s, h.screenText())
	}
}

// waitFrames checks that RequestFrame was called n times so far.
func (h *harness) wantFrames(n int32) {
	h.t.Helper()
	if got := h.frames.Load(); got != n {
		h.t.Errorf("frames requested = %d, want %d", got, n)
	}
}

// dossier is an in-progress birth registration due in 3 days.
func dossier() *firmware.Dossier {
	received := time.Date(2026, 11, 24, 8, 12, 0, 0, ict)
	return &firmware.Dossier{
		Code:       testCode,
		Procedure:  firmware.ProcedureRef{Code: "1.001193", Name: "Đăng ký khai sinh", Level: firmware.LevelFull},
		Applicant:  firmware.Applicant{Name: fullName},
		Agency:     firmware.Agency{Code: "H06.13", Name: "UBND xã Đồng Phúc"},
		Channel:    firmware.ChannelInPerson,
		Status:     firmware.StatusRef{Code: firmware.StatusInProgress, Label: "Đang xử lý"},
		ReceivedAt: received,
		DueAt:      time.Date(2026, 11, 29, 17, 0, 0, 0, ict),
		History: []firmware.HistoryEntry{
			{At: received, Status: firmware.StatusAccepted, Unit: "Bộ phận một cửa", Note: "Đã nhận đủ giấy tờ"},
			{At: received.Add(26 * time.Hour), Status: firmware.StatusInProgress, Unit: "Công chức tư pháp - hộ tịch"},
		},
		Fees:           []firmware.Fee{{Name: "Lệ phí đăng ký", AmountVND: 8000, Paid: false}},
		RequiredAction: "Mang theo giấy chứng sinh bản chính khi đến nhận kết quả.",
		Pickup:         "Bộ phận một cửa UBND xã Đồng Phúc",
	}
}

// overdueDossier asked for more papers and was due three days ago.
func overdueDossier() *firmware.Dossier {
	d := dossier()
	d.Status = firmware.StatusRef{Code: firmware.StatusMorePapers}
	d.DueAt = time.Date(2026, 11, 23, 17, 0, 0, 0, ict)
	d.History = append(d.History, firmware.HistoryEntry{At: time.Date(2026, 11, 25, 9, 30, 0, 0, ict), Status: firmware.StatusMorePapers, Unit: "Công chức tư pháp - hộ tịch", Note: "Thiếu bản sao giấy chứng nhận kết hôn"})
	d.RequiredAction = "Nộp bổ sung bản sao giấy chứng nhận kết hôn tại bộ phận một cửa."
	d.Fees = nil
	return d
}

func found(d *firmware.Dossier) func(context.Context, string, string) (*firmware.Dossier, error) {
	return func(context.Context, string, string) (*firmware.Dossier, error) { return d, nil }
}

func fails(code string) func(context.Context, string, string) (*firmware.Dossier, error) {
	return func(context.Context, string, string) (*firmware.Dossier, error) {
		return nil, firmware.Errorf(code, "fake failure")
	}
}

// testCatalog is a small catalog of three fields and every level.
func testCatalog() firmware.Catalog {
	url := func(code string) string {
		return "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=" + code
	}
	return firmware.Catalog{
		AsOf:     time.Date(2026, 11, 1, 8, 0, 0, 0, ict),
		ETag:     `"abc"`,
		SyncedAt: testNow.Add(-time.Hour),
		Procedures: []firmware.Procedure{
			{Code: "1.001193", Name: "Đăng ký khai sinh", Field: "Hộ tịch", Level: firmware.LevelFull, ProcessingDays: 1,
				FeeNote: "Miễn lệ phí khi đăng ký đúng hạn.", OnlineURL: url("1.001193"),
				Documents: []string{"Tờ khai đăng ký khai sinh theo mẫu", "Giấy chứng sinh (bản chính)"}},
			{Code: "1.000894", Name: "Đăng ký kết hôn", Field: "Hộ tịch", Level: firmware.LevelPartial, ProcessingDays: 5,
				FeeVND: 0, OnlineURL: url("1.000894"), Documents: []string{"Tờ khai đăng ký kết hôn theo mẫu"}},
			{Code: "2.000815", Name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản", Field: "Chứng thực", Level: firmware.LevelPartial,
				ProcessingDays: 1, FeeVND: 2000, FeeNote: "2.000 đồng/trang.", OnlineURL: url("2.000815"),
				Documents: []string{"Bản chính giấy tờ cần chứng thực"}},
			{Code: "1.004194", Name: "Đăng ký thường trú", Field: "Đăng ký, quản lý cư trú", Level: firmware.LevelFull, ProcessingDays: 7,
				FeeVND: 20000, FeeNote: "20.000 đồng khi nộp trực tiếp.", OnlineURL: url("1.004194"),
				Documents: []string{"Tờ khai thay đổi thông tin cư trú (mẫu CT01)"}},
			{Code: "1.004946", Name: "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", Field: "Đất đai", Level: firmware.LevelInfo,
				ProcessingDays: 7, OnlineURL: url("1.004946"), Documents: []string{"Giấy đề nghị xác nhận theo mẫu"}},
		},
	}
}

// testDashboard is a hand-built dashboard: every figure of each period is
// different, so a test can tell which tab it reads.
func testDashboard() firmware.Dashboard {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, ict) }
	oc := func(k firmware.EventKind, outcome string, n int) firmware.OutcomeCount {
		return firmware.OutcomeCount{Kind: k, Outcome: outcome, Count: n}
	}
	lk, pr, rt := firmware.KindLookup, firmware.KindProcedure, firmware.KindRating
	var todayHours, weekHours, monthHours [24]int
	for h, n := range map[int]int{8: 2, 9: 6, 10: 4, 14: 3, 15: 2} {
		todayHours[h] = n
	}
	for h, n := range map[int]int{7: 4, 8: 12, 9: 20, 10: 18, 11: 9, 13: 6, 14: 15, 15: 10, 16: 2} {
		weekHours[h] = n
	}
	for h, n := range map[int]int{7: 40, 8: 150, 9: 190, 10: 200, 11: 120, 13: 90, 14: 180, 15: 160, 16: 90, 17: 14} {
		monthHours[h] = n
	}
	return firmware.Dashboard{
		Today: firmware.Report{
			KioskID: "BK-DP-01", From: day(26), To: day(27), Total: 17, Visits: 23, Tampers: 1,
			Counts: []firmware.OutcomeCount{oc(lk, firmware.OutcomeOK, 9), oc(lk, firmware.EINVALID, 1), oc(lk, firmware.ENOTFOUND, 2),
				oc(lk, firmware.ETIMEOUT, 1), oc(lk, firmware.EUNAVAILABLE, 1), oc(pr, firmware.OutcomeOK, 2), oc(rt, "3", 1),
				oc(firmware.KindVisit, firmware.OutcomeOK, 23), oc(firmware.KindTamper, firmware.OutcomeOK, 1)},
			Dossiers:       firmware.DossierCounts{Unique: 8, Found: 7, Online: 2},
			Ratings:        map[firmware.Rating]int{firmware.RatingVeryHappy: 1},
			Hours:          todayHours,
			PortalObserved: 10 * time.Hour, PortalUp: 9*time.Hour + 45*time.Minute,
		},
		Week: firmware.Report{
			KioskID: "BK-DP-01", From: day(20), To: day(27), Total: 96,
			Counts: []firmware.OutcomeCount{oc(lk, firmware.OutcomeOK, 60), oc(lk, firmware.EINVALID, 6), oc(lk, firmware.ENOTFOUND, 10),
				oc(pr, firmware.OutcomeOK, 12), oc(rt, "1", 1), oc(rt, "2", 3), oc(rt, "3", 4)},
			Dossiers:       firmware.DossierCounts{Unique: 52, Found: 48, Online: 12, Overdue: 6, OverdueKnown: 40},
			Ratings:        map[firmware.Rating]int{firmware.RatingUnhappy: 1, firmware.RatingHappy: 3, firmware.RatingVeryHappy: 4},
			Hours:          weekHours,
			PortalObserved: 70 * time.Hour, PortalUp: 68 * time.Hour,
			Unsynced: 3,
		},
		Month: firmware.Report{
			KioskID: "BK-DP-01", From: time.Date(2026, 10, 28, 0, 0, 0, 0, ict), To: day(27), Total: 1234,
			Counts: []firmware.OutcomeCount{oc(lk, firmware.OutcomeOK, 900), oc(lk, firmware.ENOTFOUND, 120), oc(lk, firmware.EUNAVAILABLE, 60),
				oc(pr, firmware.OutcomeOK, 130), oc(rt, "1", 4), oc(rt, "2", 8), oc(rt, "3", 12)},
			Dossiers:     firmware.DossierCounts{Unique: 700, Found: 650, Online: 130, Overdue: 60, OverdueKnown: 600},
			Ratings:      map[firmware.Rating]int{firmware.RatingUnhappy: 4, firmware.RatingHappy: 8, firmware.RatingVeryHappy: 12},
			Hours:        monthHours,
			RolledUpDays: 2,
		},
	}
}

// testDevice is a Pi whose PIR is missing and which has no buzzer.
func testDevice() firmware.DeviceHealth {
	since := testNow.Add(-5 * time.Hour)
	part := func(id firmware.PartID, where string, st firmware.PartState, detail string) firmware.PartHealth {
		return firmware.PartHealth{ID: id, Where: where, State: st, Detail: detail, Since: since}
	}
	return firmware.DeviceHealth{
		Parts: []firmware.PartHealth{
			part(firmware.PartBME280, "I2C1 0x76", firmware.PartOK, "31.5°C 62%rH 100.84kPa"),
			part(firmware.PartBH1750, "I2C1 0x23", firmware.PartOK, "320 lx"),
			part(firmware.PartPIR, "GPIO17", firmware.PartMissing, "board: GPIO17: no such pin"),
			part(firmware.PartDoor, "GPIO27", firmware.PartOK, ""),
			part(firmware.PartLEDHeartbeat, "GPIO5", firmware.PartOK, ""),
			part(firmware.PartLEDNetwork, "GPIO6", firmware.PartOK, ""),
			part(firmware.PartLEDPortal, "GPIO13", firmware.PartOK, ""),
			part(firmware.PartLEDFault, "GPIO19", firmware.PartOK, ""),
			part(firmware.PartBuzzer, "-", firmware.PartNotFitted, ""),
		},
		Readings: []firmware.Reading{
			{Quantity: firmware.Temperature, Value: 31.5},
			{Quantity: firmware.Humidity, Value: 62},
			{Quantity: firmware.Pressure, Value: 100840},
			{Quantity: firmware.Light, Value: 320},
			{Quantity: firmware.CabinetOpen, Value: 0},
		},
	}
}

// setReading gives q the value v in h, adding it if h has none.
func setReading(h *firmware.DeviceHealth, q firmware.Quantity, v float64) {
	for i := range h.Readings {
		if h.Readings[i].Quantity == q {
			h.Readings[i].Value = v
			return
		}
	}
	h.Readings = append(h.Readings, firmware.Reading{Quantity: q, Value: v})
}
