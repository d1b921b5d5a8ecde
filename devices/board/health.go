package board

import (
	"maps"
	"slices"

	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

var (
	_ firmware.DeviceMonitor = (*Pi)(nil)
	_ firmware.DeviceMonitor = (*Sim)(nil)
)

// DeviceHealth is the board as staff mode, the self-test and /metrics see
// it: every part with its state, the sensors' last values and the alerts.
// A sensor's values are given only while its part answers: a reading kept
// from before it failed would look current.
func (s *state) DeviceHealth() firmware.DeviceHealth {
	s.mu.Lock()
	defer s.mu.Unlock()
	var h firmware.DeviceHealth
	h.Parts = make([]firmware.PartHealth, 0, len(s.order))
	for _, id := range s.order {
		h.Parts = append(h.Parts, *s.parts[id])
	}
	ok := func(id firmware.PartID) bool { p := s.parts[id]; return p != nil && p.State == firmware.PartOK }
	r := s.readings
	add := func(q firmware.Quantity, v float64) {
		h.Readings = append(h.Readings, firmware.Reading{Quantity: q, Value: v})
	}
	if ok(firmware.PartBME280) && !r.EnvAt.IsZero() {
		add(firmware.Temperature, celsius(r.Env.Temperature))
		add(firmware.Humidity, percentRH(r.Env.Humidity))
		add(firmware.Pressure, float64(r.Env.Pressure)/float64(physic.Pascal))
	}
	if ok(firmware.PartBH1750) && !r.LuxAt.IsZero() {
		add(firmware.Light, r.Lux)
	}
	if ok(firmware.PartDoor) {
		open := 0.0
		if r.DoorOpen {
			open = 1
		}
		add(firmware.CabinetOpen, open)
	}
	for _, k := range slices.Sorted(maps.Keys(s.alerts)) {
		h.Alerts = append(h.Alerts, s.alerts[k])
	}
	return h
}
