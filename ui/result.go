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
// status colour, the days left or overdue, what to do next, the facts and
// the history. The applicant's name is only ever shown masked (DESIGN §8).
type resultScreen struct {
	u *UI

	d  *firmware.Dossier
	at time.Time // when the answer came: "days left" counts from here
}

func (s *resultScreen) clear() { *s = resultScreen{u: s.u} }

func (s *resultScreen) set(d *firmware.Dossier, at time.Time) {
	s.d, s.at = d, at
}

func (s *resultScreen) build() fyne.CanvasObject {
	u := s.u
	done := u.button(u.t(msgDone), u.goHome)
	done.Importance = widget.HighImportance
	rate := u.button(u.t(msgRate), func() { u.info.open(infoRating) })
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(rate, done))
	top := u.topBar(u.t(msgResultTitle), nil, true)
	if s.d == nil { // cleared under our feet: nothing to show
		return column(top, bottom, nil)
	}
	return column(top, bottom, container.NewVScroll(s.body()))
}

func (s *resultScreen) body() fyne.CanvasObject {
	u, d := s.u, s.d
	status := d.Status.Code
	head := container.NewVBox(band(statusName(u.lang, status), status.Tone(), theme.SizeNameHeadingText))
	if due := s.dueLine(); due != nil {
		head.Add(due)
	}

	facts := container.New(layout.NewFormLayout())
	fact := func(id msgID, value string) {
		if value == "" {
			return
		}
		k := widget.NewLabel(u.t(id))
		k.Importance = widget.LowImportance
		facts.Add(k)
		facts.Add(wrapped(value))
	}
	fact(msgFieldProcedure, d.Procedure.Name)
	fact(msgFieldCode, d.Code)
	fact(msgFieldApplicant, firmware.MaskName(d.Applicant.Name))
	fact(msgFieldReceived, formatDate(d.ReceivedAt.In(u.opts.Location)))
	fact(msgFieldDue, formatDate(d.DueAt.In(u.opts.Location)))
	fact(msgFieldChannel, channelName(u.lang, d.Channel))

	box := container.NewVBox(head, facts,
		heading(u.t(msgNextStep), theme.SizeNameSubHeadingText), s.nextStep())
	if len(d.History) > 0 {
		box.Add(heading(u.t(msgHistory), theme.SizeNameSubHeadingText))
		box.Add(kw.NewTimeline(s.timeline()))
	}
	return box
}

// dueLine is "Còn N ngày", "Hôm nay là hạn trả" or the overdue badge, for
// a dossier still being processed; a closed one has no deadline left.
func (s *resultScreen) dueLine() fyne.CanvasObject {
	u, d := s.u, s.d
	if d.Status.Code.Closed() {
		return nil
	}
	if d.Overdue(s.at) {
		n := d.OverdueDays(s.at, u.opts.Location)
		return badge(u.tf(plural(n, msgOverdueOne, msgOverdue), n), firmware.ToneBad, theme.SizeNameSubHeadingText)
	}
	n := d.DaysLeft(s.at, u.opts.Location)
	if n <= 0 {
		return heading(u.t(msgDueToday), theme.SizeNameSubHeadingText)
	}
	return heading(u.tf(plural(n, msgDaysLeftOne, msgDaysLeft), n), theme.SizeNameSubHeadingText)
}

// nextStep lists what the citizen has to do: the portal's required action,
// unpaid fees with their total, and where to collect the result.
func (s *resultScreen) nextStep() fyne.CanvasObject {
	u, d := s.u, s.d
	box := container.NewVBox()
	if d.RequiredAction != "" {
		box.Add(wrapped(d.RequiredAction))
	}
	if unpaid := d.UnpaidVND(); unpaid > 0 {
		box.Add(widget.NewLabel(u.t(msgFeesUnpaid)))
		for _, f := range d.Fees {
			if !f.Paid {
				box.Add(wrapped("• " + f.Name + ": " + formatVND(u.lang, f.AmountVND)))
			}
		}
		box.Add(heading(u.tf(msgFeeTotal, formatVND(u.lang, unpaid)), theme.SizeNameText))
	}
	if d.Pickup != "" {
		box.Add(wrapped(u.tf(msgPickup, d.Pickup)))
	}
	if len(box.Objects) == 0 {
		box.Add(wrapped(u.t(msgNothingToDo)))
	}
	return box
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
			Dot:    kiosktheme.ToneColor(h.Status.Tone()),
		})
	}
	return out
}

func (s *resultScreen) tick(time.Time) bool { return false }
