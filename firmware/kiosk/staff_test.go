package kiosk_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

// staffNow is 16:00 in Vietnam on Thursday 26 November 2026.
var staffNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// fakeReporter answers every period with the same figures and records the
// periods asked for.
type fakeReporter struct {
	mu      sync.Mutex
	periods [][2]time.Time
	err     error
}

func (r *fakeReporter) Report(_ context.Context, from, to time.Time) (firmware.Report, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.periods = append(r.periods, [2]time.Time{from, to})
	if r.err != nil {
		return firmware.Report{}, r.err
	}
	return firmware.Report{
		From: from, To: to, Total: 12,
		Counts:   []firmware.OutcomeCount{{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Count: 12}},
		Dossiers: firmware.DossierCounts{Unique: 9, Found: 8, Online: 2},
		Ratings:  map[firmware.Rating]int{},
	}, nil
}

// fakeLedgerState is a ledger monitor; with dismiss it can forget a
// recovery, as storage.Writer does.
type fakeLedgerState struct{ state firmware.LedgerState }

func (l *fakeLedgerState) LedgerState() firmware.LedgerState { return l.state }

type dismissingLedgerState struct {
	fakeLedgerState
	dismissed int
	err       error
}

func (l *dismissingLedgerState) DismissRecovery(context.Context) error {
	if l.err != nil {
		return l.err
	}
	l.dismissed++
	l.state.Alert, l.state.Recovery = firmware.LedgerAlertNone, nil
	return nil
}

type fakeDevice struct{ h firmware.DeviceHealth }

func (d fakeDevice) DeviceHealth() firmware.DeviceHealth { return d.h }

func newStaffKiosk(t *testing.T, cfg kiosk.Config) *kiosk.Kiosk {
	t.Helper()
	cfg.Portal = &fakePortal{}
	cfg.Ledger = &memLedger{}
	cfg.HashKey = key
	cfg.Clock = &fakeClock{now: staffNow}
	k, err := kiosk.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestDashboard(t *testing.T) {
	r := &fakeReporter{}
	k := newStaffKiosk(t, kiosk.Config{Reporter: r, KioskID: "BK-DP-01"})
	d, err := k.Staff.Dashboard(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, firmware.Vietnam) }
	want := [][2]time.Time{{day(11, 26), day(11, 27)}, {day(11, 20), day(11, 27)}, {day(10, 28), day(11, 27)}}
	if len(r.periods) != 3 {
		t.Fatalf("periods %v", r.periods)
	}
	for i, p := range r.periods {
		if !p[0].Equal(want[i][0]) || !p[1].Equal(want[i][1]) {
			t.Errorf("period %d = %v, want %v", i, p, want[i])
		}
	}
	for _, rep := range []firmware.Report{d.Today, d.Week, d.Month} {
		if rep.KioskID != "BK-DP-01" || rep.Total != 12 {
			t.Errorf("report %+v", rep)
		}
	}

	r.err = errors.New("disk on fire")
	if _, err := k.Staff.Dashboard(context.Background()); err == nil {
		t.Error("the reporter's error was lost")
	}
	k = newStaffKiosk(t, kiosk.Config{})
	if _, err := k.Staff.Dashboard(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("without a reporter: %v", err)
	}
}

func TestLedgerStatusAndDismiss(t *testing.T) {
	ctx := context.Background()
	k := newStaffKiosk(t, kiosk.Config{})
	if st := k.Staff.LedgerStatus(); !st.OK() {
		t.Errorf("no ledger monitor: %+v", st)
	}
	if err := k.Staff.DismissLedgerAlert(ctx); err != nil {
		t.Errorf("dismiss without a ledger monitor: %v", err)
	}

	// A monitor that cannot forget: nothing to do, no error.
	plain := &fakeLedgerState{state: firmware.LedgerState{Alert: firmware.LedgerDiskFull, Queued: 3}}
	k = newStaffKiosk(t, kiosk.Config{LedgerState: plain})
	if st := k.Staff.LedgerStatus(); st.Alert != firmware.LedgerDiskFull || st.Queued != 3 {
		t.Errorf("status %+v", st)
	}
	if err := k.Staff.DismissLedgerAlert(ctx); err != nil {
		t.Error(err)
	}

	rec := &dismissingLedgerState{fakeLedgerState: fakeLedgerState{state: firmware.LedgerState{
		Alert:    firmware.LedgerRecovered,
		Recovery: &firmware.LedgerRecovery{At: staffNow, MovedTo: "usage.db.corrupt-1", Reason: "malformed"},
	}}}
	k = newStaffKiosk(t, kiosk.Config{LedgerState: rec})
	if k.Staff.LedgerStatus().Alert != firmware.LedgerRecovered {
		t.Fatal("recovery not shown")
	}
	if err := k.Staff.DismissLedgerAlert(ctx); err != nil || rec.dismissed != 1 {
		t.Fatalf("dismiss: %v, %d calls", err, rec.dismissed)
	}
	if st := k.Staff.LedgerStatus(); st.Alert != firmware.LedgerAlertNone || st.Recovery != nil {
		t.Errorf("after dismissal: %+v", st)
	}
	rec.err = errors.New("database is locked")
	if err := k.Staff.DismissLedgerAlert(ctx); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("dismiss error %v", err)
	}
}

