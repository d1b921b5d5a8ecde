package touch

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pad records what a finger does to it.
type pad struct {
	widget.BaseWidget
	mu     sync.Mutex
	events []string
}

func newPad() *pad {
	p := &pad{}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pad) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(widget.NewLabel("pad"))
}
func (p *pad) MinSize() fyne.Size { return fyne.NewSize(100, 100) }
func (p *pad) log(s string) {
	p.mu.Lock()
	p.events = append(p.events, s)
	p.mu.Unlock()
}
func (p *pad) got() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.events...)
}
func (p *pad) Tapped(*fyne.PointEvent)          { p.log("tap") }
func (p *pad) TappedSecondary(*fyne.PointEvent) { p.log("secondary") }
func (p *pad) TouchDown(*mobile.TouchEvent)     { p.log("down") }
func (p *pad) TouchUp(*mobile.TouchEvent)       { p.log("up") }
func (p *pad) TouchCancel(*mobile.TouchEvent)   { p.log("cancel") }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, content fyne.CanvasObject) (*Dispatcher, fyne.Canvas, *clock) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, content)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300))
	d := New(w.Canvas())
	clk := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	d.Now = clk.now
	d.Do = func(f func()) { f() }
	return d, w.Canvas(), clk
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTapPressesAndTaps(t *testing.T) {
	p := newPad()
	d, _, clk := setup(t, container.NewWithoutLayout(p))
	p.Resize(fyne.NewSize(100, 100))
	p.Move(fyne.NewPos(50, 50))

	d.Down(fyne.NewPos(60, 60), 0)
	clk.t = clk.t.Add(80 * time.Millisecond)
	d.Move(fyne.NewPos(62, 61), 0) // under the drag threshold
	d.Up(fyne.NewPos(62, 61), 0)
	if want := []string{"down", "up", "tap"}; !equal(p.got(), want) {
		t.Errorf("a tap gave %v, want %v", p.got(), want)
	}

	// Outside the pad: nothing.
	d.Down(fyne.NewPos(10, 10), 0)
	d.Up(fyne.NewPos(10, 10), 0)
	if n := len(p.got()); n != 3 {
		t.Errorf("a tap beside the pad reached it: %v", p.got())
	}
}

func TestHoldTapsSecondarily(t *testing.T) {
	p := newPad()
	d, _, clk := setup(t, container.NewWithoutLayout(p))
	p.Resize(fyne.NewSize(100, 100))

	d.Down(fyne.NewPos(10, 10), 0)
	clk.t = clk.t.Add(2 * time.Second) // the staff long press holds this long
	d.Up(fyne.NewPos(10, 10), 0)
	if want := []string{"down", "up", "secondary"}; !equal(p.got(), want) {
		t.Errorf("a hold gave %v, want %v", p.got(), want)
	}
}

func TestDragScrollsAndGlides(t *testing.T) {
	list := container.NewVBox()
	for range 40 {
		list.Add(widget.NewLabel("Đăng ký khai sinh"))
	}
	scroll := container.NewVScroll(list)
	d, _, _ := setup(t, scroll)
	var mu sync.Mutex // the Fyne goroutine, for the glide
	d.Do = func(f func()) { mu.Lock(); f(); mu.Unlock() }
	offset := func() float32 { mu.Lock(); defer mu.Unlock(); return scroll.Offset.Y }
	var changed atomic.Int32
	d.Changed = func() { changed.Add(1) }

	d.Down(fyne.NewPos(200, 250), 0)
	for y := float32(240); y >= 150; y -= 10 {
		d.Move(fyne.NewPos(200, y), 0)
	}
	dragged := offset()
	if dragged < 80 {
		t.Fatalf("a 100-unit drag scrolled to %v", scroll.Offset)
	}
	d.Up(fyne.NewPos(200, 150), 0)
	deadline := time.Now().Add(5 * time.Second)
	for d.Gliding() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if d.Gliding() {
		t.Fatal("the glide did not stop")
	}
	if offset() <= dragged {
		t.Errorf("no glide after the drag: offset %v, %v when lifted", offset(), dragged)
	}
	if changed.Load() == 0 {
		t.Error("the glide asked for no frame")
	}
}

func TestMovingOffCancelsThePress(t *testing.T) {
	p := newPad()
	d, _, _ := setup(t, container.NewWithoutLayout(p))
	p.Resize(fyne.NewSize(100, 100))

	d.Down(fyne.NewPos(50, 50), 0)
	d.Move(fyne.NewPos(250, 50), 0)
	d.Up(fyne.NewPos(250, 50), 0)
	if want := []string{"down", "cancel"}; !equal(p.got(), want) {
		t.Errorf("sliding off gave %v, want %v", p.got(), want)
	}
}

func TestOverlayIsHitFirst(t *testing.T) {
	under, over := newPad(), newPad()
	d, c, _ := setup(t, container.NewWithoutLayout(under))
	under.Resize(fyne.NewSize(400, 300))
	pop := widget.NewPopUp(over, c)
	pop.ShowAtPosition(fyne.NewPos(100, 100))

	d.Down(fyne.NewPos(120, 120), 0)
	d.Up(fyne.NewPos(120, 120), 0)
	if len(under.got()) != 0 || !equal(over.got(), []string{"down", "up", "tap"}) {
		t.Errorf("a tap on a pop-up: under %v, pop-up %v", under.got(), over.got())
	}
}

func TestDragFromAButtonScrollsItsList(t *testing.T) {
	list := container.NewVBox()
	var pads []*pad
	for range 12 {
		p := newPad()
		pads = append(pads, p)
		list.Add(p)
	}
	scroll := container.NewVScroll(list)
	d, _, _ := setup(t, scroll)

	d.Down(fyne.NewPos(50, 250), 0) // on the third pad
	for y := float32(240); y >= 100; y -= 10 {
		d.Move(fyne.NewPos(50, y), 0)
	}
	d.Up(fyne.NewPos(50, 100), 0)
	d.StopGlide()
	if scroll.Offset.Y < 100 {
		t.Errorf("a drag from a button scrolled its list to %v", scroll.Offset)
	}
	if got := pads[2].got(); !equal(got, []string{"down", "cancel"}) {
		t.Errorf("the button under the finger got %v, want its press cancelled", got)
	}
	for i, p := range pads {
		for _, e := range p.got() {
			if e == "tap" {
				t.Errorf("pad %d tapped by a drag", i)
			}
		}
	}
}
