package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/firmware"
	kw "github.com/motcua/kiosk/ui/widget"
)

// screenSizes are the displays of DESIGN §2, landscape and portrait.
var screenSizes = []fyne.Size{
	{Width: 800, Height: 480}, {Width: 1024, Height: 600}, {Width: 1920, Height: 1080},
	{Width: 480, Height: 800}, {Width: 600, Height: 1024}, {Width: 1080, Height: 1920},
}

// citizenTour shows every screen in turn and calls visit on each.
func citizenTour(h *harness, visit func(name string)) {
	visit("home")
	h.tap(h.ui.t(msgLangToggle))
	visit("home other language")
	h.tap(h.ui.t(msgLangToggle))
	h.tap(h.ui.t(msgTileLookup))
	visit("lookup")
	h.tap("ABC")
	visit("lookup letters")
	h.citizen.setLookup(fails(firmware.EINVALID))
	h.typeKeys("A")
	h.tap(h.ui.t(msgLookupButton))
	h.settle()
	visit("lookup error")
	h.citizen.setLookup(fails(firmware.ESECRETREQUIRED))
	h.scan(testCode)
	h.settle()
	visit("lookup secret")
	d := statusDossier(firmware.StatusFeesDue)
	d.DueAt = overdueDossier().DueAt
	h.citizen.setLookup(found(d))
	h.citizen.offline = &firmware.LookupResult{AsOf: testNow.Add(-26 * 3600e9), Offline: true}
	h.scan(testCode)
	h.settle()
	visit("result offline overdue with fees")
	h.citizen.offline = nil
	h.tap(h.ui.t(msgRate))
	visit("rating")
	h.tap(h.ui.t(msgScoreUnhappy))
	visit("rating reasons")
	h.tap(h.ui.t(msgRateSend))
	h.settle()
	visit("rating thanks")
	h.tap(h.ui.t(msgDone))
	h.tap(h.ui.t(msgTileProcedures))
	visit("procedure fields")
	h.tap("Hộ tịch (2)")
	visit("procedure list")
	h.tap("Đăng ký khai sinh")
	visit("procedure detail")
	h.tap(h.ui.t(msgHome))
	h.tap(h.ui.t(msgTileOnline))
	visit("online services")
	h.tap(h.ui.t(msgHome))
	h.ui.openStaff()
	visit("staff pin")
	h.staff.setStaff(func(f *fakeStaff) {
		f.addrs = []string{"192.168.100.142", "2001:db8:1234:5678:9abc:def0:1234:5678"}
	})
	h.typeKeys(goodPIN)
	h.tap(h.ui.t(msgSignIn))
	h.settle()
	h.settle()
	visit("staff dashboard")
	h.tap(h.ui.t(msgPeriodWeek))
	visit("staff 7 days")
	h.tap(h.ui.t(msgPeriodMonth))
	visit("staff 30 days")
	// Everything at once: the ledger's every band, the device's alerts, a
	// failed export's sentence.
	h.staff.setStaff(func(f *fakeStaff) {
		f.ledger = firmware.LedgerState{Alert: firmware.LedgerDiskFull, Queued: 1234, Dropped: 56,
			Recovery: &firmware.LedgerRecovery{At: testNow.Add(-50 * time.Hour)}}
		setReading(&f.device, firmware.CabinetOpen, 1)
		f.device.Alerts = []firmware.Alert{{Kind: firmware.AlertCabinetOpen}, {Kind: firmware.AlertLedger},
			{Kind: firmware.AlertTooDamp, Value: 91}, {Kind: "a_kind_this_build_does_not_know"}}
		f.export = func(context.Context) (string, error) { return "", firmware.Errorf(firmware.EUNAVAILABLE, "fake") }
	})
	h.ui.tick()
	h.tap(h.ui.t(msgExport))
	h.settle()
	visit("staff alerts and export refused")
	h.tap(h.ui.t(msgSignOut))
}

// TestScreensFitEverySize lays every screen out on every display of
// DESIGN §2, in both text sizes, and checks it fits: Fyne's GL canvas sets
// new content to its minimum size, then asks for the minimum again and
// grows the window to it (see screenLayout).
func TestScreensFitEverySize(t *testing.T) {
	for _, size := range screenSizes {
		for _, large := range []bool{false, true} {
			name := fmt.Sprintf("%vx%v", size.Width, size.Height)
			if large {
				name += "_large"
			}
			t.Run(name, func(t *testing.T) {
				h := newHarnessSized(t, size)
				if large {
					h.tap(h.ui.t(msgLargeOn))
				}
				citizenTour(h, func(screen string) {
					c := h.win.Canvas().Content()
					got := c.MinSize()
					if got.Width > size.Width || got.Height > size.Height {
						t.Errorf("%s needs %v, more than %v", screen, got, size)
					}
					c.Resize(got)
					if again := c.MinSize(); again.Width > size.Width || again.Height > size.Height {
						t.Errorf("%s laid out at its minimum then needs %v", screen, again)
					}
					c.Resize(size)
					h.visible(func(o fyne.CanvasObject) {
						if s := o.Size(); s.Width < 0 || s.Height < 0 {
							t.Errorf("%s: %T has a negative size %v", screen, o, s)
						}
					})
				})
			})
		}
	}
}

// TestEveryTouchTarget checks every button of every screen, at every size,
// against the 12 mm a finger needs on the 7" screen (about 62 px).
func TestEveryTouchTarget(t *testing.T) {
	for _, size := range screenSizes {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			h := newHarnessSized(t, size)
			citizenTour(h, func(screen string) {
				h.visible(func(o fyne.CanvasObject) {
					if b, ok := o.(*kw.TouchButton); ok {
						if s := b.Size(); s.Width < 62 || s.Height < 62 {
							t.Errorf("%s: button %q is %v, under 12 mm", screen, b.Text, s)
						}
					}
				})
			})
		})
	}
}
