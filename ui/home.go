package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	kw "github.com/motcua/kiosk/ui/widget"
)

// homeScreen is where every citizen starts: the commune, the date and
// time, the portal's state, four tiles and the language and text-size
// toggles. A 3-second press on the commune name opens staff mode.
type homeScreen struct {
	u *UI

	press  *kw.LongPress
	clock  *widget.Label
	banner *fyne.Container // rebuilt when the portal's state or age changes
	line   string          // the banner's text as shown
}

func (h *homeScreen) build() fyne.CanvasObject {
	u := h.u
	now := u.now()
	name := heading(u.opts.Commune, theme.SizeNameHeadingText)
	h.press = kw.NewLongPress(name, staffHold, u.now, u.openStaff)
	h.clock = widget.NewLabelWithStyle(clockLine(u.lang, now), fyne.TextAlignTrailing, fyne.TextStyle{})
	h.banner = container.NewStack()
	h.line = ""
	h.updateBanner(now)

	tile := func(id msgID, tapped func()) fyne.CanvasObject {
		b := u.button(u.t(id), tapped)
		b.Wrap = true
		b.SizeName = theme.SizeNameSubHeadingText
		// The tiles take the room the rest leaves (about 130 px each on the
		// 7" screen); a long commune name on three lines shrinks them, never
		// below a finger target.
		b.MinHeight = kw.MinTouch
		if id == msgTileLookup {
			b.Importance = widget.HighImportance
		}
		return b
	}
	cols := 2
	if u.portrait() {
		cols = 1 // a long English word on a large tile is wider than half a portrait screen
	}
	tiles := container.NewGridWithColumns(cols,
		tile(msgTileLookup, func() { u.show(u.lookup) }),
		tile(msgTileProcedures, func() { u.procs.open() }),
		tile(msgTileOnline, func() { u.show(u.online) }),
		tile(msgTileRating, func() { u.rating.open("") }),
	)
	largeID := msgLargeOn
	if u.large {
		largeID = msgLargeOff
	}
	hint := wrapped(u.t(msgScanHint))
	hint.Alignment = fyne.TextAlignCenter
	lang, large := u.button(u.t(msgLangToggle), u.toggleLang), u.button(u.t(largeID), u.toggleLarge)
	toggles := fyne.CanvasObject(container.NewBorder(nil, nil, lang, large, hint))
	if u.portrait() {
		// Too narrow for both toggles beside the hint.
		toggles = container.NewVBox(hint, container.NewGridWithColumns(2, lang, large))
	}
	// The clock sits beside the commune name, or under it when large text
	// leaves no room beside.
	top := fyne.CanvasObject(container.NewBorder(nil, nil, nil, h.clock, h.press))
	if u.large {
		h.clock.Alignment = fyne.TextAlignLeading
		top = container.NewVBox(h.press, h.clock)
	}
	return column(container.NewVBox(top, h.banner), toggles, tiles)
}

// updateBanner redraws the portal banner when its words changed ("checked
// 3 minutes ago" ages by the minute) and reports whether they did.
func (h *homeScreen) updateBanner(now time.Time) bool {
	line, tone := portalLine(h.u.lang, h.u.citizen.PortalState(), now)
	if line == h.line {
		return false
	}
	h.line = line
	h.banner.Objects = []fyne.CanvasObject{band(line, tone, theme.SizeNameText)}
	h.banner.Refresh()
	return true
}

func (h *homeScreen) tick(now time.Time) bool {
	changed := setText(h.clock, clockLine(h.u.lang, now))
	changed = h.updateBanner(now) || changed
	// Neither driver reports a resting finger: fire the long press here.
	if h.press != nil && h.press.Check() {
		changed = true
	}
	return changed
}

// portalBand is the banner as a fresh object, for the online-services
// screen: the same words as on home.
func (h *homeScreen) portalBand(now time.Time) fyne.CanvasObject {
	line, tone := portalLine(h.u.lang, h.u.citizen.PortalState(), now)
	return band(line, tone, theme.SizeNameText)
}
