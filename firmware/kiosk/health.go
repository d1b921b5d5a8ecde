package kiosk

import (
	"context"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// PortalState returns what the kiosk last learned of the portal.
func (c *Citizen) PortalState() firmware.PortalState {
	c.portalMu.Lock()
	defer c.portalMu.Unlock()
	return c.portal
}

// CheckHealth asks the portal for its health once and keeps the answer.
func (c *Citizen) CheckHealth(ctx context.Context) firmware.PortalState {
	start := time.Now()
	h, err := c.cfg.Portal.Health(ctx)
	st := firmware.PortalState{CheckedAt: c.cfg.Clock.Now(), Latency: time.Since(start)}
	if err != nil {
		st.State = firmware.HealthDown
		st.Err = firmware.ErrorCode(err)
		c.cfg.Log.Warn("portal health check failed", "err_code", st.Err, "err", err)
	} else {
		st.State = h.Status
	}
	c.observeHealth(h, st)
	c.setPortal(st)
	return st
}

func (c *Citizen) setPortal(st firmware.PortalState) {
	c.portalMu.Lock()
	c.portal = st
	c.portalMu.Unlock()
	if ind := c.cfg.Indicators; ind != nil {
		ind.SetIndicator(firmware.LEDPortal, firmware.PortalPattern(st))
		ind.SetIndicator(firmware.LEDNetwork, firmware.NetworkPattern(st))
	}
}

// portalFailed marks the portal down after a lookup could not reach it, so
// the banner does not claim it works until the next check says so.
func (c *Citizen) portalFailed(errCode string) {
	c.setPortal(firmware.PortalState{State: firmware.HealthDown, CheckedAt: c.cfg.Clock.Now(), Err: errCode})
}

// RunHealth checks the portal's health until ctx is done: every HealthEvery
// while it answers, and after a failure first sooner, then backing off to at
// most five times HealthEvery so a dead link is not hammered.
func (c *Citizen) RunHealth(ctx context.Context) {
	every := c.cfg.HealthEvery
	retry := every / 4
	for {
		st := c.CheckHealth(ctx)
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
