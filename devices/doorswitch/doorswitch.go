package doorswitch

import (
	"errors"
	"fmt"
	"time"

	"periph.io/x/conn/v3/gpio"

	"github.com/motcua/kiosk/devices/internal/debounce"
)

// Opts holds the input's settings.
type Opts struct {
	// Debounce is how long a new level must hold before it counts; shorter
	// pulses are ignored. 0 takes every edge as it comes. At most MaxDebounce.
	Debounce time.Duration
	// OpenLow is for a switch that pulls the input low when the door opens.
	OpenLow bool
}

// DefaultOpts outlasts a switch's bounce with room to spare.
var DefaultOpts = Opts{Debounce: 50 * time.Millisecond}

// MaxDebounce bounds Opts.Debounce, because a settling level is not
// checked for Halt.
const MaxDebounce = debounce.MaxDebounce

// WaitSlice is the longest a wait blocks on the pin before checking for Halt
// and for a level change whose edge was lost.
const WaitSlice = debounce.WaitSlice

// Dev is a door or tamper switch on a GPIO input.
type Dev struct {
	p    gpio.PinIn
	open gpio.Level // the level that means open
	in   *debounce.Input
}

// New configures p as an input with a pull-up and edge detection on both
// edges. opts nil means DefaultOpts.
func New(p gpio.PinIn, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if p == nil {
		return nil, errors.New("doorswitch: no pin")
	}
	if opts.Debounce < 0 || opts.Debounce > MaxDebounce {
		return nil, fmt.Errorf("doorswitch: debounce %s outside 0..%s", opts.Debounce, MaxDebounce)
	}
	if err := p.In(gpio.PullUp, gpio.BothEdges); err != nil {
		return nil, fmt.Errorf("doorswitch: %s: %w", p, err)
	}
	return &Dev{
		p:    p,
		open: gpio.Level(!opts.OpenLow),
		in:   debounce.New(p, opts.Debounce),
	}, nil
}

// Open reports whether the door is open now. It reads the pin as it is,
// without the debounce.
func (d *Dev) Open() bool {
	return d.p.Read() == d.open
}

// WaitForOpen waits up to timeout for the door to open, that is for the
// input to reach the open level and stay there for the debounce time. A door
// already open when it is called does not count: it waits for the next
// opening. It returns false on timeout or Halt, after at most timeout plus
// the debounce time.
func (d *Dev) WaitForOpen(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		open, changed := d.WaitForChange(time.Until(deadline))
		if !changed {
			return false
		}
		if open {
			return true
		}
	}
}

// WaitForChange waits up to timeout for the debounced state to change, and
// returns the new state (true: open) and whether it changed. It returns
// after at most timeout plus the debounce time, or within WaitSlice of Halt.
// A timeout of 0 or less only confirms a change already under way.
func (d *Dev) WaitForChange(timeout time.Duration) (open, changed bool) {
	l, ok := d.in.WaitForChange(time.Now().Add(timeout))
	return l == d.open, ok
}

// Halt ends a wait in progress and makes later waits return false at once.
// Open still reads the pin. Halt does not touch the pin: the driver does
// not own it.
func (d *Dev) Halt() error {
	d.in.Halt()
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("DoorSwitch{%s}", d.p)
}
