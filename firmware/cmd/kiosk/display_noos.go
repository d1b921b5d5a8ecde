//go:build noos

package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/embedded"

	"github.com/motcua/kiosk/devices/backlight"
	"github.com/motcua/kiosk/devices/console"
	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/devices/fbdev"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/ui"
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
// 54 MB with 47 ms, 48 MiB at 56 MB with 44 ms.
const (
	memoryBase   = 16 << 20
	memoryFrames = 12
)

// processStart is when the process started, near enough: the appliance
// logs how long its first frame took.
var processStart = time.Now()

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
		// Every frame captured is garbage of two full-screen images; a
		// soft limit has the GC return it before the heap doubles, on a Pi
		// Zero 2 W that has 512 MB for everything. It leaves room for a
		// few frames, or the GC would run after each one.
		p := fb.Size()
		debug.SetMemoryLimit(memoryBase + memoryFrames*int64(p.X*p.Y*4))
	}
	in, err := parseInputs(o.inputs)
	if err != nil {
		return err
	}

	pw := newScreenPower(fb, openBacklight(o.cfg.Display.Backlight, log), o.cfg.Display.BlankAfter.Duration,
		o.cfg.Display.MinBrightness, o.cfg.Display.MaxBrightness, log)
	defer pw.stop()
	if o.events != nil {
		o.events.onMotion(func() { pw.wake() })
		o.events.onLight(pw.lux)
	}

	scr := newScreen(fb, log)
	scr.power = pw
	a := app.NewWithID("vn.motcua.kiosk")
	app.SetDriverDetails(a, scr)
	// SetDriverDetails sets Fyne's own theme; ours goes on top.
	a.Settings().SetTheme(theme.New())
	win := a.NewWindow("Một Cửa Kiosk")
	win.SetPadded(false)
	scr.win = win

	u := ui.New(win, k.Citizen, k.Staff, &ui.Options{
		Commune:      o.cfg.Commune,
		IdleAfter:    o.cfg.Idle.ResetAfter.Duration,
		Countdown:    o.cfg.Idle.Countdown.Duration,
		StaffIdle:    o.cfg.Idle.StaffSignout.Duration,
		Version:      version,
		RequestFrame: scr.RequestFrame,
		Language:     o.cfg.Language,
	})
	u.Start()

	size := fb.Size()
	in.Touch = evdev.TouchOpts{Width: size.X, Height: size.Y, Rotation: fb.Rotation()}
	copy(in.Touch.Calibration[:], o.cfg.Display.TouchCalibration)
	in.OnTouch = scr.touch
	in.OnScan = func(code string) {
		// A scan is meant: it wakes the screen and is looked up.
		pw.wake()
		u.Scan(code)
	}
	in.Log = log

	ictx, stopInputs := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); in.Run(ictx) }()
	go func() { defer wg.Done(); scr.pump(ictx) }()
	go func() { defer wg.Done(); scr.draw(ictx) }()
	// Not waited for: after the driver quits, a frame it asked for waits
	// on the driver forever.
	go scr.frames(ictx)
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
func openBacklight(name string, log *slog.Logger) dimmer {
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

// screen is the kiosk's side of Fyne's embedded driver (embedded.Driver):
// it hands the driver its size and its input events, and takes the frames
// the driver renders to the framebuffer.
//
// Frames. The driver renders after each input event it handles and never
// otherwise, but the screens also change from goroutines (a lookup's
// answer, the clock, the idle countdown), which ui reports through
// Options.RequestFrame. A request bumps a counter and wakes the frames
// goroutine, which captures the window on the Fyne goroutine unless a
// frame rendered since the request already shows the change: every
// rendered frame, the driver's or ours, records the count it covers. A
// change is applied on the Fyne goroutine before it is requested, and
// capture and record happen together there, so a frame that records a
// request always shows its change. Requests arriving while a frame is
// captured fold into the next one.
//
// Output. Frames go to the draw goroutine through a one-slot mailbox, the
// newest replacing one not yet drawn, so the Fyne goroutine never waits
// for the framebuffer and a slow panel drops frames instead of lagging.
//
// Input. Touches go through pump, which joins successive moves of a finger
// while the driver is busy, so a drag never queues more frames than the
// screen can show. Only the first finger down counts until it lifts: a
// palm resting on the glass must not tap. The touch that wakes a blanked
// screen presses nothing. After a drag a few more frames show the scroll
// gliding on, which Fyne moves from its own goroutine without drawing.
type screen struct {
	fb  *fbdev.Dev
	log *slog.Logger
	win fyne.Window

	events chan embedded.Event // to the driver
	in     chan queued         // from the touch screens, to pump
	handed atomic.Int64        // unix ns of the input the driver handles last

	requested atomic.Uint64 // frame requests made
	covered   atomic.Uint64 // requests the last rendered frame shows
	wake      chan struct{}
	out       chan frame // frames for draw, newest only

	power *screenPower

	touchMu sync.Mutex
	primary int  // the finger that counts; -1: none down
	swallow bool // it woke the screen: it presses nothing
	down    fyne.Position
	dragged bool // it moved far enough to drag

	firstFrame sync.Once
	drawn      atomic.Uint64 // frames written, for tests and logs
}

var _ embedded.Driver = (*screen)(nil)

func newScreen(fb *fbdev.Dev, log *slog.Logger) *screen {
	return &screen{
		fb: fb, log: log,
		events:  make(chan embedded.Event),
		in:      make(chan queued, 64),
		wake:    make(chan struct{}, 1),
		out:     make(chan frame, 1),
		primary: -1,
	}
}

// Render takes a frame the driver rendered after an input event, on the
// Fyne goroutine.
func (s *screen) Render(img image.Image) {
	s.covered.Store(s.requested.Load())
	s.submit(frame{img: img, input: time.Unix(0, s.handed.Load())})
}

// frame is a rendered window and the time of the input it answers (zero
// time for a frame asked for by RequestFrame).
type frame struct {
	img   image.Image
	input time.Time
}

// queued is an input event waiting for the driver, with the kernel's time
// of the touch.
type queued struct {
	ev embedded.Event
	at time.Time
}

// Run runs the driver's loop on the calling goroutine.
func (s *screen) Run(loop func()) { loop() }

// ScreenSize is the picture's size in pixels, after rotation: Fyne's
// embedded canvas draws one pixel per unit.
func (s *screen) ScreenSize() fyne.Size {
	p := s.fb.Size()
	return fyne.NewSize(float32(p.X), float32(p.Y))
}

// Queue is the driver's input.
func (s *screen) Queue() chan embedded.Event { return s.events }

// RequestFrame asks for the window to be drawn again; see screen. It may be
// called from any goroutine but Fyne's, and never blocks.
func (s *screen) RequestFrame() {
	s.requested.Add(1)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// frames renders the frames asked for by RequestFrame.
func (s *screen) frames(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		if s.covered.Load() >= s.requested.Load() {
			continue // an input event's frame already showed it
		}
		fyne.DoAndWait(func() {
			req := s.requested.Load()
			if s.covered.Load() >= req {
				return
			}
			img := s.win.Canvas().Capture()
			s.covered.Store(req)
			s.submit(frame{img: img})
		})
	}
}

// submit hands a frame to draw, replacing one not drawn yet.
func (s *screen) submit(f frame) {
	for {
		select {
		case s.out <- f:
			return
		default:
		}
		select {
		case <-s.out:
		default:
		}
	}
}

// draw writes frames to the framebuffer.
func (s *screen) draw(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case f := <-s.out:
			if err := s.fb.Draw(f.img); err != nil {
				s.log.Error("frame not drawn", "err", err)
				continue
			}
			s.drawn.Add(1)
			if f.input.UnixNano() > 0 {
				// How long a touch takes to show: the figure the
				// benchmarks read.
				s.log.Debug("frame", "after_input", time.Since(f.input))
			}
			s.firstFrame.Do(func() {
				s.log.Info("first frame", "after", time.Since(processStart).Round(time.Millisecond))
			})
		}
	}
}

