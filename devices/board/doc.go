// Package board is the kiosk's pin map: it opens the buses and pins of the
// parts on the 40-pin header (DESIGN §2), or stands in for them with a
// simulated board off a Pi.
//
// Open is the only place in the kiosk that calls periph's host.Init,
// i2creg.Open and gpioreg.ByName; the drivers in devices/ are handed the
// bus or pin, as periph's own drivers are. The wiring comes from Config
// (the settings file's [pins] table), DESIGN §2's by default.
//
// Every part may be missing, and the kiosk never fails for it:
//
//   - Open returns a board whatever it found. A part that does not answer
//     is missing, one that answers wrongly (a BMP280 sold as a BME280,
//     garbage from a floating bus) is faulty (firmware.PartMissing,
//     firmware.PartFault); DeviceHealth lists both, for staff mode, the
//     self-test and /metrics, and both light the fault LED.
//   - Run reads the sensors, and tries a failing or missing I²C sensor
//     again with a backoff that doubles up to Config.MaxBackoff, so a
//     sensor plugged in or reseated later is found without a restart.
//   - A PIR or a door switch cannot be detected (an unplugged PIR reads as
//     an empty hall, an unplugged switch as an open door), so whether they
//     are fitted is the configuration's word: an empty pin name.
//   - Off a Pi, host.Init fails and every fitted part is missing.
//
// The fault LED is lit while any fitted part is missing or faulty, the
// enclosure is too hot or too damp (Thresholds), the cabinet is open, or an
// alert raised with RaiseAlert (the ledger's trouble) stands: the same
// firmware.DeviceHealth.Trouble that staff mode reads.
//
// Adding a sensor touches its driver, this package (open it, declare it
// in declare, give its values in DeviceHealth) and firmware's tables of
// parts and quantities; the ui package's test of part and quantity words
// then names the words it still lacks. The other LEDs show
// what the kiosk sets with SetIndicator; the heartbeat LED is set by the
// main package only while the UI loop answers.
//
// Sim, the simulated board of demo mode, answers for every part with
// plausible readings and logs each LED change.
package board
