// Package bme280 drives the Bosch BME280 temperature, humidity and pressure
// sensor over I²C. The kiosk uses it to watch the inside of its cabinet
// (DESIGN §2): too hot or too damp raises an alert.
//
// Datasheet:
// https://www.bosch-sensortec.com/media/boschsensortec/downloads/datasheets/bst-bme280-ds002.pdf
//
// The driver uses forced mode only: each Sense starts one conversion, waits
// for it and reads the result, and the chip sleeps in between. An enclosure
// changes slowly, so a reading every few seconds or minutes is plenty, and a
// sleeping chip does not warm itself and skew the temperature it reports.
//
// Quirks worth knowing:
//
//   - The chip answers at 0x76 when SDO is tied to ground (most breakout
//     boards) and at 0x77 when SDO is tied to VDDIO.
//   - A BMP280 (chip ID 0x58) looks the same on the bus and shares the
//     register map but has no humidity sensor; cheap boards sold as "BME280"
//     often carry one. New refuses it with a *ChipIDError so the kiosk shows
//     the part as wrong rather than reporting 0 %RH forever.
//   - ctrl_hum (0xF2) only takes effect after the next write to ctrl_meas
//     (0xF4), so it is always written first.
//   - The calibration words live in two blocks, 0x88..0xA1 and 0xE1..0xE7;
//     dig_H4 and dig_H5 share a nibble at 0xE5 and their high bytes are
//     signed, as in Bosch's own BME280_SensorAPI.
//   - A data register still holding its reset value (0x80000 for pressure and
//     temperature, 0x8000 for humidity) means no conversion was stored; Sense
//     reports ErrNoData rather than compensating it into a plausible number.
//   - A calibration block of all 0x00 or all 0xFF means the bus read garbage
//     (a floating SDA line reads 0xFF); New refuses it with ErrCalibration
//     because the compensation would otherwise divide by zero or invent
//     values.
//
// The compensation is the integer code of datasheet §4.2.3 and §8.2: 32-bit
// for temperature and humidity, 64-bit for pressure.
package bme280
