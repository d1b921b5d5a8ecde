package evdev

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Phase is what a contact is doing.
type Phase int

// Contact phases.
const (
	Down Phase = iota // a finger touched
	Move              // it moved
	Up                // it lifted
)

func (p Phase) String() string {
	switch p {
	case Down:
		return "down"
	case Move:
		return "move"
	case Up:
		return "up"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// Contact is a finger on the screen, in the screen's pixels after
// rotation. ID tells fingers apart while they touch (the multi-touch slot,
// 0 on a single-touch panel).
type Contact struct {
	ID    int
	Phase Phase
	X, Y  float32
	Time  time.Time // the kernel's time of the frame that reported it
}

func (c Contact) String() string {
	return fmt.Sprintf("%d %s (%.1f,%.1f)", c.ID, c.Phase, c.X, c.Y)
}

// Range is an axis's raw values, from Min to Max.
type Range struct{ Min, Max int32 }

// TouchOpts says how a panel's raw coordinates become screen pixels.
type TouchOpts struct {
	// Width and Height are the screen's size in pixels, after rotation:
	// the size the window is laid out at.
	Width, Height int
	// X and Y are the panel's raw ranges, from the device (EVIOCGABS) or
	// the --input flag.
	X, Y Range
	// Rotation is the display's, in degrees clockwise (0, 90, 180, 270):
	// a panel glued to its display turns with it.
	Rotation int
	// Calibration is applied to the panel's coordinates scaled to 0..1,
	// before the rotation, as libinput's LIBINPUT_CALIBRATION_MATRIX:
	// x' = a·x + b·y + c, y' = d·x + e·y + f for {a, b, c, d, e, f}. The zero
	// value means none. {-1, 0, 1, 0, 1, 0} mirrors a panel wired with X
	// reversed; {0, 1, 0, 1, 0, 0} swaps the axes.
	Calibration [6]float64
}

// MaxSlots bounds the multi-touch slots followed; fingers in higher slots
// are ignored. Panels report 5 or 10.
const MaxSlots = 16

type slot struct {
	active bool  // a finger is there
	id     int32 // its tracking ID
	x, y   int32 // where it is
	rx, ry int32 // where it was last reported
	rid    int32 // and the tracking ID it touched with

	// what happened in the frame being read
	changed bool // moved
	liftOld bool // the finger there at the frame's start lifted
	started bool // a new finger touched
	liftNew bool // and lifted again
}

// Touch turns a touch screen's events into Contacts. It is not safe for
// concurrent use: one goroutine reads one device.
type Touch struct {
	opts TouchOpts
	cal  [6]float64

	slots [MaxSlots]slot
	cur   int  // the slot ABS_MT events apply to
	mt    bool // the device speaks multi-touch; ignore its single-touch events

	// protocol A: the contacts of the frame being read and of the last one
	a     bool
	aCur  pt
	aHave bool
	aPts  []pt
	aPrev int

	// single touch
	st             slot
	btn            bool // BTN_TOUCH as last sent
	btnDown, btnUp bool // sent in the frame being read

	dropping bool      // after SYN_DROPPED, until the next SYN_REPORT
	at       time.Time // the time of the frame being reported

	state func() (State, error) // reads the device's state after SYN_DROPPED
}

// State is what a touch screen holds at one moment, as the kernel keeps it:
// what Touch compares with what it reported to resynchronise after lost
// events.
type State struct {
	Slot     int32       // the slot selected (ABS_MT_SLOT)
	Slots    []SlotState // the multi-touch slots from 0; none on a single-touch panel
	Touching bool        // BTN_TOUCH (or BTN_LEFT) is down
	X, Y     int32       // ABS_X and ABS_Y
}

// SlotState is one multi-touch slot.
type SlotState struct {
	TrackingID int32 // -1 when no finger is there
	X, Y       int32 // ABS_MT_POSITION_X and _Y, kept while the slot is empty
}

type pt struct{ x, y int32 }

// NewTouch returns a Touch for a panel.
func NewTouch(opts TouchOpts) (*Touch, error) {
	if opts.Width <= 0 || opts.Height <= 0 {
		return nil, errors.New("evdev: touch needs the screen's size")
	}
	if opts.X.Max <= opts.X.Min || opts.Y.Max <= opts.Y.Min {
		return nil, fmt.Errorf("evdev: touch range x %d..%d y %d..%d is empty", opts.X.Min, opts.X.Max, opts.Y.Min, opts.Y.Max)
	}
	switch opts.Rotation {
	case 0, 90, 180, 270:
	default:
		return nil, fmt.Errorf("evdev: rotation %d is not 0, 90, 180 or 270", opts.Rotation)
	}
	t := &Touch{opts: opts, cal: opts.Calibration}
	if t.cal == [6]float64{} {
		t.cal = [6]float64{1, 0, 0, 0, 1, 0}
	}
	return t, nil
}

// SetResync gives t a way to read the device's current state, such as
// Device.State. After SYN_DROPPED, t then ignores events up to the next
// SYN_REPORT, reads the state and reports what changed since it last
// reported, as the kernel's event-codes.rst asks and libevdev does.
// Without it, or when read fails, t lifts every finger instead.
func (t *Touch) SetResync(read func() (State, error)) { t.state = read }

// Feed takes one event and calls emit for each contact that changed when
// the event ends a frame (SYN_REPORT): first the lifts, then the touches and
// moves, each in slot order.
func (t *Touch) Feed(e Event, emit func(Contact)) {
	if t.dropping {
		if e.Type == EvSyn && e.Code == SynReport {
			t.dropping = false
			if t.state != nil {
				t.at = e.Time
				t.resync(emit)
			}
		}
		return
	}
	switch e.Type {
	case EvSyn:
		t.at = e.Time
		switch e.Code {
		case SynReport:
			t.report(emit)
		case SynMTReport:
			// An empty one means no contacts.
			t.a = true
			if t.aHave {
				t.aPts = append(t.aPts, t.aCur)
			}
			t.aHave = false
		case SynDropped:
			if t.state == nil {
				t.lift(emit)
			} else {
				t.forget()
			}
			t.dropping = true
		}
	case EvKey:
		if e.Code == BtnTouch || e.Code == BtnLeft {
			t.btn = e.Value != 0
			if t.btn {
				t.btnDown = true
			} else {
				t.btnUp = true
			}
		}
	case EvAbs:
		t.abs(e.Code, e.Value)
	}
}

func (t *Touch) abs(code uint16, v int32) {
	if code >= absMTFirst && code <= absMTLast {
		t.mt = true
	}
	switch code {
	case AbsMTSlot:
		t.cur = int(v)
	case AbsMTTrackingID:
		if t.cur < 0 || t.cur >= MaxSlots {
			return
		}
		s := &t.slots[t.cur]
		switch {
		case v < 0 && s.started:
			s.liftNew = true
		case v < 0:
			s.liftOld = s.active
		case s.started && !s.liftNew && v == s.id:
			// the new finger again
		case s.active && !s.liftOld && !s.started && v == s.id:
			// the same finger again
		default:
			// a new finger, in place of any there
			s.liftOld = s.active
			s.started, s.liftNew, s.id = true, false, v
		}
	case AbsMTPositionX, AbsMTPositionY:
		// protocol A: positions belong to the contact being described,
		// which SYN_MT_REPORT ends
		if code == AbsMTPositionX {
			t.aCur.x = v
		} else {
			t.aCur.y = v
		}
		t.aHave = true
		if t.a {
			return
		}
		if t.cur < 0 || t.cur >= MaxSlots {
			return
		}
		s := &t.slots[t.cur]
		if code == AbsMTPositionX {
			s.x = v
		} else {
			s.y = v
		}
		s.changed = true
	case AbsX:
		t.st.x = v
		t.st.changed = true
	case AbsY:
		t.st.y = v
		t.st.changed = true
	}
}

// report ends a frame.
func (t *Touch) report(emit func(Contact)) {
	if t.a || t.mt {
		t.liftSingle(emit)
	}
	switch {
	case t.a:
		t.reportA(emit)
	case t.mt:
		for i := range t.slots {
			if s := &t.slots[i]; s.liftOld {
				t.emit(emit, i, s, Up)
				s.active = false
			}
		}
		for i := range t.slots {
			s := &t.slots[i]
			switch {
			case s.started:
				t.emit(emit, i, s, Down)
				s.active = true
				if s.liftNew {
					t.emit(emit, i, s, Up)
					s.active = false
				}
			case s.active && s.changed:
				t.emit(emit, i, s, Move)
			}
			s.changed, s.liftOld, s.started, s.liftNew = false, false, false, false
		}
	default:
		s := &t.st
		switch {
		case !s.active && t.btnDown:
			t.emit(emit, 0, s, Down)
			s.active = true
			if !t.btn {
				t.emit(emit, 0, s, Up)
				s.active = false
			}
		case s.active && !t.btn:
			t.emit(emit, 0, s, Up)
			s.active = false
		case s.active && t.btnUp:
			// lifted and touched again within one frame
			t.emit(emit, 0, s, Up)
			t.emit(emit, 0, s, Down)
		case s.active && s.changed:
			t.emit(emit, 0, s, Move)
		}
		t.btnDown, t.btnUp, s.changed = false, false, false
	}
}

// emit reports a slot's finger: Up where it was last reported, Down and
// Move where it is.
func (t *Touch) emit(emit func(Contact), id int, s *slot, ph Phase) {
	if ph != Up {
		s.rx, s.ry = s.x, s.y
	}
	if ph == Down {
		s.rid = s.id
	}
	emit(t.contact(id, ph, s.rx, s.ry))
}

// liftSingle lifts the finger a panel's single-touch events put down, once
// the panel turns out to speak multi-touch: from then on its slot 0 is
// that finger.
func (t *Touch) liftSingle(emit func(Contact)) {
	if t.st.active {
		t.emit(emit, 0, &t.st, Up)
		t.st.active = false
	}
}

// reportA ends a protocol A frame: contacts are told apart by their order
// only, and a frame without contacts lifts them all.
func (t *Touch) reportA(emit func(Contact)) {
	n := min(len(t.aPts), MaxSlots)
	for i := n; i < t.aPrev; i++ {
		s := &t.slots[i]
		t.emit(emit, i, s, Up)
		s.active = false
	}
	for i := range n {
		s := &t.slots[i]
		p := t.aPts[i]
		switch {
		case !s.active:
			s.x, s.y, s.active = p.x, p.y, true
			t.emit(emit, i, s, Down)
		case p.x != s.x || p.y != s.y:
			s.x, s.y = p.x, p.y
			t.emit(emit, i, s, Move)
		}
	}
	t.aPrev = n
	t.aPts = t.aPts[:0]
}

// lift lifts every finger after lost events, when the device's state
// cannot be read.
func (t *Touch) lift(emit func(Contact)) {
	for i := range t.slots {
		s := &t.slots[i]
		if s.active {
			t.emit(emit, i, s, Up)
		}
		*s = slot{}
	}
	if t.st.active {
		t.emit(emit, 0, &t.st, Up)
	}
	t.st = slot{}
	t.btn, t.btnDown, t.btnUp = false, false, false
	t.aPts, t.aPrev, t.aHave = t.aPts[:0], 0, false
}

// forget drops what the frame cut by SYN_DROPPED said so far: the device's
// state replaces it. A slot's id may have been changed by it, so the
// resync compares with rid.
func (t *Touch) forget() {
	for i := range t.slots {
		s := &t.slots[i]
		s.changed, s.liftOld, s.started, s.liftNew = false, false, false, false
	}
	t.st.changed, t.btnDown, t.btnUp = false, false, false
	t.aPts, t.aHave = t.aPts[:0], false
}

// resync reads the device's state after lost events and reports how it
// differs from what was reported last, in report's order: the fingers gone
// or replaced lift where they were last reported, then, in slot order, the
// new ones touch and those held move if they moved. It lifts every finger
// when the state cannot be read, or cannot say what t follows: protocol A's
// contacts have no slots to read.
func (t *Touch) resync(emit func(Contact)) {
	st, err := t.state()
	if err != nil || t.a {
		t.lift(emit)
		return
	}
	if len(st.Slots) > 0 {
		// a multi-touch device, even if the lost events were its first
		t.mt = true
	}
	if !t.mt {
		s := &t.st
		s.x, s.y = st.X, st.Y
		t.btn = st.Touching
		switch {
		case s.active && !st.Touching:
			t.emit(emit, 0, s, Up)
			s.active = false
		case !s.active && st.Touching:
			t.emit(emit, 0, s, Down)
			s.active = true
		case s.active && (s.x != s.rx || s.y != s.ry):
			t.emit(emit, 0, s, Move)
		}
		return
	}
	t.cur = int(st.Slot)
	t.liftSingle(emit)
	now := func(i int) SlotState {
		if i < len(st.Slots) {
			return st.Slots[i]
		}
		return SlotState{TrackingID: -1}
	}
	for i := range t.slots {
		if s, n := &t.slots[i], now(i); s.active && n.TrackingID != s.rid {
			t.emit(emit, i, s, Up)
			s.active = false
		}
	}
	for i := range t.slots {
		s, n := &t.slots[i], now(i)
		if i < len(st.Slots) {
			// The kernel sends a slot's position only when it changes:
			// keep what it holds, also for an empty slot.
			s.x, s.y = n.X, n.Y
		}
		s.id = n.TrackingID
		switch {
		case n.TrackingID < 0:
			// no finger
		case !s.active:
			t.emit(emit, i, s, Down)
			s.active = true
		case s.x != s.rx || s.y != s.ry:
			t.emit(emit, i, s, Move)
		}
	}
}

// contact maps raw coordinates to the screen.
func (t *Touch) contact(id int, ph Phase, rx, ry int32) Contact {
	x, y := t.Map(rx, ry)
	return Contact{ID: id, Phase: ph, X: x, Y: y, Time: t.at}
}

// Map turns raw panel coordinates into screen pixels: scaled to 0..1,
// calibrated, rotated, scaled to the screen and kept on it.
func (t *Touch) Map(rx, ry int32) (x, y float32) {
	o := &t.opts
	nx := float64(rx-o.X.Min) / float64(o.X.Max-o.X.Min)
	ny := float64(ry-o.Y.Min) / float64(o.Y.Max-o.Y.Min)
	c := &t.cal
	nx, ny = c[0]*nx+c[1]*ny+c[2], c[3]*nx+c[4]*ny+c[5]
	// The panel turns with the picture: undo fbdev's clockwise rotation.
	switch o.Rotation {
	case 90:
		nx, ny = ny, 1-nx
	case 180:
		nx, ny = 1-nx, 1-ny
	case 270:
		nx, ny = 1-ny, nx
	}
	return clamp(nx*float64(o.Width), o.Width), clamp(ny*float64(o.Height), o.Height)
}

func clamp(v float64, n int) float32 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	if v > float64(n-1) {
		return float32(n - 1)
	}
	return float32(v)
}
