package render

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// Options tune a Renderer.
type Options struct {
	// SpriteBytes bounds the sprite cache. Zero: the frame's bytes and
	// 2 MiB more, room for the sprites of a few screens.
	SpriteBytes int
}

// Renderer paints a canvas into a persistent RGBA image; see the package
// documentation. Its methods are called on the Fyne goroutine.
type Renderer struct {
	c   fyne.Canvas
	buf *image.RGBA
	bg  color.RGBA64

	prev, next []item
	index      map[fyne.CanvasObject]int // prev's objects, by object
	// The renderer each widget of the last frame was laid out with, and
	// this frame's; see laidOut.
	laid, nextLaid map[fyne.Widget]fyne.WidgetRenderer
	damage         []image.Rectangle
	full           bool

	sprites *spriteCache
	cleaner test.WindowlessCanvas
	budget  int

	stats Stats
}

// Stats counts what the renderer did, for tests and benchmarks.
type Stats struct {
	Frames  int   // frames painted
	Pixels  int64 // pixels repainted, over all frames
	Objects int   // objects in the last frame's display list
	Sprites int   // sprites in the cache
	Bytes   int   // the cache's pixel bytes
	Drawn   int   // sprites rasterised by Fyne's painter, over all frames
}

// New returns a renderer of c. The first Frame paints everything.
func New(c fyne.Canvas, o *Options) *Renderer {
	r := &Renderer{c: c, index: map[fyne.CanvasObject]int{}, full: true, cleaner: software.NewTransparentCanvas(),
		laid: map[fyne.Widget]fyne.WidgetRenderer{}, nextLaid: map[fyne.Widget]fyne.WidgetRenderer{}}
	if o != nil {
		r.budget = o.SpriteBytes
	}
	r.cleaner.SetPadded(false)
	r.cleaner.Resize(fyne.NewSize(1, 1))
	r.sprites = newSpriteCache()
	return r
}

// Image is the frame: the canvas's pixels, opaque. It stays the same image
// from frame to frame while the canvas keeps its size.
func (r *Renderer) Image() *image.RGBA { return r.buf }

// Invalidate makes the next Frame paint everything.
func (r *Renderer) Invalidate() { r.full = true }

// Stats returns the counts so far.
func (r *Renderer) Stats() Stats {
	s := r.stats
	s.Objects = len(r.prev)
	s.Sprites = len(r.sprites.m)
	s.Bytes = r.sprites.used
	return s
}

// Frame brings the image up to date with the canvas and returns the
// rectangles it repainted (nil when nothing changed). The slice is reused
// by the next Frame.
func (r *Renderer) Frame() []image.Rectangle {
	size := r.c.Size()
	w, h := int(math.Ceil(float64(size.Width))), int(math.Ceil(float64(size.Height)))
	if r.buf == nil || r.buf.Rect.Dx() != w || r.buf.Rect.Dy() != h {
		r.buf = image.NewRGBA(image.Rect(0, 0, w, h))
		r.full = true
		budget := r.budget
		if budget <= 0 {
			budget = w*h*4 + 2<<20
		}
		r.sprites.budget = budget
	}
	if bg := rgba64(theme.Color(theme.ColorNameBackground)); bg != r.bg {
		r.bg, r.full = bg, true
	}
	screen := r.buf.Rect

	r.next = r.next[:0]
	add := func(obj fyne.CanvasObject, pos, clipPos fyne.Position, clipSize fyne.Size) {
		r.item(obj, pos, clipPos, clipSize, screen)
	}
	walk(r.c.Content(), fyne.Position{}, fyne.Position{}, noClip, add, r.laidOut)
	for _, o := range r.c.Overlays().List() {
		walk(o, fyne.Position{}, fyne.Position{}, noClip, add, r.laidOut)
	}
	r.laid, r.nextLaid = r.nextLaid, r.laid
	clear(r.nextLaid)
	// Fyne cleans its caches of renderers and canvases gone from the
	// screen on each capture, at most every ten seconds: after the walk,
	// which has just used every renderer on screen, so none of those has
	// expired (FYNE_CACHE) and is dropped.
	r.cleaner.Capture()

	r.damage = r.damage[:0]
	if r.full {
		r.damage = append(r.damage, screen)
	} else {
		r.diff()
	}
	r.damage = merge(r.damage)
	for _, d := range r.damage {
		r.repaint(d)
		r.stats.Pixels += int64(d.Dx() * d.Dy())
	}
	r.full = false
	if len(r.damage) > 0 {
		r.stats.Frames++
	}

	r.prev, r.next = r.next, r.prev
	clear(r.index)
	for i := range r.prev {
		r.index[r.prev[i].obj] = i
	}
	r.sprites.trim()
	if len(r.damage) == 0 {
		return nil
	}
	return r.damage
}

