package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/devices/fbdev"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
	"github.com/motcua/kiosk/storage"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

var noos struct {
	once sync.Once
	bin  string
	err  error
	out  []byte
}

// noosBinary builds the appliance binary as `make dist` does (no cgo, tag
// noos) once per test run.
// applianceTags are the build tags `make dist` builds the appliance with
// (APPLIANCE_TAGS in the Makefile): the binary tested is the one shipped.
const applianceTags = "noos,no_emoji"

func TestApplianceTagsMatchMakefile(t *testing.T) {
	mk, err := os.ReadFile("../../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	want := "\nAPPLIANCE_TAGS := " + applianceTags + "\n"
	if !strings.Contains(string(mk), want) {
		t.Errorf("the Makefile does not set %q", strings.TrimSpace(want))
	}
}

func noosBinary(t testing.TB) string {
	t.Helper()
	noos.once.Do(func() {
		dir, err := os.MkdirTemp("", "kiosk-noos")
		if err != nil {
			noos.err = err
			return
		}
		noos.bin = filepath.Join(dir, "kiosk")
		cmd := exec.Command("go", "build", "-tags", applianceTags, "-o", noos.bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		noos.out, noos.err = cmd.CombinedOutput()
	})
	if noos.err != nil {
		t.Fatalf("build -tags %s: %v\n%s", applianceTags, noos.err, noos.out)
	}
	return noos.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if noos.bin != "" {
		os.RemoveAll(filepath.Dir(noos.bin))
	}
	os.Exit(code)
}

// unitHidden is what the systemd unit (build/deb/files) hides from the
// kiosk with InaccessiblePaths: the system's font directories.
func unitHidden(t testing.TB) []string {
	t.Helper()
	unit, err := os.ReadFile("../../../build/deb/files/motcua-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for line := range strings.SplitSeq(string(unit), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "InaccessiblePaths="); ok {
			for _, p := range strings.Fields(v) {
				paths = append(paths, strings.TrimPrefix(p, "-"))
			}
		}
	}
	return paths
}

var unshare struct {
	once sync.Once
	ok   bool
}

// unitCommand runs bin as the unit would as far as the figures go: with
// the paths the unit hides covered by empty directories, in a mount
// namespace of its own. That needs root and util-linux's unshare (CI has
// both); elsewhere bin runs as it is, and sees the system's fonts.
func unitCommand(t testing.TB, bin string, args ...string) *exec.Cmd {
	t.Helper()
	unshare.once.Do(func() {
		unshare.ok = os.Geteuid() == 0 && exec.Command("unshare", "--mount", "--propagation", "private", "true").Run() == nil
	})
	if !unshare.ok {
		t.Log("not root or no unshare: the kiosk sees the paths its unit hides (the system's fonts)")
		return exec.Command(bin, args...)
	}
	// unshare and sh exec what follows: the process is the kiosk.
	const script = `while [ "$1" != -- ]; do
	if [ -d "$1" ]; then mount -t tmpfs -o ro,mode=000 tmpfs "$1" || exit 1; fi
	shift
done
shift
exec "$@"`
	shArgs := append([]string{"--mount", "--propagation", "private", "sh", "-c", script, "sh"}, unitHidden(t)...)
	shArgs = append(append(shArgs, "--", bin), args...)
	return exec.Command("unshare", shArgs...)
}

// unitFyneCache is the FYNE_CACHE setting of the systemd unit
// (build/deb/files), so that the appliance runs here as it does on a kiosk.
func unitFyneCache(t testing.TB) string {
	t.Helper()
	unit, err := os.ReadFile("../../../build/deb/files/motcua-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(unit), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Environment=FYNE_CACHE="); ok {
			return "FYNE_CACHE=" + v
		}
	}
	t.Fatal("the unit sets no FYNE_CACHE")
	return ""
}

