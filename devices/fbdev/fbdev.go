package fbdev

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"os"
	"sync"
)

// Opts holds how the picture sits on the panel.
type Opts struct {
	// Rotation turns the picture clockwise on the panel: 0, 90, 180 or 270
	// degrees.
	Rotation int
}

// DefaultOpts draws the picture as the panel scans it out.
var DefaultOpts = Opts{}

// sink is where the rows of a frame end up: mapped device memory or a
// file.
type sink interface {
	// flush writes rows y0..y1-1 of frame, whose rows are rowBytes long.
	flush(frame []byte, rowBytes, y0, y1 int) error
	// flushRect writes the pixels of r, a rectangle of the panel, of frame,
	// whose pixels are bpp bytes.
	flushRect(frame []byte, rowBytes, bpp int, r image.Rectangle) error
	// blank powers the panel down (on) or up (off).
	blank(on bool) error
	close() error
}

// Dev is a framebuffer, or a file standing in for one.
type Dev struct {
	name   string
	format Format
	pack   packer
	w, h   int // the panel's pixels, before rotation
	rot    int
	sink   sink

	mu      sync.Mutex
	frame   []byte // the last frame drawn, rows of w pixels without padding
	row     []byte // one row being packed
	scratch *image.RGBA
	blanked bool
	closed  bool
	// unknown says the sink may hold anything (a console's text): the next
	// Draw writes every row.
	unknown bool
}

func newDev(name string, w, h int, f Format, s sink, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	switch opts.Rotation {
	case 0, 90, 180, 270:
	default:
		return nil, fmt.Errorf("fbdev: rotation %d is not 0, 90, 180 or 270", opts.Rotation)
	}
	if w <= 0 || h <= 0 || w > 1<<14 || h > 1<<14 {
		return nil, fmt.Errorf("fbdev: %s: size %dx%d not supported", name, w, h)
	}
	rowBytes := w * f.bytes()
	d := &Dev{
		name: name, format: f, pack: newPacker(f), w: w, h: h, rot: opts.Rotation, sink: s,
		frame:   make([]byte, rowBytes*h),
		row:     make([]byte, rowBytes),
		unknown: true,
	}
	// The frame starts black, in the format's own bytes.
	bpp := f.bytes()
	v := d.pack.pack(0, 0, 0)
	for i := 0; i < len(d.frame); i += bpp {
		for k := range bpp {
			d.frame[i+k] = byte(v >> (8 * k))
		}
	}
	return d, nil
}

// OpenFile makes path a file-backed framebuffer of width×height pixels of
// format f, black, and returns it. Draw rewrites the file in place.
func OpenFile(path string, width, height int, f Format, opts *Opts) (*Dev, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	if width <= 0 || height <= 0 || width > 1<<14 || height > 1<<14 {
		return nil, fmt.Errorf("fbdev: %s: size %dx%d not supported", path, width, height)
	}
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("fbdev: %w", err)
	}
	s := &fileSink{f: file, size: int64(width * height * f.bytes())}
	d, err := newDev(path, width, height, f, s, opts)
	if err != nil {
		file.Close()
		return nil, err
	}
	// Black, and exactly one frame long, so that a reader never sees the
	// tail of a larger earlier frame.
	if err := file.Truncate(0); err != nil {
		file.Close()
		return nil, fmt.Errorf("fbdev: %w", err)
	}
	if err := s.flush(d.frame, len(d.row), 0, height); err != nil {
		file.Close()
		return nil, fmt.Errorf("fbdev: %w", err)
	}
	d.unknown = false
	return d, nil
}

// Size is the picture's size: the panel's turned by the rotation.
func (d *Dev) Size() image.Point {
	if d.rot == 90 || d.rot == 270 {
		return image.Pt(d.h, d.w)
	}
	return image.Pt(d.w, d.h)
}

// Format is the panel's pixel format.
func (d *Dev) Format() Format { return d.format }

// Rotation is the picture's rotation on the panel, in degrees clockwise.
func (d *Dev) Rotation() int { return d.rot }

func (d *Dev) String() string {
	p := d.Size()
	return fmt.Sprintf("fbdev{%s %dx%d %s rot%d}", d.name, p.X, p.Y, d.format, d.rot)
}

