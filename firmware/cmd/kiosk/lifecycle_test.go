package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
	"github.com/motcua/kiosk/storage"
)

// Open wires a demo kiosk (simulator, sim board, ledger in the data
// directory), Run hands it to the display backend until ctx is done, and
// Close stops the simulator and closes the ledger.
func TestMainLifecycle(t *testing.T) {
	dir := t.TempDir()
	o := runOpts{cfg: settings.Default(), demo: true, dataDir: filepath.Join(dir, "data")}
	var out, logs bytes.Buffer
	m, err := Open(context.Background(), o, &out, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !strings.Contains(out.String(), "demo mode: portal simulator at "+m.portalURL) {
		t.Errorf("stdout %q", out.String())
	}
	for _, f := range []string{"kiosk.db", "secrets.toml"} {
		if _, err := os.Stat(filepath.Join(o.dataDir, f)); err != nil {
			t.Errorf("Open made no %s: %v", f, err)
		}
	}
	resp, err := http.Get(m.portalURL + "/v1/health")
	if err != nil {
		t.Fatalf("the simulator does not answer: %v", err)
	}
	resp.Body.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var shown *kiosk.Kiosk
	m.display = func(ctx context.Context, k *kiosk.Kiosk, ro runOpts, _ *slog.Logger) error {
		shown = k
		if ro.board == nil || ro.events == nil || len(ro.alive) == 0 {
			t.Errorf("the display is not given the board, its events and the ledger's check: %+v", ro)
		}
		<-ctx.Done()
		return errors.New("window closed")
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	if err := m.Run(ctx); err == nil || err.Error() != "window closed" {
		t.Errorf("Run = %v, want the display's answer", err)
	}
	if shown == nil || shown != m.kiosk {
		t.Error("Run did not hand the kiosk to the display")
	}

	m.Close()
	m.Close() // twice is harmless
	c := &http.Client{Timeout: time.Second}
	if resp, err := c.Get(m.portalURL + "/v1/health"); err == nil {
		resp.Body.Close()
		t.Error("the simulator still answers after Close")
	}
	// The ledger was closed cleanly: it opens without recovery.
	db, rec, err := storage.OpenOrRecover(context.Background(), filepath.Join(o.dataDir, "kiosk.db"))
	if err != nil || rec != nil {
		t.Fatalf("the ledger after Close: %v, recovery %+v", err, rec)
	}
	db.Close()
}

// Open stops what it started when wiring fails part-way, and says why.
func TestMainOpenFails(t *testing.T) {
	o := runOpts{cfg: settings.Default(), dataDir: t.TempDir()} // provisioned, no secrets
	if m, err := Open(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || m != nil {
		t.Fatalf("Open without secrets: %v, %v", m, err)
	}
	// Secrets, but no portal URL: the ledger is opened, then closed again.
	if _, _, err := settings.LoadSecrets(filepath.Join(o.dataDir, "secrets.toml"), true); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `no "portal.url"`) {
		t.Fatalf("Open without a portal: %v", err)
	}
	db, rec, err := storage.OpenOrRecover(context.Background(), filepath.Join(o.dataDir, "kiosk.db"))
	if err != nil || rec != nil {
		t.Fatalf("the ledger after a failed Open: %v, recovery %+v", err, rec)
	}
	db.Close()
}

// The screens take their options from the settings, the same for both
// display backends.
func TestScreenOptions(t *testing.T) {
	c := settings.Default()
	c.Commune, c.Language = "UBND xã Phúc Lộc", "en"
	c.Idle.ResetAfter.Duration, c.Idle.Countdown.Duration, c.Idle.StaffSignout.Duration = 90*time.Second, 15*time.Second, 3*time.Minute
	frames := 0
	o := screenOptions(c, func() { frames++ })
	if o.Commune != c.Commune || o.Language != "en" || o.IdleAfter != 90*time.Second || o.Countdown != 15*time.Second ||
		o.StaffIdle != 3*time.Minute || o.Version != version || o.RequestFrame == nil {
		t.Fatalf("options %+v", o)
	}
	o.RequestFrame()
	if frames != 1 {
		t.Error("RequestFrame is not the backend's")
	}
	if screenOptions(c, nil).RequestFrame != nil {
		t.Error("a window was given a frame request")
	}
}
