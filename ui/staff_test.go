package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kw "github.com/motcua/kiosk/ui/widget"
)

// signIn opens staff mode and signs in; the dashboard is read.
func (h *harness) signIn() {
	h.t.Helper()
	h.ui.openStaff()
	h.typeKeys(goodPIN)
	h.tap(h.ui.t(msgSignIn))
	h.settle() // PIN checked
	h.settle() // dashboard read
	if !h.ui.staff.signedIn || h.ui.staff.loading {
		h.t.Fatalf("not signed in:\n%s", h.screenText())
	}
}

// figure returns the figure shown beside label, "" when no row has it.
// A row is a container of two labels: the label, wrapped, and its figure.
func (h *harness) figure(label string) string {
	h.t.Helper()
	found, n := "", 0
	h.visible(func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return
		}
		a, okA := c.Objects[0].(*widget.Label)
		b, okB := c.Objects[1].(*widget.Label)
		if okA && okB && a.Text == label {
			found = b.Text
			n++
		}
	})
	if n > 1 {
		h.t.Errorf("%d rows labelled %q", n, label)
	}
	return found
}

func (h *harness) wantFigure(label, want string) {
	h.t.Helper()
	if got := h.figure(label); got != want {
		h.t.Errorf("%s: %q, want %q", label, got, want)
	}
}

func (h *harness) bars() *kw.Bars {
	h.t.Helper()
	var found *kw.Bars
	h.visible(func(o fyne.CanvasObject) {
		if b, ok := o.(*kw.Bars); ok {
			found = b
		}
	})
	if found == nil {
		h.t.Fatalf("no chart on screen:\n%s", h.screenText())
	}
	return found
}

func TestStaffDashboardPeriods(t *testing.T) {
	h := newHarness(t)
	h.signIn()
	tabs := []struct {
		tab    string
		checks func()
	}{
		{"Hôm nay", func() {
			h.wantText("Hôm nay, 26/11/2026")
			h.wantFigure("Tổng lượt sử dụng", "17")
			h.wantFigure("Số hồ sơ khác nhau", "8")
			h.wantFigure("Hồ sơ nộp trực tuyến", "28% (2/7)")
			h.wantFigure("Hồ sơ quá hạn", "không có dữ liệu")
			h.wantFigure("Cổng dịch vụ công hoạt động", "97%")
			h.wantFigure("Tra cứu hồ sơ", "14")
			h.wantFigure("Tìm thấy", "9")
			h.wantFigure("Không tìm thấy", "2")
			h.wantFigure("Mã không hợp lệ", "1")
			h.wantFigure("Cổng trả lời quá chậm", "1")
			h.wantFigure("Không kết nối được cổng", "1")
			h.wantFigure("Thủ tục hành chính", "2")
			h.wantFigure("Thành công", "2")
			h.wantFigure("Đánh giá hài lòng", "1")
			h.wantFigure("Rất hài lòng", "1")
			h.wantFigure("Hài lòng", "0")
			h.wantFigure("Không hài lòng", "0")
			h.wantText("Đông nhất từ 09:00 đến 10:00: 6 lượt")
			h.wantNoText("đồng hồ chưa đồng bộ")
		}},
		{"7 ngày", func() {
			h.wantText("Từ 20/11/2026 đến 26/11/2026")
			h.wantFigure("Tổng lượt sử dụng", "96")
			h.wantFigure("Số hồ sơ khác nhau", "52")
			h.wantFigure("Hồ sơ nộp trực tuyến", "25% (12/48)")
			h.wantFigure("Hồ sơ quá hạn", "15% (6/40)")
			h.wantFigure("Cổng dịch vụ công hoạt động", "97%")
			h.wantFigure("Tra cứu hồ sơ", "76")
			h.wantFigure("Tìm thấy", "60")
			h.wantFigure("Thủ tục hành chính", "12")
			h.wantFigure("Đánh giá hài lòng", "8")
			h.wantFigure("Rất hài lòng", "4")
			h.wantFigure("Hài lòng", "3")
			h.wantFigure("Không hài lòng", "1")
			h.wantText("Đông nhất từ 09:00 đến 10:00: 20 lượt")
			h.wantText("3 lượt được ghi khi đồng hồ chưa đồng bộ")
		}},
		{"30 ngày", func() {
			h.wantText("Từ 28/10/2026 đến 26/11/2026")
			h.wantFigure("Tổng lượt sử dụng", "1.234")
			h.wantFigure("Số hồ sơ khác nhau", "700")
			h.wantFigure("Hồ sơ nộp trực tuyến", "20% (130/650)")
			h.wantFigure("Hồ sơ quá hạn", "10% (60/600)")
			h.wantFigure("Cổng dịch vụ công hoạt động", "không có dữ liệu")
			h.wantFigure("Tra cứu hồ sơ", "1.080")
			h.wantFigure("Không kết nối được cổng", "60")
			h.wantFigure("Rất hài lòng", "12")
			h.wantText("Đông nhất từ 10:00 đến 11:00: 200 lượt")
			h.wantText("2 ngày chỉ còn số liệu tổng hợp")
		}},
	}
	for _, tab := range tabs {
		h.tap(tab.tab)
		if b := h.button(tab.tab); b.Importance != widget.HighImportance {
			t.Errorf("tab %q not shown as chosen", tab.tab)
		}
		tab.checks()
	}
	// The tabs show what was read once: no new read per tab.
	if h.staff.dashCalls != 1 {
		t.Errorf("dashboard read %d times", h.staff.dashCalls)
	}

	h.tap("Đăng xuất")
	h.tap("English")
	h.signIn()
	h.wantText("Today, 26/11/2026")
	h.wantFigure("All uses", "17")
	h.wantFigure("Overdue dossiers", "no data")
	h.wantFigure("Dossier lookups", "14")
	h.wantFigure("Portal too slow", "1")
	h.wantText("Busiest from 09:00 to 10:00: 6 uses")
	h.tap("30 days")
	h.wantFigure("All uses", "1,234")
	h.wantFigure("Portal working", "no data")
	h.wantText("From 28/10/2026 to 26/11/2026")
}

