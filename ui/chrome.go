package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

// frame shows a screen in the window above the idle countdown bar. In
// large-text mode a screen may be taller than the 7" display, so it
// scrolls (a drag on the embedded driver's touch screen scrolls it).
//
// The frame itself is built once per language and kept: a new screen
// only takes the place of the old one in it (see keep.go for why the
// kiosk reuses what it can).
func (u *UI) frame(content fyne.CanvasObject) {
	if u.large {
		content = container.NewVScroll(content)
	}
	if u.root != nil && u.rootLang == u.lang {
		setCenter(u.countdown.frame, content)
		return
	}
	// The bar is built before its frame exists: hiding it must not lay out
	// the previous screen's frame again (a whole-screen text measure).
	u.countdown.frame = nil
	bar := u.countdown.build()
	u.countdown.frame = column(nil, bar, content)
	u.root = container.New(&screenLayout{u: u}, container.NewPadded(u.countdown.frame))
	u.rootLang = u.lang
	u.win.SetContent(u.root)
}

// screenLayout keeps a screen's minimum as wide as the screen it is shown
// on. Fyne's GL canvas lays new content out at its minimum size first and
// then asks for the minimum again: at a narrow minimum every wrapped label
// measures many lines, and the window grew past the 7" screen (800×1222).
type screenLayout struct{ u *UI }

func (l *screenLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	m.Width = max(m.Width, l.u.screenWidth)
	return m
}

func (l *screenLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width > 0 {
		l.u.screenWidth = size.Width
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// button is a word button whose tap counts as activity for the idle timer.
func (u *UI) button(label string, tapped func()) *kw.TouchButton {
	return kw.NewTouchButton(label, func() {
		u.activity()
		tapped()
	})
}

// topBar is the strip on top of every screen but home: the way home (or
// out of staff mode) always in the top-left corner, the title, and the
// language toggle on the right for citizen screens.
func (u *UI) topBar(title string, left *kw.TouchButton, withLang bool) fyne.CanvasObject {
	if left == nil {
		left = u.button(u.t(msgHome), u.goHome)
		left.Icon = theme.HomeIcon()
	}
	var right fyne.CanvasObject
	if withLang {
		right = u.button(u.t(msgLangToggle), u.toggleLang)
	}
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	heading.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(
		container.NewBorder(nil, nil, left, right, heading),
		widget.NewSeparator(),
	)
}

// wrapped is a word-wrapped label.
func wrapped(s string) *widget.Label {
	var fresh *parts
	return fresh.wrapped(s)
}

// heading is a bold label in the given theme size.
func heading(s string, size fyne.ThemeSizeName) *widget.Label {
	var fresh *parts
	return fresh.heading(s, size)
}

// band is text on a full-width fill of a status tone (DESIGN §6: status
// colours for status only). The text colour comes from a theme override so
// the label still wraps.
func band(s string, tone kiosktheme.Tone, size fyne.ThemeSizeName) fyne.CanvasObject {
	return toned(s, tone, size, fyne.TextWrapWord)
}

// badge is a band as wide as its words, for a short label in a row.
func badge(s string, tone kiosktheme.Tone, size fyne.ThemeSizeName) fyne.CanvasObject {
	return container.NewHBox(toned(s, tone, size, fyne.TextWrapOff))
}

func toned(s string, tone kiosktheme.Tone, size fyne.ThemeSizeName, wrap fyne.TextWrap) fyne.CanvasObject {
	bg := canvas.NewRectangle(kiosktheme.ToneColor(tone))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, inkText(s, tone, size, wrap))
}

// inkText is bold text in the colour that reads on tone's band. The colour
// comes by name from the kiosk theme (see kiosktheme.ToneTextName), not
// from a theme override, which would cost a font cache each.
func inkText(s string, tone kiosktheme.Tone, size fyne.ThemeSizeName, wrap fyne.TextWrap) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		ColorName: kiosktheme.ToneTextName(tone),
		SizeName:  size,
		TextStyle: fyne.TextStyle{Bold: true},
	}})
	rt.Wrapping = wrap
	return rt
}

// countdownBar is the idle warning at the bottom of every screen: "Trở về
// màn hình chính sau 8 giây" with a button that cancels it.
type countdownBar struct {
	u     *UI
	secs  int             // 0: hidden
	frame *fyne.Container // the window content, laid out again when the bar comes and goes
	box   *fyne.Container
	label *widget.RichText
}

