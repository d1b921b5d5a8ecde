package screen

import (
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakePanel records what the screen and its backlight were told.
type fakePanel struct {
	mu     sync.Mutex
	blanks []bool
	levels []float64
	power  []bool
}

func (f *fakePanel) Blank(on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.blanks = append(f.blanks, on)
	return nil
}

func (f *fakePanel) Set(l float64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.levels = append(f.levels, l)
	return nil
}

func (f *fakePanel) Power(on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.power = append(f.power, on)
	return nil
}

func (f *fakePanel) snapshot() (blanks []bool, levels []float64, power []bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.blanks), slices.Clone(f.levels), slices.Clone(f.power)
}

// fakeTimer is the idle timer on a clock the test moves: fire runs what
// time.AfterFunc would have run.
type fakeTimer struct {
	mu      sync.Mutex
	after   time.Duration
	f       func()
	resets  int
	stopped bool
}

func (ft *fakeTimer) afterFunc(d time.Duration, f func()) timer {
	ft.after, ft.f = d, f
	return ft
}

func (ft *fakeTimer) Reset(d time.Duration) bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.resets++
	ft.after = d
	return true
}

func (ft *fakeTimer) Stop() bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.stopped = true
	return true
}

// fire is the idle time running out.
func (ft *fakeTimer) fire() { ft.f() }

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newTestPower is a Power on a fake clock that blanks after a minute.
func newTestPower(f *fakePanel, light Dimmer) (*Power, *fakeTimer) {
	ft := &fakeTimer{}
	return newPower(f, light, PowerOpts{BlankAfter: time.Minute, MinBrightness: 0.2, MaxBrightness: 1}, quiet(), ft.afterFunc), ft
}

func TestPowerBlankAndWake(t *testing.T) {
	f := &fakePanel{}
	sp, ft := newTestPower(f, f)
	if ft.after != time.Minute || ft.f == nil {
		t.Fatalf("idle timer set for %v", ft.after)
	}

	// Activity keeps it on: each wake restarts the idle time.
	for range 3 {
		if sp.Wake() {
			t.Fatal("woke a screen that was on")
		}
	}
	if ft.resets != 3 || ft.after != time.Minute {
		t.Fatalf("idle timer reset %d times to %v, want 3 times to 1m", ft.resets, ft.after)
	}
	if b, _, _ := f.snapshot(); len(b) != 0 {
		t.Fatalf("blanked while in use: %v", b)
	}

	// Idle blanks it, backlight off first; a second expiry changes nothing.
	ft.fire()
	ft.fire()
	if !sp.Blanked() {
		t.Fatal("not blanked after idling")
	}
	if !sp.Wake() {
		t.Fatal("wake did not report the blanked screen")
	}
	blanks, _, power := f.snapshot()
	if !slices.Equal(blanks, []bool{true, false}) || !slices.Equal(power, []bool{false, true}) {
		t.Fatalf("blanks %v power %v, want [true false] and [false true]", blanks, power)
	}
	if sp.Wake() || sp.Blanked() {
		t.Fatal("second wake reported blanked")
	}

	// Stopped, the screen stays as it is.
	sp.Stop()
	ft.fire()
	if !ft.stopped || sp.Blanked() {
		t.Fatalf("after Stop: timer stopped %v, blanked %v", ft.stopped, sp.Blanked())
	}
}

func TestPowerWithoutBacklight(t *testing.T) {
	f := &fakePanel{}
	sp, ft := newTestPower(f, nil)
	sp.Lux(500)
	ft.fire()
	if !sp.Wake() {
		t.Fatal("a screen without a backlight was not blanked")
	}
	blanks, levels, power := f.snapshot()
	if !slices.Equal(blanks, []bool{true, false}) || len(levels) != 0 || len(power) != 0 {
		t.Fatalf("blanks %v levels %v power %v", blanks, levels, power)
	}
}

func TestPowerFollowsLight(t *testing.T) {
	f := &fakePanel{}
	sp := NewPower(f, f, PowerOpts{MinBrightness: 0.2, MaxBrightness: 1}, quiet())
	defer sp.Stop()
	for _, lux := range []float64{0, 1, 2, 1000, 1010, 20000, 50} {
		sp.Lux(lux)
	}
	_, levels, _ := f.snapshot()
	if len(levels) != 3 || levels[0] != 0.2 || levels[1] != 1 || levels[2] <= 0.2 || levels[2] >= 1 {
		t.Fatalf("levels %v: want dark, bright, then the hall's", levels)
	}
	// Never blanking (BlankAfter 0) sets no timer.
	if sp.timer != nil || sp.Wake() || sp.Blanked() {
		t.Fatal("a screen without an idle time has a timer or blanked")
	}
}
