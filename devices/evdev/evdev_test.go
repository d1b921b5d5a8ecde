package evdev

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func syn() Event                  { return Event{Type: EvSyn, Code: SynReport} }
func abs(c uint16, v int32) Event { return Event{Type: EvAbs, Code: c, Value: v} }
func key(c uint16, v int32) Event { return Event{Type: EvKey, Code: c, Value: v} }

func TestDecoderLayouts(t *testing.T) {
	at := time.Unix(1730790000, 123456000)
	want := []Event{
		{Time: at, Type: EvAbs, Code: AbsMTPositionX, Value: 400},
		{Time: at, Type: EvAbs, Code: AbsMTTrackingID, Value: -1},
		{Time: at, Type: EvSyn, Code: SynReport},
	}
	var b64 bytes.Buffer
	if err := Encode(&b64, want...); err != nil {
		t.Fatal(err)
	}
	if b64.Len() != 3*Record64 {
		t.Fatalf("%d bytes for 3 records", b64.Len())
	}
	// The same events as 32-bit ARM records.
	var b32 []byte
	for _, e := range want {
		b32 = binary.LittleEndian.AppendUint32(b32, uint32(e.Time.Unix()))
		b32 = binary.LittleEndian.AppendUint32(b32, uint32(e.Time.Nanosecond()/1000))
		b32 = binary.LittleEndian.AppendUint16(b32, e.Type)
		b32 = binary.LittleEndian.AppendUint16(b32, e.Code)
		b32 = binary.LittleEndian.AppendUint32(b32, uint32(e.Value))
	}
	for name, d := range map[string]*Decoder{
		"64":          NewDecoder(bytes.NewReader(b64.Bytes()), Record64),
		"32":          NewDecoder(bytes.NewReader(b32), Record32),
		"64 trickled": NewDecoder(iotest.OneByteReader(bytes.NewReader(b64.Bytes())), Record64),
		"32 halves":   NewDecoder(iotest.HalfReader(bytes.NewReader(b32)), Record32),
		"64 data+EOF": NewDecoder(iotest.DataErrReader(bytes.NewReader(b64.Bytes())), Record64),
	} {
		for i, w := range want {
			e, err := d.Next()
			if err != nil {
				t.Fatalf("%s: event %d: %v", name, i, err)
			}
			if !e.Time.Equal(w.Time) || e.Type != w.Type || e.Code != w.Code || e.Value != w.Value {
				t.Fatalf("%s: event %d = %v, want %v", name, i, e, w)
			}
		}
		if _, err := d.Next(); err != io.EOF {
			t.Fatalf("%s: after the last record: %v", name, err)
		}
	}
	// A stream cut inside a record.
	d := NewDecoder(bytes.NewReader(b64.Bytes()[:Record64+10]), Record64)
	d.Next()
	if _, err := d.Next(); !errors.Is(err, ErrShortRecord) {
		t.Fatalf("cut record: %v", err)
	}
	// A read error is passed on.
	d = NewDecoder(iotest.ErrReader(errors.New("boom")), Record64)
	if _, err := d.Next(); err == nil || err.Error() != "boom" {
		t.Fatalf("read error: %v", err)
	}
	// Zero time stays zero.
	if e, _ := NewDecoder(bytes.NewReader(AppendEvent(nil, syn())), Record64).Next(); !e.Time.IsZero() {
		t.Fatalf("zero time read back as %v", e.Time)
	}
}

// collect feeds evs to t and returns the contacts as strings.
func collect(t *Touch, evs ...Event) []string {
	var out []string
	for _, e := range evs {
		t.Feed(e, func(c Contact) { out = append(out, c.String()) })
	}
	return out
}

