package board

import (
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

var (
	_ firmware.DeviceMonitor = (*Pi)(nil)
	_ firmware.DeviceMonitor = (*Sim)(nil)
)

// DeviceHealth is the board as staff mode shows it: every part with its
// state, the sensors' last values and the reasons the fault LED is lit.
// A sensor's values are given only while its part answers: a reading kept
// from before it failed would look current.
func (s *state) DeviceHealth() firmware.DeviceHealth {
	parts := s.Parts()
	r := s.Readings()
	faults := s.Faults()

	var h firmware.DeviceHealth
	h.Parts = make([]firmware.PartHealth, 0, len(parts))
	ok := map[string]bool{}
	for _, p := range parts {
		h.Parts = append(h.Parts, firmware.PartHealth{
			Name:   p.Name,
			Where:  p.Where,
			State:  partState(p.State),
			Detail: p.Detail,
			Since:  p.Since,
		})
		ok[p.Name] = p.State == OK
	}
	if ok["bme280"] && !r.EnvAt.IsZero() {
		h.HasEnvironment = true
		h.TemperatureC = r.Env.Temperature.Celsius()
		h.HumidityPct = float64(r.Env.Humidity) / float64(physic.PercentRH)
		h.PressureHPa = float64(r.Env.Pressure) / float64(100*physic.Pascal)
	}
	if ok["bh1750"] && !r.LuxAt.IsZero() {
		h.HasLight, h.Lux = true, r.Lux
	}
	h.DoorOpen = ok["door"] && r.DoorOpen
	if len(faults) > 0 {
		h.Alerts = faults // a copy already
	}
	return h
}

// partState is a board State in the firmware's words.
func partState(s State) firmware.PartState {
	switch s {
	case OK:
		return firmware.PartOK
	case Missing:
		return firmware.PartMissing
	case NotFitted:
		return firmware.PartNotFitted
	}
	return firmware.PartFault
}