func TestStaffBusyHoursChart(t *testing.T) {
	h := newHarness(t)
	h.signIn()
	for _, tab := range []struct {
		name    string
		hours   [24]int
		busiest int
	}{{"Hôm nay", h.staff.dash.Today.Hours, 9}, {"30 ngày", h.staff.dash.Month.Hours, 10}} {
		h.tap(tab.name)
		b := h.bars()
		if len(b.Values) != 24 || [24]int(b.Values) != tab.hours {
			t.Fatalf("%s: chart of %v, want %v", tab.name, b.Values, tab.hours)
		}
		if b.Highlight != tab.busiest || b.Labels[9] != "9" {
			t.Errorf("%s: highlight %d, labels %v", tab.name, b.Highlight, b.Labels)
		}
		var rects []*canvas.Rectangle
		for _, o := range test.WidgetRenderer(b).Objects()[1:] {
			if r, ok := o.(*canvas.Rectangle); ok {
				rects = append(rects, r)
			}
		}
		if len(rects) != 24 {
			t.Fatalf("%d bars drawn", len(rects))
		}
		top := rects[tab.busiest].Size().Height
		if top != kw.DefaultBarsHeight {
			t.Errorf("the busiest bar is %v high, want the full %v", top, kw.DefaultBarsHeight)
		}
		most := tab.hours[tab.busiest]
		for hr, r := range rects {
			want := top * float32(tab.hours[hr]) / float32(most)
			if got := r.Size().Height; got < want-0.01 || got > want+0.01 {
				t.Errorf("%s: hour %d (%d uses) is %v high, want %v", tab.name, hr, tab.hours[hr], got, want)
			}
		}
	}

	// A period without a use says so rather than naming a busiest hour.
	h.staff.setStaff(func(f *fakeStaff) { f.dash.Today = firmware.Report{From: f.dash.Today.From, To: f.dash.Today.To} })
	h.tap("Đăng xuất")
	h.signIn()
	if b := h.bars(); b.Highlight != -1 {
		t.Errorf("highlight %d on an empty chart", b.Highlight)
	}
	h.wantText("Chưa có lượt sử dụng nào trong thời gian này.")
	h.wantNoText("Đông nhất")
}

