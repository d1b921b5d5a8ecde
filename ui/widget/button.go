package widget

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MinTouch is the smallest side of a touch target: 12 mm on the official 7"
// 800×480 display (about 5.2 px per mm) is 62 px; round up.
const MinTouch float32 = 64

// TouchButton is a button with a word on it, sized for a finger. Unlike
// Fyne's Button it is not Focusable, so a keyboard's Tab and Space cannot
// reach it, and it shows its pressed state on touch down (the embedded
// driver runs no tap animation).
type TouchButton struct {
	widget.DisableableWidget

	Text       string
	Icon       fyne.Resource     // optional, drawn beside the word
	Importance widget.Importance // HighImportance: the screen's main action
	SizeName   fyne.ThemeSizeName
	MinHeight  float32 // 0: MinTouch
	// Wrap lets the word wrap onto more lines, so the button's minimum width
	// is its longest word: for big tiles in a grid. Off, the button is at
	// least as wide as its text on one line.
	Wrap     bool
	OnTapped func()

	pressed bool
}

var (
	_ fyne.Tappable     = (*TouchButton)(nil)
	_ mobile.Touchable  = (*TouchButton)(nil)
	_ desktop.Mouseable = (*TouchButton)(nil)
	_ desktop.Hoverable = (*TouchButton)(nil)
)

// NewTouchButton returns a button showing text that calls tapped.
func NewTouchButton(text string, tapped func()) *TouchButton {
	b := &TouchButton{Text: text, OnTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// SetText changes the word on the button.
func (b *TouchButton) SetText(text string) {
	if b.Text == text {
		return
	}
	b.Text = text
	b.Refresh()
}

// Tapped runs OnTapped unless the button is disabled.
func (b *TouchButton) Tapped(*fyne.PointEvent) {
	b.setPressed(false)
	if b.Disabled() || b.OnTapped == nil {
		return
	}
	b.OnTapped()
}

// TouchDown shows the press (embedded driver).
func (b *TouchButton) TouchDown(*mobile.TouchEvent) { b.setPressed(true) }

// TouchUp ends the press; the tap itself arrives through Tapped.
func (b *TouchButton) TouchUp(*mobile.TouchEvent) { b.setPressed(false) }

// TouchCancel ends the press when the finger slides away.
func (b *TouchButton) TouchCancel(*mobile.TouchEvent) { b.setPressed(false) }

// MouseDown shows the press (GL driver).
func (b *TouchButton) MouseDown(*desktop.MouseEvent) { b.setPressed(true) }

// MouseUp ends the press.
func (b *TouchButton) MouseUp(*desktop.MouseEvent) { b.setPressed(false) }

// MouseIn does nothing: a kiosk has no hover.
func (b *TouchButton) MouseIn(*desktop.MouseEvent) {}

// MouseMoved does nothing.
func (b *TouchButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends a press whose pointer left the button.
func (b *TouchButton) MouseOut() { b.setPressed(false) }

func (b *TouchButton) setPressed(p bool) {
	if b.pressed == p || b.Disabled() {
		return
	}
	b.pressed = p
	b.Refresh()
}

// CreateRenderer builds the button's look.
func (b *TouchButton) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &buttonRenderer{
		b:     b,
		bg:    canvas.NewRectangle(color.Transparent),
		shade: canvas.NewRectangle(color.Transparent),
		icon:  canvas.NewImageFromResource(nil),
		label: widget.NewRichText(),
	}
	r.icon.FillMode = canvas.ImageFillContain
	r.update()
	return r
}

type buttonRenderer struct {
	b     *TouchButton
	bg    *canvas.Rectangle
	shade *canvas.Rectangle // drawn over bg while pressed
	icon  *canvas.Image
	label *widget.RichText
}

func (r *buttonRenderer) Destroy() {}

func (r *buttonRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg, r.shade}
	if r.b.Icon != nil {
		objs = append(objs, r.icon)
	}
	return append(objs, r.label)
}

func (r *buttonRenderer) iconSize() float32 {
	return r.b.Theme().Size(theme.SizeNameInlineIcon)
}

func (r *buttonRenderer) MinSize() fyne.Size {
	b := r.b
	return buttonMinSize(b.Theme(), b.Text, b.SizeName, b.Wrap, b.Icon != nil, b.MinHeight)
}

// buttonMinSize is the minimum of a button with these fields, in theme
// th: its bold text padded (its longest word when it wraps), room for an
// icon, never under MinTouch wide nor under minHeight (MinTouch if 0)
// high. It needs no button, so a keypad measures its keys without making
// widgets.
func buttonMinSize(th fyne.Theme, text string, sizeName fyne.ThemeSizeName, wrap, icon bool, minHeight float32) fyne.Size {
	pad := th.Size(theme.SizeNameInnerPadding)
	style := fyne.TextStyle{Bold: true}
	size := th.Size(textSizeName(sizeName))
	m := fyne.MeasureText(text, size, style)
	if wrap {
		m.Width = 0
		for _, word := range strings.Fields(text) {
			m.Width = max(m.Width, fyne.MeasureText(word, size, style).Width)
		}
	}
	w := m.Width + 2*pad
	h := m.Height + 2*pad
	if icon {
		w += th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNamePadding)
	}
	if minHeight == 0 {
		minHeight = MinTouch
	}
	return fyne.NewSize(max(w, MinTouch), max(h, minHeight))
}

