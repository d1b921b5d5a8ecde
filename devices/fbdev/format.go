package fbdev

import (
	"errors"
	"fmt"
	"image"
	"strings"
)

// Bitfield is where one colour channel sits in a pixel, as the kernel's
// struct fb_bitfield says: Length bits starting at bit Offset.
type Bitfield struct {
	Offset, Length uint32
}

// Format is a packed true-colour pixel format: Bits per pixel (16, 24 or
// 32), stored little-endian, with the channels where the bitfields say.
// Transp is filled with ones when it has any length, so a format with
// alpha shows opaque.
type Format struct {
	Bits                     int
	Red, Green, Blue, Transp Bitfield
}

// The formats of the Pi's framebuffer.
var (
	// XRGB8888 is 4 bytes a pixel, blue in the first byte: the Pi's 32 bpp.
	XRGB8888 = Format{Bits: 32, Red: Bitfield{16, 8}, Green: Bitfield{8, 8}, Blue: Bitfield{0, 8}, Transp: Bitfield{24, 8}}
	// RGB565 is 2 bytes a pixel: the Pi's 16 bpp, and many SPI panels.
	RGB565 = Format{Bits: 16, Red: Bitfield{11, 5}, Green: Bitfield{5, 6}, Blue: Bitfield{0, 5}}
)

// ParseFormat returns the format named "xrgb8888" or "rgb565".
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(name) {
	case "xrgb8888":
		return XRGB8888, nil
	case "rgb565":
		return RGB565, nil
	}
	return Format{}, fmt.Errorf("fbdev: unknown pixel format %q (want xrgb8888 or rgb565)", name)
}

// String is the format's name, or its layout when it has no name.
func (f Format) String() string {
	switch f {
	case XRGB8888:
		return "xrgb8888"
	case RGB565:
		return "rgb565"
	}
	return fmt.Sprintf("%dbpp{r%d/%d g%d/%d b%d/%d}", f.Bits,
		f.Red.Offset, f.Red.Length, f.Green.Offset, f.Green.Length, f.Blue.Offset, f.Blue.Length)
}

// bytes is the size of a pixel.
func (f Format) bytes() int { return f.Bits / 8 }

// validate refuses what Draw cannot pack: other depths, channels outside
// the pixel or wider than 8 bits.
func (f Format) validate() error {
	if f.Bits != 16 && f.Bits != 24 && f.Bits != 32 {
		return fmt.Errorf("fbdev: %d bits per pixel not supported (want 16, 24 or 32)", f.Bits)
	}
	for _, c := range []Bitfield{f.Red, f.Green, f.Blue} {
		if c.Length == 0 || c.Length > 8 || c.Offset+c.Length > uint32(f.Bits) {
			return fmt.Errorf("fbdev: pixel format %s not supported", f)
		}
	}
	if f.Transp.Length > 8 || f.Transp.Offset+f.Transp.Length > uint32(f.Bits) {
		return fmt.Errorf("fbdev: pixel format %s not supported", f)
	}
	return nil
}

// packer turns 8-bit channels into a pixel of a format.
type packer struct {
	rr, gr, br uint32 // right shift from 8 bits to the channel's length
	rl, gl, bl uint32 // left shift to the channel's offset
	fill       uint32 // the transparency bits, all set
}

func newPacker(f Format) packer {
	p := packer{
		rr: 8 - f.Red.Length, gr: 8 - f.Green.Length, br: 8 - f.Blue.Length,
		rl: f.Red.Offset, gl: f.Green.Offset, bl: f.Blue.Offset,
	}
	if f.Transp.Length > 0 {
		p.fill = (1<<f.Transp.Length - 1) << f.Transp.Offset
	}
	return p
}

func (p *packer) pack(r, g, b uint8) uint32 {
	return uint32(r)>>p.rr<<p.rl | uint32(g)>>p.gr<<p.gl | uint32(b)>>p.br<<p.bl | p.fill
}

// expand is the inverse of a channel's packing: the top bits repeated into
// the bottom, so that 5-bit 31 reads back as 255.
func expand(v, length uint32) uint8 {
	v &= 1<<length - 1
	v <<= 8 - length
	for s := length; s < 8; s += length {
		v |= v >> s
	}
	return uint8(v)
}

// Decode reads a frame as OpenFile writes it (rows top to bottom, no
// padding) into an image, for tests and for looking at a file-backed
// screen.
func Decode(b []byte, width, height int, f Format) (*image.NRGBA, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	if width <= 0 || height <= 0 {
		return nil, errors.New("fbdev: empty frame")
	}
	bpp := f.bytes()
	if len(b) < width*height*bpp {
		return nil, fmt.Errorf("fbdev: %d bytes is short of a %dx%d %s frame", len(b), width, height, f)
	}
	img := image.NewNRGBA(image.Rect(0, 0, width, height))
	for i, o := 0, 0; i < width*height; i++ {
		var v uint32
		for k := range bpp {
			v |= uint32(b[i*bpp+k]) << (8 * k)
		}
		img.Pix[o] = expand(v>>f.Red.Offset, f.Red.Length)
		img.Pix[o+1] = expand(v>>f.Green.Offset, f.Green.Length)
		img.Pix[o+2] = expand(v>>f.Blue.Offset, f.Blue.Length)
		img.Pix[o+3] = 0xFF
		o += 4
	}
	return img, nil
}
