package led

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
	"periph.io/x/conn/v3/gpio"
)

// Opts holds the LED's wiring.
type Opts struct {
	// ActiveLow is for an LED that lights when the pin is low.
	ActiveLow bool
}

// DefaultOpts is an LED from the pin to ground, lit when the pin is high.
var DefaultOpts = Opts{}

// step is one stretch of a blinking pattern.
type step struct {
	on bool
	d  time.Duration
}

// steps are the blinking patterns, each repeated for as long as it is set.
var steps = map[firmware.Pattern][]step{
	firmware.PatternSlowBlink: {{true, 500 * time.Millisecond}, {false, 500 * time.Millisecond}},
	firmware.PatternFastBlink: {{true, 125 * time.Millisecond}, {false, 125 * time.Millisecond}},
	// Two pulses a second, short enough to read as a beat rather than a
	// blink.
	firmware.PatternHeartbeat: {
		{true, 100 * time.Millisecond}, {false, 100 * time.Millisecond},
		{true, 100 * time.Millisecond}, {false, 700 * time.Millisecond},
	},
}

// Dev is an LED on a GPIO output.
type Dev struct {
	p       gpio.PinOut
	on, off gpio.Level
	// after is the blinking goroutine's clock, replaced in tests.
	after func(time.Duration) <-chan time.Time

	mu      sync.Mutex // serialises Set and Halt
	pattern firmware.Pattern
	stop    chan struct{} // closed to stop the blinking goroutine; nil when none
	done    chan struct{} // closed by the blinking goroutine when it ends
}

// New turns the LED off and returns it. opts nil means DefaultOpts.
func New(p gpio.PinOut, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if p == nil {
		return nil, errors.New("led: no pin")
	}
	d := &Dev{p: p, on: gpio.High, off: gpio.Low, after: time.After, pattern: firmware.PatternOff}
	if opts.ActiveLow {
		d.on, d.off = gpio.Low, gpio.High
	}
	if err := d.write(false); err != nil {
		return nil, fmt.Errorf("led: %s: %w", p, err)
	}
	return d, nil
}

// Set shows pattern p. It returns once the LED shows the pattern's first
// level; a blinking pattern then carries on in the background. Setting the
// pattern already showing does nothing, so the blink keeps its rhythm. It is
// safe to call from several goroutines.
func (d *Dev) Set(p firmware.Pattern) error {
	var first step
	switch p {
	case firmware.PatternOff:
	case firmware.PatternOn:
		first.on = true
	default:
		s, ok := steps[p]
		if !ok {
			return fmt.Errorf("led: unknown pattern %d", int(p))
		}
		first = s[0]
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if p == d.pattern {
		return nil
	}
	d.stopBlinking()
	// Until the write succeeds the LED shows nothing reliable; calling it
	// off makes the next Set, even of the same pattern, try again.
	d.pattern = firmware.PatternOff
	if err := d.write(first.on); err != nil {
		return fmt.Errorf("led: %s: %w", d.p, err)
	}
	d.pattern = p
	if s, ok := steps[p]; ok {
		d.stop, d.done = make(chan struct{}), make(chan struct{})
		go d.blink(s, d.stop, d.done)
	}
	return nil
}

// Pattern returns the pattern showing.
func (d *Dev) Pattern() firmware.Pattern {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pattern
}

// Halt stops any blinking and turns the LED off. A later Set lights it again.
func (d *Dev) Halt() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopBlinking()
	d.pattern = firmware.PatternOff
	if err := d.write(false); err != nil {
		return fmt.Errorf("led: %s: %w", d.p, err)
	}
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("LED{%s}", d.p)
}

// blink runs a pattern whose first level is already showing.
func (d *Dev) blink(s []step, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for i := 0; ; i = (i + 1) % len(s) {
		select {
		case <-stop:
			return
		case <-d.after(s[i].d):
		}
		// Set reported the first write's error. periph's PinOut documents
		// that once a pin is an output, later writes are safe to ignore, and
		// there is nobody here to tell.
		_ = d.write(s[(i+1)%len(s)].on)
	}
}

// stopBlinking ends the blinking goroutine, if any, and waits for it so
// that it cannot write after the caller. d.mu must be held.
func (d *Dev) stopBlinking() {
	if d.stop == nil {
		return
	}
	close(d.stop)
	<-d.done
	d.stop, d.done = nil, nil
}

func (d *Dev) write(on bool) error {
	if on {
		return d.p.Out(d.on)
	}
	return d.p.Out(d.off)
}
