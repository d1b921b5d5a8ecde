// Package touch delivers a touch screen's fingers to a Fyne canvas as
// Fyne's embedded driver does, for an appliance that dispatches its
// touches itself instead of handing them to the driver's event queue
// (which captures the whole window after every event; see ui/render).
//
// The rules are Fyne 2.7's (internal/driver/embedded): a finger down
// presses the mobile.Touchable under it and takes focus from what it does
// not land on; moving 4 units starts a drag of the fyne.Draggable under
// it; lifting a finger that did not drag taps the fyne.Tappable under it,
// or taps it secondarily (fyne.SecondaryTappable) after a hold of 300 ms;
// lifting a dragging finger lets the drag glide on, slowing by 8% a
// step every 16 ms, until it moves less than 2 units a step. Two
// differences: overlays (pop-ups) are hit first, as a window shows them,
// where Fyne's embedded driver looks in the content only; and a second
// tap within 500 ms on a fyne.DoubleTappable double-taps it at once,
// where Fyne holds every tap on one for 500 ms (the kiosk has none). A
// finger landing during a glide stops it. A finger that lands on
// something that does not drag (a button in a list) and moves drags what
// does under it (the list), and the button's press ends: Fyne's driver
// would drag nothing. And a drag of what also scrolls
// (container.Scroll) scrolls it by the finger's move (fyne.Scrollable)
// unless the device is mobile: Fyne's scroll container takes drags only on
// a mobile device, and the embedded driver's device is not one, so on the
// appliance a finger could not scroll a list at all.
//
// Objects are found with Fyne's public API only, walking the canvas's
// overlays and content by the renderer's own rule (render.Walk).
package touch

import (
	"math"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"

	"github.com/motcua/kiosk/ui/render"
)

// Fyne's embedded driver's constants.
const (
	moveThreshold   = 4.0                    // how far a finger moves before it drags
	glideDecay      = 0.92                   // how much of its step a glide keeps each step
	glideEnd        = 2.0                    // the step below which a glide stops
	glideStep       = 16 * time.Millisecond  // how often a glide moves
	secondaryDelay  = 300 * time.Millisecond // a hold this long taps secondarily
	doubleTapWithin = 500 * time.Millisecond
)

// Dispatcher delivers touches to a canvas. Down, Move and Up run on the
// Fyne goroutine.
type Dispatcher struct {
	c fyne.Canvas
	// Do runs a glide's step on the Fyne goroutine and waits for it
	// (fyne.DoAndWait); Changed, if set, is called after each, off it.
	Do      func(func())
	Changed func()
	// Now is the clock; nil: time.Now.
	Now func() time.Time

	downAt  map[int]time.Time
	downPos map[int]fyne.Position
	delta   map[int]fyne.Delta
	touched map[int]mobile.Touchable

	dragging   fyne.Draggable
	dragOffset fyne.Position
	dragStart  fyne.Position

	lastTap   fyne.CanvasObject
	lastTapAt time.Time

	mu    sync.Mutex
	glide chan struct{} // closed to stop the glide running, if any
}

// New returns a dispatcher of touches to c.
func New(c fyne.Canvas) *Dispatcher {
	return &Dispatcher{c: c, Do: fyne.DoAndWait,
		downAt: map[int]time.Time{}, downPos: map[int]fyne.Position{},
		delta: map[int]fyne.Delta{}, touched: map[int]mobile.Touchable{}}
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Down is finger id landing at pos.
func (d *Dispatcher) Down(pos fyne.Position, id int) {
	d.StopGlide()
	d.downAt[id] = d.now()
	d.downPos[id] = pos
	d.dragging = nil

	co, objPos := d.find(pos, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case mobile.Touchable, fyne.Focusable:
			return true
		}
		return false
	})
	if wid, ok := co.(mobile.Touchable); ok {
		wid.TouchDown(&mobile.TouchEvent{PointEvent: fyne.PointEvent{Position: objPos, AbsolutePosition: pos}})
		d.touched[id] = wid
	}
	if wid, ok := co.(fyne.Focusable); !ok || wid != d.c.Focused() {
		d.c.Unfocus()
	}
}

