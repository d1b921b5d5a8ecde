package evdev

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctl numbers, as <linux/input.h> builds them with _IOC: the same on
// arm, arm64 and amd64.
const (
	iocRead  = 2
	iocWrite = 1
)

func ioc(dir, nr, size uintptr) uintptr {
	return dir<<30 | size<<16 | 'E'<<8 | nr
}

func eviocgname(n uintptr) uintptr           { return ioc(iocRead, 0x06, n) }
func eviocgprop(n uintptr) uintptr           { return ioc(iocRead, 0x09, n) }
func eviocgbit(ev uint16, n uintptr) uintptr { return ioc(iocRead, 0x20+uintptr(ev), n) }
func eviocgabs(abs uint16) uintptr           { return ioc(iocRead, 0x40+uintptr(abs), 24) }
func eviocgkey(n uintptr) uintptr            { return ioc(iocRead, 0x18, n) }
func eviocgmtslots(n uintptr) uintptr        { return ioc(iocRead, 0x0a, n) }

var eviocgrab = ioc(iocWrite, 0x90, 4)

// Input properties.
const (
	propPointer = 0
	propDirect  = 1
)

// Device is an input device, or a file or FIFO of its records.
type Device struct {
	f    *os.File
	path string
	name string
	dev  bool // a character device, not a file or FIFO
	dec  *Decoder

	types, keys, abs, props []byte // capability bitmaps
}

// Open opens an evdev device, or a file or FIFO of 64-bit input_event
// records. A FIFO is opened read-write so that it stays open, waiting,
// between writers.
func Open(path string) (*Device, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("evdev: %w", err)
	}
	flag := os.O_RDONLY
	if fi.Mode()&fs.ModeNamedPipe != 0 {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("evdev: %w", err)
	}
	d := &Device{f: f, path: path, name: path}
	if fi.Mode()&fs.ModeCharDevice == 0 {
		d.dec = NewDecoder(f, Record64)
		return d, nil
	}
	d.dev = true
	d.dec = NewDecoder(f, RecordNative)
	name := make([]byte, 256)
	if err := d.ioctl(eviocgname(uintptr(len(name))), unsafe.Pointer(&name[0])); err != nil {
		f.Close()
		return nil, fmt.Errorf("evdev: %s is not an input device: %w", path, err)
	}
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	d.name = string(name)
	d.types = d.bits(0, 4)
	d.keys = d.bits(EvKey, int(keyMax)/8+1)
	d.abs = d.bits(EvAbs, int(absMax)/8+1)
	d.props = make([]byte, 4)
	if d.ioctl(eviocgprop(uintptr(len(d.props))), unsafe.Pointer(&d.props[0])) != nil {
		d.props = nil
	}
	return d, nil
}

// bits reads a capability bitmap; an error leaves it empty.
func (d *Device) bits(ev uint16, n int) []byte {
	b := make([]byte, n)
	if d.ioctl(eviocgbit(ev, uintptr(n)), unsafe.Pointer(&b[0])) != nil {
		return nil
	}
	return b
}

func has(bits []byte, n uint16) bool {
	i := int(n / 8)
	return i < len(bits) && bits[i]&(1<<(n%8)) != 0
}

// Name is the device's name ("FT5406 memory based driver"), or its path
// for a file.
func (d *Device) Name() string { return d.name }

// Path is where the device was opened.
func (d *Device) Path() string { return d.path }

// IsDevice reports whether d is a real input device rather than a file or
// FIFO.
func (d *Device) IsDevice() bool { return d.dev }

func (d *Device) String() string {
	if d.dev && d.name != d.path {
		return fmt.Sprintf("%s (%s)", d.path, d.name)
	}
	return d.path
}

// Kind is what the device is for, by its capabilities: KindTouch for a
// touch screen (absolute multi-touch positions, or ABS_X/ABS_Y with
// BTN_TOUCH, and not a touchpad that moves a pointer), KindScanner for
// anything that types digits and Enter (scanners are keyboards), else
// KindOther. A file or FIFO is KindOther: its kind is what it was opened
// as.
func (d *Device) Kind() Kind {
	if !d.dev {
		return KindOther
	}
	if has(d.types, EvAbs) && !has(d.props, propPointer) {
		if has(d.abs, AbsMTPositionX) && has(d.abs, AbsMTPositionY) ||
			has(d.abs, AbsX) && has(d.abs, AbsY) && has(d.keys, BtnTouch) {
			return KindTouch
		}
	}
	if has(d.types, EvKey) && has(d.keys, KeyEnter) && has(d.keys, 2) && has(d.keys, 11) {
		return KindScanner
	}
	return KindOther
}

// AbsRange returns an absolute axis's range from the device; ok is false
// for a file or an axis the device lacks.
func (d *Device) AbsRange(axis uint16) (r Range, ok bool) {
	if !d.dev || !has(d.abs, axis) {
		return r, false
	}
	info, err := d.absInfo(axis)
	if err != nil {
		return r, false
	}
	return Range{Min: info[1], Max: info[2]}, info[2] > info[1]
}

