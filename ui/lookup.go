package ui

import (
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kw "github.com/motcua/kiosk/ui/widget"
)

// lookupStep is what the lookup keypad types into.
type lookupStep int

const (
	stepCode   lookupStep = iota // the dossier code
	stepSecret                   // the receipt's secret code, when the portal asks
)

// maxCode bounds what the keypad types: a code has at most 40 characters
// (DESIGN §7), a secret fewer.
const maxCode = 40

// lookupScreen is the keypad, the code typed so far, and one line that is
// the hint, the busy line or the error sentence.
type lookupScreen struct {
	u *UI
	lookupState

	// widgets, made by build() and kept (see keep.go)
	display  *widget.Label
	message  *widget.Label
	scroll   *container.Scroll // the message's, in landscape
	keypad   *kw.Keypad
	delete   *kw.TouchButton
	clearAll *kw.TouchButton
	submit   *kw.TouchButton
}

// lookupState is what the citizen typed and what the lookup answered so
// far, cleared by clear().
type lookupState struct {
	step      lookupStep
	code      string // typed, or a scanned bare code
	secret    string
	input     string // what the last lookup sent: the typed code or the whole scan
	scanned   bool   // input is a scan that is not shown as code (a receipt URL)
	errID     msgID
	busy      bool
	busySince time.Time
}

func (s *lookupScreen) clear() { s.lookupState = lookupState{} }

// shape: the secret step has a way back beside the main button.
func (s *lookupScreen) shape() any { return s.step }

// refresh shows the kept keypad as new: digits, the message scrolled up,
// the state.
func (s *lookupScreen) refresh() {
	s.keypad.SetPage(0)
	if s.scroll != nil {
		s.scroll.ScrollToTop()
	}
	s.render()
}

// fromScan takes a whole scan as the input. A bare code is shown as typed
// (upper-cased, without spaces) so the citizen can fix it; a URL is not.
func (s *lookupScreen) fromScan(text string) {
	s.clear()
	s.input = text
	code := strings.ToUpper(strings.Join(strings.Fields(text), ""))
	if strings.Contains(code, "://") || utf8.RuneCountInString(code) > maxCode {
		s.scanned = true
		return
	}
	s.code = code
}

