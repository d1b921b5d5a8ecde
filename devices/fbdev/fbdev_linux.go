package fbdev

import (
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctls and values from <linux/fb.h>.
const (
	fbioGetVScreenInfo = 0x4600
	fbioGetFScreenInfo = 0x4602
	fbioBlank          = 0x4611

	fbTypePackedPixels = 0
	fbVisualTrueColor  = 2
	fbVisualDirectCol  = 4

	fbBlankUnblank   = 0
	fbBlankPowerdown = 4
)

type fbBitfield struct {
	Offset, Length, MSBRight uint32
}

// varScreenInfo is struct fb_var_screeninfo: 160 bytes on every
// architecture.
type varScreenInfo struct {
	XRes, YRes, XResVirtual, YResVirtual uint32
	XOffset, YOffset                     uint32
	BitsPerPixel, Grayscale              uint32
	Red, Green, Blue, Transp             fbBitfield
	NonStd, Activate, Height, Width      uint32
	AccelFlags, PixClock                 uint32
	LeftMargin, RightMargin              uint32
	UpperMargin, LowerMargin             uint32
	HSyncLen, VSyncLen, Sync, VMode      uint32
	Rotate, Colorspace                   uint32
	Reserved                             [4]uint32
}

// fixScreenInfo is struct fb_fix_screeninfo. Its unsigned longs are
// uintptrs, so that Go lays it out as the kernel does for this
// architecture: 80 bytes on arm64 and amd64, 68 on arm.
type fixScreenInfo struct {
	ID                             [16]byte
	SmemStart                      uintptr
	SmemLen, Type, TypeAux, Visual uint32
	XPanStep, YPanStep, YWrapStep  uint16
	LineLength                     uint32
	MMIOStart                      uintptr
	MMIOLen, Accel                 uint32
	Capabilities                   uint16
	Reserved                       [2]uint16
}

// Open opens a framebuffer device such as /dev/fb0, with its geometry and
// pixel format from the kernel, and maps its memory.
func Open(path string, opts *Opts) (*Dev, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("fbdev: %w", err)
	}
	var vinfo varScreenInfo
	var finfo fixScreenInfo
	err = ioctl(f, fbioGetVScreenInfo, unsafe.Pointer(&vinfo))
	if err == nil {
		err = ioctl(f, fbioGetFScreenInfo, unsafe.Pointer(&finfo))
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("fbdev: %s is not a framebuffer: %w", path, err)
	}
	g, err := geometryOf(&vinfo, &finfo)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("fbdev: %s: %w", path, err)
	}
	var mem []byte
	err = control(f, func(fd int) error {
		var err error
		mem, err = unix.Mmap(fd, 0, g.memLen, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		return err
	})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("fbdev: %s: mmap: %w", path, err)
	}
	s := &memSink{
		mem: mem, base: g.base, stride: g.stride,
		blanker: func(on bool) error {
			arg := uintptr(fbBlankUnblank)
			if on {
				arg = fbBlankPowerdown
			}
			return control(f, func(fd int) error {
				_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), fbioBlank, arg)
				if errno != 0 {
					return errno
				}
				return nil
			})
		},
		closer: func() error {
			return errors.Join(unix.Munmap(mem), f.Close())
		},
	}
	d, err := newDev(path, g.w, g.h, g.format, s, opts)
	if err != nil {
		s.close()
		return nil, err
	}
	return d, nil
}

// geometry is what Draw needs to know of a device.
type geometry struct {
	w, h         int
	format       Format
	base, stride int // byte offset of the visible screen, bytes a row
	memLen       int // bytes to map
}

// geometryOf checks the screen info and works out the layout. It refuses
// what Draw cannot fill: palettes, planes, a screen outside its memory.
func geometryOf(v *varScreenInfo, fx *fixScreenInfo) (geometry, error) {
	var g geometry
	if fx.Type != fbTypePackedPixels || (fx.Visual != fbVisualTrueColor && fx.Visual != fbVisualDirectCol) {
		return g, fmt.Errorf("type %d visual %d is not packed true colour", fx.Type, fx.Visual)
	}
	if v.Grayscale != 0 {
		return g, errors.New("greyscale framebuffers are not supported")
	}
	g.format = Format{
		Bits:   int(v.BitsPerPixel),
		Red:    Bitfield{v.Red.Offset, v.Red.Length},
		Green:  Bitfield{v.Green.Offset, v.Green.Length},
		Blue:   Bitfield{v.Blue.Offset, v.Blue.Length},
		Transp: Bitfield{v.Transp.Offset, v.Transp.Length},
	}
	if err := g.format.validate(); err != nil {
		return g, err
	}
	g.w, g.h = int(v.XRes), int(v.YRes)
	bpp := g.format.bytes()
	g.stride = int(fx.LineLength)
	if g.stride == 0 {
		g.stride = int(v.XResVirtual) * bpp
	}
	if g.w <= 0 || g.h <= 0 || g.stride < g.w*bpp {
		return g, fmt.Errorf("geometry %dx%d with %d-byte rows does not fit", g.w, g.h, g.stride)
	}
	g.base = int(v.YOffset)*g.stride + int(v.XOffset)*bpp
	g.memLen = int(fx.SmemLen)
	if g.memLen == 0 {
		g.memLen = g.stride * int(max(v.YResVirtual, v.YRes))
	}
	if end := g.base + (g.h-1)*g.stride + g.w*bpp; end > g.memLen {
		return g, fmt.Errorf("a %dx%d screen at offset %d needs %d bytes, the device has %d", g.w, g.h, g.base, end, g.memLen)
	}
	return g, nil
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	return control(f, func(fd int) error {
		_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
		if errno != 0 {
			return errno
		}
		return nil
	})
}

// control runs fn on f's descriptor without f.Fd, which would put the file
// in blocking mode.
func control(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}