// appliance is the noos kiosk running against file-backed hardware: a
// framebuffer file and two FIFOs of input_event records.
type appliance struct {
	t       testing.TB
	dir     string
	dataDir string
	fbPath  string
	w, h    int
	touch   *os.File
	scan    *os.File
	key     []byte
	cmd     *exec.Cmd
	logs    *lockedBuffer
	exited  chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startAppliance starts the noos binary at w×h against the portal
// simulator, with its settings and secrets as a provisioned kiosk has them.
func startAppliance(t testing.TB, w, h int, extra ...string) *appliance {
	t.Helper()
	return startApplianceWith(t, w, h, "", extra...)
}

// startApplianceWith starts it with more settings (TOML tables).
func startApplianceWith(t testing.TB, w, h int, settings string, extra ...string) *appliance {
	t.Helper()
	bin := noosBinary(t)
	dir := t.TempDir()
	const token = "e2e-device-token"
	sim := httptest.NewServer(portalsim.New(&portalsim.Opts{Token: token}))
	t.Cleanup(sim.Close)
	key := bytes.Repeat([]byte{0x5a}, 32)
	pin, err := kiosk.HashPIN("135790")
	if err != nil {
		t.Fatal(err)
	}
	cfgDir := filepath.Join(dir, "etc")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := writeFileTB(t, cfgDir, "kiosk.toml", fmt.Sprintf(`
commune = "UBND xã Đồng Phúc"
kiosk_id = "e2e-noos"
[portal]
url = %q
%s
`, sim.URL, settings), 0o644)
	writeFileTB(t, cfgDir, "secrets.toml", fmt.Sprintf(`
device_token = %q
hmac_key = %q
staff_pin_hash = %q
`, token, hex.EncodeToString(key), pin), 0o600)

	a := &appliance{t: t, dir: dir, dataDir: filepath.Join(dir, "data"), fbPath: filepath.Join(dir, "fb.raw"),
		w: w, h: h, key: key, logs: &lockedBuffer{}, exited: make(chan error, 1)}
	for _, f := range []struct {
		name string
		to   **os.File
	}{{"touch.fifo", &a.touch}, {"scan.fifo", &a.scan}} {
		p := filepath.Join(dir, f.name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
		// Read-write: opening does not wait for the kiosk.
		fifo, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fifo.Close() })
		*f.to = fifo
	}
	args := append([]string{"run", "--config", cfg, "--data-dir", a.dataDir,
		"--display", fmt.Sprintf("file:%s@%dx%d", a.fbPath, w, h),
		"--input", "touch:" + filepath.Join(dir, "touch.fifo"),
		"--input", "scanner:" + filepath.Join(dir, "scan.fifo")}, extra...)
	a.cmd = unitCommand(t, bin, args...)
	a.cmd.Env = append(os.Environ(), "LANG=vi_VN.UTF-8", "HOME="+dir, unitFyneCache(t))
	a.cmd.Stdout, a.cmd.Stderr = a.logs, a.logs
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(func() {
		a.stop()
		if t.Failed() {
			t.Logf("kiosk output:\n%s", a.logs.String())
		}
	})
	return a
}

func writeFileTB(t testing.TB, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// stop ends the kiosk with SIGTERM, as systemd does, and returns its exit
// error.
func (a *appliance) stop() error {
	if a.cmd.ProcessState != nil {
		return nil
	}
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-a.exited:
		return err
	case <-time.After(10 * time.Second):
		a.cmd.Process.Kill()
		<-a.exited
		return fmt.Errorf("no exit within 10 s of SIGTERM")
	}
}

// frame reads the framebuffer file.
func (a *appliance) frame() *image.NRGBA {
	a.t.Helper()
	b, err := os.ReadFile(a.fbPath)
	if err != nil || len(b) < a.w*a.h*4 {
		return nil
	}
	img, err := fbdev.Decode(b, a.w, a.h, fbdev.XRGB8888)
	if err != nil {
		a.t.Fatal(err)
	}
	return img
}

