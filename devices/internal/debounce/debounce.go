// Package debounce waits for debounced level changes on a GPIO input. The
// PIR and door switch drivers share it: both are a digital line whose level
// counts only once it has held still for a while.
package debounce

import (
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// MaxDebounce bounds the debounce time, because a settling level is not
// checked for Halt.
const MaxDebounce = time.Second

// WaitSlice is the longest a wait blocks on the pin before checking for Halt
// and for a level change whose edge was lost.
const WaitSlice = 250 * time.Millisecond

// Input is a GPIO input already configured for edge detection by its
// driver. It is safe for concurrent use; waits are served one at a time.
type Input struct {
	p        gpio.PinIn
	debounce time.Duration

	halt     chan struct{}
	haltOnce sync.Once

	mu    sync.Mutex // one waiter at a time; guards state
	state gpio.Level // the last level that held for the debounce time
}

// New starts from the pin's current level.
func New(p gpio.PinIn, debounce time.Duration) *Input {
	return &Input{p: p, debounce: debounce, halt: make(chan struct{}), state: p.Read()}
}

// WaitForChange waits until deadline for the level to leave the last
// debounced level and hold, and returns the new level and whether it
// changed. It returns after at most deadline plus the debounce time, or
// within WaitSlice of Halt. A deadline already past only confirms a change
// under way.
func (in *Input) WaitForChange(deadline time.Time) (gpio.Level, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for !in.halted() {
		// Reading before waiting catches a change whose edge the driver
		// dropped, as well as edges already queued.
		if in.p.Read() != in.state {
			if l, ok := in.settle(deadline); ok && l != in.state {
				in.state = l
				return l, true
			}
			// A glitch or a bounce, or a line still chattering at the deadline.
		}
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		in.p.WaitForEdge(min(left, WaitSlice))
	}
	return in.state, false
}

// Halt ends a wait in progress and makes later waits return at once. It
// does not touch the pin: the driver does not own it.
func (in *Input) Halt() {
	in.haltOnce.Do(func() { close(in.halt) })
}

func (in *Input) halted() bool {
	select {
	case <-in.halt:
		return true
	default:
		return false
	}
}

// settle follows the level until it holds still for the debounce time. A
// quiet period may begin until deadline, and always once, so that a zero
// timeout can still confirm a change under way; a line that chatters forever
// therefore holds the caller until deadline plus the debounce time at most.
func (in *Input) settle(deadline time.Time) (gpio.Level, bool) {
	l := in.p.Read()
	if in.debounce <= 0 {
		return l, true
	}
	for first := true; !in.halted(); first = false {
		if !first && time.Now().After(deadline) {
			break
		}
		if !in.p.WaitForEdge(in.debounce) {
			return l, true
		}
		l = in.p.Read()
	}
	return l, false
}
