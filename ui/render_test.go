package ui

import (
	"fmt"
	"image"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/ui/render"
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