// waitFrame waits up to 20 s for a frame that satisfies ok and returns it.
func (a *appliance) waitFrame(what string, ok func(*image.NRGBA) bool) *image.NRGBA {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if img := a.frame(); img != nil && ok(img) {
			return img
		}
		select {
		case err := <-a.exited:
			a.t.Fatalf("%s: the kiosk exited: %v", what, err)
		default:
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("%s: not on the framebuffer after 20 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tap touches at (x, y) and lifts, as the official display's driver
// reports it (multi-touch protocol B), in screen pixels.
func (a *appliance) tap(x, y int) {
	a.t.Helper()
	syn := evdev.Event{Type: evdev.EvSyn, Code: evdev.SynReport}
	abs := func(c uint16, v int) evdev.Event { return evdev.Event{Type: evdev.EvAbs, Code: c, Value: int32(v)} }
	err := evdev.Encode(a.touch,
		abs(evdev.AbsMTSlot, 0), abs(evdev.AbsMTTrackingID, 1), abs(evdev.AbsMTPositionX, x), abs(evdev.AbsMTPositionY, y), syn,
		abs(evdev.AbsMTTrackingID, -1), syn)
	if err != nil {
		a.t.Fatal(err)
	}
}

// scanCode types code and Enter as a USB scanner does.
func (a *appliance) scanCode(code string) {
	a.t.Helper()
	evs, err := evdev.ScanEvents(code, time.Now())
	if err != nil {
		a.t.Fatal(err)
	}
	if err := evdev.Encode(a.scan, evs...); err != nil {
		a.t.Fatal(err)
	}
}

// pixels counts the pixels of colour c.
func pixels(img *image.NRGBA, c color.Color) (n int, centre image.Point) {
	r, g, b, _ := c.RGBA()
	want := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
	var sx, sy int
	for y := 0; y < img.Rect.Dy(); y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < img.Rect.Dx(); x++ {
			if row[4*x] == want[0] && row[4*x+1] == want[1] && row[4*x+2] == want[2] {
				n++
				sx += x
				sy += y
			}
		}
	}
	if n > 0 {
		centre = image.Pt(sx/n, sy/n)
	}
	return n, centre
}

// changed counts the pixels that differ.
func changed(a, b *image.NRGBA) int {
	n := 0
	for i := 0; i < len(a.Pix) && i < len(b.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}

// TestEndToEndAppliance runs the appliance build as on a Pi, with files for
// hardware: it taps the lookup tile through a FIFO of touch events, scans a
// demo receipt through a FIFO of key events, and checks the framebuffer
// file for the result screen and the ledger for the lookup.
func TestEndToEndAppliance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance binary")
	}
	const w, h = 800, 480
	noosBinary(t)
	start := time.Now()
	a := startAppliance(t, w, h)

	// Home: the lookup tile is the one filled with the action blue.
	home := a.waitFrame("the home screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	firstFrame := time.Since(start)
	tiles, tile := pixels(home, kiosktheme.Primary)
	t.Logf("home after %s; lookup tile %d px around %v", firstFrame.Round(time.Millisecond), tiles, tile)

	// The touch: the lookup screen replaces home.
	tapped := time.Now()
	a.tap(tile.X, tile.Y)
	a.waitFrame("the lookup screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return changed(home, img) > w*h/10 && n != tiles
	})
	time.Sleep(300 * time.Millisecond) // let a pressed state settle
	lookup := a.frame()
	t.Logf("lookup screen %s after the tap", time.Since(tapped).Round(time.Millisecond))

	// The scan: one whole code from the scanner's own device.
	var code string
	for _, d := range portalsim.DemoDossiers() {
		if d.Secret == "" {
			code = d.Code
			break
		}
	}
	scanned := time.Now()
	a.scanCode(code)
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(code))
	ref := hex.EncodeToString(m.Sum(nil))
	got := a.waitLedger("the scanned lookup", func(e firmware.UsageEvent) bool { return e.Kind == firmware.KindLookup && e.CodeRef == ref })
	if got.Outcome != firmware.OutcomeOK || !got.Status.Valid() {
		t.Fatalf("lookup event %+v", got)
	}

	// The result screen: a wide band in the status's colour, drawn without
	// any further input (the lookup answer comes from a goroutine).
	tone := kiosktheme.ToneColor(kiosktheme.StatusTone(got.Status))
	before, _ := pixels(lookup, tone)
	result := a.waitFrame("the result screen's status band", func(img *image.NRGBA) bool {
		n, _ := pixels(img, tone)
		return n > before+w*20
	})
	n, _ := pixels(result, tone)
	t.Logf("result screen %s after the scan: status %d band %d px (lookup screen had %d)",
		time.Since(scanned).Round(time.Millisecond), got.Status, n, before)

	// A malformed scan is refused before any request and counted as such.
	a.scanCode("abc")
	a.waitLedger("the refused scan", func(e firmware.UsageEvent) bool { return e.Outcome == firmware.EINVALID && e.CodeRef == "" })
	// The simulated board's visitor walked up a second after the start:
	// the motion sensor counts a visit.
	a.waitLedger("the visit", func(e firmware.UsageEvent) bool { return e.Kind == firmware.KindVisit })

	// SIGTERM ends it cleanly.
	if err := a.stop(); err != nil {
		t.Fatalf("exit: %v", err)
	}
	logs := a.logs.String()
	if strings.Contains(logs, code) {
		t.Error("the logs hold the plain code")
	}
	for _, f := range []string{"kiosk.db", "kiosk.db-wal"} {
		b, _ := os.ReadFile(filepath.Join(a.dataDir, f))
		if bytes.Contains(b, []byte(code)) {
			t.Errorf("%s holds the plain code", f)
		}
	}
	if !strings.Contains(logs, "first frame") {
		t.Error("no first frame logged")
	}
}

