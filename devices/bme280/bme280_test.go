package bme280

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/conn/v3/physic"
)

// words are the calibration values of the compensation example in the
// BMP280 datasheet (BST-BMP280-DS001, §3.12), whose temperature and pressure
// code the BME280 shares, plus humidity words typical of a BME280 (its
// datasheet gives no worked example for humidity).
type words struct {
	t1                             uint16
	t2, t3                         int16
	p1                             uint16
	p2, p3, p4, p5, p6, p7, p8, p9 int16
	h1                             uint8
	h2                             int16
	h3                             uint8
	h4, h5                         int16
	h6                             int8
}

var example = words{
	t1: 27504, t2: 26435, t3: -1000,
	p1: 36477, p2: -10685, p3: 3024, p4: 2855, p5: 140, p6: -7, p7: 15500, p8: -14600, p9: 6000,
	h1: 75, h2: 362, h3: 0, h4: 319, h5: 50, h6: 30,
}

// The example's raw readings: adc_T 519888 gives 25.08 °C and adc_P 415148
// gives 100653.27 Pa in the datasheet; adc_H 30000 is about 52.9 %RH with
// the humidity words above.
const (
	adcT = 519888
	adcP = 415148
	adcH = 30000
)

// registers lays the words out as the chip stores them in 0x88..0xA1 and
// 0xE1..0xE7.
func (w words) registers() (tph, h []byte) {
	tph = make([]byte, 26)
	put := func(i int, v uint16) { tph[i], tph[i+1] = byte(v), byte(v>>8) }
	put(0, w.t1)
	put(2, uint16(w.t2))
	put(4, uint16(w.t3))
	put(6, w.p1)
	for i, p := range []int16{w.p2, w.p3, w.p4, w.p5, w.p6, w.p7, w.p8, w.p9} {
		put(8+2*i, uint16(p))
	}
	tph[25] = w.h1
	h = []byte{
		byte(w.h2), byte(uint16(w.h2) >> 8),
		w.h3,
		byte(w.h4 >> 4),
		byte(w.h4&0x0F) | byte(w.h5&0x0F)<<4,
		byte(w.h5 >> 4),
		byte(w.h6),
	}
	return tph, h
}

// float is the datasheet's floating-point compensation (BME280 §8.1),
// written independently of the driver's integer code.
func (w words) float(adcT, adcP, adcH float64) (t, p, h float64) {
	v1 := (adcT/16384 - float64(w.t1)/1024) * float64(w.t2)
	v2 := (adcT/131072 - float64(w.t1)/8192) * (adcT/131072 - float64(w.t1)/8192) * float64(w.t3)
	tFine := float64(int32(v1 + v2))
	t = (v1 + v2) / 5120

	v1 = tFine/2 - 64000
	v2 = v1 * v1 * float64(w.p6) / 32768
	v2 += v1 * float64(w.p5) * 2
	v2 = v2/4 + float64(w.p4)*65536
	v1 = (float64(w.p3)*v1*v1/524288 + float64(w.p2)*v1) / 524288
	v1 = (1 + v1/32768) * float64(w.p1)
	p = 1048576 - adcP
	p = (p - v2/4096) * 6250 / v1
	v1 = float64(w.p9) * p * p / 2147483648
	v2 = p * float64(w.p8) / 32768
	p += (v1 + v2 + float64(w.p7)) / 16

	h = tFine - 76800
	h = (adcH - (float64(w.h4)*64 + float64(w.h5)/16384*h)) *
		(float64(w.h2) / 65536 * (1 + float64(w.h6)/67108864*h*(1+float64(w.h3)/67108864*h)))
	h *= 1 - float64(w.h1)*h/524288
	h = math.Max(0, math.Min(100, h))
	return t, p, h
}

// data lays raw readings out as 0xF7..0xFE.
func data(adcP, adcT, adcH uint32) []byte {
	return []byte{
		byte(adcP >> 12), byte(adcP >> 4), byte(adcP << 4),
		byte(adcT >> 12), byte(adcT >> 4), byte(adcT << 4),
		byte(adcH >> 8), byte(adcH),
	}
}

// initOps is New's traffic with the default options.
func initOps(addr uint16, tph, h []byte) []i2ctest.IO {
	return []i2ctest.IO{
		{Addr: addr, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: addr, W: []byte{0xE0, 0xB6}},
		{Addr: addr, W: []byte{0xF3}, R: []byte{0x00}},
		{Addr: addr, W: []byte{0x88}, R: tph},
		{Addr: addr, W: []byte{0xE1}, R: h},
		{Addr: addr, W: []byte{0xF2, 0x03}}, // humidity 4x
		{Addr: addr, W: []byte{0xF5, 0x00}}, // no filter
		{Addr: addr, W: []byte{0xF4, 0x6C}}, // temperature 4x, pressure 4x, sleep
	}
}

