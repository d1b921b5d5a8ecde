package screen

import (
	"context"
	"image"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/embedded"

	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/ui/render"
	"github.com/motcua/kiosk/ui/touch"
)

// Framebuffer is what the screen draws into: fbdev.Dev.
type Framebuffer interface {
	// Size is the picture's size in pixels, after rotation.
	Size() image.Point
	// DrawRects writes the rectangles rects of img to the panel.
	DrawRects(img *image.RGBA, rects []image.Rectangle) error
}

// processStart is when the process started, near enough: the screen logs
// how long its first frame took.
var processStart = time.Now()

// Screen is the kiosk's side of Fyne's embedded driver (embedded.Driver):
// it hands the driver its size, paints the window with the appliance's
// renderer (ui/render) and delivers the touches itself (ui/touch).
//
// Fyne's driver captures the whole window with its software painter after
// every event taken from its queue: tens of milliseconds for one tap at
// 1920×1080 on x86. So no event goes on that queue. Touches go through
// Pump, which joins successive moves of a finger while the screen is busy,
// so a drag never queues more frames than the screen can show; each is
// dispatched on the Fyne goroutine inside fyne.Do (which the driver runs
// without a capture) and the frame painted right there: the renderer
// repaints only the rectangles that changed, and the framebuffer converts
// and writes only those, on the Fyne goroutine too: a tap's rectangles are
// a few thousand pixels, less to copy than a mailbox to another goroutine
// would save. The driver's one capture, at start, is not used: the first
// frame is the renderer's, whole.
//
// Frames. The screens also change from goroutines (a lookup's answer, the
// clock, the idle countdown, a scroll gliding on), which they report
// through RequestFrame. A request bumps a counter and wakes Frames, which
// paints on the Fyne goroutine unless a frame painted since the request
// already shows the change: every frame records the count it covers. A
// change is applied on the Fyne goroutine before it is requested, and
// painting and recording happen together there, so a frame that records a
// request always shows its change. Requests arriving while a frame is
// painted fold into the next one.
//
// Touch. Only the first finger down counts until it lifts: a palm resting
// on the glass must not tap. The touch that wakes a blanked screen presses
// nothing.
type Screen struct {
	fb    Framebuffer
	power *Power
	log   *slog.Logger
	win   fyne.Window
	// do runs f on the Fyne goroutine and waits for it, unless ctx ends
	// first, reporting whether f ran: onFyne.
	do func(ctx context.Context, f func()) bool

	rend *render.Renderer
	disp *touch.Dispatcher

	events chan embedded.Event // the driver's queue: nothing is put on it
	in     chan queued         // from the touch panel, to Pump

	requested atomic.Uint64 // frame requests made
	covered   atomic.Uint64 // requests the last painted frame shows
	wake      chan struct{}

	touchMu sync.Mutex
	primary int  // the finger that counts; -1: none down
	swallow bool // it woke the screen: it presses nothing

	firstFrame sync.Once
	painted    atomic.Uint64 // frames worked out, changed or not
	drawn      atomic.Uint64 // frames written to the framebuffer

	// The frame that settles memory once the screen is quiet; see settle.
	ctx         context.Context
	settleAfter time.Duration
	settleTimer *time.Timer // armed and reset on the Fyne goroutine
	settling    bool        // on the Fyne goroutine: the settling frame is painted
	settled     atomic.Uint64
}

// SettleAfter is how long the screen waits after its last frame before it
// paints one more and hands memory back (settle). It is longer than the
// ten seconds Fyne waits between two cleanings of its caches.
const SettleAfter = 11 * time.Second

var _ embedded.Driver = (*Screen)(nil)

// New returns the screen drawing into fb. power, if not nil, is woken
// by each touch, and a touch that wakes it presses nothing.
func New(fb Framebuffer, power *Power, log *slog.Logger) *Screen {
	return &Screen{
		fb: fb, power: power, log: log, do: onFyne,
		events:  make(chan embedded.Event),
		in:      make(chan queued, 64),
		wake:    make(chan struct{}, 1),
		primary: -1,

		ctx:         context.Background(),
		settleAfter: SettleAfter,
	}
}

