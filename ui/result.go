package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

// resultScreen shows one dossier: its status in words on a band of the
// status colour, the days left or overdue, what to do next for its status,
// the fees, the facts and the history. An answer from the offline cache
// carries a badge and its "as of" time. The applicant's name is only ever
// shown masked (DESIGN §8).
type resultScreen struct {
	u *UI
	resultState

	// Made by build() and kept (see keep.go): the body scrolls in scroll,
	// built for each dossier from labels parts hands out again.
	scroll  *container.Scroll
	parts   parts
	history *kw.Timeline
}

// resultState is the answer shown, cleared by clear().
type resultState struct {
	d       *firmware.Dossier
	asOf    time.Time // when the portal gave the answer
	offline bool      // from the offline cache
	at      time.Time // when the answer came: "days left" counts from here
}

func (s *resultScreen) clear() { s.resultState = resultState{} }

// shape: a result cleared under our feet shows no body.
func (s *resultScreen) shape() any { return s.d == nil }

// refresh puts the dossier's body in the kept tree, scrolled to its top.
func (s *resultScreen) refresh() {
	if s.d == nil {
		return
	}
	s.scroll.Content = s.body()
	s.scroll.Offset = fyne.Position{}
	s.scroll.Refresh()
}

func (s *resultScreen) set(r *firmware.LookupResult, at time.Time) {
	s.d, s.asOf, s.offline, s.at = r.Dossier, r.AsOf, r.Offline, at
}

func (s *resultScreen) build() fyne.CanvasObject {
	u := s.u
	done := u.button(u.t(msgDone), u.goHome)
	done.Importance = widget.HighImportance
	rate := u.button(u.t(msgRate), func() {
		var code string
		if s.d != nil {
			code = s.d.Code
		}
		u.rating.open(code)
	})
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(rate, done))
	top := u.topBar(u.t(msgResultTitle), nil, true)
	if s.d == nil { // cleared under our feet: nothing to show
		return column(top, bottom, nil)
	}
	s.scroll = container.NewVScroll(s.body())
	return column(top, bottom, s.scroll)
}

// body is the dossier's part of the screen. Its labels come from s.parts,
// those of the previous body first.
func (s *resultScreen) body() fyne.CanvasObject {
	u, d, p := s.u, s.d, &s.parts
	p.reset()
	defer p.done()
	status := d.Status.Code
	head := container.NewVBox()
	if s.offline {
		head.Add(badge(u.t(msgOfflineBadge), kiosktheme.ToneNeutral, theme.SizeNameSubHeadingText))
		asOf := p.wrapped(u.tf(msgOfflineAsOf, formatDateTime(s.asOf.In(u.opts.Location))))
		asOf.TextStyle.Bold = true
		head.Add(asOf)
	}
	head.Add(band(statusName(u.lang, status), kiosktheme.StatusTone(status), theme.SizeNameHeadingText))
	if due := s.dueLine(); due != nil {
		head.Add(due)
	}

	facts := container.New(layout.NewFormLayout())
	fact := func(id msgID, value string) {
		if value == "" {
			return
		}
		k := p.label(u.t(id))
		k.Importance = widget.LowImportance
		facts.Add(k)
		facts.Add(p.wrapped(value))
	}
	fact(msgFieldProcedure, d.Procedure.Name)
	fact(msgFieldCode, d.Code)
	fact(msgFieldApplicant, firmware.MaskName(d.Applicant.Name))
	fact(msgFieldReceived, formatDate(d.ReceivedAt.In(u.opts.Location)))
	fact(msgFieldDue, formatDate(d.DueAt.In(u.opts.Location)))
	fact(msgFieldChannel, channelName(u.lang, d.Channel))

	box := container.NewVBox(head,
		p.heading(u.t(msgNextStep), theme.SizeNameSubHeadingText), s.nextStep())
	if len(d.Fees) > 0 {
		box.Add(p.heading(u.t(msgFees), theme.SizeNameSubHeadingText))
		box.Add(s.fees())
	}
	box.Add(facts)
	if len(d.History) > 0 {
		box.Add(p.heading(u.t(msgHistory), theme.SizeNameSubHeadingText))
		if s.history == nil {
			s.history = kw.NewTimeline(nil)
		}
		s.history.Entries = s.timeline()
		s.history.Refresh()
		box.Add(s.history)
	}
	return box
}

