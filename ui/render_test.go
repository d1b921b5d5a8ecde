package ui

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/ui/render"
	"github.com/motcua/kiosk/ui/touch"
)

// renderTolerance bounds how far the appliance's renderer may stray from
// Fyne's software painter: a channel may differ by one or two steps where
// translucent pixels are composited in another order (Fyne paints every
// object onto transparency and that over the background), never more.
const renderTolerance = 2

// TestRenderMatchesFyne paints every screen, in both languages, at the
// appliance's screen sizes, with the renderer (ui/render) and with Fyne's
// software painter, and compares the pixels. The renderer has drawn home
// before the screen is brought up, so the frame compared is repainted
// from the damage alone, as on the appliance.
func TestRenderMatchesFyne(t *testing.T) {
	if testing.Short() {
		t.Skip("paints every screen at four sizes")
	}
	sizes := []fyne.Size{{Width: 800, Height: 480}, {Width: 1024, Height: 600},
		{Width: 1920, Height: 1080}, {Width: 1080, Height: 1920}}
	for _, size := range sizes {
		for _, s := range goldenScreens() {
			for _, lang := range []string{langVI, langEN} {
				name := fmt.Sprintf("%gx%g/%s_%s", size.Width, size.Height, s.name, lang)
				t.Run(name, func(t *testing.T) {
					h := newHarnessSized(t, size)
					r := render.New(h.win.Canvas(), nil)
					r.Frame()
					if lang == langEN {
						h.tap("English")
					}
					s.show(h)
					r.Frame()
					compareFrames(t, h.win.Canvas().Capture(), r.Image())
				})
			}
		}
	}
}

// compareFrames fails t if a channel of a pixel of got differs from want's
// by more than renderTolerance.
func compareFrames(t *testing.T, want image.Image, got *image.RGBA) {
	t.Helper()
	if want.Bounds() != got.Bounds() {
		t.Fatalf("frame is %v, Fyne's is %v", got.Bounds(), want.Bounds())
	}
	worst, over := 0, 0
	var first image.Point
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			wr, wg, wb, _ := want.At(x, y).RGBA()
			c := got.RGBAAt(x, y)
			d := max(diff8(wr>>8, c.R), diff8(wg>>8, c.G), diff8(wb>>8, c.B))
			if d > renderTolerance {
				if over == 0 {
					first = image.Pt(x, y)
				}
				over++
			}
			worst = max(worst, d)
		}
	}
	if over > 0 {
		t.Errorf("%d pixels differ from Fyne's painter by more than %d (at most %d, first at %v)", over, renderTolerance, worst, first)
	}
}

func diff8(a uint32, b uint8) int {
	d := int(a) - int(b)
	if d < 0 {
		return -d
	}
	return d
}

// TestKeypadTapRepaintsLittle taps a keypad key on the lookup screen
// through ui/touch, as the appliance does, and checks that each of the
// tap's two frames (the key pressed, then typed) repaints less than a
// tenth of the screen (the key, and the field) and still matches Fyne's
// painter.
func TestKeypadTapRepaintsLittle(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 800, Height: 480}, {Width: 1920, Height: 1080}} {
		t.Run(fmt.Sprintf("%gx%g", size.Width, size.Height), func(t *testing.T) {
			h := newHarnessSized(t, size)
			h.tap(h.ui.t(msgTileLookup))
			h.typeKeys("1") // the first key also enables the lookup button
			c := h.win.Canvas()
			r := render.New(c, nil)
			r.Frame()
			d := touch.New(c)
			d.Now = h.clock.Now // comparing frames takes longer than a tap
			key := h.button("5")
			at := fyne.CurrentApp().Driver().AbsolutePositionForObject(key).Add(fyne.NewPos(key.Size().Width/2, key.Size().Height/2))
			screen := int(size.Width * size.Height)
			for _, step := range []struct {
				name string
				do   func()
			}{
				{"press", func() { d.Down(at, 1) }},
				{"lift", func() { d.Up(at, 1) }},
			} {
				step.do()
				area := 0
				for _, rect := range r.Frame() {
					area += rect.Dx() * rect.Dy()
				}
				if area == 0 {
					t.Errorf("the key's %s repainted nothing", step.name)
				}
				if area > screen/10 {
					t.Errorf("the key's %s repainted %d pixels, %.1f%% of the screen", step.name, area, 100*float64(area)/float64(screen))
				}
				compareFrames(t, c.Capture(), r.Image())
			}
			if !strings.Contains(h.screenText(), "15") {
				t.Errorf("the tap typed nothing: %q", h.screenText())
			}
		})
	}
}

