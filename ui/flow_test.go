package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

func TestScanShowsResultAndIdleClearsIt(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))

	h.scan(testCode)
	if h.ui.current != h.ui.lookup || !h.ui.lookup.busy {
		t.Fatalf("a scan should show the lookup screen busy")
	}
	h.wantText("Đang tra cứu, xin chờ… 0 giây")
	h.clock.Advance(2 * time.Second)
	if !h.ui.tick() {
		t.Error("the busy line should move with the ticks")
	}
	h.wantText("Đang tra cứu, xin chờ… 2 giây")

	frames := h.frames.Load()
	h.settle() // the answer
	if h.ui.current != h.ui.result {
		t.Fatalf("answer should show the result screen:\n%s", h.markup())
	}
	h.wantFrames(frames + 1) // an answer applied off the input path asks for a frame
	if calls := h.citizen.lookupCalls(); len(calls) != 1 || calls[0].input != testCode || calls[0].lang != "vi" {
		t.Errorf("lookup calls = %+v", calls)
	}
	h.wantText("Đang xử lý")
	h.wantText("Hoàng T. L.")
	h.wantText("Còn 3 ngày")
	h.wantText("Đăng ký khai sinh")
	h.wantText("8.000 đ")
	h.wantText("24/11/2026")
	h.wantText("29/11/2026")
	h.wantNoText(fullName)
	h.wantNoText("Thị Lan")

	// No touch for 50 s: the countdown appears in the last 10 s.
	h.clock.Advance(50 * time.Second)
	h.ui.tick()
	h.wantText("Trở về màn hình chính sau 8 giây")
	h.clock.Advance(7 * time.Second)
	h.ui.tick()
	h.wantText("Trở về màn hình chính sau 1 giây")
	h.clock.Advance(time.Second)
	h.ui.tick()
	if h.ui.current != h.ui.home {
		t.Fatalf("idle should go home")
	}
	if h.ui.result.d != nil || h.ui.lookup.code != "" || h.ui.lookup.input != "" {
		t.Errorf("idle left citizen data: result %v, code %q, input %q", h.ui.result.d, h.ui.lookup.code, h.ui.lookup.input)
	}
	h.wantNoText("Hoàng T. L.")
	h.wantNoText("Trở về màn hình chính")

	// The lookup screen opens empty.
	h.tap("Tra cứu hồ sơ")
	if got := h.ui.lookup.display.Text; got != "Nhập mã hồ sơ" {
		t.Errorf("lookup shows %q, want the empty prompt", got)
	}
}

func TestContinueCancelsCountdown(t *testing.T) {
	h := newHarness(t)
	h.tap("Tra cứu hồ sơ")
	h.typeKeys("123")
	h.clock.Advance(55 * time.Second)
	h.ui.tick()
	h.wantText("Trở về màn hình chính sau 5 giây")
	h.tap("Tiếp tục")
	h.wantNoText("Trở về màn hình chính")
	h.clock.Advance(30 * time.Second)
	h.ui.tick()
	if h.ui.current != h.ui.lookup || h.ui.lookup.code != "123" {
		t.Errorf("Continue should keep the citizen's screen; on %T with %q", h.ui.current, h.ui.lookup.code)
	}
}

func TestHomeUntouchedHasNoCountdown(t *testing.T) {
	h := newHarness(t)
	h.clock.Advance(10 * time.Minute)
	h.ui.tick()
	h.wantNoText("Trở về màn hình chính")
	if h.ui.current != h.ui.home {
		t.Error("home should stay home")
	}
}

func TestKeypadTypingAndLookup(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	h.tap("Tra cứu hồ sơ")
	if !h.button("Tra cứu").Disabled() {
		t.Error("Tra cứu should wait for a code")
	}
	h.typeKeys("000.00.13.H06-241105-00422")
	h.tap("Xóa") // the extra 2
	h.wantText(testCode)
	h.tap("Tra cứu")
	h.settle()
	calls := h.citizen.lookupCalls()
	if len(calls) != 1 || calls[0].input != testCode || calls[0].secret != "" {
		t.Fatalf("lookup calls = %+v, want %q", calls, testCode)
	}
	if h.ui.current != h.ui.result {
		t.Errorf("should show the result")
	}
	h.tap("Xong")
	if h.ui.current != h.ui.home || h.ui.result.d != nil {
		t.Error("Xong should clear and go home")
	}
}

