package bme280

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/physic"
)

// The two addresses the chip can answer at, chosen by its SDO pin.
const (
	Addr    uint16 = 0x76 // SDO to ground, as on most breakout boards
	AltAddr uint16 = 0x77 // SDO to VDDIO
)

// Oversampling is how many samples the chip averages for one reading. More
// samples mean less noise and a longer conversion.
type Oversampling uint8

// Oversampling settings, as encoded in ctrl_hum and ctrl_meas.
const (
	Off  Oversampling = 0 // skip this measurement
	O1x  Oversampling = 1
	O2x  Oversampling = 2
	O4x  Oversampling = 3
	O8x  Oversampling = 4
	O16x Oversampling = 5
)

func (o Oversampling) String() string {
	if o == Off {
		return "off"
	}
	if o > O16x {
		return fmt.Sprintf("Oversampling(%d)", uint8(o))
	}
	return fmt.Sprintf("%dx", o.samples())
}

// samples is the number of samples averaged, 0 when skipped.
func (o Oversampling) samples() int {
	if o == Off {
		return 0
	}
	return 1 << (o - 1)
}

// Filter is the IIR filter coefficient applied to temperature and pressure.
// In forced mode it smooths across Sense calls, so it only helps when Sense
// is called regularly.
type Filter uint8

// Filter coefficients, as encoded in config.
const (
	NoFilter Filter = 0
	F2       Filter = 1
	F4       Filter = 2
	F8       Filter = 3
	F16      Filter = 4
)

// Opts holds the measurement settings.
type Opts struct {
	Temperature Oversampling // must not be Off: every compensation needs it
	Pressure    Oversampling // Off leaves Env.Pressure untouched
	Humidity    Oversampling // Off leaves Env.Humidity untouched
	Filter      Filter
}

// DefaultOpts trades a 30 ms conversion for low noise; an enclosure changes
// far slower than that.
var DefaultOpts = Opts{
	Temperature: O4x,
	Pressure:    O4x,
	Humidity:    O4x,
	Filter:      NoFilter,
}

// Sentinel errors; the returned errors wrap them with details.
var (
	// ErrCalibration means the calibration data read from the chip cannot be
	// right (all 0x00 or all 0xFF, or a zero divisor).
	ErrCalibration = errors.New("bad calibration data")
	// ErrTimeout means the chip stayed busy longer than the datasheet allows.
	ErrTimeout = errors.New("chip stayed busy")
	// ErrNoData means a data register still held its reset value.
	ErrNoData = errors.New("no measurement stored")
	// ErrOutOfRange means a compensated value lies outside the chip's
	// operating range (-40..85 °C, 300..1100 hPa), which in practice means a
	// broken chip or a corrupted read.
	ErrOutOfRange = errors.New("out of range")
)

// ChipIDError is returned by New when the device at the address is not a
// BME280 (a BMP280 answers 0x58, a BMP180 0x55).
type ChipIDError struct {
	ID byte
}

func (e *ChipIDError) Error() string {
	return fmt.Sprintf("bme280: chip ID 0x%02x is not a BME280", e.ID)
}

// Registers and values from datasheet §5.
const (
	regCalib1   = 0x88 // 0x88..0xA1, 26 bytes
	regChipID   = 0xD0
	regReset    = 0xE0
	regCalib2   = 0xE1 // 0xE1..0xE7, 7 bytes
	regCtrlHum  = 0xF2
	regStatus   = 0xF3
	regCtrlMeas = 0xF4
	regConfig   = 0xF5
	regData     = 0xF7 // 0xF7..0xFE, 8 bytes

	chipID       = 0x60
	resetCommand = 0xB6

	statusMeasuring = 1 << 3
	statusImUpdate  = 1 << 0

	modeSleep  = 0
	modeForced = 1

	// Reset values left in the data registers when nothing was stored.
	skippedTP = 0x80000
	skippedH  = 0x8000
)

// Waits. The datasheet gives the worst cases, so the polls after them are a
// margin for a slow clock, bounded so that a stuck chip becomes an error
// instead of a hang.
const (
	startupTime  = 2 * time.Millisecond
	pollInterval = time.Millisecond
	maxPolls     = 20
)

