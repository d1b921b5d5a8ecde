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
	"github.com/motcua/kiosk/ui/render"
	"github.com/motcua/kiosk/ui/theme"
	"github.com/motcua/kiosk/ui/touch"
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
// 2 ms.
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
	ictx, stopInputs := context.WithCancel(ctx)

	u := newScreens(win, k, o.cfg, scr.RequestFrame)
	u.Start()
	scr.attach(ictx, win)

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

	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); in.Run(ictx) }()
	go func() { defer wg.Done(); scr.pump(ictx) }()
	go func() { defer wg.Done(); scr.frames(ictx) }()
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
// it hands the driver its size, paints the window with the appliance's
// renderer (ui/render) and delivers the touches itself (ui/touch).
//
// Fyne's driver captures the whole window with its software painter after
// every event taken from its queue: tens of milliseconds for one tap at
// 1920×1080 on x86. So no event goes on that queue. Touches go through
// pump, which joins successive moves of a finger while the screen is busy,
// so a drag never queues more frames than the screen can show; each is
// dispatched on the Fyne goroutine inside fyne.Do (which the driver runs
// without a capture) and the frame painted right there: the renderer
// repaints only the rectangles that changed, and fbdev converts and writes
// only those, on the Fyne goroutine too: a tap's rectangles are a few
// thousand pixels, less to copy than a mailbox to another goroutine would
// save. The driver's one capture, at start, is not used: the first frame
// is the renderer's, whole.
//
// Frames. The screens also change from goroutines (a lookup's answer, the
// clock, the idle countdown, a scroll gliding on), which ui reports
// through Options.RequestFrame. A request bumps a counter and wakes the
// frames goroutine, which paints on the Fyne goroutine unless a frame
// painted since the request already shows the change: every frame records
// the count it covers. A change is applied on the Fyne goroutine before it
// is requested, and painting and recording happen together there, so a
// frame that records a request always shows its change. Requests arriving
// while a frame is painted fold into the next one.
//
// Touch. Only the first finger down counts until it lifts: a palm resting
// on the glass must not tap. The touch that wakes a blanked screen presses
// nothing.
type screen struct {
	fb  *fbdev.Dev
	log *slog.Logger
	win fyne.Window

	rend *render.Renderer
	disp *touch.Dispatcher

	events chan embedded.Event // the driver's queue: nothing is put on it
	in     chan queued         // from the touch screens, to pump

	requested atomic.Uint64 // frame requests made
	covered   atomic.Uint64 // requests the last painted frame shows
	wake      chan struct{}

	power *screenPower

	touchMu sync.Mutex
	primary int  // the finger that counts; -1: none down
	swallow bool // it woke the screen: it presses nothing

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
		primary: -1,
	}
}

// attach gives the screen its window, once the screens are in it.
func (s *screen) attach(ctx context.Context, win fyne.Window) {
	s.win = win
	s.rend = render.New(win.Canvas(), nil)
	s.disp = touch.New(win.Canvas())
	s.disp.Do = func(f func()) { onFyne(ctx, f) }
	s.disp.Changed = s.RequestFrame
}

// Render takes the frame the driver captured at start, on the Fyne
// goroutine: the renderer paints its own.
func (s *screen) Render(image.Image) {
	if s.rend != nil {
		s.paint(time.Time{})
	}
}

// paint brings the framebuffer up to date with the window, on the Fyne
// goroutine. input is the kernel's time of the touch the frame answers,
// zero for a frame asked for by RequestFrame.
func (s *screen) paint(input time.Time) {
	s.covered.Store(s.requested.Load())
	rects := s.rend.Frame()
	if len(rects) == 0 {
		return
	}
	if err := s.fb.DrawRects(s.rend.Image(), rects); err != nil {
		s.log.Error("frame not drawn", "err", err)
		return
	}
	s.drawn.Add(1)
	if !input.IsZero() {
		// How long a touch takes to show: the figure the benchmarks read.
		s.log.Debug("frame", "after_input", time.Since(input))
	}
	s.firstFrame.Do(func() {
		s.log.Info("first frame", "after", time.Since(processStart).Round(time.Millisecond))
	})
}