// Draw shows img, whose top-left pixel goes to the picture's top-left
// corner; what img does not cover is drawn black. Only the rows that
// changed since the last frame are written. While the panel is blanked the
// frame is kept and shown by Blank(false).
func (d *Dev) Draw(img image.Image) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("fbdev: closed")
	}
	pix, stride, nrgba := d.source(img)
	rowBytes := len(d.row)
	y0, y1 := -1, -1
	if d.unknown {
		y0, y1 = 0, d.h
	}
	for y := 0; y < d.h; y++ {
		start, step := d.walk(y, stride)
		d.packRow(pix, start, step, nrgba)
		old := d.frame[y*rowBytes : (y+1)*rowBytes]
		if bytes.Equal(old, d.row) {
			continue
		}
		copy(old, d.row)
		if y0 < 0 {
			y0 = y
		}
		y1 = y + 1
	}
	if y0 < 0 || d.blanked {
		return nil
	}
	if err := d.sink.flush(d.frame, rowBytes, y0, y1); err != nil {
		return fmt.Errorf("fbdev: %s: %w", d.name, err)
	}
	d.unknown = false
	return nil
}

// DrawRects shows the rectangles rects of img, a picture as Draw takes it
// and of the picture's size, leaving the rest of the panel as it is: only
// those pixels are converted, turned and written. It is for a renderer
// that keeps its picture and knows what it repainted. The first frame, and
// one after the panel may hold anything, is written whole.
func (d *Dev) DrawRects(img *image.RGBA, rects []image.Rectangle) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("fbdev: closed")
	}
	pic := image.Rectangle{Max: d.Size()}
	if img.Rect != pic {
		return fmt.Errorf("fbdev: %s: a picture of %v for a screen of %v", d.name, img.Rect, pic)
	}
	if d.unknown {
		rects = []image.Rectangle{pic}
	}
	bpp := d.format.bytes()
	rowBytes := len(d.row)
	for _, r := range rects {
		r = r.Intersect(pic)
		if r.Empty() {
			continue
		}
		pr := d.toPanel(r)
		for y := pr.Min.Y; y < pr.Max.Y; y++ {
			start, step := d.walk(y, img.Stride)
			o := y*rowBytes + pr.Min.X*bpp
			d.packSpan(d.frame[o:o+pr.Dx()*bpp], img.Pix, start+pr.Min.X*step, step, false)
		}
		if d.blanked {
			continue
		}
		if err := d.sink.flushRect(d.frame, rowBytes, bpp, pr); err != nil {
			return fmt.Errorf("fbdev: %s: %w", d.name, err)
		}
	}
	if !d.blanked {
		d.unknown = false
	}
	return nil
}

// toPanel turns a rectangle of the picture into the panel's.
func (d *Dev) toPanel(r image.Rectangle) image.Rectangle {
	w, h := d.w, d.h
	switch d.rot {
	case 90: // panel (x, y) shows picture (y, w-1-x)
		return image.Rect(w-r.Max.Y, r.Min.X, w-r.Min.Y, r.Max.X)
	case 180: // panel (x, y) shows picture (w-1-x, h-1-y)
		return image.Rect(w-r.Max.X, h-r.Max.Y, w-r.Min.X, h-r.Min.Y)
	case 270: // panel (x, y) shows picture (h-1-y, x)
		return image.Rect(r.Min.Y, h-r.Max.X, r.Max.Y, h-r.Min.X)
	}
	return r
}

// Blank powers the panel down (true) or up again (false), showing the last
// frame drawn.
func (d *Dev) Blank(on bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("fbdev: closed")
	}
	if on == d.blanked {
		return nil
	}
	if err := d.sink.blank(on); err != nil {
		return fmt.Errorf("fbdev: %s: %w", d.name, err)
	}
	d.blanked = on
	if !on {
		if err := d.sink.flush(d.frame, len(d.row), 0, d.h); err != nil {
			return fmt.Errorf("fbdev: %s: %w", d.name, err)
		}
		d.unknown = false
	}
	return nil
}

// Blanked reports whether the panel is blanked.
func (d *Dev) Blanked() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.blanked
}

// Close releases the device or file. The picture stays on the panel.
func (d *Dev) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	if err := d.sink.close(); err != nil {
		return fmt.Errorf("fbdev: %s: %w", d.name, err)
	}
	return nil
}

// source returns img's pixels as 8-bit RGBA with (0,0) of the picture at
// index 0, converting into a scratch image when img is of another kind or
// does not cover the picture. nrgba says the alpha is not premultiplied.
func (d *Dev) source(img image.Image) (pix []byte, stride int, nrgba bool) {
	size := d.Size()
	want := image.Rectangle{Max: size}
	switch m := img.(type) {
	case *image.NRGBA:
		if b := m.Bounds(); want.Add(b.Min).In(b) {
			return m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, true
		}
	case *image.RGBA:
		if b := m.Bounds(); want.Add(b.Min).In(b) {
			return m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, false
		}
	}
	if d.scratch == nil {
		d.scratch = image.NewRGBA(want)
	}
	draw.Draw(d.scratch, want, image.Black, image.Point{}, draw.Src)
	if img != nil {
		draw.Draw(d.scratch, want, img, img.Bounds().Min, draw.Over)
	}
	return d.scratch.Pix, d.scratch.Stride, false
}

