//go:build noos

package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/devices/console"
)

// TestNoosConsole: the appliance puts the framebuffer's console in
// graphics mode and back in text mode, leaves it alone for a file-backed
// display or an empty setting, and runs on with one warning when the
// console is not a virtual terminal.
func TestNoosConsole(t *testing.T) {
	logTo := func() (*slog.Logger, *bytes.Buffer) {
		var b bytes.Buffer
		return slog.New(slog.NewTextHandler(&b, nil)), &b
	}
	notVT := filepath.Join(t.TempDir(), "tty1")
	if err := os.WriteFile(notVT, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("not a VT", func(t *testing.T) {
		log, out := logTo()
		quietConsole("fb:/dev/fb0", notVT, log)()
		if n := strings.Count(out.String(), "\n"); n != 1 ||
			!strings.Contains(out.String(), "level=WARN msg=\"console text and cursor may show over the screen\"") ||
			!strings.Contains(out.String(), notVT+" is not a virtual terminal") {
			t.Errorf("want one warning naming the console:\n%s", out)
		}
	})
	t.Run("missing", func(t *testing.T) {
		log, out := logTo()
		quietConsole("fb:/dev/fb0", filepath.Join(t.TempDir(), "tty9"), log)()
		if n := strings.Count(out.String(), "\n"); n != 1 || !strings.Contains(out.String(), "no such file") {
			t.Errorf("want one warning:\n%s", out)
		}
	})
	t.Run("left alone", func(t *testing.T) {
		for _, c := range []struct{ display, console string }{
			{"file:/tmp/fb@800x480", notVT}, // the e2e tests' display
			{"fb:/dev/fb0", ""},
		} {
			log, out := logTo()
			quietConsole(c.display, c.console, log)()
			if out.Len() > 0 {
				t.Errorf("display %q, console %q: the console was touched:\n%s", c.display, c.console, out)
			}
		}
	})
	t.Run("VT", func(t *testing.T) {
		path := testVT(t)
		log, out := logTo()
		restore := quietConsole("fb:/dev/fb0", path, log)
		if m := vtMode(t, path); m != console.Graphics {
			t.Errorf("%s in %v mode while the kiosk runs, want graphics\n%s", path, m, out)
		}
		restore()
		if m := vtMode(t, path); m != console.Text {
			t.Errorf("%s in %v mode after the kiosk stopped, want text\n%s", path, m, out)
		}
		if !strings.Contains(out.String(), "console in graphics mode") || strings.Contains(out.String(), "WARN") {
			t.Errorf("logs:\n%s", out)
		}

		if r := checkConsole(path); r.result != "ok" || !strings.HasPrefix(r.detail, "text mode") {
			t.Errorf("self-test row %+v", r)
		}
	})
	t.Run("self-test row, not a VT", func(t *testing.T) {
		if r := checkConsole(notVT); r.result != "FAIL" || !strings.Contains(r.detail, "not a virtual terminal") {
			t.Errorf("self-test row %+v", r)
		}
	})
}

// testVT is a virtual terminal nobody uses, as in devices/console's tests
// ($CONSOLE_TEST_TTY, else a free one), put back in its mode afterwards.
func testVT(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CONSOLE_TEST_TTY")
	if path == "" {
		var err error
		if path, err = console.Free(); err != nil {
			t.Skipf("no virtual terminal to test on (set CONSOLE_TEST_TTY=/dev/ttyN to name one): %v", err)
		}
	}
	vt, err := console.Open(path)
	if err != nil {
		t.Skipf("virtual terminal %s cannot be opened: %v", path, err)
	}
	defer vt.Close()
	was, err := vt.Mode()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		vt, err := console.Open(path)
		if err == nil {
			err = vt.SetMode(was)
			vt.Close()
		}
		if err != nil {
			t.Errorf("%s not put back in %v mode: %v", path, was, err)
		}
	})
	return path
}

func vtMode(t *testing.T, path string) console.Mode {
	t.Helper()
	vt, err := console.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer vt.Close()
	m, err := vt.Mode()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
