package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

// monkeyService answers lookups at random: every status, fresh or from the
// offline cache, and every error of the contract; ratings sometimes fail.
func monkeyService(h *harness, rng *rand.Rand) {
	errs := []string{firmware.EINVALID, firmware.ENOTFOUND, firmware.ESECRETREQUIRED, firmware.ESECRETMISMATCH,
		firmware.EUNAVAILABLE, firmware.ETIMEOUT, firmware.EBADANSWER, firmware.EUNAUTHORIZED, firmware.ERATELIMITED, firmware.EINTERNAL}
	// The service runs on the UI's goroutines; its randomness is drawn on
	// the test's, ahead of time, so a seed replays the same run.
	plan := make(chan int, 1<<14)
	for range cap(plan) {
		plan <- rng.IntN(30)
	}
	next := func() int {
		select {
		case n := <-plan:
			return n
		default:
			return 0
		}
	}
	h.citizen.setLookup(func(context.Context, string, string) (*firmware.Dossier, error) {
		n := next()
		if n < len(errs) {
			return nil, firmware.Errorf(errs[n], "monkey")
		}
		d := statusDossier(firmware.Status(1 + n%10))
		if n%3 == 0 {
			d.DueAt = overdueDossier().DueAt
		}
		return d, nil
	})
}

// monkeySteps is how many random inputs TestMonkey sends.
var monkeySteps = 10000

// TestMonkey sends 10,000 random taps, keys, scans, presses and clock
// moves to the UI, answering its service calls at random, and checks that
// nothing panics and that the kiosk is home, cleared, after the idle time.
func TestMonkey(t *testing.T) {
	steps := monkeySteps
	if testing.Short() {
		steps = 1000
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	h := newHarness(t)
	monkeyService(h, rng)
	runes := []rune("0123456789ABCXYZ.-_/ệđ€ \t")
	keys := []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab, fyne.KeyEscape, fyne.KeyBackspace, fyne.KeySpace, fyne.KeyUp}
	scans := []string{testCode, "https://dichvucong.gov.vn/tra-cuu?mahoso=" + testCode, "abc", "", "H06.13/2024/HT-0157",
		string(make([]byte, 600)), "000.00.13.H06-241105-0042\n"}
	c := h.win.Canvas()

	// drain applies what the UI's goroutines posted, without waiting.
	drain := func() {
		for {
			select {
			case f := <-h.posts:
				f()
			case <-h.done:
			default:
				return
			}
		}
	}
	step, action := 0, ""
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("seed %d, step %d (%s): panic %v\n%s", seed, step, action, r, debug.Stack())
		}
	}()
	for step = range steps {
		switch n := rng.IntN(100); {
		case n < 40: // a tap on a button on screen
			var buttons []*kw.TouchButton
			h.visible(func(o fyne.CanvasObject) {
				if b, ok := o.(*kw.TouchButton); ok {
					buttons = append(buttons, b)
				}
			})
			if len(buttons) > 0 {
				b := buttons[rng.IntN(len(buttons))]
				// A change of text size changes the theme, and the test
				// app then drops every measured text: taken every time
				// it is drawn, it would make the run minutes long.
				if (b.Text == text(langVI, msgLargeOn) || b.Text == text(langEN, msgLargeOn) ||
					b.Text == text(langVI, msgLargeOff) || b.Text == text(langEN, msgLargeOff)) && rng.IntN(10) > 0 {
					break
				}
				action = "tap " + b.Text
				test.Tap(b)
			}
		case n < 65: // a keyboard's rune
			r := runes[rng.IntN(len(runes))]
			action = fmt.Sprintf("rune %q", r)
			c.OnTypedRune()(r)
		case n < 78: // a keyboard's key
			k := keys[rng.IntN(len(keys))]
			action = "key " + string(k)
			c.OnTypedKey()(&fyne.KeyEvent{Name: k})
		case n < 83: // a whole scan from the scanner device
			s := scans[rng.IntN(len(scans))]
			action = "scan"
			h.ui.scan(s)
		case n < 85: // a finger resting on the commune name
			if h.ui.current == h.ui.home && h.ui.home.press != nil {
				action = "hold the commune name"
				h.ui.home.press.TouchDown(&mobile.TouchEvent{})
				h.clock.Advance(time.Duration(rng.IntN(4000)) * time.Millisecond)
				h.ui.tick()
				h.ui.home.press.TouchUp(&mobile.TouchEvent{})
			}
		default: // time passes
			d := time.Duration(rng.IntN(15000)) * time.Millisecond
			action = "wait " + d.String()
			h.clock.Advance(d)
			h.ui.tick()
		}
		drain()
	}
	action = "idle"
	// Whatever was running finishes; then nobody touches the kiosk.
	for quiet := 0; quiet < 20; quiet++ {
		select {
		case f := <-h.posts:
			f()
			quiet = 0
		case <-h.done:
			quiet = 0
		case <-time.After(5 * time.Millisecond):
		}
	}
	h.clock.Advance(3 * time.Minute) // past the idle time and the staff sign-out
	h.ui.tick()
	drain()
	h.clock.Advance(time.Minute)
	h.ui.tick()
	u := h.ui
	if u.current != u.home || u.staffMode || u.lang != langVI || u.large || kiosktheme.IsLarge(fyne.CurrentApp().Settings().Theme()) {
		t.Fatalf("seed %d: after idle the kiosk is on %T, staff %v, lang %s, large %v", seed, u.current, u.staffMode, u.lang, u.large)
	}
	if u.lookup.code != "" || u.lookup.secret != "" || u.lookup.input != "" || u.result.d != nil ||
		u.rating.score != 0 || u.rating.dossier != "" || u.procs.code != "" || u.procs.field != "" || u.staff.pin != "" {
		t.Fatalf("seed %d: citizen state left after idle", seed)
	}
	h.wantNoText("Hoàng T. L.")
}
