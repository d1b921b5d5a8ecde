package kiosk

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// uptimeDay counts today's observed and up time of the portal and of each
// service behind it, from the health checks: a check's answer stands until
// the next check, for at most uptimeHold. Counts start again at local
// midnight. With Settings they are kept after every check, so that a
// restart (a power cut) carries on with the day's counts.
type uptimeDay struct {
	day      time.Time // local midnight the counts are for; zero: none yet
	last     time.Time // the previous check
	lastUp   bool
	observed time.Duration
	up       time.Duration
	services []serviceUptime // in the portal's order
	kept     bool            // tied to the counts in Settings: read or written on a synced clock
}

type serviceUptime struct {
	firmware.ServiceHealth
	observed, up time.Duration
}

// uptimeHold is how long one check's answer may stand for: longer gaps
// (the kiosk was off, the checks backed off) are not counted.
func (c *Citizen) uptimeHold() time.Duration { return 6 * c.cfg.HealthEvery }

// observeHealth counts the span since the previous check with the previous
// check's answer and keeps this one's. h is nil when the portal could not
// be reached.
//
// With Settings, the counts are kept after each check made on a synced
// clock, and read back on the first such check of a day: after a restart (a
// power cut), the day's counts carry on. Counts begun before the clock was
// synced stay in memory; they are added to the kept ones when the clock
// turns out to be on the same day, and dropped when it is not.
func (c *Citizen) observeHealth(h *firmware.Health, st firmware.PortalState) {
	loc := c.cfg.Location
	at := st.CheckedAt
	y, m, d := at.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	synced := c.cfg.Settings != nil && c.cfg.Clock.Synced()

	// The disk is read and written outside the lock the screens take.
	c.mu.Lock()
	u := &c.uptime
	load := synced && (!u.day.Equal(today) || !u.kept)
	c.mu.Unlock()
	var saved uptimeDay
	var found bool
	if load {
		saved, found = c.loadUptime(today)
	}
	c.mu.Lock()
	if load {
		switch {
		case !found:
		case u.day.Equal(today):
			u.merge(&saved)
		default:
			// countHealth counts the gap since the last check before the
			// restart with its answer, as any gap: only within the hold.
			*u = saved
		}
		u.kept = true
	}
	c.countHealth(u, h, at, today)
	snap := u.clone()
	c.mu.Unlock()
	if synced {
		c.saveUptime(&snap)
	}
}

// countHealth adds the span since the previous check to u.
func (c *Citizen) countHealth(u *uptimeDay, h *firmware.Health, at, today time.Time) {
	from := u.last
	if !u.day.Equal(today) {
		// A new day: only the part of the span after midnight counts.
		prev := u.services
		*u = uptimeDay{day: today, last: u.last, lastUp: u.lastUp, services: prev, kept: u.kept}
		for i := range u.services {
			u.services[i].observed, u.services[i].up = 0, 0
		}
		if from.Before(today) {
			from = today
		}
	}
	if span := at.Sub(from); !u.last.IsZero() && span > 0 && at.Sub(u.last) <= c.uptimeHold() {
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
func (c *Citizen) PortalStatus() firmware.PortalStatus {
	out := firmware.PortalStatus{PortalState: c.PortalState()}
	c.mu.Lock()
	defer c.mu.Unlock()
	u := &c.uptime
	y, m, d := c.cfg.Clock.Now().In(c.cfg.Location).Date()
	if !u.day.Equal(time.Date(y, m, d, 0, 0, 0, 0, c.cfg.Location)) {
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

// settingUptime keeps today's uptime counts (uptimeJSON) across restarts.
const settingUptime = "portal_uptime_today"

type uptimeJSON struct {
	Day      string `json:"day"` // local date, 2006-01-02
	Last     time.Time
	LastUp   bool
	Observed time.Duration
	Up       time.Duration
	Services []serviceUptimeJSON
}

type serviceUptimeJSON struct {
	ID, Name string
	Status   firmware.HealthState
	Observed time.Duration
	Up       time.Duration
}

// merge adds the counts of o, kept from before a restart, to u's, begun
// since on the same day.
func (u *uptimeDay) merge(o *uptimeDay) {
	u.observed += o.observed
	u.up += o.up
	for _, kept := range o.services {
		found := false
		for i := range u.services {
			if s := &u.services[i]; s.ID == kept.ID {
				s.observed += kept.observed
				s.up += kept.up
				found = true
			}
		}
		if !found {
			u.services = append(u.services, kept)
		}
	}
}

// clone copies u, its services too.
func (u *uptimeDay) clone() uptimeDay {
	c := *u
	c.services = append([]serviceUptime(nil), u.services...)
	return c
}

// saveUptime keeps u in Settings; a failure is logged, the counts go on in
// memory.
func (c *Citizen) saveUptime(u *uptimeDay) {
	if c.cfg.Settings == nil || u.day.IsZero() {
		return
	}
	j := uptimeJSON{Day: u.day.Format(time.DateOnly), Last: u.last, LastUp: u.lastUp, Observed: u.observed, Up: u.up}
	for _, s := range u.services {
		j.Services = append(j.Services, serviceUptimeJSON{ID: s.ID, Name: s.Name, Status: s.Status, Observed: s.observed, Up: s.up})
	}
	b, err := json.Marshal(j)
	if err == nil {
		err = c.cfg.Settings.SetSetting(context.Background(), settingUptime, string(b))
	}
	if err != nil {
		c.cfg.Log.Error("saving today's portal uptime failed", "err", err)
	}
}

// loadUptime returns the counts kept for day, if they are for that day and
// make sense.
func (c *Citizen) loadUptime(day time.Time) (uptimeDay, bool) {
	if c.cfg.Settings == nil {
		return uptimeDay{}, false
	}
	v, ok, err := c.cfg.Settings.Setting(context.Background(), settingUptime)
	if err != nil || !ok {
		return uptimeDay{}, false
	}
	var j uptimeJSON
	if err := json.Unmarshal([]byte(v), &j); err != nil ||
		j.Observed < 0 || j.Up < 0 || j.Up > j.Observed || j.Observed > 25*time.Hour {
		c.cfg.Log.Warn("kept portal uptime is damaged; today's count starts again")
		return uptimeDay{}, false
	}
	if j.Day != day.Format(time.DateOnly) {
		return uptimeDay{}, false
	}
	u := uptimeDay{day: day, last: j.Last, lastUp: j.LastUp, observed: j.Observed, up: j.Up}
	for _, s := range j.Services {
		if s.Observed < 0 || s.Up < 0 || s.Up > s.Observed || s.Observed > 25*time.Hour {
			continue
		}
		u.services = append(u.services, serviceUptime{
			ServiceHealth: firmware.ServiceHealth{ID: s.ID, Name: s.Name, Status: s.Status},
			observed:      s.Observed, up: s.Up,
		})
	}
	return u, true
}
