package board

import (
	"log/slog"
	"sync"

	"github.com/motcua/kiosk/firmware"
)

// Sim is the simulated board of demo mode and tests.
type Sim struct {
	log *slog.Logger

	mu   sync.Mutex
	leds map[firmware.Indicator]firmware.Pattern
}

var _ firmware.Indicators = (*Sim)(nil)

// NewSim returns a simulated board that logs LED changes to log (nil: none).
func NewSim(log *slog.Logger) *Sim {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sim{log: log, leds: map[firmware.Indicator]firmware.Pattern{}}
}

// SetIndicator records the LED's pattern and logs it when it changed.
func (s *Sim) SetIndicator(led firmware.Indicator, p firmware.Pattern) {
	s.mu.Lock()
	old, seen := s.leds[led]
	s.leds[led] = p
	s.mu.Unlock()
	if !seen || old != p {
		s.log.Info("led", "led", string(led), "pattern", p.String())
	}
}

// Indicator returns the LED's current pattern (off when never set).
func (s *Sim) Indicator(led firmware.Indicator) firmware.Pattern {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leds[led]
}

func (s *Sim) String() string { return "sim" }
