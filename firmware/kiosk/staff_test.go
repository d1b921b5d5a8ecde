package kiosk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
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
	d, err := k.Dashboard(context.Background())
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
	if _, err := k.Dashboard(context.Background()); err == nil {
		t.Error("the reporter's error was lost")
	}
	k = newStaffKiosk(t, kiosk.Config{})
	if _, err := k.Dashboard(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("without a reporter: %v", err)
	}
}

func TestLedgerStatusAndDismiss(t *testing.T) {
	ctx := context.Background()
	k := newStaffKiosk(t, kiosk.Config{})
	if st := k.LedgerStatus(); !st.OK() {
		t.Errorf("no ledger monitor: %+v", st)
	}
	if err := k.DismissLedgerAlert(ctx); err != nil {
		t.Errorf("dismiss without a ledger monitor: %v", err)
	}

	// A monitor that cannot forget: nothing to do, no error.
	plain := &fakeLedgerState{state: firmware.LedgerState{Alert: firmware.LedgerDiskFull, Queued: 3}}
	k = newStaffKiosk(t, kiosk.Config{LedgerState: plain})
	if st := k.LedgerStatus(); st.Alert != firmware.LedgerDiskFull || st.Queued != 3 {
		t.Errorf("status %+v", st)
	}
	if err := k.DismissLedgerAlert(ctx); err != nil {
		t.Error(err)
	}

	rec := &dismissingLedgerState{fakeLedgerState: fakeLedgerState{state: firmware.LedgerState{
		Alert:    firmware.LedgerRecovered,
		Recovery: &firmware.LedgerRecovery{At: staffNow, MovedTo: "usage.db.corrupt-1", Reason: "malformed"},
	}}}
	k = newStaffKiosk(t, kiosk.Config{LedgerState: rec})
	if k.LedgerStatus().Alert != firmware.LedgerRecovered {
		t.Fatal("recovery not shown")
	}
	if err := k.DismissLedgerAlert(ctx); err != nil || rec.dismissed != 1 {
		t.Fatalf("dismiss: %v, %d calls", err, rec.dismissed)
	}
	if st := k.LedgerStatus(); st.Alert != firmware.LedgerAlertNone || st.Recovery != nil {
		t.Errorf("after dismissal: %+v", st)
	}
	rec.err = errors.New("database is locked")
	if err := k.DismissLedgerAlert(ctx); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("dismiss error %v", err)
	}
}

