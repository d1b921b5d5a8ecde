package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/motcua/kiosk/firmware"
)

// proceduresScreen browses the procedure catalog the kiosk last synced,
// with the portal up or down: fields, then the procedures of a field, then
// one procedure's papers, time, fee, online level and a QR code of its
// online page so the citizen continues on a phone.
type proceduresScreen struct {
	u *UI

	field string // "": the list of fields
	code  string // "": the list of the field's procedures
	from  screen // where the detail's back button goes; nil: the field's list
}

func (s *proceduresScreen) clear() { *s = proceduresScreen{u: s.u} }

// open shows the list of fields.
func (s *proceduresScreen) open() {
	s.clear()
	s.u.show(s)
}

// openProcedure shows one procedure's detail; back returns to from.
func (s *proceduresScreen) openProcedure(p firmware.Procedure, from screen) {
	s.field, s.code, s.from = p.Field, p.Code, from
	s.u.citizen.ViewProcedure(p.Code, s.u.lang)
	s.u.show(s)
}

func (s *proceduresScreen) build() fyne.CanvasObject {
	u := s.u
	cat := u.citizen.Catalog()
	top := u.topBar(u.t(msgTileProcedures), nil, true)
	if len(cat.Procedures) == 0 {
		l := wrapped(u.t(msgCatalogEmpty))
		return column(top, nil, container.NewVBox(l))
	}
	if s.code != "" {
		if p, ok := cat.Procedure(s.code); ok {
			return s.detail(top, p)
		}
		s.code = ""
	}
	if s.field != "" {
		return s.list(top, cat)
	}
	return s.fields(top, cat)
}

// vietnamese orders the portal's words as a Vietnamese reader expects
// (Đ after D, tones after the bare letter).
var vietnamese = collate.New(language.Vietnamese)

func (s *proceduresScreen) fields(top fyne.CanvasObject, cat firmware.Catalog) fyne.CanvasObject {
	u := s.u
	counts := map[string]int{}
	var names []string
	for _, p := range cat.Procedures {
		if counts[p.Field] == 0 {
			names = append(names, p.Field)
		}
		counts[p.Field]++
	}
	vietnamese.SortStrings(names)
	cols := 2
	if u.portrait() {
		cols = 1
	}
	grid := container.NewGridWithColumns(cols)
	for _, f := range names {
		b := u.button(u.tf(msgFieldCount, f, counts[f]), func() {
			s.field = f
			u.show(s)
		})
		b.Wrap = true
		grid.Add(b)
	}
	head := container.NewVBox(top, wrapped(u.tf(msgCatalogAsOf, formatDate(cat.AsOf.In(u.opts.Location)))))
	return column(head, nil, container.NewVScroll(container.NewVBox(heading(u.t(msgFieldsPrompt), theme.SizeNameSubHeadingText), grid)))
}

func (s *proceduresScreen) list(top fyne.CanvasObject, cat firmware.Catalog) fyne.CanvasObject {
	u := s.u
	back := u.button(u.t(msgBack), func() {
		s.field = ""
		u.show(s)
	})
	back.Icon = theme.NavigateBackIcon()
	title := heading(s.field, theme.SizeNameSubHeadingText)
	box := container.NewVBox()
	for _, p := range cat.Procedures {
		if p.Field != s.field {
			continue
		}
		b := u.button(p.Name, func() { s.openProcedure(p, nil) })
		b.Wrap = true
		box.Add(b)
	}
	head := container.NewVBox(top, container.NewBorder(nil, nil, back, nil, title))
	return column(head, nil, container.NewVScroll(box))
}

func (s *proceduresScreen) detail(top fyne.CanvasObject, p firmware.Procedure) fyne.CanvasObject {
	u := s.u
	back := u.button(u.t(msgBack), func() {
		from := s.from
		s.code, s.from = "", nil
		if from != nil {
			s.field = ""
			u.show(from)
			return
		}
		u.show(s)
	})
	back.Icon = theme.NavigateBackIcon()

	facts := container.New(layout.NewFormLayout())
	fact := func(id msgID, value string) {
		k := widget.NewLabel(u.t(id))
		k.Importance = widget.LowImportance
		facts.Add(k)
		facts.Add(wrapped(value))
	}
	fact(msgProcCode, p.Code)
	fact(msgProcField, p.Field)
	fact(msgProcDays, u.tf(plural(p.ProcessingDays, msgProcDaysOne, msgProcDaysValue), p.ProcessingDays))
	fee := u.t(msgFeeFree)
	if p.FeeVND > 0 {
		fee = formatVND(u.lang, p.FeeVND)
	}
	if p.FeeNote != "" {
		fee += " — " + p.FeeNote
	}
	fact(msgFees, fee)
	fact(msgProcLevel, u.t(levelName(p.Level)))

	docs := container.NewVBox(heading(u.t(msgProcDocs), theme.SizeNameSubHeadingText))
	for _, d := range p.Documents {
		docs.Add(wrapped("• " + d))
	}
	info := container.NewVBox(heading(p.Name, theme.SizeNameSubHeadingText), facts, docs)

	var qr fyne.CanvasObject
	if p.OnlineURL != "" && p.Level != firmware.LevelInfo {
		if img := qrCanvas(p.OnlineURL, 176); img != nil {
			caption := wrapped(u.t(msgQRCaption))
			caption.Alignment = fyne.TextAlignCenter
			qr = container.NewVBox(container.NewCenter(img), caption)
		}
	}
	head := container.NewVBox(top, container.NewHBox(back))
	switch {
	case qr == nil:
		return column(head, nil, container.NewVScroll(info))
	case u.portrait():
		return column(head, nil, container.NewVScroll(container.NewVBox(qr, info)))
	}
	side := container.New(&fixedWidth{w: 220}, qr)
	return column(head, nil, container.NewBorder(nil, nil, nil, side, container.NewVScroll(info)))
}

func levelName(l firmware.Level) msgID {
	switch l {
	case firmware.LevelFull:
		return msgLevelFull
	case firmware.LevelPartial:
		return msgLevelPartial
	}
	return msgLevelInfo
}

func (s *proceduresScreen) tick(time.Time) bool { return false }

// fixedWidth gives its one object a fixed width, so a wrapped caption
// under the QR code does not claim the whole screen.
type fixedWidth struct{ w float32 }

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(max(l.w, m.Width), m.Height)
}

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
