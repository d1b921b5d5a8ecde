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

func TestDropped(t *testing.T) {
	tt := newTouch(t, TouchOpts{})
	same(t, "dropped events lift the fingers", collect(tt,
		abs(AbsMTSlot, 0), abs(AbsMTTrackingID, 1), abs(AbsMTPositionX, 50), abs(AbsMTPositionY, 60), syn(),
		abs(AbsMTPositionX, 70), Event{Type: EvSyn, Code: SynDropped},
		abs(AbsMTPositionX, 90), abs(AbsMTTrackingID, -1), syn(), // the rest of the broken frame
		abs(AbsMTTrackingID, 2), abs(AbsMTPositionX, 5), abs(AbsMTPositionY, 6), syn(),
	), "0 down (50.0,60.0)", "0 up (50.0,60.0)", "0 down (5.0,6.0)")
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
// a corrupted file gives) to the decoders: nothing may panic, a contact
// never leaves the screen and a finger is never lifted twice.
func FuzzTouchAndKeys(f *testing.F) {
	var seed bytes.Buffer
	evs, _ := ScanEvents("ABC-123", time.Unix(1, 0))
	Encode(&seed, evs...)
	Encode(&seed, abs(AbsMTSlot, 1), abs(AbsMTTrackingID, 5), abs(AbsMTPositionX, 9999), syn(), Event{Type: EvSyn, Code: SynDropped})
	f.Add(seed.Bytes(), uint8(90))
	r := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 24*50)
	for i := range junk {
		junk[i] = byte(r.IntN(256))
	}
	f.Add(junk, uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, rot uint8) {
		tt, err := NewTouch(TouchOpts{Width: 800, Height: 480, X: Range{-10, 100}, Y: Range{0, 50}, Rotation: int(rot%4) * 90})
		if err != nil {
			t.Fatal(err)
		}
		var k Keyboard
		down := map[int]bool{}
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
			tt.Feed(e, func(c Contact) {
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
			})
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