// dueLine is "Còn N ngày", "Hôm nay là hạn trả" or the overdue badge, for
// a dossier still being processed; a closed one has no deadline left.
func (s *resultScreen) dueLine() fyne.CanvasObject {
	u, d, p := s.u, s.d, &s.parts
	if d.Status.Code.Closed() {
		return nil
	}
	if d.Overdue(s.at) {
		n := d.OverdueDays(s.at, u.opts.Location)
		return badge(u.tf(plural(n, msgOverdueOne, msgOverdue), n), kiosktheme.ToneBad, theme.SizeNameSubHeadingText)
	}
	n := d.DaysLeft(s.at, u.opts.Location)
	if n <= 0 {
		return p.heading(u.t(msgDueToday), theme.SizeNameSubHeadingText)
	}
	return p.heading(u.tf(plural(n, msgDaysLeftOne, msgDaysLeft), n), theme.SizeNameSubHeadingText)
}

// guidance is what a citizen does next for each status of DESIGN §6: what
// to bring, what to pay, where to go.
var guidance = map[firmware.Status]msgID{
	firmware.StatusSubmitted:   msgGuideSubmitted,
	firmware.StatusAccepted:    msgGuideAccepted,
	firmware.StatusNotAccepted: msgGuideNotAccepted,
	firmware.StatusInProgress:  msgGuideInProgress,
	firmware.StatusMorePapers:  msgGuideMorePapers,
	firmware.StatusFeesDue:     msgGuideFeesDue,
	firmware.StatusWithdrawn:   msgGuideWithdrawn,
	firmware.StatusStopped:     msgGuideStopped,
	firmware.StatusReady:       msgGuideReady,
	firmware.StatusHandedOver:  msgGuideHandedOver,
}

// pickupLabel says what the place is for: collecting the result, taking
// papers back, or asking; nothing once the result was handed over.
func pickupLabel(st firmware.Status) msgID {
	switch st {
	case firmware.StatusHandedOver:
		return msgNone
	case firmware.StatusNotAccepted, firmware.StatusWithdrawn:
		return msgPickupPapers
	case firmware.StatusStopped:
		return msgPickupAsk
	}
	return msgPickup
}

// nextStep is the status's own guidance, then the portal's required action
// (the reason, the papers to add), the amount still to pay, and the place
// to go.
func (s *resultScreen) nextStep() fyne.CanvasObject {
	u, d, p := s.u, s.d, &s.parts
	box := container.NewVBox()
	if id, ok := guidance[d.Status.Code]; ok {
		box.Add(p.wrapped(u.t(id)))
	}
	if d.RequiredAction != "" {
		l := p.wrapped(d.RequiredAction)
		l.TextStyle.Bold = true
		box.Add(l)
	}
	if unpaid := d.UnpaidVND(); unpaid > 0 {
		box.Add(p.heading(u.tf(msgFeeTotal, formatVND(u.lang, unpaid)), theme.SizeNameText))
	}
	if id := pickupLabel(d.Status.Code); d.Pickup != "" && id != msgNone {
		box.Add(p.wrapped(u.tf(id, d.Pickup)))
	}
	if len(box.Objects) == 0 {
		box.Add(p.wrapped(u.t(msgNothingToDo)))
	}
	return box
}

// fees is the fees table: each fee, its amount and whether it is paid.
func (s *resultScreen) fees() fyne.CanvasObject {
	u, p := s.u, &s.parts
	rows := container.NewVBox()
	for _, f := range s.d.Fees {
		state := p.label(u.t(msgFeeUnpaid))
		state.Alignment = fyne.TextAlignTrailing
		state.TextStyle.Bold = true
		if f.Paid {
			state.Text = u.t(msgFeePaid)
			state.TextStyle.Bold = false
			state.Importance = widget.LowImportance
		}
		amount := p.label(formatVND(u.lang, f.AmountVND))
		amount.Alignment = fyne.TextAlignTrailing
		amount.TextStyle.Bold = !f.Paid
		rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(amount, state), p.wrapped(f.Name)))
	}
	return rows
}

func (s *resultScreen) timeline() []kw.TimelineEntry {
	u := s.u
	out := make([]kw.TimelineEntry, 0, len(s.d.History))
	for _, h := range s.d.History {
		detail := h.Unit
		if h.Note != "" {
			if detail != "" {
				detail += " — "
			}
			detail += h.Note
		}
		out = append(out, kw.TimelineEntry{
			When:   formatDateTime(h.At.In(u.opts.Location)),
			Title:  statusName(u.lang, h.Status),
			Detail: detail,
			Dot:    kiosktheme.ToneColor(kiosktheme.StatusTone(h.Status)),
		})
	}
	return out
}

func (s *resultScreen) tick(time.Time) bool { return false }
