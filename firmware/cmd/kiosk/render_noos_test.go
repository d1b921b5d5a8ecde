package main

import (
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/motcua/kiosk/devices/evdev"
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

// touchPath sends one finger's path: down at the first point, moves
// through the rest, up at the last, in screen pixels.
func (a *appliance) touchPath(pts ...image.Point) {
	a.t.Helper()
	syn := evdev.Event{Type: evdev.EvSyn, Code: evdev.SynReport}
	abs := func(c uint16, v int) evdev.Event { return evdev.Event{Type: evdev.EvAbs, Code: c, Value: int32(v)} }
	evs := []evdev.Event{abs(evdev.AbsMTSlot, 0), abs(evdev.AbsMTTrackingID, 7)}
	for _, p := range pts {
		evs = append(evs, abs(evdev.AbsMTPositionX, p.X), abs(evdev.AbsMTPositionY, p.Y), syn)
	}
	evs = append(evs, abs(evdev.AbsMTTrackingID, -1), syn)
	if err := evdev.Encode(a.touch, evs...); err != nil {
		a.t.Fatal(err)
	}
}

// TestApplianceDragScrolls opens the civil-status procedures (eight of
// them: more than the screen holds) and drags the list up with a finger
// that lands on one of them: the list scrolls, and the procedure under the
// finger is not opened (its page would show a QR code).
func TestApplianceDragScrolls(t *testing.T) {
	const w, h = 800, 480
	a := startAppliance(t, w, h)
	home := a.waitFrame("the home screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	a.tap(598, 201) // the procedures tile, right of the lookup tile
	fields := a.waitFrame("the procedure fields", func(img *image.NRGBA) bool { return changed(home, img) > w*h/10 })
	time.Sleep(300 * time.Millisecond)
	fields = a.frame()
	a.tap(201, 375) // "Hộ tịch (8)", the third row's first
	a.waitFrame("the civil-status procedures", func(img *image.NRGBA) bool { return changed(fields, img) > w*h/20 })
	time.Sleep(500 * time.Millisecond)
	list := a.frame()

	var path []image.Point
	for y := 440; y >= 200; y -= 12 {
		path = append(path, image.Pt(400, y))
	}
	a.touchPath(path...)
	time.Sleep(2 * time.Second) // the glide
	after := a.frame()
	moved := 0
	for y := 160; y < 470; y++ {
		for x := 10; x < 790; x++ {
			if list.NRGBAAt(x, y) != after.NRGBAAt(x, y) {
				moved++
			}
		}
	}
	if moved < 10000 {
		t.Errorf("the drag changed %d pixels of the list; want it scrolled", moved)
	}
	if black, _ := pixels(after, color.Black); black > 2000 {
		t.Errorf("%d black pixels after the drag: a procedure's QR code, opened by the drag", black)
	}
}