func textSizeName(name fyne.ThemeSizeName) fyne.ThemeSizeName {
	if name == "" {
		return theme.SizeNameText
	}
	return name
}

func (r *buttonRenderer) Layout(size fyne.Size) {
	th := r.b.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	r.shade.Resize(size)
	r.shade.Move(fyne.NewPos(0, 0))

	left := pad
	if r.b.Icon != nil {
		is := r.iconSize()
		r.icon.Resize(fyne.NewSquareSize(is))
		r.icon.Move(fyne.NewPos(pad, (size.Height-is)/2))
		left += is + th.Size(theme.SizeNamePadding)
	}
	// RichText pads itself by the inner padding; give it the room between
	// our paddings and centre the wrapped lines vertically.
	inset := th.Size(theme.SizeNameInnerPadding)
	w := max(0, size.Width-left-pad+2*inset)
	r.label.Resize(fyne.NewSize(w, r.label.MinSize().Height))
	h := r.label.MinSize().Height
	r.label.Resize(fyne.NewSize(w, h))
	r.label.Move(fyne.NewPos(left-inset, (size.Height-h)/2))
}

func (r *buttonRenderer) Refresh() {
	r.update()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *buttonRenderer) update() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill, text, stroke := theme.ColorNameButton, theme.ColorNameForeground, theme.ColorNamePrimary
	switch {
	case r.b.Disabled():
		fill, text, stroke = theme.ColorNameDisabledButton, theme.ColorNameDisabled, theme.ColorNameSeparator
	case r.b.Importance == widget.HighImportance:
		fill, text, stroke = theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary
	case r.b.Importance == widget.LowImportance:
		fill, text, stroke = theme.ColorNameBackground, theme.ColorNamePrimary, theme.ColorNameSeparator
	}
	radius := th.Size(theme.SizeNameInputRadius)
	r.bg.FillColor = th.Color(fill, v)
	r.bg.StrokeColor = th.Color(stroke, v)
	r.bg.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.bg.CornerRadius = radius
	r.bg.Refresh()
	r.shade.CornerRadius = radius
	if r.pressedShown() {
		r.shade.FillColor = th.Color(theme.ColorNamePressed, v)
	} else {
		r.shade.FillColor = color.Transparent
	}
	r.shade.Refresh()

	if r.b.Icon != nil {
		r.icon.Resource = theme.NewColoredResource(r.b.Icon, text)
		r.icon.Refresh()
	}
	sizeName := r.b.SizeName
	if sizeName == "" {
		sizeName = theme.SizeNameText
	}
	r.label.Wrapping = fyne.TextWrapOff
	if r.b.Wrap {
		r.label.Wrapping = fyne.TextWrapWord
	}
	r.label.Segments = []widget.RichTextSegment{&widget.TextSegment{
		Text: r.b.Text,
		Style: widget.RichTextStyle{
			Alignment: fyne.TextAlignCenter,
			ColorName: text,
			SizeName:  sizeName,
			TextStyle: fyne.TextStyle{Bold: true},
		},
	}}
	r.label.Refresh()
}

func (r *buttonRenderer) pressedShown() bool { return r.b.pressed && !r.b.Disabled() }
