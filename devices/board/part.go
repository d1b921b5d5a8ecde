package board

import (
	"fmt"
	"time"

	"periph.io/x/conn/v3/physic"
)

// State is how a part of the board is.
type State int

// Part states.
const (
	NotFitted State = iota // the configuration says it is not there
	OK                     // it answers
	Missing                // fitted, but nothing answers
	Fault                  // it answers wrongly, or reports trouble
)

func (s State) String() string {
	switch s {
	case NotFitted:
		return "not fitted"
	case OK:
		return "ok"
	case Missing:
		return "missing"
	case Fault:
		return "fault"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Part is one part of DESIGN §2, for staff mode and the self-test.
type Part struct {
	Name   string // "bme280", "pir", "led-fault", …
	Where  string // "I2C1 0x76", "GPIO17"
	State  State
	Detail string    // the last reading, or what is wrong
	Since  time.Time // when State last changed
}

func (p Part) String() string {
	s := fmt.Sprintf("%s (%s): %s", p.Name, p.Where, p.State)
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

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

// alerts returns what is wrong with an enclosure reading.
func (t Thresholds) alerts(e physic.Env) string {
	switch {
	case t.MaxTemperature != 0 && e.Temperature > t.MaxTemperature:
		return "too hot: " + e.Temperature.String()
	case t.MaxHumidity != 0 && e.Humidity > t.MaxHumidity:
		return "too damp: " + e.Humidity.String()
	}
	return ""
}
