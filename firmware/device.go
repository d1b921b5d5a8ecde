package firmware

import (
	"slices"
	"time"
)

// PartID names one part of the kiosk's hardware (DESIGN §2). The board
// lists its parts by these IDs, staff mode names them, the self-test
// prints them.
type PartID string

// The parts of DESIGN §2.
const (
	PartBME280       PartID = "bme280" // enclosure temperature, humidity, pressure
	PartBH1750       PartID = "bh1750" // ambient light
	PartPIR          PartID = "pir"    // motion
	PartDoor         PartID = "door"   // the cabinet's door switch
	PartLEDHeartbeat PartID = "led-heartbeat"
	PartLEDNetwork   PartID = "led-network"
	PartLEDPortal    PartID = "led-portal"
	PartLEDFault     PartID = "led-fault"
	PartBuzzer       PartID = "buzzer"
)

// Parts lists every part of DESIGN §2 in the order the board, staff mode
// and the self-test list them.
func Parts() []PartID {
	return []PartID{PartBME280, PartBH1750, PartPIR, PartDoor,
		PartLEDHeartbeat, PartLEDNetwork, PartLEDPortal, PartLEDFault, PartBuzzer}
}

// LEDPart is the part that shows an indicator.
func LEDPart(ind Indicator) PartID { return PartID("led-" + string(ind)) }

// PartState is how one part of the kiosk's hardware is (DESIGN §2).
type PartState string

// Part states.
const (
	PartOK        PartState = "ok"
	PartMissing   PartState = "missing"    // fitted, but nothing answers
	PartFault     PartState = "fault"      // answers wrongly, or reports trouble
	PartNotFitted PartState = "not_fitted" // the settings say it is not there
)

// Trouble reports whether a part in this state lights the fault LED.
func (s PartState) Trouble() bool { return s == PartMissing || s == PartFault }

// PartHealth is one part for staff mode and the self-test.
type PartHealth struct {
	ID     PartID
	Where  string // "I2C1 0x76", "GPIO17"; "-" when not fitted
	State  PartState
	Detail string    // the last reading, or what is wrong
	Since  time.Time // when State last changed
}

// Quantity is what a sensor reading measures. Its value names the reading
// in /metrics (kiosk_sensor_value{sensor}) and ends with the unit.
type Quantity string

// The quantities the board's sensors read.
const (
	Temperature Quantity = "temperature_celsius" // in the cabinet, °C
	Humidity    Quantity = "humidity_percent"    // in the cabinet, %RH
	Pressure    Quantity = "pressure_pascal"     // air pressure, Pa
	Light       Quantity = "light_lux"           // ambient light, lx
	CabinetOpen Quantity = "cabinet_open"        // 1 open, 0 shut
)

// Quantities lists every quantity in the order staff mode shows them.
func Quantities() []Quantity {
	return []Quantity{Temperature, Humidity, Pressure, Light, CabinetOpen}
}

// Reading is a sensor's last value, in the unit its Quantity names.
type Reading struct {
	Quantity Quantity
	Value    float64
}

// AlertKind is a kind of trouble that lights the fault LED, besides a part
// that is missing or faulty (which PartHealth's State says).
type AlertKind string

// The alerts.
const (
	AlertTooHot      AlertKind = "too_hot"      // Value: the cabinet's temperature, °C
	AlertTooDamp     AlertKind = "too_damp"     // Value: the cabinet's humidity, %RH
	AlertCabinetOpen AlertKind = "cabinet_open" // the door switch sees the cabinet open
	AlertLedger      AlertKind = "ledger"       // the usage ledger is in trouble (LedgerState says how)
)

// Alert is one current problem with the device.
type Alert struct {
	Kind  AlertKind
	Value float64 // what the kind says; 0 when it says nothing
}

// DeviceHealth is what staff mode, the self-test and /metrics see of the
// device.
type DeviceHealth struct {
	Parts []PartHealth // every part of DESIGN §2, fitted or not, in Parts() order
	// Readings are the sensors' last values, in Quantities() order. A
	// sensor's values are left out while its part does not answer: a
	// reading kept from before it failed would look current.
	Readings []Reading
	Alerts   []Alert // sorted by kind
}

// Part returns the part with the ID, if the device lists it.
func (h DeviceHealth) Part(id PartID) (PartHealth, bool) {
	i := slices.IndexFunc(h.Parts, func(p PartHealth) bool { return p.ID == id })
	if i < 0 {
		return PartHealth{}, false
	}
	return h.Parts[i], true
}

// Reading returns the last value of a quantity, if there is one.
func (h DeviceHealth) Reading(q Quantity) (float64, bool) {
	i := slices.IndexFunc(h.Readings, func(r Reading) bool { return r.Quantity == q })
	if i < 0 {
		return 0, false
	}
	return h.Readings[i].Value, true
}

// Alert returns the alert of a kind, if it stands.
func (h DeviceHealth) Alert(k AlertKind) (Alert, bool) {
	i := slices.IndexFunc(h.Alerts, func(a Alert) bool { return a.Kind == k })
	if i < 0 {
		return Alert{}, false
	}
	return h.Alerts[i], true
}

// Trouble reports whether the fault LED should be lit: a fitted part is
// missing or faulty, or an alert stands.
func (h DeviceHealth) Trouble() bool {
	return len(h.Alerts) > 0 || slices.ContainsFunc(h.Parts, func(p PartHealth) bool { return p.State.Trouble() })
}

// DeviceMonitor reports the device's health. It must be cheap: staff mode
// calls it on every refresh, /metrics on every scrape.
type DeviceMonitor interface {
	DeviceHealth() DeviceHealth
}
