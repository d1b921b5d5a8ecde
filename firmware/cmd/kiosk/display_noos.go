//go:build noos

package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua/kiosk/devices/backlight"
	"github.com/motcua/kiosk/devices/console"
	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/devices/fbdev"
	"github.com/motcua/kiosk/firmware/cmd/kiosk/internal/screen"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/ui/theme"
)

// The appliance build draws into the framebuffer and reads every input
// device (DESIGN §3).
const (
	applianceBuild = true
	defaultDisplay = "fb:/dev/fb0"
	defaultInput   = "auto"
)

// The appliance's soft memory limit, unless GOMEMLIMIT says otherwise:
// a base and room for some frames' garbage (measured: a flat 64 MiB made
// a touch at 1920×1080 take about a third longer to show). Measured at
// 800×480 on x86 (BenchmarkApplianceIdle, BenchmarkApplianceTouch), with
// Fyne's emoji font still in the build: a base of 48 MiB idled at 80 MB
// with a touch shown in 35 ms (p50); 24 MiB at 64 MB and 44 ms; 16 MiB at
// 56 MB and 53 ms. Without it (APPLIANCE_TAGS) the live heap at home is
// about 20 MB, mostly fonts, and the base matters little: 16 MiB idled at
// 54 MB with 47 ms, 48 MiB at 56 MB with 44 ms. Those touches were
// Fyne's captures of the whole window; with ui/render a frame is garbage
// of a few kilobytes, and 16 MiB idles at 52 MB with a touch shown in
// 2 ms. Twelve frames' room let a burst of 1,000 scans reach 57.6 MB;
// with four it reaches 46.7 MB, and touches show as fast (800×480:
// 1.6 ms p50, 1920×1080: 6.6 ms).
const (
	memoryBase   = 16 << 20
	memoryFrames = 4
)

// display runs the screens on Fyne's embedded driver: frames into the
// framebuffer (or a file), touches and scans from evdev (or files and
// FIFOs). It returns when ctx is done.
func display(ctx context.Context, k *kiosk.Kiosk, o runOpts, log *slog.Logger) error {
	fb, err := openDisplay(o.display, o.cfg.Display.Rotation)
	if err != nil {
		return err
	}
	defer fb.Close()
	// Deferred after fb.Close, so run before it: the console's text comes
	// back over the last frame.
	defer quietConsole(o.display, o.cfg.Display.Console, log)()
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit has the GC return garbage before the heap doubles,
		// on a Pi Zero 2 W that has 512 MB for everything. The renderer
		// makes little per frame (it repaints one kept image); building a
		// screen and drawing its new sprites through Fyne's painter make
		// more, and the limit leaves room for that, or the GC would run
		// several times a screen.
		p := fb.Size()
		debug.SetMemoryLimit(memoryBase + memoryFrames*int64(p.X*p.Y*4))
	}
	in, err := parseInputs(o.inputs)
	if err != nil {
		return err
	}

	pw := screen.NewPower(fb, openBacklight(o.cfg.Display.Backlight, log), screen.PowerOpts{
		BlankAfter:    o.cfg.Display.BlankAfter.Duration,
		MinBrightness: o.cfg.Display.MinBrightness,
		MaxBrightness: o.cfg.Display.MaxBrightness,
	}, log)
	defer pw.Stop()
	if o.events != nil {
		o.events.onMotion(func() { pw.Wake() })
		o.events.onLight(pw.Lux)
	}

	scr := screen.New(fb, pw, log)
	a := app.NewWithID("vn.motcua.kiosk")
	app.SetDriverDetails(a, scr)
	// SetDriverDetails sets Fyne's own theme; ours goes on top.
	a.Settings().SetTheme(theme.New())
	win := a.NewWindow("Một Cửa Kiosk")
	win.SetPadded(false)
	ictx, stopInputs := context.WithCancel(ctx)

	u := newScreens(win, k, o.cfg, scr.RequestFrame)
	u.Start()
	scr.Attach(ictx, win)

	size := fb.Size()
	in.Touch = evdev.TouchOpts{Width: size.X, Height: size.Y, Rotation: fb.Rotation()}
	copy(in.Touch.Calibration[:], o.cfg.Display.TouchCalibration)
	in.OnTouch = scr.Touch
	in.OnScan = func(code string) {
		// A scan is meant: it wakes the screen and is looked up.
		pw.Wake()
		u.Scan(code)
	}
	in.Log = log

	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); in.Run(ictx) }()
	go func() { defer wg.Done(); scr.Pump(ictx) }()
	go func() { defer wg.Done(); scr.Frames(ictx) }()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()

	log.Info("display", "fb", fb.String(), "inputs", strings.Join(o.inputs, " "))
	win.ShowAndRun()

	// A scan being handed over waits on the driver, which has quit: stop
	// the UI first so that it gives up.
	u.Stop()
	stopInputs()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		log.Warn("inputs still busy at exit")
	}
	return nil
}

