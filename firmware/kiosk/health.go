package kiosk

import (
	"context"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// PortalState returns what the kiosk last learned of the portal.
func (k *Kiosk) PortalState() firmware.PortalState {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.portal
}

// CheckHealth asks the portal for its health once and keeps the answer.
func (k *Kiosk) CheckHealth(ctx context.Context) firmware.PortalState {
	start := time.Now()
	h, err := k.cfg.Portal.Health(ctx)
	st := firmware.PortalState{CheckedAt: k.cfg.Clock.Now(), Latency: time.Since(start)}
	if err != nil {
		st.State = firmware.HealthDown
		st.Err = firmware.ErrorCode(err)
		k.cfg.Log.Warn("portal health check failed", "err_code", st.Err, "err", err)
	} else {
		st.State = h.Status
	}
	k.observeHealth(h, st)
	k.setPortal(st)
	return st
}

func (k *Kiosk) setPortal(st firmware.PortalState) {
	k.mu.Lock()
	k.portal = st
	k.mu.Unlock()
	if ind := k.cfg.Indicators; ind != nil {
		ind.SetIndicator(firmware.LEDPortal, firmware.PortalPattern(st))
		ind.SetIndicator(firmware.LEDNetwork, firmware.NetworkPattern(st))
	}
}

// portalFailed marks the portal down after a lookup could not reach it, so
// the banner does not claim it works until the next check says so.
func (k *Kiosk) portalFailed(errCode string) {
	k.setPortal(firmware.PortalState{State: firmware.HealthDown, CheckedAt: k.cfg.Clock.Now(), Err: errCode})
}

// RunHealth checks the portal's health until ctx is done: every HealthEvery
// while it answers, and after a failure first sooner, then backing off to at
// most five times HealthEvery so a dead link is not hammered.
func (k *Kiosk) RunHealth(ctx context.Context) {
	every := k.cfg.HealthEvery
	retry := every / 4
	for {
		st := k.CheckHealth(ctx)
		wait := every
		if st.Err != "" {
			wait = retry
			retry = min(retry*2, 5*every)
		} else {
			retry = every / 4
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
