package board

import (
	"context"
	"log/slog"
	"math"
	"time"

	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/firmware"
)

// Sim is the simulated board of demo mode and tests: every part answers
// with plausible values, and each LED change is logged so that a developer
// sees what the LEDs of a real kiosk would show.
type Sim struct {
	log *slog.Logger
	state
	// start is when the simulation began: the readings drift with it.
	start time.Time
}

var (
	_ firmware.Indicators = (*Sim)(nil)
	_ Board               = (*Sim)(nil)
)

// NewSim returns a simulated board that logs LED changes to log (nil: none).
func NewSim(log *slog.Logger) *Sim {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Sim{log: log, start: time.Now()}
	s.state.init(log)
	s.thr = DefaultThresholds
	now := time.Now()
	for _, id := range firmware.Parts() {
		s.add(id, "sim")
		s.parts[id].State, s.parts[id].Detail, s.parts[id].Since = firmware.PartOK, "", now
	}
	s.sense(now)
	s.setFaultLED = func(pat firmware.Pattern) { s.SetIndicator(firmware.LEDFault, pat) }
	return s
}

// SetCallbacks sets who is told of motion, the door and the light; call it
// before Run.
func (s *Sim) SetCallbacks(cb Callbacks) { s.cb = cb }

// SetIndicator records the LED's pattern and logs it when it changed.
func (s *Sim) SetIndicator(led firmware.Indicator, p firmware.Pattern) {
	if s.setPattern(led, p) {
		s.log.Info("led", "led", string(led), "pattern", p.String())
	}
}

// Beep logs the tone the buzzer would sound.
func (s *Sim) Beep(ok bool) { s.log.Info("buzzer", "ok", ok) }

// Run simulates a visitor walking up a second after it starts, then
// drifts the readings every half minute, until ctx is done.
func (s *Sim) Run(ctx context.Context) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(time.Second):
	}
	s.motionChanged(true)
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			s.motionChanged(false)
			s.sense(now)
		}
	}
}

// sense makes readings that drift slowly, as a cabinet in a hall does.
func (s *Sim) sense(now time.Time) {
	phase := now.Sub(s.start).Hours() * 2 * math.Pi / 24
	temp := 31.5 + 2*math.Sin(phase)
	e := physic.Env{
		Temperature: physic.ZeroCelsius + physic.Temperature(temp*float64(physic.Celsius)),
		Humidity:    physic.RelativeHumidity((62 + 3*math.Cos(phase)) * float64(physic.PercentRH)),
		Pressure:    1008 * 100 * physic.Pascal,
	}
	s.envRead(e)
	s.lightRead(320 + 40*math.Sin(phase))
	s.mu.Lock()
	s.parts[firmware.PartBME280].Detail = e.Temperature.String() + " " + e.Humidity.String() + " " + e.Pressure.String()
	s.mu.Unlock()
}

// Halt does nothing: the simulated board has nothing to turn off.
func (s *Sim) Halt() error { return nil }

func (s *Sim) String() string { return "sim" }