// Attach gives the screen its window, once the screens are in it. ctx
// bounds the waits for the Fyne goroutine (a glide's steps).
func (s *Screen) Attach(ctx context.Context, win fyne.Window) {
	s.ctx = ctx
	s.win = win
	s.rend = render.New(win.Canvas(), nil)
	s.disp = touch.New(win.Canvas())
	s.disp.Do = func(f func()) { s.do(ctx, f) }
	s.disp.Changed = s.RequestFrame
}

// Render takes the frame the driver captured at start, on the Fyne
// goroutine: the renderer paints its own.
func (s *Screen) Render(image.Image) {
	if s.rend != nil {
		s.paint(time.Time{})
	}
}

// paint brings the framebuffer up to date with the window, on the Fyne
// goroutine. input is the kernel's time of the touch the frame answers,
// zero for a frame asked for by RequestFrame.
func (s *Screen) paint(input time.Time) {
	// Recorded before the frame is worked out: a request made while it
	// is painted may be for a change it misses, and gets a frame of its
	// own.
	s.covered.Store(s.requested.Load())
	s.painted.Add(1)
	if !s.settling {
		if s.settleTimer == nil {
			s.settleTimer = time.AfterFunc(s.settleAfter, s.settle)
		} else {
			s.settleTimer.Reset(s.settleAfter)
		}
	}
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
func (s *Screen) Run(loop func()) { loop() }

// ScreenSize is the picture's size in pixels, after rotation: Fyne's
// embedded canvas draws one pixel per unit.
func (s *Screen) ScreenSize() fyne.Size {
	p := s.fb.Size()
	return fyne.NewSize(float32(p.X), float32(p.Y))
}

// Queue is the driver's input: the screen puts nothing on it (see Screen).
func (s *Screen) Queue() chan embedded.Event { return s.events }

// settle paints one frame once the screen has been quiet for settleAfter,
// then has the Go runtime hand freed memory back to the system. Fyne frees
// the drawing state of the screens left behind only when it cleans its
// caches, on a frame and at most every ten seconds, so after a burst of
// scans nothing would free them until the next frame, perhaps the idle
// countdown's a minute later; and the runtime returns pages slowly by
// itself. It runs once per quiet spell: its own frame does not arm it
// again.
func (s *Screen) settle() {
	if !s.do(s.ctx, func() {
		s.settling = true
		defer func() { s.settling = false }()
		s.paint(time.Time{})
	}) {
		return
	}
	debug.FreeOSMemory()
	s.settled.Add(1)
	s.log.Debug("settled")
}

// RequestFrame asks for the window to be drawn again; see Screen. It may be
// called from any goroutine but Fyne's, and never blocks.
func (s *Screen) RequestFrame() {
	s.requested.Add(1)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Frames paints the frames asked for by RequestFrame, until ctx is done.
func (s *Screen) Frames(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		if s.covered.Load() >= s.requested.Load() {
			continue // a touch's frame already showed it
		}
		s.do(ctx, func() {
			if s.covered.Load() >= s.requested.Load() {
				return
			}
			s.paint(time.Time{})
		})
	}
}

// Touch takes a contact from the touch panel. It never blocks.
func (s *Screen) Touch(c evdev.Contact) {
	s.touchMu.Lock()
	switch {
	case c.Phase == evdev.Down && s.primary < 0:
		s.primary = c.ID
		s.swallow = s.power != nil && s.power.Wake()
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
		// Pump always takes touches while it runs, so the queue is only
		// full once it stopped: at exit.
	}
}

// maxQueued bounds the touches waiting for the Fyne goroutine.
const maxQueued = 256

// Pump dispatches the touches on the Fyne goroutine and paints each one's
// frame, joining a finger's moves while it is busy, until ctx is done.
func (s *Screen) Pump(ctx context.Context) {
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
		if !s.do(ctx, func() { s.dispatch(head); s.paint(head.at) }) {
			return
		}
	}
}

// dispatch hands a touch to the window, on the Fyne goroutine.
func (s *Screen) dispatch(q queued) {
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