// Move is finger id moved to pos.
func (d *Dispatcher) Move(pos fyne.Position, id int) {
	prev := d.downPos[id]
	dx, dy := pos.X-prev.X, pos.Y-prev.Y
	if d.dragging == nil && math.Abs(float64(dx)) < moveThreshold && math.Abs(float64(dy)) < moveThreshold {
		return
	}
	d.downPos[id] = pos
	offset := fyne.Delta{DX: dx, DY: dy}
	d.delta[id] = offset

	co, objPos := d.find(pos, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case fyne.Draggable, mobile.Touchable:
			return true
		}
		return false
	})
	if t := d.touched[id]; t != nil {
		if touch, ok := co.(mobile.Touchable); !ok || t != touch {
			t.TouchCancel(&mobile.TouchEvent{PointEvent: fyne.PointEvent{Position: objPos, AbsolutePosition: pos}})
			delete(d.touched, id)
		}
	}
	if d.dragging == nil {
		drag, ok := co.(fyne.Draggable)
		if !ok {
			// A finger that lands on a button in a list and moves drags
			// the list: the button's press ends.
			co, objPos = d.find(pos, func(o fyne.CanvasObject) bool {
				_, ok := o.(fyne.Draggable)
				return ok
			})
			if drag, ok = co.(fyne.Draggable); !ok {
				return
			}
			if t := d.touched[id]; t != nil {
				t.TouchCancel(&mobile.TouchEvent{PointEvent: fyne.PointEvent{AbsolutePosition: pos}})
				delete(d.touched, id)
			}
		}
		d.dragging = drag
		d.dragOffset = prev.Subtract(objPos)
		d.dragStart = co.Position()
	}
	ev := &fyne.DragEvent{Dragged: offset}
	moved := d.dragStart.Subtract(d.dragging.(fyne.CanvasObject).Position())
	ev.Position = pos.Subtract(d.dragOffset).Add(moved)
	ev.AbsolutePosition = pos
	drag(d.dragging, ev)
}

// drag moves a drag on: a scroll container is scrolled by the move unless
// the device is mobile, where it takes the drag itself.
func drag(wid fyne.Draggable, ev *fyne.DragEvent) {
	if s, ok := wid.(fyne.Scrollable); ok && !fyne.CurrentDevice().IsMobile() {
		s.Scrolled(&fyne.ScrollEvent{PointEvent: ev.PointEvent, Scrolled: ev.Dragged})
		return
	}
	wid.Dragged(ev)
}

// Up is finger id lifted at pos.
func (d *Dispatcher) Up(pos fyne.Position, id int) {
	defer func() {
		delete(d.downAt, id)
		delete(d.downPos, id)
		delete(d.delta, id)
	}()
	if d.dragging != nil {
		ev := &fyne.DragEvent{Dragged: d.delta[id]}
		moved := d.dragStart.Subtract(d.dragging.(fyne.CanvasObject).Position())
		ev.Position = pos.Subtract(d.dragOffset).Add(moved)
		ev.AbsolutePosition = pos
		wid := d.dragging
		d.dragging = nil
		if t := d.touched[id]; t != nil {
			t.TouchCancel(&mobile.TouchEvent{PointEvent: fyne.PointEvent{AbsolutePosition: pos}})
			delete(d.touched, id)
		}
		if math.Abs(float64(ev.Dragged.DX)) <= glideEnd && math.Abs(float64(ev.Dragged.DY)) <= glideEnd {
			wid.DragEnd()
			return
		}
		d.startGlide(wid, *ev)
		return
	}

	held := d.now().Sub(d.downAt[id])
	co, objPos := d.find(pos, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case fyne.Tappable, fyne.SecondaryTappable, mobile.Touchable, fyne.DoubleTappable:
			return true
		}
		return false
	})
	if wid, ok := co.(mobile.Touchable); ok {
		wid.TouchUp(&mobile.TouchEvent{PointEvent: fyne.PointEvent{Position: objPos, AbsolutePosition: pos}})
	}
	if t := d.touched[id]; t != nil && any(t) != any(co) {
		// Lifted somewhere else than it was pressed, without a drag.
		t.TouchCancel(&mobile.TouchEvent{PointEvent: fyne.PointEvent{AbsolutePosition: pos}})
	}
	delete(d.touched, id)

	ev := &fyne.PointEvent{Position: objPos, AbsolutePosition: pos}
	if held >= secondaryDelay {
		if wid, ok := co.(fyne.SecondaryTappable); ok {
			wid.TappedSecondary(ev)
		}
		return
	}
	if wid, ok := co.(fyne.DoubleTappable); ok && co == d.lastTap && d.now().Sub(d.lastTapAt) < doubleTapWithin {
		d.lastTap = nil
		wid.DoubleTapped(ev)
		return
	}
	d.lastTap, d.lastTapAt = co, d.now()
	if wid, ok := co.(fyne.Tappable); ok {
		wid.Tapped(ev)
	}
}

