package doorswitch

import (
	"strings"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// newPin is GPIO27 with room for queued edges: an edge sent on EdgesChan
// reaches the driver at its next WaitForEdge, which also sets the level.
func newPin() *gpiotest.Pin {
	return &gpiotest.Pin{N: "GPIO27", Num: 27, EdgesChan: make(chan gpio.Level, 16)}
}

func newDev(t *testing.T, p *gpiotest.Pin, opts Opts) *Dev {
	t.Helper()
	d, err := New(p, &opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// closeDoor settles the switch closed, as at the start of a day.
func closeDoor(t *testing.T, d *Dev, p *gpiotest.Pin) {
	t.Helper()
	p.EdgesChan <- gpio.Low
	if open, changed := d.WaitForChange(time.Second); open || !changed {
		t.Fatalf("closing: WaitForChange() = %t, %t", open, changed)
	}
}

func TestNew(t *testing.T) {
	p := newPin()
	d := newDev(t, p, DefaultOpts)
	if p.P != gpio.PullUp {
		t.Errorf("pull %s, want PullUp", p.P)
	}
	// Nothing pulls the input low: a missing or cut switch reads open.
	if !d.Open() {
		t.Error("Open() false with nothing holding the input low")
	}
	if s := d.String(); s != "DoorSwitch{GPIO27(27)}" {
		t.Errorf("String() = %q", s)
	}

	if _, err := New(nil, nil); err == nil || err.Error() != "doorswitch: no pin" {
		t.Errorf("New(nil): %v", err)
	}
	for _, db := range []time.Duration{-1, MaxDebounce + 1} {
		if _, err := New(newPin(), &Opts{Debounce: db}); err == nil || !strings.HasPrefix(err.Error(), "doorswitch: debounce ") {
			t.Errorf("New(debounce %s): %v", db, err)
		}
	}
	if _, err := New(&gpiotest.Pin{N: "GPIO27", Num: 27}, nil); err == nil || !strings.HasPrefix(err.Error(), "doorswitch: GPIO27(27): ") {
		t.Errorf("New on a pin without edges: %v", err)
	}
}

func TestOpenAndClose(t *testing.T) {
	p := newPin()
	d := newDev(t, p, Opts{Debounce: 20 * time.Millisecond})
	closeDoor(t, d, p)
	if d.Open() {
		t.Error("Open() with the switch closed")
	}

	// Opening bounces, then holds: one opening.
	p.EdgesChan <- gpio.High
	p.EdgesChan <- gpio.Low
	p.EdgesChan <- gpio.High
	if !d.WaitForOpen(time.Second) {
		t.Fatal("WaitForOpen missed the door opening")
	}
	if len(p.EdgesChan) != 0 {
		t.Errorf("%d edges left unread", len(p.EdgesChan))
	}
	// An open door is not a new opening.
	if d.WaitForOpen(50 * time.Millisecond) {
		t.Error("WaitForOpen reported a door that was already open")
	}
	p.EdgesChan <- gpio.Low
	if open, changed := d.WaitForChange(time.Second); open || !changed {
		t.Errorf("closing: WaitForChange() = %t, %t", open, changed)
	}
}

func TestBounceIgnored(t *testing.T) {
	p := newPin()
	d := newDev(t, p, Opts{Debounce: 30 * time.Millisecond})
	closeDoor(t, d, p)
	// A knock on the cabinet: the contact lifts for an instant.
	p.EdgesChan <- gpio.High
	p.EdgesChan <- gpio.Low
	start := time.Now()
	if open, changed := d.WaitForChange(100 * time.Millisecond); changed {
		t.Errorf("a bounce counted: WaitForChange() = %t, %t", open, changed)
	}
	if took := time.Since(start); took < 100*time.Millisecond || took > time.Second {
		t.Errorf("a 100ms wait took %s", took)
	}
}

func TestOpenLow(t *testing.T) {
	p := newPin()
	d := newDev(t, p, Opts{Debounce: 0, OpenLow: true})
	if d.Open() {
		t.Error("Open() with the input high and OpenLow")
	}
	p.EdgesChan <- gpio.Low
	if !d.WaitForOpen(time.Second) {
		t.Error("WaitForOpen missed a falling edge with OpenLow")
	}
	if !d.Open() {
		t.Error("Open() false with the input low and OpenLow")
	}
}

func TestLostEdge(t *testing.T) {
	p := newPin()
	d := newDev(t, p, Opts{Debounce: 20 * time.Millisecond})
	closeDoor(t, d, p)
	p.Lock()
	p.L = gpio.High
	p.Unlock()
	if open, changed := d.WaitForChange(0); !open || !changed {
		t.Errorf("WaitForChange(0) after a lost edge = %t, %t", open, changed)
	}
}

func TestHalt(t *testing.T) {
	p := newPin()
	d := newDev(t, p, DefaultOpts)
	result := make(chan bool)
	go func() {
		_, changed := d.WaitForChange(time.Minute)
		result <- changed
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	select {
	case changed := <-result:
		if changed {
			t.Error("WaitForChange() reported a change after Halt")
		}
		if took := time.Since(start); took > WaitSlice+500*time.Millisecond {
			t.Errorf("Halt took %s to end the wait", took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Halt did not end the wait")
	}
	p.EdgesChan <- gpio.Low
	if _, changed := d.WaitForChange(time.Minute); changed {
		t.Error("WaitForChange() reported a change after Halt")
	}
}
