package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kw "github.com/motcua/kiosk/ui/widget"
)

// maxPIN bounds the PIN keypad.
const maxPIN = 12

// staffScreen is the PIN entry and, once signed in, the dashboard of
// DESIGN §4 (staff_dashboard.go, staff_device.go): counts for today, 7 and
// 30 days, the ledger's and the device's alerts, and the export to a USB
// stick.
//
// Every service call of staff mode goes through UI.call, which runs one at
// a time: while one runs (busy) the buttons that would start another are
// disabled, so a tap cannot cancel an export half written.
type staffScreen struct {
	u *UI
	// svc is staff mode's services; nil: staff mode is closed. A call
	// made off the Fyne goroutine takes a copy first, since clear
	// rewrites the screen there.
	svc Staff

	pin      string
	checking bool
	errID    msgID
	signedIn bool

	loading bool
	failed  bool // the dashboard could not be read
	dash    firmware.Dashboard
	period  period
	id      string // the kiosk's ID, version and addresses (DeviceInfo)
	version string
	addrs   []string

	exporting  bool
	exportID   msgID // the export's outcome in words; msgNone: none yet
	exportFile string
	dismissing bool
	dismissErr bool

	// What the dashboard shows of the ledger and the device; see
	// ledgerFingerprint.
	ledgerShown, deviceShown string

	dots    *widget.Label
	message *widget.Label
	signIn  *kw.TouchButton

	// The dashboard's widgets that change in place.
	top        *fyne.Container // the screen's column, laid out again when a band comes or goes
	ledgerBox  *fyne.Container
	exportBox  *fyne.Container
	exportBtn  *kw.TouchButton
	dismissBtn *kw.TouchButton
}

func (s *staffScreen) clear() { *s = staffScreen{u: s.u, svc: s.svc} }

func (s *staffScreen) build() fyne.CanvasObject {
	if s.signedIn {
		return s.buildDashboard()
	}
	return s.buildPIN()
}

func (s *staffScreen) buildPIN() fyne.CanvasObject {
	u := s.u
	s.dots = heading("", theme.SizeNameHeadingText)
	s.message = wrapped("")
	keys := kw.Runes("123456789")
	keys = append(keys, kw.Key{Label: u.t(msgKeyClear), Kind: kw.KeyClear}, kw.R('0'),
		kw.Key{Label: u.t(msgKeyDelete), Kind: kw.KeyBackspace})
	pad := kw.NewKeypad(kw.Page{Columns: 3, Keys: keys})
	pad.OnKey = func(kw.Key) { u.activity() }
	pad.OnRune = func(r rune) {
		if !s.checking && len(s.pin) < maxPIN {
			s.pin += string(r)
			s.errID = msgNone
			s.render()
		}
	}
	pad.OnBackspace = func() {
		if !s.checking && s.pin != "" {
			s.pin = s.pin[:len(s.pin)-1]
			s.render()
		}
	}
	pad.OnClear = func() {
		if !s.checking {
			s.pin = ""
			s.render()
		}
	}
	s.signIn = u.button(u.t(msgSignIn), s.submitPIN)
	s.signIn.Importance = widget.HighImportance
	s.render()
	left := column(container.NewVBox(heading(u.t(msgPINPrompt), theme.SizeNameText), s.dots),
		s.signIn, s.message)
	// The way home is where it is on every screen; from here it also
	// leaves staff mode.
	home := u.button(u.t(msgHome), u.signOut)
	home.Icon = theme.HomeIcon()
	if u.portrait() {
		return column(u.topBar(u.t(msgStaffTitle), home, false), nil,
			container.NewVBox(left, container.NewCenter(pad)))
	}
	return column(u.topBar(u.t(msgStaffTitle), home, false), nil,
		container.NewBorder(nil, nil, nil, pad, left))
}

// render puts the PIN state into its widgets.
func (s *staffScreen) render() {
	if s.dots == nil || s.signedIn {
		return
	}
	s.dots.SetText(strings.TrimSpace(strings.Repeat("• ", len(s.pin))))
	msg, imp := "", widget.MediumImportance
	switch {
	case s.checking:
		msg = s.u.t(msgPINChecking)
	case s.errID != msgNone:
		msg, imp = s.u.t(s.errID), widget.DangerImportance
	}
	s.message.Importance = imp
	s.message.SetText(msg)
	if !s.checking && s.pin != "" {
		s.signIn.Enable()
	} else {
		s.signIn.Disable()
	}
}

func (s *staffScreen) submitPIN() {
	if s.checking || s.pin == "" {
		return
	}
	pin := s.pin
	s.pin = ""
	s.checking = true
	s.render()
	svc := s.svc
	s.u.call(func(context.Context) func() {
		err := svc.CheckPIN(pin)
		return func() { s.pinChecked(err) }
	})
}

func (s *staffScreen) pinChecked(err error) {
	s.checking = false
	switch {
	case err == nil:
		s.signedIn = true
		s.load()
	case firmware.ErrorCode(err) == firmware.ERATELIMITED:
		s.errID = msgPINLocked
		s.render()
	case firmware.ErrorCode(err) == firmware.EINTERNAL:
		s.errID = msgPINNotSet
		s.render()
	case firmware.ErrorCode(err) == firmware.EUNAVAILABLE:
		s.errID = msgPINStateUnavailable
		s.render()
	default:
		s.errID = msgPINWrong
		s.render()
	}
}

func (s *staffScreen) tick(time.Time) bool {
	if !s.signedIn {
		return false
	}
	if s.deviceFingerprint() != s.deviceShown {
		s.u.show(s)
		return true
	}
	if s.ledgerFingerprint() != s.ledgerShown {
		s.renderLedger()
		return true
	}
	return false
}
