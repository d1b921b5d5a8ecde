package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// sample is a canvas with one of each kind of object the screens use.
func sample(t *testing.T) (test.WindowlessCanvas, *canvas.Text, *canvas.Rectangle) {
	t.Helper()
	test.NewTempApp(t)
	c := software.NewCanvas()
	c.SetPadded(false)
	label := canvas.NewText("Tra cứu hồ sơ", color.NRGBA{0x10, 0x20, 0x80, 0xff})
	label.TextSize = 28
	key := canvas.NewRectangle(color.NRGBA{0xe0, 0xe8, 0xf0, 0xff})
	key.CornerRadius = 12
	key.StrokeColor, key.StrokeWidth = color.NRGBA{0x30, 0x30, 0x30, 0x80}, 2
	dot := canvas.NewCircle(color.NRGBA{0xc0, 0x20, 0x20, 0xff})
	dot.Resize(fyne.NewSize(20, 20))
	img := canvas.NewImageFromImage(checker())
	img.FillMode, img.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(90, 90))
	c.SetContent(container.NewVBox(
		container.NewStack(key, container.NewCenter(label)),
		widget.NewLabel("Nhãn thường, với dấu: Đồng Phúc"),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(20, 20), dot), img),
		canvas.NewRectangle(color.NRGBA{0, 0x80, 0, 0x60}),
		container.NewVScroll(widget.NewLabel("Cuộn\nhai dòng\nba dòng\nbốn dòng")),
	))
	c.Resize(fyne.NewSize(400, 300))
	return c, label, key
}

func checker() image.Image {
	m := image.NewGray(image.Rect(0, 0, 9, 9))
	for i := range m.Pix {
		if i%2 == 0 {
			m.Pix[i] = 0xff
		}
	}
	return m
}

// diffStats compares two images: the largest difference in any channel and
// how many pixels differ by more than tol.
func diffStats(a, b image.Image, tol int) (maxd, over int) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			d := max(absDiff(ar, br), absDiff(ag, bg), absDiff(ab, bb)) >> 8
			maxd = max(maxd, d)
			if d > tol {
				over++
			}
		}
	}
	return maxd, over
}

func absDiff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestFrameMatchesFynePainter(t *testing.T) {
	c, _, _ := sample(t)
	r := New(c, nil)
	damage := r.Frame()
	if len(damage) != 1 || damage[0] != r.Image().Rect {
		t.Fatalf("first frame repainted %v, want the whole %v", damage, r.Image().Rect)
	}
	want := c.Capture()
	if maxd, over := diffStats(want, r.Image(), 2); over > 0 {
		t.Errorf("%d pixels differ from Fyne's painter by more than 2 (at most %d)", over, maxd)
	}
}

func TestFrameRepaintsOnlyWhatChanged(t *testing.T) {
	c, label, key := sample(t)
	r := New(c, nil)
	r.Frame()
	if d := r.Frame(); d != nil {
		t.Fatalf("an unchanged canvas repainted %v", d)
	}

	label.Text = "Tra cứu"
	label.Refresh()
	key.FillColor = color.NRGBA{0xff, 0xe0, 0x80, 0xff}
	key.Refresh()
	damage := r.Frame()
	area := 0
	for _, d := range damage {
		area += d.Dx() * d.Dy()
		if !d.In(image.Rect(0, 0, 400, 60)) {
			t.Errorf("repainted %v, outside the changed key", d)
		}
	}
	if area == 0 {
		t.Fatal("a changed key repainted nothing")
	}
	if maxd, over := diffStats(c.Capture(), r.Image(), 2); over > 0 {
		t.Errorf("after the change, %d pixels differ from Fyne's painter by more than 2 (at most %d)", over, maxd)
	}

	// Moving an object damages where it was and where it is.
	label.Move(label.Position().AddXY(0, 200))
	r.Frame()
	if maxd, over := diffStats(c.Capture(), r.Image(), 2); over > 0 {
		t.Errorf("after a move, %d pixels differ from Fyne's painter by more than 2 (at most %d)", over, maxd)
	}
	label.Hide()
	r.Frame()
	if maxd, over := diffStats(c.Capture(), r.Image(), 2); over > 0 {
		t.Errorf("after hiding, %d pixels differ from Fyne's painter by more than 2 (at most %d)", over, maxd)
	}
}

