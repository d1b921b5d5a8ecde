// Package pir reads a passive infrared motion sensor such as the HC-SR501
// on a GPIO input. The kiosk uses it to wake the screen and count visits
// when someone walks up (DESIGN §2).
//
// HC-SR501 datasheet: https://www.mpja.com/download/31227sc.pdf
//
// The API is periph's: New takes the pin, Motion reads it, and
// WaitForMotion and WaitForChange block for at most a timeout and hold no
// goroutine, so the caller's polling loop owns cancellation. Halt ends a
// wait in progress from another goroutine.
//
// Quirks worth knowing:
//
//   - The HC-SR501 drives its output high (3.3 V) for as long as it sees
//     motion, for at least the delay set on its "Tx" potentiometer (about 3 s
//     to 5 min), retriggered while the motion lasts when its jumper is on
//     "H". After the output falls it ignores everything for about 2.5 s.
//   - It needs up to a minute after power-up to settle, and may toggle its
//     output during that time: the first minute's motion is not to be trusted.
//   - The input is pulled down, so an unplugged sensor reads as nobody there
//     rather than as noise. A missing sensor therefore cannot be told from an
//     empty hall; the board must know from its configuration whether one is
//     fitted.
//   - A long cable picks up interference; the debounce ignores pulses shorter
//     than Opts.Debounce. A real detection lasts seconds, so a debounce of a
//     tenth of a second loses nothing.
//   - periph's GPIO drivers differ in what WaitForEdge does with a timeout of
//     0 or -1 (the character-device driver used on a Pi 5 blocks forever on 0
//     and returns at once on -1), so the driver only ever passes positive
//     timeouts, in slices short enough that Halt is seen within WaitSlice.
package pir
