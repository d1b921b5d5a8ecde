package ui

import (
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/motcua/kiosk/firmware"
)

// statusDossier is the test dossier in status st, with one fee paid and
// one not.
func statusDossier(st firmware.Status) *firmware.Dossier {
	d := dossier()
	d.Status = firmware.StatusRef{Code: st}
	d.History = append(d.History, firmware.HistoryEntry{At: time.Date(2026, 11, 26, 9, 0, 0, 0, ict), Status: st, Unit: "Bộ phận một cửa"})
	d.Fees = []firmware.Fee{
		{Name: "Lệ phí đăng ký", AmountVND: 8000, Paid: true},
		{Name: "Phí cấp bản sao trích lục", AmountVND: 16000, Paid: false},
	}
	return d
}

func TestEveryStatusHasItsGuidance(t *testing.T) {
	pickup := map[firmware.Status]string{
		firmware.StatusNotAccepted: "Nhận lại giấy tờ tại: Bộ phận một cửa UBND xã Đồng Phúc",
		firmware.StatusWithdrawn:   "Nhận lại giấy tờ tại: Bộ phận một cửa UBND xã Đồng Phúc",
		firmware.StatusStopped:     "Liên hệ: Bộ phận một cửa UBND xã Đồng Phúc",
		firmware.StatusHandedOver:  "",
	}
	seen := map[string]bool{}
	for _, st := range firmware.Statuses() {
		for _, lang := range []string{langVI, langEN} {
			h := newHarness(t)
			if lang == langEN {
				h.tap("English")
			}
			h.citizen.setLookup(found(statusDossier(st)))
			h.scan(testCode)
			h.settle()
			if h.ui.current != h.ui.result {
				t.Fatalf("status %d: no result", st)
			}
			guide := text(lang, guidance[st])
			if guide == "" || seen[guide] {
				t.Fatalf("status %d (%s) has no guidance of its own", st, lang)
			}
			seen[guide] = true
			h.wantText(guide)
			h.wantText(statusName(lang, st))
			h.wantText(text(lang, msgFees))
			if lang == langVI {
				h.wantText("Còn phải nộp: 16.000 đ")
				want, ok := pickup[st]
				if !ok {
					want = "Nhận kết quả tại: Bộ phận một cửa UBND xã Đồng Phúc"
				}
				if want != "" {
					h.wantText(want)
				} else {
					h.wantNoText("Bộ phận một cửa UBND xã Đồng Phúc")
				}
			} else {
				h.wantText("Still to pay: 16,000 VND")
			}
			// Overdue only while the dossier is still open.
			h.clock.Advance(0)
		}
	}
}

func TestFeesTable(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(statusDossier(firmware.StatusFeesDue)))
	h.scan(testCode)
	h.settle()
	for _, s := range []string{"Phí, lệ phí", "Lệ phí đăng ký", "8.000 đ", "Đã nộp", "Phí cấp bản sao trích lục", "16.000 đ", "Chưa nộp", "Còn phải nộp: 16.000 đ"} {
		h.wantText(s)
	}
	// A dossier without fees has no table.
	d := dossier()
	d.Fees = nil
	h.citizen.setLookup(found(d))
	h.scan(testCode)
	h.settle()
	h.wantNoText("Phí, lệ phí")
	h.wantNoText("Còn phải nộp")
}

func TestOfflineResultShowsAsOf(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	h.citizen.offline = &firmware.LookupResult{AsOf: time.Date(2026, 11, 24, 14, 5, 0, 0, ict), Offline: true, Reason: firmware.EUNAVAILABLE}
	h.scan(testCode)
	h.settle()
	h.wantText("Ngoại tuyến")
	h.wantText("Đây là thông tin lưu lúc 24/11/2026 14:05, có thể đã thay đổi.")
	h.wantText("Đang xử lý")
	h.tap("English")
	h.wantText("Offline")
	h.wantText("This is the information saved at 24/11/2026 14:05")

	// A fresh answer has no badge.
	h.citizen.offline = nil
	h.scan(testCode)
	h.settle()
	h.wantNoText("Offline")
}

