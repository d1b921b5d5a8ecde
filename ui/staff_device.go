package ui

import (
	"context"
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

// ledgerMessage is the sentence for a writer's trouble; msgNone for none
// (and for the recovery, which has its own band).
func ledgerMessage(a firmware.LedgerAlert) msgID {
	switch a {
	case firmware.LedgerDiskFull:
		return msgLedgerDiskFull
	case firmware.LedgerReadOnly:
		return msgLedgerReadOnly
	case firmware.LedgerCorrupt:
		return msgLedgerCorrupt
	case firmware.LedgerWriteFailed:
		return msgLedgerWriteFailed
	case firmware.LedgerAlertNone, firmware.LedgerRecovered:
		return msgNone
	}
	return msgLedgerWriteFailed // an alert this build has no words for is still trouble
}

// renderLedger shows the usage ledger's alerts as bands on top of the
// dashboard: the writer's trouble in red, a recovered database in amber
// with "Đã xem", lost events in amber.
func (s *staffScreen) renderLedger() {
	if s.ledgerBox == nil {
		return
	}
	u := s.u
	st := s.svc.LedgerStatus()
	var objs []fyne.CanvasObject
	if id := ledgerMessage(st.Alert); id != msgNone {
		objs = append(objs, band(u.tf(id, groupDigits(u.lang, int64(st.Queued))), kiosktheme.ToneBad, theme.SizeNameText))
	}
	s.dismissBtn = nil
	if st.Recovery != nil || st.Alert == firmware.LedgerRecovered {
		at := u.t(msgUnknown)
		if st.Recovery != nil && !st.Recovery.At.IsZero() {
			at = formatDateTime(st.Recovery.At.In(u.opts.Location))
		}
		s.dismissBtn = u.button(u.t(msgDismiss), s.dismiss)
		s.dismissBtn.Importance = widget.HighImportance
		enable(s.dismissBtn, !s.busy())
		objs = append(objs, bandWithButton(u.tf(msgLedgerRecovered, at), kiosktheme.ToneWarning, s.dismissBtn))
		if s.dismissErr {
			objs = append(objs, band(u.t(msgDismissFailed), kiosktheme.ToneBad, theme.SizeNameText))
		}
	}
	if st.Dropped > 0 {
		objs = append(objs, band(u.tf(plural(st.Dropped, msgLedgerDroppedOne, msgLedgerDropped), groupDigits(u.lang, int64(st.Dropped))),
			kiosktheme.ToneWarning, theme.SizeNameText))
	}
	s.ledgerShown = s.ledgerFingerprint()
	s.ledgerBox.Objects = objs
	s.ledgerBox.Refresh()
	s.relayout()
}

// bandWithButton is a band with a button at its end, as the countdown
// bar is.
func bandWithButton(s string, tone kiosktheme.Tone, b fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(kiosktheme.ToneColor(tone))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(
		container.NewBorder(nil, nil, nil, b, inkText(s, tone, theme.SizeNameText, fyne.TextWrapWord))))
}

// dismiss tells the ledger that staff have seen the recovery, off the UI
// goroutine; the band goes once the ledger forgot it.
func (s *staffScreen) dismiss() {
	if s.busy() {
		return
	}
	u := s.u
	s.dismissing, s.dismissErr = true, false
	s.renderLedger()
	s.renderExport()
	svc := s.svc
	u.call(func(ctx context.Context) func() {
		err := svc.DismissLedgerAlert(ctx)
		return func() {
			s.dismissing, s.dismissErr = false, err != nil
			s.renderLedger()
			s.renderExport()
		}
	})
}

// ledgerFingerprint and deviceFingerprint are what the dashboard shows of
// the ledger's and the device's state, but for the sensors' values: a tick
// redraws the ledger's bands when the first changed, and rebuilds the
// screen (losing its scroll position) only when a part's state or an alert
// changed, not every time the temperature moves.
func (s *staffScreen) ledgerFingerprint() string {
	st := s.svc.LedgerStatus()
	return fmt.Sprintf("%s|%v|%d|%d", st.Alert, st.Recovery != nil, st.Queued, st.Dropped)
}