// laidOut lays out a widget's renderer unless the last frame showed the
// widget with this same renderer. Fyne makes a renderer anew for a widget
// whose renderer it dropped from its cache (unused for FYNE_CACHE: a
// hidden part, a kept screen shown again) and lays it out only when the
// widget's size changes; the new renderer's objects would stay at size
// zero and the widget would paint blank.
func (r *Renderer) laidOut(w fyne.Widget, wr fyne.WidgetRenderer) {
	if r.laid[w] != wr {
		wr.Layout(w.Size())
	}
	r.nextLaid[w] = wr
}

// diff adds the damage between prev and next.
func (r *Renderer) diff() {
	seen := make([]bool, len(r.prev))
	last := -1
	for i := range r.next {
		n := &r.next[i]
		j, ok := r.index[n.obj]
		if !ok || seen[j] {
			r.add(n.bounds)
			continue
		}
		seen[j] = true
		o := &r.prev[j]
		if n.volatile || !n.same(o) || j < last {
			// Changed, or now painted in another order.
			r.add(o.bounds)
			r.add(n.bounds)
		}
		last = max(last, j)
	}
	for j := range r.prev {
		if !seen[j] {
			r.add(r.prev[j].bounds)
		}
	}
}

func (r *Renderer) add(b image.Rectangle) {
	if !b.Empty() {
		r.damage = append(r.damage, b)
	}
}

// merge joins rectangles that overlap or touch until none do, and all of
// them into one when there are many.
func merge(rs []image.Rectangle) []image.Rectangle {
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				if rs[i].Inset(-1).Overlaps(rs[j]) {
					rs[i] = rs[i].Union(rs[j])
					rs[j] = rs[len(rs)-1]
					rs = rs[:len(rs)-1]
					j = i
					changed = true
				}
			}
		}
	}
	if len(rs) > 32 {
		u := rs[0]
		for _, r := range rs[1:] {
			u = u.Union(r)
		}
		rs = append(rs[:0], u)
	}
	return rs
}

// repaint paints d from the background up.
func (r *Renderer) repaint(d image.Rectangle) {
	fill(r.buf, d, r.bg)
	for i := range r.next {
		it := &r.next[i]
		area := it.bounds.Intersect(d)
		if area.Empty() {
			continue
		}
		if it.kind == kindFill {
			f := it.p.fill
			fill(r.buf, area, color.RGBA64{R: f[0], G: f[1], B: f[2], A: f[3]})
			continue
		}
		s := r.sprites.get(it)
		if s == nil {
			continue
		}
		if s.fresh {
			r.stats.Drawn++
			s.fresh = false
		}
		over(r.buf, area, s, it.origin.Add(it.shift))
	}
}