// sleep is replaced in tests so they neither wait nor depend on timing.
var sleep = time.Sleep

// Dev is a BME280 on an I²C bus.
type Dev struct {
	d    i2c.Dev
	opts Opts
	meas byte // ctrl_meas without the mode bits
	wait time.Duration

	mu  sync.Mutex // one transaction sequence at a time
	cal calibration
}

// New checks that a BME280 answers at addr (Addr or AltAddr), resets it,
// reads its calibration and configures it with opts (nil means
// DefaultOpts). The chip is left asleep until the first Sense.
//
// When nothing answers, the bus's error is returned wrapped; the caller
// should treat that as a missing part.
func New(bus i2c.Bus, addr uint16, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if addr != Addr && addr != AltAddr {
		return nil, fmt.Errorf("bme280: address %#x is neither %#x nor %#x", addr, Addr, AltAddr)
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	d := &Dev{
		d:    i2c.Dev{Bus: bus, Addr: addr},
		opts: *opts,
		meas: byte(opts.Temperature)<<5 | byte(opts.Pressure)<<2,
		wait: opts.measureTime(),
	}
	if err := d.init(); err != nil {
		return nil, err
	}
	return d, nil
}

func (o *Opts) validate() error {
	if o.Temperature == Off {
		return errors.New("bme280: temperature oversampling cannot be off: pressure and humidity need it")
	}
	for _, v := range []Oversampling{o.Temperature, o.Pressure, o.Humidity} {
		if v > O16x {
			return fmt.Errorf("bme280: invalid oversampling %d", uint8(v))
		}
	}
	if o.Filter > F16 {
		return fmt.Errorf("bme280: invalid filter %d", uint8(o.Filter))
	}
	return nil
}

// measureTime is the maximum conversion time of datasheet §9.1.
func (o *Opts) measureTime() time.Duration {
	us := 1250 + 2300*o.Temperature.samples()
	if o.Pressure != Off {
		us += 2300*o.Pressure.samples() + 575
	}
	if o.Humidity != Off {
		us += 2300*o.Humidity.samples() + 575
	}
	return time.Duration(us) * time.Microsecond
}

func (d *Dev) init() error {
	var id [1]byte
	if err := d.readReg(regChipID, id[:]); err != nil {
		return fmt.Errorf("bme280: reading chip ID: %w", err)
	}
	if id[0] != chipID {
		return &ChipIDError{ID: id[0]}
	}
	// A reset puts the chip in a known state whatever a previous run or a
	// brown-out left behind, and reloads the calibration from its NVM.
	if err := d.writeReg(regReset, resetCommand); err != nil {
		return fmt.Errorf("bme280: reset: %w", err)
	}
	sleep(startupTime)
	if err := d.waitStatus(statusImUpdate); err != nil {
		return fmt.Errorf("bme280: copying calibration after reset: %w", err)
	}
	var tph [26]byte
	if err := d.readReg(regCalib1, tph[:]); err != nil {
		return fmt.Errorf("bme280: reading calibration: %w", err)
	}
	var h [7]byte
	if err := d.readReg(regCalib2, h[:]); err != nil {
		return fmt.Errorf("bme280: reading calibration: %w", err)
	}
	cal, err := newCalibration(tph[:], h[:])
	if err != nil {
		return fmt.Errorf("bme280: %w", err)
	}
	d.cal = cal
	// config may only be written in sleep mode, which a reset guarantees.
	if err := d.writeReg(regCtrlHum, byte(d.opts.Humidity)); err != nil {
		return fmt.Errorf("bme280: configuring: %w", err)
	}
	if err := d.writeReg(regConfig, byte(d.opts.Filter)<<2); err != nil {
		return fmt.Errorf("bme280: configuring: %w", err)
	}
	if err := d.writeReg(regCtrlMeas, d.meas|modeSleep); err != nil {
		return fmt.Errorf("bme280: configuring: %w", err)
	}
	return nil
}

// Sense takes one forced-mode measurement and fills e. Measurements turned
// off in Opts are left untouched, as periph's physic.SenseEnv documents.
func (d *Dev) Sense(e *physic.Env) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.writeReg(regCtrlMeas, d.meas|modeForced); err != nil {
		return fmt.Errorf("bme280: starting measurement: %w", err)
	}
	sleep(d.wait)
	if err := d.waitStatus(statusMeasuring); err != nil {
		return fmt.Errorf("bme280: measuring: %w", err)
	}
	// One burst read: the chip shadows the data registers during a burst,
	// so the three values come from the same conversion (datasheet §4).
	var buf [8]byte
	if err := d.readReg(regData, buf[:]); err != nil {
		return fmt.Errorf("bme280: reading data: %w", err)
	}
	pRaw := int32(buf[0])<<12 | int32(buf[1])<<4 | int32(buf[2])>>4
	tRaw := int32(buf[3])<<12 | int32(buf[4])<<4 | int32(buf[5])>>4
	hRaw := int32(buf[6])<<8 | int32(buf[7])

	if tRaw == skippedTP {
		return fmt.Errorf("bme280: temperature: %w", ErrNoData)
	}
	t, tFine := d.cal.temperature(tRaw)
	temp := physic.Temperature(t)*10*physic.MilliCelsius + physic.ZeroCelsius
	if t < -4000 || t > 8500 {
		return fmt.Errorf("bme280: temperature %s: %w", temp, ErrOutOfRange)
	}

	var press physic.Pressure
	if d.opts.Pressure != Off {
		if pRaw == skippedTP {
			return fmt.Errorf("bme280: pressure: %w", ErrNoData)
		}
		p, ok := d.cal.pressure(pRaw, tFine)
		if !ok {
			return fmt.Errorf("bme280: pressure: %w", ErrCalibration)
		}
		// p is Pa in Q24.8. Checking the range before converting keeps a
		// wild value from overflowing into a plausible one.
		if p < 300*100<<8 || p > 1100*100<<8 {
			return fmt.Errorf("bme280: pressure %d Pa: %w", p>>8, ErrOutOfRange)
		}
		// 1/256 Pa = 3906.25 µPa.
		press = physic.Pressure(p) * 15625 * physic.MicroPascal / 4
	}

	var hum physic.RelativeHumidity
	if d.opts.Humidity != Off {
		if hRaw == skippedH {
			return fmt.Errorf("bme280: humidity: %w", ErrNoData)
		}
		// h is %RH in Q22.10, already clamped to 0..100 %RH by the
		// datasheet's code.
		h := d.cal.humidity(hRaw, tFine)
		hum = physic.RelativeHumidity(int64(h) * int64(physic.PercentRH) / 1024)
	}

	e.Temperature = temp
	if d.opts.Pressure != Off {
		e.Pressure = press
	}
	if d.opts.Humidity != Off {
		e.Humidity = hum
	}
	return nil
}