// waitLedger waits up to 20 s for an event that satisfies ok.
func (a *appliance) waitLedger(what string, ok func(firmware.UsageEvent) bool) firmware.UsageEvent {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if db, err := storage.Open(context.Background(), filepath.Join(a.dataDir, "kiosk.db")); err == nil {
			evs, err := storage.NewLedger(db).Events(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			db.Close()
			if err == nil {
				for _, e := range evs {
					if ok(e) {
						return e
					}
				}
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("%s: not in the ledger after 20 s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestApplianceBlanksAndWakes: with nobody there the screen goes black;
// a touch lights it again, and that touch presses nothing. The screen
// comes back as it was, after the settling frame drawn while it was dark
// (Fyne makes the renderers it dropped meanwhile anew; they painted blank
// before the renderer laid them out).
func TestApplianceBlanksAndWakes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance binary")
	}
	const w, h = 800, 480
	a := startApplianceWith(t, w, h, "[display]\nblank_after = \"10s\"\n", "--verbose")
	home := a.waitFrame("the home screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	tiles, tile := pixels(home, kiosktheme.Primary)
	a.waitFrame("the blanked screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, color.Black)
		return n == w*h
	})
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(a.logs.String(), "msg=settled") {
		if time.Now().After(deadline) {
			t.Fatal("no settling frame 20 s after the screen went dark")
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.tap(tile.X, tile.Y)
	a.waitFrame("the screen woken", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	time.Sleep(500 * time.Millisecond)
	if n, _ := pixels(a.frame(), kiosktheme.Primary); n != tiles {
		t.Fatalf("after the waking touch the screen changed (%d action-blue pixels, home had %d): the touch pressed the tile", n, tiles)
	}
	// The next touch works.
	a.tap(tile.X, tile.Y)
	a.waitFrame("the lookup screen", func(img *image.NRGBA) bool { return changed(home, img) > w*h/10 })
	logs := a.logs.String()
	if !strings.Contains(logs, "screen off") || !strings.Contains(logs, "screen on") {
		t.Errorf("blanking not logged")
	}
}