// touch takes a contact from a touch screen.
func (s *screen) touch(c evdev.Contact) {
	s.touchMu.Lock()
	switch {
	case c.Phase == evdev.Down && s.primary < 0:
		s.primary = c.ID
		s.swallow = s.power != nil && s.power.wake()
		s.down, s.dragged = fyne.NewPos(c.X, c.Y), false
	case c.ID != s.primary:
		s.touchMu.Unlock()
		return
	case c.Phase == evdev.Move:
		// Fyne's own threshold between a tap and a drag.
		if math.Abs(float64(c.X-s.down.X)) >= 4 || math.Abs(float64(c.Y-s.down.Y)) >= 4 {
			s.dragged = true
		}
	case c.Phase == evdev.Up:
		s.primary = -1
		if s.dragged && !s.swallow {
			for _, d := range settleAfter {
				time.AfterFunc(d, s.RequestFrame)
			}
		}
	}
	swallow := s.swallow
	s.touchMu.Unlock()
	if swallow {
		return
	}
	pos := fyne.NewPos(c.X, c.Y)
	var e embedded.Event
	switch c.Phase {
	case evdev.Down:
		e = &embedded.TouchDownEvent{Position: pos, ID: c.ID}
	case evdev.Move:
		e = &embedded.TouchMoveEvent{Position: pos, ID: c.ID}
	default:
		e = &embedded.TouchUpEvent{Position: pos, ID: c.ID}
	}
	select {
	case s.in <- queued{ev: e, at: c.Time}:
	default:
		// pump always takes events while it runs, so the queue is only full
		// once it stopped: at exit.
	}
}

// settleAfter are the frames asked for after a drag ends: Fyne lets a
// scroll glide on from its own goroutine without drawing, and these frames
// show the glide and where it stops.
var settleAfter = []time.Duration{100 * time.Millisecond, 350 * time.Millisecond, 700 * time.Millisecond}

// maxQueued bounds the events waiting for the driver.
const maxQueued = 256

// pump feeds the driver the touches, joining a finger's moves while it is
// busy.
func (s *screen) pump(ctx context.Context) {
	var queue []queued
	for {
		var out chan embedded.Event
		var head queued
		if len(queue) > 0 {
			out, head = s.events, queue[0]
		}
		select {
		case <-ctx.Done():
			return
		case e := <-s.in:
			queue = coalesce(queue, e)
		case out <- head.ev:
			// The driver takes the next event only after drawing this one:
			// until then, its frames answer this input.
			s.handed.Store(head.at.UnixNano())
			queue[0] = queued{}
			queue = queue[1:]
		}
	}
}

// coalesce queues e, replacing a move of the same finger at the tail.
func coalesce(queue []queued, e queued) []queued {
	if m, ok := e.ev.(*embedded.TouchMoveEvent); ok && len(queue) > 0 {
		if last, ok := queue[len(queue)-1].ev.(*embedded.TouchMoveEvent); ok && last.ID == m.ID {
			queue[len(queue)-1] = e
			return queue
		}
	}
	if len(queue) >= maxQueued {
		// The driver is stuck; dropping input beats growing without end.
		return queue
	}
	return append(queue, e)
}
