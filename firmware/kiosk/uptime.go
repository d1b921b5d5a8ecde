package kiosk

import (
	"time"

	"github.com/motcua/kiosk/firmware"
)

// uptimeDay counts today's observed and up time of the portal and of each
// service behind it, from the health checks: a check's answer stands until
// the next check, for at most uptimeHold. Counts start again at local
// midnight. They live in memory: a restart begins the day's count anew.
type uptimeDay struct {
	day      time.Time // local midnight the counts are for; zero: none yet
	last     time.Time // the previous check
	lastUp   bool
	observed time.Duration
	up       time.Duration
	services []serviceUptime // in the portal's order
}

type serviceUptime struct {
	firmware.ServiceHealth
	observed, up time.Duration
}

// uptimeHold is how long one check's answer may stand for: longer gaps
// (the kiosk was off, the checks backed off) are not counted.
func (k *Kiosk) uptimeHold() time.Duration { return 6 * k.cfg.HealthEvery }

// observeHealth counts the span since the previous check with the previous
// check's answer and keeps this one's. h is nil when the portal could not
// be reached.
func (k *Kiosk) observeHealth(h *firmware.Health, st firmware.PortalState) {
	loc := k.cfg.Location
	at := st.CheckedAt
	y, m, d := at.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)

	k.citizen.mu.Lock()
	defer k.citizen.mu.Unlock()
	u := &k.citizen.uptime
	from := u.last
	if !u.day.Equal(today) {
		// A new day: only the part of the span after midnight counts.
		prev := u.services
		*u = uptimeDay{day: today, last: u.last, lastUp: u.lastUp, services: prev}
		for i := range u.services {
			u.services[i].observed, u.services[i].up = 0, 0
		}
		if from.Before(today) {
			from = today
		}
	}
	if span := at.Sub(from); !u.last.IsZero() && span > 0 && at.Sub(u.last) <= k.uptimeHold() {
		u.observed += span
		if u.lastUp {
			u.up += span
		}
		for i := range u.services {
			s := &u.services[i]
			s.observed += span
			if s.Status != firmware.HealthDown {
				s.up += span
			}
		}
	}
	u.last = at
	u.lastUp = h != nil && h.Status != firmware.HealthDown
	if h == nil {
		for i := range u.services {
			u.services[i].Status = firmware.HealthDown
		}
		return
	}
	// The portal's list is the truth for the services' names and order;
	// their counts carry over by ID.
	next := make([]serviceUptime, 0, len(h.Services))
	for _, s := range h.Services {
		su := serviceUptime{ServiceHealth: s}
		for _, old := range u.services {
			if old.ID == s.ID {
				su.observed, su.up = old.observed, old.up
			}
		}
		next = append(next, su)
	}
	u.services = next
}

// PortalStatus returns the portal's last known state, its services and
// today's uptime as this kiosk saw it, for the online-services screen.
func (k *Kiosk) PortalStatus() firmware.PortalStatus {
	out := firmware.PortalStatus{PortalState: k.PortalState()}
	k.citizen.mu.Lock()
	defer k.citizen.mu.Unlock()
	u := &k.citizen.uptime
	y, m, d := k.cfg.Clock.Now().In(k.cfg.Location).Date()
	if !u.day.Equal(time.Date(y, m, d, 0, 0, 0, 0, k.cfg.Location)) {
		// Nothing checked yet today: no counts, but the services' names.
		for _, s := range u.services {
			out.Services = append(out.Services, firmware.ServiceStatus{ID: s.ID, Name: s.Name, State: s.Status})
		}
		return out
	}
	out.ObservedToday = u.observed
	out.UpToday = share(u.up, u.observed)
	for _, s := range u.services {
		out.Services = append(out.Services, firmware.ServiceStatus{
			ID: s.ID, Name: s.Name, State: s.Status,
			UpToday: share(s.up, s.observed), ObservedToday: s.observed,
		})
	}
	return out
}

func share(part, whole time.Duration) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
