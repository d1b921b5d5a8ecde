package kiosk_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/motcua/kiosk/firmware/kiosk"
)

// Under the service's sandbox (ProtectClock=yes) adjtimex is refused:
// systemd-timesyncd's flag file still tells that the clock was synced.
func TestClockSync(t *testing.T) {
	dir := t.TempDir()
	flag := filepath.Join(dir, "synchronized")
	sandboxed := func() (bool, error) { return false, syscall.EPERM }
	kernel := func(ok bool) func() (bool, error) { return func() (bool, error) { return ok, nil } }

	tests := []struct {
		name       string
		flag       bool
		kernel     func() (bool, error)
		want       bool
		source     string
		errMention string
	}{
		{"timesyncd synced, sandboxed", true, sandboxed, true, "systemd-timesyncd", ""},
		{"timesyncd synced, kernel says not", true, kernel(false), true, "systemd-timesyncd", ""},
		{"chrony synced, no sandbox", false, kernel(true), true, "kernel", ""},
		{"nothing synced, no sandbox", false, kernel(false), false, "kernel", ""},
		{"nothing synced, sandboxed", false, sandboxed, false, "", "has not synced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(flag)
			if tt.flag {
				if err := os.WriteFile(flag, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ok, source, err := kiosk.ClockSync{TimesyncFlag: flag, Kernel: tt.kernel}.Check()
			if ok != tt.want || !strings.Contains(source, tt.source) {
				t.Errorf("Check = %v, %q; want %v, %q", ok, source, tt.want, tt.source)
			}
			if (err != nil) != (tt.errMention != "") || err != nil && !strings.Contains(err.Error(), tt.errMention) {
				t.Errorf("err = %v, want one saying %q", err, tt.errMention)
			}
			if err != nil && !errors.Is(err, syscall.EPERM) && !strings.Contains(err.Error(), "operation not permitted") {
				t.Errorf("err does not give adjtimex's refusal: %v", err)
			}
		})
	}
}