func TestClearKey(t *testing.T) {
	h := newHarness(t)
	h.tap("Tra cứu hồ sơ")
	h.typeKeys("12/3_")
	if h.ui.lookup.code != "12/3_" {
		t.Fatalf("code = %q", h.ui.lookup.code)
	}
	h.tap("Xóa hết")
	if h.ui.lookup.code != "" {
		t.Errorf("clear left %q", h.ui.lookup.code)
	}
}

func TestLookupErrors(t *testing.T) {
	sentences := map[string]string{
		firmware.EINVALID:      "Mã hồ sơ không đúng dạng. Mã gồm 6 đến 40 ký tự",
		firmware.ENOTFOUND:     "Không tìm thấy hồ sơ có mã này.",
		firmware.EUNAVAILABLE:  "Hiện không kết nối được cổng dịch vụ công.",
		firmware.ETIMEOUT:      "Cổng dịch vụ công trả lời quá chậm.",
		firmware.EBADANSWER:    "Cổng dịch vụ công trả về dữ liệu không đọc được.",
		firmware.EUNAUTHORIZED: "Máy tra cứu chưa được cổng dịch vụ công cho phép.",
		firmware.ERATELIMITED:  "Cổng dịch vụ công đang quá tải.",
		firmware.EINTERNAL:     "Máy tra cứu gặp lỗi.",
		"something_new":        "Máy tra cứu gặp lỗi.",
	}
	for code, sentence := range sentences {
		t.Run(code, func(t *testing.T) {
			h := newHarness(t)
			h.citizen.setLookup(fails(code))
			h.tap("Tra cứu hồ sơ")
			h.typeKeys("12345")
			h.tap("Tra cứu")
			h.settle()
			if h.ui.current != h.ui.lookup {
				t.Fatalf("an error should stay on the lookup screen")
			}
			h.wantText(sentence)
			// The kiosk stays usable: typing fixes the code and retries.
			h.typeKeys("6")
			h.wantNoText(sentence)
			if h.ui.lookup.code != "123456" {
				t.Errorf("code after error = %q", h.ui.lookup.code)
			}
			h.citizen.setLookup(found(dossier()))
			h.tap("Tra cứu")
			h.settle()
			if h.ui.current != h.ui.result {
				t.Errorf("retry should reach the result")
			}
		})
	}
}

func TestPlainErrorIsInternal(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(func(context.Context, string, string) (*firmware.Dossier, error) { return nil, nil })
	h.scan(testCode)
	h.settle()
	h.wantText("Máy tra cứu gặp lỗi.")
}

func TestSecretStep(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(func(_ context.Context, _, secret string) (*firmware.Dossier, error) {
		switch secret {
		case "":
			return nil, firmware.Errorf(firmware.ESECRETREQUIRED, "fake")
		case "5678":
			return dossier(), nil
		}
		return nil, firmware.Errorf(firmware.ESECRETMISMATCH, "fake")
	})
	url := "https://dichvucong.example.vn/tra-cuu?mahoso=" + testCode
	h.scan(url)
	h.settle()
	if h.ui.lookup.step != stepSecret {
		t.Fatalf("ESECRETREQUIRED should ask for the secret:\n%s", h.markup())
	}
	h.wantText("Nhập mã bí mật")
	h.wantText("Hồ sơ này cần thêm mã bí mật in trên phiếu hẹn.")

	h.typeKeys("1234")
	h.tap("Tra cứu")
	h.settle()
	h.wantText("Mã bí mật không đúng.")
	if h.ui.lookup.step != stepSecret || h.ui.lookup.secret != "" {
		t.Errorf("a wrong secret should ask again, empty")
	}

	h.typeKeys("5678")
	h.tap("Tra cứu")
	h.settle()
	calls := h.citizen.lookupCalls()
	if len(calls) != 3 {
		t.Fatalf("calls = %+v", calls)
	}
	for i, want := range []string{"", "1234", "5678"} {
		if calls[i].input != url || calls[i].secret != want {
			t.Errorf("call %d = %+v, want input %q secret %q", i, calls[i], url, want)
		}
	}
	if h.ui.current != h.ui.result {
		t.Errorf("the right secret should show the result")
	}
}

func TestSecretBack(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(fails(firmware.ESECRETREQUIRED))
	h.tap("Tra cứu hồ sơ")
	h.typeKeys("123456")
	h.tap("Tra cứu")
	h.settle()
	h.tap("Quay lại")
	if h.ui.lookup.step != stepCode || h.ui.lookup.code != "123456" {
		t.Errorf("back should return to the code, kept: step %v code %q", h.ui.lookup.step, h.ui.lookup.code)
	}
}