func (s *staffScreen) deviceFingerprint() string {
	h := s.svc.DeviceHealth()
	var b strings.Builder
	// A state (the door) is part of the fingerprint; a figure is not.
	for _, q := range firmware.Quantities() {
		if v, ok := h.Reading(q); ok && quantityRows[q].state {
			fmt.Fprintf(&b, "%s=%v|", q, v)
		}
	}
	for _, p := range h.Parts {
		fmt.Fprintf(&b, "|%s=%s", p.ID, p.State)
	}
	for _, a := range h.Alerts {
		b.WriteString("|" + string(a.Kind))
	}
	return b.String()
}

// deviceSection is the kiosk's identity, the sensors' readings, the
// device's alerts and each part's state in words and colour.
func (s *staffScreen) deviceSection() fyne.CanvasObject {
	u := s.u
	h := s.svc.DeviceHealth()
	box := container.NewVBox(heading(u.t(msgDevice), theme.SizeNameSubHeadingText))

	id, version := s.id, s.version
	if version == "" {
		version = u.opts.Version
	}
	for _, v := range []*string{&id, &version} {
		if *v == "" {
			*v = u.t(msgUnknown)
		}
	}
	box.Add(figureRow(u.t(msgKioskID), id, false))
	box.Add(figureRow(u.t(msgVersion), version, false))
	box.Add(s.addressRow())

	for _, q := range firmware.Quantities() {
		box.Add(readingRow(u.lang, q, h))
	}

	box.Add(heading(u.t(msgAlerts), theme.SizeNameSubHeadingText))
	alerts := deviceAlerts(u.lang, h)
	if len(alerts) == 0 {
		box.Add(wrapped(u.t(msgNoAlerts)))
	}
	for _, a := range alerts {
		box.Add(band(a, kiosktheme.ToneBad, theme.SizeNameText))
	}

	box.Add(heading(u.t(msgParts), theme.SizeNameSubHeadingText))
	for _, p := range h.Parts {
		box.Add(partRow(u.lang, p))
	}
	return box
}

// addressRow lists the kiosk's addresses on the right, one a line; an
// IPv6 address breaks where it must rather than widen a portrait screen.
func (s *staffScreen) addressRow() fyne.CanvasObject {
	u := s.u
	lines := container.NewVBox()
	addrs := s.addrs
	if len(addrs) == 0 {
		addrs = []string{u.t(msgNoAddress)}
	}
	for _, a := range addrs {
		l := widget.NewLabelWithStyle(a, fyne.TextAlignTrailing, fyne.TextStyle{})
		l.Wrapping = fyne.TextWrapBreak
		lines.Add(l)
	}
	return container.NewBorder(nil, nil, widget.NewLabel(u.t(msgAddress)), nil, lines)
}

// quantityRow is how staff mode shows a sensor's reading: its label and
// its value in words. A state (the door) is a word on the left of the
// value's place, red when alarm says so; a figure is right-aligned.
type quantityRow struct {
	label  msgID
	format func(lang string, v float64) string
	state  bool
	alarm  func(v float64) bool
}

// quantityRows gives every firmware.Quantity its row; TestEveryPartAndQuantityHasWords
// names one that lacks it.
var quantityRows = map[firmware.Quantity]quantityRow{
	firmware.Temperature: {label: msgTemperature, format: func(lang string, v float64) string {
		return decimal(lang, v) + " °C"
	}},
	firmware.Humidity: {label: msgHumidity, format: func(_ string, v float64) string {
		return fmt.Sprintf("%.0f%%", v)
	}},
	firmware.Pressure: {label: msgPressure, format: func(lang string, pa float64) string {
		return groupDigits(lang, int64(math.Round(pa/100))) + " hPa"
	}},
	firmware.Light: {label: msgLight, format: func(lang string, v float64) string {
		return groupDigits(lang, int64(math.Round(v))) + " lx"
	}},
	firmware.CabinetOpen: {label: msgDoor, state: true, format: func(lang string, v float64) string {
		if v != 0 {
			return text(lang, msgDoorOpen)
		}
		return text(lang, msgDoorShut)
	}, alarm: func(v float64) bool { return v != 0 }},
}