func TestStaffUndefinedShares(t *testing.T) {
	h := newHarness(t)
	h.staff.dash.Today = firmware.Report{
		From: h.staff.dash.Today.From, To: h.staff.dash.Today.To, Total: 3,
		Counts:   []firmware.OutcomeCount{{Kind: firmware.KindLookup, Outcome: firmware.ENOTFOUND, Count: 3}},
		Dossiers: firmware.DossierCounts{Unique: 2},
	}
	h.signIn()
	for _, l := range []string{"Hồ sơ nộp trực tuyến", "Hồ sơ quá hạn", "Cổng dịch vụ công hoạt động"} {
		h.wantFigure(l, "không có dữ liệu")
	}
	h.wantFigure("Không tìm thấy", "3")
	h.wantFigure("Thủ tục hành chính", "0")
	h.wantNoText("0%")
	h.tap("Đăng xuất")
	h.tap("English")
	h.signIn()
	for _, l := range []string{"Submitted online", "Overdue dossiers", "Portal working"} {
		h.wantFigure(l, "no data")
	}
}

func TestStaffDashboardFails(t *testing.T) {
	h := newHarness(t)
	h.staff.dashErr = firmware.Errorf(firmware.EINTERNAL, "fake: disk")
	h.signIn()
	h.wantText("Không đọc được số liệu.")
	// The device section and the export still work.
	h.wantFigure("Mã ki-ốt", "BK-DP-01")
	if h.button("Xuất báo cáo ra USB").Disabled() {
		t.Error("export disabled after a failed read")
	}
}

func TestStaffDeviceSection(t *testing.T) {
	h := newHarness(t)
	h.signIn()
	h.wantFigure("Mã ki-ốt", "BK-DP-01")
	h.wantFigure("Phiên bản", "1.0.0-test")
	h.wantText("192.168.1.42")
	h.wantFigure("Nhiệt độ trong tủ", "31,5 °C")
	h.wantFigure("Độ ẩm trong tủ", "62%")
	h.wantFigure("Áp suất không khí", "1.008 hPa")
	h.wantFigure("Ánh sáng xung quanh", "320 lx")
	h.wantText("Cửa tủ Đã đóng")
	h.wantText("Cảm biến nhiệt độ, độ ẩm (I2C1 0x76) Hoạt động")
	h.wantText("Cảm biến chuyển động (GPIO17) Không thấy board: GPIO17: no such pin")
	h.wantText("Còi báo Không lắp")
	h.wantText("Cảm biến chuyển động: Không thấy") // among the alerts
	h.wantNoText("Không có cảnh báo.")
	if h.ui.tick() {
		t.Error("a tick with nothing changed redrew the dashboard")
	}

	// The cabinet opens and heats up: the next tick shows it.
	h.staff.setStaff(func(f *fakeStaff) {
		setReading(&f.device, firmware.CabinetOpen, 1)
		setReading(&f.device, firmware.Temperature, 52.04)
		f.device.Alerts = []firmware.Alert{{Kind: firmware.AlertCabinetOpen}, {Kind: firmware.AlertLedger},
			{Kind: firmware.AlertTooHot, Value: 52.04}}
		f.device.Parts[2].State = firmware.PartOK
	})
	if !h.ui.tick() {
		t.Fatal("the tick did not notice the new alerts")
	}
	h.wantText("Cửa tủ Đang mở")
	h.wantFigure("Nhiệt độ trong tủ", "52,0 °C")
	h.wantText("Trong tủ quá nóng: 52,0 °C")
	h.wantText("Cửa tủ đang mở")
	h.wantText("Sổ ghi sử dụng gặp sự cố (xem ở đầu trang)")
	h.wantNoText("Cảm biến chuyển động: Không thấy")

	// Readings alone change: no rebuild, so the scroll stays where it was.
	h.staff.setStaff(func(f *fakeStaff) { setReading(&f.device, firmware.Temperature, 53) })
	if h.ui.tick() {
		t.Error("a new temperature alone rebuilt the screen")
	}

	// No board, no network, no ID.
	h.staff.setStaff(func(f *fakeStaff) {
		f.device = firmware.DeviceHealth{}
		f.kioskID, f.version, f.addrs = "", "", nil
	})
	h.tap("Đăng xuất")
	h.signIn()
	h.wantFigure("Mã ki-ốt", "Chưa rõ")
	h.wantFigure("Phiên bản", "1.0.0-test") // the UI's own version
	h.wantText("Chưa kết nối mạng")
	for _, l := range []string{"Nhiệt độ trong tủ", "Độ ẩm trong tủ", "Áp suất không khí", "Ánh sáng xung quanh"} {
		h.wantFigure(l, "không có dữ liệu")
	}
	h.wantText("Không có cảnh báo.")

	h.tap("Đăng xuất")
	h.tap("English")
	h.staff.setStaff(func(f *fakeStaff) {
		f.device = testDevice()
		f.addrs = []string{"192.168.1.42", "2001:db8:1234:5678:9abc:def0:1234:5678"}
	})
	h.signIn()
	h.wantFigure("Cabinet temperature", "31.5 °C")
	h.wantFigure("Air pressure", "1,008 hPa")
	h.wantText("Motion sensor (GPIO17) Not found")
	h.wantText("2001:db8:1234:5678:9abc:def0:1234:5678")
}