func (b *countdownBar) build() fyne.CanvasObject {
	b.label = inkText("", kiosktheme.ToneWarning, theme.SizeNameText, fyne.TextWrapWord)
	cont := b.u.button(b.u.t(msgContinue), func() {}) // the tap itself is the activity
	cont.Importance = widget.HighImportance
	bg := canvas.NewRectangle(kiosktheme.ToneColor(kiosktheme.ToneWarning))
	b.box = container.NewStack(bg, container.NewPadded(
		container.NewBorder(nil, nil, nil, cont, b.label)))
	b.render()
	return b.box
}

// set shows the countdown at secs seconds, or hides it for 0, and reports
// whether that changed the screen.
func (b *countdownBar) set(secs int) bool {
	if b.secs == secs {
		return false
	}
	b.secs = secs
	b.render()
	return true
}

func (b *countdownBar) render() {
	if b.box == nil {
		return
	}
	if b.secs <= 0 {
		if b.box.Visible() {
			b.box.Hide()
			b.relayout()
		}
		return
	}
	b.label.Segments[0].(*widget.TextSegment).Text = b.u.tf(msgCountdown, b.secs)
	b.label.Refresh()
	if !b.box.Visible() {
		b.box.Show()
		relayout(b.box) // its renderers may have been dropped while it was hidden
		b.relayout()
	}
}

func (b *countdownBar) relayout() {
	if b.frame != nil {
		b.frame.Refresh()
	}
}

// setText changes a label and reports whether it changed.
func setText(l *widget.Label, s string) bool {
	if l == nil || l.Text == s {
		return false
	}
	l.SetText(s)
	return true
}

// setImportance changes a label's colour and reports whether it changed.
func setImportance(l *widget.Label, imp widget.Importance) bool {
	if l == nil || l.Importance == imp {
		return false
	}
	l.Importance = imp
	l.Refresh()
	return true
}

// column stacks a screen: top and bottom at their minimum heights, center
// in the rest. Unlike a Border it measures top and bottom again after giving
// them the full width: a wrapped label reports the height of its previous
// width, and a Border trusting a narrow, tall label would hand the center a
// negative height, which Fyne's software painter (the embedded driver's)
// cannot draw.
func column(top, bottom, center fyne.CanvasObject) *fyne.Container {
	l := &columnLayout{top: top, bottom: bottom, center: center}
	return container.New(l, l.objects()...)
}

// setCenter puts center in the middle of a column made by column.
func setCenter(c *fyne.Container, center fyne.CanvasObject) {
	l := c.Layout.(*columnLayout)
	if l.center == center {
		return
	}
	l.center = center
	c.Objects = l.objects()
	c.Refresh()
}

type columnLayout struct{ top, bottom, center fyne.CanvasObject }

func (l *columnLayout) objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{}
	for _, o := range []fyne.CanvasObject{l.top, l.bottom, l.center} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return objs
}

func (l *columnLayout) parts() []fyne.CanvasObject {
	return []fyne.CanvasObject{l.top, l.center, l.bottom}
}

func (l *columnLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	n := 0
	for _, o := range l.parts() {
		if o == nil || !o.Visible() {
			continue
		}
		m := o.MinSize()
		size.Width = max(size.Width, m.Width)
		size.Height += m.Height
		n++
	}
	if n > 1 {
		size.Height += float32(n-1) * theme.Padding()
	}
	return size
}

func (l *columnLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fit := func(o fyne.CanvasObject) float32 {
		if o == nil || !o.Visible() {
			return 0
		}
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		h := o.MinSize().Height // again, now that it knows its width
		o.Resize(fyne.NewSize(size.Width, h))
		return h + pad
	}
	topH, bottomH := fit(l.top), fit(l.bottom)
	if l.top != nil {
		l.top.Move(fyne.NewPos(0, 0))
	}
	if l.bottom != nil && l.bottom.Visible() {
		l.bottom.Move(fyne.NewPos(0, size.Height-bottomH+pad))
	}
	if l.center != nil {
		l.center.Move(fyne.NewPos(0, topH))
		l.center.Resize(fyne.NewSize(size.Width, max(0, size.Height-topH-bottomH)))
	}
}

// enable enables or disables a button and reports whether that changed it.
func enable(b *kw.TouchButton, on bool) bool {
	if b == nil || b.Disabled() != on {
		return false
	}
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
	return true
}
