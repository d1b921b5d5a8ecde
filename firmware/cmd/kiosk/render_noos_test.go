package main

import (
	"image"
	"testing"

	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

// TestApplianceRotated runs the appliance on a portrait panel turned 90°
// (a landscape picture): the frame goes to the panel turned, and a touch
// on the glass where the lookup tile shows presses it, so frames and
// touches turn together. Only the rectangles repainted reach the panel,
// turned as well.
func TestApplianceRotated(t *testing.T) {
	const pw, ph = 480, 800 // the panel; the picture is 800×480
	a := startApplianceWith(t, pw, ph, "[display]\nrotation = 90\n")
	home := a.waitFrame("the home screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	tiles, tile := pixels(home, kiosktheme.Primary)
	// Panel (x, y) shows picture (y, pw-1-x).
	px, py := tile.Y, pw-1-tile.X
	if px < 0 || px >= 800 || py < 0 || py >= 480 {
		t.Fatalf("the tile at panel %v is off the picture: (%d, %d)", tile, px, py)
	}
	// A file's touch ranges are the picture's, read on the panel's axes
	// (evdev.Touch.Map): raw x runs down the picture, raw y across it.
	a.tap((480-py)*800/480, px*480/800)
	a.waitFrame("the lookup screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return changed(home, img) > pw*ph/10 && n != tiles
	})
}
