// Package buzzer drives an active buzzer on a GPIO output: short tones when
// a scan succeeds or fails (DESIGN §2; the buzzer is optional).
//
// Every call returns at once; the tones play on a goroutine that exists only
// while something is playing. Tones never overlap: a request made while a
// sequence plays waits for it to end and for a short silence, so two
// sequences never run together into one sound. Only the latest waiting
// request is kept, because a beep that only arrives after several newer
// scans tells the citizen nothing; the last one is the one that matters.
//
// Quirks worth knowing:
//
//   - An active buzzer has its own oscillator and sounds while its input is
//     driven, so a plain level is enough. A passive buzzer (a bare piezo or
//     speaker) needs a square wave and stays silent or clicks here.
//   - Cheap buzzer modules with a PNP transistor sound when their input is
//     low ("low level trigger"): set Opts.ActiveLow.
//   - Beep refuses tones longer than MaxBeep: a bug must not leave a public
//     hall listening to a buzzer.
package buzzer