// selftestDisplay shows colour bars on the display, for the self-test.
func selftestDisplay(spec string, rotation int) (size image.Point, where, detail string, err error) {
	fb, err := openDisplay(spec, rotation)
	if err != nil {
		return size, spec, "", err
	}
	defer fb.Close()
	size = fb.Size()
	img := image.NewNRGBA(image.Rectangle{Max: size})
	bars := []color.NRGBA{{255, 255, 255, 255}, {255, 255, 0, 255}, {0, 255, 255, 255}, {0, 255, 0, 255},
		{255, 0, 255, 255}, {255, 0, 0, 255}, {0, 0, 255, 255}, {0, 0, 0, 255}}
	for y := range size.Y {
		for x := range size.X {
			img.SetNRGBA(x, y, bars[x*len(bars)/size.X])
		}
	}
	if err := fb.Draw(img); err != nil {
		return size, spec, "", err
	}
	return size, spec, fmt.Sprintf("%dx%d %s: colour bars shown, check them by eye", size.X, size.Y, fb.Format()), nil
}

// quietConsole puts the console that shares the framebuffer, the virtual
// terminal at path, in graphics mode, so that the kernel draws no console
// text or cursor over the frames, and returns what puts it back in text
// mode. Only a framebuffer device ("fb:…") has a console: a file standing
// in for one ("file:…") leaves it alone, and so does an empty path. A
// console that cannot be set costs one warning, never the screen: the
// kiosk runs on, its frames perhaps marked by the console.
//
// A kiosk that is killed, not stopped, leaves the console in graphics
// mode: systemd starts it again (Restart=always), which sets graphics mode
// once more; if it is not started again, the console stays without text
// until the next boot.
func quietConsole(display, path string, log *slog.Logger) (restore func()) {
	if path == "" || !strings.HasPrefix(display, "fb:") {
		return func() {}
	}
	vt, err := console.Open(path)
	if err == nil {
		if err = vt.SetMode(console.Graphics); err != nil {
			vt.Close()
		}
	}
	if err != nil {
		log.Warn("console text and cursor may show over the screen", "err", err)
		return func() {}
	}
	log.Info("console in graphics mode", "console", vt.String())
	return func() {
		if err := vt.SetMode(console.Text); err != nil {
			log.Warn("console not put back in text mode", "err", err)
		}
		vt.Close()
	}
}

// openBacklight opens the backlight the settings name: "auto" the first
// one there is, "none" none, else a name under /sys/class/backlight or a
// directory. A screen without one is blanked through the framebuffer only.
func openBacklight(name string, log *slog.Logger) screen.Dimmer {
	var dir string
	switch {
	case name == "none":
		return nil
	case name == "auto" || name == "":
		var err error
		if dir, err = backlight.Find(""); err != nil {
			log.Info("no backlight to dim", "err", err)
			return nil
		}
	case strings.HasPrefix(name, "/"):
		dir = name
	default:
		dir = filepath.Join(backlight.DefaultRoot, name)
	}
	bl, err := backlight.Open(dir)
	if err != nil {
		log.Warn("backlight missing", "err", err)
		return nil
	}
	log.Info("backlight", "dev", bl.String())
	return bl
}

// openDisplay opens "fb:/dev/fb0" or "file:PATH@WxH[:xrgb8888|rgb565]".
func openDisplay(spec string, rotation int) (*fbdev.Dev, error) {
	opts := &fbdev.Opts{Rotation: rotation}
	kind, rest, _ := strings.Cut(spec, ":")
	switch kind {
	case "fb":
		if rest == "" {
			break
		}
		return fbdev.Open(rest, opts)
	case "file":
		i := strings.LastIndexByte(rest, '@')
		if i <= 0 {
			break
		}
		path, geom := rest[:i], rest[i+1:]
		geom, fname, _ := strings.Cut(geom, ":")
		ws, hs, ok := strings.Cut(geom, "x")
		w, errw := strconv.Atoi(ws)
		h, errh := strconv.Atoi(hs)
		if !ok || errw != nil || errh != nil {
			break
		}
		f := fbdev.XRGB8888
		if fname != "" {
			var err error
			if f, err = fbdev.ParseFormat(fname); err != nil {
				return nil, err
			}
		}
		return fbdev.OpenFile(path, w, h, f, opts)
	}
	return nil, fmt.Errorf("run: --display %q is not fb:DEVICE or file:PATH@WxH[:xrgb8888|rgb565]", spec)
}
