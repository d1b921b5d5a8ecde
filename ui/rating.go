package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
)

// ratingScreen is the satisfaction rating of DESIGN §4: three scores,
// optional reason chips for the chosen one, then thanks. The rating is
// queued by the service before the thanks are shown, so a thanked rating
// is never lost.
type ratingScreen struct {
	u *UI

	dossier string // the code of the dossier just looked up, "" from home
	score   firmware.Rating
	reasons map[string]bool
	saving  bool
	failed  bool
	done    bool
}

func (s *ratingScreen) clear() { *s = ratingScreen{u: s.u} }

// open starts a new rating; dossierCode is the dossier on screen, if any.
func (s *ratingScreen) open(dossierCode string) {
	s.clear()
	s.dossier = dossierCode
	s.u.show(s)
}

// scoreWords are the scores best first, as the screen offers them.
var scoreWords = []struct {
	score firmware.Rating
	id    msgID
}{
	{firmware.RatingVeryHappy, msgScoreVeryHappy},
	{firmware.RatingHappy, msgScoreHappy},
	{firmware.RatingUnhappy, msgScoreUnhappy},
}

// reasonWords names each reason chip.
var reasonWords = map[string]msgID{
	firmware.ReasonFast:       msgReasonFast,
	firmware.ReasonFriendly:   msgReasonFriendly,
	firmware.ReasonClear:      msgReasonClear,
	firmware.ReasonEasyKiosk:  msgReasonEasyKiosk,
	firmware.ReasonSlow:       msgReasonSlow,
	firmware.ReasonUnclear:    msgReasonUnclear,
	firmware.ReasonManyVisits: msgReasonManyVisits,
	firmware.ReasonAttitude:   msgReasonAttitude,
	firmware.ReasonHardKiosk:  msgReasonHardKiosk,
}

func (s *ratingScreen) build() fyne.CanvasObject {
	u := s.u
	top := u.topBar(u.t(msgTileRating), nil, true)
	if s.done {
		done := u.button(u.t(msgDone), u.goHome)
		done.Importance = widget.HighImportance
		thanks := heading(u.t(msgRateThanks), theme.SizeNameHeadingText)
		thanks.Alignment = fyne.TextAlignCenter
		body := wrapped(u.t(msgRateThanksBody))
		body.Alignment = fyne.TextAlignCenter
		return column(top, done, container.NewVBox(widget.NewLabel(""), thanks, body))
	}

	cols := 3
	if u.portrait() {
		cols = 1
	}
	scores := container.NewGridWithColumns(cols)
	for _, sw := range scoreWords {
		b := u.button(u.t(sw.id), func() { s.choose(sw.score) })
		b.Wrap = true
		b.SizeName = theme.SizeNameSubHeadingText
		if s.score == sw.score {
			b.Importance = widget.HighImportance
		}
		scores.Add(b)
	}
	content := container.NewVBox(heading(u.t(msgRateQuestion), theme.SizeNameSubHeadingText), scores)
	if s.score.Valid() {
		content.Add(wrapped(u.t(msgRateReasons)))
		chipCols := 3
		if u.portrait() {
			chipCols = 2
		}
		chips := container.NewGridWithColumns(chipCols)
		for _, id := range firmware.RatingReasons(s.score) {
			b := u.button(u.t(reasonWords[id]), func() { s.toggle(id) })
			b.Wrap = true
			if s.reasons[id] {
				b.Importance = widget.HighImportance
				b.Icon = theme.ConfirmIcon()
			}
			chips.Add(b)
		}
		content.Add(chips)
	}
	if s.saving {
		content.Add(wrapped(u.t(msgRateSaving)))
	} else if s.failed {
		l := wrapped(u.t(msgRateFailed))
		l.Importance = widget.DangerImportance
		content.Add(l)
	}
	send := u.button(u.t(msgRateSend), s.send)
	send.Importance = widget.HighImportance
	if !s.score.Valid() || s.saving {
		send.Disable()
	}
	return column(top, send, container.NewVScroll(content))
}

func (s *ratingScreen) choose(r firmware.Rating) {
	if s.saving || s.score == r {
		return
	}
	s.score = r
	s.reasons = map[string]bool{} // the chips differ between praise and complaint
	s.failed = false
	s.u.show(s)
}

func (s *ratingScreen) toggle(id string) {
	if s.saving {
		return
	}
	s.reasons[id] = !s.reasons[id]
	s.u.show(s)
}

func (s *ratingScreen) send() {
	if s.saving || !s.score.Valid() {
		return
	}
	var reasons []string
	for _, id := range firmware.RatingReasons(s.score) {
		if s.reasons[id] {
			reasons = append(reasons, id)
		}
	}
	score, dossier, lang := s.score, s.dossier, s.u.lang
	s.saving, s.failed = true, false
	s.u.show(s)
	s.u.call(func(ctx context.Context) func() {
		err := s.u.citizen.Rate(ctx, score, reasons, dossier, lang)
		return func() {
			s.saving = false
			s.failed = err != nil
			s.done = err == nil
			s.u.show(s)
		}
	})
}

func (s *ratingScreen) tick(time.Time) bool { return false }
