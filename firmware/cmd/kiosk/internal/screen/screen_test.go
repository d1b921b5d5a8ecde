//go:build !noos

// Fyne's test app is left out of builds tagged noos; these tests run in
// the default build (make unit), which builds the same package.

package screen

import (
	"context"
	"image"
	"image/color"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/devices/evdev"
	"github.com/motcua/kiosk/ui/render"
)

// fakeFB is a framebuffer in memory: it records the rectangles of each
// frame and keeps what a panel would show.
type fakeFB struct {
	size image.Point

	mu     sync.Mutex
	frames [][]image.Rectangle
	panel  *image.RGBA
	hook   func() // run in the next DrawRects, then forgotten
	drawn  chan struct{}
}

func newFakeFB(w, h int) *fakeFB {
	return &fakeFB{size: image.Pt(w, h), panel: image.NewRGBA(image.Rect(0, 0, w, h)), drawn: make(chan struct{}, 1000)}
}

func (f *fakeFB) Size() image.Point { return f.size }

func (f *fakeFB) DrawRects(img *image.RGBA, rects []image.Rectangle) error {
	f.mu.Lock()
	f.frames = append(f.frames, slices.Clone(rects))
	for _, r := range rects {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			copy(f.panel.Pix[f.panel.PixOffset(r.Min.X, y):f.panel.PixOffset(r.Max.X, y)], img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)])
		}
	}
	hook := f.hook
	f.hook = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	f.drawn <- struct{}{}
	return nil
}

func (f *fakeFB) recorded() [][]image.Rectangle {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.frames)
}

// waitDraw waits for the next frame written.
func (f *fakeFB) waitDraw(t *testing.T, what string) {
	t.Helper()
	select {
	case <-f.drawn:
	case <-time.After(5 * time.Second):
		t.Fatalf("no frame drawn: %s", what)
	}
}

// fyneLoop stands in for the Fyne goroutine: Fyne's test app runs fyne.Do
// on the caller, so the screen's work is run one function at a time here,
// as the driver's loop would. A gate, while set and open, holds it.
type fyneLoop struct {
	mu   sync.Mutex
	gate chan struct{}
}

func (l *fyneLoop) do(ctx context.Context, f func()) bool {
	if ctx.Err() != nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.gate != nil {
		<-l.gate
	}
	f()
	return true
}

// run runs f on the loop, from the test.
func (l *fyneLoop) run(f func()) { l.do(context.Background(), f) }

// rig is a screen on a fake framebuffer showing content in Fyne's test
// window, with the screen's goroutines stopped at the test's end.
type rig struct {
	t    *testing.T
	s    *Screen
	fb   *fakeFB
	win  fyne.Window
	loop *fyneLoop
	ctx  context.Context
	wg   sync.WaitGroup
}

func newRig(t *testing.T, w, h int, content fyne.CanvasObject, power *Power) *rig {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, content)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(float32(w), float32(h)))
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{t: t, fb: newFakeFB(w, h), win: win, loop: &fyneLoop{}, ctx: ctx}
	r.s = New(r.fb, power, quiet())
	r.s.do = r.loop.do
	r.s.Attach(ctx, win)
	t.Cleanup(func() {
		cancel()
		r.wg.Wait()
		r.loop.run(func() { r.s.disp.StopGlide() })
	})
	return r
}

// start runs the screen's goroutines: the frames asked for, the touches.
func (r *rig) start(frames, pump bool) {
	for _, run := range []struct {
		on bool
		f  func(context.Context)
	}{{frames, r.s.Frames}, {pump, r.s.Pump}} {
		if run.on {
			r.wg.Add(1)
			go func() { defer r.wg.Done(); run.f(r.ctx) }()
		}
	}
}

// firstFrame has the driver hand over its capture at start, as
// ShowAndRun does.
func (r *rig) firstFrame() {
	r.loop.run(func() { r.s.Render(nil) })
	r.fb.waitDraw(r.t, "the first frame")
}

// shows reports whether the panel shows the canvas as it is, rendered
// afresh and whole. On the loop (see until).
func (r *rig) shows() bool {
	rend := render.New(r.win.Canvas(), nil)
	rend.Frame()
	want := rend.Image()
	r.fb.mu.Lock()
	defer r.fb.mu.Unlock()
	return slices.Equal(want.Pix, r.fb.panel.Pix)
}

// tap touches with finger id at (x, y) and lifts it there.
func (r *rig) tap(id int, x, y float32) {
	r.s.Touch(evdev.Contact{ID: id, Phase: evdev.Down, X: x, Y: y})
	r.s.Touch(evdev.Contact{ID: id, Phase: evdev.Up, X: x, Y: y})
}

