package render

import (
	"container/list"
	"image"
	"image/color"
	"image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
)

// sprite is an object as Fyne's painter draws it, on transparency: its
// pixels, or, when that is smaller, the runs of equal pixels of each row
// (a large rounded rectangle is a few runs a row).
type sprite struct {
	key   spriteKey
	img   *image.NRGBA
	rect  image.Rectangle // the sprite's bounds, from (0, 0)
	runs  [][]run         // by row, when img is nil
	bytes int
	fresh bool // drawn for this frame, not yet counted
}

// run is n pixels of one colour (not premultiplied) from x, in a row.
type run struct {
	x, n int32
	c    [4]uint8
}

const runBytes = 12

// newSprite keeps img as it is or as runs, whichever is smaller.
func newSprite(k spriteKey, img *image.NRGBA) *sprite {
	s := &sprite{key: k, rect: img.Rect, fresh: true}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	count := 0
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := 0; x < w; {
			n := sameRun(row, x, w)
			if row[4*x+3] != 0 {
				count++
			}
			x += n
		}
	}
	if count*runBytes >= len(img.Pix)/2 {
		s.img, s.bytes = img, len(img.Pix)
		return s
	}
	s.runs = make([][]run, h)
	all := make([]run, 0, count)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		start := len(all)
		for x := 0; x < w; {
			n := sameRun(row, x, w)
			if row[4*x+3] != 0 {
				all = append(all, run{x: int32(x), n: int32(n), c: [4]uint8(row[4*x : 4*x+4])})
			}
			x += n
		}
		s.runs[y] = all[start:len(all):len(all)]
	}
	s.bytes = count*runBytes + h*24
	return s
}

// sameRun is how many pixels from x in row equal the one at x.
func sameRun(row []byte, x, w int) int {
	p := row[4*x : 4*x+4]
	n := 1
	for x+n < w {
		q := row[4*(x+n) : 4*(x+n)+4]
		if q[0] != p[0] || q[1] != p[1] || q[2] != p[2] || q[3] != p[3] {
			break
		}
		n++
	}
	return n
}

// spriteKey is what a sprite's pixels depend on.
type spriteKey struct {
	kind   kind
	size   fyne.Size
	fx, fy float32 // the object's position within its pixel
	extent image.Point
	margin int
	p      props
}

// spriteCache keeps sprites, the least recently used leaving first once
// their pixels pass the budget.
type spriteCache struct {
	budget, used int
	m            map[spriteKey]*list.Element
	lru          list.List
	c            test.WindowlessCanvas
}

func newSpriteCache() *spriteCache {
	c := software.NewTransparentCanvas()
	c.SetPadded(false)
	return &spriteCache{m: map[spriteKey]*list.Element{}, c: c}
}

func keyOf(it *item) spriteKey {
	return spriteKey{
		kind: it.kind, size: it.size,
		fx: it.pos.X - float32(it.origin.X+it.margin), fy: it.pos.Y - float32(it.origin.Y+it.margin),
		extent: it.extent, margin: it.margin, p: it.p,
	}
}

// get returns the sprite of it, drawing it if need be; nil if it cannot
// be drawn.
func (sc *spriteCache) get(it *item) *sprite {
	if it.volatile {
		// Not kept: drawn each time, and dropped.
		img := sc.draw(it)
		if img == nil {
			return nil
		}
		return newSprite(spriteKey{}, img)
	}
	k := keyOf(it)
	if e, ok := sc.m[k]; ok {
		sc.lru.MoveToFront(e)
		return e.Value.(*sprite)
	}
	img := sc.draw(it)
	if img == nil {
		return nil
	}
	s := newSprite(k, img)
	sc.m[k] = sc.lru.PushFront(s)
	sc.used += s.bytes
	return s
}

// trim drops the least recently used sprites over the budget.
func (sc *spriteCache) trim() {
	for sc.used > sc.budget && sc.lru.Len() > 0 {
		e := sc.lru.Back()
		s := e.Value.(*sprite)
		sc.lru.Remove(e)
		delete(sc.m, s.key)
		sc.used -= s.bytes
	}
}

