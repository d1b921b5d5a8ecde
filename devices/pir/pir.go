package pir

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
}

// DefaultOpts ignores pulses shorter than a tenth of a second.
var DefaultOpts = Opts{Debounce: 100 * time.Millisecond}

// MaxDebounce bounds Opts.Debounce, because a settling level is not
// checked for Halt.
const MaxDebounce = debounce.MaxDebounce

// WaitSlice is the longest a wait blocks on the pin before checking for Halt
// and for a level change whose edge was lost.
const WaitSlice = debounce.WaitSlice

// Dev is a PIR motion sensor on a GPIO input.
type Dev struct {
	p  gpio.PinIn
	in *debounce.Input
}

// New configures p as an input with a pull-down and edge detection on both
// edges. opts nil means DefaultOpts.
func New(p gpio.PinIn, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if p == nil {
		return nil, errors.New("pir: no pin")
	}
	if opts.Debounce < 0 || opts.Debounce > MaxDebounce {
		return nil, fmt.Errorf("pir: debounce %s outside 0..%s", opts.Debounce, MaxDebounce)
	}
	if err := p.In(gpio.PullDown, gpio.BothEdges); err != nil {
		return nil, fmt.Errorf("pir: %s: %w", p, err)
	}
	return &Dev{
		p:  p,
		in: debounce.New(p, opts.Debounce),
	}, nil
}

// Motion reports whether the sensor sees motion now. It reads the pin as
// it is, without the debounce.
func (d *Dev) Motion() bool {
	return d.p.Read() == gpio.High
}

// WaitForMotion waits up to timeout for motion to start, that is for the
// output to rise and stay high for the debounce time. Motion that is already
// going on when it is called does not count: it waits for the next start.
// It returns false on timeout or Halt, after at most timeout plus the
// debounce time.
func (d *Dev) WaitForMotion(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		motion, changed := d.WaitForChange(time.Until(deadline))
		if !changed {
			return false
		}
		if motion {
			return true
		}
	}
}

// WaitForChange waits up to timeout for the debounced level to change, and
// returns the new level (true: motion) and whether it changed. It returns
// after at most timeout plus the debounce time, or within WaitSlice of Halt.
// A timeout of 0 or less only confirms a change already under way.
func (d *Dev) WaitForChange(timeout time.Duration) (motion, changed bool) {
	l, ok := d.in.WaitForChange(time.Now().Add(timeout))
	return l == gpio.High, ok
}

// Halt ends a wait in progress and makes later waits return false at once.
// Motion still reads the pin. Halt does not touch the pin: the driver does
// not own it.
func (d *Dev) Halt() error {
	d.in.Halt()
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("PIR{%s}", d.p)
}
