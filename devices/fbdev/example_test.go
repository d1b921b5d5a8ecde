package fbdev_test

import (
	"fmt"
	"image"
	"image/color"
	"log"
	"os"
	"path/filepath"

	"github.com/motcua/kiosk/devices/fbdev"
)

func Example() {
	// On a kiosk: fbdev.Open("/dev/fb0", &fbdev.Opts{Rotation: 90}). A file
	// stands in for the framebuffer so the example runs anywhere.
	dir, err := os.MkdirTemp("", "fbdev")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "fb.raw")
	fb, err := fbdev.OpenFile(path, 800, 480, fbdev.RGB565, &fbdev.Opts{Rotation: 90})
	if err != nil {
		log.Fatal(err)
	}
	defer fb.Close()

	// A portrait picture, its top-left pixel government blue.
	size := fb.Size()
	img := image.NewNRGBA(image.Rectangle{Max: size})
	img.SetNRGBA(0, 0, color.NRGBA{R: 0x0B, G: 0x4E, B: 0xA2, A: 0xFF})
	if err := fb.Draw(img); err != nil {
		log.Fatal(err)
	}

	// Turned clockwise, it sits in the panel's top-right corner.
	raw, _ := os.ReadFile(path)
	panel, _ := fbdev.Decode(raw, 800, 480, fbdev.RGB565)
	fmt.Println(size, fb.Format(), fb.Rotation())
	fmt.Println(panel.NRGBAAt(799, 0))
	// Output:
	// (480,800) rgb565 90
	// {8 77 165 255}
}
