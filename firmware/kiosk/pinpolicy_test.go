package kiosk_test

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/kiosk/firmware/kiosk"
)

func TestCheckPINPolicy(t *testing.T) {
	for _, pin := range []string{"135790", "240817", "9081726354", "112358", "123457", "000001", "102938475610"} {
		if err := kiosk.CheckPINPolicy(pin); err != nil {
			t.Errorf("%s refused: %v", pin, err)
		}
	}
	for pin, why := range map[string]string{
		"2468":          "digits",
		"13579":         "digits",
		"1357902468135": "digits",
		"12345a":        "digits",
		" 135790":       "digits",
		"１３５７９０":        "digits",
		"":              "digits",
		"000000":        "repeated",
		"77777777":      "repeated",
		"123456":        "up",
		"456789":        "up",
		"890123":        "up",
		"0123456789":    "up",
		"654321":        "down",
		"210987":        "down",
		"987654321":     "down",
	} {
		err := kiosk.CheckPINPolicy(pin)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want an error saying %q", pin, err, why)
			continue
		}
		// (123456 and 654321 are the rules' own examples.)
		if len(pin) >= 4 && pin != "123456" && pin != "654321" && strings.Contains(err.Error(), pin) {
			t.Errorf("%q: the error repeats the PIN: %v", pin, err)
		}
	}
}

func TestWeakPINHash(t *testing.T) {
	hash := func(pin string) string {
		// The lowest cost: the test tries 31 PINs per hash.
		h, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	for pin, want := range map[string]string{
		kiosk.DemoPIN: "demo PIN",
		"111111":      "repeated",
		"345678":      "up",
		"901234":      "up",
		"543210":      "down",
	} {
		why, weak := kiosk.WeakPINHash(hash(pin))
		if !weak || !strings.Contains(why, want) {
			t.Errorf("hash of %s: %q, %v; want weak, %q", pin, why, weak, want)
		}
	}
	for _, pin := range []string{"135790", "1111111", "2469"} {
		if why, weak := kiosk.WeakPINHash(hash(pin)); weak {
			t.Errorf("hash of %s found weak: %s", pin, why)
		}
	}
	if !kiosk.IsDemoPINHash(hash(kiosk.DemoPIN)) || kiosk.IsDemoPINHash(hash("135790")) {
		t.Error("IsDemoPINHash")
	}
}

// BenchmarkWeakPINHash is what config check spends on a strong PIN's hash
// of the cost kioskctl provision writes: every weak PIN is tried.
func BenchmarkWeakPINHash(b *testing.B) {
	h, err := kiosk.HashPIN("135790")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, weak := kiosk.WeakPINHash(h); weak {
			b.Fatal("weak")
		}
	}
}
