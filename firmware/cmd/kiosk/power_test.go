package main

import (
	"log/slog"
	"sync"
	"testing"
	"time"
)

// fakePanel records what the screen was told.
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
	return append([]bool{}, f.blanks...), append([]float64{}, f.levels...), append([]bool{}, f.power...)
}

func TestScreenPowerBlankAndWake(t *testing.T) {
	f := &fakePanel{}
	sp := newScreenPower(f, f, 50*time.Millisecond, 0.2, 1, slog.New(slog.DiscardHandler))
	defer sp.stop()

	// Activity keeps it on.
	for range 4 {
		time.Sleep(20 * time.Millisecond)
		if sp.wake() {
			t.Fatal("woke a screen that was on")
		}
	}
	if b, _, _ := f.snapshot(); len(b) != 0 {
		t.Fatalf("blanked while in use: %v", b)
	}
	// Idle blanks it, backlight first off.
	deadline := time.Now().Add(2 * time.Second)
	for !sp.isBlanked() {
		if time.Now().After(deadline) {
			t.Fatal("not blanked after idling")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !sp.wake() {
		t.Fatal("wake did not report the blanked screen")
	}
	blanks, _, power := f.snapshot()
	if len(blanks) != 2 || !blanks[0] || blanks[1] || len(power) != 2 || power[0] || !power[1] {
		t.Fatalf("blanks %v power %v", blanks, power)
	}
	if sp.wake() {
		t.Fatal("second wake reported blanked")
	}
}

func TestScreenPowerFollowsLight(t *testing.T) {
	f := &fakePanel{}
	sp := newScreenPower(f, f, 0, 0.2, 1, slog.New(slog.DiscardHandler))
	defer sp.stop()
	for _, lux := range []float64{0, 1, 2, 1000, 1010, 20000, 50} {
		sp.lux(lux)
	}
	_, levels, _ := f.snapshot()
	if len(levels) != 3 || levels[0] != 0.2 || levels[1] != 1 || levels[2] < 0.2 || levels[2] > 1 {
		t.Fatalf("levels %v: want dark, bright, then the hall's", levels)
	}
	// Without a backlight, light changes nothing; never-blanking never does.
	none := newScreenPower(f, nil, 0, 0.2, 1, slog.New(slog.DiscardHandler))
	none.lux(500)
	if none.wake() || none.isBlanked() {
		t.Fatal("a screen without an idle time blanked")
	}
}