// onFyne runs f on the Fyne goroutine and waits for it, unless ctx ends
// first (the driver may have quit, and would never run it). It reports
// whether f ran.
func onFyne(ctx context.Context, f func()) bool {
	done := make(chan struct{})
	go fyne.Do(func() { f(); close(done) })
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// queued is a touch waiting for the Fyne goroutine, with the kernel's time
// of it.
type queued struct {
	phase evdev.Phase
	pos   fyne.Position
	id    int
	at    time.Time
}

// Run runs the driver's loop on the calling goroutine.
func (s *screen) Run(loop func()) { loop() }

// ScreenSize is the picture's size in pixels, after rotation: Fyne's
// embedded canvas draws one pixel per unit.
func (s *screen) ScreenSize() fyne.Size {
	p := s.fb.Size()
	return fyne.NewSize(float32(p.X), float32(p.Y))
}

// Queue is the driver's input: the screen puts nothing on it (see screen).
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

// frames paints the frames asked for by RequestFrame.
func (s *screen) frames(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		if s.covered.Load() >= s.requested.Load() {
			continue // a touch's frame already showed it
		}
		onFyne(ctx, func() {
			if s.covered.Load() >= s.requested.Load() {
				return
			}
			s.paint(time.Time{})
		})
	}
}

// touch takes a contact from a touch screen.
func (s *screen) touch(c evdev.Contact) {
	s.touchMu.Lock()
	switch {
	case c.Phase == evdev.Down && s.primary < 0:
		s.primary = c.ID
		s.swallow = s.power != nil && s.power.wake()
	case c.ID != s.primary:
		s.touchMu.Unlock()
		return
	case c.Phase == evdev.Up:
		s.primary = -1
	}
	swallow := s.swallow
	s.touchMu.Unlock()
	if swallow {
		return
	}
	select {
	case s.in <- queued{phase: c.Phase, pos: fyne.NewPos(c.X, c.Y), id: c.ID, at: c.Time}:
	default:
		// pump always takes touches while it runs, so the queue is only
		// full once it stopped: at exit.
	}
}

// maxQueued bounds the touches waiting for the Fyne goroutine.
const maxQueued = 256

// pump dispatches the touches on the Fyne goroutine and paints each one's
// frame, joining a finger's moves while it is busy.
func (s *screen) pump(ctx context.Context) {
	var queue []queued
	for {
		if len(queue) == 0 {
			select {
			case <-ctx.Done():
				return
			case e := <-s.in:
				queue = coalesce(queue, e)
			}
		}
		for more := true; more; {
			select {
			case e := <-s.in:
				queue = coalesce(queue, e)
			default:
				more = false
			}
		}
		head := queue[0]
		queue[0] = queued{}
		queue = queue[1:]
		if !onFyne(ctx, func() { s.dispatch(head); s.paint(head.at) }) {
			return
		}
	}
}

// dispatch hands a touch to the window, on the Fyne goroutine.
func (s *screen) dispatch(q queued) {
	switch q.phase {
	case evdev.Down:
		s.disp.Down(q.pos, q.id)
	case evdev.Move:
		s.disp.Move(q.pos, q.id)
	default:
		s.disp.Up(q.pos, q.id)
	}
}

// coalesce queues e, replacing a move of the same finger at the tail.
func coalesce(queue []queued, e queued) []queued {
	if e.phase == evdev.Move && len(queue) > 0 {
		if last := queue[len(queue)-1]; last.phase == evdev.Move && last.id == e.id {
			queue[len(queue)-1] = e
			return queue
		}
	}
	if len(queue) >= maxQueued {
		// The Fyne goroutine is stuck; dropping input beats growing
		// without end.
		return queue
	}
	return append(queue, e)
}