func TestRatingFromHome(t *testing.T) {
	h := newHarness(t)
	h.tap("Đánh giá hài lòng")
	if !h.button("Gửi đánh giá").Disabled() {
		t.Error("send before a score is chosen")
	}
	h.wantNoText("Nhanh chóng")
	h.tap("Không hài lòng")
	h.wantText("Điều gì khiến bạn chọn như vậy?")
	h.tap("Phải chờ lâu")
	h.tap("Máy khó dùng")
	h.tap("Máy khó dùng") // off again
	h.tap("Rất hài lòng") // another score: the chips change and start empty
	h.wantNoText("Phải chờ lâu")
	h.tap("Nhanh chóng")
	h.tap("Cán bộ thân thiện")
	h.tap("Gửi đánh giá")
	h.wantText("Đang lưu đánh giá…")
	h.settle()
	h.wantText("Cảm ơn bạn đã đánh giá!")
	if r := h.citizen.ratings; len(r) != 1 || r[0].score != firmware.RatingVeryHappy || r[0].dossier != "" ||
		strings.Join(r[0].reasons, ",") != firmware.ReasonFast+","+firmware.ReasonFriendly || r[0].lang != "vi" {
		t.Fatalf("ratings = %+v", r)
	}
	h.tap("Xong")
	if h.ui.current != h.ui.home || h.ui.rating.score != 0 || h.ui.rating.done {
		t.Error("Xong should clear the rating and go home")
	}
}

func TestRatingFromResult(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	h.scan(testCode)
	h.settle()
	h.tap("English")
	h.tap("Rate")
	h.tap("Satisfied")
	h.tap("Send rating")
	h.settle()
	h.wantText("Thank you for your rating!")
	if r := h.citizen.ratings; len(r) != 1 || r[0].dossier != testCode || r[0].score != firmware.RatingHappy || r[0].lang != "en" || len(r[0].reasons) != 0 {
		t.Fatalf("ratings = %+v", r)
	}
}

func TestRatingFailureKeepsChoice(t *testing.T) {
	h := newHarness(t)
	h.citizen.rateErr = firmware.Errorf(firmware.EINTERNAL, "fake: disk")
	h.tap("Đánh giá hài lòng")
	h.tap("Hài lòng")
	h.tap("Gửi đánh giá")
	h.settle()
	h.wantText("Chưa lưu được đánh giá. Xin thử lại.")
	if h.ui.rating.score != firmware.RatingHappy || h.ui.rating.done {
		t.Error("a failed save should keep the choice")
	}
	h.citizen.mu.Lock()
	h.citizen.rateErr = nil
	h.citizen.mu.Unlock()
	h.tap("Gửi đánh giá")
	h.settle()
	h.wantText("Cảm ơn bạn đã đánh giá!")
}

// images returns the QR codes on screen: images drawn from a grey bitmap
// (icons are drawn from resources).
func (h *harness) images() []*canvas.Image {
	var out []*canvas.Image
	h.visible(func(o fyne.CanvasObject) {
		if i, ok := o.(*canvas.Image); ok {
			if _, gray := i.Image.(*image.Gray); gray {
				out = append(out, i)
			}
		}
	})
	return out
}

func TestProceduresBrowse(t *testing.T) {
	h := newHarness(t)
	h.tap("Thủ tục hành chính")
	h.wantText("Danh mục thủ tục ngày 01/11/2026")
	h.wantText("Chọn lĩnh vực")
	h.tap("Hộ tịch (2)")
	h.wantText("Đăng ký khai sinh")
	h.wantText("Đăng ký kết hôn")
	h.wantNoText("Chứng thực bản sao")
	h.tap("Đăng ký khai sinh")
	for _, s := range []string{"1.001193", "1 ngày làm việc", "Miễn phí — Miễn lệ phí khi đăng ký đúng hạn.",
		"Toàn trình: làm hoàn toàn trên mạng", "Giấy tờ cần chuẩn bị", "• Giấy chứng sinh (bản chính)", "Quét mã để làm tiếp trên điện thoại"} {
		h.wantText(s)
	}
	if imgs := h.images(); len(imgs) != 1 {
		t.Fatalf("%d images on the detail, want the QR code", len(imgs))
	}
	if v := h.citizen.views; len(v) != 1 || v[0] != "1.001193" {
		t.Errorf("views = %v", v)
	}
	h.tap("English")
	h.wantText("1 working day")
	h.wantText("Scan to continue on your phone")
	h.tap("Back")
	h.wantText("Đăng ký kết hôn")
	h.tap("Back")
	h.wantText("Choose a field")

	// Fees in đồng, and an information-only procedure has no QR code.
	h.tap("Đất đai (1)")
	h.tap("Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình")
	h.wantText("Information only; apply at the counter")
	if imgs := h.images(); len(imgs) != 0 {
		t.Error("an information-only procedure shows a QR code")
	}
	h.tap("Home")
	h.tap("Administrative procedures")
	h.tap("Đăng ký, quản lý cư trú (1)")
	h.tap("Đăng ký thường trú")
	h.wantText("20,000 VND — 20.000 đồng khi nộp trực tiếp.")
	h.wantText("7 working days")
}

func TestProceduresEmptyCatalog(t *testing.T) {
	h := newHarness(t)
	h.citizen.catalog = firmware.Catalog{}
	h.tap("Thủ tục hành chính")
	h.wantText("Chưa tải được danh mục thủ tục.")
	h.tap("Trang chủ")
	h.tap("Dịch vụ công trực tuyến")
	h.wantNoText("Thủ tục làm hoàn toàn trực tuyến")
}