func newTouch(t *testing.T, o TouchOpts) *Touch {
	t.Helper()
	if o.Width == 0 {
		o.Width, o.Height = 800, 480
	}
	if o.X == (Range{}) {
		o.X, o.Y = Range{0, 800}, Range{0, 480}
	}
	tt, err := NewTouch(o)
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

func same(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestProtocolB replays what the Pi's official 7" display (rpi-ft5406,
// protocol B) sends for a tap, a two-finger touch and a drag: positions in
// slots, fingers told apart by tracking IDs, legacy single-touch events
// mixed in.
func TestProtocolB(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	same(t, "tap", collect(tt,
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 7), abs(AbsMTPositionX, 100), abs(AbsMTPositionY, 200),
		key(BtnTouch, 1), abs(AbsX, 100), abs(AbsY, 200), syn(),
		abs(AbsMTTrackingID, -1), key(BtnTouch, 0), syn(),
	), "0 down (100.0,200.0)", "0 up (100.0,200.0)")

	same(t, "two fingers and a drag", collect(tt,
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 8), abs(AbsMTPositionX, 10), abs(AbsMTPositionY, 20),
		abs(AbsMTSlot, 1), abs(AbsMTTrackingID, 9), abs(AbsMTPositionX, 500), abs(AbsMTPositionY, 300), syn(),
		// only slot 1 moves; the driver leaves the slot selected
		abs(AbsMTPositionX, 520), syn(),
		abs(AbsMTSlot, 0), abs(AbsMTPositionY, 25), abs(AbsMTSlot, 1), abs(AbsMTTrackingID, -1), syn(),
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, -1), syn(),
	),
		"0 down (10.0,20.0)", "1 down (500.0,300.0)",
		"1 move (520.0,300.0)",
		"1 up (520.0,300.0)", "0 move (10.0,25.0)",
		"0 up (10.0,25.0)")

	same(t, "a slot taken by a new finger in one frame", collect(tt,
		abs(AbsMTSlot, 2), abs(AbsMTTrackingID, 10), abs(AbsMTPositionX, 1), abs(AbsMTPositionY, 1), syn(),
		abs(AbsMTTrackingID, 11), abs(AbsMTPositionX, 700), abs(AbsMTPositionY, 400), syn(),
		abs(AbsMTTrackingID, 11), abs(AbsMTPositionX, 710), syn(), // the same ID again is a move
		abs(AbsMTTrackingID, -1), syn(),
	),
		"2 down (1.0,1.0)",
		"2 up (1.0,1.0)", "2 down (700.0,400.0)",
		"2 move (710.0,400.0)",
		"2 up (710.0,400.0)")

	same(t, "a touch and lift within one frame", collect(tt,
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 12), abs(AbsMTPositionX, 300), abs(AbsMTPositionY, 300),
		abs(AbsMTTrackingID, -1), syn(),
	), "0 down (300.0,300.0)", "0 up (300.0,300.0)")

	same(t, "single-touch events before the first multi-touch one", collect(newTouch(t, TouchOpts{}),
		key(BtnTouch, 1), abs(AbsX, 40), abs(AbsY, 30), syn(),
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 40), abs(AbsMTPositionY, 30), abs(AbsX, 40), syn(),
		abs(AbsMTTrackingID, -1), key(BtnTouch, 0), syn(),
	), "0 down (40.0,30.0)", "0 up (40.0,30.0)", "0 down (40.0,30.0)", "0 up (40.0,30.0)")

	same(t, "slots out of range and a lift of nothing", collect(tt,
		abs(AbsMTSlot, MaxSlots), abs(AbsMTTrackingID, 13), abs(AbsMTPositionX, 3), syn(),
		abs(AbsMTSlot, -1), abs(AbsMTTrackingID, 14), syn(),
		abs(AbsMTSlot, 4), abs(AbsMTTrackingID, -1), abs(AbsMTPositionX, 9), syn(),
	))
}

func TestContactTime(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	at := time.Unix(1730790000, 5000)
	var got []Contact
	for _, e := range []Event{abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 1), {Time: at, Type: EvSyn, Code: SynReport}} {
		tt.Feed(e, func(c Contact) { got = append(got, c) })
	}
	if len(got) != 1 || !got[0].Time.Equal(at) {
		t.Fatalf("contacts %v, want one at %v", got, at)
	}
}

