package pir

import (
	"strings"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// newPin is GPIO17 with room for queued edges: an edge sent on EdgesChan
// reaches the driver at its next WaitForEdge, which also sets the level.
func newPin() *gpiotest.Pin {
	return &gpiotest.Pin{N: "GPIO17", Num: 17, EdgesChan: make(chan gpio.Level, 16)}
}

func newDev(t *testing.T, p *gpiotest.Pin, debounce time.Duration) *Dev {
	t.Helper()
	d, err := New(p, &Opts{Debounce: debounce})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// set changes the level without an edge, as when a driver drops one.
func set(p *gpiotest.Pin, l gpio.Level) {
	p.Lock()
	p.L = l
	p.Unlock()
}

func TestNew(t *testing.T) {
	p := newPin()
	p.L = gpio.High // whatever was there before
	d := newDev(t, p, 0)
	if p.P != gpio.PullDown {
		t.Errorf("pull %s, want PullDown so an unplugged sensor reads no motion", p.P)
	}
	if d.Motion() {
		t.Error("Motion() with the pin pulled down")
	}
	if s := d.String(); s != "PIR{GPIO17(17)}" {
		t.Errorf("String() = %q", s)
	}

	if _, err := New(nil, nil); err == nil || err.Error() != "pir: no pin" {
		t.Errorf("New(nil): %v", err)
	}
	for _, db := range []time.Duration{-1, MaxDebounce + 1} {
		if _, err := New(newPin(), &Opts{Debounce: db}); err == nil || !strings.HasPrefix(err.Error(), "pir: debounce ") {
			t.Errorf("New(debounce %s): %v", db, err)
		}
	}
	// gpiotest refuses edge detection without EdgesChan, as a pin that
	// cannot do it would.
	if _, err := New(&gpiotest.Pin{N: "GPIO17", Num: 17}, nil); err == nil || !strings.HasPrefix(err.Error(), "pir: GPIO17(17): ") {
		t.Errorf("New on a pin without edges: %v", err)
	}
}

func TestWaitForMotion(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 20*time.Millisecond)

	p.EdgesChan <- gpio.High
	if !d.WaitForMotion(time.Second) {
		t.Fatal("WaitForMotion missed a rising edge")
	}
	if !d.Motion() {
		t.Error("Motion() false while the output is high")
	}
	// Motion going on is not a new start.
	if d.WaitForMotion(50 * time.Millisecond) {
		t.Error("WaitForMotion reported motion that had already started")
	}
	// A dip shorter than the debounce does not end it.
	p.EdgesChan <- gpio.Low
	p.EdgesChan <- gpio.High
	if d.WaitForMotion(100 * time.Millisecond) {
		t.Error("a glitch low restarted motion")
	}
	// It ends, then starts again: one new start.
	p.EdgesChan <- gpio.Low
	go func() {
		time.Sleep(100 * time.Millisecond)
		p.EdgesChan <- gpio.High
	}()
	if !d.WaitForMotion(time.Second) {
		t.Error("WaitForMotion missed the second start")
	}
}

func TestWaitForChange(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 20*time.Millisecond)

	p.EdgesChan <- gpio.High
	if motion, changed := d.WaitForChange(time.Second); !motion || !changed {
		t.Errorf("rising edge: WaitForChange() = %t, %t", motion, changed)
	}
	p.EdgesChan <- gpio.Low
	if motion, changed := d.WaitForChange(time.Second); motion || !changed {
		t.Errorf("falling edge: WaitForChange() = %t, %t", motion, changed)
	}
	start := time.Now()
	if motion, changed := d.WaitForChange(60 * time.Millisecond); motion || changed {
		t.Errorf("no edge: WaitForChange() = %t, %t", motion, changed)
	}
	if took := time.Since(start); took < 60*time.Millisecond || took > time.Second {
		t.Errorf("a 60ms wait took %s", took)
	}
}

func TestDebounce(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 30*time.Millisecond)

	// A pulse shorter than the debounce is interference.
	p.EdgesChan <- gpio.High
	p.EdgesChan <- gpio.Low
	if d.WaitForMotion(100 * time.Millisecond) {
		t.Error("a glitch counted as motion")
	}
	// Bounces that end high are one start.
	p.EdgesChan <- gpio.High
	p.EdgesChan <- gpio.Low
	p.EdgesChan <- gpio.High
	if motion, changed := d.WaitForChange(time.Second); !motion || !changed {
		t.Errorf("bouncy rise: WaitForChange() = %t, %t", motion, changed)
	}
	if len(p.EdgesChan) != 0 {
		t.Errorf("%d edges left unread", len(p.EdgesChan))
	}
}

func TestNoDebounce(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 0)
	p.EdgesChan <- gpio.High
	start := time.Now()
	if !d.WaitForMotion(time.Second) {
		t.Fatal("WaitForMotion missed a rising edge")
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("took %s with no debounce", took)
	}
}

func TestLostEdge(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 20*time.Millisecond)
	set(p, gpio.High)
	if !d.WaitForMotion(time.Second) {
		t.Error("WaitForMotion missed a level change without an edge")
	}
	// A zero timeout still confirms a change under way.
	set(p, gpio.Low)
	if motion, changed := d.WaitForChange(0); motion || !changed {
		t.Errorf("WaitForChange(0) = %t, %t", motion, changed)
	}
	if motion, changed := d.WaitForChange(0); motion || changed {
		t.Errorf("WaitForChange(0) with nothing new = %t, %t", motion, changed)
	}
}

func TestChatterIsBounded(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 40*time.Millisecond)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		l := gpio.High
		for {
			select {
			case <-stop:
				return
			case p.EdgesChan <- l:
			}
			l = !l
			time.Sleep(5 * time.Millisecond)
		}
	}()
	defer func() { close(stop); <-done }()
	start := time.Now()
	if motion, changed := d.WaitForChange(100 * time.Millisecond); changed {
		t.Errorf("a chattering line settled: WaitForChange() = %t, %t", motion, changed)
	}
	if took := time.Since(start); took > 100*time.Millisecond+40*time.Millisecond+500*time.Millisecond {
		t.Errorf("a 100ms wait on a chattering line took %s", took)
	}
}

func TestHalt(t *testing.T) {
	p := newPin()
	d := newDev(t, p, 20*time.Millisecond)
	result := make(chan bool)
	go func() { result <- d.WaitForMotion(time.Minute) }()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-result:
		if got {
			t.Error("WaitForMotion() = true after Halt")
		}
		if took := time.Since(start); took > WaitSlice+500*time.Millisecond {
			t.Errorf("Halt took %s to end the wait", took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Halt did not end the wait")
	}
	// Later waits end at once; a second Halt is harmless.
	p.EdgesChan <- gpio.High
	if d.WaitForMotion(time.Minute) {
		t.Error("WaitForMotion() = true after Halt")
	}
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
}