// startGlide lets a drag glide on from its own goroutine.
func (d *Dispatcher) startGlide(wid fyne.Draggable, ev fyne.DragEvent) {
	stop := make(chan struct{})
	d.mu.Lock()
	d.glide = stop
	d.mu.Unlock()
	go func() {
		t := time.NewTicker(glideStep)
		defer t.Stop()
		for math.Abs(float64(ev.Dragged.DX)) > glideEnd || math.Abs(float64(ev.Dragged.DY)) > glideEnd {
			ev.Dragged.DX *= glideDecay
			ev.Dragged.DY *= glideDecay
			step := ev
			stopped := false
			d.Do(func() {
				select {
				case <-stop:
					stopped = true
				default:
					drag(wid, &step)
				}
			})
			if stopped {
				return
			}
			if d.Changed != nil {
				d.Changed()
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
		d.Do(func() {
			select {
			case <-stop:
			default:
				wid.DragEnd()
			}
		})
		d.mu.Lock()
		if d.glide == stop {
			d.glide = nil
		}
		d.mu.Unlock()
		if d.Changed != nil {
			d.Changed()
		}
	}()
}

// StopGlide stops a glide running, ending its drag. On the Fyne goroutine,
// or once it no longer runs.
func (d *Dispatcher) StopGlide() {
	d.mu.Lock()
	stop := d.glide
	d.glide = nil
	d.mu.Unlock()
	if stop != nil {
		close(stop)
	}
}

// Gliding reports whether a glide runs.
func (d *Dispatcher) Gliding() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.glide != nil
}

// find returns the topmost object at pos that matches, and pos within it:
// in the overlays first, the top one first, then in the content.
func (d *Dispatcher) find(pos fyne.Position, match func(fyne.CanvasObject) bool) (fyne.CanvasObject, fyne.Position) {
	overlays := d.c.Overlays().List()
	for i := len(overlays) - 1; i >= 0; i-- {
		if o, p := findIn(overlays[i], pos, match); o != nil {
			return o, p
		}
	}
	return findIn(d.c.Content(), pos, match)
}

// findIn walks root as the renderer paints it to find an object at pos: every visible
// object within its clip and containing pos that matches, the last one
// painted winning.
func findIn(root fyne.CanvasObject, pos fyne.Position, match func(fyne.CanvasObject) bool) (found fyne.CanvasObject, at fyne.Position) {
	render.Walk(root, func(o fyne.CanvasObject, p, clipPos fyne.Position, clipSize fyne.Size) {
		s := o.Size()
		if pos.X >= clipPos.X && pos.Y >= clipPos.Y && pos.X < clipPos.X+clipSize.Width && pos.Y < clipPos.Y+clipSize.Height &&
			pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+s.Width && pos.Y < p.Y+s.Height && match(o) {
			found, at = o, pos.Subtract(p)
		}
	})
	return found, at
}
