package fbdev

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"
)

var (
	red   = color.NRGBA{0xFF, 0, 0, 0xFF}
	green = color.NRGBA{0, 0xFF, 0, 0xFF}
	blue  = color.NRGBA{0, 0, 0xFF, 0xFF}
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	black = color.NRGBA{0, 0, 0, 0xFF}
)

// corners is a w×h picture, black but for its corners: top-left red,
// top-right green, bottom-left blue, bottom-right white.
func corners(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xFF
	}
	img.SetNRGBA(0, 0, red)
	img.SetNRGBA(w-1, 0, green)
	img.SetNRGBA(0, h-1, blue)
	img.SetNRGBA(w-1, h-1, white)
	return img
}

func openFile(t *testing.T, w, h int, f Format, rot int) (*Dev, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fb.raw")
	d, err := OpenFile(path, w, h, f, &Opts{Rotation: rot})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, path
}

func readBack(t *testing.T, path string, w, h int, f Format) *image.NRGBA {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != w*h*f.bytes() {
		t.Fatalf("file is %d bytes, want %d", len(b), w*h*f.bytes())
	}
	img, err := Decode(b, w, h, f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestFileXRGB8888Bytes(t *testing.T) {
	d, path := openFile(t, 3, 2, XRGB8888, 0)
	if got := d.Size(); got != image.Pt(3, 2) {
		t.Fatalf("Size() = %v", got)
	}
	// A new file is black, one frame long.
	b, _ := os.ReadFile(path)
	if !bytes.Equal(b, bytes.Repeat([]byte{0, 0, 0, 0xFF}, 3*2)) {
		t.Fatalf("new file % x", b)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.SetNRGBA(0, 0, color.NRGBA{0x12, 0x34, 0x56, 0xFF})
	img.SetNRGBA(2, 1, color.NRGBA{0xAB, 0xCD, 0xEF, 0xFF})
	if err := d.Draw(img); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	want := make([]byte, 24)
	for i := 3; i < 24; i += 4 {
		want[i] = 0xFF // X is written opaque
	}
	copy(want[0:], []byte{0x56, 0x34, 0x12, 0xFF})  // B G R X, little-endian XRGB
	copy(want[20:], []byte{0xEF, 0xCD, 0xAB, 0xFF}) // last pixel
	if !bytes.Equal(b, want) {
		t.Fatalf("file\n% x\nwant\n% x", b, want)
	}
}

func TestFileRGB565Bytes(t *testing.T) {
	d, path := openFile(t, 2, 1, RGB565, 0)
	img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	img.SetNRGBA(0, 0, color.NRGBA{0xFF, 0x00, 0x00, 0xFF})
	img.SetNRGBA(1, 0, color.NRGBA{0x08, 0x0C, 0xF8, 0xFF})
	if err := d.Draw(img); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	// red 0xF800; (1,3,31) = 00001 000011 11111 = 0x087F, both little-endian
	if want := []byte{0x00, 0xF8, 0x7F, 0x08}; !bytes.Equal(b, want) {
		t.Fatalf("file % x, want % x", b, want)
	}
	back := readBack(t, path, 2, 1, RGB565)
	if c := back.NRGBAAt(0, 0); c != red {
		t.Errorf("read back %v, want %v", c, red)
	}
}

func TestRotation(t *testing.T) {
	// The picture is 4×2 at 0 and 180, 2×4 on a 4×2 panel at 90 and 270.
	type corner struct {
		x, y int
		c    color.NRGBA
	}
	for _, tc := range []struct {
		rot  int
		want []corner // panel pixels
	}{
		{0, []corner{{0, 0, red}, {3, 0, green}, {0, 1, blue}, {3, 1, white}}},
		// Clockwise: the picture's top-left goes to the panel's top-right.
		{90, []corner{{3, 0, red}, {3, 1, green}, {0, 0, blue}, {0, 1, white}}},
		{180, []corner{{3, 1, red}, {0, 1, green}, {3, 0, blue}, {0, 0, white}}},
		{270, []corner{{0, 1, red}, {0, 0, green}, {3, 1, blue}, {3, 0, white}}},
	} {
		for _, f := range []Format{XRGB8888, RGB565} {
			t.Run(fmt.Sprintf("%d/%s", tc.rot, f), func(t *testing.T) {
				d, path := openFile(t, 4, 2, f, tc.rot)
				size := d.Size()
				if (tc.rot%180 == 0) != (size == image.Pt(4, 2)) {
					t.Fatalf("Size() = %v at %d°", size, tc.rot)
				}
				if err := d.Draw(corners(size.X, size.Y)); err != nil {
					t.Fatal(err)
				}
				got := readBack(t, path, 4, 2, f)
				n := 0
				for _, c := range tc.want {
					if g := got.NRGBAAt(c.x, c.y); g != c.c {
						t.Errorf("panel (%d,%d) = %v, want %v", c.x, c.y, g, c.c)
					}
				}
				for i := 0; i < len(got.Pix); i += 4 {
					if got.Pix[i] != 0 || got.Pix[i+1] != 0 || got.Pix[i+2] != 0 {
						n++
					}
				}
				if n != 4 {
					t.Errorf("%d coloured pixels, want the 4 corners", n)
				}
			})
		}
	}
}

// memory is a device's memory with a stride wider than its rows and a
// panning offset, to check that Draw writes where the device scans out.
func TestStrideAndOffset(t *testing.T) {
	v := varScreenInfo{
		XRes: 3, YRes: 2, XResVirtual: 5, YResVirtual: 4, XOffset: 1, YOffset: 2, BitsPerPixel: 16,
		Red: fbBitfield{Offset: 11, Length: 5}, Green: fbBitfield{Offset: 5, Length: 6}, Blue: fbBitfield{Length: 5},
	}
	fx := fixScreenInfo{Visual: fbVisualTrueColor, LineLength: 12, SmemLen: 48}
	g, err := geometryOf(&v, &fx)
	if err != nil {
		t.Fatal(err)
	}
	if g.format != RGB565 || g.stride != 12 || g.base != 2*12+2 || g.w != 3 || g.h != 2 {
		t.Fatalf("geometry %+v", g)
	}
	mem := bytes.Repeat([]byte{0xEE}, g.memLen)
	d, err := newDev("mem", g.w, g.h, g.format, &memSink{mem: mem, base: g.base, stride: g.stride}, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	if err := d.Draw(img); err != nil {
		t.Fatal(err)
	}
	for i, b := range mem {
		row, col := i/12, i%12
		inside := row >= 2 && row < 4 && col >= 2 && col < 8
		if inside && b != 0xFF || !inside && b != 0xEE {
			t.Fatalf("byte %d (row %d col %d) = %#x", i, row, col, b)
		}
	}
}

func TestGeometryRefused(t *testing.T) {
	good := func() (varScreenInfo, fixScreenInfo) {
		return varScreenInfo{XRes: 800, YRes: 480, XResVirtual: 800, YResVirtual: 480, BitsPerPixel: 32,
				Red: fbBitfield{Offset: 16, Length: 8}, Green: fbBitfield{Offset: 8, Length: 8}, Blue: fbBitfield{Length: 8}},
			fixScreenInfo{Visual: fbVisualTrueColor, LineLength: 3200, SmemLen: 3200 * 480}
	}
	v, fx := good()
	if g, err := geometryOf(&v, &fx); err != nil || g.format.String() != "32bpp{r16/8 g8/8 b0/8}" {
		t.Fatalf("the Pi's 32 bpp without alpha: %+v %v", g, err)
	}
	for name, spoil := range map[string]func(*varScreenInfo, *fixScreenInfo){
		"palette":   func(v *varScreenInfo, f *fixScreenInfo) { f.Visual = 3 },
		"planes":    func(v *varScreenInfo, f *fixScreenInfo) { f.Type = 1 },
		"8 bpp":     func(v *varScreenInfo, f *fixScreenInfo) { v.BitsPerPixel = 8 },
		"greyscale": func(v *varScreenInfo, f *fixScreenInfo) { v.Grayscale = 1 },
		"short row": func(v *varScreenInfo, f *fixScreenInfo) { f.LineLength = 3000 },
		"small mem": func(v *varScreenInfo, f *fixScreenInfo) { f.SmemLen = 3200 * 479 },
		"offset":    func(v *varScreenInfo, f *fixScreenInfo) { v.YOffset = 1 },
		"no size":   func(v *varScreenInfo, f *fixScreenInfo) { v.XRes = 0 },
		"wide red":  func(v *varScreenInfo, f *fixScreenInfo) { v.Red.Length = 10 },
	} {
		v, fx := good()
		spoil(&v, &fx)
		if g, err := geometryOf(&v, &fx); err == nil {
			t.Errorf("%s accepted: %+v", name, g)
		}
	}
}

func TestStructSizes(t *testing.T) {
	if s := unsafe.Sizeof(varScreenInfo{}); s != 160 {
		t.Errorf("fb_var_screeninfo is %d bytes, want 160", s)
	}
	want := uintptr(68)
	if unsafe.Sizeof(uintptr(0)) == 8 {
		want = 80
	}
	if s := unsafe.Sizeof(fixScreenInfo{}); s != want {
		t.Errorf("fb_fix_screeninfo is %d bytes, want %d", s, want)
	}
}

// countSink counts the rows flushed.
type countSink struct{ rows, flushes int }

func (s *countSink) flush(frame []byte, rowBytes, y0, y1 int) error {
	s.rows += y1 - y0
	s.flushes++
	return nil
}
func (s *countSink) flushRect(frame []byte, rowBytes, _ int, r image.Rectangle) error {
	return s.flush(frame, rowBytes, r.Min.Y, r.Max.Y)
}
func (s *countSink) blank(bool) error { return nil }
func (s *countSink) close() error     { return nil }

func TestOnlyChangedRowsWritten(t *testing.T) {
	s := &countSink{}
	d, err := newDev("count", 10, 10, XRGB8888, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	// A device's memory may hold anything: the first frame is written whole.
	d.Draw(img)
	if s.rows != 10 {
		t.Fatalf("%d rows written for the first frame", s.rows)
	}
	s.rows, s.flushes = 0, 0
	d.Draw(img) // transparent reads as black, like the last frame: nothing to write
	if s.rows != 0 {
		t.Fatalf("%d rows written for an unchanged frame", s.rows)
	}
	img.SetNRGBA(4, 3, white)
	img.SetNRGBA(4, 5, white)
	d.Draw(img)
	if s.rows != 3 || s.flushes != 1 {
		t.Fatalf("%d rows in %d writes, want rows 3..5 in one", s.rows, s.flushes)
	}
	d.Draw(img)
	if s.rows != 3 {
		t.Fatalf("the same frame again wrote %d rows", s.rows-3)
	}
}

func TestBlankFile(t *testing.T) {
	d, path := openFile(t, 4, 2, XRGB8888, 0)
	d.Draw(corners(4, 2))
	if err := d.Blank(true); err != nil {
		t.Fatal(err)
	}
	if !d.Blanked() {
		t.Fatal("not blanked")
	}
	if img := readBack(t, path, 4, 2, XRGB8888); img.NRGBAAt(0, 0) != black {
		t.Fatal("blanked file not black")
	}
	// A frame drawn while blanked is kept for later, not shown.
	next := corners(4, 2)
	next.SetNRGBA(1, 1, white)
	d.Draw(next)
	if img := readBack(t, path, 4, 2, XRGB8888); img.NRGBAAt(1, 1) != black {
		t.Fatal("drawn while blanked")
	}
	if err := d.Blank(false); err != nil {
		t.Fatal(err)
	}
	img := readBack(t, path, 4, 2, XRGB8888)
	if img.NRGBAAt(0, 0) != red || img.NRGBAAt(1, 1) != white {
		t.Fatal("unblanking did not show the last frame")
	}
}

func TestOtherImagesAndSizes(t *testing.T) {
	d, path := openFile(t, 4, 4, XRGB8888, 0)
	// A smaller image of another kind: the rest is black.
	small := image.NewRGBA64(image.Rect(0, 0, 2, 2))
	for y := range 2 {
		for x := range 2 {
			small.Set(x, y, green)
		}
	}
	if err := d.Draw(small); err != nil {
		t.Fatal(err)
	}
	img := readBack(t, path, 4, 4, XRGB8888)
	if img.NRGBAAt(1, 1) != green || img.NRGBAAt(2, 2) != black || img.NRGBAAt(3, 0) != black {
		t.Fatalf("small image: %v %v %v", img.NRGBAAt(1, 1), img.NRGBAAt(2, 2), img.NRGBAAt(3, 0))
	}
	// An NRGBA image whose origin is not (0,0), half transparent: drawn
	// over black.
	off := image.NewNRGBA(image.Rect(10, 10, 14, 14))
	for i := 0; i < len(off.Pix); i += 4 {
		copy(off.Pix[i:], []byte{0xFF, 0xFF, 0xFF, 0x80})
	}
	if err := d.Draw(off); err != nil {
		t.Fatal(err)
	}
	img = readBack(t, path, 4, 4, XRGB8888)
	if c := img.NRGBAAt(3, 3); c.R != 0x80 || c.G != 0x80 || c.B != 0x80 {
		t.Fatalf("half-transparent white over black = %v", c)
	}
	if err := d.Draw(nil); err != nil {
		t.Fatal(err)
	}
	if img := readBack(t, path, 4, 4, XRGB8888); img.NRGBAAt(3, 3) != black {
		t.Fatal("nil image not black")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenFile(filepath.Join(dir, "x"), 0, 10, XRGB8888, nil); err == nil {
		t.Error("empty size accepted")
	}
	if _, err := OpenFile(filepath.Join(dir, "x"), 10, 10, Format{Bits: 8}, nil); err == nil {
		t.Error("8 bpp accepted")
	}
	if _, err := OpenFile(filepath.Join(dir, "x"), 10, 10, XRGB8888, &Opts{Rotation: 45}); err == nil || !strings.Contains(err.Error(), "rotation") {
		t.Errorf("rotation 45: %v", err)
	}
	if _, err := OpenFile(filepath.Join(dir, "no", "such", "dir"), 10, 10, XRGB8888, nil); err == nil {
		t.Error("file in a missing directory")
	}
	// A regular file is not a framebuffer device.
	p := filepath.Join(dir, "plain")
	os.WriteFile(p, make([]byte, 100), 0o644)
	if _, err := Open(p, nil); err == nil || !strings.Contains(err.Error(), "not a framebuffer") {
		t.Errorf("Open(regular file): %v", err)
	}
	if _, err := Open(filepath.Join(dir, "fb9"), nil); err == nil {
		t.Error("Open(missing) succeeded")
	}
	// A larger file from an earlier run is cut to one frame.
	os.WriteFile(p, make([]byte, 1000), 0o644)
	d, err := OpenFile(p, 2, 2, RGB565, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if fi, _ := os.Stat(p); fi.Size() != 8 {
		t.Errorf("file is %d bytes, want 8", fi.Size())
	}
	if err := d.Draw(corners(2, 2)); err == nil {
		t.Error("Draw after Close")
	}
}

func TestParseFormat(t *testing.T) {
	for name, want := range map[string]Format{"xrgb8888": XRGB8888, "RGB565": RGB565} {
		if f, err := ParseFormat(name); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %v, %v", name, f, err)
		}
	}
	if _, err := ParseFormat("bgr24"); err == nil {
		t.Error("bgr24 accepted")
	}
	if XRGB8888.String() != "xrgb8888" || RGB565.String() != "rgb565" {
		t.Error("format names")
	}
}

func TestExpand(t *testing.T) {
	for _, tc := range []struct {
		v, l uint32
		want uint8
	}{{31, 5, 255}, {0, 5, 0}, {63, 6, 255}, {16, 5, 0x84}, {0xAB, 8, 0xAB}, {1, 1, 255}} {
		if got := expand(tc.v, tc.l); got != tc.want {
			t.Errorf("expand(%d, %d) = %#x, want %#x", tc.v, tc.l, got, tc.want)
		}
	}
}

// BenchmarkDraw is one whole changed frame packed and written to a file,
// as after a screen change: what a frame costs the kiosk besides Fyne's
// own drawing.
func BenchmarkDraw(b *testing.B) {
	for _, size := range []image.Point{{800, 480}, {1024, 600}, {1920, 1080}} {
		for _, f := range []Format{XRGB8888, RGB565} {
			for _, rot := range []int{0, 90} {
				b.Run(fmt.Sprintf("%dx%d/%s/rot%d", size.X, size.Y, f, rot), func(b *testing.B) {
					d, err := OpenFile(filepath.Join(b.TempDir(), "fb"), size.X, size.Y, f, &Opts{Rotation: rot})
					if err != nil {
						b.Fatal(err)
					}
					defer d.Close()
					p := d.Size()
					frames := [2]*image.NRGBA{image.NewNRGBA(image.Rect(0, 0, p.X, p.Y)), image.NewNRGBA(image.Rect(0, 0, p.X, p.Y))}
					for i := range frames[1].Pix {
						frames[1].Pix[i] = 0xFF
					}
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; b.Loop(); i++ {
						if err := d.Draw(frames[i%2]); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