// until waits for cond, checked on the loop, or fails.
func (r *rig) until(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ok := false
		r.loop.run(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("waited 5 s for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// squares is a 200×120 picture: a grey field with a small square on it.
func squares() (content fyne.CanvasObject, small *canvas.Rectangle) {
	field := canvas.NewRectangle(color.NRGBA{0x80, 0x80, 0x80, 0xff})
	field.Resize(fyne.NewSize(200, 120))
	small = canvas.NewRectangle(color.NRGBA{0, 0, 0xff, 0xff})
	small.Move(fyne.NewPos(10, 10))
	small.Resize(fyne.NewSize(20, 20))
	return container.NewWithoutLayout(field, small), small
}

func area(rs []image.Rectangle) (n int) {
	for _, r := range rs {
		n += r.Dx() * r.Dy()
	}
	return n
}

// TestFirstFrameFullThenDamage: the first frame hands the framebuffer the
// whole picture; a change hands it only the rectangles around the change,
// and the panel then shows the canvas as it is.
func TestFirstFrameFullThenDamage(t *testing.T) {
	content, small := squares()
	r := newRig(t, 200, 120, content, nil)
	r.firstFrame()
	if got := r.fb.recorded(); len(got) != 1 || !slices.Equal(got[0], []image.Rectangle{image.Rect(0, 0, 200, 120)}) {
		t.Fatalf("first frame's rectangles %v, want the whole 200×120", got)
	}
	r.until("the first frame showing the canvas", r.shows)
	if r.s.ScreenSize() != fyne.NewSize(200, 120) {
		t.Errorf("screen size %v, want the framebuffer's 200×120", r.s.ScreenSize())
	}

	r.start(true, false)
	r.loop.run(func() {
		small.FillColor = color.NRGBA{0xff, 0, 0, 0xff}
		small.Refresh()
	})
	r.s.RequestFrame()
	r.fb.waitDraw(t, "the changed square")
	got := r.fb.recorded()
	if len(got) != 2 {
		t.Fatalf("%d frames drawn, want 2", len(got))
	}
	union := image.Rectangle{}
	for _, rect := range got[1] {
		union = union.Union(rect)
	}
	if !image.Rect(10, 10, 30, 30).In(union) || area(got[1]) > 200*120/10 {
		t.Errorf("the change's rectangles %v (%d px): want around (10,10)-(30,30), a small part of the screen", got[1], area(got[1]))
	}
	r.until("the panel showing the change", r.shows)
}

// TestFrameRequestsCoalesce: requests made before a frame is painted get
// one frame; a request already shown by a touch's frame gets none; a
// request made while a frame is painted gets its own.
func TestFrameRequestsCoalesce(t *testing.T) {
	content, small := squares()
	r := newRig(t, 200, 120, content, nil)
	r.firstFrame()
	shade := func(g uint8) {
		r.loop.run(func() {
			small.FillColor = color.NRGBA{g, g, 0, 0xff}
			small.Refresh()
		})
	}

	// Five changes, each requested, before the frames goroutine runs.
	for i := range 5 {
		shade(uint8(10 * i))
		r.s.RequestFrame()
	}
	r.start(true, false)
	r.fb.waitDraw(t, "the five changes")
	r.until("the request taken", func() bool { return len(r.s.wake) == 0 })

	// A change requested and then shown by a touch's frame, painted on
	// the Fyne goroutine before the frames goroutine gets to it.
	r.loop.run(func() {
		small.FillColor = color.NRGBA{0, 0xff, 0, 0xff}
		small.Refresh()
		r.s.RequestFrame()
		r.s.paint(time.Time{})
	})
	r.fb.waitDraw(t, "the touch's frame")
	painted := r.s.painted.Load()
	r.until("the request taken", func() bool { return len(r.s.wake) == 0 })
	// A last change: its frame shows that nothing was painted between.
	shade(200)
	r.s.RequestFrame()
	r.fb.waitDraw(t, "the last change")
	if n := r.s.painted.Load() - painted; n != 1 {
		t.Errorf("%d frames painted for one request after a touch's frame showed the one before; want 1", n)
	}
	if p, d := r.s.painted.Load(), r.s.drawn.Load(); p != 4 || d != 4 {
		t.Errorf("painted %d frames, drew %d; want 4 and 4 (first, five requests, touch, last)", p, d)
	}

	// A change and its request made while a frame is written: the frame
	// being written misses it, so it gets a frame of its own.
	r.fb.mu.Lock()
	r.fb.hook = func() {
		small.FillColor = color.NRGBA{0xff, 0xff, 0xff, 0xff}
		small.Refresh()
		r.s.RequestFrame()
	}
	r.fb.mu.Unlock()
	shade(100)
	r.s.RequestFrame()
	r.fb.waitDraw(t, "the frame during which a change was requested")
	r.fb.waitDraw(t, "the frame of the change requested during a paint")
	r.until("the panel showing the change requested during a paint", r.shows)
}

// recorder is a widget that records its drags.
type recorder struct {
	widget.BaseWidget
	mu    sync.Mutex
	drags []fyne.Delta
	ended chan struct{}
	moved chan struct{}
}

func newRecorder() *recorder {
	rec := &recorder{ended: make(chan struct{}, 10), moved: make(chan struct{}, 100)}
	rec.ExtendBaseWidget(rec)
	return rec
}

func (rec *recorder) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.NRGBA{0x20, 0x40, 0x60, 0xff}))
}

