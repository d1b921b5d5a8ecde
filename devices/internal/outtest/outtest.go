// Package outtest is what the tests of the output drivers (led, buzzer)
// share: a pin that records every level written and can be made to fail,
// and a clock whose timers the test fires by hand.
package outtest

import (
	"sync"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// Pin records every level written, and fails writes while SetFail holds.
type Pin struct {
	*gpiotest.Pin
	mu     sync.Mutex
	levels []gpio.Level
	fail   error
}

// NewPin returns a recording pin named name.
func NewPin(name string, num int) *Pin {
	return &Pin{Pin: &gpiotest.Pin{N: name, Num: num}}
}

// Out records l, or fails.
func (r *Pin) Out(l gpio.Level) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.levels = append(r.levels, l)
	return r.Pin.Out(l)
}

// Take returns the levels written since the last Take.
func (r *Pin) Take() []gpio.Level {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.levels
	r.levels = nil
	return l
}

// SetFail makes every later write fail with err; nil lets them through.
func (r *Pin) SetFail(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

// Clock hands each timer the driver's goroutine asks for to the test,
// which fires it when it wants. A request arrives only after the goroutine
// has written the level before it, so the test sees every write in order.
type Clock struct {
	reqs chan Timer
}

// Timer is one wait the driver asked for.
type Timer struct {
	D    time.Duration
	Fire chan time.Time
}

// NewClock returns a Clock.
func NewClock() *Clock { return &Clock{reqs: make(chan Timer, 64)} }

// After is the driver's time.After.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	t := Timer{D: d, Fire: make(chan time.Time, 1)}
	c.reqs <- t
	return t.Fire
}

// Next returns the next timer asked for, failing t when none comes.
func (c *Clock) Next(t testing.TB) Timer {
	t.Helper()
	select {
	case r := <-c.reqs:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("the driver asked for no timer")
		return Timer{}
	}
}

// Pending is how many timers were asked for and not yet taken.
func (c *Clock) Pending() int { return len(c.reqs) }