// fill composites the premultiplied colour c over dst within a.
func fill(dst *image.RGBA, a image.Rectangle, c color.RGBA64) {
	if c.A == 0 {
		return
	}
	if c.A == 0xffff {
		v := [4]byte{byte(c.R >> 8), byte(c.G >> 8), byte(c.B >> 8), 0xff}
		for y := a.Min.Y; y < a.Max.Y; y++ {
			row := dst.Pix[dst.PixOffset(a.Min.X, y):dst.PixOffset(a.Max.X, y)]
			if len(row) == 0 {
				continue
			}
			copy(row[:4], v[:])
			for n := 4; n < len(row); n *= 2 {
				copy(row[n:], row[:n])
			}
		}
		return
	}
	sr, sg, sb, sa := uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)
	k := 0xffff - sa
	for y := a.Min.Y; y < a.Max.Y; y++ {
		p := dst.Pix[dst.PixOffset(a.Min.X, y):dst.PixOffset(a.Max.X, y)]
		for i := 0; i < len(p); i += 4 {
			p[i] = byte((sr + uint32(p[i])*0x101*k/0xffff) >> 8)
			p[i+1] = byte((sg + uint32(p[i+1])*0x101*k/0xffff) >> 8)
			p[i+2] = byte((sb + uint32(p[i+2])*0x101*k/0xffff) >> 8)
			p[i+3] = byte((sa + uint32(p[i+3])*0x101*k/0xffff) >> 8)
		}
	}
}

// over composites sprite s, whose top-left pixel sits at origin, over dst
// within a.
func over(dst *image.RGBA, a image.Rectangle, s *sprite, origin image.Point) {
	a = a.Intersect(s.rect.Add(origin))
	if s.img == nil {
		for y := a.Min.Y; y < a.Max.Y; y++ {
			for _, r := range s.runs[y-origin.Y] {
				x0 := max(int(r.x)+origin.X, a.Min.X)
				x1 := min(int(r.x+r.n)+origin.X, a.Max.X)
				if x0 >= x1 {
					continue
				}
				d := dst.Pix[dst.PixOffset(x0, y):dst.PixOffset(x1, y)]
				if r.c[3] == 0xff {
					copy(d[:4], []byte{r.c[0], r.c[1], r.c[2], 0xff})
					for n := 4; n < len(d); n *= 2 {
						copy(d[n:], d[:n])
					}
					continue
				}
				for i := 0; i < len(d); i += 4 {
					blend(d[i:i+4:i+4], r.c[0], r.c[1], r.c[2], r.c[3])
				}
			}
		}
		return
	}
	src := s.img
	for y := a.Min.Y; y < a.Max.Y; y++ {
		d := dst.Pix[dst.PixOffset(a.Min.X, y):dst.PixOffset(a.Max.X, y)]
		sp := src.Pix[src.PixOffset(a.Min.X-origin.X, y-origin.Y):]
		for i := 0; i < len(d); i += 4 {
			switch sa := sp[i+3]; sa {
			case 0:
			case 0xff:
				d[i], d[i+1], d[i+2], d[i+3] = sp[i], sp[i+1], sp[i+2], 0xff
			default:
				blend(d[i:i+4:i+4], sp[i], sp[i+1], sp[i+2], sa)
			}
		}
	}
}

// blend composites the colour r, g, b at alpha a (not premultiplied) over
// the premultiplied pixel d, as color.NRGBA.RGBA and image/draw's Over do
// it, in 16 bits.
func blend(d []byte, r, g, b, a uint8) {
	sa8 := uint32(a)
	sa := sa8 * 0x101
	k := 0xffff - sa
	sr := uint32(r) * 0x101 * sa8 / 0xff
	sg := uint32(g) * 0x101 * sa8 / 0xff
	sb := uint32(b) * 0x101 * sa8 / 0xff
	d[0] = byte((sr + uint32(d[0])*0x101*k/0xffff) >> 8)
	d[1] = byte((sg + uint32(d[1])*0x101*k/0xffff) >> 8)
	d[2] = byte((sb + uint32(d[2])*0x101*k/0xffff) >> 8)
	d[3] = byte((sa + uint32(d[3])*0x101*k/0xffff) >> 8)
}

// rgba64 is c premultiplied, 16 bits a channel; nil is transparent.
func rgba64(c color.Color) color.RGBA64 {
	if c == nil {
		return color.RGBA64{}
	}
	r, g, b, a := c.RGBA()
	return color.RGBA64{R: uint16(r), G: uint16(g), B: uint16(b), A: uint16(a)}
}
