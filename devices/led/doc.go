// Package led drives a status LED on a GPIO output with the kiosk's
// patterns (firmware.Pattern): off, on, slow blink (1 Hz), fast blink (4 Hz)
// and heartbeat (two short pulses a second). The kiosk has four of them:
// heartbeat, network, portal and fault (DESIGN §2); the board maps
// firmware.Indicator names to Devs.
//
// A blinking pattern runs on one goroutine per LED, started by Set and
// stopped by the next Set or by Halt, which leaves the LED off. Steady
// patterns need no goroutine, so an LED that is on or off costs nothing.
//
// Quirks worth knowing:
//
//   - The driver takes a gpio.PinOut, the narrowest interface that can light
//     an LED, and drives it with plain levels; it never uses PWM, which only
//     a few of the Pi's pins have.
//   - An LED wired from 3.3 V to the pin through its resistor lights when the
//     pin is low: set Opts.ActiveLow.
//   - Setting the pattern already showing changes nothing, so a caller may
//     set it on every tick of its loop without the blink stuttering.
package led
