package screen

import (
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/motcua/kiosk/devices/backlight"
)

// Panel is a screen that can be blanked: fbdev.Dev.
type Panel interface {
	Blank(on bool) error
}

// Dimmer is a backlight: backlight.Dev.
type Dimmer interface {
	Set(level float64) error
	Power(on bool) error
}

// PowerOpts are the display's settings that Power follows.
type PowerOpts struct {
	BlankAfter time.Duration // idle time before the screen goes off; 0: never
	// The backlight's levels in the dark and in daylight, 0 to 1.
	MinBrightness, MaxBrightness float64
}

// timer is the idle timer: *time.Timer.
type timer interface {
	Reset(d time.Duration) bool
	Stop() bool
}

// Power blanks the screen when nobody has touched it, scanned or moved in
// front of it for a while, wakes it on any of those, and follows the
// room's light with the backlight (DESIGN §4 Idle, §2). It holds no
// goroutine: one timer, reset by each wake.
type Power struct {
	panel Panel
	light Dimmer // nil: none
	o     PowerOpts
	log   *slog.Logger

	mu      sync.Mutex
	blanked bool
	timer   timer
	level   float64 // as last set; -1: never
	stopped bool
}

// NewPower starts the idle timer. light may be nil: the screen is then
// blanked through the panel only.
func NewPower(p Panel, light Dimmer, o PowerOpts, log *slog.Logger) *Power {
	return newPower(p, light, o, log, func(d time.Duration, f func()) timer { return time.AfterFunc(d, f) })
}

// newPower is NewPower with the clock's AfterFunc.
func newPower(p Panel, light Dimmer, o PowerOpts, log *slog.Logger, afterFunc func(time.Duration, func()) timer) *Power {
	sp := &Power{panel: p, light: light, o: o, log: log, level: -1}
	if o.BlankAfter > 0 {
		sp.timer = afterFunc(o.BlankAfter, sp.blank)
	}
	return sp
}

// Wake restarts the idle timer and lights the screen if it was blanked,
// reporting whether it was: the touch that wakes a screen must not also
// press what was under the finger.
func (sp *Power) Wake() (wasBlanked bool) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.stopped {
		return false
	}
	if sp.timer != nil {
		sp.timer.Reset(sp.o.BlankAfter)
	}
	if !sp.blanked {
		return false
	}
	sp.blanked = false
	if err := sp.panel.Blank(false); err != nil {
		sp.log.Warn("screen not woken", "err", err)
	}
	if sp.light != nil {
		if err := sp.light.Power(true); err != nil {
			sp.log.Warn("backlight not on", "err", err)
		}
	}
	sp.log.Info("screen on")
	return true
}

// blank turns the screen off.
func (sp *Power) blank() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.blanked || sp.stopped {
		return
	}
	sp.blanked = true
	if sp.light != nil {
		if err := sp.light.Power(false); err != nil {
			sp.log.Warn("backlight not off", "err", err)
		}
	}
	if err := sp.panel.Blank(true); err != nil {
		sp.log.Warn("screen not blanked", "err", err)
	}
	sp.log.Info("screen off", "idle", sp.o.BlankAfter)
}

// Lux follows the room's light: a step of the backlight only when the
// level moves by more than a few percent, so a flickering lamp does not
// make the screen pump.
func (sp *Power) Lux(l float64) {
	if sp.light == nil {
		return
	}
	level := backlight.ForLux(l, sp.o.MinBrightness, sp.o.MaxBrightness)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.stopped || (sp.level >= 0 && math.Abs(level-sp.level) < 0.05) {
		return
	}
	if err := sp.light.Set(level); err != nil {
		sp.log.Warn("backlight not set", "err", err)
		return
	}
	sp.level = level
}

// Blanked reports whether the screen is off.
func (sp *Power) Blanked() bool {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.blanked
}

// Stop ends the timer; the screen stays as it is.
func (sp *Power) Stop() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.stopped = true
	if sp.timer != nil {
		sp.timer.Stop()
	}
}
