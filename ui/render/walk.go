package render

import (
	"image"
	"image/color"
	"math"
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// kind is how an item is painted.
type kind uint8

const (
	kindFill    kind = iota + 1 // a plain rectangle, filled
	kindRect                    // a rectangle with a stroke, radius or aspect
	kindText                    // a text run
	kindImage                   // an image
	kindCircle                  // a circle
	kindLine                    // a line
	kindRaster                  // a raster, drawn again each frame
	kindLinear                  // a linear gradient
	kindRadial                  // a radial gradient
	kindPolygon                 // a polygon
	kindArc                     // an arc
)

// item is one object of the display list.
type item struct {
	obj      fyne.CanvasObject
	kind     kind
	pos      fyne.Position // on the canvas
	size     fyne.Size
	clip     image.Rectangle
	bounds   image.Rectangle // the pixels it may change: within clip and the screen
	origin   image.Point     // where its sprite's top-left pixel goes
	extent   image.Point     // the sprite's size
	margin   int             // pixels of sprite around the object
	shift    image.Point     // Fyne's painter's shift of a vector cut by a clip
	volatile bool            // may change without its properties changing
	p        props
}

// props are the properties of an object that change its pixels.
type props struct {
	fill, stroke     [4]uint16
	strokeWidth      float32
	radii            [4]float32 // rectangle: corner radii; image: [0] corner radius
	aspect           float32
	text             string
	textSize         float32
	style            fyne.TextStyle
	align            fyne.TextAlign
	min              fyne.Size
	source           string // a font's or an image's resource, by name
	file             string
	img              uintptr // an image.Image, by address
	fillMode         canvas.ImageFill
	scaleMode        canvas.ImageScale
	alpha            float64
	p1, p2           fyne.Position // a line's ends, from its position
	angle            float32
	sides            uint
	start, end       float32
	cutout           float32
	offsetX, offsetY float64
}

func (i *item) same(o *item) bool {
	return i.kind == o.kind && i.pos == o.pos && i.size == o.size && i.clip == o.clip && i.bounds == o.bounds && i.p == o.p
}

// Walk visits root and every visible object it holds, each before what it
// holds, as Fyne's own walk of visible objects does: a container's
// objects, a widget's renderer's objects, clipped to the nearest
// scrollable or clipping renderer. visit gets each object's position on
// the canvas and the clip it is painted within. The renderer and
// ui/touch's hit test walk the same tree by this one rule.
func Walk(root fyne.CanvasObject, visit func(obj fyne.CanvasObject, pos, clipPos fyne.Position, clipSize fyne.Size)) {
	walk(root, fyne.Position{}, fyne.Position{}, noClip, visit, nil)
}

// noClip is the clip of what no scroller holds.
var noClip = fyne.NewSize(math.MaxInt32, math.MaxInt32)

// walk is Walk from obj at offset, within a clip. rendered, if not nil,
// gets each widget with its renderer before the renderer's objects are
// read.
func walk(obj fyne.CanvasObject, offset, clipPos fyne.Position, clipSize fyne.Size,
	visit func(obj fyne.CanvasObject, pos, clipPos fyne.Position, clipSize fyne.Size),
	rendered func(fyne.Widget, fyne.WidgetRenderer)) {
	if obj == nil || !obj.Visible() {
		return
	}
	pos := obj.Position().Add(offset)
	var children []fyne.CanvasObject
	clips := false
	switch o := obj.(type) {
	case *fyne.Container:
		children = o.Objects
	case fyne.Widget:
		wr := test.WidgetRenderer(o)
		if rendered != nil {
			rendered(o, wr)
		}
		children = wr.Objects()
		_, clips = wr.(interface{ IsClip() })
	}
	if _, ok := obj.(fyne.Scrollable); ok || clips {
		clipPos, clipSize = pos, obj.Size()
	}
	visit(obj, pos, clipPos, clipSize)
	for _, c := range children {
		walk(c, pos, clipPos, clipSize, visit, rendered)
	}
}

// item adds obj to r.next if it paints.
func (r *Renderer) item(obj fyne.CanvasObject, pos, clipPos fyne.Position, clipSize fyne.Size, screen image.Rectangle) {
	it := item{obj: obj, pos: pos, size: obj.Size()}
	pad := float32(0)
	vector := false // drawn by Fyne's rasteriser of vectors, with its pad
	switch o := obj.(type) {
	case *canvas.Rectangle:
		it.kind = kindRect
		it.p.fill, it.p.stroke = rgba(o.FillColor), rgba(o.StrokeColor)
		it.p.strokeWidth, it.p.aspect = o.StrokeWidth, o.Aspect
		it.p.radii = [4]float32{o.CornerRadius, o.TopLeftCornerRadius, o.TopRightCornerRadius, o.BottomLeftCornerRadius}
		it.p.offsetX = float64(o.BottomRightCornerRadius)
		it.p.min = o.MinSize()
		stroked := o.StrokeColor != nil && o.StrokeWidth > 0
		if !stroked && it.p.radii == [4]float32{} && o.BottomRightCornerRadius == 0 && o.Aspect == 0 {
			it.kind = kindFill
		}
		vector = o.Aspect == 0
		if stroked {
			pad = o.StrokeWidth + 2
		}
	case *canvas.Text:
		it.kind = kindText
		c := o.Color
		if c == nil {
			c = theme.Color(theme.ColorNameForeground)
		}
		it.p.fill = rgba(c)
		it.p.text, it.p.textSize, it.p.style, it.p.align = o.Text, o.TextSize, o.TextStyle, o.Alignment
		it.p.source = resourceName(o.FontSource)
		it.p.min = o.MinSize()
		if o.TextStyle.Italic {
			pad = o.TextSize / 5
		}
		pad += max(0, it.p.min.Width-it.size.Width, it.p.min.Height-it.size.Height)
	case *canvas.Image:
		it.kind = kindImage
		if it.size.IsZero() {
			return
		}
		it.p.source, it.p.file = resourceName(o.Resource), o.File
		it.p.img, it.volatile = address(o.Image)
		it.p.fillMode, it.p.scaleMode, it.p.alpha = o.FillMode, o.ScaleMode, o.Translucency
		it.p.radii[0] = o.CornerRadius
		it.p.min = o.MinSize()
	case *canvas.Circle:
		it.kind = kindCircle
		vector = true
		it.p.fill, it.p.stroke, it.p.strokeWidth = rgba(o.FillColor), rgba(o.StrokeColor), o.StrokeWidth
		pad = 1
		if o.StrokeWidth > 0 && o.StrokeColor != nil {
			pad = o.StrokeWidth + 2
		}
	case *canvas.Line:
		it.kind = kindLine
		vector = true
		it.p.stroke, it.p.strokeWidth = rgba(o.StrokeColor), o.StrokeWidth
		it.p.p1, it.p.p2 = o.Position1.Subtract(o.Position()), o.Position2.Subtract(o.Position())
		pad = o.StrokeWidth + 2
	case *canvas.Polygon:
		it.kind = kindPolygon
		vector = true
		it.p.fill, it.p.stroke, it.p.strokeWidth = rgba(o.FillColor), rgba(o.StrokeColor), o.StrokeWidth
		it.p.radii[0], it.p.angle, it.p.sides = o.CornerRadius, o.Angle, o.Sides
		pad = o.StrokeWidth + 2
	case *canvas.Arc:
		it.kind = kindArc
		vector = true
		it.p.fill, it.p.stroke, it.p.strokeWidth = rgba(o.FillColor), rgba(o.StrokeColor), o.StrokeWidth
		it.p.radii[0], it.p.start, it.p.end, it.p.cutout = o.CornerRadius, o.StartAngle, o.EndAngle, o.CutoutRatio
		pad = o.StrokeWidth + 2
	case *canvas.Raster:
		it.kind, it.volatile = kindRaster, true
		it.p.alpha, it.p.scaleMode = o.Translucency, o.ScaleMode
	case *canvas.LinearGradient:
		it.kind = kindLinear
		it.p.fill, it.p.stroke, it.p.angle = rgba(o.StartColor), rgba(o.EndColor), float32(o.Angle)
	case *canvas.RadialGradient:
		it.kind = kindRadial
		it.p.fill, it.p.stroke = rgba(o.StartColor), rgba(o.EndColor)
		it.p.offsetX, it.p.offsetY = o.CenterOffsetX, o.CenterOffsetY
	default:
		return
	}

	// Fyne's painter: the clip, in pixels, within the canvas.
	cs := r.c.Size()
	it.clip = image.Rect(ceil(clipPos.X), ceil(clipPos.Y),
		ceil(min(clipPos.X+clipSize.Width, cs.Width)), ceil(min(clipPos.Y+clipSize.Height, cs.Height))).Intersect(screen)

	if it.kind == kindFill {
		x, y := ceil(pos.X), ceil(pos.Y)
		it.bounds = image.Rect(x, y, x+ceil(it.size.Width), y+ceil(it.size.Height)).Intersect(it.clip)
	} else {
		// The sprite: the object at the same fraction of a pixel, with a
		// margin for what it paints outside its size.
		m := 2 + int(math.Ceil(float64(pad)))
		fx, fy := math.Floor(float64(pos.X)), math.Floor(float64(pos.Y))
		it.margin = m
		it.origin = image.Pt(int(fx)-m, int(fy)-m)
		it.extent = image.Pt(ceil(it.size.Width)+2*m+1, ceil(it.size.Height)+2*m+1)
		it.extent.X = max(it.extent.X, m+1+ceil(it.p.min.Width))
		it.extent.Y = max(it.extent.Y, m+1+ceil(it.p.min.Height))
		it.bounds = image.Rectangle{Min: it.origin, Max: it.origin.Add(it.extent)}.Intersect(it.clip)
		if vector && fyneClipShift {
			var raw image.Rectangle
			it.shift, raw = clipShift(pos, it.size, pad, it.clip)
			it.bounds = image.Rectangle{Min: it.origin, Max: it.origin.Add(it.extent)}.Add(it.shift).Intersect(raw).Intersect(it.clip)
		}
	}
	if it.bounds.Empty() {
		return
	}
	r.next = append(r.next, it)
}

// fyneClipShift has the renderer place a vector object cut by a clip as
// Fyne 2.7's software painter does: it draws the object's raster from its
// first pixel at the clip's edge, not from the pixel that belongs there, so
// a stroked or rounded shape whose pad starts left of (or above) a scroll's
// clip shows shifted right (or down) by that much. Set to false, the
// renderer draws such shapes where they belong, and differs from Fyne's
// painter there.
const fyneClipShift = true

// clipShift is how far Fyne's painter shifts a vector object at pos of size
// and pad cut by clip (its drawOblongStroke, drawCircle, drawLine…: the
// source point makes up only for a raster starting off the canvas), and
// the rectangle it draws it in, which it does not shift.
func clipShift(pos fyne.Position, size fyne.Size, pad float32, clip image.Rectangle) (image.Point, image.Rectangle) {
	at := image.Pt(ceil(pos.X-pad), ceil(pos.Y-pad))
	raw := image.Rectangle{Min: at, Max: at.Add(image.Pt(ceil(size.Width+2*pad), ceil(size.Height+2*pad)))}
	b := clip.Intersect(raw)
	if b.Empty() {
		return image.Point{}, b
	}
	off := image.Pt(max(0, -raw.Min.X), max(0, -raw.Min.Y))
	return b.Min.Sub(off).Sub(raw.Min), b
}

func ceil(v float32) int { return int(math.Ceil(float64(v))) }

func rgba(c color.Color) [4]uint16 {
	if c == nil || reflect.ValueOf(c).Kind() == reflect.Pointer && reflect.ValueOf(c).IsNil() {
		return [4]uint16{}
	}
	r, g, b, a := c.RGBA()
	return [4]uint16{uint16(r), uint16(g), uint16(b), uint16(a)}
}

func resourceName(r fyne.Resource) string {
	if r == nil {
		return ""
	}
	return r.Name()
}

// address identifies an image by its address; an image that is not a
// pointer cannot be told apart from another, so it is volatile.
func address(img image.Image) (uintptr, bool) {
	if img == nil {
		return 0, false
	}
	v := reflect.ValueOf(img)
	if v.Kind() != reflect.Pointer {
		return 0, true
	}
	return v.Pointer(), false
}
