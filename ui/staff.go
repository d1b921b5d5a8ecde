package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kw "github.com/motcua/kiosk/ui/widget"
)

// maxPIN bounds the PIN keypad.
const maxPIN = 12

// staffScreen is the PIN entry and, once signed in, today's counts.
type staffScreen struct {
	u *UI

	pin      string
	checking bool
	errID    msgID
	signedIn bool
	loading  bool
	failed   bool // the summary could not be read
	summary  firmware.UsageSummary
	day      time.Time // local midnight of the day counted

	dots    *widget.Label
	message *widget.Label
	signIn  *kw.TouchButton
}

func (s *staffScreen) clear() { *s = staffScreen{u: s.u} }

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
	s.dots.SetText(strings.TrimSpace(strings.Repeat("● ", len(s.pin))))
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
	s.u.call(func(context.Context) func() {
		err := s.u.svc.CheckPIN(pin)
		return func() { s.pinChecked(err) }
	})
}

func (s *staffScreen) pinChecked(err error) {
	s.checking = false
	switch {
	case err == nil:
		s.signedIn = true
		s.u.show(s)
		s.loadSummary()
	case firmware.ErrorCode(err) == firmware.ERATELIMITED:
		s.errID = msgPINLocked
		s.render()
	default:
		s.errID = msgPINWrong
		s.render()
	}
}

// loadSummary counts today, local midnight to midnight.
func (s *staffScreen) loadSummary() {
	now := s.u.now()
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.u.opts.Location)
	to := from.AddDate(0, 0, 1)
	s.day, s.loading, s.failed = from, true, false
	s.u.show(s)
	s.u.call(func(ctx context.Context) func() {
		sum, err := s.u.svc.Summary(ctx, from, to)
		return func() {
			s.loading = false
			s.failed = err != nil
			s.summary = sum
			s.u.show(s)
		}
	})
}

func (s *staffScreen) buildDashboard() fyne.CanvasObject {
	u := s.u
	out := u.button(u.t(msgSignOut), u.signOut)
	title := heading(u.tf(msgToday, formatDate(s.day)), theme.SizeNameSubHeadingText)
	var body fyne.CanvasObject
	switch {
	case s.loading:
		body = wrapped(u.t(msgLoading))
	case s.failed:
		l := wrapped(u.t(msgSummaryFailed))
		l.Importance = widget.DangerImportance
		body = l
	default:
		body = s.counts()
	}
	var foot fyne.CanvasObject
	if u.opts.Version != "" {
		foot = widget.NewLabel(u.tf(msgVersion, u.opts.Version))
	}
	return column(container.NewVBox(u.topBar(u.t(msgStaffTitle), out, false), title), foot,
		container.NewVScroll(body))
}

// counts is two columns: the totals, and lookups by outcome.
func (s *staffScreen) counts() fyne.CanvasObject {
	u, sum := s.u, s.summary
	form := func() *fyne.Container { return container.New(layout.NewFormLayout()) }
	row := func(c *fyne.Container, label string, n int) {
		c.Add(widget.NewLabel(label))
		c.Add(widget.NewLabelWithStyle(strconv.Itoa(n), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	}
	totals := form()
	row(totals, u.t(msgCountTotal), sum.Total)
	row(totals, u.t(msgCountLookups), sum.ByKind[firmware.KindLookup])
	row(totals, u.t(msgCountUnique), sum.UniqueDossiers)

	outcomes := form()
	known := map[string]bool{}
	for i, o := range outcomeNames {
		known[o.outcome] = true
		if n := sum.ByOutcome[o.outcome]; n > 0 || i < alwaysShownOutcomes {
			row(outcomes, u.t(o.id), n)
		}
	}
	// An outcome this build has no words for is still counted, by its code.
	var other []string
	for o := range sum.ByOutcome {
		if !known[o] {
			other = append(other, o)
		}
	}
	sort.Strings(other)
	for _, o := range other {
		row(outcomes, o, sum.ByOutcome[o])
	}
	cols := 2
	if u.portrait() || u.large {
		cols = 1
	}
	return container.NewGridWithColumns(cols,
		totals,
		container.NewVBox(heading(u.t(msgOutcomes), theme.SizeNameText), outcomes),
	)
}

func (s *staffScreen) tick(time.Time) bool { return false }