func TestOnlineServices(t *testing.T) {
	h := newHarness(t)
	h.tap("Dịch vụ công trực tuyến")
	for _, s := range []string{
		"Cổng dịch vụ công hoạt động bình thường · kiểm tra 3 phút trước",
		"Kiểm tra lần cuối lúc 20:56", "Hoạt động hôm nay: 97% thời gian",
		"Cổng dịch vụ công quốc gia", "100%", "Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung", "80%", "Ngừng",
		"Thủ tục làm hoàn toàn trực tuyến (2)",
	} {
		h.wantText(s)
	}
	h.tap("Đăng ký thường trú")
	if imgs := h.images(); len(imgs) != 1 {
		t.Fatal("a fully online procedure should show its QR code")
	}
	h.tap("Quay lại")
	if h.ui.current != h.ui.online {
		t.Fatalf("back should return to the online services")
	}

	// The portal down and nothing observed today.
	h.citizen.mu.Lock()
	h.citizen.portal = firmware.PortalState{State: firmware.HealthDown, CheckedAt: testNow.Add(-time.Minute), Err: firmware.EUNAVAILABLE}
	h.citizen.status = firmware.PortalStatus{}
	h.citizen.mu.Unlock()
	if !h.ui.tick() {
		t.Error("a changed status should redraw")
	}
	h.wantText("Không kết nối được cổng dịch vụ công")
	h.wantText("Hôm nay chưa đủ số liệu")
	if h.ui.tick() {
		t.Error("an unchanged status should not redraw")
	}
	h.tap("English")
	h.wantText("Not enough checks today yet")
}

func TestIdleClearsEveryScreen(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(fails(firmware.ESECRETREQUIRED))
	h.tap("Tra cứu hồ sơ")
	h.typeKeys("123456")
	h.tap("Tra cứu")
	h.settle()
	h.typeKeys("99")
	h.tap("Trang chủ")
	h.tap("Đánh giá hài lòng")
	h.tap("Hài lòng")
	h.tap("Nhanh chóng")
	h.clock.Advance(61 * time.Second)
	h.ui.tick()
	if h.ui.current != h.ui.home {
		t.Fatal("idle should go home")
	}
	if l := h.ui.lookup; l.code != "" || l.secret != "" || l.step != stepCode || l.input != "" {
		t.Errorf("lookup state left: %+v", *l)
	}
	if r := h.ui.rating; r.score != 0 || len(r.reasons) != 0 || r.dossier != "" {
		t.Errorf("rating state left: %+v", *r)
	}

	h.tap("Thủ tục hành chính")
	h.tap("Hộ tịch (2)")
	h.tap("Đăng ký khai sinh")
	h.clock.Advance(61 * time.Second)
	h.ui.tick()
	if p := h.ui.procs; p.field != "" || p.code != "" {
		t.Errorf("procedure state left: %+v", *p)
	}
	h.tap("Thủ tục hành chính")
	h.wantText("Chọn lĩnh vực")
}

func TestQRCode(t *testing.T) {
	url := "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
	img, err := qrImage(url)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	n := b.Dx() - 2*qrQuiet
	if b.Dx() != b.Dy() || n < 21 || (n-17)%4 != 0 {
		t.Fatalf("QR code of %v: %d modules is not a QR size", b, n)
	}
	dark := func(x, y int) bool { return img.GrayAt(x+qrQuiet, y+qrQuiet).Y == 0 }
	// The three finder patterns: a dark 7×7 ring, a light ring, a dark 3×3 centre.
	for _, c := range []image.Point{{0, 0}, {n - 7, 0}, {0, n - 7}} {
		for i := range 7 {
			if !dark(c.X+i, c.Y) || !dark(c.X+i, c.Y+6) || !dark(c.X, c.Y+i) || !dark(c.X+6, c.Y+i) {
				t.Fatalf("finder at %v lacks its outer ring", c)
			}
		}
		if dark(c.X+1, c.Y+1) || !dark(c.X+3, c.Y+3) {
			t.Fatalf("finder at %v is wrong inside", c)
		}
	}
	// The quiet zone is light.
	for i := range b.Dx() {
		if img.GrayAt(i, 0).Y != 0xff || img.GrayAt(0, i).Y != 0xff {
			t.Fatal("the quiet zone is not light")
		}
	}
	again, _ := qrImage(url)
	if string(again.Pix) != string(img.Pix) {
		t.Error("the same URL gave another code")
	}
	if c := qrCanvas(strings.Repeat("x", 8000), 100); c != nil {
		t.Error("text too long for a QR code should give no image")
	}
}
