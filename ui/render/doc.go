// Package render paints a Fyne canvas into one persistent image, repainting
// only what changed since the last frame: the appliance's renderer
// (DESIGN §3). Fyne's embedded driver captures the whole window after each
// input event with its software painter, which allocates two full-screen
// images and composites every object through image/draw's generic path;
// at 1920×1080 that is a tenth of a second for a tap, several times that
// on a Pi.
//
// # What it does
//
// Each Frame walks the canvas's visible objects with Fyne's public API
// (containers' Objects, a widget's renderer from test.WidgetRenderer, the
// canvas's overlays; fyne.Scrollable and renderers with IsClip clip their
// children, as Fyne's own walk does) into a display list: every object
// that paints, its absolute position, size, clip and the properties that
// change its pixels. The list is compared with the previous frame's, by
// object: an object that appeared, went, moved, resized or changed
// damages the pixels it covered and covers. Only the damaged rectangles
// are repainted, each from the background up with every object that
// touches it, clipped to it; Frame returns them so that the caller copies
// only those to the framebuffer.
//
// Plain rectangles (no stroke, radius or aspect) are filled directly.
// Everything else — text runs, rounded or stroked rectangles, circles,
// lines, images (the QR codes among them), rasters and gradients — is
// drawn once by Fyne's own software painter (driver/software's
// transparent canvas, holding a copy of the object placed at the same
// fraction of a pixel) and kept as a sprite in a cache keyed by the
// object's properties, bounded in bytes (least recently used first out).
// So the pixels are Fyne's, composited over the frame; what differs from
// Fyne's full capture is rounding where translucent pixels are
// composited in another order (the tests bound it).
//
// The kept image is 8-bit RGBA, not the panel's own format: Fyne
// composites in 8 bits a channel, and a 16-bit panel (RGB565) would round
// every translucent edge before the next object is composited over it,
// so the frame would no longer be Fyne's. The panel's format costs one
// conversion of the repainted rectangles only (fbdev's DrawRects, which
// turns them for a rotated panel on the way), a few thousand pixels for a
// tap.
//
// A raster can change without its properties changing (its generator
// draws what it likes), so rasters are drawn again every frame.
//
// # The hook
//
// The renderer needs no driver of its own: Fyne's embedded driver
// (app.SetDriverDetails) keeps the app, window, canvas, settings, text
// measurement and fyne.Do. That driver captures the window only after an
// input event taken from its queue (and once at start); functions given to
// fyne.Do and fyne.DoAndWait run without a capture. So the appliance puts
// no touch on the driver's queue: it dispatches touches itself on the Fyne
// goroutine inside fyne.DoAndWait (package ui/touch, Fyne's tap, drag,
// glide and long-press rules) and paints a Frame right there. A
// kiosk-owned fyne.App, Driver and Canvas set with fyne.SetCurrentApp
// would have to re-implement the canvas, its focus, overlays, theme
// changes and text measurement that Fyne's embedded driver already gets
// right, for no frame saved.
//
// # Fyne's caches
//
// Fyne's software canvas cleans Fyne's renderer and canvas caches on each
// capture (at most every ten seconds); the appliance no longer captures,
// so Frame does the same through a one-pixel transparent canvas, or the
// renderers of screens long gone would stay in memory. It cleans after
// its walk, which has just used every renderer on screen, so none of
// those has expired. A cleaning still drops the renderers of widgets not
// on screen (a hidden part, a screen the kiosk keeps to show again), and
// Fyne makes them anew when they are shown but lays a renderer out only
// when its widget's size changes: Frame lays out every widget that shows
// with another renderer than in the last frame, or its new renderer's
// objects would paint at size zero.
//
// The package draws into memory only: no devices, storage or app, so its
// tests run headless (make ui-headless). It imports driver/software, the
// one exception to the ui tree's rule against drivers (build/house):
// that package is Fyne's software painter, pure Go, and picks no driver;
// the main package still does.
package render