func TestDeviceHealthAndInfo(t *testing.T) {
	k := newStaffKiosk(t, kiosk.Config{})
	if h := k.Staff.DeviceHealth(); len(h.Parts) != 0 || len(h.Readings) != 0 || len(h.Alerts) != 0 {
		t.Errorf("no device: %+v", h)
	}
	dev := fakeDevice{firmware.DeviceHealth{
		Parts:    []firmware.PartHealth{{ID: firmware.PartBME280, Where: "I2C1 0x76", State: firmware.PartOK}},
		Readings: []firmware.Reading{{Quantity: firmware.Temperature, Value: 31.5}},
		Alerts:   []firmware.Alert{{Kind: firmware.AlertCabinetOpen}},
	}}
	k = newStaffKiosk(t, kiosk.Config{Device: dev, KioskID: "BK-DP-01", Version: "1.4.2"})
	if h := k.Staff.DeviceHealth(); len(h.Parts) != 1 || h.Readings[0].Value != 31.5 || h.Alerts[0].Kind != firmware.AlertCabinetOpen {
		t.Errorf("health %+v", h)
	}
	id, version, addrs := k.Staff.DeviceInfo()
	if id != "BK-DP-01" || version != "1.4.2" {
		t.Errorf("info %q %q", id, version)
	}
	for _, a := range addrs {
		ip := net.ParseIP(a)
		if ip == nil || ip.IsLoopback() || (ip.To4() == nil && ip.IsLinkLocalUnicast()) {
			t.Errorf("address %q shown", a)
		}
	}
}

// fakeSink is a report sink that keeps what it was given, or fails.
type fakeSink struct {
	names []string
	reps  []firmware.Report
	err   error
}

func (s *fakeSink) WriteReport(_ context.Context, name string, r firmware.Report) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	s.names = append(s.names, name)
	s.reps = append(s.reps, r)
	return "/media/usb0/" + name, nil
}

func TestExportReport(t *testing.T) {
	r := &fakeReporter{}
	sink := &fakeSink{}
	k := newStaffKiosk(t, kiosk.Config{Reporter: r, KioskID: "BK-DP-01", Export: sink})
	path, err := k.Staff.ExportReport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if path != "/media/usb0/motcua-BK-DP-01-20261126-1600.csv" {
		t.Errorf("path %q, want the sink's", path)
	}
	if len(sink.names) != 1 || sink.names[0] != "motcua-BK-DP-01-20261126-1600.csv" {
		t.Fatalf("names %q", sink.names)
	}
	rep := sink.reps[0]
	month := [2]time.Time{time.Date(2026, 10, 28, 0, 0, 0, 0, firmware.Vietnam), time.Date(2026, 11, 27, 0, 0, 0, 0, firmware.Vietnam)}
	if rep.KioskID != "BK-DP-01" || rep.Total != 12 || !rep.From.Equal(month[0]) || !rep.To.Equal(month[1]) {
		t.Errorf("report %+v, want the 30 days with the kiosk's ID", rep)
	}
	if len(r.periods) != 1 || !r.periods[0][0].Equal(month[0]) {
		t.Errorf("periods %v, want the 30 days", r.periods)
	}

	// The sink's errors reach the screen as they are.
	for _, code := range []string{firmware.ENOTFOUND, firmware.EUNAVAILABLE, firmware.EINTERNAL} {
		sink.err = firmware.Errorf(code, "usbstick: %s", code)
		if _, err := k.Staff.ExportReport(context.Background()); firmware.ErrorCode(err) != code {
			t.Errorf("sink error %s: %v", code, err)
		}
	}

	// Without a reporter or a sink the kiosk cannot export.
	if _, err := newStaffKiosk(t, kiosk.Config{Export: &fakeSink{}}).Staff.ExportReport(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("no reporter: %v", err)
	}
	if _, err := newStaffKiosk(t, kiosk.Config{Reporter: r}).Staff.ExportReport(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("no sink: %v", err)
	}
	r.err = errors.New("disk on fire")
	sink.err = nil
	if _, err := k.Staff.ExportReport(context.Background()); err == nil || len(sink.names) != 1 {
		t.Errorf("the reporter's error: %v, %d files", err, len(sink.names))
	}
}

func TestReportFileName(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"BK-DP-01", "motcua-BK-DP-01-20261126-1600.csv"},
		{"xã Đồng Phúc/01", "motcua-x-ng-Ph-c-01-20261126-1600.csv"},
		{"", "motcua-20261126-1600.csv"},
		{"../..", "motcua-20261126-1600.csv"},
	} {
		if got := kiosk.ReportFileName(c.id, staffNow); got != c.want {
			t.Errorf("ReportFileName(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}