func TestStaffLedgerAlerts(t *testing.T) {
	h := newHarness(t)
	h.staff.ledger = firmware.LedgerState{Alert: firmware.LedgerDiskFull, Queued: 42, Capacity: 10000}
	h.signIn()
	h.wantText("Thẻ nhớ đã đầy: 42 lượt sử dụng đang chờ ghi, sẽ mất nếu ki-ốt tắt. Xin báo kỹ thuật viên.")
	if h.hasButton("Đã xem") {
		t.Error("a disk-full alert offers a dismissal; it ends when the disk has room")
	}

	// The disk recovers while staff watch; events were lost meanwhile.
	h.staff.setStaff(func(f *fakeStaff) { f.ledger = firmware.LedgerState{Dropped: 1} })
	if !h.ui.tick() {
		t.Fatal("the tick did not redraw the ledger's alert")
	}
	h.wantNoText("Thẻ nhớ đã đầy")
	h.wantText("1 lượt sử dụng đã bị mất từ khi ki-ốt khởi động.")

	// A recovered database: shown until staff dismiss it.
	rec := firmware.LedgerState{Alert: firmware.LedgerRecovered, Recovery: &firmware.LedgerRecovery{
		At: time.Date(2026, 11, 24, 11, 59, 0, 0, time.UTC), MovedTo: "usage.db.corrupt-20261124", Reason: "malformed"}}
	h.staff.setStaff(func(f *fakeStaff) {
		f.ledger = rec
		f.dismissErr = firmware.Errorf(firmware.EINTERNAL, "fake: locked")
	})
	h.ui.tick()
	h.wantText("Lúc 24/11/2026 18:59, cơ sở dữ liệu bị hỏng đã được cất sang tệp riêng và bắt đầu lại: số liệu trước đó không có ở đây.")
	h.tap("Đã xem")
	if !h.button("Đã xem").Disabled() || !h.button("Xuất báo cáo ra USB").Disabled() {
		t.Error("buttons enabled while the dismissal runs")
	}
	h.settle()
	h.wantText("Chưa ghi nhận được. Xin thử lại.")
	h.wantText("cơ sở dữ liệu bị hỏng")

	h.staff.setStaff(func(f *fakeStaff) { f.dismissErr = nil })
	frames := h.frames.Load()
	h.tap("Đã xem")
	h.settle()
	h.wantFrames(frames + 1)
	if h.staff.dismissed != 1 {
		t.Errorf("dismissed %d times", h.staff.dismissed)
	}
	h.wantNoText("cơ sở dữ liệu bị hỏng")
	h.wantNoText("Chưa ghi nhận được")
	if h.hasButton("Đã xem") || h.button("Xuất báo cáo ra USB").Disabled() {
		t.Error("after the dismissal: the band stays or the export is still disabled")
	}
	if h.ui.tick() {
		t.Error("the tick after the dismissal redrew again")
	}

	h.tap("Đăng xuất")
	h.tap("English")
	h.staff.setStaff(func(f *fakeStaff) { f.ledger = rec })
	h.signIn()
	h.wantText("At 24/11/2026 18:59 the damaged database was set aside and a new one begun")
	if !h.hasButton("Seen") {
		t.Error("no Seen button")
	}
}