// TestDroppedWithoutState: a Touch that cannot read its device's state (a
// file or FIFO) lifts every finger at SYN_DROPPED and ignores the rest of
// the frame.
func TestDroppedWithoutState(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	same(t, "dropped events lift the fingers", collect(tt,
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 50), abs(AbsMTPositionY, 60), syn(),
		abs(AbsMTPositionX, 70), Event{Type: EvSyn, Code: SynDropped},
		abs(AbsMTPositionX, 90), abs(AbsMTTrackingID, -1), syn(), // the rest of the broken frame
		abs(AbsMTTrackingID, 2), abs(AbsMTPositionX, 5), abs(AbsMTPositionY, 6), syn(),
	), "0 down (50.0,60.0)", "0 up (50.0,60.0)", "0 down (5.0,6.0)")
}

var dropped = Event{Type: EvSyn, Code: SynDropped}

// TestResync: after SYN_DROPPED a Touch ignores events up to the next
// SYN_REPORT, then reads the device's state and reports only how it differs
// from what was reported: lifts first, then touches and moves in slot
// order. Each case starts from two frames on the panel (before), loses
// events (lost: what comes with SYN_DROPPED, up to and including the next
// SYN_REPORT), and goes on (after).
func TestResync(t *testing.T) {
	// Fingers in slots 0 and 1; the driver leaves slot 1 selected.
	two := []Event{
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 50), abs(AbsMTPositionY, 60),
		abs(AbsMTSlot, 1), abs(AbsMTTrackingID, 2), abs(AbsMTPositionX, 500), abs(AbsMTPositionY, 300), syn(),
	}
	// A frame cut short: slot 0 selected and moving.
	cut := []Event{abs(AbsMTSlot, 0), abs(AbsMTPositionX, 70), dropped, abs(AbsMTPositionX, 90), syn()}
	empty := SlotState{TrackingID: -1}
	one := []Event{key(BtnTouch, 1), abs(AbsX, 100), abs(AbsY, 200), syn()}

	for _, tc := range []struct {
		name                string
		before, lost, after []Event
		state               State
		err                 error
		want                []string // from the SYN_DROPPED on
	}{{
		name:   "fingers held still: nothing, and the cut frame is forgotten",
		before: two, lost: cut,
		state: State{Slot: 1, Slots: []SlotState{{1, 50, 60}, {2, 500, 300}, empty}},
		// slot 0's X is the device's, not the cut frame's 70 or 90
		after: []Event{abs(AbsMTSlot, 0), abs(AbsMTPositionY, 65), syn()},
		want:  []string{"0 move (50.0,65.0)"},
	}, {
		name:   "a finger held and moved: a move",
		before: two, lost: cut,
		state: State{Slot: 1, Slots: []SlotState{{1, 80, 90}, {2, 500, 300}}},
		want:  []string{"0 move (80.0,90.0)"},
	}, {
		name:   "a finger lifted: up where it was last reported",
		before: two,
		lost:   []Event{abs(AbsMTPositionX, 510), dropped, syn()},
		state:  State{Slot: 1, Slots: []SlotState{{1, 50, 60}, {-1, 520, 300}}},
		after:  []Event{abs(AbsMTTrackingID, 3), abs(AbsMTPositionY, 310), syn()},
		// the new finger in slot 1 is where the device left the slot
		want: []string{"1 up (500.0,300.0)", "1 down (520.0,310.0)"},
	}, {
		name:   "a new finger: down",
		before: two, lost: cut,
		state: State{Slot: 2, Slots: []SlotState{{1, 50, 60}, {2, 500, 300}, {3, 700, 400}}},
		after: []Event{abs(AbsMTTrackingID, -1), syn()},
		want:  []string{"2 down (700.0,400.0)", "2 up (700.0,400.0)"},
	}, {
		name:   "slots reused with new tracking IDs: up then down, lifts first",
		before: two,
		// the cut frame already gave slot 0 the new ID
		lost:  []Event{abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 4), dropped, syn()},
		state: State{Slot: 1, Slots: []SlotState{{4, 10, 20}, {5, 600, 350}}},
		want: []string{"0 up (50.0,60.0)", "1 up (500.0,300.0)",
			"0 down (10.0,20.0)", "1 down (600.0,350.0)"},
	}, {
		name:   "the selected slot restored",
		before: two,
		// the cut frame selected slot 0 and the lost events went back to 1
		lost:  []Event{abs(AbsMTSlot, 0), dropped, abs(AbsMTSlot, 1), syn()},
		state: State{Slot: 1, Slots: []SlotState{{1, 50, 60}, {2, 500, 300}}},
		after: []Event{abs(AbsMTPositionX, 530), syn()},
		want:  []string{"1 move (530.0,300.0)"},
	}, {
		name:   "single touch held and moved",
		before: one,
		lost:   []Event{abs(AbsX, 120), dropped, key(BtnTouch, 0), syn()},
		state:  State{Touching: true, X: 150, Y: 200},
		after:  []Event{abs(AbsY, 250), syn(), key(BtnTouch, 0), syn()},
		want:   []string{"0 move (150.0,200.0)", "0 move (150.0,250.0)", "0 up (150.0,250.0)"},
	}, {
		name:   "single touch held still",
		before: one, lost: []Event{dropped, syn()},
		state: State{Touching: true, X: 100, Y: 200},
	}, {
		name:   "single touch lifted",
		before: one, lost: []Event{dropped, syn()},
		state: State{X: 300, Y: 400},
		after: []Event{key(BtnTouch, 1), syn()},
		want:  []string{"0 up (100.0,200.0)", "0 down (300.0,400.0)"},
	}, {
		name:   "slots where single touch was seen: a multi-touch device",
		before: one, lost: []Event{dropped, syn()},
		state: State{Slots: []SlotState{{1, 300, 400}}, Touching: true, X: 300, Y: 400},
		after: []Event{abs(AbsMTPositionX, 310), abs(AbsX, 310), syn()},
		want:  []string{"0 up (100.0,200.0)", "0 down (300.0,400.0)", "0 move (310.0,400.0)"},
	}, {
		name:  "single touch pressed",
		lost:  []Event{dropped, syn()},
		state: State{Touching: true, X: 300, Y: 400},
		want:  []string{"0 down (300.0,400.0)"},
	}, {
		name:   "the state unreadable: every finger lifts",
		before: two, lost: cut,
		state: State{Slot: 1, Slots: []SlotState{{1, 50, 60}, {2, 500, 300}}},
		err:   errors.New("ENODEV"),
		after: []Event{abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 6), abs(AbsMTPositionX, 5), abs(AbsMTPositionY, 6), syn()},
		want:  []string{"0 up (50.0,60.0)", "1 up (500.0,300.0)", "0 down (5.0,6.0)"},
	}, {
		name:   "no slots: no fingers",
		before: two, lost: cut,
		state: State{Touching: true, X: 50, Y: 60},
		want:  []string{"0 up (50.0,60.0)", "1 up (500.0,300.0)"},
	}, {
		name:   "protocol A has no slots: every finger lifts",
		before: []Event{abs(AbsMTPositionX, 10), abs(AbsMTPositionY, 10), {Type: EvSyn, Code: SynMTReport}, syn()},
		lost:   []Event{dropped, syn()},
		// even a state that looks like the same finger
		state: State{Slots: []SlotState{{0, 10, 10}}},
		after: []Event{abs(AbsMTPositionX, 10), abs(AbsMTPositionY, 10), {Type: EvSyn, Code: SynMTReport}, syn()},
		want:  []string{"0 up (10.0,10.0)", "0 down (10.0,10.0)"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			tt := newTouch(t, TouchOpts{})
			reads := 0
			tt.SetResync(func() (State, error) { reads++; return tc.state, tc.err })
			collect(tt, tc.before...)
			got := collect(tt, tc.lost...)
			if reads != 1 {
				t.Errorf("state read %d times, want once", reads)
			}
			got = append(got, collect(tt, tc.after...)...)
			same(t, tc.name, got, tc.want...)
		})
	}
}

