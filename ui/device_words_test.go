package ui

import (
	"testing"

	"github.com/motcua/kiosk/firmware"
)

// TestEveryPartAndQuantityHasWords: a part or sensor added to firmware's
// tables is named here until staff mode has words for it.
func TestEveryPartAndQuantityHasWords(t *testing.T) {
	for _, id := range firmware.Parts() {
		if _, ok := partNames[id]; !ok {
			t.Errorf("part %q has no name in partNames", id)
		}
	}
	for _, q := range firmware.Quantities() {
		row, ok := quantityRows[q]
		if !ok || row.label == msgNone || row.format == nil {
			t.Errorf("quantity %q has no row in quantityRows", q)
		}
	}
	for _, ind := range []firmware.Indicator{firmware.LEDHeartbeat, firmware.LEDNetwork, firmware.LEDPortal, firmware.LEDFault} {
		if _, ok := partNames[firmware.LEDPart(ind)]; !ok {
			t.Errorf("LED %q has no part name", ind)
		}
	}
}

// TestAlertWords: every alert is a sentence in the staff's language, its
// value in that language's number format; none is English text from the
// board.
func TestAlertWords(t *testing.T) {
	for _, c := range []struct {
		a      firmware.Alert
		vi, en string
	}{
		{firmware.Alert{Kind: firmware.AlertTooHot, Value: 52.04}, "Trong tủ quá nóng: 52,0 °C", "The cabinet is too hot: 52.0 °C"},
		{firmware.Alert{Kind: firmware.AlertTooDamp, Value: 90.6}, "Trong tủ quá ẩm: 91%", "The cabinet is too damp: 91%"},
		{firmware.Alert{Kind: firmware.AlertCabinetOpen}, "Cửa tủ đang mở", "The cabinet is open"},
		{firmware.Alert{Kind: firmware.AlertLedger}, "Sổ ghi sử dụng gặp sự cố (xem ở đầu trang)", "The usage ledger is in trouble (see the top of the page)"},
		{firmware.Alert{Kind: "new_kind"}, "new_kind", "new_kind"},
	} {
		if got := alertWords(langVI, c.a); got != c.vi {
			t.Errorf("%+v in Vietnamese: %q, want %q", c.a, got, c.vi)
		}
		if got := alertWords(langEN, c.a); got != c.en {
			t.Errorf("%+v in English: %q, want %q", c.a, got, c.en)
		}
	}
}