// walk returns where the panel's row y starts in the source and how far
// apart (in bytes) its pixels lie there, for the rotation.
func (d *Dev) walk(y, stride int) (start, step int) {
	w, h := d.w, d.h
	switch d.rot {
	case 90: // panel (x, y) shows picture (y, w-1-x)
		return (w-1)*stride + y*4, -stride
	case 180: // panel (x, y) shows picture (w-1-x, h-1-y)
		return (h-1-y)*stride + (w-1)*4, -4
	case 270: // panel (x, y) shows picture (h-1-y, x)
		return (h - 1 - y) * 4, stride
	}
	return y * stride, 4
}

// packRow packs one panel row into d.row.
func (d *Dev) packRow(pix []byte, i, step int, nrgba bool) {
	d.packSpan(d.row, pix, i, step, nrgba)
}

// packSpan packs the pixels of pix from i, step bytes apart, into row.
func (d *Dev) packSpan(row, pix []byte, i, step int, nrgba bool) {
	p := &d.pack
	if d.format == XRGB8888 && !nrgba {
		// The Pi's own format: the bytes swapped, the alpha set.
		for o := 0; o < len(row); o += 4 {
			row[o], row[o+1], row[o+2], row[o+3] = pix[i+2], pix[i+1], pix[i], 0xff
			i += step
		}
		return
	}
	switch d.format.Bits {
	case 32:
		for o := 0; o < len(row); o += 4 {
			v := p.pack(channels(pix, i, nrgba))
			row[o], row[o+1], row[o+2], row[o+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
			i += step
		}
	case 24:
		for o := 0; o < len(row); o += 3 {
			v := p.pack(channels(pix, i, nrgba))
			row[o], row[o+1], row[o+2] = byte(v), byte(v>>8), byte(v>>16)
			i += step
		}
	case 16:
		for o := 0; o < len(row); o += 2 {
			v := p.pack(channels(pix, i, nrgba))
			row[o], row[o+1] = byte(v), byte(v>>8)
			i += step
		}
	}
}

// channels reads the pixel at i, composited over black.
func channels(pix []byte, i int, nrgba bool) (r, g, b uint8) {
	r, g, b = pix[i], pix[i+1], pix[i+2]
	if a := pix[i+3]; nrgba && a != 0xFF {
		r = uint8(uint32(r) * uint32(a) / 0xFF)
		g = uint8(uint32(g) * uint32(a) / 0xFF)
		b = uint8(uint32(b) * uint32(a) / 0xFF)
	}
	return r, g, b
}

// fileSink is a plain file holding one frame.
type fileSink struct {
	f    *os.File
	size int64
}

func (s *fileSink) flush(frame []byte, rowBytes, y0, y1 int) error {
	_, err := s.f.WriteAt(frame[y0*rowBytes:y1*rowBytes], int64(y0*rowBytes))
	return err
}

// flushRect writes the rows r spans, in one write.
func (s *fileSink) flushRect(frame []byte, rowBytes, _ int, r image.Rectangle) error {
	return s.flush(frame, rowBytes, r.Min.Y, r.Max.Y)
}

// blank fills the file with black: what a powered-down panel shows.
func (s *fileSink) blank(on bool) error {
	if !on {
		return nil
	}
	_, err := s.f.WriteAt(make([]byte, s.size), 0)
	return err
}

func (s *fileSink) close() error { return s.f.Close() }

// memSink is a framebuffer's mapped memory.
type memSink struct {
	mem          []byte
	base, stride int
	blanker      func(on bool) error
	closer       func() error
}

func (s *memSink) flush(frame []byte, rowBytes, y0, y1 int) error {
	for y := y0; y < y1; y++ {
		o := s.base + y*s.stride
		copy(s.mem[o:o+rowBytes], frame[y*rowBytes:(y+1)*rowBytes])
	}
	return nil
}

func (s *memSink) flushRect(frame []byte, rowBytes, bpp int, r image.Rectangle) error {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := s.base + y*s.stride + r.Min.X*bpp
		f := y*rowBytes + r.Min.X*bpp
		n := r.Dx() * bpp
		copy(s.mem[o:o+n], frame[f:f+n])
	}
	return nil
}

func (s *memSink) blank(on bool) error {
	if s.blanker == nil {
		return nil
	}
	return s.blanker(on)
}

func (s *memSink) close() error {
	if s.closer == nil {
		return nil
	}
	return s.closer()
}
