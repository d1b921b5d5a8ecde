package fbdev

import (
	"bytes"
	"image"
	"math/rand/v2"
	"os"
	"testing"
)

// noise is a picture of random opaque pixels.
func noise(r *rand.Rand, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(r.IntN(256))
		if i%4 == 3 {
			img.Pix[i] = 0xff
		}
	}
	return img
}

// TestDrawRectsAsDraw draws a picture whole with Draw on one file and, on
// another, by DrawRects of the rectangles changed: the files must hold the
// same bytes, for every rotation and both of the Pi's formats.
func TestDrawRectsAsDraw(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, f := range []Format{XRGB8888, RGB565} {
		for _, rot := range []int{0, 90, 180, 270} {
			whole, wpath := openFile(t, 7, 5, f, rot)
			parts, ppath := openFile(t, 7, 5, f, rot)
			size := whole.Size()
			img := noise(rnd, size.X, size.Y)
			if err := whole.Draw(img); err != nil {
				t.Fatal(err)
			}
			if err := parts.DrawRects(img, []image.Rectangle{img.Rect}); err != nil {
				t.Fatal(err)
			}
			for range 5 {
				r := image.Rect(rnd.IntN(size.X), rnd.IntN(size.Y), rnd.IntN(size.X+1), rnd.IntN(size.Y+1)).Canon()
				for y := r.Min.Y; y < r.Max.Y; y++ {
					for x := r.Min.X; x < r.Max.X; x++ {
						o := img.PixOffset(x, y)
						img.Pix[o], img.Pix[o+1], img.Pix[o+2] = byte(rnd.IntN(256)), byte(rnd.IntN(256)), byte(rnd.IntN(256))
					}
				}
				whole.Draw(img)
				if err := parts.DrawRects(img, []image.Rectangle{r}); err != nil {
					t.Fatal(err)
				}
				a, _ := os.ReadFile(wpath)
				b, _ := os.ReadFile(ppath)
				if !bytes.Equal(a, b) {
					t.Fatalf("%s rotated %d: DrawRects of %v differs from Draw", f, rot, r)
				}
			}
		}
	}
}

// TestDrawRectsWritesOnlyThem checks that a framebuffer's memory outside
// the rectangles drawn is left alone.
func TestDrawRectsWritesOnlyThem(t *testing.T) {
	for _, rot := range []int{0, 90, 180, 270} {
		const w, h, stride = 6, 4, 6*4 + 8 // rows padded, as devices do
		mem := make([]byte, stride*h)
		d, err := newDev("mem", w, h, XRGB8888, &memSink{mem: mem, stride: stride}, &Opts{Rotation: rot})
		if err != nil {
			t.Fatal(err)
		}
		size := d.Size()
		img := noise(rand.New(rand.NewPCG(3, 4)), size.X, size.Y)
		d.DrawRects(img, nil) // the first frame goes whole
		for i := range mem {
			mem[i] = 0xAA
		}
		r := image.Rect(1, 1, 3, 2)
		if err := d.DrawRects(img, []image.Rectangle{r}); err != nil {
			t.Fatal(err)
		}
		pr := d.toPanel(r)
		if pr.Dx()*pr.Dy() != r.Dx()*r.Dy() {
			t.Fatalf("rotated %d: %v on the panel is %v", rot, r, pr)
		}
		for y := range h {
			for x := range stride / 4 {
				inside := image.Pt(x, y).In(pr)
				poisoned := bytes.Equal(mem[y*stride+x*4:][:4], []byte{0xAA, 0xAA, 0xAA, 0xAA})
				if inside == poisoned {
					t.Errorf("rotated %d: panel pixel (%d,%d) inside %v: %v, but written: %v", rot, x, y, pr, inside, !poisoned)
				}
			}
		}
	}
}

func TestDrawRectsRefusesAnotherSize(t *testing.T) {
	d, _ := openFile(t, 4, 3, XRGB8888, 90)
	if err := d.DrawRects(image.NewRGBA(image.Rect(0, 0, 4, 3)), nil); err == nil {
		t.Error("a 4×3 picture drawn on a screen of 3×4")
	}
}