// senseOps is one Sense's traffic: forced mode, a status poll, the data.
func senseOps(addr uint16, raw []byte) []i2ctest.IO {
	return []i2ctest.IO{
		{Addr: addr, W: []byte{0xF4, 0x6D}},
		{Addr: addr, W: []byte{0xF3}, R: []byte{0x00}},
		{Addr: addr, W: []byte{0xF7}, R: raw},
	}
}

// noSleep makes the driver's waits instant and records them.
func noSleep(t *testing.T) *[]time.Duration {
	t.Helper()
	var slept []time.Duration
	old := sleep
	sleep = func(d time.Duration) { slept = append(slept, d) }
	t.Cleanup(func() { sleep = old })
	return &slept
}

func closeBus(t *testing.T, bus *i2ctest.Playback) {
	t.Helper()
	if err := bus.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSenseDatasheetExample(t *testing.T) {
	slept := noSleep(t)
	tph, h := example.registers()
	ops := initOps(Addr, tph, h)
	ops = append(ops, senseOps(Addr, data(adcP, adcT, adcH))...)
	ops = append(ops, i2ctest.IO{Addr: Addr, W: []byte{0xF4, 0x6C}})
	bus := &i2ctest.Playback{Ops: ops}
	defer closeBus(t, bus)

	d, err := New(bus, Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	var e physic.Env
	if err := d.Sense(&e); err != nil {
		t.Fatal(err)
	}
	if err := d.Halt(); err != nil {
		t.Fatal(err)
	}

	wantT, wantP, wantH := example.float(adcT, adcP, adcH)
	// The datasheet's own figures, to catch a slip in the float code too.
	if math.Abs(wantT-25.08) > 0.005 || math.Abs(wantP-100653.27) > 0.5 {
		t.Fatalf("float formulas give %.4f °C %.2f Pa, the datasheet says 25.08 °C 100653.27 Pa", wantT, wantP)
	}
	gotT := float64(e.Temperature-physic.ZeroCelsius) / float64(physic.Celsius)
	gotP := float64(e.Pressure) / float64(physic.Pascal)
	gotH := float64(e.Humidity) / float64(physic.PercentRH)
	t.Logf("integer code vs float formulas: %+.4f °C %+.3f Pa %+.4f %%RH", gotT-wantT, gotP-wantP, gotH-wantH)
	if math.Abs(gotT-wantT) > 0.01 {
		t.Errorf("temperature %s (%.4f °C), want %.4f °C", e.Temperature, gotT, wantT)
	}
	if math.Abs(gotP-wantP) > 1 {
		t.Errorf("pressure %s (%.2f Pa), want %.2f Pa", e.Pressure, gotP, wantP)
	}
	if math.Abs(gotH-wantH) > 0.05 {
		t.Errorf("humidity %s (%.3f %%RH), want %.3f %%RH", e.Humidity, gotH, wantH)
	}
	// 2 ms start-up after reset, then the 4x/4x/4x worst case of §9.1.
	want := []time.Duration{2 * time.Millisecond, 30 * time.Millisecond}
	if len(*slept) != len(want) || (*slept)[0] != want[0] || (*slept)[1] != want[1] {
		t.Errorf("slept %v, want %v", *slept, want)
	}
}

func TestAltAddrAndOptions(t *testing.T) {
	noSleep(t)
	tph, h := example.registers()
	bus := &i2ctest.Playback{Ops: []i2ctest.IO{
		{Addr: AltAddr, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: AltAddr, W: []byte{0xE0, 0xB6}},
		{Addr: AltAddr, W: []byte{0xF3}, R: []byte{0x01}}, // still copying NVM
		{Addr: AltAddr, W: []byte{0xF3}, R: []byte{0x00}},
		{Addr: AltAddr, W: []byte{0x88}, R: tph},
		{Addr: AltAddr, W: []byte{0xE1}, R: h},
		{Addr: AltAddr, W: []byte{0xF2, 0x00}},
		{Addr: AltAddr, W: []byte{0xF5, 0x10}}, // filter 16
		{Addr: AltAddr, W: []byte{0xF4, 0x20}}, // temperature 1x, no pressure
		{Addr: AltAddr, W: []byte{0xF4, 0x21}},
		{Addr: AltAddr, W: []byte{0xF3}, R: []byte{0x08}}, // still measuring
		{Addr: AltAddr, W: []byte{0xF3}, R: []byte{0x00}},
		// Skipped measurements read as their reset values.
		{Addr: AltAddr, W: []byte{0xF7}, R: data(0x80000, adcT, 0x8000)},
	}}
	defer closeBus(t, bus)
	d, err := New(bus, AltAddr, &Opts{Temperature: O1x, Filter: F16})
	if err != nil {
		t.Fatal(err)
	}
	if s := d.String(); s != "BME280{playback(119)}" {
		t.Errorf("String() = %q", s)
	}
	// Off measurements keep what the caller had.
	e := physic.Env{Pressure: 1, Humidity: 2}
	if err := d.Sense(&e); err != nil {
		t.Fatal(err)
	}
	if e.Pressure != 1 || e.Humidity != 2 {
		t.Errorf("off measurements changed: %+v", e)
	}
	if got := e.Temperature.String(); got != "25.080°C" {
		t.Errorf("temperature %s, want 25.080°C", got)
	}
}

// nack is a bus with nothing on it, as the Linux driver reports it.
type nack struct{}

func (nack) String() string                  { return "nack" }
func (nack) Tx(uint16, []byte, []byte) error { return errors.New("sysfs-i2c: remote I/O error") }
func (nack) SetSpeed(physic.Frequency) error { return nil }

func TestNewErrors(t *testing.T) {
	noSleep(t)
	good, goodH := example.registers()
	zeros, ones := make([]byte, 26), make([]byte, 26)
	for i := range ones {
		ones[i] = 0xFF
	}
	busyReset := []i2ctest.IO{
		{Addr: Addr, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: Addr, W: []byte{0xE0, 0xB6}},
	}
	for range maxPolls {
		busyReset = append(busyReset, i2ctest.IO{Addr: Addr, W: []byte{0xF3}, R: []byte{0x01}})
	}
	noP1 := example
	noP1.p1 = 0
	noP1TPH, _ := noP1.registers()

	tests := []struct {
		name string
		ops  []i2ctest.IO
		want error  // matched with errors.Is when set
		text string // a substring of the message
	}{
		{"nack", nil, nil, "bme280: reading chip ID: i2ctest: unexpected Tx()"},
		{"bmp280", []i2ctest.IO{{Addr: Addr, W: []byte{0xD0}, R: []byte{0x58}}}, nil, "bme280: chip ID 0x58 is not a BME280"},
		{"floating bus", []i2ctest.IO{{Addr: Addr, W: []byte{0xD0}, R: []byte{0xFF}}}, nil, "bme280: chip ID 0xff is not a BME280"},
		{"calibration zeros", initOps(Addr, zeros, goodH)[:5], ErrCalibration, "bme280: calibration reads all 0x00"},
		{"calibration ones", initOps(Addr, ones, goodH)[:5], ErrCalibration, "bme280: calibration reads all 0xff"},
		{"humidity calibration ones", initOps(Addr, good, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})[:5], ErrCalibration, "calibration"},
		{"dig_P1 zero", initOps(Addr, noP1TPH, goodH)[:5], ErrCalibration, "dig_P1=0"},
		{"reset never finishes", busyReset, ErrTimeout, "bme280: copying calibration after reset: status 0x01 after 20 polls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bus := &i2ctest.Playback{Ops: tt.ops, DontPanic: true}
			defer closeBus(t, bus)
			d, err := New(bus, Addr, nil)
			if err == nil {
				t.Fatalf("New() = %v, want an error", d)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
		})
	}

	t.Run("chip ID error type", func(t *testing.T) {
		bus := &i2ctest.Playback{Ops: []i2ctest.IO{{Addr: Addr, W: []byte{0xD0}, R: []byte{0x58}}}}
		defer closeBus(t, bus)
		_, err := New(bus, Addr, nil)
		var idErr *ChipIDError
		if !errors.As(err, &idErr) || idErr.ID != 0x58 {
			t.Errorf("error %v is not a *ChipIDError for 0x58", err)
		}
	})
	t.Run("bus error", func(t *testing.T) {
		_, err := New(nack{}, Addr, nil)
		if err == nil || err.Error() != "bme280: reading chip ID: sysfs-i2c: remote I/O error" {
			t.Errorf("error %v", err)
		}
	})
	t.Run("bad arguments", func(t *testing.T) {
		for _, c := range []struct {
			addr uint16
			opts Opts
		}{
			{0x40, DefaultOpts},
			{Addr, Opts{}},
			{Addr, Opts{Temperature: 6}},
			{Addr, Opts{Temperature: O1x, Humidity: 9}},
			{Addr, Opts{Temperature: O1x, Filter: 5}},
		} {
			if _, err := New(nack{}, c.addr, &c.opts); err == nil || !strings.HasPrefix(err.Error(), "bme280: ") || strings.Contains(err.Error(), "remote I/O") {
				t.Errorf("New(%#x, %+v) = %v, want an argument error", c.addr, c.opts, err)
			}
		}
	})
}

func TestSenseErrors(t *testing.T) {
	tph, h := example.registers()
	stuck := []i2ctest.IO{{Addr: Addr, W: []byte{0xF4, 0x6D}}}
	for range maxPolls {
		stuck = append(stuck, i2ctest.IO{Addr: Addr, W: []byte{0xF3}, R: []byte{0x08}})
	}
	tests := []struct {
		name string
		ops  []i2ctest.IO
		want error
		text string
	}{
		{"never completes", stuck, ErrTimeout, "bme280: measuring: status 0x08 after 20 polls"},
		{"nack", nil, nil, "bme280: starting measurement: "},
		{"too hot", senseOps(Addr, data(adcP, 0xFFFF0, adcH)), ErrOutOfRange, "bme280: temperature 187."},
		{"too cold", senseOps(Addr, data(adcP, 0x10, adcH)), ErrOutOfRange, "bme280: temperature -"},
		{"pressure too low", senseOps(Addr, data(0xFFFF0, adcT, adcH)), ErrOutOfRange, "bme280: pressure "},
		{"pressure too high", senseOps(Addr, data(0x10, adcT, adcH)), ErrOutOfRange, "bme280: pressure "},
		{"temperature not stored", senseOps(Addr, data(adcP, 0x80000, adcH)), ErrNoData, "bme280: temperature: no measurement stored"},
		{"pressure not stored", senseOps(Addr, data(0x80000, adcT, adcH)), ErrNoData, "bme280: pressure: "},
		{"humidity not stored", senseOps(Addr, data(adcP, adcT, 0x8000)), ErrNoData, "bme280: humidity: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slept := noSleep(t)
			bus := &i2ctest.Playback{Ops: append(initOps(Addr, tph, h), tt.ops...), DontPanic: true}
			defer closeBus(t, bus)
			d, err := New(bus, Addr, nil)
			if err != nil {
				t.Fatal(err)
			}
			e := physic.Env{Temperature: 1, Pressure: 2, Humidity: 3}
			err = d.Sense(&e)
			if err == nil {
				t.Fatalf("Sense() = %+v, want an error", e)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
			if e != (physic.Env{Temperature: 1, Pressure: 2, Humidity: 3}) {
				t.Errorf("a failed Sense changed the reading: %+v", e)
			}
			var total time.Duration
			for _, s := range *slept {
				total += s
			}
			if total > 100*time.Millisecond {
				t.Errorf("waited %s in all, want a bound well under 100ms", total)
			}
		})
	}
}

// Garbage that passes the uniformity check must still not panic or divide
// by zero in the compensation.
func TestCompensationNeverPanics(t *testing.T) {
	for _, raw := range []int32{0, 1, 0x7FFFF, 0xFFFFF} {
		for _, c := range []calibration{
			{t1: 1, p1: 1},
			{t1: 0xFFFF, t2: -1, t3: -1, p1: 0xFFFF, p2: -1, p3: -1, p4: -1, p5: -1, p6: -1, p7: -1, p8: -1, p9: -1, h1: 0xFF, h2: -1, h3: 0xFF, h4: -1, h5: -1, h6: -1},
			{t1: 1, t2: math.MaxInt16, t3: math.MinInt16, p1: 1, p2: math.MinInt16, p3: math.MaxInt16, p4: math.MinInt16, p6: math.MaxInt16, h2: math.MaxInt16, h6: math.MinInt8},
		} {
			_, tFine := c.temperature(raw)
			c.pressure(raw, tFine)
			if h := c.humidity(raw&0xFFFF, tFine); h > 100<<10 {
				t.Errorf("humidity %d above 100 %%RH", h)
			}
		}
	}
}

func TestHumidityCalibrationSigns(t *testing.T) {
	// dig_H4 and dig_H5 are signed 12-bit values split across 0xE4..0xE6.
	w := example
	w.h4, w.h5 = -300, -7
	tph, h := w.registers()
	c, err := newCalibration(tph, h)
	if err != nil {
		t.Fatal(err)
	}
	if c.h4 != -300 || c.h5 != -7 || c.h2 != 362 || c.h6 != 30 || c.h1 != 75 {
		t.Errorf("decoded %+v", c)
	}
}
