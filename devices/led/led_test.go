package led

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"periph.io/x/conn/v3/gpio"

	"github.com/motcua/kiosk/devices/internal/outtest"
)

func newDev(t *testing.T, opts *Opts) (*Dev, *outtest.Pin, *outtest.Clock) {
	t.Helper()
	p := outtest.NewPin("GPIO5", 5)
	d, err := New(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	clk := outtest.NewClock()
	d.after = clk.After
	return d, p, clk
}

func levels(s string) []gpio.Level {
	var l []gpio.Level
	for _, c := range s {
		l = append(l, c == 'H')
	}
	return l
}

func expect(t *testing.T, p *outtest.Pin, want string) {
	t.Helper()
	got := p.Take()
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
	bad := outtest.NewPin("GPIO5", 5)
	bad.SetFail(errors.New("gpio: broken"))
	if _, err := New(bad, nil); err == nil || err.Error() != "led: GPIO5(5): gpio: broken" {
		t.Errorf("New on a broken pin: %v", err)
	}
}

func TestSteady(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
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
	if clk.Pending() != 0 {
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
			p.Take()
			if err := d.Set(c.p); err != nil {
				t.Fatal(err)
			}
			expect(t, p, c.levels[:1])
			var cycle time.Duration
			tm := clk.Next(t)
			for i, w := range c.waits {
				if tm.D != w {
					t.Errorf("wait %d is %s, want %s", i, tm.D, w)
				}
				if i < len(c.waits)/2 {
					cycle += tm.D
				}
				tm.Fire <- time.Time{}
				tm = clk.Next(t)
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
			if clk.Pending() != 0 {
				t.Error("setting the same pattern restarted it")
			}
			if err := d.Halt(); err != nil {
				t.Fatal(err)
			}
			expect(t, p, "L")
			// The goroutine is gone: its last timer firing writes nothing.
			tm.Fire <- time.Time{}
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
	p.Take()
	if err := d.Set(firmware.PatternFastBlink); err != nil {
		t.Fatal(err)
	}
	old := clk.Next(t)
	// A new blink starts from its own first step.
	if err := d.Set(firmware.PatternSlowBlink); err != nil {
		t.Fatal(err)
	}
	if tm := clk.Next(t); tm.D != 500*time.Millisecond {
		t.Errorf("slow blink waits %s first", tm.D)
	}
	// A steady pattern stops the blinking.
	if err := d.Set(firmware.PatternOn); err != nil {
		t.Fatal(err)
	}
	old.Fire <- time.Time{}
	time.Sleep(10 * time.Millisecond)
	expect(t, p, "HHH")
	if clk.Pending() != 0 {
		t.Error("a timer was asked for after switching to a steady pattern")
	}
	// Halt, then Set again: the LED is usable after Halt.
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	if err := d.Set(firmware.PatternHeartbeat); err != nil {
		t.Fatal(err)
	}
	clk.Next(t)
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
	tm := clk.Next(t)
	tm.Fire <- time.Time{}
	clk.Next(t)
	expect(t, p, "LH")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	expect(t, p, "H")
}

func TestErrors(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
	if err := d.Set(firmware.Pattern(42)); err == nil || err.Error() != "led: unknown pattern 42" {
		t.Errorf("Set(42): %v", err)
	}
	p.SetFail(errors.New("gpio: broken"))
	if err := d.Set(firmware.PatternFastBlink); err == nil || err.Error() != "led: GPIO5(5): gpio: broken" {
		t.Errorf("Set on a broken pin: %v", err)
	}
	if clk.Pending() != 0 || d.Pattern() != firmware.PatternOff {
		t.Errorf("a failed Set left pattern %s and %d timers", d.Pattern(), clk.Pending())
	}
	if err := d.Halt(); err == nil {
		t.Error("Halt on a broken pin succeeded")
	}
	// Once the pin works, the same pattern is tried again.
	p.SetFail(nil)
	if err := d.Set(firmware.PatternFastBlink); err != nil {
		t.Fatal(err)
	}
	clk.Next(t)
	expect(t, p, "H")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
}

// Set and Halt from many goroutines on the real clock: run with -race.
func TestConcurrentSet(t *testing.T) {
	p := outtest.NewPin("GPIO5", 5)
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
	p.Take()
	time.Sleep(300 * time.Millisecond)
	expect(t, p, "")
	if p.Read() != gpio.Low {
		t.Error("LED not off after Halt")
	}
}
