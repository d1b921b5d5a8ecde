package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// infoKind is which placeholder the info screen shows.
type infoKind int

const (
	infoProcedures infoKind = iota
	infoOnline
	infoRating
)

// infoScreen stands in for the procedures, online services and rating
// screens until they are built: it says plainly what will be there and
// what to do meanwhile. The online one shows the portal banner, which the
// kiosk already knows.
type infoScreen struct {
	u    *UI
	kind infoKind
}

func (s *infoScreen) open(k infoKind) {
	s.kind = k
	s.u.show(s)
}

func (s *infoScreen) build() fyne.CanvasObject {
	u := s.u
	title, body := msgTileProcedures, msgProceduresBody
	switch s.kind {
	case infoOnline:
		title, body = msgTileOnline, msgOnlineBody
	case infoRating:
		title, body = msgTileRating, msgRatingBody
	}
	content := container.NewVBox(wrapped(u.t(body)))
	if s.kind == infoOnline {
		content.Add(u.home.portalBand(u.now()))
	}
	return column(u.topBar(u.t(title), nil, true), nil, container.NewVScroll(content))
}

func (s *infoScreen) tick(time.Time) bool { return false }
