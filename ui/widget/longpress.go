package widget

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/widget"
)

// LongPress wraps content and calls OnLongPress when it is held for Hold.
//
// The embedded driver reports a finger as TouchDown/TouchUp (TouchCancel when
// it slides off) and the GL driver reports a mouse as MouseDown/MouseUp, so
// LongPress listens to both. Neither driver sends anything while a finger
// rests, so the owner calls Check on its own clock tick to fire during the
// hold; a release after Hold fires too, whichever comes first, once.
type LongPress struct {
	widget.BaseWidget

	Content     fyne.CanvasObject
	Hold        time.Duration
	Now         func() time.Time // nil: time.Now
	OnLongPress func()

	pressed bool
	since   time.Time
}

var (
	_ mobile.Touchable  = (*LongPress)(nil)
	_ desktop.Mouseable = (*LongPress)(nil)
	_ desktop.Hoverable = (*LongPress)(nil)
)

// NewLongPress returns a LongPress around content.
func NewLongPress(content fyne.CanvasObject, hold time.Duration, now func() time.Time, f func()) *LongPress {
	l := &LongPress{Content: content, Hold: hold, Now: now, OnLongPress: f}
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer shows the content.
func (l *LongPress) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.Content)
}

// Pressed reports whether a press is in progress.
func (l *LongPress) Pressed() bool { return l.pressed }

// Check fires OnLongPress if the current press has lasted Hold. It returns
// whether it fired.
func (l *LongPress) Check() bool {
	if !l.pressed || l.now().Sub(l.since) < l.Hold {
		return false
	}
	l.pressed = false
	if l.OnLongPress != nil {
		l.OnLongPress()
	}
	return true
}

func (l *LongPress) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *LongPress) down() {
	l.pressed = true
	l.since = l.now()
}

func (l *LongPress) up() {
	l.Check()
	l.pressed = false
}

func (l *LongPress) cancel() { l.pressed = false }

// TouchDown starts a press (embedded driver).
func (l *LongPress) TouchDown(*mobile.TouchEvent) { l.down() }

// TouchUp ends a press, firing if it lasted Hold.
func (l *LongPress) TouchUp(*mobile.TouchEvent) { l.up() }

// TouchCancel drops a press whose finger slid away.
func (l *LongPress) TouchCancel(*mobile.TouchEvent) { l.cancel() }

// MouseDown starts a press with the primary button (GL driver).
func (l *LongPress) MouseDown(e *desktop.MouseEvent) {
	if e == nil || e.Button == desktop.MouseButtonPrimary || e.Button == 0 {
		l.down()
	}
}

// MouseUp ends a press, firing if it lasted Hold.
func (l *LongPress) MouseUp(*desktop.MouseEvent) { l.up() }

// MouseIn does nothing.
func (l *LongPress) MouseIn(*desktop.MouseEvent) {}

// MouseMoved does nothing.
func (l *LongPress) MouseMoved(*desktop.MouseEvent) {}

// MouseOut drops a press whose pointer left: the GL driver sends the release
// to whatever is under the pointer then, not to us.
func (l *LongPress) MouseOut() { l.cancel() }
