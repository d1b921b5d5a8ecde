package led

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// recPin records every level written, and fails writes while fail is set.
type recPin struct {
	*gpiotest.Pin
	mu     sync.Mutex
	levels []gpio.Level
	fail   error
}

func newRecPin() *recPin {
	return &recPin{Pin: &gpiotest.Pin{N: "GPIO5", Num: 5}}
}

func (r *recPin) Out(l gpio.Level) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.levels = append(r.levels, l)
	return r.Pin.Out(l)
}

// take returns the levels written since the last take.
func (r *recPin) take() []gpio.Level {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.levels
	r.levels = nil
	return l
}

func (r *recPin) setFail(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

// fakeClock hands each timer the blinking goroutine asks for to the test,
// which fires it when it wants. A request arrives only after the goroutine
// has written the level before it, so the test sees every write in order.
type fakeClock struct {
	reqs chan timer
}

type timer struct {
	d    time.Duration
	fire chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{reqs: make(chan timer, 64)} }

func (c *fakeClock) after(d time.Duration) <-chan time.Time {
	t := timer{d: d, fire: make(chan time.Time, 1)}
	c.reqs <- t
	return t.fire
}

func (c *fakeClock) next(t *testing.T) timer {
	t.Helper()
	select {
	case r := <-c.reqs:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("the blinking goroutine asked for no timer")
		return timer{}
	}
}

func newDev(t *testing.T, opts *Opts) (*Dev, *recPin, *fakeClock) {
	t.Helper()
	p := newRecPin()
	d, err := New(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock()
	d.after = clk.after
	return d, p, clk
}

func levels(s string) []gpio.Level {
	var l []gpio.Level
	for _, c := range s {
		l = append(l, c == 'H')
	}
	return l
}

func expect(t *testing.T, p *recPin, want string) {
	t.Helper()
	got := p.take()
	if fmt.Sprint(got) != fmt.Sprint(levels(want)) {
		t.Errorf("wrote %v, want %v", got, levels(want))
	}
}

func TestNew(t *testing.T) {
	d, p, _ := newDev(t, nil)
	expect(t, p, "L")
	if d.Pattern() != firmware.PatternOff {
		t.Errorf("Pattern() = %s", d.Pattern())
	}
	if s := d.String(); s != "LED{GPIO5(5)}" {
		t.Errorf("String() = %q", s)
	}
	if _, err := New(nil, nil); err == nil || err.Error() != "led: no pin" {
		t.Errorf("New(nil): %v", err)
	}
	bad := newRecPin()
	bad.fail = errors.New("gpio: broken")
	if _, err := New(bad, nil); err == nil || err.Error() != "led: GPIO5(5): gpio: broken" {
		t.Errorf("New on a broken pin: %v", err)
	}
}

func TestSteady(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	for _, c := range []struct {
		p    firmware.Pattern
		want string
	}{
		{firmware.PatternOn, "H"},
		{firmware.PatternOn, ""}, // already showing
		{firmware.PatternOff, "L"},
		{firmware.PatternOff, ""},
	} {
		if err := d.Set(c.p); err != nil {
			t.Fatal(err)
		}
		expect(t, p, c.want)
	}
	if len(clk.reqs) != 0 {
		t.Error("a steady pattern started a timer")
	}
}

func TestBlinkSequences(t *testing.T) {
	const ms = time.Millisecond
	for _, c := range []struct {
		p      firmware.Pattern
		period time.Duration // of one cycle: 1 Hz, 4 Hz, a beat a second
		levels string        // the levels written, starting with the one Set writes
		waits  []time.Duration
	}{
		{firmware.PatternSlowBlink, time.Second, "HLHLH", []time.Duration{500 * ms, 500 * ms, 500 * ms, 500 * ms}},
		{firmware.PatternFastBlink, 250 * ms, "HLHLH", []time.Duration{125 * ms, 125 * ms, 125 * ms, 125 * ms}},
		{firmware.PatternHeartbeat, time.Second, "HLHLHLHLH", []time.Duration{100 * ms, 100 * ms, 100 * ms, 700 * ms, 100 * ms, 100 * ms, 100 * ms, 700 * ms}},
	} {
		t.Run(c.p.String(), func(t *testing.T) {
			d, p, clk := newDev(t, nil)
			p.take()
			if err := d.Set(c.p); err != nil {
				t.Fatal(err)
			}
			expect(t, p, c.levels[:1])
			var cycle time.Duration
			tm := clk.next(t)
			for i, w := range c.waits {
				if tm.d != w {
					t.Errorf("wait %d is %s, want %s", i, tm.d, w)
				}
				if i < len(c.waits)/2 {
					cycle += tm.d
				}
				tm.fire <- time.Time{}
				tm = clk.next(t)
				expect(t, p, c.levels[i+1:i+2])
			}
			if cycle != c.period {
				t.Errorf("one cycle lasts %s, want %s", cycle, c.period)
			}
			// The same pattern again keeps the rhythm: no write, no restart.
			if err := d.Set(c.p); err != nil {
				t.Fatal(err)
			}
			expect(t, p, "")
			if len(clk.reqs) != 0 {
				t.Error("setting the same pattern restarted it")
			}
			if err := d.Halt(); err != nil {
				t.Fatal(err)
			}
			expect(t, p, "L")
			// The goroutine is gone: its last timer firing writes nothing.
			tm.fire <- time.Time{}
			time.Sleep(10 * time.Millisecond)
			expect(t, p, "")
			if d.Pattern() != firmware.PatternOff {
				t.Errorf("Pattern() = %s after Halt", d.Pattern())
			}
		})
	}
}

func TestSwitchPatterns(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Set(firmware.PatternFastBlink); err != nil {
		t.Fatal(err)
	}
	old := clk.next(t)
	// A new blink starts from its own first step.
	if err := d.Set(firmware.PatternSlowBlink); err != nil {
		t.Fatal(err)
	}
	if tm := clk.next(t); tm.d != 500*time.Millisecond {
		t.Errorf("slow blink waits %s first", tm.d)
	}
	// A steady pattern stops the blinking.
	if err := d.Set(firmware.PatternOn); err != nil {
		t.Fatal(err)
	}
	old.fire <- time.Time{}
	time.Sleep(10 * time.Millisecond)
	expect(t, p, "HHH")
	if len(clk.reqs) != 0 {
		t.Error("a timer was asked for after switching to a steady pattern")
	}
	// Halt, then Set again: the LED is usable after Halt.
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	if err := d.Set(firmware.PatternHeartbeat); err != nil {
		t.Fatal(err)
	}
	clk.next(t)
	expect(t, p, "LH")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	expect(t, p, "L")
}

func TestActiveLow(t *testing.T) {
	d, p, clk := newDev(t, &Opts{ActiveLow: true})
	expect(t, p, "H") // off
	if err := d.Set(firmware.PatternSlowBlink); err != nil {
		t.Fatal(err)
	}
	tm := clk.next(t)
	tm.fire <- time.Time{}
	clk.next(t)
	expect(t, p, "LH")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	expect(t, p, "H")
}

func TestErrors(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Set(firmware.Pattern(42)); err == nil || err.Error() != "led: unknown pattern 42" {
		t.Errorf("Set(42): %v", err)
	}
	p.setFail(errors.New("gpio: broken"))
	if err := d.Set(firmware.PatternFastBlink); err == nil || err.Error() != "led: GPIO5(5): gpio: broken" {
		t.Errorf("Set on a broken pin: %v", err)
	}
	if len(clk.reqs) != 0 || d.Pattern() != firmware.PatternOff {
		t.Errorf("a failed Set left pattern %s and %d timers", d.Pattern(), len(clk.reqs))
	}
	if err := d.Halt(); err == nil {
		t.Error("Halt on a broken pin succeeded")
	}
	// Once the pin works, the same pattern is tried again.
	p.setFail(nil)
	if err := d.Set(firmware.PatternFastBlink); err != nil {
		t.Fatal(err)
	}
	clk.next(t)
	expect(t, p, "H")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
}

// Set and Halt from many goroutines on the real clock: run with -race.
func TestConcurrentSet(t *testing.T) {
	p := newRecPin()
	d, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	patterns := []firmware.Pattern{
		firmware.PatternOff, firmware.PatternOn, firmware.PatternSlowBlink,
		firmware.PatternFastBlink, firmware.PatternHeartbeat,
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				if err := d.Set(patterns[(g+i)%len(patterns)]); err != nil {
					t.Error(err)
				}
				if i%17 == 0 {
					if err := d.Halt(); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	p.take()
	time.Sleep(300 * time.Millisecond)
	expect(t, p, "")
	if p.Read() != gpio.Low {
		t.Error("LED not off after Halt")
	}
}
