package board

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

func TestSimDeviceHealth(t *testing.T) {
	s := NewSim(nil)
	h := s.DeviceHealth()
	if len(h.Parts) != 9 {
		t.Fatalf("%d parts, want the 9 of DESIGN §2", len(h.Parts))
	}
	for _, p := range h.Parts {
		if p.State != firmware.PartOK || p.Where != "sim" || p.Since.IsZero() {
			t.Errorf("sim part %+v", p)
		}
	}
	if h.Parts[0].Name != "bme280" || !strings.Contains(h.Parts[0].Detail, "°C") {
		t.Errorf("first part %+v, want the BME280 with its reading", h.Parts[0])
	}
	if !h.HasEnvironment || h.TemperatureC < 29 || h.TemperatureC > 34 ||
		h.HumidityPct < 58 || h.HumidityPct > 66 || h.PressureHPa < 1000 || h.PressureHPa > 1020 {
		t.Errorf("environment %v: %.1f °C %.1f %% %.1f hPa", h.HasEnvironment, h.TemperatureC, h.HumidityPct, h.PressureHPa)
	}
	if !h.HasLight || h.Lux < 250 || h.Lux > 400 {
		t.Errorf("light %v: %.0f lx", h.HasLight, h.Lux)
	}
	if h.DoorOpen || len(h.Alerts) != 0 {
		t.Errorf("door open %v, alerts %v", h.DoorOpen, h.Alerts)
	}

	// Trouble shows as alerts, by what raised them.
	s.doorChanged(true)
	s.envRead(physic.Env{Temperature: physic.ZeroCelsius + 52*physic.Celsius, Humidity: 40 * physic.PercentRH})
	s.SetFault("storage", "disk full")
	h = s.DeviceHealth()
	if !h.DoorOpen || h.Alerts["tamper"] != "cabinet open" || !strings.HasPrefix(h.Alerts["enclosure"], "too hot: 52") ||
		h.Alerts["storage"] != "disk full" {
		t.Errorf("door open %v, alerts %v", h.DoorOpen, h.Alerts)
	}
	if h.TemperatureC < 51.9 || h.TemperatureC > 52.1 {
		t.Errorf("temperature %.2f °C, want 52", h.TemperatureC)
	}
	// The caller may keep and change what it got.
	h.Alerts["tamper"] = "x"
	if s.DeviceHealth().Alerts["tamper"] != "cabinet open" {
		t.Error("DeviceHealth shares its alerts map")
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
	if h := b.DeviceHealth(); h.HasEnvironment || h.HasLight {
		t.Errorf("values before any reading: %+v", h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	waitFor(t, "readings", func() bool { h := b.DeviceHealth(); return h.HasEnvironment && h.HasLight })
	cancel()
	<-done
	h := b.DeviceHealth()
	if h.TemperatureC < 25 || h.TemperatureC > 25.2 || h.Lux != 300 || h.DoorOpen || len(h.Alerts) != 0 {
		t.Errorf("health %+v", h)
	}
	if h.Parts[0].Where != "I2C 0x76" || h.Parts[0].State != firmware.PartOK {
		t.Errorf("bme280 %+v", h.Parts[0])
	}

	// The sensor fails: its last values are no longer shown as current.
	bus.set(func(c *chips) { c.present[0x76] = false })
	b.senseEnv()
	h = b.DeviceHealth()
	if h.HasEnvironment || h.Parts[0].State != firmware.PartFault || !strings.Contains(h.Alerts["bme280"], "remote I/O error") {
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
	got := map[string]firmware.PartState{}
	for _, p := range h.Parts {
		got[p.Name] = p.State
	}
	want := map[string]firmware.PartState{"bme280": firmware.PartMissing, "bh1750": firmware.PartMissing,
		"pir": firmware.PartMissing, "door": firmware.PartMissing, "led-fault": firmware.PartOK, "buzzer": firmware.PartNotFitted}
	for n, st := range want {
		if got[n] != st {
			t.Errorf("%s: %s, want %s", n, got[n], st)
		}
	}
	if h.HasEnvironment || h.HasLight || h.DoorOpen {
		t.Errorf("values from missing sensors: %+v", h)
	}
	if _, ok := h.Alerts["pir"]; !ok {
		t.Errorf("alerts %v lack the missing PIR", h.Alerts)
	}
	if _, ok := h.Alerts["buzzer"]; ok {
		t.Errorf("a part not fitted is an alert: %v", h.Alerts)
	}
}
