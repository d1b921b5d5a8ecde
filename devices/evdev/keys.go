package evdev

import (
	"fmt"
	"time"
)

// usKeys maps key codes to what a US layout types, without and with Shift.
var usKeys = map[uint16][2]rune{
	2: {'1', '!'}, 3: {'2', '@'}, 4: {'3', '#'}, 5: {'4', '$'}, 6: {'5', '%'},
	7: {'6', '^'}, 8: {'7', '&'}, 9: {'8', '*'}, 10: {'9', '('}, 11: {'0', ')'},
	12: {'-', '_'}, 13: {'=', '+'},
	16: {'q', 'Q'}, 17: {'w', 'W'}, 18: {'e', 'E'}, 19: {'r', 'R'}, 20: {'t', 'T'},
	21: {'y', 'Y'}, 22: {'u', 'U'}, 23: {'i', 'I'}, 24: {'o', 'O'}, 25: {'p', 'P'},
	26: {'[', '{'}, 27: {']', '}'},
	30: {'a', 'A'}, 31: {'s', 'S'}, 32: {'d', 'D'}, 33: {'f', 'F'}, 34: {'g', 'G'},
	35: {'h', 'H'}, 36: {'j', 'J'}, 37: {'k', 'K'}, 38: {'l', 'L'},
	39: {';', ':'}, 40: {'\'', '"'}, 41: {'`', '~'}, 43: {'\\', '|'},
	44: {'z', 'Z'}, 45: {'x', 'X'}, 46: {'c', 'C'}, 47: {'v', 'V'}, 48: {'b', 'B'},
	49: {'n', 'N'}, 50: {'m', 'M'},
	51: {',', '<'}, 52: {'.', '>'}, 53: {'/', '?'},
	57: {' ', ' '},
	// the keypad, as scanners set to "numeric keypad" send digits
	55: {'*', '*'}, 71: {'7', '7'}, 72: {'8', '8'}, 73: {'9', '9'}, 74: {'-', '-'},
	75: {'4', '4'}, 76: {'5', '5'}, 77: {'6', '6'}, 78: {'+', '+'},
	79: {'1', '1'}, 80: {'2', '2'}, 81: {'3', '3'}, 82: {'0', '0'}, 83: {'.', '.'},
	98: {'/', '/'},
}

// Modifiers that make a key mean something other than its character; a
// key pressed with one of them is not typed.
var otherModifiers = map[uint16]bool{
	29: true, 97: true, // Ctrl
	56: true, 100: true, // Alt, AltGr
	125: true, 126: true, // Meta
}

// DefaultGap and DefaultMaxCode are Keyboard's defaults.
const (
	// DefaultGap: a scanner types a whole code within milliseconds, so keys
	// further apart than this belong to different inputs.
	DefaultGap = 2 * time.Second
	// DefaultMaxCode bounds a code: a stranger's keyboard cannot grow the
	// buffer without end. The kiosk's codes are at most 40 characters, a
	// receipt's URL a few hundred.
	DefaultMaxCode = 512
)

// Keyboard assembles what a USB HID scanner types into codes, as a US
// keyboard layout reads the keys. It is not safe for concurrent use.
type Keyboard struct {
	// Gap drops a half-typed code when the next key comes later than this
	// after the last (by the events' times). 0 means DefaultGap.
	Gap time.Duration
	// MaxCode is the longest code kept; longer input is dropped whole at
	// Enter. 0 means DefaultMaxCode.
	MaxCode int

	buf      []rune
	overflow bool
	last     time.Time
	shift    map[uint16]bool
	mods     map[uint16]bool
	caps     bool
}

// Feed takes one event and returns the code typed when it ends one (Enter
// pressed). An empty or overlong code is not returned.
func (k *Keyboard) Feed(e Event) (code string, ok bool) {
	if e.Type != EvKey {
		return "", false
	}
	if k.shift == nil {
		k.shift, k.mods = map[uint16]bool{}, map[uint16]bool{}
	}
	switch {
	case e.Code == KeyLeftShift || e.Code == KeyRightShift:
		k.shift[e.Code] = e.Value != KeyUp
		return "", false
	case otherModifiers[e.Code]:
		k.mods[e.Code] = e.Value != KeyUp
		return "", false
	}
	// Only presses type; a held key's repeats do not, so a key resting on a
	// keyboard cannot fill the buffer.
	if e.Value != KeyDown {
		return "", false
	}
	gap := k.Gap
	if gap <= 0 {
		gap = DefaultGap
	}
	if !e.Time.IsZero() && !k.last.IsZero() && e.Time.Sub(k.last) > gap {
		k.reset()
	}
	if !e.Time.IsZero() {
		k.last = e.Time
	}
	if e.Code == KeyCapsLock {
		k.caps = !k.caps
		return "", false
	}
	if e.Code == KeyEnter || e.Code == KeyKPEnter {
		code, ok = string(k.buf), len(k.buf) > 0 && !k.overflow
		k.reset()
		return code, ok
	}
	r, known := usKeys[e.Code]
	if !known || k.modified() {
		return "", false
	}
	shifted := k.shift[KeyLeftShift] || k.shift[KeyRightShift]
	if k.caps && r[0] >= 'a' && r[0] <= 'z' {
		shifted = !shifted
	}
	c := r[0]
	if shifted {
		c = r[1]
	}
	max := k.MaxCode
	if max <= 0 {
		max = DefaultMaxCode
	}
	if len(k.buf) >= max {
		k.overflow = true
		return "", false
	}
	k.buf = append(k.buf, c)
	return "", false
}

func (k *Keyboard) modified() bool {
	for _, down := range k.mods {
		if down {
			return true
		}
	}
	return false
}

func (k *Keyboard) reset() {
	k.buf = k.buf[:0]
	k.overflow = false
}

// usKey is how a character is typed on a US keyboard.
type usKey struct {
	code  uint16
	shift bool
}

// usCodes is the inverse of usKeys for ScanEvents, without the keypad.
var usCodes = func() map[rune]usKey {
	m := map[rune]usKey{}
	for code, r := range usKeys {
		if code == 55 || code >= 71 {
			continue
		}
		if _, ok := m[r[0]]; !ok {
			m[r[0]] = usKey{code, false}
		}
		if r[1] != r[0] {
			m[r[1]] = usKey{code, true}
		}
	}
	return m
}()

// ScanEvents returns the events a USB scanner with a US layout sends for
// text and Enter, a millisecond apart from start, each key a press and a
// release and each with its SYN_REPORT; for tests and recordings. It
// refuses characters a US keyboard cannot type.
func ScanEvents(text string, start time.Time) ([]Event, error) {
	var evs []Event
	t := start
	key := func(code uint16, v int32) {
		evs = append(evs, Event{Time: t, Type: EvKey, Code: code, Value: v}, Event{Time: t, Type: EvSyn, Code: SynReport})
		t = t.Add(time.Millisecond)
	}
	for _, r := range text {
		k, ok := usCodes[r]
		if !ok {
			return nil, fmt.Errorf("evdev: %q cannot be typed on a US keyboard", r)
		}
		if k.shift {
			key(KeyLeftShift, KeyDown)
		}
		key(k.code, KeyDown)
		key(k.code, KeyUp)
		if k.shift {
			key(KeyLeftShift, KeyUp)
		}
	}
	key(KeyEnter, KeyDown)
	key(KeyEnter, KeyUp)
	return evs, nil
}
