package main

import (
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/motcua/kiosk/devices/backlight"
)

// panel is a screen that can be blanked: fbdev.Dev.
type panel interface {
	Blank(on bool) error
}

// dimmer is a backlight: backlight.Dev.
type dimmer interface {
	Set(level float64) error
	Power(on bool) error
}

// screenPower blanks the screen when nobody has touched it, scanned or
// moved in front of it for a while, wakes it on any of those, and follows
// the room's light with the backlight (DESIGN §4 Idle, §2). It holds no
// goroutine: one timer, reset by each wake.
type screenPower struct {
	panel      panel
	light      dimmer // nil: none
	after      time.Duration
	minL, maxL float64
	log        *slog.Logger

	mu      sync.Mutex
	blanked bool
	timer   *time.Timer
	level   float64 // as last set; -1: never
	stopped bool
}

// newScreenPower starts the idle timer; after 0 never blanks.
func newScreenPower(p panel, light dimmer, after time.Duration, minL, maxL float64, log *slog.Logger) *screenPower {
	sp := &screenPower{panel: p, light: light, after: after, minL: minL, maxL: maxL, log: log, level: -1}
	if after > 0 {
		sp.timer = time.AfterFunc(after, sp.blank)
	}
	return sp
}

// wake restarts the idle timer and lights the screen if it was blanked,
// reporting whether it was: the touch that wakes a screen must not also
// press what was under the finger.
func (sp *screenPower) wake() (wasBlanked bool) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.stopped {
		return false
	}
	if sp.timer != nil {
		sp.timer.Reset(sp.after)
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
func (sp *screenPower) blank() {
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
	sp.log.Info("screen off", "idle", sp.after)
}

// lux follows the room's light: a step of the backlight only when the
// level moves by more than a few percent, so a flickering lamp does not
// make the screen pump.
func (sp *screenPower) lux(l float64) {
	if sp.light == nil {
		return
	}
	level := backlight.ForLux(l, sp.minL, sp.maxL)
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

// isBlanked reports whether the screen is off.
func (sp *screenPower) isBlanked() bool {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.blanked
}

// stop ends the timer; the screen stays as it is.
func (sp *screenPower) stop() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.stopped = true
	if sp.timer != nil {
		sp.timer.Stop()
	}
}
