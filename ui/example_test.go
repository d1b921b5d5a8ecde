package ui_test

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/ui"
	"github.com/motcua/kiosk/ui/theme"
)

// The kiosk application's citizen and staff services are what the main
// package hands to New.
var (
	_ ui.Citizen = (*kiosk.Citizen)(nil)
	_ ui.Staff   = (*kiosk.Staff)(nil)
)

// demo is a kiosk that knows no dossier: its citizen services.
type demo struct{}

func (demo) Find(context.Context, string, string, string) (*firmware.LookupResult, error) {
	return nil, firmware.Errorf(firmware.ENOTFOUND, "demo")
}
func (demo) PortalState() firmware.PortalState   { return firmware.PortalState{} }
func (demo) PortalStatus() firmware.PortalStatus { return firmware.PortalStatus{} }
func (demo) Catalog() firmware.Catalog           { return firmware.Catalog{} }
func (demo) ViewProcedure(string, string)        {}
func (demo) Rate(context.Context, firmware.Rating, []string, string, string) error {
	return nil
}

// demoStaff is its staff mode, which no PIN opens.
type demoStaff struct{}

func (demoStaff) CheckPIN(string) error { return firmware.Errorf(firmware.EINVALID, "demo") }
func (demoStaff) Dashboard(context.Context) (firmware.Dashboard, error) {
	return firmware.Dashboard{}, nil
}
func (demoStaff) LedgerStatus() firmware.LedgerState       { return firmware.LedgerState{} }
func (demoStaff) DeviceHealth() firmware.DeviceHealth      { return firmware.DeviceHealth{} }
func (demoStaff) DeviceInfo() (string, string, []string)   { return "demo", "1.0.0", nil }
func (demoStaff) DismissLedgerAlert(context.Context) error { return nil }
func (demoStaff) ExportReport(context.Context) (string, error) {
	return "", firmware.Errorf(firmware.ENOTFOUND, "demo")
}

// The main package does the same with a real driver's app and window:
// theme first, then New and Start; on the appliance RequestFrame has a
// frame painted after changes made off an input event.
func Example() {
	a := test.NewApp() // the main package: app.New() with its driver
	a.Settings().SetTheme(theme.New())
	w := a.NewWindow("Một Cửa")
	w.Resize(fyne.NewSize(800, 480))

	u := ui.New(w, demo{}, demoStaff{}, &ui.Options{
		Commune:      "UBND xã Đồng Phúc",
		RequestFrame: func() { /* the appliance: wake the goroutine that paints a frame */ },
		Version:      "1.0.0",
	})
	u.Start()
	defer u.Stop()
	fmt.Println(w.Canvas().Size())
	// Output: {800 480}
}
