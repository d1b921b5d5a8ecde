package kiosk

import (
	"errors"
	"fmt"
)

// The staff PIN policy, in one place: kioskctl provision checks a PIN
// against it, kiosk config check checks what a hash lets it check
// (WeakPINHash), and a provisioned kiosk refuses the demo PIN at start.
const (
	// DemoPIN is demo mode's staff PIN, printed in the README. Only a
	// kiosk in demo mode takes it.
	DemoPIN = "2468"

	MinPINLen = 6
	MaxPINLen = 12
)

// CheckPINPolicy returns nil when pin may be a provisioned kiosk's staff
// PIN: MinPINLen to MaxPINLen digits, not the demo PIN, not one digit
// repeated, and not a run up or down (123456, 654321, 890123). Its error
// says which rule, without the PIN.
func CheckPINPolicy(pin string) error {
	if len(pin) < MinPINLen || len(pin) > MaxPINLen {
		return fmt.Errorf("must be %d to %d digits", MinPINLen, MaxPINLen)
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return fmt.Errorf("must be %d to %d digits", MinPINLen, MaxPINLen)
		}
	}
	if w := weakness(pin); w != "" {
		return errors.New("is " + w)
	}
	return nil
}

// weakness says what makes pin weak, "" when nothing does.
func weakness(pin string) string {
	if pin == DemoPIN {
		return "the demo PIN, which everyone can read in the README"
	}
	if step, ok := pinStep(pin); ok {
		switch step {
		case 0:
			return "one digit repeated"
		case 1:
			return "a run of digits up, such as 123456"
		default:
			return "a run of digits down, such as 654321"
		}
	}
	return ""
}

// pinStep reports whether every digit of pin is the one before it plus the
// same step, 0, +1 or -1 (9 and 0 are neighbours).
func pinStep(pin string) (int, bool) {
	if len(pin) < 2 {
		return 0, false
	}
	step := (int(pin[1]) - int(pin[0]) + 10) % 10
	if step != 0 && step != 1 && step != 9 {
		return 0, false
	}
	for i := 2; i < len(pin); i++ {
		if (int(pin[i])-int(pin[i-1])+10)%10 != step {
			return 0, false
		}
	}
	return step, true
}

// weakPINs are the PINs WeakPINHash tries: the demo PIN and every PIN of
// MinPINLen digits that CheckPINPolicy refuses (31 in all), so that a
// check costs at most 31 hash computations.
var weakPINs = func() []string {
	out := []string{DemoPIN}
	for first := range 10 {
		for _, step := range []int{0, 1, 9} {
			b := make([]byte, MinPINLen)
			for i := range b {
				b[i] = byte('0' + (first+i*step)%10)
			}
			out = append(out, string(b))
		}
	}
	return out
}()

// WeakPINHash reports whether hash is that of the demo PIN or of a weak PIN
// of MinPINLen digits, and says which in words. It tries each weak PIN in
// turn: a bcrypt hash of the default cost takes about 31 × 50 ms on a PC,
// several seconds on a Pi. A weak PIN of another length is not found.
func WeakPINHash(hash string) (why string, weak bool) {
	for _, pin := range weakPINs {
		if pinMatches(hash, pin) {
			return weakness(pin), true
		}
	}
	return "", false
}

// IsDemoPINHash reports whether hash is that of DemoPIN.
func IsDemoPINHash(hash string) bool { return pinMatches(hash, DemoPIN) }