// absInfo reads an axis's struct input_absinfo: value, minimum, maximum,
// fuzz, flat, resolution.
func (d *Device) absInfo(axis uint16) (info [6]int32, err error) {
	err = d.ioctl(eviocgabs(axis), unsafe.Pointer(&info[0]))
	return info, err
}

// State reads what a touch screen holds now, to resynchronise a Touch
// after lost events (Touch.SetResync): the selected slot and each slot's
// tracking ID and position (EVIOCGABS, EVIOCGMTSLOTS) for a multi-touch
// screen, at most MaxSlots of them, and BTN_TOUCH, ABS_X and ABS_Y
// (EVIOCGKEY, EVIOCGABS). A file or FIFO has no state to read.
func (d *Device) State() (State, error) {
	var st State
	if !d.dev {
		return st, fmt.Errorf("evdev: %s is not an input device: no state to read", d)
	}
	keys := make([]byte, int(keyMax)/8+1)
	if err := d.ioctl(eviocgkey(uintptr(len(keys))), unsafe.Pointer(&keys[0])); err != nil {
		return st, fmt.Errorf("evdev: keys of %s: %w", d, err)
	}
	st.Touching = has(keys, BtnTouch) || has(keys, BtnLeft)
	if has(d.abs, AbsX) && has(d.abs, AbsY) {
		x, errx := d.absInfo(AbsX)
		y, erry := d.absInfo(AbsY)
		if err := errors.Join(errx, erry); err != nil {
			return st, fmt.Errorf("evdev: position of %s: %w", d, err)
		}
		st.X, st.Y = x[0], y[0]
	}
	if !has(d.abs, AbsMTSlot) {
		return st, nil
	}
	info, err := d.absInfo(AbsMTSlot)
	if err != nil {
		return st, fmt.Errorf("evdev: slot of %s: %w", d, err)
	}
	st.Slot = info[0]
	n := int(min(max(info[2]+1, 0), MaxSlots))
	if n == 0 {
		return st, nil
	}
	st.Slots = make([]SlotState, n)
	// struct input_mt_request_layout: the code, then a value per slot.
	var req [1 + MaxSlots]int32
	for _, c := range []uint16{AbsMTTrackingID, AbsMTPositionX, AbsMTPositionY} {
		req[0] = int32(c)
		if err := d.ioctl(eviocgmtslots(uintptr(4*(1+n))), unsafe.Pointer(&req[0])); err != nil {
			return st, fmt.Errorf("evdev: slots of %s: %w", d, err)
		}
		for i := range st.Slots {
			switch c {
			case AbsMTTrackingID:
				st.Slots[i].TrackingID = req[1+i]
			case AbsMTPositionX:
				st.Slots[i].X = req[1+i]
			case AbsMTPositionY:
				st.Slots[i].Y = req[1+i]
			}
		}
	}
	return st, nil
}

// TouchRange returns the range of the axes a touch screen reports: the
// multi-touch ones when it has them.
func (d *Device) TouchRange() (x, y Range, ok bool) {
	x, okx := d.AbsRange(AbsMTPositionX)
	y, oky := d.AbsRange(AbsMTPositionY)
	if okx && oky {
		return x, y, true
	}
	x, okx = d.AbsRange(AbsX)
	y, oky = d.AbsRange(AbsY)
	return x, y, okx && oky
}

// Grab takes the device for this process alone: its keys no longer reach
// the console. A file needs no grabbing.
func (d *Device) Grab() error {
	if !d.dev {
		return nil
	}
	if err := d.ioctlInt(eviocgrab, 1); err != nil {
		return fmt.Errorf("evdev: grab %s: %w", d, err)
	}
	return nil
}

// Read returns the next event. It blocks until one comes; Close ends the
// wait. A device that was unplugged returns an error wrapping
// unix.ENODEV; a file returns io.EOF at its end.
func (d *Device) Read() (Event, error) {
	return d.dec.Next()
}

// Close closes the device, ending a Read in progress.
func (d *Device) Close() error { return d.f.Close() }

// Unplugged reports whether err says the device went away.
func Unplugged(err error) bool {
	return errors.Is(err, unix.ENODEV) || errors.Is(err, os.ErrClosed)
}

func (d *Device) ioctl(req uintptr, arg unsafe.Pointer) error {
	return d.control(func(fd uintptr) error {
		_, _, errno := unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg))
		if errno != 0 {
			return errno
		}
		return nil
	})
}

func (d *Device) ioctlInt(req uintptr, v int) error {
	return d.control(func(fd uintptr) error {
		_, _, errno := unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(v))
		if errno != 0 {
			return errno
		}
		return nil
	})
}

// control runs fn on the descriptor without f.Fd, which would make Read
// block a thread and Close unable to end it.
func (d *Device) control(fn func(fd uintptr) error) error {
	rc, err := d.f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(fd) }); err != nil {
		return err
	}
	return ferr
}