func TestSpriteCacheStaysWithinBudget(t *testing.T) {
	c, label, _ := sample(t)
	r := New(c, &Options{SpriteBytes: 256 << 10})
	for i := range 200 {
		label.Text = fmt.Sprintf("Hồ sơ số %d", i)
		label.Refresh()
		r.Frame()
		if s := r.Stats(); s.Bytes > 256<<10 {
			t.Fatalf("frame %d: the cache holds %d bytes, over its budget", i, s.Bytes)
		}
	}
	if maxd, over := diffStats(c.Capture(), r.Image(), 2); over > 0 {
		t.Errorf("%d pixels differ from Fyne's painter by more than 2 (at most %d)", over, maxd)
	}
	// Repeated texts come from the cache.
	before := r.Stats().Drawn
	for range 3 {
		for _, s := range []string{"một", "hai"} {
			label.Text = s
			label.Refresh()
			r.Frame()
		}
	}
	if drawn := r.Stats().Drawn - before; drawn > 2+3*2 {
		t.Errorf("two texts shown in turn were drawn %d times; want them cached", drawn)
	}
}

// TestRunsCompositeAsPixels checks that a sprite kept as runs of equal
// pixels composites exactly as its pixels do.
func TestRunsCompositeAsPixels(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 30))
	for y := range 30 {
		for x := range 60 {
			c := color.NRGBA{0x20, 0x40, 0xc0, 0xff} // a body of one colour
			switch {
			case x < 2 || y < 2:
				c = color.NRGBA{0x20, 0x40, 0xc0, uint8(40 * (x + y))} // an edge fading in
			case x > 50:
				c = color.NRGBA{}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	runs := newSprite(spriteKey{}, img)
	if runs.img != nil || runs.bytes >= len(img.Pix) {
		t.Fatalf("a sprite mostly of one colour kept as %d bytes of pixels", runs.bytes)
	}
	pixels := &sprite{img: img, rect: img.Rect}
	for _, area := range []image.Rectangle{image.Rect(0, 0, 80, 50), image.Rect(13, 7, 41, 22)} {
		a, b := image.NewRGBA(image.Rect(0, 0, 80, 50)), image.NewRGBA(image.Rect(0, 0, 80, 50))
		fill(a, a.Rect, color.RGBA64{0x8080, 0x9090, 0x7070, 0xffff})
		fill(b, b.Rect, color.RGBA64{0x8080, 0x9090, 0x7070, 0xffff})
		over(a, area, runs, image.Pt(5, 9))
		over(b, area, pixels, image.Pt(5, 9))
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Errorf("within %v, runs and pixels composite differently", area)
		}
	}
}

// When Fyne drops a widget's renderer from its cache (unused for
// FYNE_CACHE: a hidden part, a kept screen shown again) and makes a new
// one, the new renderer is laid out before it is painted: its objects
// would otherwise stay at size zero and the widget paint blank.
func TestRendererMadeAnewIsLaidOut(t *testing.T) {
	test.NewTempApp(t)
	c := software.NewCanvas()
	c.SetPadded(false)
	button := widget.NewButton("Tra cứu", nil)
	button.Importance = widget.HighImportance
	c.SetContent(container.NewVBox(button, widget.NewLabel("dưới")))
	c.Resize(fyne.NewSize(300, 200))
	r := New(c, nil)
	r.Frame()
	want := image.NewRGBA(r.Image().Rect)
	copy(want.Pix, r.Image().Pix)

	// A subtest's renderer is destroyed when it ends: Fyne's cache forgets
	// the button's renderer as its cleaning would.
	t.Run("forget", func(t *testing.T) { test.TempWidgetRenderer(t, button) })
	r.Invalidate()
	r.Frame()
	if maxd, over := diffStats(want, r.Image(), 2); over > 0 {
		t.Errorf("with a new renderer the button paints differently: %d pixels, up to %d levels", over, maxd)
	}
}