func TestDeviceHealthAndInfo(t *testing.T) {
	k := newStaffKiosk(t, kiosk.Config{})
	if h := k.DeviceHealth(); len(h.Parts) != 0 || len(h.Readings) != 0 || len(h.Alerts) != 0 {
		t.Errorf("no device: %+v", h)
	}
	dev := fakeDevice{firmware.DeviceHealth{
		Parts:    []firmware.PartHealth{{ID: firmware.PartBME280, Where: "I2C1 0x76", State: firmware.PartOK}},
		Readings: []firmware.Reading{{Quantity: firmware.Temperature, Value: 31.5}},
		Alerts:   []firmware.Alert{{Kind: firmware.AlertCabinetOpen}},
	}}
	k = newStaffKiosk(t, kiosk.Config{Device: dev, KioskID: "BK-DP-01", Version: "1.4.2"})
	if h := k.DeviceHealth(); len(h.Parts) != 1 || h.Readings[0].Value != 31.5 || h.Alerts[0].Kind != firmware.AlertCabinetOpen {
		t.Errorf("health %+v", h)
	}
	id, version, addrs := k.DeviceInfo()
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

// stickSetup is a fake /media with the given sticks (directories under a
// temp dir) and a mount table that lists them with their options.
func stickSetup(t *testing.T, sticks ...string) (root, mounts string) {
	t.Helper()
	root = t.TempDir()
	var tab strings.Builder
	tab.WriteString("/dev/root / ext4 rw,noatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
	tab.WriteString("tmpfs /run tmpfs rw,nosuid,nodev,size=94224k,mode=755 0 0\n")
	for _, s := range sticks {
		name, opts, _ := strings.Cut(s, ":")
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&tab, "/dev/sda1 %s vfat %s,relatime,uid=1000,fmask=0022 0 0\n",
			strings.ReplaceAll(dir, " ", `\040`), opts)
	}
	mounts = filepath.Join(t.TempDir(), "mounts")
	if err := os.WriteFile(mounts, []byte(tab.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, mounts
}

func TestExportReport(t *testing.T) {
	root, mounts := stickSetup(t, "kiosk/CÁN BỘ XÃ:rw")
	r := &fakeReporter{}
	k := newStaffKiosk(t, kiosk.Config{Reporter: r, KioskID: "BK-DP-01", ExportRoot: root, MountsFile: mounts})
	path, err := k.ExportReport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "kiosk", "CÁN BỘ XÃ", "motcua-BK-DP-01-20261126-1600.csv")
	if path != want {
		t.Fatalf("path %q, want %q", path, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeffkiosk_id,from,to,metric")) ||
		!bytes.Contains(data, []byte("BK-DP-01,2026-10-28T00:00:00+07:00,2026-11-27T00:00:00+07:00,events_total,,,12,")) {
		t.Errorf("file:\n%s", data)
	}
	if len(r.periods) != 1 || !r.periods[0][0].Equal(time.Date(2026, 10, 28, 0, 0, 0, 0, firmware.Vietnam)) {
		t.Errorf("periods %v, want the 30 days", r.periods)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the stick holds %v, want the report alone", entries)
	}

	// Again in the same minute: the same file, written anew.
	if again, err := k.ExportReport(context.Background()); err != nil || again != path {
		t.Errorf("second export %q, %v", again, err)
	}
}

func TestExportReportNoStick(t *testing.T) {
	root, mounts := stickSetup(t)
	// A mount elsewhere, one listed under the root whose directory is
	// gone, a tmpfs on the root itself and systemd's automount placeholder
	// are no sticks.
	if err := os.Mkdir(filepath.Join(root, "usb0"), 0o755); err != nil {
		t.Fatal(err)
	}
	tab, _ := os.ReadFile(mounts)
	tab = append(tab, fmt.Sprintf("/dev/sdb1 %[1]s-other vfat rw 0 0\n/dev/sdc1 %[1]s/usb1 vfat rw 0 0\n"+
		"tmpfs %[1]s tmpfs rw,nosuid 0 0\nsystemd-1 %[1]s/usb0 autofs rw,relatime,fd=49 0 0\n", root)...)
	if err := os.WriteFile(mounts, tab, 0o644); err != nil {
		t.Fatal(err)
	}
	k := newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, ExportRoot: root, MountsFile: mounts})
	_, err := k.ExportReport(context.Background())
	if firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Fatalf("err %v, want ENOTFOUND", err)
	}

	k = newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, ExportRoot: root, MountsFile: filepath.Join(root, "none")})
	if _, err := k.ExportReport(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("no mount table: %v", err)
	}
	k = newStaffKiosk(t, kiosk.Config{ExportRoot: root, MountsFile: mounts})
	if _, err := k.ExportReport(context.Background()); firmware.ErrorCode(err) != firmware.EINTERNAL {
		t.Errorf("no reporter: %v", err)
	}
}

func TestExportReportReadOnlyStick(t *testing.T) {
	root, mounts := stickSetup(t, "NGUYEN VAN A:ro")
	k := newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, KioskID: "BK-DP-01", ExportRoot: root, MountsFile: mounts})
	_, err := k.ExportReport(context.Background())
	if firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("err %v, want EUNAVAILABLE", err)
	}
	if msg := firmware.ErrorMessage(err); strings.Contains(msg, "NGUYEN") || strings.Contains(msg, root) {
		t.Errorf("message %q names the stick", msg)
	}
	if entries, _ := os.ReadDir(filepath.Join(root, "NGUYEN VAN A")); len(entries) != 0 {
		t.Errorf("wrote %v to a read-only stick", entries)
	}
}