func TestOverdue(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(overdueDossier()))
	h.scan(testCode)
	h.settle()
	h.wantText("Quá hạn 3 ngày")
	h.wantText("Yêu cầu bổ sung giấy tờ")
	h.wantNoText("Còn ")
}

func TestDueTodayAndClosed(t *testing.T) {
	h := newHarness(t)
	d := dossier()
	d.DueAt = time.Date(2026, 11, 26, 23, 0, 0, 0, ict)
	h.citizen.setLookup(found(d))
	h.scan(testCode)
	h.settle()
	h.wantText("Hôm nay là hạn trả")

	ready := overdueDossier()
	ready.Status.Code = firmware.StatusReady
	h.citizen.setLookup(found(ready))
	h.scan(testCode)
	h.settle()
	h.wantText("Đã xử lý xong")
	h.wantNoText("Quá hạn")
}

func TestLanguageToggle(t *testing.T) {
	h := newHarness(t)
	h.wantText("Tra cứu hồ sơ")
	h.wantText("Thứ Năm, 26/11/2026 · 20:59")
	h.tap("English")
	h.wantText("Check a dossier")
	h.wantText("Thursday, 26/11/2026 · 20:59")
	h.wantText("The public service portal is working · checked 3 min ago")
	h.wantNoText("Tra cứu hồ sơ")

	h.citizen.setLookup(found(dossier()))
	h.scan(testCode)
	h.settle()
	h.wantText("In progress")
	h.wantText("3 days left")
	h.wantText("8,000 VND")
	if calls := h.citizen.lookupCalls(); calls[0].lang != "en" {
		t.Errorf("lookup lang = %q, want en", calls[0].lang)
	}
	h.tap("Tiếng Việt")
	h.wantText("Đang xử lý")
	h.wantNoText("In progress")
	h.tap("Trang chủ")
	h.wantText("Tra cứu hồ sơ")
}

func TestIdleResetsLanguageAndTextSize(t *testing.T) {
	h := newHarness(t)
	h.tap("English")
	h.tap("Larger text")
	if !kiosktheme.IsLarge(fyne.CurrentApp().Settings().Theme()) {
		t.Fatal("large text should set the large theme")
	}
	h.wantText("Normal text")
	h.clock.Advance(61 * time.Second)
	h.ui.tick()
	if kiosktheme.IsLarge(fyne.CurrentApp().Settings().Theme()) || h.ui.lang != langVI {
		t.Error("idle should bring back Vietnamese and normal text")
	}
	h.wantText("Chữ lớn")
}

// TestLanguageSetting: a kiosk set to English starts in English and goes
// back to it on the idle reset; a citizen may still switch.
func TestLanguageSetting(t *testing.T) {
	h := newHarnessWith(t, fyne.NewSize(800, 480), func(o *Options) { o.Language = "en" })
	if h.ui.lang != langEN {
		t.Fatalf("started in %q", h.ui.lang)
	}
	h.wantText(text(langEN, msgTileLookup))
	if h.ui.needsReset() {
		t.Error("home in the kiosk's own language needs no reset")
	}
	h.tap("Tiếng Việt")
	h.wantText(text(langVI, msgTileLookup))
	if !h.ui.needsReset() {
		t.Error("another language than the kiosk's must be reset")
	}
	h.clock.Advance(61 * time.Second)
	h.ui.tick()
	if h.ui.lang != langEN {
		t.Errorf("after the idle reset: %q, want the setting's en", h.ui.lang)
	}
	h.wantText(text(langEN, msgTileLookup))

	// Anything but "en" is Vietnamese.
	h = newHarnessWith(t, fyne.NewSize(800, 480), func(o *Options) { o.Language = "fr" })
	if h.ui.lang != langVI {
		t.Errorf("language fr: started in %q", h.ui.lang)
	}
}

func TestStaleResultDiscarded(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	h.citizen.setLookup(func(context.Context, string, string) (*firmware.Dossier, error) {
		<-release // a portal that ignores the cancel
		return dossier(), nil
	})
	h.scan(testCode)
	h.clock.Advance(61 * time.Second)
	h.ui.tick()
	if h.ui.current != h.ui.home {
		t.Fatal("idle should go home while the lookup hangs")
	}
	frames := h.frames.Load()
	close(release)
	h.settle()
	if h.ui.current != h.ui.home || h.ui.result.d != nil {
		t.Error("a stale answer came back on screen")
	}
	h.wantNoText("Hoàng T. L.")
	h.wantFrames(frames) // a dropped answer asks for no frame
}