// BenchmarkRender paints the lookup screen with Fyne's painter (Capture,
// what the embedded driver does after every input event) and with the
// appliance's renderer, side by side: a full frame, and one keypad tap
// (the key pressed and lifted: a frame each), at 800×480 and 1920×1080.
// `make bench` prints them; the README's table reads them.
func BenchmarkRender(b *testing.B) {
	for _, size := range []fyne.Size{{Width: 800, Height: 480}, {Width: 1920, Height: 1080}} {
		res := fmt.Sprintf("%gx%g", size.Width, size.Height)
		for _, painter := range []string{"fyne", "render"} {
			setup := func(b *testing.B) (*harness, fyne.Canvas, func()) {
				h := newHarnessSized(&testing.T{}, size)
				h.tap(h.ui.t(msgTileLookup))
				c := h.win.Canvas()
				if painter == "fyne" {
					return h, c, func() { c.Capture() }
				}
				r := render.New(c, nil)
				r.Frame()
				return h, c, func() { r.Frame() }
			}
			b.Run("full/"+res+"/"+painter, func(b *testing.B) {
				h, c, frame := setup(b)
				defer h.ui.Stop()
				r := render.New(c, nil)
				r.Frame()
				if painter == "render" {
					frame = func() { r.Invalidate(); r.Frame() }
				}
				b.ResetTimer()
				for range b.N {
					frame()
				}
			})
			b.Run("tap/"+res+"/"+painter, func(b *testing.B) {
				h, c, frame := setup(b)
				defer h.ui.Stop()
				d := touch.New(c)
				d.Now = h.clock.Now
				var keys [2]fyne.Position
				for i, label := range []string{"5", h.ui.t(msgKeyDelete)} {
					k := h.button(label)
					keys[i] = fyne.CurrentApp().Driver().AbsolutePositionForObject(k).Add(fyne.NewPos(k.Size().Width/2, k.Size().Height/2))
				}
				b.ResetTimer()
				for i := range b.N {
					at := keys[i%2] // a digit, then clear it: the screen stays the same
					d.Down(at, 1)
					frame()
					d.Up(at, 1)
					frame()
				}
			})
		}
	}
}

// TestDragScrollsProcedure drags the procedure's details up with a finger
// through ui/touch, as on the appliance: the list scrolls (Fyne's scroll
// container would take no drag on the embedded driver), the renderer
// repaints the scrolled part, and the frame still matches Fyne's painter.
func TestDragScrollsProcedure(t *testing.T) {
	h := newHarness(t)
	for _, s := range goldenScreens() {
		if s.name == "procedure_detail" {
			s.show(h)
		}
	}
	c := h.win.Canvas()
	r := render.New(c, nil)
	r.Frame()
	before := image.NewRGBA(r.Image().Rect)
	copy(before.Pix, r.Image().Pix)

	d := touch.New(c)
	d.Now = h.clock.Now
	d.Do = func(f func()) {} // no glide: the test looks at where the finger left it
	d.Down(fyne.NewPos(300, 420), 1)
	for y := float32(410); y >= 220; y -= 10 {
		d.Move(fyne.NewPos(300, y), 1)
	}
	d.Up(fyne.NewPos(300, 220), 1)
	d.StopGlide()

	damage := r.Frame()
	if len(damage) == 0 {
		t.Fatal("a drag over the procedure repainted nothing")
	}
	moved := 0
	for y := 160; y < 470; y++ {
		for x := 10; x < 560; x++ {
			if before.RGBAAt(x, y) != r.Image().RGBAAt(x, y) {
				moved++
			}
		}
	}
	if moved < 5000 {
		t.Errorf("the drag changed %d pixels of the list; want it scrolled", moved)
	}
	compareFrames(t, c.Capture(), r.Image())
}
