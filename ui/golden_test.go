package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua/kiosk/firmware"
)

// TestGoldenMarkup renders every screen in both languages at 800×480
// with the fixed clock and portal state, and compares the markup with
// testdata/*.xml. Markup, not pixels: pixels differ between x86 and ARM.
// After a deliberate change, copy testdata/failed/*.xml over the masters.
func TestGoldenMarkup(t *testing.T) {
	for _, s := range goldenScreens() {
		for _, lang := range []string{langVI, langEN} {
			t.Run(s.name+"_"+lang, func(t *testing.T) {
				h := newHarness(t)
				if lang == langEN {
					h.tap("English")
				}
				s.show(h)
				test.AssertRendersToMarkup(t, s.name+"_"+lang+".xml", h.win.Canvas())
			})
		}
	}
}

// goldenScreen is a screen and how to bring it up from home.
type goldenScreen struct {
	name string
	show func(h *harness)
}

// goldenScreens are every screen, as the golden tests show them.
func goldenScreens() []goldenScreen {
	screens := []goldenScreen{
		{"home", func(*harness) {}},
		{"lookup", func(h *harness) {
			h.tap(h.ui.t(msgTileLookup))
			h.typeKeys("000.00.13.H06")
		}},
		{"lookup_error", func(h *harness) {
			h.citizen.setLookup(fails(firmware.ENOTFOUND))
			h.tap(h.ui.t(msgTileLookup))
			h.typeKeys("000.00.13.H06-241105-0099")
			h.tap(h.ui.t(msgLookupButton))
			h.settle()
		}},
		{"result_in_progress", func(h *harness) {
			h.citizen.setLookup(found(dossier()))
			h.scan(testCode)
			h.settle()
		}},
		{"result_overdue", func(h *harness) {
			h.citizen.setLookup(found(overdueDossier()))
			h.scan(testCode)
			h.settle()
		}},
		{"result_offline_fees", func(h *harness) {
			h.citizen.setLookup(found(statusDossier(firmware.StatusFeesDue)))
			h.citizen.offline = &firmware.LookupResult{AsOf: testNow.Add(-26 * time.Hour), Offline: true, Reason: firmware.EUNAVAILABLE}
			h.scan(testCode)
			h.settle()
		}},
		{"result_ready", func(h *harness) {
			h.citizen.setLookup(found(statusDossier(firmware.StatusReady)))
			h.scan(testCode)
			h.settle()
		}},
		{"lookup_secret", func(h *harness) {
			h.citizen.setLookup(fails(firmware.ESECRETREQUIRED))
			h.scan(testCode)
			h.settle()
		}},
		{"rating", func(h *harness) {
			h.tap(h.ui.t(msgTileRating))
		}},
		{"rating_reasons", func(h *harness) {
			h.tap(h.ui.t(msgTileRating))
			h.tap(h.ui.t(msgScoreUnhappy))
			h.tap(h.ui.t(msgReasonSlow))
		}},
		{"rating_thanks", func(h *harness) {
			h.tap(h.ui.t(msgTileRating))
			h.tap(h.ui.t(msgScoreVeryHappy))
			h.tap(h.ui.t(msgRateSend))
			h.settle()
		}},
		{"procedures_fields", func(h *harness) {
			h.tap(h.ui.t(msgTileProcedures))
		}},
		{"procedures_list", func(h *harness) {
			h.tap(h.ui.t(msgTileProcedures))
			h.tap("Hộ tịch (2)")
		}},
		{"procedure_detail", func(h *harness) {
			h.tap(h.ui.t(msgTileProcedures))
			h.tap("Hộ tịch (2)")
			h.tap("Đăng ký khai sinh")
		}},
		{"online", func(h *harness) {
			h.tap(h.ui.t(msgTileOnline))
		}},
		{"staff_pin", func(h *harness) {
			h.ui.openStaff()
			h.typeKeys("12")
		}},
		{"staff_dashboard", func(h *harness) {
			h.ui.openStaff()
			h.typeKeys(goodPIN)
			h.tap(h.ui.t(msgSignIn))
			h.settle()
			h.settle()
		}},
		{"staff_dashboard_week", func(h *harness) {
			h.signIn()
			h.tap(h.ui.t(msgPeriodWeek))
		}},
		{"staff_dashboard_month", func(h *harness) {
			h.signIn()
			h.tap(h.ui.t(msgPeriodMonth))
		}},
		{"staff_ledger_recovered", func(h *harness) {
			h.staff.ledger = firmware.LedgerState{Alert: firmware.LedgerRecovered, Dropped: 2,
				Recovery: &firmware.LedgerRecovery{At: testNow.Add(-50 * time.Hour), MovedTo: "usage.db.corrupt", Reason: "malformed"}}
			h.signIn()
		}},
		{"staff_export_saved", func(h *harness) {
			h.signIn()
			h.tap(h.ui.t(msgExport))
			h.settle()
		}},
		{"staff_export_no_stick", func(h *harness) {
			h.staff.export = func(context.Context) (string, error) { return "", firmware.Errorf(firmware.ENOTFOUND, "fake") }
			h.signIn()
			h.tap(h.ui.t(msgExport))
			h.settle()
		}},
	}
	return screens
}
