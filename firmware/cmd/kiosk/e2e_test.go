package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
	"github.com/motcua/kiosk/storage"
)

// needTools skips the test when a tool is missing on a developer's machine,
// and fails it in CI, where .ci/run must have installed it.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed; build/install-deps.sh installs it", tool)
			}
			t.Skipf("%s is not installed (build/install-deps.sh installs it)", tool)
		}
	}
}

// startXvfb starts a virtual X server on a free display and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 91; n < 140; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		disp := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", disp, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatalf("Xvfb: %v", err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
				return disp
			}
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		t.Logf("Xvfb %s did not start: %s", disp, errOut.String())
	}
	t.Fatal("no free X display")
	return ""
}

func xdotool(t *testing.T, disp string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+disp)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestEndToEndScanUnderXvfb starts the real kiosk binary in a window under
// Xvfb against the portal simulator, types a demo code and Enter as a USB
// scanner does, and checks the ledger: the lookup is there, under the keyed
// hash of the code, and the code itself is nowhere in the database or logs.
func TestEndToEndScanUnderXvfb(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a window")
	}
	needTools(t, "Xvfb", "xdotool")

	dir := t.TempDir()
	bin := filepath.Join(dir, "kiosk")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	const token = "e2e-device-token"
	sim := httptest.NewServer(portalsim.New(&portalsim.Opts{Token: token}))
	defer sim.Close()

	key := bytes.Repeat([]byte{0x5a}, 32)
	pin, err := kiosk.HashPIN("135790")
	if err != nil {
		t.Fatal(err)
	}
	cfgDir := filepath.Join(dir, "etc")
	dataDir := filepath.Join(dir, "data")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, cfgDir, "kiosk.toml", fmt.Sprintf(`
commune = "UBND xã Đồng Phúc"
kiosk_id = "e2e-kiosk"
[portal]
url = %q
`, sim.URL), 0o644)
	writeFile(t, cfgDir, "secrets.toml", fmt.Sprintf(`
device_token = %q
hmac_key = %q
staff_pin_hash = %q
`, token, hex.EncodeToString(key), pin), 0o600)

	var code string
	for _, d := range portalsim.DemoDossiers() {
		if d.Secret == "" {
			code = d.Code
			break
		}
	}
	if code == "" {
		t.Fatal("no demo dossier without a secret")
	}

	disp := startXvfb(t)
	var logs bytes.Buffer
	k := exec.Command(bin, "run", "--config", cfg, "--data-dir", dataDir)
	k.Env = append(os.Environ(), "DISPLAY="+disp, "LANG=vi_VN.UTF-8", "HOME="+dir)
	k.Stdout, k.Stderr = &logs, &logs
	if err := k.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- k.Wait() }()
	defer func() {
		k.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			k.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("kiosk output:\n%s", logs.String())
		}
	}()

	wid := xdotool(t, disp, "search", "--sync", "--onlyvisible", "--name", "Kiosk$")
	wid = strings.Fields(wid)[0]
	xdotool(t, disp, "windowfocus", "--sync", wid)
	// Give the first frame a moment; a scanner types fast but not before the
	// window exists.
	time.Sleep(500 * time.Millisecond)

	db, err := storage.Open(context.Background(), filepath.Join(dataDir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ledger := storage.NewLedger(db)
	since := time.Now().Add(-time.Hour)

	waitFor := func(what string, ok func([]firmware.UsageEvent) bool) []firmware.UsageEvent {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			evs, err := ledger.Events(context.Background(), since, time.Now().Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if ok(evs) {
				return evs
			}
			if time.Now().After(deadline) {
				shot := filepath.Join(os.TempDir(), "kiosk-e2e.png")
				exec.Command("import", "-display", disp, "-window", "root", shot).Run()
				t.Fatalf("%s: not in the ledger after 20 s (%d events; screenshot %s)", what, len(evs), shot)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	// The scan: the code and Enter, as a USB scanner types them.
	xdotool(t, disp, "type", "--delay", "15", code)
	xdotool(t, disp, "key", "Return")
	m := hmac.New(sha256.New, key)
	m.Write([]byte(code))
	ref := hex.EncodeToString(m.Sum(nil))
	evs := waitFor("the scanned lookup", func(evs []firmware.UsageEvent) bool {
		for _, e := range evs {
			if e.Kind == firmware.KindLookup && e.CodeRef == ref {
				return true
			}
		}
		return false
	})
	var got firmware.UsageEvent
	for _, e := range evs {
		if e.CodeRef == ref {
			got = e
		}
	}
	if got.Outcome != firmware.OutcomeOK || !got.Status.Valid() || got.Procedure == "" {
		t.Fatalf("lookup event %+v", got)
	}

	// A malformed scan is refused before any request and counted as such.
	xdotool(t, disp, "type", "--delay", "15", "abc")
	xdotool(t, disp, "key", "Return")
	waitFor("the refused scan", func(evs []firmware.UsageEvent) bool {
		for _, e := range evs {
			if e.Outcome == firmware.EINVALID && e.CodeRef == "" {
				return true
			}
		}
		return false
	})

	// Privacy: the code is in neither the database files nor the logs.
	for _, f := range []string{"kiosk.db", "kiosk.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dataDir, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(code)) {
			t.Errorf("%s holds the plain code", f)
		}
	}
	if strings.Contains(logs.String(), code) {
		t.Errorf("the logs hold the plain code")
	}
}
