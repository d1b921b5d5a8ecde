package kiosk

import (
	"time"

	"github.com/motcua/kiosk/firmware"
)

// DefaultVisitGap is how long the motion sensor must have seen nothing
// before its next movement counts as someone new coming up to the kiosk.
const DefaultVisitGap = time.Minute

// Motion tells the kiosk that the motion sensor saw movement. The first
// movement after VisitGap without any is recorded as a visit (DESIGN §2:
// the PIR counts visits); movement while someone stands there is not. The
// gap is measured on the time since boot, which a clock set by NTP does
// not move. Motion is safe to call from the board's goroutine.
func (k *Kiosk) Motion() {
	now := k.cfg.Clock.SinceBoot()
	k.visitMu.Lock()
	quiet := !k.moved || now-k.lastMotion >= k.cfg.VisitGap || now < k.lastMotion
	k.moved, k.lastMotion = true, now
	k.visitMu.Unlock()
	if !quiet {
		return
	}
	ev := k.event(firmware.KindVisit, "")
	ev.Outcome = firmware.OutcomeOK
	k.record(ev)
}

// Door tells the kiosk that the cabinet's door switch changed. An opening
// is recorded in the ledger (DESIGN §2: the cabinet opened is an alert,
// logged), so staff see afterwards when the cabinet was opened, also when
// it was shut again before anyone looked; the board lights the fault LED
// while it is open. The offline cache is wiped: the card may be leaving.
func (k *Kiosk) Door(open bool) {
	if !open {
		return
	}
	ev := k.event(firmware.KindTamper, "")
	ev.Outcome = firmware.OutcomeOK
	k.record(ev)
	ctx, cancel := background()
	defer cancel()
	k.Citizen.WipeCache(ctx)
}