// TestResyncTime: the contacts a resync reports carry the time of the
// SYN_REPORT that ends the lost events.
func TestResyncTime(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	tt.SetResync(func() (State, error) { return State{Slots: []SlotState{{1, 5, 5}}}, nil })
	at := time.Unix(1730790000, 7000)
	var got []Contact
	for _, e := range []Event{dropped, {Time: at, Type: EvSyn, Code: SynReport}} {
		tt.Feed(e, func(c Contact) { got = append(got, c) })
	}
	if len(got) != 1 || got[0].Phase != Down || !got[0].Time.Equal(at) {
		t.Fatalf("contacts %v, want one down at %v", got, at)
	}
}

// TestSingleTouch replays a resistive panel (ads7846): ABS_X, ABS_Y and
// BTN_TOUCH, with pressure, on a 12-bit range.
func TestSingleTouch(t *testing.T) {
	tt := newTouch(t, TouchOpts{X: Range{0, 4095}, Y: Range{0, 4095}})
	same(t, "press, drag, release", collect(tt,
		key(BtnTouch, 1), abs(AbsX, 2048), abs(AbsY, 1024), abs(AbsPressure, 200), syn(),
		abs(AbsX, 3072), syn(),
		abs(AbsPressure, 180), syn(), // no move
		key(BtnTouch, 0), abs(AbsPressure, 0), syn(),
		abs(AbsX, 100), syn(), // hovering is nothing
		key(BtnTouch, 1), key(BtnTouch, 0), syn(), // a tap inside one frame
		key(BtnTouch, 1), syn(),
		key(BtnTouch, 0), key(BtnTouch, 1), syn(), // lifted and touched again
	),
		"0 down (400.1,120.0)", "0 move (600.1,120.0)", "0 up (600.1,120.0)",
		"0 down (19.5,120.0)", "0 up (19.5,120.0)",
		"0 down (19.5,120.0)", "0 up (19.5,120.0)", "0 down (19.5,120.0)")
}