func TestNewScanReplacesRunningLookup(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	h.citizen.setLookup(func(_ context.Context, input, _ string) (*firmware.Dossier, error) {
		if input == "FIRST1" {
			<-release
			return overdueDossier(), nil
		}
		return dossier(), nil
	})
	h.scan("FIRST1")
	h.scan("SECOND2")
	h.settle() // SECOND2's answer
	close(release)
	h.settle() // FIRST1's, late
	h.wantText("Đang xử lý")
	h.wantNoText("Quá hạn")
}

func TestStaffMode(t *testing.T) {
	h := newHarness(t)
	press := h.ui.home.press

	// A short press does nothing.
	press.TouchDown(&mobile.TouchEvent{})
	h.clock.Advance(time.Second)
	press.TouchUp(&mobile.TouchEvent{})
	h.ui.tick()
	if h.ui.staffMode {
		t.Fatal("a 1 s press opened staff mode")
	}

	// Held 3 s: the tick opens staff mode while the finger still rests.
	press.TouchDown(&mobile.TouchEvent{})
	h.clock.Advance(3 * time.Second)
	h.ui.tick()
	if !h.ui.staffMode || h.ui.current != h.ui.staff {
		t.Fatalf("a 3 s press should open staff mode")
	}
	h.wantText("Nhập mã PIN")

	// Keys typed in staff mode do nothing.
	test.TypeOnCanvas(h.win.Canvas(), testCode)
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(h.citizen.lookupCalls()) != 0 {
		t.Error("a scan in staff mode started a lookup")
	}

	h.typeKeys("1111")
	h.wantText("• • • •")
	h.wantNoText("1111")
	h.tap("Đăng nhập")
	h.settle()
	h.wantText("Mã PIN không đúng.")

	h.typeKeys(goodPIN)
	h.tap("Đăng nhập")
	h.settle() // PIN checked
	h.settle() // dashboard read
	if !h.ui.staff.signedIn {
		t.Fatalf("right PIN should sign in:\n%s", h.markup())
	}
	for _, s := range []string{"Hôm nay, 26/11/2026", "Tra cứu hồ sơ", "Số hồ sơ khác nhau", "Tìm thấy", "Không tìm thấy",
		"Cổng trả lời quá chậm", "Phiên bản", "1.0.0-test"} {
		h.wantText(s)
	}
	h.wantText(">14<")
	h.wantText(">17<")
	h.wantText(">8<")
	h.wantText(">9<")
	if pins := h.staff.pins; len(pins) != 2 || pins[0] != "1111" || pins[1] != goodPIN {
		t.Errorf("pins = %q", pins)
	}
	if h.staff.dashCalls != 1 {
		t.Errorf("dashboard read %d times, want once", h.staff.dashCalls)
	}

	// Staff idle: no countdown at 1 min, signed out at 2 min.
	h.clock.Advance(time.Minute)
	h.ui.tick()
	if !h.ui.staffMode {
		t.Fatal("signed out too early")
	}
	h.clock.Advance(time.Minute)
	h.ui.tick()
	if h.ui.staffMode || h.ui.current != h.ui.home || h.ui.staff.signedIn {
		t.Error("staff should be signed out after StaffIdle")
	}
}

func TestStaffSignOutAndLock(t *testing.T) {
	h := newHarness(t)
	h.ui.openStaff()
	h.staff.setStaff(func(f *fakeStaff) { f.dash = firmware.Dashboard{} })
	h.typeKeys(goodPIN)
	h.tap("Đăng nhập")
	h.settle()
	h.settle()
	h.tap("Đăng xuất")
	if h.ui.staffMode || h.ui.current != h.ui.home {
		t.Error("sign-out should go home")
	}

	h.ui.openStaff()
	h.tap("Trang chủ")
	if h.ui.staffMode {
		t.Error("home from the PIN screen should leave staff mode")
	}
}

func TestStaffLongPressWithMouse(t *testing.T) {
	h := newHarness(t)
	press := h.ui.home.press
	press.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	h.clock.Advance(3500 * time.Millisecond)
	press.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	if !h.ui.staffMode {
		t.Error("a 3.5 s mouse press should open staff mode on release")
	}
}

