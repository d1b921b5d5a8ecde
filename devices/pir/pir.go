package pir

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Opts holds the input's settings.
type Opts struct {
	// Debounce is how long a new level must hold before it counts; shorter
	// pulses are ignored. 0 takes every edge as it comes. At most MaxDebounce.
	Debounce time.Duration
}

// DefaultOpts ignores pulses shorter than a tenth of a second.
var DefaultOpts = Opts{Debounce: 100 * time.Millisecond}

// MaxDebounce bounds Opts.Debounce, because a settling level is not checked
// for Halt.
const MaxDebounce = time.Second

// WaitSlice is the longest a wait blocks on the pin before checking for Halt
// and for a level change whose edge was lost.
const WaitSlice = 250 * time.Millisecond

// Dev is a PIR motion sensor on a GPIO input.
type Dev struct {
	p        gpio.PinIn
	debounce time.Duration

	halt     chan struct{}
	haltOnce sync.Once

	mu    sync.Mutex // one waiter at a time; guards state
	state gpio.Level // the last level that held for the debounce time
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
		p:        p,
		debounce: opts.Debounce,
		halt:     make(chan struct{}),
		state:    p.Read(),
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
	l, ok := d.waitChange(time.Now().Add(timeout))
	return l == gpio.High, ok
}

// Halt ends a wait in progress and makes later waits return false at once.
// Motion still reads the pin. Halt does not touch the pin: the driver does
// not own it.
func (d *Dev) Halt() error {
	d.haltOnce.Do(func() { close(d.halt) })
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("PIR{%s}", d.p)
}

func (d *Dev) halted() bool {
	select {
	case <-d.halt:
		return true
	default:
		return false
	}
}

// waitChange waits until deadline for the level to leave d.state and hold.
func (d *Dev) waitChange(deadline time.Time) (gpio.Level, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for !d.halted() {
		// Reading before waiting catches a change whose edge the driver
		// dropped, as well as edges already queued.
		if d.p.Read() != d.state {
			if l, ok := d.settle(deadline); ok && l != d.state {
				d.state = l
				return l, true
			}
			// A glitch, or a line still chattering at the deadline.
		}
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		d.p.WaitForEdge(min(left, WaitSlice))
	}
	return d.state, false
}

// settle follows the level until it holds still for the debounce time. A
// quiet period may begin until deadline, and always once, so that a zero
// timeout can still confirm a change under way; a line that chatters forever
// therefore holds the caller until deadline plus the debounce time at most.
func (d *Dev) settle(deadline time.Time) (gpio.Level, bool) {
	l := d.p.Read()
	if d.debounce <= 0 {
		return l, true
	}
	for first := true; !d.halted(); first = false {
		if !first && time.Now().After(deadline) {
			break
		}
		if !d.p.WaitForEdge(d.debounce) {
			return l, true
		}
		l = d.p.Read()
	}
	return l, false
}