func TestProtocolA(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	mt := Event{Type: EvSyn, Code: SynMTReport}
	same(t, "anonymous contacts", collect(tt,
		abs(AbsMTPositionX, 10), abs(AbsMTPositionY, 10), mt, syn(),
		abs(AbsMTPositionX, 10), abs(AbsMTPositionY, 10), mt,
		abs(AbsMTPositionX, 200), abs(AbsMTPositionY, 100), mt, syn(),
		abs(AbsMTPositionX, 12), abs(AbsMTPositionY, 10), mt, syn(),
		mt, syn(),
	),
		"0 down (10.0,10.0)",
		"1 down (200.0,100.0)",
		"1 up (200.0,100.0)", "0 move (12.0,10.0)",
		"0 up (12.0,10.0)")
}

func TestMapCalibrationRotation(t *testing.T) {
	for _, tc := range []struct {
		rot    int
		cal    [6]float64
		w, h   int
		rx, ry int32
		x, y   float32
	}{
		{0, [6]float64{}, 800, 480, 200, 120, 200, 120},
		// Portrait: the panel's top-right corner is the picture's top-left.
		{90, [6]float64{}, 480, 800, 800, 0, 0, 0},
		{90, [6]float64{}, 480, 800, 0, 0, 0, 799},
		{90, [6]float64{}, 480, 800, 400, 240, 240, 400},
		{180, [6]float64{}, 800, 480, 0, 0, 799, 479},
		{270, [6]float64{}, 480, 800, 0, 480, 0, 0},
		{270, [6]float64{}, 480, 800, 200, 120, 360, 200},
		// X wired backwards.
		{0, [6]float64{-1, 0, 1, 0, 1, 0}, 800, 480, 200, 120, 600, 120},
		// Axes swapped, on a square panel.
		{0, [6]float64{0, 1, 0, 1, 0, 0}, 800, 480, 240, 400, 400, 240},
		// Off the panel is kept on the screen.
		{0, [6]float64{1, 0, -0.5, 0, 1, 0}, 800, 480, 100, 100, 0, 100},
	} {
		o := TouchOpts{Width: tc.w, Height: tc.h, Rotation: tc.rot, Calibration: tc.cal, X: Range{0, 800}, Y: Range{0, 480}}
		if tc.cal == [6]float64{0, 1, 0, 1, 0, 0} {
			o.X, o.Y = Range{0, 480}, Range{0, 800}
		}
		tt, err := NewTouch(o)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := tt.Map(tc.rx, tc.ry); x != tc.x || y != tc.y {
			t.Errorf("rot %d cal %v: (%d,%d) → (%g,%g), want (%g,%g)", tc.rot, tc.cal, tc.rx, tc.ry, x, y, tc.x, tc.y)
		}
	}
	for _, o := range []TouchOpts{
		{Width: 0, Height: 480, X: Range{0, 1}, Y: Range{0, 1}},
		{Width: 800, Height: 480, X: Range{5, 5}, Y: Range{0, 1}},
		{Width: 800, Height: 480, X: Range{0, 1}, Y: Range{0, 1}, Rotation: 45},
	} {
		if _, err := NewTouch(o); err == nil {
			t.Errorf("NewTouch(%+v) accepted", o)
		}
	}
}

