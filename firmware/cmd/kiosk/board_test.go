package main

import (
	"log/slog"
	"testing"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/settings"
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

// [pins] becomes the board's wiring: "none" is a part not fitted, the
// rest keep DESIGN §2's pins.
func TestBoardConfig(t *testing.T) {
	c := settings.Default()
	c.Pins.I2CBus, c.Pins.BME280, c.Pins.BH1750, c.Pins.PIR, c.Pins.Door, c.Pins.LEDFault = "1", "0x77", "none", "GPIO22", "none", "GPIO21"
	bc := boardConfig(c.Pins, &boardEvents{}, slog.New(slog.DiscardHandler))
	if bc.I2CBus != "1" || bc.BME280 != 0x77 || bc.BH1750 != 0 || bc.PIR != "GPIO22" || bc.Door != "" ||
		bc.LEDs[firmware.LEDFault] != "GPIO21" || bc.LEDs[firmware.LEDHeartbeat] != "GPIO5" || bc.Buzzer != "GPIO26" {
		t.Fatalf("board config %+v", bc)
	}
}
