// Package doorswitch reads the kiosk cabinet's tamper or door switch on a
// GPIO input: opening the cabinet raises an alert and is logged (DESIGN §2).
//
// The switch closes to ground while the door is shut; the input's pull-up
// makes it read high when the door opens. A cut wire or an unplugged switch
// therefore reads as open, which is what a tamper switch should do: whoever
// cuts the wire has opened the cabinet. The flip side is that a kiosk built
// without a switch reads as open forever, so the board must know from its
// configuration whether a switch is fitted. Opts.OpenLow serves a
// normally-open switch wired the other way round.
//
// The API is periph's: New takes the pin, Open reads it, and WaitForOpen
// and WaitForChange block for at most a timeout and hold no goroutine, so
// the caller's polling loop owns cancellation. Halt ends a wait in progress
// from another goroutine.
//
// Quirks worth knowing:
//
//   - A mechanical switch bounces for a few milliseconds; the debounce
//     (Opts.Debounce) reports one change per opening or closing.
//   - The pull-up must be the SoC's: the sysfs GPIO driver cannot set pulls,
//     and New then fails rather than read a floating input. On a Pi 3/4
//     periph drives the BCM283x registers, and on a Pi 5 the GPIO character
//     device, both of which can.
//   - periph's GPIO drivers differ in what WaitForEdge does with a timeout of
//     0 or -1 (the character-device driver used on a Pi 5 blocks forever on 0
//     and returns at once on -1), so the driver only ever passes positive
//     timeouts, in slices short enough that Halt is seen within WaitSlice.
package doorswitch