func typeKeys(k *Keyboard, evs []Event) []string {
	var codes []string
	for _, e := range evs {
		if c, ok := k.Feed(e); ok {
			codes = append(codes, c)
		}
	}
	return codes
}

func TestKeyboardUSLayout(t *testing.T) {
	code := "000.00.13.H06-241105-0042"
	url := "https://dichvucong.backan.gov.vn/tra-cuu?mahoso=H06.13/2024/HT-0157&x=A_B"
	var evs []Event
	for _, s := range []string{code, url} {
		e, err := ScanEvents(s, time.Unix(1000, 0))
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e...)
	}
	var k Keyboard
	same(t, "scans", typeKeys(&k, evs), code, url)

	// Caps Lock, keypad digits and Enter, repeats, Ctrl, unknown keys.
	evs = []Event{
		key(KeyCapsLock, KeyDown), key(KeyCapsLock, KeyUp),
		key(35, KeyDown), key(35, KeyRepeat), key(35, KeyUp), // h, repeated
		key(KeyLeftShift, KeyDown), key(35, KeyDown), key(KeyLeftShift, KeyUp), // Shift with Caps Lock
		key(79, KeyDown), key(83, KeyDown), key(74, KeyDown), // keypad 1 . -
		key(29, KeyDown), key(46, KeyDown), key(29, KeyUp), // Ctrl+C types nothing
		key(59, KeyDown), // F1 types nothing
		Event{Type: EvMsc, Code: 4, Value: 0x70028},
		key(KeyKPEnter, KeyDown),
		key(KeyEnter, KeyDown), // an empty scan is nothing
	}
	same(t, "caps lock and keypad", typeKeys(&k, evs), "Hh1.-")
}

func TestKeyboardGapAndOverflow(t *testing.T) {
	k := Keyboard{Gap: time.Second, MaxCode: 5}
	at := time.Unix(2000, 0)
	first, _ := ScanEvents("abc", at)
	first = first[:len(first)-4] // without Enter: a half-typed code
	rest, _ := ScanEvents("xyz", at.Add(3*time.Second))
	same(t, "a half-typed code is dropped after the gap", typeKeys(&k, append(first, rest...)), "xyz")

	long, _ := ScanEvents("abcdefgh", at.Add(10*time.Second))
	ok, _ := ScanEvents("abcde", at.Add(20*time.Second))
	same(t, "an overlong code is dropped whole", typeKeys(&k, append(long, ok...)), "abcde")

	if _, err := ScanEvents("mã", at); err == nil {
		t.Error("ScanEvents typed a Vietnamese letter on a US keyboard")
	}
}

func TestParseSource(t *testing.T) {
	for in, want := range map[string]Source{
		"touch:/dev/input/event0":      {Kind: KindTouch, Path: "/dev/input/event0"},
		"touch:/tmp/t.fifo@4096x4096":  {Kind: KindTouch, Path: "/tmp/t.fifo", X: Range{Max: 4096}, Y: Range{Max: 4096}},
		"scanner:/dev/input/by-id/usb": {Kind: KindScanner, Path: "/dev/input/by-id/usb"},
		"touch:/odd@dir/t@800x480":     {Kind: KindTouch, Path: "/odd@dir/t", X: Range{Max: 800}, Y: Range{Max: 480}},
	} {
		got, err := ParseSource(in)
		if err != nil || got != want {
			t.Errorf("ParseSource(%q) = %+v, %v", in, got, err)
		}
		if err == nil && got.String() != in {
			t.Errorf("String() = %q, want %q", got.String(), in)
		}
	}
	for _, in := range []string{"", "touch", "touch:", "mouse:/dev/x", "touch:/x@800", "touch:/x@0x5", "touch:@1x1", "touch:/x@axb"} {
		if s, err := ParseSource(in); err == nil {
			t.Errorf("ParseSource(%q) accepted: %+v", in, s)
		}
	}
}