func (rec *recorder) Dragged(e *fyne.DragEvent) {
	rec.mu.Lock()
	rec.drags = append(rec.drags, e.Dragged)
	rec.mu.Unlock()
	rec.moved <- struct{}{}
}

func (rec *recorder) DragEnd() { rec.ended <- struct{}{} }

func wait(t *testing.T, c chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatalf("waited 5 s for %s", what)
	}
}

// TestPumpJoinsMoves: a finger's moves made while the Fyne goroutine is
// busy reach the window as one move, to where the finger is now.
func TestPumpJoinsMoves(t *testing.T) {
	rec := newRecorder()
	r := newRig(t, 200, 120, rec, nil)
	r.firstFrame()
	gate := make(chan struct{})
	r.loop.gate = gate // busy: nothing runs on the Fyne goroutine
	r.start(false, true)

	r.s.Touch(evdev.Contact{ID: 3, Phase: evdev.Down, X: 10, Y: 60})
	for x := float32(20); x <= 100; x += 10 {
		r.s.Touch(evdev.Contact{ID: 3, Phase: evdev.Move, X: x, Y: 60})
	}
	close(gate)
	wait(t, rec.moved, "the drag")
	r.s.Touch(evdev.Contact{ID: 3, Phase: evdev.Move, X: 101, Y: 60})
	r.s.Touch(evdev.Contact{ID: 3, Phase: evdev.Up, X: 101, Y: 60})
	wait(t, rec.ended, "the drag's end")

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if want := []fyne.Delta{{DX: 90}, {DX: 1}}; !slices.Equal(rec.drags, want) {
		t.Errorf("drags %v, want %v: the nine moves made while busy joined into one", rec.drags, want)
	}
}

// TestCoalesce checks that a finger's moves waiting for the Fyne goroutine
// fold into the newest, that nothing else does, and that the queue is
// bounded.
func TestCoalesce(t *testing.T) {
	at := func(ph evdev.Phase, id int, x float32) queued {
		return queued{phase: ph, id: id, pos: fyne.NewPos(x, 0)}
	}
	var q []queued
	for _, e := range []queued{
		at(evdev.Down, 1, 0), at(evdev.Move, 1, 1), at(evdev.Move, 1, 2), at(evdev.Move, 1, 3),
		at(evdev.Move, 2, 9), at(evdev.Move, 1, 4), at(evdev.Up, 1, 4), at(evdev.Move, 1, 5),
	} {
		q = coalesce(q, e)
	}
	want := []queued{at(evdev.Down, 1, 0), at(evdev.Move, 1, 3), at(evdev.Move, 2, 9), at(evdev.Move, 1, 4),
		at(evdev.Up, 1, 4), at(evdev.Move, 1, 5)}
	if !slices.Equal(q, want) {
		t.Fatalf("queued %v, want %v", q, want)
	}

	// A stuck Fyne goroutine: the queue stops growing.
	q = nil
	for i := range 2 * maxQueued {
		q = coalesce(q, at(evdev.Down, i, 0))
	}
	if len(q) != maxQueued || q[maxQueued-1].id != maxQueued-1 {
		t.Errorf("%d touches queued, want the first %d", len(q), maxQueued)
	}
}

// buttons is a 200×160 window with a button at each top corner and
// nothing below them; it counts their taps.
type buttons struct {
	mu   sync.Mutex
	a, b int
	bTap chan struct{}
}

func newButtons() (*buttons, fyne.CanvasObject) {
	bs := &buttons{bTap: make(chan struct{}, 10)}
	a := widget.NewButton("A", func() { bs.mu.Lock(); bs.a++; bs.mu.Unlock() })
	b := widget.NewButton("B", func() { bs.mu.Lock(); bs.b++; bs.mu.Unlock(); bs.bTap <- struct{}{} })
	a.Move(fyne.NewPos(0, 0))
	a.Resize(fyne.NewSize(80, 80))
	b.Move(fyne.NewPos(120, 0))
	b.Resize(fyne.NewSize(80, 80))
	return bs, container.NewWithoutLayout(a, b)
}

func (bs *buttons) taps() (a, b int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	return bs.a, bs.b
}