func TestStaffExport(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	h.staff.export = func(ctx context.Context) (string, error) {
		<-release
		return "/media/pi/CÁN BỘ/motcua-BK-DP-01-20261126-2059.csv", nil
	}
	h.signIn()
	h.tap("Xuất báo cáo ra USB")
	h.wantText("Đang lưu báo cáo 30 ngày vào USB…")
	if !h.button("Xuất báo cáo ra USB").Disabled() {
		t.Error("export enabled while one runs")
	}
	// The UI goes on while the stick is written.
	h.tap("7 ngày")
	h.wantFigure("Tổng lượt sử dụng", "96")
	h.wantText("Đang lưu báo cáo 30 ngày vào USB…")
	frames := h.frames.Load()
	close(release)
	h.settle()
	h.wantFrames(frames + 1)
	h.wantText("Đã lưu motcua-BK-DP-01-20261126-2059.csv")
	h.wantNoText("CÁN BỘ")
	h.wantFigure("Tổng lượt sử dụng", "96") // still the chosen tab
	if h.button("Xuất báo cáo ra USB").Disabled() {
		t.Error("export still disabled")
	}

	for _, c := range []struct {
		code string
		want string
	}{
		{firmware.ENOTFOUND, "Không thấy USB. Cắm USB vào ki-ốt rồi thử lại."},
		{firmware.EUNAVAILABLE, "Không ghi được vào USB: USB chỉ cho đọc hoặc đã đầy. Dùng USB khác hoặc xóa bớt tệp rồi thử lại."},
		{firmware.EINTERNAL, "Không xuất được báo cáo. Xin báo kỹ thuật viên."},
	} {
		h.staff.setStaff(func(f *fakeStaff) {
			f.export = func(context.Context) (string, error) { return "", firmware.Errorf(c.code, "fake") }
		})
		h.tap("Xuất báo cáo ra USB")
		h.settle()
		h.wantText(c.want)
		h.wantNoText("Đã lưu")
	}

	h.tap("Đăng xuất")
	h.tap("English")
	h.staff.setStaff(func(f *fakeStaff) {
		f.export = func(context.Context) (string, error) { return "", firmware.Errorf(firmware.ENOTFOUND, "fake") }
	})
	h.signIn()
	h.tap("Export report to USB")
	h.settle()
	h.wantText("No USB stick found. Plug one into the kiosk and try again.")
	h.staff.setStaff(func(f *fakeStaff) {
		f.export = func(context.Context) (string, error) { return "", firmware.Errorf(firmware.EUNAVAILABLE, "fake") }
	})
	h.tap("Export report to USB")
	h.settle()
	h.wantText("The USB stick cannot be written: it is read-only or full.")
}

// TestStaffSignOutDuringExport: the idle sign-out cancels the export and
// drops its answer.
func TestStaffSignOutDuringExport(t *testing.T) {
	h := newHarness(t)
	cancelled := make(chan struct{})
	h.staff.export = func(ctx context.Context) (string, error) {
		<-ctx.Done()
		close(cancelled)
		return "", ctx.Err()
	}
	h.signIn()
	h.tap("Xuất báo cáo ra USB")
	h.clock.Advance(2 * time.Minute)
	h.ui.tick()
	if h.ui.staffMode {
		t.Fatal("still in staff mode after 2 min")
	}
	<-cancelled
	frames := h.frames.Load()
	h.settle() // the export's answer, dropped
	h.wantFrames(frames)
	if h.ui.current != h.ui.home {
		t.Error("a late export answer left home")
	}
	if h.ui.staff.exportID != msgNone || h.ui.staff.exporting {
		t.Error("staff state left after sign-out")
	}
}

