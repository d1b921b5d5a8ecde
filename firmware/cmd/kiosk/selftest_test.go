package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/firmware/kiosk"
)

// TestSelftest runs the self-test on the simulated board with a touch
// screen and a scanner standing in as FIFOs: it passes when both are used,
// and fails, naming them, when they are not.
func TestSelftest(t *testing.T) {
	dir := t.TempDir()
	// The clock as systemd-timesyncd leaves it once synced.
	flag := filepath.Join(dir, "synchronized")
	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(c kiosk.ClockSync) { clockSync = c }(clockSync)
	clockSync = kiosk.ClockSync{TimesyncFlag: flag}
	touch, scan := filepath.Join(dir, "touch"), filepath.Join(dir, "scan")
	for _, p := range []string{touch, scan} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := writeFile(t, dir, "kiosk.toml", `
commune = "UBND xã Đồng Phúc"
board = "sim"
`, 0o644)
	args := []string{"selftest", "--config", cfg, "--input", "touch:" + touch + "@4096x4096", "--input", "scanner:" + scan}

	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), append(args, "--timeout", "20s"), &out, &out) }()
	tw, _ := os.OpenFile(touch, os.O_RDWR, 0)
	defer tw.Close()
	sw, _ := os.OpenFile(scan, os.O_RDWR, 0)
	defer sw.Close()
	syn := evdev.Event{Type: evdev.EvSyn, Code: evdev.SynReport}
	evdev.Encode(tw, evdev.Event{Type: evdev.EvKey, Code: evdev.BtnTouch, Value: 1},
		evdev.Event{Type: evdev.EvAbs, Code: evdev.AbsX, Value: 2048}, evdev.Event{Type: evdev.EvAbs, Code: evdev.AbsY, Value: 2048}, syn)
	evs, _ := evdev.ScanEvents("000.00.13.H06-241105-0042", time.Now())
	evdev.Encode(sw, evs...)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("selftest: %v\n%s", err, out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("selftest still waiting:\n%s", out.String())
	}
	for _, want := range []string{"touched at (400,240)", "read a code of 25 characters", "motion seen", "all 13 checks passed", "systemd-timesyncd", "31.500°C"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Nobody touches or scans.
	out.Reset()
	err := run(context.Background(), append(args, "--timeout", "100ms"), &out, &out)
	if err == nil || !strings.Contains(out.String(), "no touch within 100ms") || !strings.Contains(out.String(), "no scan within 100ms") {
		t.Fatalf("selftest without a touch: %v\n%s", err, out.String())
	}

	// The Pi's board off a Pi: every part missing, each named, no crash.
	out.Reset()
	err = run(context.Background(), []string{"selftest", "--config", cfg, "--board", "pi", "--timeout", "100ms"}, &out, &out)
	if err == nil || strings.Count(out.String(), "FAIL") < 9 || !strings.Contains(out.String(), "bme280         I2C 0x76") {
		t.Fatalf("selftest on a board without parts: %v\n%s", err, out.String())
	}
	t.Logf("without a Pi:\n%s", out.String())
}

// The clock's row: ok once synced; a FAIL that says why when the sandbox
// hides the kernel's word and systemd-timesyncd has not synced.
func TestSelftestClock(t *testing.T) {
	flag := filepath.Join(t.TempDir(), "synchronized")
	refused := func() (bool, error) { return false, fmt.Errorf("adjtimex: %w", syscall.EPERM) }
	r := checkClock(kiosk.ClockSync{TimesyncFlag: flag, Kernel: refused})
	if r.part != "clock" || r.result != "FAIL" || !strings.Contains(r.detail, "has not synced") ||
		!strings.Contains(r.detail, "operation not permitted") || !strings.Contains(r.detail, "unsynced") {
		t.Errorf("unsynced, sandboxed: %+v", r)
	}
	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := checkClock(kiosk.ClockSync{TimesyncFlag: flag, Kernel: refused}); r.result != "ok" || !strings.Contains(r.where, "systemd-timesyncd") {
		t.Errorf("synced by timesyncd, sandboxed: %+v", r)
	}
	notYet := func() (bool, error) { return false, nil }
	if r := checkClock(kiosk.ClockSync{TimesyncFlag: flag + ".none", Kernel: notYet}); r.result != "FAIL" || !strings.Contains(r.detail, "not synced yet") {
		t.Errorf("not synced, no sandbox: %+v", r)
	}
}