// draw has Fyne's software painter draw a copy of it's object, placed at
// the same fraction of a pixel, margin pixels in from the sprite's
// corner.
func (sc *spriteCache) draw(it *item) *image.NRGBA {
	obj := clone(it)
	if obj == nil {
		return nil
	}
	k := keyOf(it)
	obj.Resize(it.size)
	obj.Move(fyne.NewPos(float32(it.margin)+k.fx, float32(it.margin)+k.fy))
	sc.c.SetContent(nil)
	sc.c.Resize(fyne.NewSize(float32(it.extent.X), float32(it.extent.Y)))
	sc.c.SetContent(container.NewWithoutLayout(obj))
	img := sc.c.Capture()
	sc.c.SetContent(nil)
	out, ok := img.(*image.NRGBA)
	if !ok || out.Rect.Min != (image.Point{}) {
		out = image.NewNRGBA(image.Rectangle{Max: img.Bounds().Size()})
		draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	}
	return out
}

// clone makes a new object painting as it's does, not placed.
func clone(it *item) fyne.CanvasObject {
	switch o := it.obj.(type) {
	case *canvas.Rectangle:
		c := &canvas.Rectangle{FillColor: o.FillColor, StrokeColor: o.StrokeColor, StrokeWidth: o.StrokeWidth,
			CornerRadius: o.CornerRadius, Aspect: o.Aspect,
			TopRightCornerRadius: o.TopRightCornerRadius, TopLeftCornerRadius: o.TopLeftCornerRadius,
			BottomRightCornerRadius: o.BottomRightCornerRadius, BottomLeftCornerRadius: o.BottomLeftCornerRadius}
		c.SetMinSize(o.MinSize())
		return c
	case *canvas.Text:
		c := canvas.NewText(o.Text, nrgba(it.p.fill))
		c.TextSize, c.TextStyle, c.Alignment, c.FontSource = o.TextSize, o.TextStyle, o.Alignment, o.FontSource
		return c
	case *canvas.Image:
		c := &canvas.Image{File: o.File, Resource: o.Resource, Image: o.Image, Translucency: o.Translucency,
			FillMode: o.FillMode, ScaleMode: o.ScaleMode, CornerRadius: o.CornerRadius}
		c.SetMinSize(o.MinSize())
		return c
	case *canvas.Circle:
		return &canvas.Circle{FillColor: o.FillColor, StrokeColor: o.StrokeColor, StrokeWidth: o.StrokeWidth}
	case *canvas.Line:
		return &canvas.Line{StrokeColor: o.StrokeColor, StrokeWidth: o.StrokeWidth,
			Position1: it.p.p1, Position2: it.p.p2}
	case *canvas.Polygon:
		return &canvas.Polygon{FillColor: o.FillColor, StrokeColor: o.StrokeColor, StrokeWidth: o.StrokeWidth,
			CornerRadius: o.CornerRadius, Angle: o.Angle, Sides: o.Sides}
	case *canvas.Arc:
		return &canvas.Arc{FillColor: o.FillColor, StrokeColor: o.StrokeColor, StrokeWidth: o.StrokeWidth,
			CornerRadius: o.CornerRadius, StartAngle: o.StartAngle, EndAngle: o.EndAngle, CutoutRatio: o.CutoutRatio}
	case *canvas.Raster:
		return &canvas.Raster{Generator: o.Generator, Translucency: o.Translucency, ScaleMode: o.ScaleMode}
	case *canvas.LinearGradient:
		return &canvas.LinearGradient{StartColor: o.StartColor, EndColor: o.EndColor, Angle: o.Angle}
	case *canvas.RadialGradient:
		return &canvas.RadialGradient{StartColor: o.StartColor, EndColor: o.EndColor,
			CenterOffsetX: o.CenterOffsetX, CenterOffsetY: o.CenterOffsetY}
	}
	return nil
}

// nrgba turns premultiplied 16-bit channels back into a colour.
func nrgba(c [4]uint16) color.Color {
	return color.RGBA64{R: c[0], G: c[1], B: c[2], A: c[3]}
}