func TestScannerKeystrokes(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	c := h.win.Canvas()

	// Other keys do nothing, and Enter alone looks nothing up.
	for _, k := range []fyne.KeyName{fyne.KeyTab, fyne.KeySpace, fyne.KeyEscape, fyne.KeyBackspace, fyne.KeyReturn} {
		c.OnTypedKey()(&fyne.KeyEvent{Name: k})
	}
	if h.ui.current != h.ui.home || len(h.citizen.lookupCalls()) != 0 {
		t.Fatal("stray keys changed the screen")
	}

	test.TypeOnCanvas(c, " "+testCode)
	if h.ui.current != h.ui.home {
		t.Fatal("runes before Enter should not act")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEnter})
	h.settle()
	if calls := h.citizen.lookupCalls(); len(calls) != 1 || calls[0].input != testCode {
		t.Fatalf("calls = %+v", calls)
	}
	if h.ui.current != h.ui.result {
		t.Errorf("scan should end on the result")
	}

	// From the rating screen too.
	h.tap("Đánh giá")
	test.TypeOnCanvas(c, testCode)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if len(h.citizen.lookupCalls()) != 2 || h.ui.current != h.ui.result {
		t.Error("a scan on the rating screen should look up")
	}
}

func TestScannerBufferDropsStaleRunes(t *testing.T) {
	h := newHarness(t)
	c := h.win.Canvas()
	test.TypeOnCanvas(c, "JUNK")
	h.clock.Advance(5 * time.Second)
	test.TypeOnCanvas(c, testCode)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if calls := h.citizen.lookupCalls(); len(calls) != 1 || calls[0].input != testCode {
		t.Errorf("calls = %+v", calls)
	}
}

func TestPortalBanner(t *testing.T) {
	cases := []struct {
		state firmware.PortalState
		want  string
	}{
		{firmware.PortalState{}, "Chưa rõ tình trạng cổng dịch vụ công"},
		{firmware.PortalState{State: firmware.HealthOK, CheckedAt: testNow.Add(-20 * time.Second)}, "Cổng dịch vụ công hoạt động bình thường · vừa kiểm tra"},
		{firmware.PortalState{State: firmware.HealthDegraded, CheckedAt: testNow.Add(-3 * time.Minute)}, "Cổng dịch vụ công đang chậm · kiểm tra 3 phút trước"},
		{firmware.PortalState{State: firmware.HealthDown, CheckedAt: testNow.Add(-2 * time.Hour)}, "Cổng dịch vụ công đang tạm ngừng · kiểm tra 2 giờ trước"},
		{firmware.PortalState{State: firmware.HealthDown, CheckedAt: testNow.Add(-time.Minute), Err: firmware.ETIMEOUT}, "Không kết nối được cổng dịch vụ công · kiểm tra 1 phút trước"},
	}
	for _, c := range cases {
		h := newHarness(t)
		h.citizen.mu.Lock()
		h.citizen.portal = c.state
		h.citizen.mu.Unlock()
		h.ui.rebuild()
		h.wantText(c.want)
	}
}

func TestTickRequestsFramesOnlyForChanges(t *testing.T) {
	h := newHarness(t)
	tick := func() {
		go h.ui.post(h.ui.tick)
		h.settle()
	}
	tick()
	h.wantFrames(0)              // nothing visible changed
	h.clock.Advance(time.Minute) // the clock and "checked N minutes ago" change
	tick()
	h.wantFrames(1)
	h.wantText("21:00")
	h.wantText("kiểm tra 4 phút trước")
}

func TestScreensFit800x480(t *testing.T) {
	h := newHarness(t)
	check := func(name string) {
		t.Helper()
		c := h.win.Canvas().Content()
		got := c.MinSize()
		if got.Width > 800 || got.Height > 480 {
			t.Errorf("%s needs %v, more than the 7\" screen's 800x480", name, got)
		}
		// Fyne's GL canvas sets new content to its minimum size, then asks
		// for the minimum again and grows the window to it.
		c.Resize(got)
		if again := c.MinSize(); again.Width > 800 || again.Height > 480 {
			t.Errorf("%s laid out at its minimum then needs %v", name, again)
		}
		c.Resize(fyne.NewSize(800, 480))
	}
	check("home")
	h.tap("English")
	check("home en")
	h.tap("Tiếng Việt")
	h.tap("Tra cứu hồ sơ")
	check("lookup")
	h.tap("ABC")
	check("lookup letters")
	h.citizen.setLookup(fails(firmware.EINVALID))
	h.typeKeys("A")
	h.tap("Tra cứu")
	h.settle()
	check("lookup error")
	h.citizen.setLookup(found(overdueDossier()))
	h.scan(testCode)
	h.settle()
	check("result")
	h.tap("Trang chủ")
	h.ui.openStaff()
	check("staff pin")
	h.typeKeys(goodPIN)
	h.tap("Đăng nhập")
	h.settle()
	h.settle()
	check("staff dashboard")
	if !strings.Contains(h.markup(), "Số hồ sơ khác nhau") {
		t.Error("dashboard not shown")
	}
}

