//go:build !noos

package main

import (
	"context"
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/ui"
	"github.com/motcua/kiosk/ui/theme"
)

// display runs the screens in a window with Fyne's GL driver: the desktop
// build for development and large HDMI panels (DESIGN §3). It returns when
// the window is closed or ctx is done.
func display(ctx context.Context, k *kiosk.Kiosk, o runOpts, log *slog.Logger) error {
	var w, h float32
	if _, err := fmt.Sscanf(o.size, "%gx%g", &w, &h); err != nil || w < 320 || h < 240 {
		return fmt.Errorf("run: --size %q is not WxH", o.size)
	}
	a := app.NewWithID("vn.motcua.kiosk")
	a.Settings().SetTheme(theme.New())
	win := a.NewWindow("Một Cửa Kiosk")
	win.Resize(fyne.NewSize(w, h))
	win.SetFullScreen(o.fullscreen)
	win.SetPadded(false)

	u := ui.New(win, k.Citizen, k.Staff, &ui.Options{
		Commune:   o.cfg.Commune,
		IdleAfter: o.cfg.Idle.ResetAfter.Duration,
		Countdown: o.cfg.Idle.Countdown.Duration,
		StaffIdle: o.cfg.Idle.StaffSignout.Duration,
		Version:   version,
		Language:  o.cfg.Language,
	})
	u.Start()
	defer u.Stop()

	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("window open", "size", o.size, "fullscreen", o.fullscreen)
	win.ShowAndRun()
	return nil
}