// Halt puts the chip to sleep. In forced mode it already sleeps between
// measurements, so Halt is a guarantee for shutdown more than a saving; it
// waits for a Sense in progress. Sense may be called again afterwards.
func (d *Dev) Halt() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.writeReg(regCtrlMeas, d.meas|modeSleep); err != nil {
		return fmt.Errorf("bme280: halt: %w", err)
	}
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("BME280{%s}", &d.d)
}

// waitStatus polls the status register until the bits in mask clear, a
// bounded number of times.
func (d *Dev) waitStatus(mask byte) error {
	var s [1]byte
	for i := 0; ; i++ {
		if err := d.readReg(regStatus, s[:]); err != nil {
			return err
		}
		if s[0]&mask == 0 {
			return nil
		}
		if i == maxPolls-1 {
			return fmt.Errorf("status 0x%02x after %d polls: %w", s[0], maxPolls, ErrTimeout)
		}
		sleep(pollInterval)
	}
}

func (d *Dev) readReg(reg byte, b []byte) error {
	return d.d.Tx([]byte{reg}, b)
}

func (d *Dev) writeReg(reg, v byte) error {
	return d.d.Tx([]byte{reg, v}, nil)
}

// calibration holds the trimming words of datasheet table 16.
type calibration struct {
	t1         uint16
	t2, t3     int16
	p1         uint16
	p2, p3, p4 int16
	p5, p6, p7 int16
	p8, p9     int16
	h1, h3     uint8
	h2, h4, h5 int16
	h6         int8
}

