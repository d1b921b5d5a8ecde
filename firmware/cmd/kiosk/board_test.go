package main

import (
	"testing"
)

// The board's callbacks reach every listener: the screen wakes on motion
// and the kiosk counts it, the kiosk logs the cabinet opened.
func TestBoardEventsReachEveryListener(t *testing.T) {
	var e boardEvents
	var motions, opened, shut int
	var lux []float64
	e.onMotion(func() { motions++ })
	e.onMotion(func() { motions++ })
	e.onDoor(func(open bool) {
		if open {
			opened++
		} else {
			shut++
		}
	})
	e.onLight(func(l float64) { lux = append(lux, l) })
	cb := e.callbacks()
	cb.OnMotion()
	cb.OnDoor(true)
	cb.OnDoor(false)
	cb.OnLight(320)
	if motions != 2 || opened != 1 || shut != 1 || len(lux) != 1 || lux[0] != 320 {
		t.Errorf("motions %d, opened %d, shut %d, lux %v", motions, opened, shut, lux)
	}
}
