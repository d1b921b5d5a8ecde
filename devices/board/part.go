package board

import (
	"time"

	"periph.io/x/conn/v3/physic"
)

// Readings are the sensors' last values; a zero time means none yet.
type Readings struct {
	Env      physic.Env // enclosure temperature, humidity, pressure
	EnvAt    time.Time
	Lux      float64 // ambient light
	LuxAt    time.Time
	Motion   bool // someone is near now
	MotionAt time.Time
	DoorOpen bool
	DoorAt   time.Time
}

// Callbacks are told of what the sensors see, from the board's goroutines.
// Each may be nil.
type Callbacks struct {
	OnMotion func()          // motion started: wake the screen, count a visit
	OnDoor   func(open bool) // the cabinet opened or closed
	OnLight  func(lux float64)
}

// Thresholds raise the enclosure alerts.
type Thresholds struct {
	MaxTemperature physic.Temperature // too hot above this
	MaxHumidity    physic.RelativeHumidity
}

// DefaultThresholds suit a closed cabinet with a Pi and a panel inside:
// most panels are rated to 50 °C, and condensation starts near 85 %RH.
var DefaultThresholds = Thresholds{
	MaxTemperature: 50*physic.Celsius + physic.ZeroCelsius,
	MaxHumidity:    85 * physic.PercentRH,
}

// tooHot and tooDamp say whether an enclosure reading is past the
// thresholds.
func (t Thresholds) tooHot(e physic.Env) bool {
	return t.MaxTemperature != 0 && e.Temperature > t.MaxTemperature
}

func (t Thresholds) tooDamp(e physic.Env) bool {
	return t.MaxHumidity != 0 && e.Humidity > t.MaxHumidity
}

// celsius and percentRH are a reading in the units of firmware's
// quantities.
func celsius(t physic.Temperature) float64 { return t.Celsius() }

func percentRH(h physic.RelativeHumidity) float64 { return float64(h) / float64(physic.PercentRH) }