// TestTouchTargets checks every button on the busiest screens against the
// 12 mm a finger needs on the 7" screen (about 62 px).
func TestTouchTargets(t *testing.T) {
	h := newHarness(t)
	check := func(name string) {
		t.Helper()
		h.visible(func(o fyne.CanvasObject) {
			if b, ok := o.(*kw.TouchButton); ok {
				if s := b.Size(); s.Width < 62 || s.Height < 62 {
					t.Errorf("%s: button %q is %v, under 12 mm", name, b.Text, s)
				}
			}
		})
	}
	check("home")
	h.tap("Tra cứu hồ sơ")
	check("lookup digits")
	h.tap("ABC")
	check("lookup letters")
	h.ui.openStaff()
	check("staff pin")
}

func TestLongCommuneNameFits(t *testing.T) {
	h := newHarness(t)
	h.ui.opts.Commune = "UBND phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn"
	h.ui.rebuild()
	h.ui.rebuild() // a second pass: wrapped labels settle on their width
	got := h.win.Canvas().Content().MinSize()
	if got.Width > 800 || got.Height > 480 {
		t.Errorf("home with a long commune name needs %v", got)
	}
	h.wantText("UBND phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn")
	h.visible(func(o fyne.CanvasObject) {
		if s := o.Size(); s.Width < 0 || s.Height < 0 {
			t.Errorf("%T has a negative size %v", o, s)
		}
	})
}

// TestStaffRefused: a locked staff mode and one without a usable PIN hash
// each say so, rather than that the PIN was wrong.
func TestStaffRefused(t *testing.T) {
	for _, tc := range []struct {
		code, want string
	}{
		{firmware.ERATELIMITED, "Nhập sai quá nhiều lần. Chế độ cán bộ đang tạm khóa, xin thử lại sau."},
		{firmware.EINTERNAL, "Chế độ cán bộ chưa được cài đặt trên ki-ốt này. Xin báo kỹ thuật viên."},
		{firmware.EUNAVAILABLE, "Chế độ cán bộ đang khóa vì ki-ốt không đọc hoặc ghi được số lần nhập sai mã PIN (thẻ nhớ có thể đầy hoặc chỉ đọc). Xin báo kỹ thuật viên."},
	} {
		t.Run(tc.code, func(t *testing.T) {
			h := newHarness(t)
			h.staff.pinErr = firmware.Errorf(tc.code, "fake: refused")
			h.ui.openStaff()
			h.typeKeys("0000")
			h.tap("Đăng nhập")
			h.settle()
			h.wantText(tc.want)
			if h.ui.staff.signedIn {
				t.Error("signed in")
			}
		})
	}
}

// TestNoThemeOverrides keeps per-widget theme overrides off the screens:
// Fyne 2.7.1 keeps a font cache per override and never frees it, which
// grew the appliance by hundreds of MB over a day of lookups.
func TestNoThemeOverrides(t *testing.T) {
	h := newHarness(t)
	check := func(name string) {
		t.Helper()
		h.visible(func(o fyne.CanvasObject) {
			if _, ok := o.(*container.ThemeOverride); ok {
				t.Errorf("%s: a container.ThemeOverride is on screen", name)
			}
		})
	}
	check("home")
	h.citizen.setLookup(found(overdueDossier()))
	h.scan(testCode)
	h.settle()
	check("result")
	h.clock.Advance(55 * time.Second)
	h.ui.tick()
	h.wantText("Trở về màn hình chính sau 5 giây")
	check("countdown")
	h.tap("Tiếp tục")
	h.staff.setStaff(func(f *fakeStaff) {
		f.ledger = firmware.LedgerState{Alert: firmware.LedgerDiskFull, Recovery: &firmware.LedgerRecovery{At: testNow}}
	})
	h.signIn()
	check("staff dashboard")
	h.tap("Xuất báo cáo ra USB")
	h.settle()
	check("staff export")
}
