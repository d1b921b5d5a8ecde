//go:build noos

package main

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/devices/evdev"
)

// TestNoosCoalesce checks that a finger's moves waiting for the Fyne
// goroutine fold into the newest, and that nothing else does.
func TestNoosCoalesce(t *testing.T) {
	at := func(ph evdev.Phase, id int, x float32) queued {
		return queued{phase: ph, id: id, pos: fyne.NewPos(x, 0)}
	}
	var q []queued
	for _, e := range []queued{
		at(evdev.Down, 1, 0), at(evdev.Move, 1, 1), at(evdev.Move, 1, 2), at(evdev.Move, 1, 3),
		at(evdev.Move, 2, 9), at(evdev.Move, 1, 4), at(evdev.Up, 1, 4), at(evdev.Move, 1, 5),
	} {
		q = coalesce(q, e)
	}
	want := []queued{at(evdev.Down, 1, 0), at(evdev.Move, 1, 3), at(evdev.Move, 2, 9), at(evdev.Move, 1, 4),
		at(evdev.Up, 1, 4), at(evdev.Move, 1, 5)}
	if len(q) != len(want) {
		t.Fatalf("queued %v, want %v", q, want)
	}
	for i := range q {
		if q[i] != want[i] {
			t.Errorf("queued[%d] = %v, want %v", i, q[i], want[i])
		}
	}

	// A stuck Fyne goroutine: the queue stops growing.
	q = nil
	for i := range 2 * maxQueued {
		q = coalesce(q, at(evdev.Down, i, 0))
	}
	if len(q) != maxQueued {
		t.Errorf("%d touches queued, want at most %d", len(q), maxQueued)
	}
}
