package main

import (
	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
	"github.com/motcua/kiosk/ui"
)

// newScreens builds the kiosk's screens in win, for both display backends.
// requestFrame is the appliance's way to have a frame drawn after a change
// made off an input event; nil in a window, which draws by itself.
func newScreens(win fyne.Window, k *kiosk.Kiosk, c settings.Config, requestFrame func()) *ui.UI {
	return ui.New(win, k.Citizen, k.Staff, screenOptions(c, requestFrame))
}

// screenOptions are the screens' options from the settings.
func screenOptions(c settings.Config, requestFrame func()) *ui.Options {
	return &ui.Options{
		Commune:      c.Commune,
		IdleAfter:    c.Idle.ResetAfter.Duration,
		Countdown:    c.Idle.Countdown.Duration,
		StaffIdle:    c.Idle.StaffSignout.Duration,
		Version:      version,
		RequestFrame: requestFrame,
		Language:     c.Language,
	}
}
