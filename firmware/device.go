package firmware

import "time"

// PartState is how one part of the kiosk's hardware is (DESIGN §2).
type PartState string

// Part states.
const (
	PartOK        PartState = "ok"
	PartMissing   PartState = "missing"    // fitted, but nothing answers
	PartFault     PartState = "fault"      // answers wrongly, or reports trouble
	PartNotFitted PartState = "not_fitted" // the settings say it is not there
)

// PartHealth is one part for staff mode and the self-test.
type PartHealth struct {
	Name   string // "bme280", "pir", "led-fault", …
	Where  string // "I2C1 0x76", "GPIO17"
	State  PartState
	Detail string    // the last reading, or what is wrong
	Since  time.Time // when State last changed
}

// DeviceHealth is what staff mode shows of the device.
type DeviceHealth struct {
	Parts []PartHealth
	// The sensors' last values; NaN-free: Has* says whether there is one.
	TemperatureC, HumidityPct, PressureHPa float64
	HasEnvironment                         bool
	Lux                                    float64
	HasLight                               bool
	DoorOpen                               bool
	// Alerts are the current problems in a few words each ("too hot: 52 °C",
	// "cabinet open"), by part name.
	Alerts map[string]string
}

// DeviceMonitor reports the device's health. It must be cheap: staff mode
// calls it on every refresh.
type DeviceMonitor interface {
	DeviceHealth() DeviceHealth
}
