package board

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

// between reports whether the reading of q is there and within [lo, hi].
func between(h firmware.DeviceHealth, q firmware.Quantity, lo, hi float64) bool {
	v, ok := h.Reading(q)
	return ok && v >= lo && v <= hi
}

func TestSimDeviceHealth(t *testing.T) {
	s := NewSim(nil)
	h := s.DeviceHealth()
	var ids []firmware.PartID
	for _, p := range h.Parts {
		ids = append(ids, p.ID)
		if p.State != firmware.PartOK || p.Where != "sim" || p.Since.IsZero() {
			t.Errorf("sim part %+v", p)
		}
	}
	if !slices.Equal(ids, firmware.Parts()) {
		t.Fatalf("parts %v, want the %d of DESIGN §2 in order", ids, len(firmware.Parts()))
	}
	if !strings.Contains(h.Parts[0].Detail, "°C") {
		t.Errorf("first part %+v, want the BME280 with its reading", h.Parts[0])
	}
	if !between(h, firmware.Temperature, 29, 34) || !between(h, firmware.Humidity, 58, 66) ||
		!between(h, firmware.Pressure, 100000, 102000) {
		t.Errorf("environment %+v", h.Readings)
	}
	if !between(h, firmware.Light, 250, 400) {
		t.Errorf("light %+v", h.Readings)
	}
	if !between(h, firmware.CabinetOpen, 0, 0) || len(h.Alerts) != 0 || h.Trouble() {
		t.Errorf("door and alerts: %+v", h)
	}
	var qs []firmware.Quantity
	for _, r := range h.Readings {
		qs = append(qs, r.Quantity)
	}
	if !slices.Equal(qs, firmware.Quantities()) {
		t.Errorf("readings %v, want %v in order", qs, firmware.Quantities())
	}

	// Trouble shows as typed alerts, sorted by kind.
	s.doorChanged(true)
	s.envRead(physic.Env{Temperature: physic.ZeroCelsius + 52*physic.Celsius, Humidity: 90 * physic.PercentRH})
	s.RaiseAlert(firmware.Alert{Kind: firmware.AlertLedger})
	h = s.DeviceHealth()
	want := []firmware.Alert{{Kind: firmware.AlertCabinetOpen}, {Kind: firmware.AlertLedger},
		{Kind: firmware.AlertTooDamp, Value: 90}, {Kind: firmware.AlertTooHot, Value: 52}}
	if len(h.Alerts) != len(want) {
		t.Fatalf("alerts %+v, want %+v", h.Alerts, want)
	}
	for i, a := range h.Alerts {
		if a.Kind != want[i].Kind || a.Value < want[i].Value-0.01 || a.Value > want[i].Value+0.01 {
			t.Errorf("alert %d: %+v, want %+v", i, a, want[i])
		}
	}
	if !between(h, firmware.CabinetOpen, 1, 1) || !between(h, firmware.Temperature, 51.9, 52.1) || !h.Trouble() {
		t.Errorf("health %+v", h)
	}
	// The caller may keep and change what it got.
	h.Alerts[0].Kind = "x"
	h.Parts[0].State = firmware.PartFault
	if a := s.DeviceHealth(); a.Alerts[0].Kind != firmware.AlertCabinetOpen || a.Parts[0].State != firmware.PartOK {
		t.Error("DeviceHealth shares its alerts or parts")
	}
	// Back to normal: no alert is left behind.
	s.doorChanged(false)
	s.envRead(physic.Env{Temperature: physic.ZeroCelsius + 30*physic.Celsius, Humidity: 50 * physic.PercentRH})
	s.ClearAlert(firmware.AlertLedger)
	if h := s.DeviceHealth(); len(h.Alerts) != 0 || h.Trouble() || s.Indicator(firmware.LEDFault) != firmware.PatternOff {
		t.Errorf("alerts left after recovery: %+v", h.Alerts)
	}
}

func TestPiDeviceHealth(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	pp := newPins(allPins...)
	pp["GPIO27"].L = gpio.Low
	b, err := Open(testConfig(pp.host(bus), &log))
	if err != nil {
		t.Fatal(err)
	}
	if h := b.DeviceHealth(); len(h.Readings) != 1 || !between(h, firmware.CabinetOpen, 0, 0) {
		t.Errorf("values before any reading: %+v", h.Readings)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	waitFor(t, "readings", func() bool { return len(b.DeviceHealth().Readings) == len(firmware.Quantities()) })
	cancel()
	<-done
	h := b.DeviceHealth()
	if !between(h, firmware.Temperature, 25, 25.2) || !between(h, firmware.Light, 300, 300) || len(h.Alerts) != 0 {
		t.Errorf("health %+v", h)
	}
	if p := h.Parts[0]; p.ID != firmware.PartBME280 || p.Where != "I2C 0x76" || p.State != firmware.PartOK {
		t.Errorf("bme280 %+v", p)
	}

	// The sensor fails: its last values are no longer shown as current.
	bus.set(func(c *chips) { c.present[0x76] = false })
	b.senseEnv()
	h = b.DeviceHealth()
	p, _ := h.Part(firmware.PartBME280)
	if _, ok := h.Reading(firmware.Temperature); ok || p.State != firmware.PartFault ||
		!strings.Contains(p.Detail, "remote I/O error") || !h.Trouble() {
		t.Errorf("after the BME280 failed: %+v", h)
	}
	_ = b.Halt()
}

func TestPiDeviceHealthMissingAndNotFitted(t *testing.T) {
	var log bytes.Buffer
	bus := newChips()
	bus.present = map[uint16]bool{}
	pp := newPins("GPIO5", "GPIO6", "GPIO13", "GPIO19")
	cfg := testConfig(pp.host(bus), &log)
	cfg.Buzzer = ""
	b, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := b.DeviceHealth()
	got := map[firmware.PartID]firmware.PartState{}
	for _, p := range h.Parts {
		got[p.ID] = p.State
	}
	want := map[firmware.PartID]firmware.PartState{firmware.PartBME280: firmware.PartMissing,
		firmware.PartBH1750: firmware.PartMissing, firmware.PartPIR: firmware.PartMissing,
		firmware.PartDoor: firmware.PartMissing, firmware.PartLEDFault: firmware.PartOK,
		firmware.PartBuzzer: firmware.PartNotFitted}
	for n, st := range want {
		if got[n] != st {
			t.Errorf("%s: %s, want %s", n, got[n], st)
		}
	}
	if len(h.Readings) != 0 || len(h.Alerts) != 0 || !h.Trouble() {
		t.Errorf("health with missing sensors: %+v", h)
	}
}
