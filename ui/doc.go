// Package ui is the kiosk's touch screen: the home, lookup, result,
// procedures, online-services, rating and staff screens of DESIGN §4, built
// from Fyne widgets only, in Vietnamese and English (i18n.go), normal and
// large text, on 800×480 up to 1920×1080 in landscape or portrait.
//
// It never imports fyne.io/fyne/v2/app or a driver (a test enforces it), so
// it runs headless under fyne.io/fyne/v2/test with CGO_ENABLED=0; the main
// package picks the driver (embedded framebuffer or GL desktop), builds the
// window and hands it to New with the kiosk's services: Citizen for the
// citizen screens, Staff for the staff screen alone (a test holds the
// citizen screens to it).
//
// Screens are structs whose build() returns their content (as in
// fyne-io/calculator). The UI keeps each screen's state (typed code, result,
// error) apart from its widgets and rebuilds a screen when it is shown, when
// the language changes and when the text size changes: Fyne's embedded
// driver does not propagate theme changes to existing widgets.
//
// Threads: everything runs on the Fyne goroutine except the service calls
// (a lookup may take ~6 s) and the 1 s ticker. Their results come back
// through UI.post, the one place that calls fyne.DoAndWait and then
// Options.RequestFrame: on the appliance nothing draws by itself, so a
// change made from a goroutine must ask for a frame, which ui/render
// paints from the damage it finds (DESIGN §3, §12).
// A session generation counter, bumped on every idle reset, every return
// home and every new lookup, keeps a late answer off the screen.
package ui
