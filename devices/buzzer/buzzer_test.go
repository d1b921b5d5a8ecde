package buzzer

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

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
	return &recPin{Pin: &gpiotest.Pin{N: "GPIO26", Num: 26}}
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

// fakeClock hands each timer the player asks for to the test, which fires
// it when it wants. A request arrives only after the player has written the
// level before it, so the test sees every write in order.
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

// step waits for the player's next timer, checks its length, and fires it.
func (c *fakeClock) step(t *testing.T, want time.Duration) {
	t.Helper()
	select {
	case r := <-c.reqs:
		if r.d != want {
			t.Errorf("the player waits %s, want %s", r.d, want)
		}
		r.fire <- time.Time{}
	case <-time.After(5 * time.Second):
		t.Fatalf("the player asked for no timer, want one of %s", want)
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

// idle waits for the player to end.
func idle(t *testing.T, d *Dev) {
	t.Helper()
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(time.Millisecond) {
		d.mu.Lock()
		running := d.done != nil
		d.mu.Unlock()
		if !running {
			return
		}
	}
	t.Fatal("the player never ended")
}

func expect(t *testing.T, p *recPin, want string) {
	t.Helper()
	var l []gpio.Level
	for _, c := range want {
		l = append(l, c == 'H')
	}
	if got := p.take(); fmt.Sprint(got) != fmt.Sprint(l) {
		t.Errorf("wrote %v, want %v", got, l)
	}
}

const tone, gap = 100 * time.Millisecond, 100 * time.Millisecond

func TestNew(t *testing.T) {
	d, p, _ := newDev(t, nil)
	expect(t, p, "L")
	if s := d.String(); s != "Buzzer{GPIO26(26)}" {
		t.Errorf("String() = %q", s)
	}
	if _, err := New(nil, nil); err == nil || err.Error() != "buzzer: no pin" {
		t.Errorf("New(nil): %v", err)
	}
	for _, o := range []Opts{{}, {Tone: tone}, {Gap: gap}, {Tone: MaxBeep + 1, Gap: gap}} {
		if _, err := New(newRecPin(), &o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
	bad := newRecPin()
	bad.fail = errors.New("gpio: broken")
	if _, err := New(bad, nil); err == nil || err.Error() != "buzzer: GPIO26(26): gpio: broken" {
		t.Errorf("New on a broken pin: %v", err)
	}
}

func TestSuccess(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	clk.step(t, tone)
	idle(t, d)
	expect(t, p, "HL")
}

func TestError(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	clk.step(t, tone)
	clk.step(t, gap)
	clk.step(t, tone)
	idle(t, d)
	expect(t, p, "HLHL")
}

func TestBeep(t *testing.T) {
	d, p, clk := newDev(t, &Opts{Tone: 50 * time.Millisecond, Gap: 70 * time.Millisecond, ActiveLow: true})
	expect(t, p, "H") // silent
	if err := d.Beep(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	clk.step(t, 300*time.Millisecond)
	idle(t, d)
	expect(t, p, "LH")
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	clk.step(t, 50*time.Millisecond)
	clk.step(t, 70*time.Millisecond)
	clk.step(t, 50*time.Millisecond)
	idle(t, d)
	expect(t, p, "LHLH")
	for _, b := range []time.Duration{0, -time.Second, MaxBeep + 1} {
		if err := d.Beep(b); err == nil {
			t.Errorf("Beep(%s) succeeded", b)
		}
	}
	if len(clk.reqs) != 0 {
		t.Error("a refused beep played")
	}
}

func TestNeverOverlaps(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	// Two more scans while the first tone sounds: the error waits, then
	// the latest success replaces it.
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	clk.step(t, tone) // the first tone ends
	clk.step(t, gap)  // silence between sequences
	clk.step(t, tone) // the latest request's tone
	idle(t, d)
	expect(t, p, "HLHL")
	if len(clk.reqs) != 0 {
		t.Error("a replaced request played")
	}
}

func TestHalt(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	r := <-clk.reqs // the first tone sounds
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	expect(t, p, "HL")
	// Nothing plays on: neither the rest of the error nor the success.
	r.fire <- time.Time{}
	time.Sleep(10 * time.Millisecond)
	expect(t, p, "")
	if len(clk.reqs) != 0 {
		t.Error("the player went on after Halt")
	}
	// It plays again afterwards.
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	clk.step(t, tone)
	idle(t, d)
	expect(t, p, "HL")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteErrors(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.take()
	broken := errors.New("gpio: broken")
	// Idle: the call sounds the first tone itself and learns of the failure.
	p.setFail(broken)
	if err := d.Success(); err == nil || err.Error() != "buzzer: GPIO26(26): gpio: broken" {
		t.Errorf("Success on a broken pin: %v", err)
	}
	if len(clk.reqs) != 0 {
		t.Error("a sequence whose first write failed played on")
	}
	// The pin fails while a sequence plays: the next call reports it once.
	p.setFail(nil)
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	p.setFail(broken)
	clk.step(t, tone)
	// The player asks for the gap only after its write has failed.
	g := <-clk.reqs
	p.setFail(nil)
	if err := d.Success(); err == nil || !errors.Is(err, broken) {
		t.Errorf("the call after a failed write returned %v", err)
	}
	g.fire <- time.Time{}
	clk.step(t, tone)
	clk.step(t, gap)
	clk.step(t, tone)
	idle(t, d)
	expect(t, p, "HHLHL")
	if err := d.Success(); err != nil {
		t.Errorf("the error was reported twice: %v", err)
	}
	clk.step(t, tone)
	idle(t, d)
}

// Calls from many goroutines on the real clock: run with -race. Whatever
// the interleaving, the buzzer is never switched on while already on.
func TestConcurrentCalls(t *testing.T) {
	p := newRecPin()
	d, err := New(p, &Opts{Tone: time.Millisecond, Gap: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 40 {
				var err error
				switch (g + i) % 4 {
				case 0:
					err = d.Success()
				case 1:
					err = d.Error()
				case 2:
					err = d.Beep(2 * time.Millisecond)
				case 3:
					if i%9 == 0 {
						err = d.Halt()
					}
				}
				if err != nil {
					t.Error(err)
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
	wg.Wait()
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	levels := p.take()
	for i := 1; i < len(levels); i++ {
		if levels[i] == gpio.High && levels[i-1] == gpio.High {
			t.Fatalf("switched on while on at write %d of %v", i, levels)
		}
	}
	if levels[len(levels)-1] != gpio.Low {
		t.Error("buzzer left on")
	}
	time.Sleep(20 * time.Millisecond)
	if l := p.take(); len(l) != 0 {
		t.Errorf("wrote %v after Halt", l)
	}
}