// readingRow is a quantity's label and its last value, or "no data".
func readingRow(lang string, q firmware.Quantity, h firmware.DeviceHealth) fyne.CanvasObject {
	row, known := quantityRows[q]
	label := string(q)
	if known {
		label = text(lang, row.label)
	}
	v, ok := h.Reading(q)
	value := text(lang, msgNoData)
	if ok && known {
		value = row.format(lang, v)
	} else if ok {
		value = decimal(lang, v)
	}
	if !row.state {
		return figureRow(label, value, false)
	}
	var w fyne.CanvasObject = widget.NewLabel(value)
	if ok && row.alarm != nil && row.alarm(v) {
		w = badge(value, kiosktheme.ToneBad, theme.SizeNameText)
	}
	return container.NewBorder(nil, nil, nil, w, wrapped(label))
}

// deviceAlerts puts the device's alerts in words: the parts in trouble
// first, in the parts' order, by name and state (what is wrong is in the
// parts list), then the rest sorted by what raised them.
func deviceAlerts(lang string, h firmware.DeviceHealth) []string {
	var out []string
	for _, p := range h.Parts {
		if p.State.Trouble() {
			id, _ := partState(p.State)
			out = append(out, partName(lang, p.ID)+": "+text(lang, id))
		}
	}
	for _, a := range h.Alerts {
		out = append(out, alertWords(lang, a))
	}
	return out
}

// partName names a part of DESIGN §2; another by its ID.
func partName(lang string, id firmware.PartID) string {
	if m, ok := partNames[id]; ok {
		return text(lang, m)
	}
	return string(id)
}

// alertWords puts an alert in words, with its value in the language's
// number format; a kind this build has no words for shows as its name.
func alertWords(lang string, a firmware.Alert) string {
	switch a.Kind {
	case firmware.AlertTooHot:
		return textf(lang, msgAlertTooHot, decimal(lang, a.Value)+" °C")
	case firmware.AlertTooDamp:
		return textf(lang, msgAlertTooDamp, fmt.Sprintf("%.0f%%", a.Value))
	case firmware.AlertCabinetOpen:
		return text(lang, msgAlertDoorOpen)
	case firmware.AlertLedger:
		return text(lang, msgAlertLedger)
	}
	return string(a.Kind)
}

// partNames names the parts of DESIGN §2; TestEveryPartAndQuantityHasWords
// names a part that lacks one.
var partNames = map[firmware.PartID]msgID{
	firmware.PartBME280:       msgPartBME280,
	firmware.PartBH1750:       msgPartBH1750,
	firmware.PartPIR:          msgPartPIR,
	firmware.PartDoor:         msgPartDoor,
	firmware.PartLEDHeartbeat: msgPartLEDHeartbeat,
	firmware.PartLEDNetwork:   msgPartLEDNetwork,
	firmware.PartLEDPortal:    msgPartLEDPortal,
	firmware.PartLEDFault:     msgPartLEDFault,
	firmware.PartBuzzer:       msgPartBuzzer,
}

// partState is a part's state in words and its tone.
func partState(st firmware.PartState) (msgID, kiosktheme.Tone) {
	switch st {
	case firmware.PartOK:
		return msgPartOK, kiosktheme.ToneGood
	case firmware.PartNotFitted:
		return msgPartNotFitted, kiosktheme.ToneNeutral
	case firmware.PartMissing:
		return msgPartMissing, kiosktheme.ToneBad
	}
	return msgPartFault, kiosktheme.ToneBad
}

// partRow is a part's name and place, its state as a coloured word, and
// for a part in trouble what is wrong.
func partRow(lang string, p firmware.PartHealth) fyne.CanvasObject {
	name := partName(lang, p.ID)
	if p.Where != "" && p.Where != "-" {
		name += " (" + p.Where + ")"
	}
	id, tone := partState(p.State)
	row := container.NewBorder(nil, nil, nil, badge(text(lang, id), tone, theme.SizeNameText), wrapped(name))
	if !p.State.Trouble() || p.Detail == "" {
		return row
	}
	detail := wrapped(p.Detail)
	detail.Wrapping = fyne.TextWrapBreak
	detail.Importance = widget.LowImportance
	return container.NewVBox(row, container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*4, 0), detail))
}