// FuzzTouchAndKeys feeds garbage (random records, as a confused device or
// a corrupted file gives) to the decoders, and to a Touch that resyncs
// from random device states: nothing may panic, a contact never leaves the
// screen and a finger is never lifted twice.
func FuzzTouchAndKeys(f *testing.F) {
	var seed bytes.Buffer
	evs, _ := ScanEvents("ABC-123", time.Unix(1, 0))
	Encode(&seed, evs...)
	Encode(&seed, abs(AbsMTSlot, 1), abs(AbsMTTrackingID, 5), abs(AbsMTPositionX, 9999), syn(), dropped, syn(),
		abs(AbsMTTrackingID, 2), syn(), dropped, syn(), abs(AbsMTTrackingID, -1), syn())
	f.Add(seed.Bytes(), uint8(90))
	r := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 24*50)
	for i := range junk {
		junk[i] = byte(r.IntN(256))
	}
	f.Add(junk, uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, rot uint8) {
		opts := TouchOpts{Width: 800, Height: 480, X: Range{-10, 100}, Y: Range{0, 50}, Rotation: int(rot%4) * 90}
		tt, err := NewTouch(opts)
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := NewTouch(opts)
		r := rand.New(rand.NewPCG(uint64(len(b)), uint64(rot)))
		tr.SetResync(func() (State, error) {
			if r.IntN(5) == 0 {
				return State{}, errors.New("gone")
			}
			st := State{Slot: r.Int32N(MaxSlots+3) - 1, Touching: r.IntN(2) == 0, X: r.Int32N(200) - 50, Y: r.Int32N(100) - 25}
			for range r.IntN(MaxSlots + 2) {
				st.Slots = append(st.Slots, SlotState{TrackingID: r.Int32N(5) - 1, X: r.Int32N(200) - 50, Y: r.Int32N(100) - 25})
			}
			return st, nil
		})
		var k Keyboard
		check := func(down map[int]bool) func(Contact) {
			return func(c Contact) {
				if c.X < 0 || c.X > 799 || c.Y < 0 || c.Y > 479 {
					t.Fatalf("contact %v off the screen", c)
				}
				switch c.Phase {
				case Down:
					if down[c.ID] {
						t.Fatalf("%v: finger %d already down", c, c.ID)
					}
					down[c.ID] = true
				case Move, Up:
					if !down[c.ID] {
						t.Fatalf("%v: finger %d not down", c, c.ID)
					}
					down[c.ID] = c.Phase != Up
				}
			}
		}
		emit, emitResynced := check(map[int]bool{}), check(map[int]bool{})
		d := NewDecoder(bytes.NewReader(b), Record64)
		for {
			e, err := d.Next()
			if err != nil {
				break
			}
			// Types and codes from a small set, so that garbage hits them.
			e.Type %= 5
			e.Code %= 0x40
			if e.Type == EvKey && e.Code%3 == 0 {
				e.Code = BtnTouch
			}
			tt.Feed(e, emit)
			tr.Feed(e, emitResynced)
			if code, ok := k.Feed(e); ok && (code == "" || len([]rune(code)) > DefaultMaxCode) {
				t.Fatalf("code %q", code)
			}
		}
	})
}

func ExampleScanEvents() {
	evs, _ := ScanEvents("H06-1", time.Time{})
	var k Keyboard
	for _, e := range evs {
		if code, ok := k.Feed(e); ok {
			fmt.Println(code)
		}
	}
	// Output: H06-1
}