func TestExportReportSkipsBadStick(t *testing.T) {
	// The first stick is read-only and the second refuses the file (its
	// name is taken by a directory); the third takes it.
	root, mounts := stickSetup(t, "usb0:ro", "usb1:rw", "usb2:rw")
	name := kiosk.ReportFileName("BK-DP-01", staffNow)
	if err := os.MkdirAll(filepath.Join(root, "usb1", "."+name+".tmp", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	k := newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, KioskID: "BK-DP-01", ExportRoot: root, MountsFile: mounts})
	path, err := k.ExportReport(context.Background())
	if err != nil || path != filepath.Join(root, "usb2", name) {
		t.Fatalf("export %q, %v", path, err)
	}

	// Without the good stick, the error is the first stick's.
	root, mounts = stickSetup(t, "usb1:rw")
	if err := os.MkdirAll(filepath.Join(root, "usb1", "."+name+".tmp", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	k = newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, KioskID: "BK-DP-01", ExportRoot: root, MountsFile: mounts})
	_, err = k.ExportReport(context.Background())
	if firmware.ErrorCode(err) != firmware.EUNAVAILABLE || strings.Contains(firmware.ErrorMessage(err), root) {
		t.Fatalf("err %v, want EUNAVAILABLE without the path", err)
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

// TestExportReportAutomounted is a stick that systemd mounted on demand:
// the autofs placeholder and the stick share the mount point.
func TestExportReportAutomounted(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "usb0")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mounts := filepath.Join(t.TempDir(), "mounts")
	tab := fmt.Sprintf("systemd-1 %[1]s autofs rw,relatime,fd=49 0 0\n/dev/sda1 %[1]s vfat rw,relatime 0 0\n", dir)
	if err := os.WriteFile(mounts, []byte(tab), 0o644); err != nil {
		t.Fatal(err)
	}
	k := newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, KioskID: "BK-DP-01", ExportRoot: root, MountsFile: mounts})
	if path, err := k.ExportReport(context.Background()); err != nil || filepath.Dir(path) != dir {
		t.Fatalf("export %q, %v", path, err)
	}
}

// TestExportReportMountsOnOpen is a stick behind an automount point that is
// not mounted yet: the export opens the point, which mounts it, and then
// finds it in the mount table.
func TestExportReportMountsOnOpen(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "motcua-usb-sda1")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mounts := filepath.Join(t.TempDir(), "mounts")
	placeholder := fmt.Sprintf("systemd-1 %s autofs rw,relatime,fd=49 0 0\n", dir)
	if err := os.WriteFile(mounts, []byte(placeholder), 0o644); err != nil {
		t.Fatal(err)
	}
	var opened []string
	mount := func(d string) error {
		opened = append(opened, d)
		return os.WriteFile(mounts, []byte(placeholder+fmt.Sprintf("/dev/sda1 %s vfat rw,nosuid,nodev,noexec 0 0\n", d)), 0o644)
	}
	k := newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, KioskID: "BK-DP-01", ExportRoot: root,
		MountsFile: mounts, OpenDir: mount})
	path, err := k.ExportReport(context.Background())
	if err != nil || filepath.Dir(path) != dir {
		t.Fatalf("export %q, %v", path, err)
	}
	if len(opened) != 1 || opened[0] != dir {
		t.Errorf("opened %q, want the automount point %q", opened, dir)
	}

	// A point that does not mount leaves no stick, and says so.
	if err := os.WriteFile(mounts, []byte(placeholder), 0o644); err != nil {
		t.Fatal(err)
	}
	k = newStaffKiosk(t, kiosk.Config{Reporter: &fakeReporter{}, ExportRoot: root, MountsFile: mounts,
		OpenDir: func(string) error { return syscall.EIO }})
	if _, err := k.ExportReport(context.Background()); firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Fatalf("unmountable stick: %v, want ENOTFOUND", err)
	}
}
