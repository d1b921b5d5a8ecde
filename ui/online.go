package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

// onlineScreen is "Dịch vụ công trực tuyến" (DESIGN §4): the portal's
// state and each of its services' with today's uptime and the time of the
// last check, then the procedures a citizen can do fully online, each a
// tap away from its QR code.
type onlineScreen struct {
	u *UI

	shown string // the status as drawn, to redraw only when it changes
}

func (s *onlineScreen) clear() { *s = onlineScreen{u: s.u} }

func (s *onlineScreen) build() fyne.CanvasObject {
	u := s.u
	now := u.now()
	st := u.citizen.PortalStatus()
	s.shown = s.fingerprint(st, now)
	top := u.topBar(u.t(msgTileOnline), nil, true)

	box := container.NewVBox(u.home.portalBand(now))
	if st.CheckedAt.IsZero() {
		box.Add(wrapped(u.t(msgOnlineNever)))
	} else {
		box.Add(wrapped(u.tf(msgOnlineChecked, st.CheckedAt.In(u.opts.Location).Format("15:04"))))
	}
	if st.ObservedToday > 0 {
		box.Add(heading(u.tf(msgUptimeToday, percent(u.lang, st.UpToday)), theme.SizeNameText))
	} else {
		box.Add(wrapped(u.t(msgUptimeUnknown)))
	}
	if len(st.Services) > 0 {
		box.Add(heading(u.t(msgServices), theme.SizeNameSubHeadingText))
		for _, sv := range st.Services {
			id, tone := stateWords(sv.State)
			right := container.NewHBox()
			if sv.ObservedToday > 0 {
				right.Add(widget.NewLabel(percent(u.lang, sv.UpToday)))
			}
			right.Add(badge(u.t(id), tone, theme.SizeNameText))
			box.Add(container.NewBorder(nil, nil, nil, right, wrapped(sv.Name)))
		}
	}

	var full []firmware.Procedure
	for _, p := range u.citizen.Catalog().Procedures {
		if p.Level == firmware.LevelFull {
			full = append(full, p)
		}
	}
	if len(full) > 0 {
		box.Add(heading(u.tf(msgFullOnline, len(full)), theme.SizeNameSubHeadingText))
		box.Add(wrapped(u.t(msgFullOnlineHint)))
		for _, p := range full {
			b := u.button(p.Name, func() { u.procs.openProcedure(p, s) })
			b.Wrap = true
			box.Add(b)
		}
	}
	return column(top, nil, container.NewVScroll(box))
}

// fingerprint is what the screen shows of st at now, so a tick redraws
// (and loses the scroll position) only when that changed.
func (s *onlineScreen) fingerprint(st firmware.PortalStatus, now time.Time) string {
	var b strings.Builder
	line, _ := portalLine(s.u.lang, st.PortalState, now)
	fmt.Fprintf(&b, "%s|%v|%s", line, st.CheckedAt, percent(s.u.lang, st.UpToday))
	for _, sv := range st.Services {
		fmt.Fprintf(&b, "|%s %s %s", sv.ID, sv.State, percent(s.u.lang, sv.UpToday))
	}
	return b.String()
}

func (s *onlineScreen) tick(now time.Time) bool {
	if s.fingerprint(s.u.citizen.PortalStatus(), now) == s.shown {
		return false
	}
	s.u.show(s)
	return true
}

// stateWords names a service's state and its tone.
func stateWords(h firmware.HealthState) (msgID, kiosktheme.Tone) {
	switch h {
	case firmware.HealthOK:
		return msgStateOK, kiosktheme.ToneGood
	case firmware.HealthDegraded:
		return msgStateDegraded, kiosktheme.ToneWarning
	}
	return msgStateDown, kiosktheme.ToneBad
}

// percent writes a share as a whole percentage, rounded down so that a
// portal down for a moment never reads 100 %: "99%".
func percent(_ string, share float64) string {
	p := int(share*100 + 1e-9)
	if share >= 1 {
		p = 100
	}
	return strconv.Itoa(max(p, 0)) + "%"
}
