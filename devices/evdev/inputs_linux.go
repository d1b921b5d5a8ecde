package evdev

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DefaultDir is where the kernel's input devices are.
const DefaultDir = "/dev/input"

// Inputs reads a kiosk's touch screens and scanners: the sources named,
// and with Auto every device in Dir by its capabilities, including those
// plugged in later. A source that cannot be opened is logged, never fatal:
// a named one is tried again with backoff, an automatic one when it
// changes.
type Inputs struct {
	Sources []Source
	Auto    bool
	Dir     string // DefaultDir when empty

	// Touch is the screen's size, rotation and calibration; each touch
	// source brings its own range.
	Touch TouchOpts
	// OnTouch and OnScan receive what the inputs say, from the goroutine
	// reading each source; OnScan may block, holding back that source
	// only.
	OnTouch func(Contact)
	OnScan  func(code string)
	// OnOpen, if set, is told of each source opened (err nil) or refused.
	OnOpen func(path string, kind Kind, err error)

	Log *slog.Logger

	mu     sync.Mutex
	open   map[string]bool // paths being read
	nextID int             // touch sources, to keep their contact IDs apart
	wg     sync.WaitGroup
}

// Run reads the inputs until ctx is done. It returns nil then, or an error
// when it is set up wrongly.
func (in *Inputs) Run(ctx context.Context) error {
	if in.Log == nil {
		in.Log = slog.New(slog.DiscardHandler)
	}
	if in.Dir == "" {
		in.Dir = DefaultDir
	}
	if in.OnTouch == nil {
		in.OnTouch = func(Contact) {}
	}
	if in.OnScan == nil {
		in.OnScan = func(string) {}
	}
	if in.Touch.Width <= 0 || in.Touch.Height <= 0 {
		return errors.New("evdev: inputs need the screen's size")
	}
	in.open = map[string]bool{}
	for _, s := range in.Sources {
		in.claim(s.Path)
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			in.keep(ctx, s)
		}()
	}
	if in.Auto {
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			in.watch(ctx)
		}()
	}
	<-ctx.Done()
	in.wg.Wait()
	return nil
}

// claim marks path as being read and reports whether it was free.
func (in *Inputs) claim(path string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.open[path] {
		return false
	}
	in.open[path] = true
	return true
}

func (in *Inputs) release(path string) {
	in.mu.Lock()
	delete(in.open, path)
	in.mu.Unlock()
}

func (in *Inputs) opened(path string, kind Kind, err error) {
	if in.OnOpen != nil {
		in.OnOpen(path, kind, err)
	}
}