// TestDashboardAndCSVSayTheSame: every kind and outcome the dashboard
// names reads the same in the exported CSV's label column, the ratings
// and the figures too ("Mã không hợp lệ" on both, not "Mã sai dạng" on
// one).
func TestDashboardAndCSVSayTheSame(t *testing.T) {
	kinds := []firmware.EventKind{firmware.KindLookup, firmware.KindProcedure, firmware.KindRating, firmware.KindStaff}
	outcomes := []string{firmware.OutcomeOK, firmware.EINVALID, firmware.ENOTFOUND, firmware.ESECRETREQUIRED,
		firmware.ESECRETMISMATCH, firmware.EUNAUTHORIZED, firmware.ERATELIMITED, firmware.EUNAVAILABLE,
		firmware.ETIMEOUT, firmware.EBADANSWER, firmware.EINTERNAL, "3"}
	var r firmware.Report
	for _, k := range kinds {
		for _, o := range outcomes {
			r.Counts = append(r.Counts, firmware.OutcomeCount{Kind: k, Outcome: o, Count: 1})
		}
	}
	var buf bytes.Buffer
	if err := firmware.WriteReportCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{} // metric|kind|key → label
	for _, row := range rows[1:] {
		labels[row[3]+"|"+row[4]+"|"+row[5]] = row[7]
	}
	for _, k := range kinds {
		for _, o := range outcomes {
			want := kindName(langVI, k) + ": " + outcomeName(langVI, k, o)
			if got := labels["events|"+string(k)+"|"+o]; got != want {
				t.Errorf("%s %s: the CSV says %q, the dashboard %q", k, o, got, want)
			}
		}
		if strings.TrimSpace(kindName(langEN, k)) == "" {
			t.Errorf("%s has no English name", k)
		}
	}
	for _, c := range []struct {
		key string
		id  msgID
	}{
		{"events_total||", msgCountTotal},
		{"visits|visit|", msgCountVisits},
		{"cabinet_opened|tamper|", msgCountTampers},
		{"dossiers_unique||", msgCountUnique},
		{"online_share_pct||", msgOnlineShare},
		{"overdue_share_pct||", msgOverdueShare},
		{"portal_uptime_pct||", msgPortalUptime},
		{"rating|rating|3", msgSatisfaction},
	} {
		if got, want := labels[c.key], text(langVI, c.id); !strings.HasPrefix(got, want) {
			t.Errorf("%s: the CSV says %q, the dashboard %q", c.key, got, want)
		}
	}
	if labels["rating|rating|3"] != text(langVI, msgSatisfaction)+": "+text(langVI, msgScoreVeryHappy) {
		t.Errorf("rating 3: the CSV says %q", labels["rating|rating|3"])
	}
	if outcomeName(langVI, firmware.KindLookup, firmware.EINVALID) != "Mã không hợp lệ" {
		t.Error("an invalid code's words")
	}
	if kindName(langVI, "kiosk_boot") != "kiosk_boot" || outcomeName(langVI, "kiosk_boot", "weird") != "weird" {
		t.Error("an unknown kind or outcome must show by its code")
	}
	if outcomeName(langEN, firmware.KindRating, "2") != "Satisfied" || outcomeName(langVI, firmware.KindLookup, firmware.OutcomeOK) != "Tìm thấy" {
		t.Error("outcome words")
	}
}

// A UI built without staff services is a citizen kiosk: the long press on
// the commune name opens nothing, and the citizen screens work.
func TestNoStaffServices(t *testing.T) {
	h := newHarness(t)
	h.ui.Stop()
	u := New(h.win, h.citizen, nil, &Options{Commune: "UBND xã Đồng Phúc", Location: ict, Now: h.clock.Now})
	u.tickEvery = 0
	u.Start()
	t.Cleanup(u.Stop)
	h.ui = u

	u.openStaff() // what the long press calls
	if u.staffMode || u.current != u.home {
		t.Fatalf("staff mode opened without staff services:\n%s", h.screenText())
	}
	h.tap("Thủ tục hành chính")
	if u.current != u.procs {
		t.Fatalf("the procedures screen did not open:\n%s", h.screenText())
	}
}
