package buzzer

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"

	"github.com/motcua/kiosk/devices/internal/outtest"
)

// step waits for the player's next timer, checks its length, and fires it.
func step(t *testing.T, clk *outtest.Clock, want time.Duration) {
	t.Helper()
	r := clk.Next(t)
	if r.D != want {
		t.Errorf("the player waits %s, want %s", r.D, want)
	}
	r.Fire <- time.Time{}
}

func newDev(t *testing.T, opts *Opts) (*Dev, *outtest.Pin, *outtest.Clock) {
	t.Helper()
	p := outtest.NewPin("GPIO26", 26)
	d, err := New(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	clk := outtest.NewClock()
	d.after = clk.After
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

func expect(t *testing.T, p *outtest.Pin, want string) {
	t.Helper()
	var l []gpio.Level
	for _, c := range want {
		l = append(l, c == 'H')
	}
	if got := p.Take(); fmt.Sprint(got) != fmt.Sprint(l) {
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
		if _, err := New(outtest.NewPin("GPIO26", 26), &o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
	bad := outtest.NewPin("GPIO26", 26)
	bad.SetFail(errors.New("gpio: broken"))
	if _, err := New(bad, nil); err == nil || err.Error() != "buzzer: GPIO26(26): gpio: broken" {
		t.Errorf("New on a broken pin: %v", err)
	}
}

func TestSuccess(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	step(t, clk, tone)
	idle(t, d)
	expect(t, p, "HL")
}

func TestError(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	step(t, clk, tone)
	step(t, clk, gap)
	step(t, clk, tone)
	idle(t, d)
	expect(t, p, "HLHL")
}

func TestBeep(t *testing.T) {
	d, p, clk := newDev(t, &Opts{Tone: 50 * time.Millisecond, Gap: 70 * time.Millisecond, ActiveLow: true})
	expect(t, p, "H") // silent
	if err := d.Beep(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	step(t, clk, 300*time.Millisecond)
	idle(t, d)
	expect(t, p, "LH")
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	step(t, clk, 50*time.Millisecond)
	step(t, clk, 70*time.Millisecond)
	step(t, clk, 50*time.Millisecond)
	idle(t, d)
	expect(t, p, "LHLH")
	for _, b := range []time.Duration{0, -time.Second, MaxBeep + 1} {
		if err := d.Beep(b); err == nil {
			t.Errorf("Beep(%s) succeeded", b)
		}
	}
	if clk.Pending() != 0 {
		t.Error("a refused beep played")
	}
}

func TestNeverOverlaps(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
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
	step(t, clk, tone) // the first tone ends
	step(t, clk, gap)  // silence between sequences
	step(t, clk, tone) // the latest request's tone
	idle(t, d)
	expect(t, p, "HLHL")
	if clk.Pending() != 0 {
		t.Error("a replaced request played")
	}
}

func TestHalt(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	r := clk.Next(t) // the first tone sounds
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
	expect(t, p, "HL")
	// Nothing plays on: neither the rest of the error nor the success.
	r.Fire <- time.Time{}
	time.Sleep(10 * time.Millisecond)
	expect(t, p, "")
	if clk.Pending() != 0 {
		t.Error("the player went on after Halt")
	}
	// It plays again afterwards.
	if err := d.Success(); err != nil {
		t.Fatal(err)
	}
	step(t, clk, tone)
	idle(t, d)
	expect(t, p, "HL")
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteErrors(t *testing.T) {
	d, p, clk := newDev(t, nil)
	p.Take()
	broken := errors.New("gpio: broken")
	// Idle: the call sounds the first tone itself and learns of the failure.
	p.SetFail(broken)
	if err := d.Success(); err == nil || err.Error() != "buzzer: GPIO26(26): gpio: broken" {
		t.Errorf("Success on a broken pin: %v", err)
	}
	if clk.Pending() != 0 {
		t.Error("a sequence whose first write failed played on")
	}
	// The pin fails while a sequence plays: the next call reports it once.
	p.SetFail(nil)
	if err := d.Error(); err != nil {
		t.Fatal(err)
	}
	p.SetFail(broken)
	step(t, clk, tone)
	// The player asks for the gap only after its write has failed.
	g := clk.Next(t)
	p.SetFail(nil)
	if err := d.Success(); err == nil || !errors.Is(err, broken) {
		t.Errorf("the call after a failed write returned %v", err)
	}
	g.Fire <- time.Time{}
	step(t, clk, tone)
	step(t, clk, gap)
	step(t, clk, tone)
	idle(t, d)
	expect(t, p, "HHLHL")
	if err := d.Success(); err != nil {
		t.Errorf("the error was reported twice: %v", err)
	}
	step(t, clk, tone)
	idle(t, d)
}

// Calls from many goroutines on the real clock: run with -race. Whatever
// the interleaving, the buzzer is never switched on while already on.
func TestConcurrentCalls(t *testing.T) {
	p := outtest.NewPin("GPIO26", 26)
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
	levels := p.Take()
	for i := 1; i < len(levels); i++ {
		if levels[i] == gpio.High && levels[i-1] == gpio.High {
			t.Fatalf("switched on while on at write %d of %v", i, levels)
		}
	}
	if levels[len(levels)-1] != gpio.Low {
		t.Error("buzzer left on")
	}
	time.Sleep(20 * time.Millisecond)
	if l := p.Take(); len(l) != 0 {
		t.Errorf("wrote %v after Halt", l)
	}
}