// TestPalmDoesNotTap: while a first finger (a palm) rests on the glass, a
// second one tapping a button presses nothing; once the first lifts, a
// finger taps again.
func TestPalmDoesNotTap(t *testing.T) {
	bs, content := newButtons()
	r := newRig(t, 200, 160, content, nil)
	r.firstFrame()
	r.start(true, true)

	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Down, X: 100, Y: 130}) // the palm, below the buttons
	r.tap(1, 40, 40)                                                   // on A
	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Up, X: 100, Y: 130})
	r.tap(1, 160, 40) // on B, the palm gone
	wait(t, bs.bTap, "B's tap")
	if a, b := bs.taps(); a != 0 || b != 1 {
		t.Errorf("A tapped %d times, B %d: want 0 and 1 (a second finger counts only once the first lifts)", a, b)
	}
}

// TestWakingTouchPressesNothing: the touch that wakes a blanked screen,
// with its moves, presses nothing under it; the next one does.
func TestWakingTouchPressesNothing(t *testing.T) {
	bs, content := newButtons()
	f := &fakePanel{}
	pw, ft := newTestPower(f, f)
	r := newRig(t, 200, 160, content, pw)
	r.firstFrame()
	r.start(true, true)

	ft.fire()
	if !pw.Blanked() {
		t.Fatal("the screen did not blank")
	}
	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Down, X: 40, Y: 40}) // on A
	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Move, X: 41, Y: 40})
	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Up, X: 41, Y: 40})
	if pw.Blanked() {
		t.Fatal("the touch did not wake the screen")
	}
	r.tap(0, 160, 40) // on B
	wait(t, bs.bTap, "B's tap")
	if a, b := bs.taps(); a != 0 || b != 1 {
		t.Errorf("A tapped %d times, B %d: want 0 and 1 (the waking touch presses nothing)", a, b)
	}
	if blanks, _, _ := f.snapshot(); !slices.Equal(blanks, []bool{true, false}) {
		t.Errorf("panel blanked %v, want [true false]", blanks)
	}
}

// TestDragGlidesWithFrames: a drag that lifts while moving lets the list
// glide on; each step asks for a frame, so once it stops the panel shows
// the list where it came to rest, not where the finger left it.
func TestDragGlidesWithFrames(t *testing.T) {
	rows := container.NewVBox()
	for i := range 60 {
		c := color.NRGBA{uint8(i * 4), 0x40, uint8(255 - i*4), 0xff}
		rect := canvas.NewRectangle(c)
		rect.SetMinSize(fyne.NewSize(200, 30))
		rows.Add(rect)
	}
	list := container.NewVScroll(rows)
	r := newRig(t, 200, 200, list, nil)
	r.firstFrame()
	r.start(true, true)
	requested := r.s.requested.Load()

	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Down, X: 100, Y: 190})
	for y := float32(160); y >= 40; y -= 30 {
		r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Move, X: 100, Y: y})
	}
	r.s.Touch(evdev.Contact{ID: 0, Phase: evdev.Up, X: 100, Y: 40})

	r.until("the glide", func() bool { return r.s.disp.Gliding() })
	var released float32
	r.until("the glide's end", func() bool { released = list.Offset.Y; return !r.s.disp.Gliding() })
	r.until("the panel showing the list at rest", r.shows)
	if n := r.s.requested.Load() - requested; n < 3 {
		t.Errorf("%d frames asked for after the finger lifted; want one a step of the glide", n)
	}
	if released < 150 {
		t.Errorf("the list scrolled to %v; want past the finger's 150 px", released)
	}
}

// TestSettlesOnceWhenQuiet: once the screen has been quiet for a while it
// paints one more frame, which lets Fyne clean its caches, and hands memory
// back; its own frame does not arm it again, so a quiet screen stays idle,
// and the next change arms it anew.
func TestSettlesOnceWhenQuiet(t *testing.T) {
	content, small := squares()
	r := newRig(t, 200, 120, content, nil)
	const after = 50 * time.Millisecond
	r.s.settleAfter = after
	r.start(true, false)
	r.firstFrame()
	r.until("the first settling", func() bool { return r.s.settled.Load() == 1 })
	painted := r.s.painted.Load()
	time.Sleep(10 * after)
	if n := r.s.settled.Load(); n != 1 {
		t.Fatalf("settled %d times while quiet, want once", n)
	}
	if p := r.s.painted.Load(); p != painted {
		t.Fatalf("%d frames painted while quiet after settling, want none", p-painted)
	}

	r.loop.run(func() {
		small.FillColor = color.NRGBA{0xff, 0, 0, 0xff}
		small.Refresh()
	})
	r.s.RequestFrame()
	r.fb.waitDraw(t, "the change")
	r.until("settling after the change", func() bool { return r.s.settled.Load() == 2 })
	r.until("the panel showing the change", r.shows)
}
