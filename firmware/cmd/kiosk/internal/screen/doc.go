// Package screen is the appliance's screen: the kiosk's side of Fyne's
// embedded driver (driver/embedded) on a framebuffer and a touch panel.
// It paints the window with the appliance's renderer (ui/render), only the
// rectangles that changed, into a Framebuffer; it takes the touch panel's
// contacts (evdev.Contact), keeps the first finger only, joins a finger's
// moves while the screen is busy and dispatches them through ui/touch on
// the Fyne goroutine; it paints the frames the screens ask for from other
// goroutines, folding requests together; and Power blanks the screen when
// nobody is there and follows the room's light with the backlight
// (DESIGN §3, §4, §12).
//
// # Why here
//
// The screen joins Fyne's driver interface and the renderer (ui) to the
// devices' values (a touch contact, the backlight's curve), and the house
// keeps those apart: ui may import no driver and no device, devices no
// Fyne. Only firmware/cmd/kiosk knows every adapter (README), so the glue
// lives under it, in internal/ so that nothing else imports it. It opens
// nothing: the framebuffer, the panel and the backlight are interfaces
// (what fbdev.Dev and backlight.Dev offer), touches arrive as values and
// the log is handed in. The kiosk command opens the devices, sets the
// driver (app.SetDriverDetails), starts the goroutines and shuts down.
//
// # No build tag
//
// The package uses Fyne's public API only (fyne.io/fyne/v2 and the
// driver/embedded interface), ui/render and ui/touch, all pure Go, so it
// builds in the default build and its tests run headless with Fyne's test
// app (make unit), where the kiosk command's appliance wiring needs the
// noos tag. Fyne leaves its test app out of builds tagged noos, so the
// screen's tests say !noos; the code they test is the same in both.
package screen
