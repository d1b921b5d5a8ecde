package firmware_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

var ict = time.FixedZone("ICT", 7*3600)

func TestStatusTable(t *testing.T) {
	want := map[firmware.Status]struct {
		vi     string
		closed bool
	}{
		1:  {"Mới đăng ký", false},
		2:  {"Được tiếp nhận", false},
		3:  {"Không được tiếp nhận", true},
		4:  {"Đang xử lý", false},
		5:  {"Yêu cầu bổ sung giấy tờ", false},
		6:  {"Yêu cầu thực hiện nghĩa vụ tài chính", false},
		7:  {"Công dân yêu cầu rút hồ sơ", true},
		8:  {"Dừng xử lý", true},
		9:  {"Đã xử lý xong", true},
		10: {"Đã trả kết quả", true},
	}
	all := firmware.Statuses()
	if len(all) != 10 {
		t.Fatalf("Statuses() has %d entries", len(all))
	}
	for _, s := range all {
		w, ok := want[s]
		if !ok {
			t.Fatalf("unexpected status %d", s)
		}
		if s.Vietnamese() != w.vi || s.Closed() != w.closed || !s.Valid() {
			t.Errorf("status %d: %q closed=%v", s, s.Vietnamese(), s.Closed())
		}
		if s.English() == "" || strings.HasPrefix(s.English(), "Status ") {
			t.Errorf("status %d has no English name", s)
		}
	}
	for _, bad := range []firmware.Status{0, 11, -1} {
		if bad.Valid() {
			t.Errorf("status %d valid", bad)
		}
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"Hoàng Thị Lan":        "Hoàng T. L.",
		"  Nguyễn   văn   an ": "Nguyễn V. A.",
		"Ma Seo Chứ":           "Ma S. C.",
		"Lan":                  "L.",
		"":                     "",
		"Đặng Ông Ích Khiêm":   "Đặng Ô. Í. K.",
		"Triệu Thị Ánh Nguyệt": "Triệu T. Á. N.",
	} {
		if got := firmware.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func dossier(status firmware.Status, due time.Time) *firmware.Dossier {
	return &firmware.Dossier{
		Code:       "000.00.13.H06-241105-0042",
		Procedure:  firmware.ProcedureRef{Code: "1.001193", Name: "Đăng ký khai sinh", Level: firmware.LevelFull},
		Channel:    firmware.ChannelInPerson,
		Status:     firmware.StatusRef{Code: status},
		ReceivedAt: due.Add(-72 * time.Hour),
		DueAt:      due,
	}
}

func TestOverdueAndDays(t *testing.T) {
	due := time.Date(2024, 11, 8, 17, 0, 0, 0, ict)
	tests := []struct {
		now         time.Time
		status      firmware.Status
		overdue     bool
		daysLeft    int
		overdueDays int
	}{
		{due.Add(-48 * time.Hour), firmware.StatusInProgress, false, 2, 0},
		{time.Date(2024, 11, 8, 8, 0, 0, 0, ict), firmware.StatusInProgress, false, 0, 0},
		{time.Date(2024, 11, 8, 17, 30, 0, 0, ict), firmware.StatusInProgress, true, 0, 1},
		{time.Date(2024, 11, 12, 9, 0, 0, 0, ict), firmware.StatusMorePapers, true, -4, 4},
		{time.Date(2024, 11, 12, 9, 0, 0, 0, ict), firmware.StatusReady, false, -4, 0},
		{time.Date(2024, 11, 12, 9, 0, 0, 0, ict), firmware.StatusStopped, false, -4, 0},
		// 23:30 UTC on the 7th is already the 8th in Vietnam.
		{time.Date(2024, 11, 7, 23, 30, 0, 0, time.UTC), firmware.StatusAccepted, false, 0, 0},
	}
	for i, tt := range tests {
		d := dossier(tt.status, due)
		if got := d.Overdue(tt.now); got != tt.overdue {
			t.Errorf("%d: Overdue = %v", i, got)
		}
		if got := d.DaysLeft(tt.now, ict); got != tt.daysLeft {
			t.Errorf("%d: DaysLeft = %d, want %d", i, got, tt.daysLeft)
		}
		if got := d.OverdueDays(tt.now, ict); got != tt.overdueDays {
			t.Errorf("%d: OverdueDays = %d, want %d", i, got, tt.overdueDays)
		}
	}
}

func TestDossierValidate(t *testing.T) {
	due := time.Date(2024, 11, 8, 17, 0, 0, 0, ict)
	if err := dossier(4, due).Validate(); err != nil {
		t.Fatalf("valid dossier refused: %v", err)
	}
	breaks := map[string]func(d *firmware.Dossier){
		"no code":      func(d *firmware.Dossier) { d.Code = "" },
		"no procedure": func(d *firmware.Dossier) { d.Procedure.Name = "" },
		"bad level":    func(d *firmware.Dossier) { d.Procedure.Level = "x" },
		"status 0":     func(d *firmware.Dossier) { d.Status.Code = 0 },
		"status 11":    func(d *firmware.Dossier) { d.Status.Code = 11 },
		"bad channel":  func(d *firmware.Dossier) { d.Channel = "fax" },
		"no received":  func(d *firmware.Dossier) { d.ReceivedAt = time.Time{} },
		"no due":       func(d *firmware.Dossier) { d.DueAt = time.Time{} },
		"bad history":  func(d *firmware.Dossier) { d.History = []firmware.HistoryEntry{{At: due, Status: 12}} },
		"negative fee": func(d *firmware.Dossier) { d.Fees = []firmware.Fee{{Name: "x", AmountVND: -1}} },
	}
	for name, br := range breaks {
		d := dossier(4, due)
		br(d)
		err := d.Validate()
		if firmware.ErrorCode(err) != firmware.EBADANSWER {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func TestUnpaid(t *testing.T) {
	d := dossier(6, time.Now())
	d.Fees = []firmware.Fee{{Name: "Lệ phí", AmountVND: 8000}, {Name: "Phí", AmountVND: 50000, Paid: true}, {Name: "Thuế", AmountVND: 120000}}
	if got := d.UnpaidVND(); got != 128000 {
		t.Fatalf("UnpaidVND = %d", got)
	}
}

func TestUsageEventValidate(t *testing.T) {
	ok := firmware.UsageEvent{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, At: time.Now(),
		CodeRef: strings.Repeat("ab", 32), Status: 4}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid event refused: %v", err)
	}
	for name, e := range map[string]firmware.UsageEvent{
		"plain code":  {Kind: firmware.KindLookup, Outcome: "ok", At: time.Now(), CodeRef: "000.00.13.H06-241105-0042"},
		"upper hex":   {Kind: firmware.KindLookup, Outcome: "ok", At: time.Now(), CodeRef: strings.Repeat("AB", 32)},
		"no kind":     {Outcome: "ok", At: time.Now()},
		"odd kind":    {Kind: "dance", Outcome: "ok", At: time.Now()},
		"bad chan":    {Kind: firmware.KindLookup, Outcome: "ok", At: time.Now(), Channel: "fax"},
		"neg latency": {Kind: firmware.KindLookup, Outcome: "ok", At: time.Now(), Latency: -1},
		"no outcome":  {Kind: firmware.KindLookup, At: time.Now()},
		"no time":     {Kind: firmware.KindLookup, Outcome: "ok"},
		"bad status":  {Kind: firmware.KindLookup, Outcome: "ok", At: time.Now(), Status: 42},
	} {
		if firmware.ErrorCode(e.Validate()) != firmware.EINVALID {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestErrorCode(t *testing.T) {
	wrapped := fmt.Errorf("portal: %w", firmware.Errorf(firmware.ENOTFOUND, "no such dossier"))
	if firmware.ErrorCode(wrapped) != firmware.ENOTFOUND {
		t.Fatal("wrapped code lost")
	}
	if firmware.ErrorMessage(wrapped) != "no such dossier" {
		t.Fatalf("message %q", firmware.ErrorMessage(wrapped))
	}
	if firmware.ErrorCode(errors.New("x")) != firmware.EINTERNAL || firmware.ErrorCode(nil) != "" {
		t.Fatal("plain errors must be internal, nil must be empty")
	}
}

func TestHealthValidate(t *testing.T) {
	h := firmware.Health{Status: firmware.HealthOK, Services: []firmware.ServiceHealth{{ID: "dvc", Status: "degraded"}}}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	h.Services[0].Status = "meh"
	if h.Validate() == nil {
		t.Fatal("bad service status accepted")
	}
	h = firmware.Health{Status: "fine"}
	if h.Validate() == nil {
		t.Fatal("bad status accepted")
	}
}

func TestDeviceHealth(t *testing.T) {
	for _, ind := range []firmware.Indicator{firmware.LEDHeartbeat, firmware.LEDNetwork, firmware.LEDPortal, firmware.LEDFault} {
		if !slices.Contains(firmware.Parts(), firmware.LEDPart(ind)) {
			t.Errorf("LED %q is not among the parts", ind)
		}
	}
	h := firmware.DeviceHealth{
		Parts: []firmware.PartHealth{{ID: firmware.PartBME280, State: firmware.PartOK},
			{ID: firmware.PartBuzzer, State: firmware.PartNotFitted}},
		Readings: []firmware.Reading{{Quantity: firmware.Temperature, Value: 31.5}},
	}
	if h.Trouble() {
		t.Error("trouble with every part ok or not fitted")
	}
	if v, ok := h.Reading(firmware.Temperature); !ok || v != 31.5 {
		t.Errorf("temperature %v %v", v, ok)
	}
	if _, ok := h.Reading(firmware.Light); ok {
		t.Error("a light reading from nowhere")
	}
	if p, ok := h.Part(firmware.PartBuzzer); !ok || p.State != firmware.PartNotFitted {
		t.Errorf("buzzer %+v %v", p, ok)
	}
	h.Parts[1].State = firmware.PartMissing
	if !h.Trouble() {
		t.Error("a missing part is no trouble")
	}
	h.Parts[1].State = firmware.PartNotFitted
	h.Alerts = []firmware.Alert{{Kind: firmware.AlertTooHot, Value: 52}}
	if a, ok := h.Alert(firmware.AlertTooHot); !h.Trouble() || !ok || a.Value != 52 {
		t.Errorf("alert %+v %v, trouble %v", a, ok, h.Trouble())
	}
}
