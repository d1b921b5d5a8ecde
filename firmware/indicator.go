package firmware

// Indicator is one of the status LEDs on the kiosk's header (DESIGN §2).
type Indicator string

// The status LEDs.
const (
	LEDHeartbeat Indicator = "heartbeat" // blinks while the UI loop is alive
	LEDNetwork   Indicator = "network"   // on: link fine; blink: no route
	LEDPortal    Indicator = "portal"    // on: healthy; slow blink: degraded; off: down
	LEDFault     Indicator = "fault"     // sensor fault, over-temperature, tamper, storage error
)

// Pattern is how an LED shows its state.
type Pattern int

// LED patterns.
const (
	PatternOff Pattern = iota
	PatternOn
	PatternSlowBlink
	PatternFastBlink
	PatternHeartbeat
)

func (p Pattern) String() string {
	switch p {
	case PatternOff:
		return "off"
	case PatternOn:
		return "on"
	case PatternSlowBlink:
		return "slow-blink"
	case PatternFastBlink:
		return "fast-blink"
	case PatternHeartbeat:
		return "heartbeat"
	}
	return "unknown"
}

// Indicators sets the status LEDs. A board without a given LED ignores it:
// every part may be missing, and the kiosk never fails for it.
type Indicators interface {
	SetIndicator(led Indicator, p Pattern)
}

// PortalPattern is the portal LED's pattern for a portal state.
func PortalPattern(s PortalState) Pattern {
	switch {
	case s.CheckedAt.IsZero() || s.Err != "":
		return PatternOff
	case s.State == HealthOK:
		return PatternOn
	case s.State == HealthDegraded:
		return PatternSlowBlink
	}
	return PatternOff
}

// NetworkPattern is the network LED's pattern: on while the portal answers
// at all, blinking when it cannot be reached.
func NetworkPattern(s PortalState) Pattern {
	switch {
	case s.CheckedAt.IsZero():
		return PatternOff
	case s.Err == EUNAVAILABLE || s.Err == ETIMEOUT:
		return PatternFastBlink
	}
	return PatternOn
}
