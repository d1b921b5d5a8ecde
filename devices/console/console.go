package console

import (
	"errors"
	"fmt"
	"sync"
)

// Mode is what the kernel draws of a VT.
type Mode int

// The modes of <linux/kd.h>.
const (
	// Text (KD_TEXT): the kernel draws the VT's text and cursor.
	Text Mode = 0
	// Graphics (KD_GRAPHICS): the kernel draws nothing; a program owns the
	// screen.
	Graphics Mode = 1
)

func (m Mode) String() string {
	switch m {
	case Text:
		return "text"
	case Graphics:
		return "graphics"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// ErrNotVT is returned by Open for a file that is not a virtual terminal:
// a serial port, a pseudo-terminal, a regular file.
var ErrNotVT = errors.New("not a virtual terminal")

// errClosed is returned by the methods of a closed Dev.
var errClosed = errors.New("console: closed")

// Dev is an open virtual terminal.
type Dev struct {
	name string

	mu sync.Mutex
	fd int // -1 once closed
}

// String is the VT's path, such as "/dev/tty1".
func (d *Dev) String() string { return d.name }

// Mode reads the VT's mode.
func (d *Dev) Mode() (Mode, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fd < 0 {
		return 0, errClosed
	}
	return getMode(d.fd, d.name)
}

// SetMode sets the VT's mode. Setting the mode it has already is a no-op
// for the kernel and still needs the permission.
func (d *Dev) SetMode(m Mode) error {
	if m != Text && m != Graphics {
		return fmt.Errorf("console: %s: %v is neither text nor graphics", d.name, m)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fd < 0 {
		return errClosed
	}
	return setMode(d.fd, d.name, m)
}

// Close closes the VT. It leaves the mode as it is: set Text first to give
// the screen back to the console.
func (d *Dev) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fd < 0 {
		return nil
	}
	fd := d.fd
	d.fd = -1
	return closeFD(fd)
}