// keep reads a named source, opening it again with backoff while it is
// missing or after it was unplugged. A file ends at its end.
func (in *Inputs) keep(ctx context.Context, s Source) {
	wait := 500 * time.Millisecond
	warned := false
	for {
		d, err := Open(s.Path)
		if err != nil {
			in.opened(s.Path, s.Kind, err)
			if !warned {
				in.Log.Warn("input missing", "input", s.String(), "err", err)
				warned = true
			}
		} else {
			wait, warned = 500*time.Millisecond, false
			err := in.read(ctx, d, s.Kind, s.X, s.Y)
			if errors.Is(err, io.EOF) && !d.IsDevice() {
				in.Log.Info("input ended", "input", s.String())
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// read reads d as kind until it fails or ctx is done, and closes it.
func (in *Inputs) read(ctx context.Context, d *Device, kind Kind, x, y Range) error {
	stop := context.AfterFunc(ctx, func() { d.Close() })
	defer stop()
	defer d.Close()

	var feed func(Event)
	switch kind {
	case KindTouch:
		opts := in.Touch
		switch {
		case x != Range{}:
			opts.X, opts.Y = x, y
		case d.IsDevice():
			var ok bool
			if opts.X, opts.Y, ok = d.TouchRange(); !ok {
				err := errors.New("evdev: the device reports no touch range")
				in.opened(d.Path(), kind, err)
				in.Log.Warn("input refused", "input", d.String(), "err", err)
				return err
			}
		default:
			// A file speaks in screen pixels.
			opts.X, opts.Y = Range{Max: int32(opts.Width)}, Range{Max: int32(opts.Height)}
		}
		t, err := NewTouch(opts)
		if err != nil {
			in.opened(d.Path(), kind, err)
			in.Log.Warn("input refused", "input", d.String(), "err", err)
			return err
		}
		in.mu.Lock()
		base := in.nextID * MaxSlots
		in.nextID++
		in.mu.Unlock()
		emit := func(c Contact) {
			c.ID += base
			in.OnTouch(c)
		}
		if d.IsDevice() {
			// After lost events, report what the device holds rather
			// than lift every finger; a file or FIFO has nothing to read.
			t.SetResync(func() (State, error) {
				st, err := d.State()
				if err != nil {
					in.Log.Warn("touch not resynchronised, fingers lifted", "input", d.String(), "err", err)
				}
				return st, err
			})
		}
		feed = func(e Event) { t.Feed(e, emit) }
		in.Log.Info("touch screen", "input", d.String(), "x", opts.X, "y", opts.Y, "rotation", opts.Rotation)
	case KindScanner:
		if err := d.Grab(); err != nil {
			// Read it anyway: a scanner that also types into the console
			// is better than no scanner.
			in.Log.Warn("input not grabbed", "input", d.String(), "err", err)
		}
		var k Keyboard
		feed = func(e Event) {
			if code, ok := k.Feed(e); ok {
				in.OnScan(code)
			}
		}
		in.Log.Info("scanner", "input", d.String())
	default:
		return errors.New("evdev: neither touch nor scanner")
	}
	in.opened(d.Path(), kind, nil)
	for {
		e, err := d.Read()
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, io.EOF) {
				in.Log.Info("input gone", "input", d.String(), "err", err)
			}
			return err
		}
		feed(e)
	}
}

// watch reads every event device in Dir that is a touch screen or a
// scanner, and those that appear later.
func (in *Inputs) watch(ctx context.Context) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	var notes *os.File
	if err == nil {
		if _, err = unix.InotifyAddWatch(fd, in.Dir, unix.IN_CREATE|unix.IN_ATTRIB|unix.IN_MOVED_TO); err != nil {
			unix.Close(fd)
		} else {
			notes = os.NewFile(uintptr(fd), "inotify")
		}
	}
	if notes == nil {
		// Without a watch the devices there now are still read.
		in.Log.Warn("input hot-plug off", "dir", in.Dir, "err", err)
	}
	names, _ := filepath.Glob(filepath.Join(in.Dir, "event*"))
	found := 0
	for _, p := range names {
		if in.try(ctx, p) {
			found++
		}
	}
	if found == 0 {
		// Not an error: a scanner may be plugged in later. But a kiosk
		// that cannot open its devices (not in the input group) says so.
		in.Log.Warn("no touch screen or scanner yet", "dir", in.Dir, "devices", len(names))
	}
	if notes == nil {
		return
	}
	stop := context.AfterFunc(ctx, func() { notes.Close() })
	defer stop()
	buf := make([]byte, 4096)
	for {
		n, err := notes.Read(buf)
		if err != nil {
			if ctx.Err() == nil {
				in.Log.Warn("input hot-plug stopped", "err", err)
			}
			return
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+unix.SizeofInotifyEvent : min(n, off+unix.SizeofInotifyEvent+int(ev.Len))]
			off += unix.SizeofInotifyEvent + int(ev.Len)
			s := strings.TrimRight(string(name), "\x00")
			if strings.HasPrefix(s, "event") {
				in.try(ctx, filepath.Join(in.Dir, s))
			}
		}
	}
}

// try reads path if it is a touch screen or a scanner not read yet, and
// reports whether it started.
func (in *Inputs) try(ctx context.Context, path string) bool {
	if !in.claim(path) {
		return false
	}
	d, err := Open(path)
	if err != nil {
		// Often udev has not given it its group yet; IN_ATTRIB will
		// bring it back.
		in.Log.Debug("input not opened", "input", path, "err", err)
		in.release(path)
		return false
	}
	kind := d.Kind()
	if kind == KindOther {
		d.Close()
		in.release(path)
		return false
	}
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		defer in.release(path)
		in.read(ctx, d, kind, Range{}, Range{})
	}()
	return true
}
