// Package bh1750 drives the ROHM BH1750FVI ambient light sensor over I²C.
// The kiosk reads it to follow the room's light with the screen's backlight
// (DESIGN §2).
//
// Datasheet: https://www.mouser.com/datasheet/2/348/bh1750fvi-e-186247.pdf
//
// The driver uses the one-time modes only: each SenseLight starts one
// measurement, waits the datasheet's maximum time and reads the result, and
// the chip powers itself down afterwards. A backlight needs a reading every
// few seconds at most, and a sleeping chip draws 1 µA instead of 120 µA.
//
// Units: periph's physic package has no illuminance type, so SenseLight
// returns lux as a physic.LuminousFlux, the flux falling on one square metre,
// as periph's own bh1750 driver does: 1 lx reads as 1 physic.Lumen.
//
// Quirks worth knowing:
//
//   - The chip answers at 0x23 with ADDR low (or floating, on most breakout
//     boards) and at 0x5C with ADDR high.
//   - It has no ID register and no status register. New can only check that
//     something acknowledges at the address, and a reading cannot be polled
//     for, so SenseLight waits the datasheet's maximum conversion time.
//   - Reading the result is a bare two-byte read. Writing the mode byte again
//     before reading, as some drivers do, starts a new measurement instead.
//   - The count saturates at 0xFFFF (54612 lx at the default sensitivity),
//     which direct sunlight through a window can reach. SenseLight then
//     returns the ceiling with ErrSaturated: the light is at least that
//     bright, which is an answer, not a fault.
//   - The measurement time register (MTreg, 31..254, default 69) scales the
//     sensitivity: a larger value sees dimmer light behind a dark window and
//     saturates sooner. It is kept across power-down and reset, and lost only
//     when the chip loses power.
package bh1750