func (s *lookupScreen) build() fyne.CanvasObject {
	u := s.u
	s.scroll = nil
	s.display = heading("", theme.SizeNameHeadingText)
	s.display.Wrapping = fyne.TextWrapOff
	s.display.Truncation = fyne.TextTruncateEllipsis
	s.message = wrapped("")

	// Seven letters to a row beside the message; fewer when the screen is
	// too narrow for seven finger-sized keys (a 480 px portrait screen).
	letterColumns := 7
	if u.portrait() {
		letterColumns = 6
		if u.large {
			letterColumns = 4
		}
	}
	// Only characters on the keypad: the word keys (Xóa, Xóa hết) sit
	// with the main action, so a long English word cannot widen the grid.
	s.keypad = kw.NewKeypad(
		kw.Page{Columns: 4, Keys: []kw.Key{
			kw.R('1'), kw.R('2'), kw.R('3'), kw.R('.'),
			kw.R('4'), kw.R('5'), kw.R('6'), kw.R('-'),
			kw.R('7'), kw.R('8'), kw.R('9'), kw.R('/'),
			{Label: u.t(msgKeyLetters), Kind: kw.KeyPage, Page: 1}, kw.R('0'), kw.R('_'),
		}},
		kw.Page{Columns: letterColumns, Keys: append(kw.Runes("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
			kw.Key{Label: u.t(msgKeyDigits), Kind: kw.KeyPage, Page: 0},
		)},
	)
	s.keypad.OnKey = func(kw.Key) { u.activity() }
	s.keypad.OnRune = s.typeRune

	s.delete = u.button(u.t(msgKeyDelete), s.backspace)
	s.clearAll = u.button(u.t(msgKeyClear), func() { s.setTyped("") })
	s.submit = u.button(u.t(msgLookupButton), s.submitTapped)
	s.submit.Importance = widget.HighImportance
	s.submit.SizeName = theme.SizeNameSubHeadingText
	main := fyne.CanvasObject(s.submit)
	if s.step == stepSecret {
		back := u.button(u.t(msgBack), s.backToCode)
		main = container.NewGridWithColumns(2, back, s.submit)
	}
	actions := container.NewVBox(container.NewGridWithColumns(2, s.delete, s.clearAll), main)
	s.render()

	top := container.NewVBox(u.topBar(u.t(msgTileLookup), nil, true), s.display)
	if u.large {
		// Large text does not fit beside the keypad on 800 px: stack it all
		// in the page the frame scrolls.
		return container.NewVBox(top, s.keypad, s.message, actions)
	}
	if u.portrait() {
		// A tall screen has room below for the keypad, centred.
		return column(container.NewVBox(top, s.message, actions), nil,
			container.NewVBox(container.NewCenter(s.keypad)))
	}
	s.scroll = container.NewVScroll(s.message)
	left := container.NewBorder(nil, actions, nil, nil, s.scroll)
	return column(top, nil, container.NewBorder(nil, nil, nil, s.keypad, left))
}

// typed is the text the keypad edits in the current step.
func (s *lookupScreen) typed() string {
	if s.step == stepSecret {
		return s.secret
	}
	return s.code
}

func (s *lookupScreen) setTyped(v string) {
	if s.busy {
		return
	}
	if s.step == stepSecret {
		s.secret = v
	} else {
		s.code = v
		s.scanned = false // typing replaces a scanned URL
	}
	s.errID = msgNone // the citizen is fixing it; the old sentence would mislead
	s.render()
}

func (s *lookupScreen) typeRune(r rune) {
	if utf8.RuneCountInString(s.typed()) >= maxCode {
		return
	}
	s.setTyped(s.typed() + string(r))
}

func (s *lookupScreen) backspace() {
	t := s.typed()
	if t == "" {
		return
	}
	_, n := utf8.DecodeLastRuneInString(t)
	s.setTyped(t[:len(t)-n])
}

func (s *lookupScreen) submitTapped() {
	if s.busy {
		return
	}
	switch s.step {
	case stepSecret:
		if s.secret == "" {
			return
		}
		s.u.startLookup(s.input, s.secret)
	default:
		if !s.scanned {
			s.input = s.code
		}
		if s.input == "" {
			return
		}
		s.u.startLookup(s.input, "")
	}
	s.render()
}

func (s *lookupScreen) backToCode() {
	s.step = stepCode
	s.secret = ""
	s.errID = msgNone
	s.u.show(s)
}

func (s *lookupScreen) setBusy(on bool, since time.Time) {
	s.busy = on
	s.busySince = since
	if on {
		s.errID = msgNone
	}
	s.render()
}

// failed takes a lookup error code to the screen: the secret step when the
// portal asks for the receipt's secret, or the sentence for the code.
func (s *lookupScreen) failed(code string) {
	switch code {
	case firmware.ESECRETREQUIRED:
		s.step, s.secret, s.errID = stepSecret, "", msgNone
	case firmware.ESECRETMISMATCH:
		s.step, s.secret, s.errID = stepSecret, "", msgErrSecretMismatch
	default:
		s.errID = errorMessage(code)
	}
}

// render puts the state into the widgets (when built) and reports whether
// anything changed.
func (s *lookupScreen) render() bool {
	if s.display == nil {
		return false
	}
	// Until something is typed the big line says what to type, muted.
	shown, imp := s.typed(), widget.MediumImportance
	switch {
	case shown != "":
	case s.step == stepSecret:
		shown, imp = s.u.t(msgSecretPrompt), widget.LowImportance
	case s.scanned:
		shown, imp = s.u.t(msgScannedCode), widget.LowImportance
	default:
		shown, imp = s.u.t(msgCodePrompt), widget.LowImportance
	}
	changed := setImportance(s.display, imp)
	changed = setText(s.display, shown) || changed

	msg := s.u.t(msgCodeHint)
	imp = widget.MediumImportance
	switch {
	case s.busy:
		msg = s.busyLine(s.u.now())
	case s.errID != msgNone:
		msg, imp = s.u.t(s.errID), widget.DangerImportance
	case s.step == stepSecret:
		msg = s.u.t(msgSecretHint)
	}
	changed = setImportance(s.message, imp) || changed
	changed = setText(s.message, msg) || changed

	s.keypad.SetEnabled(!s.busy)
	editable := !s.busy && s.typed() != ""
	changed = enable(s.delete, editable) || changed
	changed = enable(s.clearAll, editable) || changed
	changed = enable(s.submit, !s.busy && (s.typed() != "" || (s.step == stepCode && s.scanned))) || changed
	return changed
}

// busyLine is drawn by the UI's own ticks: the embedded driver runs no
// animations, so a spinner would stand still.
func (s *lookupScreen) busyLine(now time.Time) string {
	secs := int(now.Sub(s.busySince) / time.Second)
	return s.u.tf(msgBusy, max(secs, 0))
}

func (s *lookupScreen) tick(now time.Time) bool {
	if !s.busy || s.message == nil {
		return false
	}
	return setText(s.message, s.busyLine(now))
}