// newCalibration decodes 0x88..0xA1 (tph) and 0xE1..0xE7 (h).
func newCalibration(tph, h []byte) (calibration, error) {
	if uniform(tph) || uniform(h) {
		return calibration{}, fmt.Errorf("calibration reads all 0x%02x: %w", tph[0], ErrCalibration)
	}
	le := func(i int) uint16 { return uint16(tph[i]) | uint16(tph[i+1])<<8 }
	c := calibration{
		t1: le(0),
		t2: int16(le(2)),
		t3: int16(le(4)),
		p1: le(6),
		p2: int16(le(8)),
		p3: int16(le(10)),
		p4: int16(le(12)),
		p5: int16(le(14)),
		p6: int16(le(16)),
		p7: int16(le(18)),
		p8: int16(le(20)),
		p9: int16(le(22)),
		// tph[24] (0xA0) is unused.
		h1: tph[25],
		h2: int16(uint16(h[0]) | uint16(h[1])<<8),
		h3: h[2],
		h4: int16(int8(h[3]))<<4 | int16(h[4]&0x0F),
		h5: int16(int8(h[5]))<<4 | int16(h[4]>>4),
		h6: int8(h[6]),
	}
	// Both are divisors, directly or through var1 in the pressure code.
	if c.t1 == 0 || c.p1 == 0 {
		return calibration{}, fmt.Errorf("dig_T1=%d dig_P1=%d: %w", c.t1, c.p1, ErrCalibration)
	}
	return c, nil
}

// uniform reports whether every byte is 0x00 or every byte is 0xFF.
func uniform(b []byte) bool {
	if b[0] != 0x00 && b[0] != 0xFF {
		return false
	}
	for _, v := range b[1:] {
		if v != b[0] {
			return false
		}
	}
	return true
}

// temperature returns °C in hundredths and t_fine (datasheet §4.2.3).
func (c *calibration) temperature(raw int32) (int32, int32) {
	v1 := ((raw>>3 - int32(c.t1)<<1) * int32(c.t2)) >> 11
	v2 := ((((raw>>4 - int32(c.t1)) * (raw>>4 - int32(c.t1))) >> 12) * int32(c.t3)) >> 14
	tFine := v1 + v2
	return (tFine*5 + 128) >> 8, tFine
}

// pressure returns Pa in Q24.8 (datasheet §4.2.3, 64-bit version). ok is
// false where the datasheet's code would divide by zero. Unlike the
// datasheet's code it does not cast to uint32, so that a corrupt reading
// shows as out of range instead of wrapping round into a plausible one.
func (c *calibration) pressure(raw, tFine int32) (p int64, ok bool) {
	v1 := int64(tFine) - 128000
	v2 := v1 * v1 * int64(c.p6)
	v2 += (v1 * int64(c.p5)) << 17
	v2 += int64(c.p4) << 35
	v1 = (v1*v1*int64(c.p3))>>8 + (v1*int64(c.p2))<<12
	v1 = ((int64(1)<<47 + v1) * int64(c.p1)) >> 33
	if v1 == 0 {
		return 0, false
	}
	q := int64(1048576 - raw)
	q = ((q<<31 - v2) * 3125) / v1
	v1 = (int64(c.p9) * (q >> 13) * (q >> 13)) >> 25
	v2 = (int64(c.p8) * q) >> 19
	return (q+v1+v2)>>8 + int64(c.p7)<<4, true
}

// humidity returns %RH in Q22.10 (datasheet §4.2.3). The datasheet's one
// expression is split in steps because Go gives * and >> the same
// precedence, unlike C.
func (c *calibration) humidity(raw, tFine int32) uint32 {
	x := tFine - 76800
	a := (raw<<14 - int32(c.h4)<<20 - int32(c.h5)*x + 16384) >> 15
	b := (x * int32(c.h6)) >> 10
	b = (b * ((x*int32(c.h3))>>11 + 32768)) >> 10
	b = ((b+2097152)*int32(c.h2) + 8192) >> 14
	x = a * b
	x -= ((((x >> 15) * (x >> 15)) >> 7) * int32(c.h1)) >> 4
	x = max(x, 0)
	x = min(x, 419430400)
	return uint32(x >> 12)
}
